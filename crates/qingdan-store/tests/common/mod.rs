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
use std::str::FromStr;
use std::sync::atomic::{AtomicU32, Ordering};

pub const DEFAULT_PG: &str = "postgres://postgres@127.0.0.1:5432/test";

/// A fresh, empty store per backend: a temporary SQLite file, and a new PostgreSQL schema.
pub async fn backends() -> Vec<(&'static str, Store, Option<tempfile::TempDir>)> {
    backends_with_raw()
        .await
        .into_iter()
        .map(|(name, store, dir, _)| (name, store, dir))
        .collect()
}

/// Direct access to a test database, bypassing the store (to tamper with it).
pub enum Raw {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl Raw {
    pub async fn exec(&self, sql: &'static str) {
        match self {
            Raw::Sqlite(p) => {
                sqlx::raw_sql(sql).execute(p).await.unwrap();
            }
            Raw::Postgres(p) => {
                sqlx::raw_sql(sql).execute(p).await.unwrap();
            }
        }
    }
}

/// As [`backends`], with a raw pool onto each database.
pub async fn backends_with_raw() -> Vec<(&'static str, Store, Option<tempfile::TempDir>, Raw)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("test.db");
    let sqlite = Store::open_sqlite(&path).await.unwrap();
    let raw = sqlx::SqlitePool::connect_with(
        sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&path)
            .busy_timeout(std::time::Duration::from_secs(10)),
    )
    .await
    .unwrap();
    let mut out = vec![("sqlite", sqlite, Some(dir), Raw::Sqlite(raw))];
    if std::env::var("QINGDAN_SKIP_POSTGRES").as_deref() == Ok("1") {
        eprintln!("QINGDAN_SKIP_POSTGRES=1: PostgreSQL backend SKIPPED");
        return out;
    }
    let url = std::env::var("QINGDAN_TEST_DATABASE_URL").unwrap_or_else(|_| DEFAULT_PG.into());
    let schema = unique_schema();
    let pg = Store::open_postgres(&url, Some(&schema))
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL at {url} is required for these tests: {e}"));
    let options = sqlx::postgres::PgConnectOptions::from_str(&url)
        .unwrap()
        .options([("search_path", schema.as_str())]);
    let raw = sqlx::PgPool::connect_with(options).await.unwrap();
    out.push(("postgres", pg, None, Raw::Postgres(raw)));
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
