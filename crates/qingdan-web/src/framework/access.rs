//! Who is asking, and whether they may: the access policy applied to every route in one place,
//! and the caller (from an API token or the session cookie) that every feature's handlers
//! receive.
//!
//! Every route is listed in [`POLICY`] with the [`Action`] it performs; the [`enforce`]
//! middleware looks the matched route up and asks `qingdan_identity::authorize`. A route missing
//! from the table is refused (fail closed), and a test walks the table over HTTP for every role.
//! A refusal of a signed-in user (403) is recorded in the audit log. Signing in and out is the
//! `auth` feature's; the session it opens is read here.

use crate::framework::clock::stamp;
use crate::framework::cookie::{SESSION_COOKIE, cookie};
use crate::framework::error::ApiError;
use crate::framework::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use qingdan_core::audit::NewEvent;
use qingdan_identity::{Action, Denied, DenyCode, Role, Subject, authorize, hash_token};
use qingdan_store::UserRecord;
use std::str::FromStr;

/// Set on every response the access policy refused (`unauthenticated` or `forbidden`), so a
/// refusal by the policy can be told from a handler's own 401/403.
pub const POLICY_HEADER: &str = "x-qingdan-policy";

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
    ("GET", "/api/v1/security/settings", Action::ManageSecurity),
    (
        "GET",
        "/api/v1/security/sign-in-failures",
        Action::ManageSecurity,
    ),
    (
        "POST",
        "/api/v1/security/sign-in-failures/clear",
        Action::ManageSecurity,
    ),
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
    ("GET", "/security", Action::ManageSecurity),
    ("POST", "/security/clear", Action::ManageSecurity),
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
    // HEAD is GET without the body (axum answers it with the GET handler).
    let method = if method == "HEAD" { "GET" } else { method };
    POLICY
        .iter()
        .find(|(m, p, _)| *m == method && *p == path)
        .map(|(_, _, a)| *a)
}

/// The methods the policy lists for `path` (empty when the path is not in it at all).
fn methods_of(path: &str) -> Vec<&'static str> {
    let mut methods: Vec<&'static str> = POLICY
        .iter()
        .filter(|(_, p, _)| *p == path)
        .map(|(m, _, _)| *m)
        .collect();
    methods.sort_unstable();
    methods.dedup();
    methods
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

/// The header an API request signed in by the session cookie carries its CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// What the session's API CSRF token is made for (`qingdan_identity::csrf_token`).
pub const API_CSRF_PURPOSE: &str = "api";

fn bearer(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(|t| t.trim().to_string())
}

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
    if user.disabled || state.session_policy().expired(created_at, last_seen, now) {
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
        let allowed = methods_of(&path);
        if !allowed.is_empty() {
            // A method the path does not take: the client's mistake, not the server's (and
            // not worth an error line anyone could flood the log with).
            tracing::debug!(%method, %path, "method not allowed");
            let allow = allowed.join(", ");
            let mut response = ApiError::method_not_allowed(&method, &allow).into_response();
            if let Ok(value) = axum::http::HeaderValue::from_str(&allow) {
                response
                    .headers_mut()
                    .insert(axum::http::header::ALLOW, value);
            }
            return response;
        }
        // A route that was registered but never listed: a programming error, refused.
        tracing::error!(%method, %path, "route missing from the access policy: refused");
        return ApiError::forbidden("not_in_policy", "该接口未纳入访问策略，已拒绝")
            .into_response();
    };
    let caller = match identify(&state, request.headers()).await {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    // A browser sends the session cookie with any request, a cross-site page's too: an unsafe
    // API request signed in by the cookie alone must also carry the session's CSRF token in a
    // header, which another site cannot set. A bearer token is never sent by a browser on its
    // own, so it needs none; the pages' forms carry their own token (`extract::Protected`).
    if !html
        && !request.method().is_safe()
        && bearer(request.headers()).is_none()
        && let Some(s) = &caller.session
    {
        let given = request
            .headers()
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if !qingdan_identity::csrf_ok(&s.token_hash, API_CSRF_PURPOSE, given) {
            return ApiError::forbidden(
                "csrf_required",
                format!(
                    "以登录会话（Cookie）调用接口时，须在 {CSRF_HEADER} 请求头中带上会话的 CSRF 令牌\
                     （见 GET /api/v1/auth/me 的 csrf_token），或改用 API 令牌（Authorization: Bearer）"
                ),
            )
            .into_response();
        }
    }
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
    // A password set by someone else (an administrator, `qingdan user create`, the first run)
    // or past its expiry must be replaced before anything but reading (等保 2.0 8.1.4.1 a): the
    // API refuses every other write; the pages lead to the password form first. Signing out
    // and changing the password are public actions and stay open.
    if let Some(s) = &caller.session
        && action != Action::ViewPublished
        && action != Action::ViewCatalog
        && (html || !matches!(method.as_str(), "GET" | "HEAD"))
        && state.must_change_password(&s.user)
    {
        if html {
            return Redirect::to("/account/password").into_response();
        }
        return ApiError::forbidden(
            "must_change_password",
            "请先修改密码（POST /api/v1/auth/password）：该密码由他人设置或已过有效期，修改前只能查阅、不能办理",
        )
        .into_response();
    }
    let mut request = request;
    request.extensions_mut().insert(caller.clone());
    let signed_in = caller.session.is_some();
    let mut response = CALLER.scope(caller, next.run(request)).await;
    if signed_in {
        // What a signed-in user sees is theirs: no browser or proxy keeps a copy (等保 2.0
        // 剩余信息保护).
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
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

/// The signed-in user behind the caller, or 401.
pub fn caller_user(caller: &Caller) -> Result<&UserRecord, ApiError> {
    Ok(caller.user_record()?)
}

/// Refuses with 403 and records the attempt.
pub async fn deny(
    state: &AppState,
    caller: &Caller,
    action: Action,
    target: &str,
    d: Denied,
) -> ApiError {
    qingdan_app::record::deny(state.app(), caller, action, target, d)
        .await
        .into()
}
