//! `qingdan audit verify`: the audit chain replayed, checked against the anchor outside the
//! database, and every sealed row compared with its record.

use crate::DbArgs;
use anyhow::{Result, bail};

pub(crate) async fn audit_verify(db: &DbArgs) -> Result<()> {
    use std::io::IsTerminal;
    let (store, dir) = db.open_for_verify().await?;
    if store.anchor_dir().is_none() {
        match dir {
            Some(dir) => eprintln!(
                "注意：审计锚点目录 {} 中没有锚点，只能核对数据库内的链。",
                dir.display()
            ),
            None => eprintln!("注意：未指定审计锚点目录（--audit-dir），只能核对数据库内的链。"),
        }
    }
    let tty = std::io::stderr().is_terminal();
    let result = store
        .verify_audit(|n| {
            if tty {
                eprint!("\r已核验 {n} 条事件……");
            }
        })
        .await;
    if tty {
        eprintln!();
    }
    store.close().await;
    match result {
        Ok(v) => {
            println!("{}", qingdan_app::record::verified_summary(&v));
            Ok(())
        }
        Err(qingdan_store::VerifyError::Chain(e)) => bail!("审计链已损坏：{e}"),
        Err(qingdan_store::VerifyError::Rows(problems)) => {
            let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
            bail!(
                "审计链完整，但 {} 行业务数据与审计记录不符：\n{}",
                lines.len(),
                lines.join("\n")
            )
        }
        Err(qingdan_store::VerifyError::Anchor(e)) => bail!("审计锚点无法核对：{e}"),
        Err(qingdan_store::VerifyError::Store(e)) => Err(e.into()),
    }
}
