//! `qingdan draw run` and `qingdan draw verify`: verifiable random draws (双随机) over a CSV's
//! first column, and the re-run of a record.

use crate::common::UserError;
use anyhow::{Result, bail};
use std::path::Path;

fn read_ids(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| UserError(format!("无法读取 {}：{e}", path.display())))?;
    qingdan_draw::read_candidates_csv(&text)
        .map_err(|e| UserError(format!("{}：{e}", path.display())).into())
}

pub(crate) fn draw_run(
    candidates: &Path,
    count: usize,
    seed: &str,
    exclude: Option<&Path>,
    output: &Path,
) -> Result<()> {
    let ids = read_ids(candidates)?;
    let excluded = match exclude {
        Some(p) => read_ids(p)?,
        None => Vec::new(),
    };
    let record =
        qingdan_draw::draw(&ids, &excluded, count, seed).map_err(|e| UserError(e.to_string()))?;
    std::fs::write(output, record.to_json())
        .map_err(|e| UserError(format!("无法写入 {}：{e}", output.display())))?;
    println!(
        "已从 {} 个候选中抽取 {} 个（排除 {} 个），记录写入 {}；记录哈希 {}",
        record.candidate_count,
        record.selected.len(),
        record.excluded_count,
        output.display(),
        record.record_hash
    );
    for (i, id) in record.selected.iter().enumerate() {
        println!("{:>4}. {id}", i + 1);
    }
    Ok(())
}

pub(crate) fn draw_verify(record: &Path, candidates: &Path, exclude: Option<&Path>) -> Result<()> {
    let text = std::fs::read_to_string(record)
        .map_err(|e| UserError(format!("无法读取 {}：{e}", record.display())))?;
    let parsed = qingdan_draw::DrawRecord::from_json(&text)
        .map_err(|e| UserError(format!("{}：{e}", record.display())))?;
    let ids = read_ids(candidates)?;
    let excluded = match exclude {
        Some(p) => read_ids(p)?,
        None => Vec::new(),
    };
    match qingdan_draw::verify(&parsed, &ids, &excluded) {
        Ok(()) => {
            println!(
                "核验通过：用公布的种子对这 {} 个候选重新抽取，结果与记录完全一致（记录哈希 {}）",
                parsed.candidate_count, parsed.record_hash
            );
            Ok(())
        }
        Err(e) => bail!("核验不通过：{e}"),
    }
}
