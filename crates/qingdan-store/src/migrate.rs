//! The migration runner: embedded, append-only SQL files per backend.
//!
//! On open, every migration not yet in the ledger (`qingdan_migrations`) is claimed and
//! applied; then, for every migration this build knows, the ledger's checksum (lowercase hex
//! SHA-256 of the backend's SQL text, `"\r\n"` read as `"\n"`) is compared with the embedded
//! file's. A row without one (applied by a Qingdan older than migration 12, or just now) gets
//! this build's; a recorded one that differs stops start-up with
//! [`StoreError::MigrationChanged`], because a migration edited after it ran somewhere leaves
//! that database with a schema no file describes.

use crate::{Pool, Store, StoreError, sha256_hex};

/// One migration: its number, name, and SQL for each backend.
struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

/// Every migration, in order. Never edit one that has shipped: add the next. (An edited one is
/// refused on open: its checksum no longer matches the one the ledger recorded.)
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
    Migration {
        version: 12,
        name: "migration_checksums",
        sqlite: include_str!("../migrations/sqlite/0012_migration_checksums.sql"),
        postgres: include_str!("../migrations/postgres/0012_migration_checksums.sql"),
    },
    Migration {
        version: 13,
        name: "idempotency",
        sqlite: include_str!("../migrations/sqlite/0013_idempotency.sql"),
        postgres: include_str!("../migrations/postgres/0013_idempotency.sql"),
    },
    Migration {
        version: 14,
        name: "auditor_role",
        sqlite: include_str!("../migrations/sqlite/0014_auditor_role.sql"),
        postgres: include_str!("../migrations/postgres/0014_auditor_role.sql"),
    },
    Migration {
        version: 15,
        name: "sealed_rows",
        sqlite: include_str!("../migrations/sqlite/0015_sealed_rows.sql"),
        postgres: include_str!("../migrations/postgres/0015_sealed_rows.sql"),
    },
    Migration {
        version: 16,
        name: "sign_in_security",
        sqlite: include_str!("../migrations/sqlite/0016_sign_in_security.sql"),
        postgres: include_str!("../migrations/postgres/0016_sign_in_security.sql"),
    },
    Migration {
        version: 17,
        name: "chain_hash",
        sqlite: include_str!("../migrations/sqlite/0017_chain_hash.sql"),
        postgres: include_str!("../migrations/postgres/0017_chain_hash.sql"),
    },
];

/// A migration's checksum: lowercase hex SHA-256 of its SQL with `"\r\n"` read as `"\n"`, so a
/// checkout that converts line endings (Windows) computes the same value.
fn checksum(sql: &str) -> String {
    sha256_hex(sql.replace("\r\n", "\n"))
}

/// The ledger as first created; migration 12 adds its `checksum` column. (This statement stays
/// as it is so that a new database and an old one reach the same shape by the same migrations.)
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

/// Checks migration `$m` (its `$sql` for this backend) against the ledger inside the open
/// transaction `$tx`, after every migration has been applied (the `checksum` column exists
/// from migration 12 on): a missing checksum is recorded, a different one is refused with
/// [`StoreError::MigrationChanged`]. The `UPDATE` comes first so that on SQLite the transaction
/// takes the write lock at once (a read that later writes could fail on a concurrent opener's
/// commit instead of waiting for it).
macro_rules! verify {
    ($tx:expr, $m:expr, $sql:expr) => {{
        let current = checksum($sql);
        sqlx::query(
            "UPDATE qingdan_migrations SET checksum = $1 \
             WHERE version = $2 AND checksum IS NULL",
        )
        .bind(&current)
        .bind($m.version)
        .execute(&mut *$tx)
        .await?;
        let recorded: Option<Option<String>> =
            sqlx::query_scalar("SELECT checksum FROM qingdan_migrations WHERE version = $1")
                .bind($m.version)
                .fetch_optional(&mut *$tx)
                .await?;
        match recorded {
            Some(Some(recorded)) if recorded == current => {}
            Some(Some(recorded)) => {
                return Err(StoreError::MigrationChanged {
                    version: $m.version,
                    name: $m.name.to_string(),
                    recorded,
                    current,
                });
            }
            // Every known migration was claimed just before, and the UPDATE filled a NULL.
            _ => {
                return Err(StoreError::Corrupt(format!(
                    "迁移记录表中缺少迁移 {:04}_{} 的记录",
                    $m.version, $m.name
                )));
            }
        }
    }};
}

const NEWEST: &str = "SELECT MAX(version) FROM qingdan_migrations";

pub(crate) async fn run(store: &Store) -> Result<(), StoreError> {
    let supported = MIGRATIONS.last().map(|m| m.version).unwrap_or(0);
    match &store.pool {
        Pool::Sqlite(pool) => {
            sqlx::query(LEDGER).execute(pool).await?;
            // One transaction per migration: SQLite cannot hold one across a failed DDL.
            for m in MIGRATIONS {
                let mut tx = pool.begin().await?;
                apply!(tx, m, m.sqlite);
                tx.commit().await?;
            }
            check_not_newer(sqlx::query_scalar(NEWEST).fetch_one(pool).await?, supported)?;
            // The checksums in one transaction of their own, once the column exists.
            let mut tx = pool.begin().await?;
            for m in MIGRATIONS {
                verify!(tx, m, m.sqlite);
            }
            tx.commit().await?;
        }
        Pool::Postgres(pool) => {
            // One transaction for all, under an advisory lock: PostgreSQL's DDL is
            // transactional, so a failure (a changed migration included) leaves nothing
            // half-applied.
            let mut tx = pool.begin().await?;
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(PG_LOCK_KEY)
                .execute(&mut *tx)
                .await?;
            sqlx::query(LEDGER).execute(&mut *tx).await?;
            for m in MIGRATIONS {
                apply!(tx, m, m.postgres);
            }
            check_not_newer(
                sqlx::query_scalar(NEWEST).fetch_one(&mut *tx).await?,
                supported,
            )?;
            for m in MIGRATIONS {
                verify!(tx, m, m.postgres);
            }
            tx.commit().await?;
        }
    }
    Ok(())
}

fn check_not_newer(found: Option<i64>, supported: i64) -> Result<(), StoreError> {
    match found {
        Some(found) if found > supported => Err(StoreError::TooNew { found, supported }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_do_not_change_the_checksum() {
        assert_eq!(
            checksum("SELECT 1;\r\nSELECT 2;\r\n"),
            checksum("SELECT 1;\nSELECT 2;\n")
        );
        assert_ne!(checksum("SELECT 1;\n"), checksum("SELECT 2;\n"));
        // Lowercase hex SHA-256 of the empty text.
        assert_eq!(
            checksum(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn migrations_are_numbered_one_by_one() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1, "{}", m.name);
        }
    }
}
