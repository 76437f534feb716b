//! The frame of every server-rendered page: the layout (bureau, version, the signed-in user and
//! the sign-out token), rendering with a plain 500 page on a template failure, the message and
//! error pages, the 404 page, the stylesheet, and the session-bound CSRF token of signed-in forms
//! (`csrf`, `csrf_ok`, `stale_form`). Pages work without JavaScript and read on a phone.

use crate::framework::access::Caller;
use crate::framework::error::ApiError;
use crate::framework::state::{AppState, Loaded};
use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use std::str::FromStr;

const STYLE: &str = include_str!("../../static/style.css");

/// `GET /static/style.css`: the one stylesheet.
pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE,
    )
        .into_response()
}

/// What every page's frame shows.
pub struct Layout {
    /// The bureau, for the header.
    pub bureau: String,
    /// The catalog version, for the footer.
    pub version: i64,
    /// When that version was imported.
    pub imported_at: String,
    /// Which nav entry is active.
    pub active: &'static str,
    /// The search box's content.
    pub query: String,
    /// The page's title.
    pub title: String,
    /// The signed-in user, as shown in the header (name and role).
    pub user: Option<String>,
    /// The sign-out form's CSRF token.
    pub logout_csrf: String,
    /// Whether to show the administrator's links.
    pub admin: bool,
    /// Whether to show the 安全管理员's link.
    pub security: bool,
    /// Whether to show the case-handling links (officers, leaders, legal; no administrator
    /// reads cases or complaints: 三员分立).
    pub staff: bool,
}

/// The header's view of the caller: who, and the sign-out token.
fn who() -> (Option<String>, String, bool, bool, bool) {
    match crate::framework::access::current_caller().and_then(|c| c.session) {
        Some(s) => {
            let admin = s.user.role == "admin";
            let security = s.user.role == "security";
            let staff = matches!(s.user.role.as_str(), "officer" | "leader" | "legal");
            let role = qingdan_identity::Role::from_str(&s.user.role)
                .map(|r| r.label())
                .unwrap_or("");
            (
                Some(format!("{}（{role}）", s.user.display_name)),
                qingdan_identity::csrf_token(&s.token_hash, "logout"),
                admin,
                staff,
                security,
            )
        }
        None => (None, String::new(), false, false, false),
    }
}

impl Layout {
    /// A frame for pages that do not need the catalog (still naming the bureau when loaded).
    pub fn plain(state: &AppState, active: &'static str, title: &str) -> Layout {
        match state.current() {
            Some(l) => Layout::new(&l, active, title),
            None => {
                let (user, logout_csrf, admin, staff, security) = who();
                Layout {
                    staff,
                    security,
                    bureau: "清单".into(),
                    version: 0,
                    imported_at: String::new(),
                    active,
                    query: String::new(),
                    title: title.into(),
                    user,
                    logout_csrf,
                    admin,
                }
            }
        }
    }

    /// The frame of a page about the loaded catalog `l`.
    pub fn new(l: &Loaded, active: &'static str, title: impl Into<String>) -> Layout {
        let (user, logout_csrf, admin, staff, security) = who();
        Layout {
            staff,
            security,
            user,
            logout_csrf,
            admin,
            bureau: l.catalog.bureau.clone(),
            version: l.info.id,
            imported_at: china_time(&l.info.imported_at),
            active,
            query: String::new(),
            title: title.into(),
        }
    }
}

/// An RFC 3339 instant as the bureau reads it: China Standard Time, to the minute.
pub fn china_time(stamp: &str) -> String {
    match jiff::Timestamp::from_str(stamp) {
        Ok(t) => crate::framework::clock::china()
            .to_datetime(t)
            .strftime("%Y年%m月%d日 %H:%M")
            .to_string(),
        Err(_) => stamp.to_string(),
    }
}

/// Renders a page; a template failure is logged and shown as a plain 500 page.
pub fn render_page(t: impl Template) -> Response {
    render(t)
}

/// A form's answer after a refusal: the page built again (with the reason) under the refusal's
/// status, or the error page if even that could not be built.
pub fn page_or_error(
    state: &AppState,
    page: Result<impl Template, ApiError>,
    status: axum::http::StatusCode,
) -> Response {
    match page {
        Ok(p) => {
            let mut r = render(p);
            *r.status_mut() = status;
            r
        }
        Err(e) => error_page(state, &e),
    }
}

fn render(t: impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, Html(ERROR_500)).into_response()
        }
    }
}

const ERROR_500: &str = "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>服务器错误</title><p>服务器内部错误，请稍后再试。</p></html>";

#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage {
    layout: Layout,
    heading: String,
    message: String,
}

/// A page with a heading and a message under `status` (the catalog's frame when one is loaded).
pub fn message(status: StatusCode, l: Option<&Loaded>, heading: &str, text: &str) -> Response {
    let page = MessagePage {
        layout: l.map(|l| Layout::new(l, "", heading)).unwrap_or_else(|| {
            let (user, logout_csrf, admin, staff, security) = who();
            Layout {
                staff,
                security,
                bureau: "清单".into(),
                version: 0,
                imported_at: String::new(),
                active: "",
                query: String::new(),
                title: heading.into(),
                user,
                logout_csrf,
                admin,
            }
        }),
        heading: heading.into(),
        message: text.into(),
    };
    let mut response = render(page);
    *response.status_mut() = status;
    response
}

/// The CSRF token of a signed-in caller's form for `purpose` (empty when not signed in).
pub fn csrf(caller: &Caller, purpose: &str) -> String {
    caller
        .session
        .as_ref()
        .map(|s| qingdan_identity::csrf_token(&s.token_hash, purpose))
        .unwrap_or_default()
}

/// Whether `given` is the caller's CSRF token for `purpose`.
pub fn csrf_ok(caller: &Caller, purpose: &str, given: &str) -> bool {
    caller
        .session
        .as_ref()
        .is_some_and(|s| qingdan_identity::csrf_ok(&s.token_hash, purpose, given))
}

/// The answer to a form whose CSRF token does not hold.
pub fn stale_form() -> Response {
    (
        StatusCode::FORBIDDEN,
        "页面已过期，请刷新后重新提交（CSRF 校验失败）",
    )
        .into_response()
}

/// A refusal or failure shown as a page: the API's Chinese message under its status.
pub fn error_page(state: &AppState, e: &ApiError) -> Response {
    message(
        e.status(),
        state.current().as_deref(),
        "无法办理",
        e.message(),
    )
}

/// The 404 page.
pub async fn not_found(State(state): State<AppState>) -> Response {
    message(
        StatusCode::NOT_FOUND,
        state.current().as_deref(),
        "页面不存在",
        "您要找的页面不存在。请从上方导航进入，或在搜索框中输入关键词。",
    )
}

/// `text` percent-encoded for a query string (everything but ASCII letters, digits and `-._~`).
pub fn query_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod escape_tests {
    #[test]
    fn query_escape_keeps_only_unreserved() {
        assert_eq!(super::query_escape("安 a&b=c"), "%E5%AE%89%20a%26b%3Dc");
    }
}
