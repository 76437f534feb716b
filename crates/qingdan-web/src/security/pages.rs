//! The 安全管理员's page: the settings in force, and the sign-in delays with a button to
//! release each.

use crate::framework::access::Caller;
use crate::framework::extract::{Protected, csrf_form};
use crate::framework::page::{Layout, china_time, render_page};
use crate::framework::state::AppState;
use crate::security::api::{SecuritySettings, settings_of};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/security", get(page))
        .route("/security/clear", post(clear_submit))
}

struct Row {
    username: String,
    address: String,
    failures: i64,
    last_failure: String,
    delayed_until: Option<String>,
}

#[derive(Template)]
#[template(path = "security.html")]
struct SecurityPage {
    layout: Layout,
    settings: SecuritySettings,
    rows: Vec<Row>,
    csrf: String,
    notice: Option<String>,
    error: Option<String>,
}

const PURPOSE: &str = "security";

async fn view(state: &AppState, caller: &Caller) -> Result<SecurityPage, Response> {
    let rows = qingdan_app::security::sign_in_failures(state.app())
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "security page");
            (StatusCode::INTERNAL_SERVER_ERROR, "服务器内部错误").into_response()
        })?;
    Ok(SecurityPage {
        layout: Layout::plain(state, "security", "安全管理"),
        settings: settings_of(state),
        rows: rows
            .into_iter()
            .map(|r| Row {
                username: r.username,
                address: r.address,
                failures: r.failures,
                last_failure: china_time(&r.last_failure),
                delayed_until: r.delayed_until.as_deref().map(china_time),
            })
            .collect(),
        csrf: caller
            .session
            .as_ref()
            .map(|s| qingdan_identity::csrf_token(&s.token_hash, PURPOSE))
            .unwrap_or_default(),
        notice: None,
        error: None,
    })
}

async fn page(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
) -> Response {
    match view(&state, &caller).await {
        Ok(p) => render_page(p),
        Err(r) => r,
    }
}

/// The release form.
#[derive(Debug, Deserialize)]
pub struct ClearForm {
    csrf: String,
    username: String,
    #[serde(default)]
    address: String,
}

csrf_form!(ClearForm, PURPOSE);

async fn clear_submit(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
    Protected(f): Protected<ClearForm>,
) -> Response {
    let outcome = qingdan_app::security::clear(state.app(), &caller, &f.username, &f.address).await;
    let mut page = match view(&state, &caller).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    match outcome {
        Ok(n) => {
            let from = if f.address.is_empty() {
                String::new()
            } else {
                format!("（来自 {}）", f.address)
            };
            page.notice = Some(format!(
                "已解除 {}{from} 的登录延迟，清除 {n} 次失败记录。",
                f.username
            ));
            render_page(page)
        }
        Err(e) => {
            page.error = Some(e.to_string());
            let mut r = render_page(page);
            *r.status_mut() = StatusCode::BAD_REQUEST;
            r
        }
    }
}
