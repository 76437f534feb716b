//! Migration checksums on both backends: every applied migration's checksum is recorded, an
//! older database (no checksums) gets them on open, and a migration edited after it was applied
//! stops the open with `StoreError::MigrationChanged` naming it.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod common;

use common::Raw;
use qingdan_store::{Store, StoreError, sha256_hex};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// One database that can be opened again and again (as a restarted process would), with a raw
/// pool onto it to read and tamper with the ledger.
struct Db {
    name: &'static str,
    target: Target,
    raw: Raw,
    _dir: Option<tempfile::TempDir>,
}

enum Target {
    Sqlite(PathBuf),
    Postgres { url: String, schema: String },
}

impl Db {
    async fn open(&self) -> Result<Store, StoreError> {
        match &self.target {
            Target::Sqlite(path) => Store::open_sqlite(path).await,
            Target::Postgres { url, schema } => Store::open_postgres(url, Some(schema)).await,
        }
    }

    /// Opens, expecting success, and closes again.
    async fn reopen(&self) {
        let store = self
            .open()
            .await
            .unwrap_or_else(|e| panic!("{}: reopening failed: {e}", self.name));
        store.close().await;
    }

    /// The ledger: (version, name, checksum) in order.
    async fn ledger(&self) -> Vec<(i64, String, Option<String>)> {
        const SQL: &str = "SELECT version, name, checksum FROM qingdan_migrations ORDER BY version";
        match &self.raw {
            Raw::Sqlite(p) => sqlx::query_as(SQL).fetch_all(p).await.unwrap(),
            Raw::Postgres(p) => sqlx::query_as(SQL).fetch_all(p).await.unwrap(),
        }
    }

    fn backend_dir(&self) -> &'static str {
        match self.target {
            Target::Sqlite(_) => "sqlite",
            Target::Postgres { .. } => "postgres",
        }
    }
}

/// A fresh database per backend, opened once by a store (so it is migrated) and closed; PostgreSQL is
/// required unless `QINGDAN_SKIP_POSTGRES=1`, as in `common::backends`.
async fn databases() -> Vec<Db> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("checksums.db");
    Store::open_sqlite(&path).await.unwrap().close().await;
    let raw = sqlx::SqlitePool::connect_with(
        sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&path)
            .busy_timeout(std::time::Duration::from_secs(10)),
    )
    .await
    .unwrap();
    let mut out = vec![Db {
        name: "sqlite",
        target: Target::Sqlite(path),
        raw: Raw::Sqlite(raw),
        _dir: Some(dir),
    }];
    if std::env::var("QINGDAN_SKIP_POSTGRES").as_deref() == Ok("1") {
        eprintln!("QINGDAN_SKIP_POSTGRES=1: PostgreSQL backend SKIPPED");
    } else {
        let url = std::env::var("QINGDAN_TEST_DATABASE_URL")
            .unwrap_or_else(|_| common::DEFAULT_PG.into());
        let schema = common::unique_schema();
        // Creates the schema; the raw pool below needs it to exist.
        let first = Store::open_postgres(&url, Some(&schema))
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL at {url} is required for these tests: {e}"));
        first.close().await;
        let options = sqlx::postgres::PgConnectOptions::from_str(&url)
            .unwrap()
            .options([("search_path", schema.as_str())]);
        let raw = sqlx::postgres::PgPoolOptions::new()
            .max_connections(2)
            .connect_with(options)
            .await
            .unwrap();
        out.push(Db {
            name: "postgres",
            target: Target::Postgres { url, schema },
            raw: Raw::Postgres(raw),
            _dir: None,
        });
    }
    out
}

/// The migration files of one backend: (version, name, expected checksum), from the files on
/// disk, independently of the runner's list.
fn files(backend: &str) -> Vec<(i64, String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(backend);
    let mut out: Vec<(i64, String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .map(|p| {
            let stem = p.file_stem().unwrap().to_str().unwrap().to_string();
            let (number, name) = stem.split_once('_').unwrap();
            let sql = std::fs::read_to_string(&p).unwrap();
            (
                number.parse().unwrap(),
                name.to_string(),
                sha256_hex(sql.replace("\r\n", "\n")),
            )
        })
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn a_fresh_database_records_every_migrations_checksum() {
    for db in databases().await {
        let name = db.name;
        let ledger = db.ledger().await;
        let files = files(db.backend_dir());
        assert!(files.len() >= 12, "{name}: {} migration files", files.len());
        assert_eq!(ledger.len(), files.len(), "{name}: one row per migration");
        assert!(
            ledger.iter().all(|(_, _, c)| c.is_some()),
            "{name}: no NULL checksum: {ledger:?}"
        );
        // Each is this backend's file's SHA-256, lowercase hex.
        let recorded: Vec<(i64, String, String)> = ledger
            .into_iter()
            .map(|(v, n, c)| (v, n, c.unwrap()))
            .collect();
        assert_eq!(recorded, files, "{name}");
        assert!(
            recorded.iter().all(|(_, _, c)| c.len() == 64
                && c.chars().all(|ch| matches!(ch, '0'..='9' | 'a'..='f'))),
            "{name}"
        );
    }
}

#[tokio::test]
async fn a_database_without_checksums_gets_them_on_open() {
    for db in databases().await {
        let name = db.name;
        let before = db.ledger().await;
        db.raw
            .exec("UPDATE qingdan_migrations SET checksum = NULL")
            .await;
        assert!(db.ledger().await.iter().all(|(_, _, c)| c.is_none()));
        db.reopen().await;
        assert_eq!(db.ledger().await, before, "{name}: filled in again");
    }
}

#[tokio::test]
async fn a_database_from_before_migration_12_is_upgraded_and_checksummed() {
    for db in databases().await {
        let name = db.name;
        let before = db.ledger().await;
        // As the build before this one left it: no migration 12, no checksum column.
        db.raw
            .exec(
                "DELETE FROM qingdan_migrations WHERE version = 12;
                 ALTER TABLE qingdan_migrations DROP COLUMN checksum;",
            )
            .await;
        db.reopen().await;
        assert_eq!(db.ledger().await, before, "{name}: upgraded and filled in");
    }
}

#[tokio::test]
async fn an_edited_migration_stops_the_open_and_is_named() {
    for db in databases().await {
        let name = db.name;
        let before = db.ledger().await;
        let real = before[8].2.clone().unwrap();
        assert_eq!(before[8].0, 9);
        // The ledger remembers different SQL for 0009 than this build has: the same as the file
        // having been edited after the migration ran.
        db.raw
            .exec(
                "UPDATE qingdan_migrations SET checksum = \
                 '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef' \
                 WHERE version = 9",
            )
            .await;
        let err = db.open().await.unwrap_err();
        match &err {
            StoreError::MigrationChanged {
                version, name: m, ..
            } => {
                assert_eq!((*version, m.as_str()), (9, "registry"), "{name}");
            }
            other => panic!("{name}: expected MigrationChanged, got {other:?}"),
        }
        let message = err.to_string();
        assert!(message.contains("0009_registry"), "{name}: {message}");
        assert!(message.contains("0123456789ab"), "{name}: {message}");
        assert!(message.contains(&real[..12]), "{name}: {message}");
        assert!(
            !message.contains(&real[..13]),
            "{name}: only 12 characters: {message}"
        );
        // Refusing wrote nothing: the recorded checksum is kept, and it fails again.
        assert_eq!(
            db.ledger().await[8].2.as_deref(),
            Some("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
            "{name}"
        );
        assert!(matches!(
            db.open().await,
            Err(StoreError::MigrationChanged { version: 9, .. })
        ));
        // Restoring the original (here: the ledger's record of it) lets it start again.
        db.raw
            .exec("UPDATE qingdan_migrations SET checksum = NULL WHERE version = 9")
            .await;
        db.reopen().await;
        assert_eq!(db.ledger().await, before, "{name}");
    }
}

#[tokio::test]
async fn an_unchanged_database_reopens_again_and_again() {
    for db in databases().await {
        let name = db.name;
        let before = db.ledger().await;
        db.reopen().await;
        db.reopen().await;
        assert_eq!(db.ledger().await, before, "{name}");
    }
}
