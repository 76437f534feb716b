//! The two backends every storage test runs against.
//!
//! PostgreSQL is not optional: the URL comes from `QINGDAN_TEST_DATABASE_URL` (default
//! `postgres://postgres@127.0.0.1:5432/test`) and a test fails if it cannot connect. Only an
//! explicit `QINGDAN_SKIP_POSTGRES=1` (for a laptop without PostgreSQL; never set in CI) skips
//! it, and says so on stderr.

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test harness"
)]

use qingdan_store::Store;
use std::sync::atomic::{AtomicU32, Ordering};

pub const DEFAULT_PG: &str = "postgres://postgres@127.0.0.1:5432/test";

/// A fresh, empty store per backend: a temporary SQLite file, and a new PostgreSQL schema.
pub async fn backends() -> Vec<(&'static str, Store, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Store::open_sqlite(&dir.path().join("test.db"))
        .await
        .unwrap();
    let mut out = vec![("sqlite", sqlite, Some(dir))];
    if std::env::var("QINGDAN_SKIP_POSTGRES").as_deref() == Ok("1") {
        eprintln!("QINGDAN_SKIP_POSTGRES=1: PostgreSQL backend SKIPPED");
        return out;
    }
    let url = std::env::var("QINGDAN_TEST_DATABASE_URL").unwrap_or_else(|_| DEFAULT_PG.into());
    let pg = Store::open_postgres(&url, Some(&unique_schema()))
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL at {url} is required for these tests: {e}"));
    out.push(("postgres", pg, None));
    out
}

/// A schema name unique to this process and call.
pub fn unique_schema() -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "t_{}_{}_{}",
        std::process::id(),
        nanos,
        N.fetch_add(1, Ordering::Relaxed)
    )
}
