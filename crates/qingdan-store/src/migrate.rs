//! The migration runner: embedded, append-only SQL files per backend.

use crate::{Pool, Store, StoreError};

/// One migration: its number, name, and SQL for each backend.
struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

/// Every migration, in order. Never edit one that has shipped: add the next.
const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "catalog",
        sqlite: include_str!("../migrations/sqlite/0001_catalog.sql"),
        postgres: include_str!("../migrations/postgres/0001_catalog.sql"),
    },
    Migration {
        version: 2,
        name: "audit",
        sqlite: include_str!("../migrations/sqlite/0002_audit.sql"),
        postgres: include_str!("../migrations/postgres/0002_audit.sql"),
    },
    Migration {
        version: 3,
        name: "identity",
        sqlite: include_str!("../migrations/sqlite/0003_identity.sql"),
        postgres: include_str!("../migrations/postgres/0003_identity.sql"),
    },
    Migration {
        version: 4,
        name: "audit_head_trigger",
        sqlite: include_str!("../migrations/sqlite/0004_audit_head_trigger.sql"),
        postgres: include_str!("../migrations/postgres/0004_audit_head_trigger.sql"),
    },
];

const LEDGER: &str = "CREATE TABLE IF NOT EXISTS qingdan_migrations (
    version    BIGINT PRIMARY KEY,
    name       TEXT   NOT NULL
)";

/// An arbitrary, fixed key for PostgreSQL's advisory lock around migrations.
const PG_LOCK_KEY: i64 = 0x0051_494e_4744_414e;

pub(crate) async fn run(store: &Store) -> Result<(), StoreError> {
    let supported = MIGRATIONS.last().map(|m| m.version).unwrap_or(0);
    match &store.pool {
        Pool::Sqlite(pool) => {
            sqlx::query(LEDGER).execute(pool).await?;
            for m in MIGRATIONS {
                let mut tx = pool.begin().await?;
                // BEGIN IMMEDIATE semantics: the first write takes the lock; re-check inside.
                let done: Option<i64> =
                    sqlx::query_scalar("SELECT version FROM qingdan_migrations WHERE version = $1")
                        .bind(m.version)
                        .fetch_optional(&mut *tx)
                        .await?;
                if done.is_some() {
                    continue;
                }
                sqlx::raw_sql(m.sqlite)
                    .execute(&mut *tx)
                    .await
                    .map_err(|source| StoreError::Migrate {
                        version: m.version,
                        source,
                    })?;
                sqlx::query("INSERT INTO qingdan_migrations (version, name) VALUES ($1, $2)")
                    .bind(m.version)
                    .bind(m.name)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                tracing::info!(version = m.version, name = m.name, "migration applied");
            }
            check_not_newer(
                sqlx::query_scalar("SELECT MAX(version) FROM qingdan_migrations")
                    .fetch_one(pool)
                    .await?,
                supported,
            )
        }
        Pool::Postgres(pool) => {
            let mut tx = pool.begin().await?;
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(PG_LOCK_KEY)
                .execute(&mut *tx)
                .await?;
            sqlx::query(LEDGER).execute(&mut *tx).await?;
            for m in MIGRATIONS {
                let done: Option<i64> =
                    sqlx::query_scalar("SELECT version FROM qingdan_migrations WHERE version = $1")
                        .bind(m.version)
                        .fetch_optional(&mut *tx)
                        .await?;
                if done.is_some() {
                    continue;
                }
                sqlx::raw_sql(m.postgres)
                    .execute(&mut *tx)
                    .await
                    .map_err(|source| StoreError::Migrate {
                        version: m.version,
                        source,
                    })?;
                sqlx::query("INSERT INTO qingdan_migrations (version, name) VALUES ($1, $2)")
                    .bind(m.version)
                    .bind(m.name)
                    .execute(&mut *tx)
                    .await?;
                tracing::info!(version = m.version, name = m.name, "migration applied");
            }
            let newest: Option<i64> =
                sqlx::query_scalar("SELECT MAX(version) FROM qingdan_migrations")
                    .fetch_one(&mut *tx)
                    .await?;
            tx.commit().await?;
            check_not_newer(newest, supported)
        }
    }
}

fn check_not_newer(found: Option<i64>, supported: i64) -> Result<(), StoreError> {
    match found {
        Some(found) if found > supported => Err(StoreError::TooNew { found, supported }),
        _ => Ok(()),
    }
}
