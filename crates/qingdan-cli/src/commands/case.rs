//! `qingdan case verify-file`: an exported case file (案卷) checked by itself and, unless
//! offline, against the database's record.

use crate::DbArgs;
use crate::common::UserError;
use anyhow::{Result, bail};
use std::path::Path;

pub(crate) async fn case_verify_file(db: &DbArgs, file: &Path, offline: bool) -> Result<()> {
    let bytes = std::fs::read(file)
        .map_err(|e| UserError(format!("无法读取案卷文件 {}：{e}", file.display())))?;
    let v = match qingdan_export::case_file::verify_case_file(&bytes) {
        Ok(v) => v,
        Err(e) => bail!("案卷核验不通过：{e}"),
    };
    let m = &v.manifest;
    println!(
        "案卷 {}（{}）自身完整：{} 个文件的 SHA-256 与清单一致，{} 条记录的哈希逐条核验无误；清单 SHA-256 {}。",
        m.case.number,
        m.case.party,
        m.files.len(),
        v.events.len(),
        v.manifest_sha256
    );
    if offline {
        println!("（--offline：未与数据库中的审计记录核对）");
        return Ok(());
    }
    let store = db.open().await?;
    let live = store.events_for("case", &m.case.id.to_string()).await;
    store.close().await;
    let live = live?;
    for e in &v.events {
        match live.iter().find(|l| l.seq == e.seq) {
            Some(l) if l == e => {}
            Some(_) => bail!("案卷中的第 {} 号事件与{}中的记录不同", e.seq, db.describe()),
            None => bail!(
                "案卷中的第 {} 号事件不在{}中案件 {} 的记录里",
                e.seq,
                db.describe(),
                m.case.number
            ),
        }
    }
    let export = live.iter().find(|l| {
        l.action == "case.file_exported"
            && l.after
                .as_deref()
                .and_then(|a| serde_json::from_str::<serde_json::Value>(a).ok())
                .and_then(|a| {
                    a.get("manifest_sha256")
                        .and_then(|h| h.as_str().map(str::to_owned))
                })
                .is_some_and(|h| h == v.manifest_sha256)
    });
    let Some(export) = export else {
        bail!(
            "{}中没有导出此案卷的记录（清单 SHA-256 {}）：它不是本系统导出的案卷，或清单被替换",
            db.describe(),
            v.manifest_sha256
        );
    };
    println!(
        "与{}中的审计记录一致：{} 条事件逐条相同；本案卷由 {} 于 {} 导出（第 {} 号事件）。全链完整性请用 qingdan audit verify 核验。",
        db.describe(),
        v.events.len(),
        export.actor,
        export.at,
        export.seq
    );
    Ok(())
}
