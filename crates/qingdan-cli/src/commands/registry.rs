//! `qingdan registry import`: enterprises, projects or certificates from CSV (UTF-8 or GBK) or
//! Excel, with a progress line and a per-row error report.

use crate::common::{Progress, UserError, now};
use crate::{DbArgs, RegistryKind};
use anyhow::Result;
use std::path::{Path, PathBuf};

pub(crate) async fn registry_import(
    db: &DbArgs,
    kind: RegistryKind,
    file: &Path,
    errors: Option<&Path>,
    strict: bool,
) -> Result<()> {
    use qingdan_app::plans::{certificate_row, enterprise_row, project_row};
    use qingdan_registry::{Format, RowError};
    use qingdan_store::{RegistryImport, RegistryRows};
    let bytes = std::fs::read(file)
        .map_err(|e| UserError(format!("无法读取文件 {}：{e}", file.display())))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let format = Format::from_file_name(&name).unwrap_or_else(|| Format::sniff(&bytes));
    let started = std::time::Instant::now();
    let mut bar = Progress::new();
    let mut on_read = |done: usize, total: Option<usize>| {
        bar.show(|| match total {
            Some(t) => format!("读取 {done}/{t} 行……"),
            None => format!("读取 {done} 行……"),
        })
    };
    let (enterprises, projects, certificates, rejected, total): (
        Vec<_>,
        Vec<_>,
        Vec<_>,
        Vec<RowError>,
        usize,
    ) = match kind {
        RegistryKind::Enterprises => {
            let r = qingdan_registry::import_enterprises(&bytes, format, &mut on_read);
            let rows = r.accepted.iter().map(enterprise_row).collect();
            (rows, vec![], vec![], r.rejected, r.total_rows)
        }
        RegistryKind::Projects => {
            let r = qingdan_registry::import_projects(&bytes, format, &mut on_read);
            let rows = r.accepted.iter().map(project_row).collect();
            (vec![], rows, vec![], r.rejected, r.total_rows)
        }
        RegistryKind::Certificates => {
            let r = qingdan_registry::import_certificates(&bytes, format, &mut on_read);
            let rows = r.accepted.iter().map(certificate_row).collect();
            (vec![], vec![], rows, r.rejected, r.total_rows)
        }
    };
    bar.done();
    let rows = match kind {
        RegistryKind::Enterprises => RegistryRows::Enterprises(&enterprises),
        RegistryKind::Projects => RegistryRows::Projects(&projects),
        RegistryKind::Certificates => RegistryRows::Certificates(&certificates),
    };
    let bad_rows: std::collections::BTreeSet<usize> = rejected.iter().map(|e| e.row).collect();
    if !rejected.is_empty() {
        let report = errors.map(Path::to_path_buf).unwrap_or_else(|| {
            let mut p = file.as_os_str().to_owned();
            p.push(".错误报告.csv");
            PathBuf::from(p)
        });
        let mut csv = String::from("\u{feff}行,列,值,原因\r\n");
        let cell = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        for e in &rejected {
            csv.push_str(&format!(
                "{},{},{},{}\r\n",
                e.row,
                cell(&e.field),
                cell(&e.value),
                cell(&e.reason)
            ));
        }
        std::fs::write(&report, csv)
            .map_err(|e| UserError(format!("无法写入错误报告 {}：{e}", report.display())))?;
        for e in rejected.iter().take(10) {
            eprintln!("  {e}");
        }
        if rejected.len() > 10 {
            eprintln!("  ……共 {} 处问题", rejected.len());
        }
        eprintln!("逐行错误报告：{}", report.display());
        if rows.is_empty() || bad_rows.contains(&0) || strict {
            return Err(UserError(format!(
                "{} 中 {} 行有问题{}，未写入任何数据",
                name,
                bad_rows.iter().filter(|r| **r > 0).count(),
                if strict { "（--strict）" } else { "" }
            ))
            .into());
        }
    }
    let store = db.open().await?;
    let sha = qingdan_store::sha256_hex(&bytes);
    let n = rows.len();
    let mut bar = Progress::new();
    let result = store
        .import_registry(
            RegistryImport {
                file_name: &name,
                sha256: &sha,
                total_rows: total as i64,
                rejected: bad_rows.iter().filter(|r| **r > 0).count() as i64,
                actor: "cli",
                at: &now(),
            },
            rows,
            |done| bar.show(|| format!("写入 {done}/{n} 行……")),
        )
        .await;
    bar.done();
    store.close().await;
    let id = result?;
    println!(
        "已导入 {name}：读取 {total} 行，写入 {n} 行，拒收 {} 行；用时 {:.1} 秒（导入记录第 {id} 号）",
        bad_rows.iter().filter(|r| **r > 0).count(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
