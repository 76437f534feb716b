//! The public page 找部门 (`/route`): a matter in plain Chinese, the responsible department from
//! the list's boundaries (§二), with the boundary, basis and case behind it.

use crate::framework::page::{Layout, render_page};
use crate::framework::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use qingdan_app::routing::RouteResponse;
use serde::Deserialize;

/// The page's route.
pub fn router() -> Router<AppState> {
    Router::new().route("/route", get(route_page))
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
async fn route_page(
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
