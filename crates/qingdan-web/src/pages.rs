//! Server-rendered Chinese pages. They work without JavaScript and read on a phone: every page
//! is plain HTML with one stylesheet; forms are GET forms.

use crate::api::{SearchParams, parse_search};
use crate::auth::Caller;
use crate::docs::{kind_label, url_of};
use crate::state::{AppState, Loaded};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use std::str::FromStr;
use std::sync::Arc;

/// The page routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/duties", get(duties))
        .route("/boundaries", get(boundaries))
        .route("/boundaries/{no}", get(boundary))
        .route("/systems", get(systems))
        .route("/systems/{no}", get(system))
        .route("/services", get(services))
        .route("/search", get(search))
        .route("/rules", get(crate::rules_pages::rules_page))
        .route("/route", get(crate::routing_api::route_page))
        .route("/static/style.css", get(stylesheet))
}

const STYLE: &str = include_str!("../static/style.css");

async fn stylesheet() -> Response {
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
    /// Whether to show the case-handling links (officers, leaders, legal, administrators).
    pub staff: bool,
}

/// The header's view of the caller: who, and the sign-out token.
fn who() -> (Option<String>, String, bool, bool) {
    match crate::auth::current_caller().and_then(|c| c.session) {
        Some(s) => {
            let admin = s.user.role == "admin";
            let staff = matches!(
                s.user.role.as_str(),
                "officer" | "leader" | "legal" | "admin"
            );
            let role = qingdan_identity::Role::from_str(&s.user.role)
                .map(|r| r.label())
                .unwrap_or("");
            (
                Some(format!("{}（{role}）", s.user.display_name)),
                qingdan_identity::csrf_token(&s.token_hash, "logout"),
                admin,
                staff,
            )
        }
        None => (None, String::new(), false, false),
    }
}

impl Layout {
    /// A frame for pages that do not need the catalog (still naming the bureau when loaded).
    pub fn plain(state: &AppState, active: &'static str, title: &str) -> Layout {
        match state.current() {
            Some(l) => Layout::new(&l, active, title),
            None => {
                let (user, logout_csrf, admin, staff) = who();
                Layout {
                    staff,
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

    fn new(l: &Loaded, active: &'static str, title: impl Into<String>) -> Layout {
        let (user, logout_csrf, admin, staff) = who();
        Layout {
            staff,
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
        Ok(t) => crate::clock::china()
            .to_datetime(t)
            .strftime("%Y年%m月%d日 %H:%M")
            .to_string(),
        Err(_) => stamp.to_string(),
    }
}

/// Paragraphs of a `\n`-separated text.
fn paras(text: &str) -> Vec<String> {
    text.split('\n')
        .filter(|p| !p.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// Renders a page; a template failure is logged and shown as a plain 500 page.
pub fn render_page(t: impl Template) -> Response {
    render(t)
}

/// A form's answer after a refusal: the page built again (with the reason) under the refusal's
/// status, or the error page if even that could not be built.
pub fn page_or_error(
    state: &AppState,
    page: Result<impl Template, crate::error::ApiError>,
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

fn message(status: StatusCode, l: Option<&Loaded>, heading: &str, text: &str) -> Response {
    let page = MessagePage {
        layout: l.map(|l| Layout::new(l, "", heading)).unwrap_or_else(|| {
            let (user, logout_csrf, admin, staff) = who();
            Layout {
                staff,
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
pub fn error_page(state: &AppState, e: &crate::error::ApiError) -> Response {
    message(
        e.status(),
        state.current().as_deref(),
        "无法办理",
        e.message(),
    )
}

fn no_catalog() -> Response {
    message(
        StatusCode::SERVICE_UNAVAILABLE,
        None,
        "尚未导入责任清单",
        "管理员运行 qingdan catalog import 导入清单后，本页即可使用。",
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

macro_rules! loaded_or_return {
    ($state:expr) => {
        match $state.current() {
            Some(l) => l,
            None => return no_catalog(),
        }
    };
}

struct PartCard {
    numeral: String,
    title: String,
    href: &'static str,
    summary: String,
    entries: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    title: String,
    parts: Vec<PartCard>,
}

fn part_heading(l: &Loaded, kind: qingdan_core::PartKind) -> (String, String) {
    l.catalog
        .part(kind)
        .map(|p| (p.numeral.clone(), p.title.clone()))
        .unwrap_or_else(|| (String::new(), kind.label().to_string()))
}

async fn home(State(state): State<AppState>) -> Response {
    use qingdan_core::PartKind;
    let l = loaded_or_return!(state);
    let c = &l.catalog;
    let n = c.counts();
    let card = |kind, href, summary: String, entries| {
        let (numeral, title) = part_heading(&l, kind);
        PartCard {
            numeral,
            title,
            href,
            summary,
            entries,
        }
    };
    let parts = vec![
        card(
            PartKind::Duties,
            "/duties",
            format!("{} 项职责，{} 个具体工作事项", n.duties, n.items),
            c.duties
                .iter()
                .map(|d| {
                    (
                        format!("/duties#duty-{}", d.no),
                        format!("{}. {}", d.no, short(&d.text, 40)),
                    )
                })
                .collect(),
        ),
        card(
            PartKind::Boundaries,
            "/boundaries",
            format!("{} 个与相关部门共管的事项", n.boundaries),
            c.boundaries
                .iter()
                .map(|b| {
                    (
                        format!("/boundaries/{}", b.no),
                        format!("{}. {}", b.no, b.matter),
                    )
                })
                .collect(),
        ),
        card(
            PartKind::Systems,
            "/systems",
            format!("{} 项监管制度", n.systems),
            c.systems
                .iter()
                .map(|s| {
                    (
                        format!("/systems/{}", s.no),
                        format!("（{}）{}", qingdan_core::numeral::chinese(s.no), s.title),
                    )
                })
                .collect(),
        ),
        card(
            PartKind::Services,
            "/services",
            format!("{} 项公共服务", n.services),
            c.services
                .iter()
                .map(|s| {
                    (
                        format!("/services#service-{}", s.no),
                        format!("{}. {}", s.no, s.name),
                    )
                })
                .collect(),
        ),
    ];
    render(HomePage {
        title: c.title.clone(),
        layout: Layout::new(&l, "home", c.title.clone()),
        parts,
    })
}

/// At most `max` characters of `s`, with an ellipsis when cut.
fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max).collect();
        out.push('…');
        out
    }
}

struct ItemView {
    anchor: String,
    reference: String,
    text: String,
    note: String,
    office: String,
}

struct DutyView {
    no: u32,
    text: String,
    items: Vec<ItemView>,
}

#[derive(Template)]
#[template(path = "duties.html")]
struct DutiesPage {
    layout: Layout,
    heading: String,
    duties: Vec<DutyView>,
}

async fn duties(State(state): State<AppState>) -> Response {
    let l = loaded_or_return!(state);
    let (numeral, title) = part_heading(&l, qingdan_core::PartKind::Duties);
    let duties = l
        .catalog
        .duties
        .iter()
        .map(|d| DutyView {
            no: d.no,
            text: d.text.clone(),
            items: d
                .items
                .iter()
                .zip(d.item_offices(&l.catalog.bureau))
                .map(|(i, office)| ItemView {
                    anchor: format!("item-{}-{}", d.no, i.no),
                    reference: format!("{}.{}", d.no, i.no),
                    text: i.text.clone(),
                    note: i.note.clone(),
                    office: office.to_string(),
                })
                .collect(),
        })
        .collect();
    render(DutiesPage {
        layout: Layout::new(&l, "duties", title.clone()),
        heading: format!("{numeral}、{title}"),
        duties,
    })
}

struct BoundaryRow {
    no: u32,
    matter: String,
    departments: String,
}

#[derive(Template)]
#[template(path = "boundaries.html")]
struct BoundariesPage {
    layout: Layout,
    heading: String,
    rows: Vec<BoundaryRow>,
}

async fn boundaries(State(state): State<AppState>) -> Response {
    let l = loaded_or_return!(state);
    let (numeral, title) = part_heading(&l, qingdan_core::PartKind::Boundaries);
    let rows = l
        .catalog
        .boundaries
        .iter()
        .map(|b| BoundaryRow {
            no: b.no,
            matter: b.matter.clone(),
            departments: b
                .parties
                .iter()
                .map(|p| p.department.as_str())
                .collect::<Vec<_>>()
                .join("、"),
        })
        .collect();
    render(BoundariesPage {
        layout: Layout::new(&l, "boundaries", title.clone()),
        heading: format!("{numeral}、{title}"),
        rows,
    })
}

struct PartyView {
    department: String,
    division: String,
}

#[derive(Template)]
#[template(path = "boundary.html")]
struct BoundaryPage {
    layout: Layout,
    no: u32,
    matter: String,
    parties: Vec<PartyView>,
    basis: Vec<String>,
    example: Vec<String>,
    prev: Option<u32>,
    next: Option<u32>,
}

fn parse_no(raw: &str) -> Option<u32> {
    raw.parse::<u32>().ok()
}

async fn boundary(State(state): State<AppState>, Path(no): Path<String>) -> Response {
    let l = loaded_or_return!(state);
    let Some(b) = parse_no(&no).and_then(|n| l.catalog.boundary(n)) else {
        return message(
            StatusCode::NOT_FOUND,
            Some(&l),
            "没有这个职责边界",
            &format!(
                "清单中没有第“{no}”号职责边界，共有 {} 个。",
                l.catalog.boundaries.len()
            ),
        );
    };
    let count = l.catalog.boundaries.len() as u32;
    render(BoundaryPage {
        layout: Layout::new(&l, "boundaries", b.matter.clone()),
        no: b.no,
        matter: b.matter.clone(),
        parties: b
            .parties
            .iter()
            .map(|p| PartyView {
                department: p.department.clone(),
                division: p.division.clone(),
            })
            .collect(),
        basis: paras(&b.basis),
        example: paras(&b.example),
        prev: (b.no > 1).then(|| b.no - 1),
        next: (b.no < count).then(|| b.no + 1),
    })
}

struct SystemRow {
    no: u32,
    numeral: String,
    title: String,
    sections: String,
}

#[derive(Template)]
#[template(path = "systems.html")]
struct SystemsPage {
    layout: Layout,
    heading: String,
    intro: Vec<String>,
    rows: Vec<SystemRow>,
}

async fn systems(State(state): State<AppState>) -> Response {
    let l = loaded_or_return!(state);
    let (numeral, title) = part_heading(&l, qingdan_core::PartKind::Systems);
    let rows = l
        .catalog
        .systems
        .iter()
        .map(|s| SystemRow {
            no: s.no,
            numeral: qingdan_core::numeral::chinese(s.no),
            title: s.title.clone(),
            sections: s
                .sections
                .iter()
                .map(|sec| sec.title.as_str())
                .collect::<Vec<_>>()
                .join(" · "),
        })
        .collect();
    render(SystemsPage {
        layout: Layout::new(&l, "systems", title.clone()),
        heading: format!("{numeral}、{title}"),
        intro: paras(&l.catalog.systems_intro),
        rows,
    })
}

struct SectionView {
    anchor: String,
    heading: String,
    paragraphs: Vec<Paragraph>,
}

struct Paragraph {
    text: String,
    clause: bool,
}

#[derive(Template)]
#[template(path = "system.html")]
struct SystemPage {
    layout: Layout,
    mark: String,
    title: String,
    intro: Vec<String>,
    sections: Vec<SectionView>,
    prev: Option<u32>,
    next: Option<u32>,
}

/// Is a paragraph a numbered clause: `（一）…`, `1、…`?
fn is_clause(p: &str) -> bool {
    p.starts_with('（') || p.chars().next().is_some_and(|c| c.is_ascii_digit())
}

async fn system(State(state): State<AppState>, Path(no): Path<String>) -> Response {
    let l = loaded_or_return!(state);
    let Some(s) = parse_no(&no).and_then(|n| l.catalog.system(n)) else {
        return message(
            StatusCode::NOT_FOUND,
            Some(&l),
            "没有这项监管制度",
            &format!(
                "清单中没有第“{no}”项监管制度，共有 {} 项。",
                l.catalog.systems.len()
            ),
        );
    };
    let count = l.catalog.systems.len() as u32;
    render(SystemPage {
        layout: Layout::new(&l, "systems", s.title.clone()),
        mark: s.mark(),
        title: s.title.clone(),
        intro: paras(&s.intro),
        sections: s
            .sections
            .iter()
            .enumerate()
            .map(|(k, sec)| SectionView {
                anchor: format!("section-{}", k + 1),
                heading: format!("{}、{}", sec.numeral, sec.title),
                paragraphs: paras(&sec.text)
                    .into_iter()
                    .map(|text| Paragraph {
                        clause: is_clause(&text),
                        text,
                    })
                    .collect(),
            })
            .collect(),
        prev: (s.no > 1).then(|| s.no - 1),
        next: (s.no < count).then(|| s.no + 1),
    })
}

struct ServiceView {
    no: u32,
    name: String,
    content: String,
    office: String,
    phone: String,
    tel: String,
}

#[derive(Template)]
#[template(path = "services.html")]
struct ServicesPage {
    layout: Layout,
    heading: String,
    services: Vec<ServiceView>,
}

async fn services(State(state): State<AppState>) -> Response {
    let l = loaded_or_return!(state);
    let (numeral, title) = part_heading(&l, qingdan_core::PartKind::Services);
    let services = l
        .catalog
        .services
        .iter()
        .map(|s| ServiceView {
            no: s.no,
            name: s.name.clone(),
            content: s.content.clone(),
            office: s.office.clone(),
            tel: s
                .phone
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect(),
            phone: s.phone.clone(),
        })
        .collect();
    render(ServicesPage {
        layout: Layout::new(&l, "services", title.clone()),
        heading: format!("{numeral}、{title}"),
        services,
    })
}

struct HitView {
    kind_label: &'static str,
    url: String,
    title_html: String,
    snippet_html: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    layout: Layout,
    query: String,
    error: Option<String>,
    total: usize,
    hits: Vec<HitView>,
    prev_offset: Option<usize>,
    next_offset: Option<usize>,
    offset: usize,
}

async fn search(
    State(state): State<AppState>,
    params: Result<Query<SearchParams>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let l: Arc<Loaded> = loaded_or_return!(state);
    let params = params.map(|Query(p)| p).unwrap_or_else(|_| SearchParams {
        q: None,
        limit: None,
        offset: None,
        kind: None,
    });
    let raw_q = params.q.clone().unwrap_or_default();
    let mut layout = Layout::new(&l, "search", "搜索");
    layout.query = raw_q.clone();
    let mut page = SearchPage {
        layout,
        query: raw_q.clone(),
        error: None,
        total: 0,
        hits: Vec::new(),
        prev_offset: None,
        next_offset: None,
        offset: 0,
    };
    if raw_q.trim().is_empty() {
        return render(page);
    }
    match parse_search(params) {
        Err(e) => {
            page.error = Some(e.message().to_string());
            let mut r = render(page);
            *r.status_mut() = StatusCode::BAD_REQUEST;
            r
        }
        Ok(query) => {
            let results = l.index.search(&query.q, &query.options);
            let limit = query.options.limit;
            page.offset = query.options.offset;
            page.total = results.total;
            page.prev_offset = (page.offset > 0).then(|| page.offset.saturating_sub(limit));
            page.next_offset = (page.offset + limit < results.total).then_some(page.offset + limit);
            page.hits = results
                .hits
                .into_iter()
                .map(|h| HitView {
                    kind_label: kind_label(&h.kind),
                    url: url_of(&h.kind, &h.reference),
                    title_html: h.title_marked.to_html(),
                    snippet_html: h.snippet.to_html(),
                })
                .collect();
            render(page)
        }
    }
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
