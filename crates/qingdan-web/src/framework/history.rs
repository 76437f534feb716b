//! A record's history as shown by every feature (cases, complaints, tasks): its events from the
//! audit log, oldest first.

use crate::framework::error::{ApiError, store_error};
use crate::framework::state::AppState;
use serde::Serialize;
use utoipa::ToSchema;

/// An entry of the case's history (from the audit log).
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryEntry {
    /// 审计事件序号。
    pub seq: i64,
    /// 时间（UTC）。
    pub at: String,
    /// 操作人。
    pub actor: String,
    /// 动作，如 case.notify。
    pub action: String,
    /// 摘要。
    pub summary: String,
}

/// A record's history: its events from the audit log, oldest first.
pub async fn history(
    state: &AppState,
    entity: &str,
    id: &str,
) -> Result<Vec<HistoryEntry>, ApiError> {
    Ok(state
        .store()
        .events_for(entity, id)
        .await
        .map_err(store_error)?
        .into_iter()
        .map(|e| HistoryEntry {
            seq: e.seq,
            at: e.at,
            actor: e.actor,
            action: e.action,
            summary: e.reason,
        })
        .collect())
}
