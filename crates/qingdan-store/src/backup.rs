//! Online backup of the embedded database (issue 17). SQLite's `VACUUM INTO` writes a
//! consistent copy of the database as one read transaction sees it, while other connections go
//! on writing (WAL); the copy is a plain, compacted database file. PostgreSQL is backed up with
//! `pg_dump` (README, 备份与恢复); `verify` checks either copy once it is open.

use crate::{Backend, Pool, Store, StoreError};
use std::path::Path;

impl Store {
    /// Writes a consistent copy of this SQLite database to `to` (which must not exist) while
    /// the database stays in use. PostgreSQL is refused with what to use instead.
    pub async fn backup_sqlite(&self, to: &Path) -> Result<(), StoreError> {
        let Pool::Sqlite(pool) = &self.pool else {
            return Err(StoreError::Unsupported(
                "PostgreSQL 数据库请用 pg_dump 备份（见 README“备份与恢复”），再用 qingdan backup verify 核验"
                    .into(),
            ));
        };
        if to.exists() {
            return Err(StoreError::Conflict(format!(
                "备份文件 {} 已存在，不会覆盖",
                to.display()
            )));
        }
        let target = to.to_str().ok_or_else(|| {
            StoreError::Unsupported(format!("备份路径 {} 含无法表示的字符", to.display()))
        })?;
        sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(pool)
            .await?;
        Ok(())
    }

    /// The database engine's own consistency check: SQLite's `PRAGMA integrity_check` (every
    /// page, index and constraint); on PostgreSQL, that every table Qingdan needs answers.
    /// Returns the problems found (empty when sound).
    pub async fn integrity_check(&self) -> Result<Vec<String>, StoreError> {
        match (&self.pool, self.backend()) {
            (Pool::Sqlite(p), Backend::Sqlite) => {
                let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
                    .fetch_all(p)
                    .await?;
                Ok(rows.into_iter().filter(|r| r != "ok").collect())
            }
            (Pool::Postgres(p), _) => {
                let mut problems = Vec::new();
                for table in [
                    "catalog_versions",
                    "audit_events",
                    "audit_head",
                    "users",
                    "cases",
                    "complaints",
                    "inspection_tasks",
                ] {
                    let sql = format!("SELECT COUNT(*) FROM {table}");
                    if let Err(e) = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(p).await {
                        problems.push(format!("{table}: {e}"));
                    }
                }
                Ok(problems)
            }
            _ => Ok(Vec::new()),
        }
    }

    /// Whether the database holds nothing yet (no audit event): the only kind a restore writes
    /// into.
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        let (seq, _) = self.audit_head().await?;
        Ok(seq == 0)
    }
}
