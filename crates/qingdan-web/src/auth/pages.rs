//! The sign-in page, sign-out, and the session cookie. Forms carry CSRF tokens: before sign-in
//! a double-submit cookie, after it a token bound to the session.

use crate::auth::api::{SignInError, sign_in};
use crate::framework::access::Caller;
use crate::framework::clock::stamp;
use crate::framework::cookie::{
    CSRF_COOKIE, SESSION_COOKIE, constant_eq, cookie, csrf_value, set_cookie,
};
use crate::framework::limit::ClientAddress;
use crate::framework::page::{Layout, render_page};
use crate::framework::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_page).post(login_submit))
        .route("/logout", post(logout_submit))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    layout: Layout,
    username: String,
    next: String,
    csrf: String,
    error: Option<String>,
}

/// The page's query.
#[derive(Debug, Default, Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

/// Only a local path may be a redirect target (no open redirect).
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/".to_string(),
    }
}

async fn login_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<LoginQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let next = safe_next(query.as_ref().ok().and_then(|q| q.next.as_deref()));
    let (csrf, fresh) = csrf_value(&headers);
    let page = LoginPage {
        layout: Layout::plain(&state, "login", "登录"),
        username: String::new(),
        next,
        csrf: csrf.clone(),
        error: None,
    };
    let mut response = render_page(page);
    if fresh && let Some(c) = set_cookie(CSRF_COOKIE, &csrf, None) {
        response.headers_mut().append(header::SET_COOKIE, c);
    }
    response
}

/// The sign-in form.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
    csrf: String,
}

async fn login_submit(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    form: Result<Form<LoginForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let (csrf, _) = csrf_value(&headers);
    let Ok(Form(f)) = form else {
        return (StatusCode::BAD_REQUEST, "表单无法解析").into_response();
    };
    let next = safe_next(f.next.as_deref());
    let mut page = LoginPage {
        layout: Layout::plain(&state, "login", "登录"),
        username: f.username.clone(),
        next: next.clone(),
        csrf: csrf.clone(),
        error: None,
    };
    let cookie_csrf = cookie(&headers, CSRF_COOKIE).unwrap_or_default();
    if cookie_csrf.is_empty() || !constant_eq(&cookie_csrf, &f.csrf) {
        page.error = Some("页面已过期，请重新提交（CSRF 校验失败）".into());
        let mut r = render_page(page);
        *r.status_mut() = StatusCode::FORBIDDEN;
        return r;
    }
    match sign_in(&state, f.username.trim(), &f.password, "session", &address).await {
        Ok((token, _user)) => {
            let mut r = Redirect::to(&next).into_response();
            let age = state.session_policy().absolute.as_secs();
            if let Some(c) = set_cookie(SESSION_COOKIE, &token, Some(age)) {
                r.headers_mut().append(header::SET_COOKIE, c);
            }
            r
        }
        Err(e) => {
            let (status, message) = match e {
                SignInError::Wrong => (StatusCode::UNAUTHORIZED, "用户名或密码错误".to_string()),
                other => {
                    let api = other.into_api();
                    (api.status(), api.message().to_string())
                }
            };
            page.error = Some(message);
            let mut r = render_page(page);
            *r.status_mut() = status;
            r
        }
    }
}

/// The sign-out form.
#[derive(Debug, Deserialize)]
pub struct LogoutForm {
    csrf: String,
}

async fn logout_submit(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
    form: Result<Form<LogoutForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Some(session) = caller.session else {
        return Redirect::to("/").into_response();
    };
    let presented = form.map(|Form(f)| f.csrf).unwrap_or_default();
    if !qingdan_identity::csrf_ok(&session.token_hash, "logout", &presented) {
        return (StatusCode::FORBIDDEN, "CSRF 校验失败").into_response();
    }
    if let Err(e) = state
        .store()
        .delete_session(
            &session.token_hash,
            &session.user,
            &stamp(state.clock().now()),
        )
        .await
    {
        tracing::error!(error = %e, "sign-out failed");
    }
    let mut r = Redirect::to("/").into_response();
    if let Some(c) = set_cookie(SESSION_COOKIE, "", Some(0)) {
        r.headers_mut().append(header::SET_COOKIE, c);
    }
    r
}
