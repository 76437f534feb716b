//! `POST /api/v1/routing/resolve`: given a matter in plain Chinese, the responsible department
//! from the list's boundaries (§二). The wire types and the use case are the application's
//! ([`qingdan_app::routing`]), shared with the CLI.

use crate::framework::error::{ApiError, ErrorBody};
use crate::framework::extract::ApiJson;
use crate::framework::state::AppState;
use axum::Json;
use axum::extract::State;
use qingdan_app::routing::{RouteRequest, RouteResponse};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Adds the routing API route to `router`.
pub fn api_routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router.routes(routes!(resolve))
}

/// Finds the department responsible for a matter, with the boundary, basis and case behind it.
#[utoipa::path(post, path = "/api/v1/routing/resolve", tag = "rules", request_body = RouteRequest,
    responses((status = 200, body = RouteResponse), (status = 400, body = ErrorBody)))]
pub(crate) async fn resolve(
    State(state): State<AppState>,
    body: ApiJson<RouteRequest>,
) -> Result<Json<RouteResponse>, ApiError> {
    let ApiJson(request) = body;
    Ok(Json(qingdan_app::routing::resolve(state.app(), &request)?))
}
