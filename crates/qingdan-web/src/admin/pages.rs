//! Pages for the administrator (users and offices) and for every signed-in user (changing the
//! password). Forms carry a CSRF token bound to the session.

use crate::framework::access::Caller;
use crate::framework::clock::stamp;
use crate::framework::extract::{Protected, csrf_form};
use crate::framework::page::{Layout, render_page};
use crate::framework::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/users", get(users_page).post(users_submit))
        .route(
            "/admin/users/{name}/status",
            axum::routing::post(status_submit),
        )
        .route("/admin/offices", axum::routing::post(office_submit))
        .route(
            "/account/password",
            get(password_page).post(password_submit),
        )
}

struct UserRow {
    username: String,
    display_name: String,
    role: &'static str,
    office: String,
    certificate: String,
    disabled: bool,
}

#[derive(Template)]
#[template(path = "admin_users.html")]
struct UsersPage {
    layout: Layout,
    users: Vec<UserRow>,
    offices: Vec<String>,
    roles: Vec<(&'static str, &'static str)>,
    csrf: String,
    error: Option<String>,
    created: Option<String>,
}

fn role_label(role: &str) -> &'static str {
    use std::str::FromStr;
    qingdan_identity::Role::from_str(role)
        .map(|r| r.label())
        .unwrap_or("未知")
}

async fn users_view(state: &AppState, caller: &Caller) -> Result<UsersPage, Response> {
    let internal = |e: &dyn std::error::Error| {
        tracing::error!(error = %e, "admin users page");
        (StatusCode::INTERNAL_SERVER_ERROR, "服务器内部错误").into_response()
    };
    let users = state.store().users().await.map_err(|e| internal(&e))?;
    let offices = state.store().offices().await.map_err(|e| internal(&e))?;
    let csrf = caller
        .session
        .as_ref()
        .map(|s| qingdan_identity::csrf_token(&s.token_hash, "admin-users"))
        .unwrap_or_default();
    Ok(UsersPage {
        layout: Layout::plain(state, "admin", "用户管理"),
        users: users
            .into_iter()
            .map(|u| UserRow {
                role: role_label(&u.role),
                office: u.office.unwrap_or_default(),
                certificate: match (u.certificate_number, u.certificate_valid_until) {
                    (Some(n), Some(d)) => format!("{n}（至 {d}）"),
                    _ => String::new(),
                },
                username: u.username,
                display_name: u.display_name,
                disabled: u.disabled,
            })
            .collect(),
        offices: offices.into_iter().map(|o| o.name).collect(),
        roles: qingdan_identity::Role::ALL
            .iter()
            .map(|r| (r.as_str(), r.label()))
            .collect(),
        csrf,
        error: None,
        created: None,
    })
}

async fn users_page(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
) -> Response {
    match users_view(&state, &caller).await {
        Ok(page) => render_page(page),
        Err(r) => r,
    }
}

/// The new-user form.
#[derive(Debug, Deserialize)]
pub struct UserForm {
    csrf: String,
    username: String,
    display_name: Option<String>,
    role: String,
    office: Option<String>,
    password: String,
    certificate: Option<String>,
    certificate_valid_until: Option<String>,
}

async fn users_submit(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
    Protected(f): Protected<UserForm>,
) -> Response {
    let request = qingdan_app::users::NewUser {
        username: f.username,
        display_name: f.display_name,
        role: f.role,
        office: f.office,
        password: f.password,
        certificate: f.certificate,
        certificate_valid_from: None,
        certificate_valid_until: f.certificate_valid_until,
    };
    let outcome = qingdan_app::users::create(
        state.store(),
        &request,
        &caller.actor_name(),
        &state.stamp(),
    )
    .await
    .map_err(crate::framework::error::ApiError::from);
    let mut page = match users_view(&state, &caller).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    match outcome {
        Ok(u) => {
            page.created = Some(format!(
                "已创建用户 {}（{}）",
                u.username,
                role_label(&u.role)
            ));
            render_page(page)
        }
        Err(e) => {
            page.error = Some(e.message().to_string());
            let mut r = render_page(page);
            *r.status_mut() = e.status();
            r
        }
    }
}

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    layout: Layout,
    csrf: String,
    must_change: bool,
    error: Option<String>,
    done: bool,
}

async fn password_page(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
) -> Response {
    let Some(session) = caller.session.as_ref() else {
        return Redirect::to("/login?next=/account/password").into_response();
    };
    render_page(PasswordPage {
        layout: Layout::plain(&state, "account", "修改密码"),
        csrf: qingdan_identity::csrf_token(&session.token_hash, "password"),
        must_change: state.must_change_password(&session.user),
        error: None,
        done: false,
    })
}

/// The password form.
#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    csrf: String,
    current: String,
    new: String,
    again: String,
}

async fn password_submit(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
    Protected(f): Protected<PasswordForm>,
) -> Response {
    let Some(session) = caller.session.as_ref() else {
        return Redirect::to("/login?next=/account/password").into_response();
    };
    let mut page = PasswordPage {
        layout: Layout::plain(&state, "account", "修改密码"),
        csrf: f.csrf.clone(),
        must_change: state.must_change_password(&session.user),
        error: None,
        done: false,
    };
    let user = &session.user;
    let problem = if !qingdan_identity::verify_password(&f.current, &user.password_hash) {
        Some("当前密码不正确".to_string())
    } else if f.new != f.again {
        Some("两次输入的新密码不一致".to_string())
    } else if f.new == f.current {
        Some("新密码不能与当前密码相同".to_string())
    } else {
        qingdan_identity::check_password_strength(&f.new, &user.username)
            .err()
            .map(|e| e.to_string())
    };
    if let Some(p) = problem {
        page.error = Some(p);
        let mut r = render_page(page);
        *r.status_mut() = StatusCode::BAD_REQUEST;
        return r;
    }
    let hash = match qingdan_identity::hash_password(&f.new) {
        Ok(h) => h,
        Err(e) => {
            tracing::error!(error = %e, "hashing failed");
            return (StatusCode::INTERNAL_SERVER_ERROR, "服务器内部错误").into_response();
        }
    };
    if let Err(e) = state
        .store()
        .set_password(
            user,
            &hash,
            &session.token_hash,
            &stamp(state.clock().now()),
        )
        .await
    {
        tracing::error!(error = %e, "password change failed");
        return (StatusCode::INTERNAL_SERVER_ERROR, "服务器内部错误").into_response();
    }
    page.done = true;
    page.must_change = false;
    render_page(page)
}

/// The enable/disable form of one user.
#[derive(Debug, Deserialize)]
pub struct StatusForm {
    csrf: String,
    disabled: String,
}

async fn status_submit(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
    axum::extract::Path(name): axum::extract::Path<String>,
    Protected(f): Protected<StatusForm>,
) -> Response {
    let Some(session) = caller.session.as_ref() else {
        return Redirect::to("/login?next=/admin/users").into_response();
    };
    let disabled = f.disabled == "true";
    let outcome = if disabled && name == session.user.username {
        Err("不能停用自己的账户".to_string())
    } else {
        state
            .store()
            .set_user_disabled(
                &name,
                disabled,
                &caller.actor_name(),
                &stamp(state.clock().now()),
            )
            .await
            .map_err(|e| e.to_string())
    };
    let mut page = match users_view(&state, &caller).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    match outcome {
        Ok(u) => {
            page.created = Some(format!(
                "已{}用户 {}",
                if u.disabled { "停用" } else { "启用" },
                u.username
            ));
            render_page(page)
        }
        Err(e) => {
            page.error = Some(e);
            let mut r = render_page(page);
            *r.status_mut() = StatusCode::CONFLICT;
            r
        }
    }
}

/// The new-office form.
#[derive(Debug, Deserialize)]
pub struct OfficeForm {
    csrf: String,
    name: String,
}

async fn office_submit(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
    Protected(f): Protected<OfficeForm>,
) -> Response {
    let name = f.name.trim().to_string();
    let n = name.chars().count();
    let outcome = if !(2..=40).contains(&n) || name.chars().any(char::is_control) {
        Err("股室名称应为 2 至 40 个字".to_string())
    } else {
        let existing = state.store().offices().await.map_err(|e| e.to_string());
        match existing {
            Ok(list) if list.iter().any(|o| o.name == name) => Err(format!("股室“{name}”已存在")),
            Ok(_) => state
                .store()
                .ensure_offices(
                    &[name.as_str()],
                    &caller.actor_name(),
                    &stamp(state.clock().now()),
                )
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Err(e) => Err(e),
        }
    };
    let mut page = match users_view(&state, &caller).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    match outcome {
        Ok(()) => {
            page.created = Some(format!("已新增股室 {name}"));
            render_page(page)
        }
        Err(e) => {
            page.error = Some(e);
            let mut r = render_page(page);
            *r.status_mut() = StatusCode::BAD_REQUEST;
            r
        }
    }
}

csrf_form!(UserForm, "admin-users");

csrf_form!(PasswordForm, "password");

csrf_form!(StatusForm, "admin-users");

csrf_form!(OfficeForm, "admin-users");
