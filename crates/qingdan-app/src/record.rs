//! Recording refusals: every refused attempt is an event in the record, whatever refused it.

use crate::{App, AppError, Caller};
use qingdan_core::audit::NewEvent;
use qingdan_identity::{Action, Denied, Record, authorize};

/// Appends `event` outside any write (a refusal writes nothing else); a failure to record is
/// logged, and the refusal still answered.
pub async fn record(app: &App, event: NewEvent) {
    if let Err(e) = app.store().record(event).await {
        tracing::error!(error = %e, "could not record a refused attempt");
    }
}

/// The policy's refusal: recorded as `access.denied`, answered 403.
pub async fn deny(app: &App, caller: &Caller, action: Action, target: &str, d: Denied) -> AppError {
    record(
        app,
        NewEvent::access_denied(
            &app.stamp(),
            &caller.actor_name(),
            action.as_str(),
            target,
            &d.message,
        ),
    )
    .await;
    AppError::forbidden(d.code.as_str(), d.message)
}

/// Asks the access policy whether `caller` may do `action` on a record of `office` today;
/// a refusal is recorded (see [`deny`]). `target` names what was asked for in the record.
pub async fn authorize_in_office(
    app: &App,
    caller: &Caller,
    action: Action,
    office: &str,
    target: &str,
) -> Result<(), AppError> {
    let record = Record::in_office(office);
    match authorize(&caller.subject, action, Some(&record), app.clock().today()) {
        Ok(()) => Ok(()),
        Err(d) => Err(deny(app, caller, action, target, d).await),
    }
}

/// What was attempted and refused.
#[derive(Debug, Clone)]
pub struct Attempt<'a> {
    /// The event's action, e.g. `case.refused`.
    pub action: &'a str,
    /// The record's kind, e.g. `case`.
    pub entity: &'a str,
    /// The record's id (`new` before it exists).
    pub id: &'a str,
    /// The request as received (the event's after-state).
    pub detail: Option<String>,
}

/// An engine's refusal of an attempt: recorded with its code and reason, answered 409 (400 for
/// `invalid_input`).
pub async fn refused(
    app: &App,
    caller: &Caller,
    attempt: Attempt<'_>,
    code: &'static str,
    field: Option<&'static str>,
    message: String,
) -> AppError {
    let mut event = NewEvent::new(
        &app.stamp(),
        &caller.actor_name(),
        attempt.action,
        attempt.entity,
        attempt.id,
        &format!("{code}：{message}"),
    );
    if let Some(d) = attempt.detail {
        event = event.with_after(d);
    }
    record(app, event).await;
    AppError::refused(code, field, message)
}

/// One Chinese sentence on a verification that held, for the command line and the API: the
/// events, the anchor outside the database (or that there is none), and the sealed rows.
pub fn verified_summary(v: &qingdan_store::Verified) -> String {
    let anchor = match (v.anchored, &v.anchor_key) {
        (Some(n), Some(key)) => format!("库外锚点 {n} 条与库内一致（密钥 {key}）"),
        _ => "未配置库外锚点（--audit-dir），无法发现末尾事件被删除或整条链被改写".to_string(),
    };
    let legacy = if v.rows.not_yet_sealed > 0 {
        format!(
            "；另有 {} 行为旧版本写入、尚未封存，下次办理时封存",
            v.rows.not_yet_sealed
        )
    } else {
        String::new()
    };
    format!(
        "审计链完整：共 {} 条事件，逐条哈希（{}）与链接均核验无误；{anchor}；业务数据 {} 行与审计记录一致{legacy}。",
        v.events,
        v.chain_hash.label(),
        v.rows.checked
    )
}

/// Before a step sent with an `Idempotency-Key`: whether this key already took the step
/// `entity` (`case.step`, `task.step`, `complaint.step`) on record `id` for `actor` — then the
/// request is a retry, answered with the record as it stands (`Ok(true)`) instead of taking the
/// step twice (or being refused as a step out of order). A key used for another request or
/// record is a 409.
pub async fn step_taken(
    app: &App,
    actor: &str,
    key: Option<&qingdan_store::Idempotency<'_>>,
    entity: &str,
    id: i64,
) -> Result<bool, AppError> {
    let Some(k) = key else { return Ok(false) };
    match app.store().idempotent(actor, k.key).await? {
        None => Ok(false),
        Some((e, i, sha)) if e == entity && i == id && sha == k.request_sha256 => Ok(true),
        Some(_) => Err(AppError::conflict(
            "Idempotency-Key",
            format!(
                "Idempotency-Key“{}”已用于另一请求：重试请原样重发，新的请求请换一个键",
                k.key
            ),
        )),
    }
}

/// After a step's save failed with `e`: a retry that raced its first attempt (the key stored
/// by the other) is a replay (`Ok(true)`); anything else is the error.
pub async fn step_raced(
    app: &App,
    actor: &str,
    key: Option<&qingdan_store::Idempotency<'_>>,
    entity: &str,
    id: i64,
    e: qingdan_store::StoreError,
) -> Result<bool, AppError> {
    match (&e, key) {
        (qingdan_store::StoreError::Conflict(m), Some(_)) if m.contains("Idempotency-Key") => {
            if step_taken(app, actor, key, entity, id).await? {
                Ok(true)
            } else {
                Err(e.into())
            }
        }
        _ => Err(e.into()),
    }
}
