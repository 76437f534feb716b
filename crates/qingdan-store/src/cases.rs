//! Penalty cases: numbered without gaps, saved with their audit event in one transaction,
//! moved only by the version the mover read (two people cannot both move a case from the
//! same state). The case itself is the engine's JSON; this module only stores it.

use crate::write::{Insert, Versioned};
use crate::{Store, StoreError, on_pool};
use qingdan_core::audit::NewEvent;
use sqlx::Row;

/// A case to insert.
#[derive(Debug, Clone)]
pub struct NewCaseRow<'a> {
    /// Number prefix, e.g. `安工信罚`.
    pub prefix: &'a str,
    /// The year of the number.
    pub year: i64,
    /// The office it belongs to.
    pub office: &'a str,
    /// Violation code.
    pub violation: &'a str,
    /// `simple` or `general`.
    pub procedure: &'a str,
    /// The first stage.
    pub stage: &'a str,
    /// Party name.
    pub party_name: &'a str,
    /// Party's credit code.
    pub party_uscc: Option<&'a str>,
    /// The engine's case as JSON.
    pub data: &'a str,
    /// Who opens it.
    pub actor: &'a str,
    /// When (RFC 3339 UTC).
    pub at: &'a str,
}

/// An `Idempotency-Key` a creation was sent with.
#[derive(Debug, Clone, Copy)]
pub struct Idempotency<'a> {
    /// The key, as the client sent it.
    pub key: &'a str,
    /// The SHA-256 of the request, to tell a retry from another request under the same key.
    pub request_sha256: &'a str,
}

/// A stored case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    /// Id.
    pub id: i64,
    /// e.g. `安工信罚〔2026〕3号`.
    pub number: String,
    /// The sequence within prefix and year.
    pub seq: i64,
    /// Office.
    pub office: String,
    /// Violation code.
    pub violation: String,
    /// Procedure.
    pub procedure: String,
    /// Stage.
    pub stage: String,
    /// Party name.
    pub party_name: String,
    /// The engine's case as JSON.
    pub data: String,
    /// Incremented by every step.
    pub version: i64,
    /// Opened by.
    pub opened_by: String,
    /// Opened at.
    pub created_at: String,
    /// Last moved at.
    pub updated_at: String,
}

/// A step to save.
#[derive(Debug, Clone)]
pub struct CaseStep<'a> {
    /// The version the step was computed from.
    pub expected_version: i64,
    /// The new stage.
    pub stage: &'a str,
    /// The new case JSON.
    pub data: &'a str,
    /// The step's name, e.g. `notify` (the event's action is `case.notify`).
    pub step: &'a str,
    /// One line for the history.
    pub summary: &'a str,
    /// The step as received (the event's after-state).
    pub detail: &'a str,
    /// Who.
    pub actor: &'a str,
    /// When.
    pub at: &'a str,
    /// The publication day, when this step publishes the decision.
    pub published_on: Option<&'a str>,
    /// The `Idempotency-Key` the step was sent with: a retry under it finds the step taken.
    pub key: Option<crate::Idempotency<'a>>,
}

/// When someone else moved the case first.
const STALE: &str = "案件已被他人办理到下一步，请刷新后重试";

const SELECT: &str = "SELECT id, number, seq, office, violation, procedure, stage, party_name, \
     data, version, opened_by, created_at, updated_at FROM cases";

macro_rules! case_from_row {
    ($row:expr) => {
        CaseRow {
            id: $row.try_get("id")?,
            number: $row.try_get("number")?,
            seq: $row.try_get("seq")?,
            office: $row.try_get("office")?,
            violation: $row.try_get("violation")?,
            procedure: $row.try_get("procedure")?,
            stage: $row.try_get("stage")?,
            party_name: $row.try_get("party_name")?,
            data: $row.try_get("data")?,
            version: $row.try_get("version")?,
            opened_by: $row.try_get("opened_by")?,
            created_at: $row.try_get("created_at")?,
            updated_at: $row.try_get("updated_at")?,
        }
    };
}

impl Store {
    /// Opens a case: takes the next number of `prefix`〔`year`〕, inserts the case and its
    /// `case.opened` event, all in one transaction (a failure consumes no number).
    /// `number` formats the sequence into the case number.
    pub async fn create_case(
        &self,
        new: NewCaseRow<'_>,
        number: impl Fn(i64) -> String,
    ) -> Result<CaseRow, StoreError> {
        let id = self.insert_case(&new, &number, None).await?;
        self.case(id)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("案件 {id} 写入后无法读取")))
    }

    /// [`Store::create_case`] under an `Idempotency-Key`: the key is stored in the case's own
    /// transaction, so a retry of the same request (same actor, key and request hash) answers
    /// the case the first one opened, with `true` (replayed), and never opens a second. The
    /// same key with a different request is [`StoreError::Conflict`].
    pub async fn create_case_once(
        &self,
        new: NewCaseRow<'_>,
        number: impl Fn(i64) -> String,
        key: Idempotency<'_>,
    ) -> Result<(CaseRow, bool), StoreError> {
        let (id, replayed) = match self.insert_case(&new, &number, Some(&key)).await {
            Ok(id) => (id, false),
            // A key already used (perhaps by a request still in flight a moment ago).
            Err(conflict @ StoreError::Conflict(_)) => (
                self.replayed("case", new.actor, &key, conflict).await?,
                true,
            ),
            Err(e) => return Err(e),
        };
        let row = self
            .case(id)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("案件 {id} 写入后无法读取")))?;
        Ok((row, replayed))
    }

    async fn insert_case(
        &self,
        new: &NewCaseRow<'_>,
        number: &impl Fn(i64) -> String,
        key: Option<&Idempotency<'_>>,
    ) -> Result<i64, StoreError> {
        let (id, _) = self
            .write(async |tx| {
                // A write first: on SQLite it takes the write lock at once (waiting politely
                // behind other writers); on PostgreSQL it locks the counter row.
                let seq = tx
                    .fetch_i64(
                        "INSERT INTO case_counters (prefix, year, last) VALUES ($1, $2, 1) \
                         ON CONFLICT (prefix, year) DO UPDATE SET last = case_counters.last + 1 \
                         RETURNING last",
                        &[new.prefix.into(), new.year.into()],
                    )
                    .await?;
                let number = number(seq);
                let id = tx
                    .insert_id(
                        &Insert::into("cases")
                            .set("number", number.as_str())
                            .set("prefix", new.prefix)
                            .set("year", new.year)
                            .set("seq", seq)
                            .set("office", new.office)
                            .set("violation", new.violation)
                            .set("procedure", new.procedure)
                            .set("stage", new.stage)
                            .set("party_name", new.party_name)
                            .set("party_uscc", new.party_uscc)
                            .set("data", new.data)
                            .set("version", 1)
                            .set("opened_by", new.actor)
                            .set("created_at", new.at)
                            .set("updated_at", new.at),
                    )
                    .await?;
                if let Some(key) = key {
                    tx.remember_key(key, new.actor, "case", id, new.at).await?;
                }
                let event = NewEvent::case_opened(new.at, new.actor, id, &number, new.party_name)
                    .with_after(new.data.to_string());
                Ok((id, event))
            })
            .await?;
        Ok(id)
    }

    /// What an actor's `Idempotency-Key` created: entity, id and request hash.
    pub async fn idempotent(
        &self,
        actor: &str,
        key: &str,
    ) -> Result<Option<(String, i64, String)>, StoreError> {
        on_pool!(self, p => {
            let row = sqlx::query(
                "SELECT entity, entity_id, request_sha256 FROM idempotency_keys \
                 WHERE actor = $1 AND key = $2",
            )
            .bind(actor)
            .bind(key)
            .fetch_optional(p)
            .await?;
            match row {
                Some(r) => Ok(Some((
                    r.try_get("entity")?,
                    r.try_get("entity_id")?,
                    r.try_get("request_sha256")?,
                ))),
                None => Ok(None),
            }
        })
    }

    /// One case.
    pub async fn case(&self, id: i64) -> Result<Option<CaseRow>, StoreError> {
        let sql = format!("{SELECT} WHERE id = $1");
        on_pool!(self, p => {
            let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(p).await?;
            match row {
                Some(row) => Ok(Some(case_from_row!(row))),
                None => Ok(None),
            }
        })
    }

    /// Cases newest first, of one office or all, at most `limit`.
    pub async fn cases(
        &self,
        office: Option<&str>,
        limit: i64,
    ) -> Result<Vec<CaseRow>, StoreError> {
        let sql = format!("{SELECT} WHERE ($1 IS NULL OR office = $1) ORDER BY id DESC LIMIT $2");
        crate::fetch_list!(self, sql, [office, limit], case_from_row)
    }

    /// Published decisions, newest publication first (the public list, 行政处罚法 art. 48).
    pub async fn published_cases(&self, limit: i64) -> Result<Vec<CaseRow>, StoreError> {
        let sql = format!(
            "{SELECT} WHERE published_on IS NOT NULL ORDER BY published_on DESC, id DESC LIMIT $1"
        );
        crate::fetch_list!(self, sql, [limit], case_from_row)
    }

    /// Saves a step: the case moves only if it is still at `expected_version`; the step's
    /// event is appended in the same transaction.
    pub async fn save_case_step(&self, id: i64, s: CaseStep<'_>) -> Result<CaseRow, StoreError> {
        self.save_versioned(
            Versioned::row("cases", id, s.expected_version, s.at, STALE)
                .set("stage", s.stage)
                .set("data", s.data)
                .set_once("published_on", s.published_on),
            NewEvent::step("case", "case", id, s.step, s.at, s.actor, s.summary)
                .with_after(s.detail.to_string()),
            s.key.map(|key| crate::write::StepKey {
                key,
                actor: s.actor,
                entity: "case.step",
            }),
        )
        .await?;
        self.case(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("案件 {id} 不存在")))
    }
}
