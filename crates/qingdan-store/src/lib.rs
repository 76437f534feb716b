//! Qingdan's storage: one API over SQLite (embedded, the default) and PostgreSQL (for
//! deployments with several stateless app processes on one database).
//!
//! Design: a [`Store`] holds either pool; each method runs the same SQL on both (runtime
//! queries with `$N` placeholders, which both accept), so the two backends cannot drift apart.
//! Where the dialects differ (schema DDL, locking) the difference lives in the per-backend
//! migration files and in [`migrate`]. The store knows SQL and nothing of HTTP; the domain types
//! it stores come from `qingdan-core`.
//!
//! Writes: every write goes through `write::Store::write` (begin on either backend, run the
//! body, append the audit event it returns, commit), so no write lands without its event.
//! Aggregates use its two shapes: an insert from named columns (`write::Insert`, a taken unique
//! key answered in Chinese) and "update where the version matches" (`write::Versioned`, a stale
//! version answered as a conflict). Audit events are made by `NewEvent`'s named constructors.
//!
//! Invariants:
//! * migrations are append-only files under `migrations/<backend>/`, applied in order on open
//!   (on SQLite each in its own transaction, on PostgreSQL all in one), recorded in
//!   `qingdan_migrations`; on PostgreSQL an advisory lock keeps several processes starting at
//!   once from racing;
//! * each recorded migration carries its checksum (SHA-256 of the backend's SQL, `"\r\n"` read
//!   as `"\n"`), filled on open where missing; a migration edited after it was applied anywhere
//!   no longer matches, and opening that database fails with [`StoreError::MigrationChanged`]
//!   naming it;
//! * SQLite runs with WAL, `foreign_keys = ON` and `synchronous = FULL`: an acknowledged write
//!   survives the process being killed;
//! * catalog versions are append-only; the current catalog is the newest version.
#![deny(missing_docs)]

pub mod anchor;
pub mod audit;
mod backup;
mod cases;
mod catalog;
mod complaints;
mod identity;
mod migrate;
mod plans;
mod registry;
mod sealed;
mod tasks;
mod write;

pub use anchor::{AnchorFile, AnchorFileError};
pub use audit::{Verified, VerifyError};
pub use cases::{CaseRow, CaseStep, Idempotency, NewCaseRow};
pub use catalog::{NewCatalogVersion, StoredCatalog, VersionInfo, sha256_hex};
pub use complaints::{ComplaintRow, ComplaintStep, NewComplaintRow};
pub use identity::{NewUser, Office, UserRecord};
pub use plans::{NewPlan, PlanRow, SeedRow};
pub use registry::{
    CertificateRow, EnterpriseRow, ProjectRow, RegistryCounts, RegistryFlag, RegistryImport,
    RegistryRows,
};
pub use sealed::{RowProblem, RowsReport};
pub use tasks::{AttachmentRow, ConflictRow, NewAttachment, NewTaskRow, TaskRow, TaskStep};

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

/// Why a storage call failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be opened or reached.
    #[error("无法连接数据库：{0}")]
    Connect(#[source] sqlx::Error),
    /// A migration failed.
    #[error("数据库迁移 {version} 失败：{source}")]
    Migrate {
        /// The migration's number.
        version: i64,
        /// The database's error.
        #[source]
        source: sqlx::Error,
    },
    /// The database was written by a newer Qingdan.
    #[error("数据库结构版本 {found} 比本程序支持的 {supported} 新，请升级程序")]
    TooNew {
        /// The newest migration applied.
        found: i64,
        /// The newest this build knows.
        supported: i64,
    },
    /// A migration this build knows differs from the one applied to this database: its file
    /// was edited after it ran (migrations are append-only; a change is a new migration).
    #[error(
        "数据库迁移 {version:04}_{name} 在应用后被修改过：已应用的迁移只能追加、不能修改。\
         请恢复该迁移文件的原始内容，需要改变结构时另加一个新的迁移\
         （记录的校验和 {recorded_short}…，程序中的 {current_short}…）",
        recorded_short = short_hex(.recorded),
        current_short = short_hex(.current)
    )]
    MigrationChanged {
        /// The migration's number.
        version: i64,
        /// The migration's name (`registry` for `0009_registry`).
        name: String,
        /// The checksum the ledger recorded when it was applied (or first checked).
        recorded: String,
        /// The checksum of this build's file.
        current: String,
    },
    /// A query failed.
    #[error("数据库操作失败：{0}")]
    Query(#[from] sqlx::Error),
    /// Stored data that does not decode (written by hand or by a broken build).
    #[error("数据库中的数据无法读取：{0}")]
    Corrupt(String),
    /// A unique value is taken (a user name, an office name).
    #[error("{0}")]
    Conflict(String),
    /// A referenced record does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The operation does not apply to this database (a SQLite backup of PostgreSQL).
    #[error("{0}")]
    Unsupported(String),
    /// The URL names neither SQLite nor PostgreSQL.
    #[error("不支持的数据库地址“{0}”：应以 sqlite: 或 postgres:// 开头")]
    UnsupportedUrl(String),
}

/// The first 12 characters of a checksum, for messages (all of it if shorter).
fn short_hex(hex: &str) -> &str {
    hex.char_indices()
        .nth(12)
        .map_or(hex, |(end, _)| &hex[..end])
}

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// A handle to the database; cheap to clone (it is a pool).
#[derive(Clone, Debug)]
pub struct Store {
    pool: Pool,
    /// The audit chain's head as this process last saw it (see `audit::HeadCache`).
    head: audit::HeadCache,
    /// The anchor outside the database, when set (`anchor.rs`).
    anchor: Option<std::sync::Arc<anchor::AnchorFile>>,
    /// The chain's hash function (`audit_head.algorithm`, migration 0017).
    chain: qingdan_core::audit::ChainHash,
    /// Audit events this process appended (for `/metrics`).
    appends: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

#[derive(Clone, Debug)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs the same body against whichever pool the store holds.
macro_rules! on_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.pool {
            $crate::Pool::Sqlite($pool) => $body,
            $crate::Pool::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_pool;

/// Runs a query with its binds on whichever pool the store holds and maps every row with a
/// `*_from_row!` macro, evaluating to `Result<Vec<_>, StoreError>`.
macro_rules! fetch_list {
    ($store:expr, $sql:expr, [$($bind:expr),*], $from_row:ident) => {
        $crate::on_pool!($store, p => {
            let q = sqlx::query(sqlx::AssertSqlSafe($sql));
            $(let q = q.bind($bind);)*
            let rows = q.fetch_all(p).await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in &rows {
                out.push($from_row!(r));
            }
            Ok(out)
        })
    };
}
pub(crate) use fetch_list;

impl Store {
    /// Opens (creating if missing) a SQLite database file and migrates it.
    pub async fn open_sqlite(path: &Path) -> Result<Store, StoreError> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // 16 MB of page cache per connection (SQLite's default is 2 MB): a million-row
            // registry import otherwise spends its time re-reading index pages.
            .pragma("cache_size", "-16000");
        // Two processes opening a new file at once (a server and `qingdan catalog import`):
        // switching a new file to WAL takes an exclusive lock and can answer "busy" without
        // waiting; the other opener is done within moments, so try again for a while.
        let mut attempt = 0;
        let pool = loop {
            match SqlitePoolOptions::new()
                .max_connections(8)
                .connect_with(options.clone())
                .await
            {
                Ok(pool) => break pool,
                Err(sqlx::Error::Database(e))
                    if attempt < 50 && matches!(e.code().as_deref(), Some("5" | "6")) =>
                {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => return Err(StoreError::Connect(e)),
            }
        };
        Self::ready(Pool::Sqlite(pool)).await
    }

    /// Opens a PostgreSQL database by URL and migrates it. `schema`, when given, is created if
    /// missing and used as the search path (tests give each run its own).
    pub async fn open_postgres(url: &str, schema: Option<&str>) -> Result<Store, StoreError> {
        let mut options = PgConnectOptions::from_str(url).map_err(StoreError::Connect)?;
        if let Some(schema) = schema {
            let admin = PgPoolOptions::new()
                .max_connections(1)
                .connect_with(options.clone())
                .await
                .map_err(StoreError::Connect)?;
            let quoted = format!("\"{}\"", schema.replace('"', "\"\""));
            let created = sqlx::query(sqlx::AssertSqlSafe(format!(
                "CREATE SCHEMA IF NOT EXISTS {quoted}"
            )))
            .execute(&admin)
            .await;
            // Two processes creating the same schema at once: one wins, the other sees a
            // unique violation (23505) despite IF NOT EXISTS; the schema exists either way.
            match created {
                Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("23505") => {}
                other => {
                    other?;
                }
            }
            admin.close().await;
            options = options.options([("search_path", schema)]);
        }
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(StoreError::Connect)?;
        Self::ready(Pool::Postgres(pool)).await
    }

    /// Opens by URL: `sqlite:PATH` / `sqlite://PATH`, or `postgres://…` / `postgresql://…`.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Self::open_postgres(url, None).await
        } else if let Some(path) = url.strip_prefix("sqlite:") {
            let path = path.strip_prefix("//").unwrap_or(path);
            Self::open_sqlite(Path::new(path)).await
        } else {
            Err(StoreError::UnsupportedUrl(url.to_string()))
        }
    }

    async fn ready(pool: Pool) -> Result<Store, StoreError> {
        let store = Store {
            pool,
            head: audit::HeadCache::default(),
            anchor: None,
            chain: qingdan_core::audit::ChainHash::Sha256,
            appends: std::sync::Arc::default(),
        };
        migrate::run(&store).await?;
        let chain = store.stored_chain_hash().await?;
        Ok(Store { chain, ..store })
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// The connection pool: (open connections, idle ones, the limit).
    pub fn pool_stats(&self) -> (u32, u32, u32) {
        on_pool!(self, p => {
            let idle = u32::try_from(p.num_idle()).unwrap_or(u32::MAX);
            (p.size(), idle, p.options().get_max_connections())
        })
    }

    /// Audit events this process appended since it started.
    pub fn audit_appends(&self) -> u64 {
        self.appends.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Checks the database answers (for `/healthz`).
    pub async fn ping(&self) -> Result<(), StoreError> {
        on_pool!(self, p => sqlx::query("SELECT 1").execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// The database server's version string (`SELECT version()` / `sqlite_version()`).
    pub async fn server_version(&self) -> Result<String, StoreError> {
        Ok(match &self.pool {
            Pool::Sqlite(p) => {
                let v: String = sqlx::query_scalar("SELECT sqlite_version()")
                    .fetch_one(p)
                    .await?;
                format!("SQLite {v}")
            }
            Pool::Postgres(p) => sqlx::query_scalar("SELECT version()").fetch_one(p).await?,
        })
    }

    /// Closes the pool, waiting for connections to be returned (graceful shutdown).
    pub async fn close(&self) {
        on_pool!(self, p => p.close().await)
    }
}
