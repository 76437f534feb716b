//! Complaints (投诉举报): the complaint (the engine's JSON, without the complainant's identity)
//! and its identity in a separate table, written with the `complaint.received` event in one
//! transaction. The event records that an identity was given, never the identity itself, so
//! the record of every act holds no complainant's name or number. Steps move a complaint only
//! from the version the mover read.

use crate::audit::append_event;
use crate::identity::is_unique_violation;
use crate::{Pool, Store, StoreError, on_pool};
use qingdan_core::audit::NewEvent;
use sqlx::Row;

/// A complaint to insert.
#[derive(Debug, Clone)]
pub struct NewComplaintRow<'a> {
    /// Tracking code (as stored, without dashes).
    pub code: &'a str,
    /// The handling office (none when referred elsewhere on intake).
    pub office: Option<&'a str>,
    /// Status code.
    pub status: &'a str,
    /// The engine's complaint as JSON (no identity).
    pub data: &'a str,
    /// 姓名, if given.
    pub name: Option<&'a str>,
    /// 联系方式, if given.
    pub contact: Option<&'a str>,
    /// Who submitted it: `public`, or a signed-in user's name.
    pub actor: &'a str,
    /// When (RFC 3339 UTC).
    pub at: &'a str,
    /// The event's reason (status and destination, no identity).
    pub summary: &'a str,
}

/// A stored complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintRow {
    /// Id.
    pub id: i64,
    /// Tracking code.
    pub code: String,
    /// Handling office.
    pub office: Option<String>,
    /// Status code.
    pub status: String,
    /// The engine's complaint (JSON).
    pub data: String,
    /// Optimistic version.
    pub version: i64,
    /// Received at.
    pub created_at: String,
    /// Last step at.
    pub updated_at: String,
}

/// A step to save.
#[derive(Debug, Clone)]
pub struct ComplaintStep<'a> {
    /// The step (`accept`, `answer`, `refer`).
    pub step: &'a str,
    /// The new status.
    pub status: &'a str,
    /// The office (kept on referral, so the office that referred it still sees it).
    pub office: Option<&'a str>,
    /// The complaint after the step (JSON).
    pub data: &'a str,
    /// The version the mover read.
    pub expected_version: i64,
    /// Who.
    pub actor: &'a str,
    /// When.
    pub at: &'a str,
    /// The event's reason.
    pub summary: &'a str,
    /// A flag the step sets on the registered party it links (in the same transaction).
    pub flag: Option<crate::RegistryFlag<'a>>,
}

const SELECT: &str =
    "SELECT id, code, office, status, data, version, created_at, updated_at FROM complaints";

macro_rules! complaint_from_row {
    ($row:expr) => {
        ComplaintRow {
            id: $row.try_get("id")?,
            code: $row.try_get("code")?,
            office: $row.try_get("office")?,
            status: $row.try_get("status")?,
            data: $row.try_get("data")?,
            version: $row.try_get("version")?,
            created_at: $row.try_get("created_at")?,
            updated_at: $row.try_get("updated_at")?,
        }
    };
}

impl Store {
    /// Registers a complaint, its identity and its event in one transaction. A taken tracking
    /// code is [`StoreError::Conflict`] (the caller draws another).
    pub async fn create_complaint(
        &self,
        new: NewComplaintRow<'_>,
    ) -> Result<ComplaintRow, StoreError> {
        macro_rules! go {
            ($p:expr) => {{
                let mut tx = $p.begin().await?;
                let inserted = sqlx::query_scalar(
                    "INSERT INTO complaints (code, office, status, data, version, created_at, \
                     updated_at) VALUES ($1, $2, $3, $4, 1, $5, $5) RETURNING id",
                )
                .bind(new.code)
                .bind(new.office)
                .bind(new.status)
                .bind(new.data)
                .bind(new.at)
                .fetch_one(&mut *tx)
                .await;
                let id: i64 = match inserted {
                    Ok(id) => id,
                    Err(e) if is_unique_violation(&e) => {
                        return Err(StoreError::Conflict("查询码已被占用".into()));
                    }
                    Err(e) => return Err(e.into()),
                };
                let has_identity = new.name.is_some() || new.contact.is_some();
                if has_identity {
                    sqlx::query(
                        "INSERT INTO complaint_identities (complaint_id, name, contact) \
                         VALUES ($1, $2, $3)",
                    )
                    .bind(id)
                    .bind(new.name)
                    .bind(new.contact)
                    .execute(&mut *tx)
                    .await?;
                }
                let identity = if has_identity {
                    "投诉人留有姓名或联系方式（另行保存，仅承办人可见）"
                } else {
                    "匿名投诉"
                };
                append_event!(
                    self,
                    tx,
                    NewEvent::new(
                        new.at,
                        new.actor,
                        "complaint.received",
                        "complaint",
                        &id.to_string(),
                        &format!("{}；{identity}", new.summary),
                    )
                    .with_after(new.data.to_string())
                )?;
                tx.commit().await?;
                id
            }};
        }
        let id = match &self.pool {
            Pool::Sqlite(p) => go!(p),
            Pool::Postgres(p) => go!(p),
        };
        self.complaint(id)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("投诉 {id} 写入后无法读取")))
    }

    /// One complaint by id.
    pub async fn complaint(&self, id: i64) -> Result<Option<ComplaintRow>, StoreError> {
        let sql = format!("{SELECT} WHERE id = $1");
        on_pool!(self, p => {
            let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(p).await?;
            match row {
                Some(row) => Ok(Some(complaint_from_row!(row))),
                None => Ok(None),
            }
        })
    }

    /// One complaint by tracking code.
    pub async fn complaint_by_code(&self, code: &str) -> Result<Option<ComplaintRow>, StoreError> {
        let sql = format!("{SELECT} WHERE code = $1");
        on_pool!(self, p => {
            let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(code).fetch_optional(p).await?;
            match row {
                Some(row) => Ok(Some(complaint_from_row!(row))),
                None => Ok(None),
            }
        })
    }

    /// Complaints newest first, of one office or all, at most `limit`.
    pub async fn complaints(
        &self,
        office: Option<&str>,
        limit: i64,
    ) -> Result<Vec<ComplaintRow>, StoreError> {
        let sql = format!("{SELECT} WHERE ($1 IS NULL OR office = $1) ORDER BY id DESC LIMIT $2");
        crate::fetch_list!(self, sql, [office, limit], complaint_from_row)
    }

    /// The complainant's name and contact. Only for the handlers' views.
    pub async fn complaint_identity(
        &self,
        id: i64,
    ) -> Result<(Option<String>, Option<String>), StoreError> {
        on_pool!(self, p => {
            let row = sqlx::query("SELECT name, contact FROM complaint_identities WHERE complaint_id = $1")
                .bind(id)
                .fetch_optional(p)
                .await?;
            match row {
                Some(row) => Ok((row.try_get("name")?, row.try_get("contact")?)),
                None => Ok((None, None)),
            }
        })
    }

    /// Saves a step if the complaint is still at `expected_version`, with its event.
    pub async fn save_complaint_step(
        &self,
        id: i64,
        s: ComplaintStep<'_>,
    ) -> Result<ComplaintRow, StoreError> {
        macro_rules! go {
            ($p:expr) => {{
                let mut tx = $p.begin().await?;
                let moved = sqlx::query(
                    "UPDATE complaints SET status = $1, office = $2, data = $3, \
                     version = version + 1, updated_at = $4 WHERE id = $5 AND version = $6",
                )
                .bind(s.status)
                .bind(s.office)
                .bind(s.data)
                .bind(s.at)
                .bind(id)
                .bind(s.expected_version)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if moved == 0 {
                    return Err(StoreError::Conflict(
                        "投诉已被他人办理，请刷新后重试".into(),
                    ));
                }
                if let Some(flag) = s.flag {
                    let (sql, key) = flag.sql();
                    let found = sqlx::query(sql).bind(key).execute(&mut *tx).await?.rows_affected();
                    if found == 0 {
                        return Err(StoreError::NotFound(format!(
                            "“{key}”不是已登记的企业统一社会信用代码或建设项目编号"
                        )));
                    }
                }
                append_event!(
                    self,
                    tx,
                    NewEvent::new(
                        s.at,
                        s.actor,
                        &format!("complaint.{}", s.step),
                        "complaint",
                        &id.to_string(),
                        s.summary,
                    )
                    .with_after(s.data.to_string())
                )?;
                tx.commit().await?;
            }};
        }
        match &self.pool {
            Pool::Sqlite(p) => go!(p),
            Pool::Postgres(p) => go!(p),
        }
        self.complaint(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("投诉 {id} 不存在")))
    }
}
