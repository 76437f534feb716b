//! Inspection tasks, declared conflicts of interest, and attachments.
//!
//! A task is the engine's JSON beside list columns, opened with its `task.opened` event and
//! moved only from the version the mover read, each step with its event. Attachments live in
//! the database (so several app processes share them); the `attachment.added` event carries the
//! file's SHA-256, name, type and size, so the record proves which bytes were filed.

use crate::write::{Insert, Versioned};
use crate::{Store, StoreError, on_pool};
use qingdan_core::audit::NewEvent;
use sqlx::Row;

/// A task to insert.
#[derive(Debug, Clone)]
pub struct NewTaskRow<'a> {
    /// System code.
    pub system: &'a str,
    /// Target id.
    pub target_id: &'a str,
    /// Target name.
    pub target_name: &'a str,
    /// Office.
    pub office: &'a str,
    /// State code.
    pub state: &'a str,
    /// The engine's task (JSON).
    pub data: &'a str,
    /// The published officer draw (JSON), when the officers were drawn.
    pub officer_draw: Option<&'a str>,
    /// Who.
    pub actor: &'a str,
    /// When.
    pub at: &'a str,
    /// The event's reason.
    pub summary: &'a str,
}

/// A stored task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRow {
    /// Id.
    pub id: i64,
    /// System code.
    pub system: String,
    /// Target id.
    pub target_id: String,
    /// Target name.
    pub target_name: String,
    /// Office.
    pub office: String,
    /// State code.
    pub state: String,
    /// The engine's task (JSON).
    pub data: String,
    /// The officer draw (JSON).
    pub officer_draw: Option<String>,
    /// Optimistic version.
    pub version: i64,
    /// When its result was published.
    pub published_on: Option<String>,
    /// Who opened it.
    pub opened_by: String,
    /// Opened at.
    pub created_at: String,
    /// Last step at.
    pub updated_at: String,
}

/// A step to save.
#[derive(Debug, Clone)]
pub struct TaskStep<'a> {
    /// The step (`step`, `decide`, `follow_up`), for the event's action.
    pub step: &'a str,
    /// The new state code.
    pub state: &'a str,
    /// The task after the step (JSON).
    pub data: &'a str,
    /// The version the mover read.
    pub expected_version: i64,
    /// Publish the result (set once, on closing).
    pub published_on: Option<&'a str>,
    /// Who.
    pub actor: &'a str,
    /// When.
    pub at: &'a str,
    /// The event's reason.
    pub summary: &'a str,
    /// The event's after-state (the command as given).
    pub detail: &'a str,
    /// The `Idempotency-Key` the step was sent with: a retry under it finds the step taken.
    pub key: Option<crate::Idempotency<'a>>,
}

/// A declared conflict of interest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictRow {
    /// The officer.
    pub officer: String,
    /// The target's id.
    pub target: String,
    /// Why (亲属关系、曾任职 …).
    pub reason: String,
}

/// An attachment to file.
#[derive(Debug, Clone)]
pub struct NewAttachment<'a> {
    /// The kind of record it belongs to (`inspection_task`).
    pub entity: &'a str,
    /// Its id.
    pub entity_id: &'a str,
    /// The file name as uploaded.
    pub name: &'a str,
    /// The type found by its content.
    pub content_type: &'a str,
    /// SHA-256 of the bytes.
    pub sha256: &'a str,
    /// The bytes.
    pub content: &'a [u8],
    /// Who.
    pub actor: &'a str,
    /// When.
    pub at: &'a str,
}

/// A filed attachment (without its bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentRow {
    /// Id.
    pub id: i64,
    /// Kind of record.
    pub entity: String,
    /// Its id.
    pub entity_id: String,
    /// File name.
    pub name: String,
    /// Type.
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
    /// SHA-256.
    pub sha256: String,
    /// Who.
    pub uploaded_by: String,
    /// When.
    pub uploaded_at: String,
}

const SELECT: &str = "SELECT id, system, target_id, target_name, office, state, data, \
     officer_draw, version, published_on, opened_by, created_at, updated_at FROM inspection_tasks";

macro_rules! task_from_row {
    ($r:expr) => {
        TaskRow {
            id: $r.try_get("id")?,
            system: $r.try_get("system")?,
            target_id: $r.try_get("target_id")?,
            target_name: $r.try_get("target_name")?,
            office: $r.try_get("office")?,
            state: $r.try_get("state")?,
            data: $r.try_get("data")?,
            officer_draw: $r.try_get("officer_draw")?,
            version: $r.try_get("version")?,
            published_on: $r.try_get("published_on")?,
            opened_by: $r.try_get("opened_by")?,
            created_at: $r.try_get("created_at")?,
            updated_at: $r.try_get("updated_at")?,
        }
    };
}

const ATTACHMENT_SELECT: &str = "SELECT id, entity, entity_id, name, content_type, size, sha256, \
     uploaded_by, uploaded_at FROM attachments";

macro_rules! attachment_from_row {
    ($r:expr) => {
        AttachmentRow {
            id: $r.try_get("id")?,
            entity: $r.try_get("entity")?,
            entity_id: $r.try_get("entity_id")?,
            name: $r.try_get("name")?,
            content_type: $r.try_get("content_type")?,
            size: $r.try_get("size")?,
            sha256: $r.try_get("sha256")?,
            uploaded_by: $r.try_get("uploaded_by")?,
            uploaded_at: $r.try_get("uploaded_at")?,
        }
    };
}

/// When someone else moved the task first.
const STALE: &str = "检查任务已被他人办理到下一步，请刷新后重试";

impl Store {
    /// Opens a task with its event.
    pub async fn create_task(&self, new: NewTaskRow<'_>) -> Result<TaskRow, StoreError> {
        let id = self.insert_task(&new, None).await?;
        self.task(id)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("检查任务 {id} 写入后无法读取")))
    }

    /// [`Store::create_task`] under an `Idempotency-Key`: a retry of the same request answers
    /// the task the first one opened (`true`: replayed) and never opens a second.
    pub async fn create_task_once(
        &self,
        new: NewTaskRow<'_>,
        key: crate::Idempotency<'_>,
    ) -> Result<(TaskRow, bool), StoreError> {
        let (id, replayed) = match self.insert_task(&new, Some(&key)).await {
            Ok(id) => (id, false),
            Err(conflict @ StoreError::Conflict(_)) => (
                self.replayed("inspection_task", new.actor, &key, conflict)
                    .await?,
                true,
            ),
            Err(e) => return Err(e),
        };
        let row = self
            .task(id)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("检查任务 {id} 写入后无法读取")))?;
        Ok((row, replayed))
    }

    async fn insert_task(
        &self,
        new: &NewTaskRow<'_>,
        key: Option<&crate::Idempotency<'_>>,
    ) -> Result<i64, StoreError> {
        let row = Insert::into("inspection_tasks")
            .set("system", new.system)
            .set("target_id", new.target_id)
            .set("target_name", new.target_name)
            .set("office", new.office)
            .set("state", new.state)
            .set("data", new.data)
            .set("officer_draw", new.officer_draw)
            .set("version", 1)
            .set("opened_by", new.actor)
            .set("created_at", new.at)
            .set("updated_at", new.at);
        let (id, _) = self
            .write(async |tx| {
                let id = tx.insert_id(&row).await?;
                if let Some(key) = key {
                    tx.remember_key(key, new.actor, "inspection_task", id, new.at)
                        .await?;
                }
                let event = NewEvent::task_opened(new.at, new.actor, id, new.summary)
                    .with_after(new.data.to_string());
                Ok((id, event))
            })
            .await?;
        Ok(id)
    }

    /// One task.
    pub async fn task(&self, id: i64) -> Result<Option<TaskRow>, StoreError> {
        let sql = format!("{SELECT} WHERE id = $1");
        on_pool!(self, p => {
            let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(p).await?;
            match row {
                Some(r) => Ok(Some(task_from_row!(r))),
                None => Ok(None),
            }
        })
    }

    /// Tasks newest first, of one office or all, at most `limit`.
    pub async fn tasks(
        &self,
        office: Option<&str>,
        limit: i64,
    ) -> Result<Vec<TaskRow>, StoreError> {
        let sql = format!("{SELECT} WHERE ($1 IS NULL OR office = $1) ORDER BY id DESC LIMIT $2");
        crate::fetch_list!(self, sql, [office, limit], task_from_row)
    }

    /// Tasks whose results are published, newest first (双随机一公开).
    pub async fn published_tasks(&self, limit: i64) -> Result<Vec<TaskRow>, StoreError> {
        let sql = format!(
            "{SELECT} WHERE published_on IS NOT NULL ORDER BY published_on DESC, id DESC LIMIT $1"
        );
        crate::fetch_list!(self, sql, [limit], task_from_row)
    }

    /// Saves a step if the task is still at `expected_version`, with its event.
    pub async fn save_task_step(&self, id: i64, s: TaskStep<'_>) -> Result<TaskRow, StoreError> {
        self.save_versioned(
            Versioned::row("inspection_tasks", id, s.expected_version, s.at, STALE)
                .set("state", s.state)
                .set("data", s.data)
                .set_once("published_on", s.published_on),
            NewEvent::step(
                "task",
                "inspection_task",
                id,
                s.step,
                s.at,
                s.actor,
                s.summary,
            )
            .with_after(s.detail.to_string()),
            s.key.map(|key| crate::write::StepKey {
                key,
                actor: s.actor,
                entity: "task.step",
            }),
        )
        .await?;
        self.task(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("检查任务 {id} 不存在")))
    }

    /// Declares a conflict of interest (once per officer and target) with its event.
    pub async fn declare_conflict(
        &self,
        c: &ConflictRow,
        actor: &str,
        at: &str,
    ) -> Result<(), StoreError> {
        let row = Insert::into("conflicts")
            .set("officer", c.officer.as_str())
            .set("target", c.target.as_str())
            .set("reason", c.reason.as_str())
            .set("declared_by", actor)
            .set("declared_at", at)
            .unique(format!("{} 与 {} 的利害关系已经申报", c.officer, c.target));
        let event = NewEvent::conflict_declared(at, actor, &c.officer, &c.target, &c.reason);
        self.write(async |tx| {
            tx.insert(&row).await?;
            Ok(((), event))
        })
        .await?;
        Ok(())
    }

    /// Every declared conflict.
    pub async fn conflicts(&self) -> Result<Vec<ConflictRow>, StoreError> {
        on_pool!(self, p => {
            let rows = sqlx::query("SELECT officer, target, reason FROM conflicts ORDER BY officer, target")
                .fetch_all(p)
                .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in &rows {
                out.push(ConflictRow {
                    officer: r.try_get("officer")?,
                    target: r.try_get("target")?,
                    reason: r.try_get("reason")?,
                });
            }
            Ok(out)
        })
    }

    /// Files an attachment with its event (the event carries its SHA-256).
    pub async fn add_attachment(&self, a: NewAttachment<'_>) -> Result<AttachmentRow, StoreError> {
        let size = a.content.len();
        // The attachment is a row of its own; the task's row is untouched, so its event seals
        // nothing (`write_unsealed`).
        let row = Insert::into("attachments")
            .set("entity", a.entity)
            .set("entity_id", a.entity_id)
            .set("name", a.name)
            .set("content_type", a.content_type)
            .set("size", i64::try_from(size).unwrap_or(i64::MAX))
            .set("sha256", a.sha256)
            .set("content", a.content)
            .set("uploaded_by", a.actor)
            .set("uploaded_at", a.at);
        let (id, _) = self
            .write_unsealed(async |tx| {
                let id = tx.insert_id(&row).await?;
                let event = NewEvent::attachment_added(
                    a.at,
                    a.actor,
                    a.entity,
                    a.entity_id,
                    id,
                    a.name,
                    a.content_type,
                    size,
                    a.sha256,
                );
                Ok((id, event))
            })
            .await?;
        let sql = format!("{ATTACHMENT_SELECT} WHERE id = $1");
        on_pool!(self, p => {
            let r = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_one(p).await?;
            Ok(attachment_from_row!(r))
        })
    }

    /// The attachments of a record, oldest first.
    pub async fn attachments(
        &self,
        entity: &str,
        entity_id: &str,
    ) -> Result<Vec<AttachmentRow>, StoreError> {
        let sql = format!("{ATTACHMENT_SELECT} WHERE entity = $1 AND entity_id = $2 ORDER BY id");
        crate::fetch_list!(self, sql, [entity, entity_id], attachment_from_row)
    }

    /// One attachment with its bytes.
    pub async fn attachment(
        &self,
        id: i64,
    ) -> Result<Option<(AttachmentRow, Vec<u8>)>, StoreError> {
        const SQL: &str = "SELECT id, entity, entity_id, name, content_type, size, sha256, \
             uploaded_by, uploaded_at, content FROM attachments WHERE id = $1";
        on_pool!(self, p => {
            let row = sqlx::query(SQL).bind(id).fetch_optional(p).await?;
            match row {
                Some(r) => {
                    let content: Vec<u8> = r.try_get("content")?;
                    Ok(Some((attachment_from_row!(r), content)))
                }
                None => Ok(None),
            }
        })
    }
}
