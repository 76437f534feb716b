//! `qingdan audit verify`: the audit chain replayed.

use crate::DbArgs;
use anyhow::{Result, bail};

pub(crate) async fn audit_verify(db: &DbArgs) -> Result<()> {
    use std::io::IsTerminal;
    let store = db.open().await?;
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
        Ok(n) => {
            println!("审计链完整：共 {n} 条事件，逐条哈希与链接均核验无误。");
            Ok(())
        }
        Err(qingdan_store::VerifyError::Chain(e)) => {
            bail!("审计链已损坏：{e}")
        }
        Err(qingdan_store::VerifyError::Store(e)) => Err(e.into()),
    }
}
