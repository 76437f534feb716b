//! Catalog versions: each import is a new, immutable row; the newest is current.

use crate::write::Insert;
use crate::{Store, StoreError, on_pool};
use qingdan_core::audit::NewEvent;
use qingdan_core::{Catalog, Counts};
use sha2::{Digest, Sha256};
use sqlx::Row;

/// What an import stores.
#[derive(Debug, Clone)]
pub struct NewCatalogVersion<'a> {
    /// The file's name as given, for the version list.
    pub source_name: &'a str,
    /// The source text verbatim.
    pub source_text: &'a str,
    /// The parsed catalog.
    pub catalog: &'a Catalog,
    /// When it was imported (RFC 3339, from the application's clock).
    pub imported_at: &'a str,
    /// Who imported it (a user name, or `system`), for the audit log.
    pub actor: &'a str,
}

/// A stored version, without its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionInfo {
    /// The version number (1, 2, …).
    pub id: i64,
    /// The bureau.
    pub bureau: String,
    /// The list's title.
    pub title: String,
    /// The imported file's name.
    pub source_name: String,
    /// SHA-256 of the source text, hex.
    pub source_sha256: String,
    /// When it was imported.
    pub imported_at: String,
    /// Its counts.
    pub counts: Counts,
}

/// A stored version with its catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCatalog {
    /// Which version.
    pub info: VersionInfo,
    /// The catalog.
    pub catalog: Catalog,
}

/// The columns of [`VersionInfo`], for `concat!` into constant queries.
macro_rules! info_columns {
    () => {
        "id, bureau, title, source_name, source_sha256, imported_at, \
         duties, items, boundaries, systems, services"
    };
}

fn count(row: &impl RowExt, column: &str) -> Result<usize, StoreError> {
    let n: i64 = row.get_i64(column)?;
    usize::try_from(n).map_err(|_| StoreError::Corrupt(format!("{column} 为负数：{n}")))
}

/// The few typed getters both backends' rows share.
trait RowExt {
    fn get_i64(&self, column: &str) -> Result<i64, StoreError>;
    fn get_string(&self, column: &str) -> Result<String, StoreError>;
}

macro_rules! row_ext {
    ($row:ty) => {
        impl RowExt for $row {
            fn get_i64(&self, column: &str) -> Result<i64, StoreError> {
                Ok(self.try_get::<i64, _>(column)?)
            }
            fn get_string(&self, column: &str) -> Result<String, StoreError> {
                Ok(self.try_get::<String, _>(column)?)
            }
        }
    };
}
row_ext!(sqlx::sqlite::SqliteRow);
row_ext!(sqlx::postgres::PgRow);

fn info(row: &impl RowExt) -> Result<VersionInfo, StoreError> {
    Ok(VersionInfo {
        id: row.get_i64("id")?,
        bureau: row.get_string("bureau")?,
        title: row.get_string("title")?,
        source_name: row.get_string("source_name")?,
        source_sha256: row.get_string("source_sha256")?,
        imported_at: row.get_string("imported_at")?,
        counts: Counts {
            duties: count(row, "duties")?,
            items: count(row, "items")?,
            boundaries: count(row, "boundaries")?,
            systems: count(row, "systems")?,
            services: count(row, "services")?,
        },
    })
}

fn stored(row: &impl RowExt) -> Result<StoredCatalog, StoreError> {
    let json = row.get_string("catalog_json")?;
    let catalog = serde_json::from_str(&json).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(StoredCatalog {
        info: info(row)?,
        catalog,
    })
}

/// SHA-256 of a text (or any bytes), as lowercase hex.
pub fn sha256_hex(text: impl AsRef<[u8]>) -> String {
    Sha256::digest(text.as_ref())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Store {
    /// Stores a new catalog version, which becomes the current one, and records the act in
    /// the audit log in the same transaction.
    pub async fn import_catalog(
        &self,
        new: NewCatalogVersion<'_>,
    ) -> Result<VersionInfo, StoreError> {
        let json =
            serde_json::to_string(new.catalog).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let counts = new.catalog.counts();
        let n = |v: usize| i64::try_from(v).unwrap_or(i64::MAX);
        let sha = sha256_hex(new.source_text);
        let summary = serde_json::json!({
            "bureau": new.catalog.bureau, "source_name": new.source_name, "source_sha256": sha,
            "counts": [counts.duties, counts.items, counts.boundaries, counts.systems, counts.services],
        })
        .to_string();
        let id = self
            .insert_with_event(
                Insert::into("catalog_versions")
                    .set("bureau", new.catalog.bureau.as_str())
                    .set("title", new.catalog.title.as_str())
                    .set("source_name", new.source_name)
                    .set("source_sha256", sha.as_str())
                    .set("source_text", new.source_text)
                    .set("catalog_json", json.as_str())
                    .set("imported_at", new.imported_at)
                    .set("duties", n(counts.duties))
                    .set("items", n(counts.items))
                    .set("boundaries", n(counts.boundaries))
                    .set("systems", n(counts.systems))
                    .set("services", n(counts.services)),
                |id| NewEvent::catalog_imported(new.imported_at, new.actor, id, summary),
            )
            .await?;
        const SQL: &str = concat!(
            "SELECT ",
            info_columns!(),
            " FROM catalog_versions WHERE id = $1"
        );
        on_pool!(self, pool => {
            info(&sqlx::query(SQL).bind(id).fetch_one(pool).await?)
        })
    }

    /// The current (newest) catalog, if any was imported.
    pub async fn current_catalog(&self) -> Result<Option<StoredCatalog>, StoreError> {
        const SQL: &str = concat!(
            "SELECT ",
            info_columns!(),
            ", catalog_json FROM catalog_versions ORDER BY id DESC LIMIT 1"
        );
        on_pool!(self, pool => {
            sqlx::query(SQL).fetch_optional(pool).await?.as_ref().map(stored).transpose()
        })
    }

    /// The number of the current version, cheaply (for processes checking whether another
    /// process imported a newer list).
    pub async fn current_version(&self) -> Result<Option<i64>, StoreError> {
        let sql = "SELECT MAX(id) FROM catalog_versions";
        on_pool!(self, pool => Ok(sqlx::query_scalar(sql).fetch_one(pool).await?))
    }

    /// One version, by number.
    pub async fn catalog_version(&self, id: i64) -> Result<Option<StoredCatalog>, StoreError> {
        const SQL: &str = concat!(
            "SELECT ",
            info_columns!(),
            ", catalog_json FROM catalog_versions WHERE id = $1"
        );
        on_pool!(self, pool => {
            sqlx::query(SQL).bind(id).fetch_optional(pool).await?.as_ref().map(stored).transpose()
        })
    }

    /// The source text a version was imported from.
    pub async fn catalog_source(&self, id: i64) -> Result<Option<String>, StoreError> {
        let sql = "SELECT source_text FROM catalog_versions WHERE id = $1";
        on_pool!(self, pool => Ok(sqlx::query_scalar(sql).bind(id).fetch_optional(pool).await?))
    }

    /// Every version, newest first.
    pub async fn catalog_versions(&self) -> Result<Vec<VersionInfo>, StoreError> {
        const SQL: &str = concat!(
            "SELECT ",
            info_columns!(),
            " FROM catalog_versions ORDER BY id DESC"
        );
        on_pool!(self, pool => {
            sqlx::query(SQL).fetch_all(pool).await?.iter().map(info).collect()
        })
    }
}
