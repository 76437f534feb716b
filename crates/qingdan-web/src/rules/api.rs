//! The rules endpoints: `POST /api/v1/rules/assess` and `POST /api/v1/rules/late-fee`. The wire
//! types and their parsing into `qingdan-rules` inputs are the application's
//! ([`qingdan_app::rules`]), shared with the CLI, so both accept and refuse exactly the same
//! input.

use crate::framework::error::{ApiError, ErrorBody};
use crate::framework::extract::ApiJson;
use crate::framework::state::AppState;
use axum::Json;
use axum::extract::State;
use qingdan_app::rules::{AssessRequest, AssessResponse, LateFeeRequest, LateFeeResponse};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Adds the rules' API routes to `router`.
pub fn api_routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(assess))
        .routes(routes!(late_fee_handler))
}

/// Assesses a violation: enforcer, measures, fine and range, tier, procedure, basis and reasons.
#[utoipa::path(post, path = "/api/v1/rules/assess", tag = "rules", request_body = AssessRequest,
    responses((status = 200, body = AssessResponse), (status = 400, body = ErrorBody)))]
pub(crate) async fn assess(
    State(state): State<AppState>,
    body: ApiJson<AssessRequest>,
) -> Result<Json<AssessResponse>, ApiError> {
    let ApiJson(request) = body;
    let response = qingdan_app::rules::assess(state.engine(), request, state.clock().today())?;
    Ok(Json(response))
}

/// Computes a late fee (wall fund 0.05% a day; fine 3% a day), never above the principal.
#[utoipa::path(post, path = "/api/v1/rules/late-fee", tag = "rules", request_body = LateFeeRequest,
    responses((status = 200, body = LateFeeResponse), (status = 400, body = ErrorBody)))]
pub(crate) async fn late_fee_handler(
    State(state): State<AppState>,
    body: ApiJson<LateFeeRequest>,
) -> Result<Json<LateFeeResponse>, ApiError> {
    let ApiJson(r) = body;
    Ok(Json(qingdan_app::rules::late_fee(&state.engine().law, r)?))
}
