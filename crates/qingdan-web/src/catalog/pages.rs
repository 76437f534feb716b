//! The catalog's pages: the home page with the list's four parts, 部门职责, 职责边界 (and one
//! boundary), 监管制度 (and one system), 公共服务, and search. They work without JavaScript and
//! read on a phone: every page is plain HTML with one stylesheet; forms are GET forms.

use crate::catalog::api::{SearchParams, parse_search};
use crate::catalog::docs::{kind_label, url_of};
use crate::framework::page::{Layout, message, render_page};
use crate::framework::state::{AppState, Loaded};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
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
}

/// Paragraphs of a `\n`-separated text.
fn paras(text: &str) -> Vec<String> {
    text.split('\n')
        .filter(|p| !p.trim().is_empty())
        .map(str::to_string)
        .collect()
}

fn no_catalog() -> Response {
    message(
        StatusCode::SERVICE_UNAVAILABLE,
        None,
        "尚未导入责任清单",
        "管理员运行 qingdan catalog import 导入清单后，本页即可使用。",
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
    render_page(HomePage {
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
    render_page(DutiesPage {
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
    render_page(BoundariesPage {
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
    render_page(BoundaryPage {
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
    render_page(SystemsPage {
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
    render_page(SystemPage {
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
    render_page(ServicesPage {
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
        return render_page(page);
    }
    match parse_search(params) {
        Err(e) => {
            page.error = Some(e.message().to_string());
            let mut r = render_page(page);
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
            render_page(page)
        }
    }
}
