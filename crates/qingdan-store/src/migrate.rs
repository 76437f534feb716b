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
    Migration {
        version: 5,
        name: "cases",
        sqlite: include_str!("../migrations/sqlite/0005_cases.sql"),
        postgres: include_str!("../migrations/postgres/0005_cases.sql"),
    },
    Migration {
        version: 6,
        name: "audit_single_statement",
        sqlite: include_str!("../migrations/sqlite/0006_audit_single_statement.sql"),
        postgres: include_str!("../migrations/postgres/0006_audit_single_statement.sql"),
    },
    Migration {
        version: 7,
        name: "case_publication",
        sqlite: include_str!("../migrations/sqlite/0007_case_publication.sql"),
        postgres: include_str!("../migrations/postgres/0007_case_publication.sql"),
    },
    Migration {
        version: 8,
        name: "complaints",
        sqlite: include_str!("../migrations/sqlite/0008_complaints.sql"),
        postgres: include_str!("../migrations/postgres/0008_complaints.sql"),
    },
    Migration {
        version: 9,
        name: "registry",
        sqlite: include_str!("../migrations/sqlite/0009_registry.sql"),
        postgres: include_str!("../migrations/postgres/0009_registry.sql"),
    },
    Migration {
        version: 10,
        name: "plans",
        sqlite: include_str!("../migrations/sqlite/0010_plans.sql"),
        postgres: include_str!("../migrations/postgres/0010_plans.sql"),
    },
    Migration {
        version: 11,
        name: "tasks",
        sqlite: include_str!("../migrations/sqlite/0011_tasks.sql"),
        postgres: include_str!("../migrations/postgres/0011_tasks.sql"),
    },
];

const LEDGER: &str = "CREATE TABLE IF NOT EXISTS qingdan_migrations (
    version    BIGINT PRIMARY KEY,
    name       TEXT   NOT NULL
)";

/// An arbitrary, fixed key for PostgreSQL's advisory lock around migrations.
const PG_LOCK_KEY: i64 = 0x0051_494e_4744_414e;

/// Applies migration `$m` (its `$sql` for this backend) inside the open transaction `$tx`,
/// unless it is already recorded. The ledger row is inserted first: that takes the write lock,
/// so a second process starting at the same moment waits, then finds the migration claimed.
macro_rules! apply {
    ($tx:expr, $m:expr, $sql:expr) => {{
        let claimed = sqlx::query(
            "INSERT INTO qingdan_migrations (version, name) VALUES ($1, $2) \
             ON CONFLICT (version) DO NOTHING",
        )
        .bind($m.version)
        .bind($m.name)
        .execute(&mut *$tx)
        .await?
        .rows_affected()
            == 1;
        if claimed {
            sqlx::raw_sql($sql)
                .execute(&mut *$tx)
                .await
                .map_err(|source| StoreError::Migrate {
                    version: $m.version,
                    source,
                })?;
            tracing::info!(version = $m.version, name = $m.name, "migration applied");
        }
    }};
}

const NEWEST: &str = "SELECT MAX(version) FROM qingdan_migrations";

pub(crate) async fn run(store: &Store) -> Result<(), StoreError> {
    let supported = MIGRATIONS.last().map(|m| m.version).unwrap_or(0);
    let newest: Option<i64> = match &store.pool {
        Pool::Sqlite(pool) => {
            sqlx::query(LEDGER).execute(pool).await?;
            // One transaction per migration: SQLite cannot hold one across a failed DDL.
            for m in MIGRATIONS {
                let mut tx = pool.begin().await?;
                apply!(tx, m, m.sqlite);
                tx.commit().await?;
            }
            sqlx::query_scalar(NEWEST).fetch_one(pool).await?
        }
        Pool::Postgres(pool) => {
            // One transaction for all, under an advisory lock: PostgreSQL's DDL is
            // transactional, so a failure leaves nothing half-applied.
            let mut tx = pool.begin().await?;
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(PG_LOCK_KEY)
                .execute(&mut *tx)
                .await?;
            sqlx::query(LEDGER).execute(&mut *tx).await?;
            for m in MIGRATIONS {
                apply!(tx, m, m.postgres);
            }
            let newest = sqlx::query_scalar(NEWEST).fetch_one(&mut *tx).await?;
            tx.commit().await?;
            newest
        }
    };
    check_not_newer(newest, supported)
}

fn check_not_newer(found: Option<i64>, supported: i64) -> Result<(), StoreError> {
    match found {
        Some(found) if found > supported => Err(StoreError::TooNew { found, supported }),
        _ => Ok(()),
    }
}
