//! What the commands share: the built-in list, the user's error (exit code 2), the time stamp,
//! the offices of the list, a progress line, and the rules engine with its benchmark.

use anyhow::Result;
use qingdan_store::Store;
use std::path::Path;
use std::time::Duration;

/// The list that ships with Qingdan, loaded into an empty database.
pub(crate) const DEFAULT_LIST: &str = include_str!("../../../data/seeds/anhua.txt");
/// Its name as a stored version's source.
pub(crate) const DEFAULT_LIST_NAME: &str = "安化县工业和信息化局责任清单（内置）";

/// An error the user caused (bad file, bad flag): exit code 2. Everything else exits 1.
#[derive(Debug)]
pub(crate) struct UserError(pub(crate) String);

impl std::fmt::Display for UserError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UserError {}

/// Now, as stored (UTC, to the second).
pub(crate) fn now() -> String {
    jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// Creates the offices the current list names (idempotent, audited).
pub(crate) async fn ensure_offices(store: &Store, actor: &str) -> Result<()> {
    if let Some(stored) = store.current_catalog().await? {
        let names = stored.catalog.offices();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        store.ensure_offices(&refs, actor, &now()).await?;
    }
    Ok(())
}

/// An application error as the user's error, naming the field at fault.
pub(crate) fn app_error(e: qingdan_app::AppError) -> anyhow::Error {
    let field = e.field().map(|f| format!("（{f}）")).unwrap_or_default();
    UserError(format!("{e}{field}")).into()
}

/// The rules engine, with the legal section's benchmark file when one is given.
pub(crate) fn engine(benchmark: Option<&Path>) -> Result<qingdan_rules::Engine> {
    let mut engine = qingdan_rules::Engine::default();
    if let Some(path) = benchmark {
        let text = std::fs::read_to_string(path)
            .map_err(|e| UserError(format!("无法读取裁量基准文件 {}：{e}", path.display())))?;
        engine.benchmark = qingdan_rules::discretion::Benchmark::from_json(&text)
            .map_err(|e| UserError(format!("{}：{e}", path.display())))?;
        tracing::info!(version = %engine.benchmark.version, "discretion benchmark loaded");
    }
    Ok(engine)
}

/// A progress line on a terminal, at most ten times a second.
pub(crate) struct Progress {
    tty: bool,
    last: std::time::Instant,
}

impl Progress {
    /// A progress line on standard error, shown only on a terminal.
    pub(crate) fn new() -> Progress {
        use std::io::IsTerminal;
        Progress {
            tty: std::io::stderr().is_terminal(),
            last: std::time::Instant::now(),
        }
    }

    /// Shows `text` unless the line was refreshed less than 0.1 s ago.
    pub(crate) fn show(&mut self, text: impl FnOnce() -> String) {
        if self.tty && self.last.elapsed() >= Duration::from_millis(100) {
            self.last = std::time::Instant::now();
            eprint!("\r{}\x1b[K", text());
        }
    }

    /// Clears the line.
    pub(crate) fn done(&self) {
        if self.tty {
            eprint!("\r\x1b[K");
        }
    }
}
