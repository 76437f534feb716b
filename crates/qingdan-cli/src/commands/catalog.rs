//! `qingdan catalog import|export|versions`: the responsibility list's versions.

use crate::common::{UserError, ensure_offices, now};
use crate::{DbArgs, ExportFormat};
use anyhow::{Result, bail};
use qingdan_store::NewCatalogVersion;
use std::path::Path;

pub(crate) async fn import(db: &DbArgs, file: &Path) -> Result<()> {
    let bytes = std::fs::read(file)
        .map_err(|e| UserError(format!("无法读取文件 {}：{e}", file.display())))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        UserError(format!(
            "{}：不是 UTF-8 编码的文本（第 {} 个字节起无法解码）。请另存为 UTF-8 后再导入",
            file.display(),
            e.utf8_error().valid_up_to() + 1
        ))
    })?;
    // Parse fully before touching the database: a broken list changes nothing.
    let catalog = qingdan_core::parse_any(&text)
        .map_err(|e| UserError(format!("{}：{e}；清单未导入，当前版本不变", file.display())))?;
    let store = db.open().await?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.display().to_string());
    let v = store
        .import_catalog(NewCatalogVersion {
            source_name: &name,
            source_text: &text,
            catalog: &catalog,
            imported_at: &now(),
            actor: "cli",
        })
        .await?;
    ensure_offices(&store, "cli").await?;
    let n = v.counts;
    println!(
        "已导入第 {} 版：{}，{} 项职责、{} 个工作事项、{} 个职责边界、{} 项监管制度、{} 项公共服务。",
        v.id, v.bureau, n.duties, n.items, n.boundaries, n.systems, n.services
    );
    store.close().await;
    Ok(())
}

pub(crate) async fn export(
    db: &DbArgs,
    format: ExportFormat,
    output: &Path,
    version: Option<i64>,
) -> Result<()> {
    let store = db.open().await?;
    let stored = match version {
        Some(v) => store.catalog_version(v).await?,
        None => store.current_catalog().await?,
    };
    let Some(stored) = stored else {
        store.close().await;
        match version {
            Some(v) => bail!(UserError(format!("没有第 {v} 版清单"))),
            None => bail!(UserError("数据库中还没有清单，请先导入".into())),
        }
    };
    let bytes = match format {
        ExportFormat::Json => serde_json::to_vec_pretty(&stored.catalog)?,
        ExportFormat::Xlsx => qingdan_export::catalog_xlsx(&stored.catalog)?,
    };
    std::fs::write(output, &bytes)
        .map_err(|e| UserError(format!("无法写入 {}：{e}", output.display())))?;
    println!(
        "已导出第 {} 版到 {}（{} 字节）",
        stored.info.id,
        output.display(),
        bytes.len()
    );
    store.close().await;
    Ok(())
}

pub(crate) async fn versions(db: &DbArgs) -> Result<()> {
    let store = db.open().await?;
    let current = store.current_version().await?;
    for v in store.catalog_versions().await? {
        let mark = if Some(v.id) == current { "*" } else { " " };
        println!(
            "{mark} 第 {} 版  {}  {}  {}  sha256:{}",
            v.id,
            v.imported_at,
            v.bureau,
            v.source_name,
            &v.source_sha256[..12.min(v.source_sha256.len())]
        );
    }
    store.close().await;
    Ok(())
}
