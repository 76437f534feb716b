//! `POST /api/v1/routing/resolve` and the public page 找部门 (`/route`): given a matter in plain
//! Chinese, the responsible department from the list's boundaries (§二).

use crate::error::{ApiError, ErrorBody};
use crate::pages::{Layout, render_page};
use crate::rules_api::json_rejection;
use crate::state::AppState;
use askama::Template;
use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use qingdan_routing::{Resolution, RoutingError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A routing request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RouteRequest {
    /// 用平常话描述的事项，如“工地上自己拌混凝土归谁管”，最多 500 字。
    pub text: String,
}

/// The responsible department, or null when nothing in the list covers the text.
#[derive(Debug, Serialize, ToSchema)]
pub struct RouteResponse {
    /// 负责部门；清单未涵盖时为 null。
    pub department: Option<String>,
    /// 所属职责边界的管理事项。
    pub matter: Option<String>,
    /// 职责边界序号（§二）。
    pub boundary_no: Option<u32>,
    /// 相关依据。
    pub basis: Option<String>,
    /// 该部门的职责分工。
    pub division: Option<String>,
    /// 案例。
    pub example: Option<String>,
    /// 说明：为什么是这个部门，或为什么没有。
    pub explanation: String,
    /// 起作用的判定规则编号。
    pub rule: Option<String>,
}

impl From<Resolution> for RouteResponse {
    fn from(r: Resolution) -> Self {
        RouteResponse {
            department: r.department,
            matter: r.matter,
            boundary_no: r.boundary_no,
            basis: r.basis,
            division: r.division,
            example: r.example,
            explanation: r.explanation,
            rule: r.rule,
        }
    }
}

fn routing_error(e: RoutingError) -> ApiError {
    ApiError::invalid("invalid_input", "text", e.to_string())
}

/// Finds the department responsible for a matter, with the boundary, basis and case behind it.
#[utoipa::path(post, path = "/api/v1/routing/resolve", tag = "rules", request_body = RouteRequest,
    responses((status = 200, body = RouteResponse), (status = 400, body = ErrorBody)))]
pub(crate) async fn resolve(
    State(state): State<AppState>,
    body: Result<Json<RouteRequest>, JsonRejection>,
) -> Result<Json<RouteResponse>, ApiError> {
    let Json(request) = body.map_err(json_rejection)?;
    let loaded = state.current().ok_or_else(ApiError::no_catalog)?;
    let resolution = loaded
        .router
        .resolve(&request.text)
        .map_err(routing_error)?;
    Ok(Json(resolution.into()))
}

#[derive(Template)]
#[template(path = "route.html")]
struct RoutePage {
    layout: Layout,
    text: String,
    error: Option<String>,
    result: Option<RouteResponse>,
    basis: Vec<String>,
    example: Vec<String>,
    examples: &'static [&'static str],
}

/// The page's query.
#[derive(Debug, Default, Deserialize)]
pub struct RouteQuery {
    text: Option<String>,
}

/// `GET /route`: the public 找部门 page.
pub(crate) async fn route_page(
    State(state): State<AppState>,
    query: Result<Query<RouteQuery>, QueryRejection>,
) -> Response {
    let text = query.ok().and_then(|Query(q)| q.text).unwrap_or_default();
    let mut page = RoutePage {
        layout: Layout::plain(&state, "route", "找部门"),
        text: text.clone(),
        error: None,
        result: None,
        basis: Vec::new(),
        example: Vec::new(),
        examples: &[
            "工地上自己拌混凝土归谁管",
            "建筑工地用袋装水泥",
            "想把厂里的运输外包出去",
            "开网店找哪个部门",
            "省发改委立项的项目",
            "我家的猫走丢了",
        ],
    };
    let mut status = StatusCode::OK;
    if !text.trim().is_empty() {
        match state.current() {
            None => {
                page.error = Some("尚未导入责任清单".into());
                status = StatusCode::SERVICE_UNAVAILABLE;
            }
            Some(l) => match l.router.resolve(&text) {
                Ok(r) => {
                    let split = |s: &Option<String>| {
                        s.as_deref()
                            .unwrap_or("")
                            .split('\n')
                            .filter(|p| !p.trim().is_empty())
                            .map(str::to_string)
                            .collect::<Vec<_>>()
                    };
                    page.basis = split(&r.basis);
                    page.example = split(&r.example);
                    page.result = Some(r.into());
                }
                Err(e) => {
                    page.error = Some(e.to_string());
                    status = StatusCode::BAD_REQUEST;
                }
            },
        }
    }
    let mut response = render_page(page);
    if response.status() == StatusCode::OK {
        *response.status_mut() = status;
    }
    response
}
