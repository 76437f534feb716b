//! Complaints (投诉举报): the complaint (the engine's JSON, without the complainant's identity)
//! and its identity in a separate table, written with the `complaint.received` event in one
//! transaction. The event records that an identity was given, never the identity itself, so
//! the record of every act holds no complainant's name or number. Steps move a complaint only
//! from the version the mover read.

use crate::write::{Insert, Versioned};
use crate::{Store, StoreError, on_pool};
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
    /// The `Idempotency-Key` the step was sent with: a retry under it finds the step taken.
    pub key: Option<crate::Idempotency<'a>>,
}

/// When someone else moved the complaint first.
const STALE: &str = "投诉已被他人办理，请刷新后重试";

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
        let id = self.insert_complaint(&new, None).await?;
        self.complaint(id)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("投诉 {id} 写入后无法读取")))
    }

    /// [`Store::create_complaint`] under an `Idempotency-Key`: a retry of the same request
    /// answers the first complaint (`true`: replayed); the key is stored in the intake's
    /// transaction. A taken tracking code is still [`StoreError::Conflict`] (the caller draws
    /// another), as is the key reused for another request.
    pub async fn create_complaint_once(
        &self,
        new: NewComplaintRow<'_>,
        key: crate::Idempotency<'_>,
    ) -> Result<(ComplaintRow, bool), StoreError> {
        let (id, replayed) = match self.insert_complaint(&new, Some(&key)).await {
            Ok(id) => (id, false),
            Err(conflict @ StoreError::Conflict(_)) => (
                self.replayed("complaint", new.actor, &key, conflict)
                    .await?,
                true,
            ),
            Err(e) => return Err(e),
        };
        let row = self
            .complaint(id)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("投诉 {id} 写入后无法读取")))?;
        Ok((row, replayed))
    }

    async fn insert_complaint(
        &self,
        new: &NewComplaintRow<'_>,
        key: Option<&crate::Idempotency<'_>>,
    ) -> Result<i64, StoreError> {
        let (id, _) = self
            .write(async |tx| {
                let id = tx
                    .insert_id(
                        &Insert::into("complaints")
                            .set("code", new.code)
                            .set("office", new.office)
                            .set("status", new.status)
                            .set("data", new.data)
                            .set("version", 1)
                            .set("created_at", new.at)
                            .set("updated_at", new.at)
                            .unique("查询码已被占用".into()),
                    )
                    .await?;
                let identified = new.name.is_some() || new.contact.is_some();
                if identified {
                    tx.insert(
                        &Insert::into("complaint_identities")
                            .set("complaint_id", id)
                            .set("name", new.name)
                            .set("contact", new.contact),
                    )
                    .await?;
                }
                if let Some(key) = key {
                    tx.remember_key(key, new.actor, "complaint", id, new.at)
                        .await?;
                }
                let event =
                    NewEvent::complaint_received(new.at, new.actor, id, new.summary, identified)
                        .with_after(new.data.to_string());
                Ok((id, event))
            })
            .await?;
        Ok(id)
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
        let row = Versioned::row("complaints", id, s.expected_version, s.at, STALE)
            .set("status", s.status)
            .set("office", s.office)
            .set("data", s.data);
        let event = NewEvent::step(
            "complaint",
            "complaint",
            id,
            s.step,
            s.at,
            s.actor,
            s.summary,
        )
        .with_after(s.data.to_string());
        self.write(async |tx| {
            if let Some(key) = &s.key {
                tx.remember_key(key, s.actor, "complaint.step", id, s.at)
                    .await?;
            }
            tx.update_versioned(&row).await?;
            if let Some(flag) = s.flag {
                flag.set(tx).await?;
            }
            Ok(((), event))
        })
        .await?;
        self.complaint(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("投诉 {id} 不存在")))
    }
}
