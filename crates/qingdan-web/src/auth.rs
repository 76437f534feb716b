//! Who is asking, and whether they may: sessions and API tokens, the access policy applied to
//! every route in one place, sign-in and sign-out.
//!
//! Every route is listed in [`POLICY`] with the [`Action`] it performs; the [`enforce`]
//! middleware looks the matched route up and asks `qingdan_identity::authorize`. A route missing
//! from the table is refused (fail closed), and a test walks the table over HTTP for every role.
//! A refusal of a signed-in user (403) is recorded in the audit log.

use crate::error::{ApiError, ErrorBody};
use crate::rules_api::json_rejection;
use crate::state::AppState;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use qingdan_core::audit::NewEvent;
use qingdan_identity::{
    Action, DenyCode, LockoutPolicy, Role, SessionPolicy, Subject, authorize, hash_token,
};
use qingdan_store::UserRecord;
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use utoipa::ToSchema;

/// Set on every response the access policy refused (`unauthenticated` or `forbidden`), so a
/// refusal by the policy can be told from a handler's own 401/403.
pub const POLICY_HEADER: &str = "x-qingdan-policy";

/// The session cookie.
pub const SESSION_COOKIE: &str = "qingdan_session";
/// The double-submit CSRF cookie for forms used before sign-in.
pub const CSRF_COOKIE: &str = "qingdan_csrf";

/// Every route and the action it performs. Order does not matter; a route not listed is refused.
pub const POLICY: &[(&str, &str, Action)] = &[
    ("GET", "/healthz", Action::ViewPublished),
    ("GET", "/api/v1/openapi.json", Action::ViewPublished),
    ("GET", "/api/v1/catalog", Action::ViewCatalog),
    ("GET", "/api/v1/catalog/duties", Action::ViewCatalog),
    ("GET", "/api/v1/catalog/boundaries", Action::ViewCatalog),
    ("GET", "/api/v1/catalog/systems", Action::ViewCatalog),
    ("GET", "/api/v1/catalog/services", Action::ViewCatalog),
    ("GET", "/api/v1/catalog/versions", Action::ViewCatalog),
    (
        "GET",
        "/api/v1/catalog/export/{format}",
        Action::ViewCatalog,
    ),
    ("GET", "/api/v1/search", Action::Search),
    ("POST", "/api/v1/rules/assess", Action::AssessRules),
    ("POST", "/api/v1/rules/late-fee", Action::AssessRules),
    ("POST", "/api/v1/routing/resolve", Action::RouteMatter),
    ("POST", "/api/v1/auth/token", Action::ViewPublished),
    ("POST", "/api/v1/auth/logout", Action::ViewPublished),
    ("GET", "/api/v1/auth/me", Action::ViewPublished),
    ("POST", "/api/v1/auth/password", Action::ViewPublished),
    ("GET", "/api/v1/audit/verify", Action::VerifyAudit),
    ("GET", "/api/v1/users", Action::ManageUsers),
    ("POST", "/api/v1/users", Action::ManageUsers),
    ("POST", "/api/v1/cases", Action::CreateCase),
    // Record-scoped: the middleware checks the role, the handler the case's office; a step's
    // own action (an officer's act, a leader's approval, legal review) is judged per step.
    ("GET", "/api/v1/cases", Action::ViewCase),
    ("GET", "/api/v1/cases/{id}", Action::ViewCase),
    ("POST", "/api/v1/cases/{id}/steps", Action::ViewCase),
    (
        "GET",
        "/api/v1/cases/{id}/documents/{kind}",
        Action::ViewCase,
    ),
    ("GET", "/api/v1/cases/{id}/file", Action::ViewCase),
    ("GET", "/api/v1/decisions", Action::ViewPublished),
    ("POST", "/api/v1/complaints", Action::ReportViolation),
    ("GET", "/api/v1/complaints/track", Action::ReportViolation),
    // Record-scoped like cases: the role here, the complaint's office in the handler.
    ("GET", "/api/v1/complaints", Action::HandleComplaint),
    ("GET", "/api/v1/complaints/{id}", Action::HandleComplaint),
    (
        "POST",
        "/api/v1/complaints/{id}/steps",
        Action::HandleComplaint,
    ),
    ("POST", "/api/v1/draws/seeds", Action::ApproveInspection),
    ("POST", "/api/v1/plans", Action::PlanInspections),
    ("GET", "/api/v1/plans", Action::PlanInspections),
    ("GET", "/api/v1/plans/{id}", Action::PlanInspections),
    ("GET", "/api/v1/registry", Action::PlanInspections),
    ("POST", "/api/v1/registry/flags", Action::PlanInspections),
    // 双随机一公开: the draws, their records and candidate lists are public.
    ("GET", "/api/v1/draws", Action::ViewPublished),
    ("GET", "/api/v1/draws/{id}", Action::ViewPublished),
    (
        "GET",
        "/api/v1/draws/{id}/candidates.csv",
        Action::ViewPublished,
    ),
    (
        "GET",
        "/api/v1/draws/{id}/excluded.csv",
        Action::ViewPublished,
    ),
    // Record-scoped: the role here, the task's office in the handler.
    ("POST", "/api/v1/tasks", Action::ConductInspection),
    ("GET", "/api/v1/tasks", Action::ConductInspection),
    ("GET", "/api/v1/tasks/{id}", Action::ConductInspection),
    (
        "POST",
        "/api/v1/tasks/{id}/steps",
        Action::ConductInspection,
    ),
    (
        "POST",
        "/api/v1/tasks/{id}/attachments",
        Action::ConductInspection,
    ),
    ("GET", "/api/v1/attachments/{id}", Action::ConductInspection),
    ("GET", "/api/v1/results", Action::ViewPublished),
    ("POST", "/api/v1/conflicts", Action::ConductInspection),
    ("GET", "/", Action::ViewCatalog),
    ("GET", "/duties", Action::ViewCatalog),
    ("GET", "/boundaries", Action::ViewCatalog),
    ("GET", "/boundaries/{no}", Action::ViewCatalog),
    ("GET", "/systems", Action::ViewCatalog),
    ("GET", "/systems/{no}", Action::ViewCatalog),
    ("GET", "/services", Action::ViewCatalog),
    ("GET", "/search", Action::Search),
    ("GET", "/route", Action::RouteMatter),
    ("GET", "/rules", Action::AssessRules),
    ("GET", "/static/style.css", Action::ViewPublished),
    ("GET", "/login", Action::ViewPublished),
    ("POST", "/login", Action::ViewPublished),
    ("POST", "/logout", Action::ViewPublished),
    ("GET", "/admin/users", Action::ManageUsers),
    ("POST", "/admin/users", Action::ManageUsers),
    ("POST", "/admin/users/{name}/status", Action::ManageUsers),
    ("POST", "/admin/offices", Action::ManageOffices),
    ("GET", "/decisions", Action::ViewPublished),
    ("GET", "/cases", Action::ViewCase),
    ("GET", "/cases/new", Action::CreateCase),
    ("POST", "/cases/new", Action::CreateCase),
    ("GET", "/cases/{id}", Action::ViewCase),
    ("POST", "/cases/{id}/steps", Action::ViewCase),
    ("GET", "/complaints/new", Action::ReportViolation),
    ("POST", "/complaints/new", Action::ReportViolation),
    ("GET", "/complaints/track", Action::ReportViolation),
    ("GET", "/complaints", Action::HandleComplaint),
    ("GET", "/complaints/{id}", Action::HandleComplaint),
    ("POST", "/complaints/{id}/steps", Action::HandleComplaint),
    ("GET", "/plans", Action::PlanInspections),
    ("POST", "/plans", Action::PlanInspections),
    ("POST", "/plans/seed", Action::ApproveInspection),
    ("GET", "/plans/{id}", Action::PlanInspections),
    ("GET", "/draws", Action::ViewPublished),
    ("GET", "/tasks", Action::ConductInspection),
    ("POST", "/tasks", Action::ConductInspection),
    ("GET", "/tasks/{id}", Action::ConductInspection),
    ("POST", "/tasks/{id}/steps", Action::ConductInspection),
    ("GET", "/results", Action::ViewPublished),
    ("GET", "/account/password", Action::ViewPublished),
    ("POST", "/account/password", Action::ViewPublished),
];

/// Actions about one record: the middleware judges the role only, and the handler judges the
/// record (its office, its handlers) once it has read it.
pub fn record_scoped(action: Action) -> bool {
    matches!(
        action,
        Action::ActOnCase
            | Action::ViewCase
            | Action::ViewComplaintIdentity
            | Action::HandleComplaint
            | Action::ConductInspection
    )
}

/// The action a route performs, if it is in the policy.
pub fn action_of(method: &str, path: &str) -> Option<Action> {
    POLICY
        .iter()
        .find(|(m, p, _)| *m == method && *p == path)
        .map(|(_, _, a)| *a)
}

pub use qingdan_app::{Caller, Session};

tokio::task_local! {
    /// The caller of the request being served (pages read it for the header).
    pub static CALLER: Caller;
}

/// The caller of the current request, outside handlers' arguments (the page layout).
pub fn current_caller() -> Option<Caller> {
    CALLER.try_with(Clone::clone).ok()
}

pub use qingdan_app::staff::actor_of;

/// A cookie's value.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(|t| t.trim().to_string())
}

pub use qingdan_app::clock::stamp;

/// Identifies the caller from a bearer token or the session cookie. A bearer token that is not
/// valid is an error (401); a stale cookie is simply ignored.
async fn identify(state: &AppState, headers: &HeaderMap) -> Result<Caller, ApiError> {
    let (token, from_bearer) = match bearer(headers) {
        Some(t) => (t, true),
        None => match cookie(headers, SESSION_COOKIE) {
            Some(t) if !t.is_empty() => (t, false),
            _ => return Ok(Caller::anonymous()),
        },
    };
    let refuse = || {
        if from_bearer {
            Err(ApiError::unauthenticated("令牌无效或已过期，请重新获取"))
        } else {
            Ok(Caller::anonymous())
        }
    };
    let hash = hash_token(&token);
    let found = state
        .store()
        .session(&hash)
        .await
        .map_err(|e| ApiError::internal(&e))?;
    let Some((user, kind, created, seen)) = found else {
        return refuse();
    };
    let now = state.clock().now();
    let parse = |s: &str| Timestamp::from_str(s).ok();
    let (Some(created_at), Some(last_seen)) = (parse(&created), parse(&seen)) else {
        return refuse();
    };
    if user.disabled || SessionPolicy::DEFAULT.expired(created_at, last_seen, now) {
        return refuse();
    }
    let Some(actor) = actor_of(&user) else {
        return refuse();
    };
    if now.duration_since(last_seen) > jiff::SignedDuration::from_secs(60) {
        let _ = state.store().touch_session(&hash, &stamp(now)).await;
    }
    Ok(Caller {
        subject: Subject::User(actor),
        session: Some(Session {
            user,
            token_hash: hash,
            kind,
        }),
    })
}

fn wants_html(path: &str) -> bool {
    !(path.starts_with("/api/") || path == "/healthz")
}

/// The middleware every routed request goes through.
pub async fn enforce(
    State(state): State<AppState>,
    matched: Option<MatchedPath>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().as_str().to_string();
    let path = matched
        .as_ref()
        .map(|m| m.as_str().to_string())
        .unwrap_or_default();
    let html = wants_html(&path);
    let Some(action) = action_of(&method, &path) else {
        tracing::error!(%method, %path, "route missing from the access policy: refused");
        return ApiError::forbidden("not_in_policy", "该接口未纳入访问策略，已拒绝")
            .into_response();
    };
    let caller = match identify(&state, request.headers()).await {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    // Record-scoped actions are judged again by their handlers with the record; here the role.
    let verdict = if record_scoped(action) {
        role_gate(&caller.subject, action)
    } else {
        authorize(&caller.subject, action, None, state.clock().today())
    };
    if let Err(denied) = verdict {
        if denied.code == DenyCode::Unauthenticated {
            let mut r = if html {
                let target = request
                    .uri()
                    .path_and_query()
                    .map(|p| p.as_str())
                    .unwrap_or("/");
                Redirect::to(&format!("/login?next={}", encode(target))).into_response()
            } else {
                ApiError::unauthenticated(&denied.message).into_response()
            };
            r.headers_mut()
                .insert(POLICY_HEADER, HeaderValue::from_static("unauthenticated"));
            return r;
        }
        let event = NewEvent::access_denied(
            &stamp(state.clock().now()),
            &caller.actor_name(),
            action.as_str(),
            &format!("{method} {path}"),
            &denied.message,
        );
        if let Err(e) = state.store().record(event).await {
            tracing::error!(error = %e, "could not record a refused attempt");
        }
        let mut r = ApiError::forbidden(denied.code.as_str(), &denied.message).into_response();
        r.headers_mut()
            .insert(POLICY_HEADER, HeaderValue::from_static("forbidden"));
        return r;
    }
    // A one-time password must be replaced before anything but reading public pages, signing
    // out and changing it.
    if let Some(s) = &caller.session
        && s.user.must_change_password
        && action != Action::ViewPublished
        && action != Action::ViewCatalog
    {
        if html {
            return Redirect::to("/account/password").into_response();
        }
        return ApiError::forbidden(
            "must_change_password",
            "请先修改一次性密码（POST /api/v1/auth/password）",
        )
        .into_response();
    }
    let mut request = request;
    request.extensions_mut().insert(caller.clone());
    CALLER.scope(caller, next.run(request)).await
}

fn role_gate(subject: &Subject, action: Action) -> Result<(), qingdan_identity::Denied> {
    let roles = qingdan_identity::allowed_roles(action);
    match subject {
        Subject::Anonymous if !roles.contains(&Role::Public) => Err(qingdan_identity::Denied {
            code: DenyCode::Unauthenticated,
            message: "请先登录".into(),
        }),
        Subject::User(a) if !roles.contains(&a.role) => Err(qingdan_identity::Denied {
            code: DenyCode::Forbidden,
            message: format!("{}无权{}", a.role.label(), action.label()),
        }),
        _ => Ok(()),
    }
}

/// Percent-encodes a path for a query value.
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_./".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Sign-in credentials.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    /// 用户名。
    pub username: String,
    /// 密码。
    pub password: String,
}

/// An API token.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// 在请求头中使用：Authorization: Bearer TOKEN。
    pub token: String,
    /// 必须修改密码（首个管理员的一次性密码）。
    pub must_change_password: bool,
}

/// Why a sign-in failed, for the caller and the log.
pub enum SignInError {
    /// Wrong name or password (one message for both: no user enumeration).
    Wrong,
    /// Locked until the time given.
    Locked(Timestamp),
    /// Internal.
    Internal(ApiError),
}

impl SignInError {
    /// The API error.
    pub fn into_api(self) -> ApiError {
        match self {
            SignInError::Wrong => ApiError::unauthenticated("用户名或密码错误"),
            SignInError::Locked(until) => ApiError::too_many(format!(
                "登录失败次数过多，账户已锁定，请于 {} 后再试",
                crate::clock::china().to_datetime(until).strftime("%H:%M")
            )),
            SignInError::Internal(e) => e,
        }
    }
}

/// A dummy hash verified when the user does not exist, so both paths take argon2's time.
const DUMMY_PHC: &str = "$argon2id$v=19$m=19456,t=2,p=1$cWluZ2RhbnF1aW5nZGFu$Ayy6qXlJpFnXt4wXrhl3ZC6Lp7ZsF0+qUGV0yN1kH9s";

/// Checks a name and password against the store with lock-out; on success opens a session of
/// `kind` and returns its token.
pub async fn sign_in(
    state: &AppState,
    username: &str,
    password: &str,
    kind: &str,
) -> Result<(String, UserRecord), SignInError> {
    let store = state.store();
    let now = state.clock().now();
    let policy = LockoutPolicy::DEFAULT;
    let since = stamp(now - policy.window);
    let failures: Vec<Timestamp> = store
        .login_failures_since(username, &since)
        .await
        .map_err(|e| SignInError::Internal(ApiError::internal(&e)))?
        .iter()
        .filter_map(|s| Timestamp::from_str(s).ok())
        .collect();
    if let Some(until) = policy.locked_until(&failures, now) {
        return Err(SignInError::Locked(until));
    }
    let user = store
        .user_by_name(username)
        .await
        .map_err(|e| SignInError::Internal(ApiError::internal(&e)))?;
    let hash = user
        .as_ref()
        .map(|u| u.password_hash.as_str())
        .unwrap_or(DUMMY_PHC);
    let password_ok = qingdan_identity::verify_password(password, hash);
    let user = match user {
        Some(u) if password_ok && !u.disabled => u,
        other => {
            let why = match other {
                None => "用户不存在",
                Some(u) if u.disabled => "账户已停用",
                Some(_) => "密码错误",
            };
            store
                .record_login_failure(username, why, &stamp(now))
                .await
                .map_err(|e| SignInError::Internal(ApiError::internal(&e)))?;
            return Err(SignInError::Wrong);
        }
    };
    let secret = qingdan_identity::new_secret()
        .map_err(|e| SignInError::Internal(ApiError::internal(&e)))?;
    store
        .create_session(secret.hash(), &user, kind, &stamp(now))
        .await
        .map_err(|e| SignInError::Internal(ApiError::internal(&e)))?;
    Ok((secret.token().to_string(), user))
}

/// Exchanges a user name and password for an API token.
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "auth", request_body = TokenRequest,
    responses((status = 200, body = TokenResponse), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub(crate) async fn token(
    State(state): State<AppState>,
    body: Result<Json<TokenRequest>, JsonRejection>,
) -> Result<Json<TokenResponse>, ApiError> {
    let Json(r) = body.map_err(json_rejection)?;
    if r.username.trim().is_empty() {
        return Err(ApiError::invalid(
            "invalid_input",
            "username",
            "请输入用户名",
        ));
    }
    let (token, user) = sign_in(&state, r.username.trim(), &r.password, "api")
        .await
        .map_err(SignInError::into_api)?;
    Ok(Json(TokenResponse {
        token,
        must_change_password: user.must_change_password,
    }))
}

/// Revokes the API token (or session) the request carries.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth",
    responses((status = 204, description = "已退出"), (status = 401, body = ErrorBody)))]
pub(crate) async fn logout(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
) -> Result<StatusCode, ApiError> {
    let Some(session) = caller.session else {
        return Err(ApiError::unauthenticated("未登录"));
    };
    state
        .store()
        .delete_session(
            &session.token_hash,
            &session.user,
            &stamp(state.clock().now()),
        )
        .await
        .map_err(|e| ApiError::internal(&e))?;
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in user.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    /// 用户名。
    pub username: String,
    /// 姓名。
    pub display_name: String,
    /// 角色。
    pub role: String,
    /// 股室。
    pub office: Option<String>,
    /// 执法证号。
    pub certificate_number: Option<String>,
    /// 执法证有效期至。
    pub certificate_valid_until: Option<String>,
}

/// Who the token belongs to.
#[utoipa::path(get, path = "/api/v1/auth/me", tag = "auth",
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
pub(crate) async fn me(
    axum::Extension(caller): axum::Extension<Caller>,
) -> Result<Json<Me>, ApiError> {
    let Some(s) = caller.session else {
        return Err(ApiError::unauthenticated("未登录"));
    };
    Ok(Json(Me {
        username: s.user.username,
        display_name: s.user.display_name,
        role: s.user.role,
        office: s.user.office,
        certificate_number: s.user.certificate_number,
        certificate_valid_until: s.user.certificate_valid_until,
    }))
}

/// A password change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordRequest {
    /// 当前密码。
    pub current_password: String,
    /// 新密码：至少 10 位，不能只含一类字符，不能与用户名相同。
    pub new_password: String,
}

/// Changes the signed-in user's password (and ends the one-time password's restriction).
#[utoipa::path(post, path = "/api/v1/auth/password", tag = "auth", request_body = PasswordRequest,
    responses((status = 204, description = "已修改"), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub(crate) async fn change_password(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
    body: Result<Json<PasswordRequest>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let Json(r) = body.map_err(json_rejection)?;
    let Some(session) = caller.session else {
        return Err(ApiError::unauthenticated("未登录"));
    };
    let user = &session.user;
    if !qingdan_identity::verify_password(&r.current_password, &user.password_hash) {
        return Err(ApiError::invalid(
            "invalid_input",
            "current_password",
            "当前密码不正确",
        ));
    }
    if r.new_password == r.current_password {
        return Err(ApiError::invalid(
            "invalid_input",
            "new_password",
            "新密码不能与当前密码相同",
        ));
    }
    qingdan_identity::check_password_strength(&r.new_password, &user.username)
        .map_err(|e| ApiError::invalid("invalid_input", "new_password", e.to_string()))?;
    let hash =
        qingdan_identity::hash_password(&r.new_password).map_err(|e| ApiError::internal(&e))?;
    state
        .store()
        .set_password(user, &hash, &stamp(state.clock().now()))
        .await
        .map_err(|e| ApiError::internal(&e))?;
    Ok(StatusCode::NO_CONTENT)
}
