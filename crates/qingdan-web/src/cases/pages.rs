//! The officers', leaders' and legal section's pages for penalty cases: 案件办理 (what is due
//! today, this week and overdue, per officer and office; the approval and review queues; every
//! case), 立案 (opening a case), and one case with its deadlines, the forms for its next steps
//! and its history from the audit log. Forms post to the same functions as the API, so a page
//! can do nothing the API would refuse.

use crate::cases::api::{
    CaseView, CreateCaseRequest, PartyDto, PublishedDecision, open_case, published, take_step,
    view, visible_case,
};
use crate::framework::access::Caller;
use crate::framework::error::ApiError;
use crate::framework::extract::{CsrfForm, Protected, csrf_form, token_of};
use crate::framework::page::{Layout, china_time, csrf, error_page, render_page};
use crate::framework::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use qingdan_app::rules::FactsDto;
use qingdan_cases::{By, Stage, StepKind};
use qingdan_rules::Code;
use serde::Deserialize;
use serde_json::{Map, Value};

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/decisions", get(decisions_page))
        .route("/cases", get(cases_page))
        .route("/cases/new", get(new_page).post(new_submit))
        .route("/cases/{id}", get(case_page))
        .route("/cases/{id}/steps", post(step_submit))
}

const CSRF_NEW: &str = "case-new";
const CSRF_STEP: &str = "case-step";

/// A deadline as listed on the dashboard.
struct DueRow {
    id: i64,
    number: String,
    party: String,
    what: String,
    due: String,
    status: &'static str,
    class: &'static str,
    officers: String,
}

#[derive(Clone)]
struct CaseRowView {
    id: i64,
    number: String,
    party: String,
    violation: String,
    stage: String,
    office: String,
    updated: String,
}

struct Tally {
    name: String,
    overdue: usize,
    today: usize,
    week: usize,
}

#[derive(Template)]
#[template(path = "cases.html")]
struct CasesPage {
    layout: Layout,
    can_open: bool,
    due: Vec<DueRow>,
    by_officer: Vec<Tally>,
    by_office: Vec<Tally>,
    approvals: Vec<CaseRowView>,
    reviews: Vec<CaseRowView>,
    cases: Vec<CaseRowView>,
    today: String,
}

fn tally(list: &mut Vec<Tally>, name: &str, class: &str) {
    let i = match list.iter().position(|t| t.name == name) {
        Some(i) => i,
        None => {
            list.push(Tally {
                name: name.to_string(),
                overdue: 0,
                today: 0,
                week: 0,
            });
            list.len() - 1
        }
    };
    match class {
        "overdue" => list[i].overdue += 1,
        "today" => list[i].today += 1,
        _ => list[i].week += 1,
    }
}

async fn cases_page(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
) -> Response {
    let Some(user) = caller.session.as_ref().map(|s| &s.user) else {
        return Redirect::to("/login?next=/cases").into_response();
    };
    let office = (user.role == "officer").then(|| user.office.clone().unwrap_or_default());
    let rows = match state.store().cases(office.as_deref(), 500).await {
        Ok(r) => r,
        Err(e) => return error_page(&state, &ApiError::internal(&e)),
    };
    let today = state.clock().today();
    let week_end = today
        .checked_add(jiff::Span::new().days(7))
        .unwrap_or(today);
    let mut due = Vec::new();
    let mut by_officer = Vec::new();
    let mut by_office = Vec::new();
    let mut approvals = Vec::new();
    let mut reviews = Vec::new();
    let mut cases = Vec::new();
    for row in &rows {
        let Ok(case) = qingdan_app::cases::decode(row) else {
            tracing::error!(case = row.id, "stored case does not decode");
            continue;
        };
        let view_row = CaseRowView {
            id: row.id,
            number: row.number.clone(),
            party: row.party_name.clone(),
            violation: violation_label(&state, &row.violation),
            stage: case.stage.label().to_string(),
            office: row.office.clone(),
            updated: china_time(&row.updated_at),
        };
        let next = qingdan_cases::next(&case);
        if next.iter().any(|s| {
            s.by == By::Leader && matches!(s.kind, StepKind::ApproveFiling | StepKind::Decide)
        }) {
            approvals.push(view_row.clone());
        }
        if case.stage == Stage::LegalReview {
            reviews.push(view_row.clone());
        }
        if !case.stage.is_closed() {
            for d in qingdan_cases::deadlines(&case, state.calendar(), today) {
                if d.met_on.is_some() {
                    continue;
                }
                let (status, class) = match d.due {
                    Some(x) if x < today => ("已逾期", "overdue"),
                    Some(x) if x == today => ("今日到期", "today"),
                    Some(x) if x <= week_end => ("本周到期", "week"),
                    Some(_) => continue,
                    None => ("无法计算", "overdue"),
                };
                let officers = if case.officers.is_empty() {
                    case.opened_by.clone()
                } else {
                    case.officers.join("、")
                };
                let names: Vec<String> = if case.officers.is_empty() {
                    vec![case.opened_by.clone()]
                } else {
                    case.officers.clone()
                };
                for n in &names {
                    tally(&mut by_officer, n, class);
                }
                tally(&mut by_office, &row.office, class);
                due.push(DueRow {
                    id: row.id,
                    number: row.number.clone(),
                    party: row.party_name.clone(),
                    what: d.what.to_string(),
                    due: d
                        .due
                        .map(|x| x.to_string())
                        .unwrap_or_else(|| d.error.clone().unwrap_or_default()),
                    status,
                    class,
                    officers,
                });
            }
        }
        cases.push(view_row);
    }
    due.sort_by(|a, b| a.due.cmp(&b.due));
    render_page(CasesPage {
        layout: Layout::plain(&state, "cases", "案件办理"),
        can_open: user.role == "officer",
        due,
        by_officer,
        by_office,
        approvals,
        reviews,
        cases,
        today: today.to_string(),
    })
}

fn name_of(state: &AppState, c: Code) -> &'static str {
    state
        .engine()
        .book
        .rule(c)
        .and_then(|d| d.periods.last())
        .map(|p| p.value.name)
        .unwrap_or("")
}

fn violation_label(state: &AppState, code: &str) -> String {
    use std::str::FromStr;
    match Code::from_str(code) {
        Ok(c) => format!("{}（{code}）", name_of(state, c)),
        Err(()) => code.to_string(),
    }
}

#[derive(Template)]
#[template(path = "case_new.html")]
struct NewPage {
    layout: Layout,
    csrf: String,
    violations: Vec<(&'static str, &'static str)>,
    form: NewForm,
    error: Option<String>,
    today: String,
}

/// The 立案 form.
#[derive(Debug, Default, Deserialize)]
pub struct NewForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    violation: String,
    #[serde(default)]
    party_name: String,
    #[serde(default)]
    party_uscc: String,
    #[serde(default)]
    party_kind: String,
    #[serde(default)]
    quantity: String,
    #[serde(default)]
    on: String,
    #[serde(default)]
    procedure: String,
    #[serde(default)]
    officers: String,
    #[serde(default)]
    facts_clear: Option<String>,
    #[serde(default)]
    no_objection: Option<String>,
    #[serde(default)]
    first_offence: Option<String>,
    #[serde(default)]
    not_corrected: Option<String>,
    #[serde(default)]
    proposed_fine: String,
}

fn new_view(state: &AppState, caller: &Caller, form: NewForm, error: Option<String>) -> NewPage {
    NewPage {
        layout: Layout::plain(state, "cases", "立案"),
        csrf: csrf(caller, CSRF_NEW),
        violations: Code::ALL
            .iter()
            .map(|c| (c.as_str(), name_of(state, *c)))
            .collect(),
        form,
        error,
        today: state.clock().today().to_string(),
    }
}

/// What a 立案 form may be opened with: an inspection's outcome names the violation and the
/// party (`/cases/new?violation=…&party_name=…&party_uscc=…`), so nothing is retyped.
#[derive(Debug, Default, Deserialize)]
struct NewQuery {
    violation: Option<String>,
    party_name: Option<String>,
    party_uscc: Option<String>,
}

async fn new_page(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
    query: Result<Query<NewQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let q = query.map(|Query(q)| q).unwrap_or_default();
    let form = NewForm {
        violation: q.violation.unwrap_or_default(),
        party_name: q.party_name.unwrap_or_default(),
        party_uscc: q.party_uscc.unwrap_or_default(),
        ..NewForm::default()
    };
    render_page(new_view(&state, &caller, form, None))
}

fn names(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c == '，' || c == '、' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

async fn new_submit(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
    Protected(f): Protected<NewForm>,
) -> Response {
    let request = CreateCaseRequest {
        violation: f.violation.clone(),
        party: PartyDto {
            name: f.party_name.clone(),
            uscc: opt(&f.party_uscc),
            kind: opt(&f.party_kind),
        },
        quantity: opt(&f.quantity).map(Value::String),
        on: opt(&f.on),
        facts: Some(FactsDto {
            corrected_by_deadline: f.not_corrected.as_ref().map(|_| false),
            first_offence: f.first_offence.as_ref().map(|_| true),
            facts_clear: f.facts_clear.as_ref().map(|_| true),
            no_objection: f.no_objection.as_ref().map(|_| true),
            harm: None,
            proposed_fine: opt(&f.proposed_fine).map(Value::String),
            circumstances: None,
        }),
        procedure: opt(&f.procedure),
        officers: Some(names(&f.officers)),
    };
    match open_case(&state, &caller, request, None)
        .await
        .map(|(row, _)| row)
    {
        Ok(row) => Redirect::to(&format!("/cases/{}", row.id)).into_response(),
        Err(e) => {
            let status = e.status();
            let mut r = render_page(new_view(&state, &caller, f, Some(e.message().to_string())));
            *r.status_mut() = status;
            r
        }
    }
}

/// One input of a step's form.
struct Field {
    name: &'static str,
    label: &'static str,
    /// `text`, `textarea`, `date`, `checkbox`, `yesno`, `officers`.
    kind: &'static str,
    required: bool,
}

const fn field(
    name: &'static str,
    label: &'static str,
    kind: &'static str,
    required: bool,
) -> Field {
    Field {
        name,
        label,
        kind,
        required,
    }
}

fn fields(kind: StepKind) -> Vec<Field> {
    match kind {
        StepKind::ApproveFiling => vec![field("opinion", "审批意见", "text", false)],
        StepKind::RecordEvidence => vec![
            field(
                "officers",
                "在场执法人员（用户名，至少两人）",
                "officers",
                true,
            ),
            field(
                "kind",
                "证据种类（现场检查笔录、询问笔录、照片、抽样记录……）",
                "text",
                true,
            ),
            field("description", "证据内容", "textarea", true),
            field("on", "取证日期", "date", false),
        ],
        StepKind::FinishInvestigation => vec![
            field("findings", "认定的违法事实", "textarea", true),
            field(
                "complex",
                "重大或者疑难复杂案件（须法制审核）",
                "checkbox",
                false,
            ),
        ],
        StepKind::LegalReview => vec![
            field("passed", "审核结论", "yesno", true),
            field("opinion", "审核意见", "textarea", true),
        ],
        StepKind::Notify => vec![
            field(
                "officers",
                "送达执法人员（用户名，至少两人）",
                "officers",
                true,
            ),
            field("served_on", "当事人签收日期", "date", false),
        ],
        StepKind::RecordStatement => vec![
            field("text", "当事人陈述、申辩内容", "textarea", false),
            field("waive", "当事人书面放弃陈述、申辩和听证", "checkbox", false),
        ],
        StepKind::RequestHearing => vec![field("on", "申请日期", "date", false)],
        StepKind::ScheduleHearing => vec![
            field("notice_served_on", "听证通知送达日期", "date", true),
            field("hearing_on", "听证日期", "date", true),
            field(
                "presided_by",
                "主持人（非本案调查人员的用户名）",
                "text",
                true,
            ),
        ],
        StepKind::HoldHearing => vec![
            field("officers", "参加听证的执法人员（用户名）", "officers", true),
            field("record", "听证笔录摘要", "textarea", true),
        ],
        StepKind::Suspend | StepKind::Extend => vec![field("reason", "理由", "textarea", true)],
        StepKind::Decide => vec![
            field("penalty", "决定", "penalty", true),
            field("opinion", "审批意见", "text", false),
        ],
        StepKind::SpotDecide => vec![field(
            "officers",
            "在场执法人员（用户名，至少两人）",
            "officers",
            true,
        )],
        StepKind::ServeDecision => vec![field("served_on", "当事人签收日期", "date", false)],
        StepKind::RecordPayment => vec![
            field("amount", "缴纳金额（元）", "text", true),
            field("paid_on", "缴纳日期", "date", false),
        ],
        StepKind::Transfer => vec![
            field("to", "移送单位（如 县住建局、县公安局）", "text", true),
            field("reason", "移送理由", "textarea", true),
        ],
        StepKind::Resume
        | StepKind::ApplyCourt
        | StepKind::ReportFiling
        | StepKind::Archive
        | StepKind::Publish => Vec::new(),
    }
}

struct StepForm {
    action: String,
    label: &'static str,
    by: &'static str,
    basis: &'static str,
    mine: bool,
    fields: Vec<Field>,
}

#[derive(Template)]
#[template(path = "case.html")]
struct CasePage {
    layout: Layout,
    v: CaseView,
    stage: String,
    power_step: String,
    party_uscc: String,
    violation: String,
    procedure: &'static str,
    steps: Vec<StepForm>,
    csrf: String,
    error: Option<String>,
    done: bool,
    history: Vec<(String, String, String, String)>,
    decision: Option<(String, Vec<String>, Vec<String>)>,
    today: String,
}

#[derive(Debug, Deserialize)]
struct CaseQuery {
    done: Option<String>,
}

fn role_by(role: &str) -> Option<By> {
    match role {
        "officer" => Some(By::Officer),
        "leader" => Some(By::Leader),
        "legal" => Some(By::Legal),
        _ => None,
    }
}

async fn case_view(
    state: &AppState,
    caller: &Caller,
    id: i64,
    error: Option<String>,
    done: bool,
) -> Result<CasePage, ApiError> {
    let (row, case) = visible_case(state, caller, id, &format!("GET /cases/{id}")).await?;
    let v = view(state, &row, &case).await?;
    let mine = caller.session.as_ref().and_then(|s| role_by(&s.user.role));
    let steps = qingdan_cases::next(&case)
        .into_iter()
        .map(|s| StepForm {
            action: serde_json::to_value(s.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            label: s.label,
            by: s.by.label(),
            basis: s.basis,
            mine: mine == Some(s.by),
            fields: fields(s.kind),
        })
        .collect();
    let history = v
        .history
        .iter()
        .map(|h| {
            (
                china_time(&h.at),
                h.actor.clone(),
                action_label(&h.action),
                h.summary.clone(),
            )
        })
        .collect();
    let decision = case.decision.as_ref().map(|d| {
        (
            d.fine
                .map(|f| format!("罚款 {f} 元"))
                .unwrap_or_else(|| "不予行政处罚".into()),
            d.basis.clone(),
            d.reasons.clone(),
        )
    });
    Ok(CasePage {
        layout: Layout::plain(state, "cases", &row.number),
        stage: case.stage.label().to_string(),
        power_step: v.power_step.clone().unwrap_or_default(),
        party_uscc: case.party.uscc.clone().unwrap_or_default(),
        violation: violation_label(state, &row.violation),
        procedure: match row.procedure.as_str() {
            "simple" => "简易程序（当场处罚）",
            _ => "普通程序",
        },
        steps,
        csrf: csrf(caller, CSRF_STEP),
        error,
        done,
        history,
        decision,
        today: state.clock().today().to_string(),
        v,
    })
}

fn action_label(action: &str) -> String {
    if action == "case.opened" {
        return "立案申请".into();
    }
    if action == "case.refused" {
        return "被拒绝的操作".into();
    }
    let step = action.strip_prefix("case.").unwrap_or(action);
    serde_json::from_value::<StepKind>(Value::String(step.to_string()))
        .map(|k| qingdan_cases::procedure::step(k).label.to_string())
        .unwrap_or_else(|_| action.to_string())
}

async fn case_page(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
    Path(id): Path<i64>,
    Query(q): Query<CaseQuery>,
) -> Response {
    match case_view(&state, &caller, id, None, q.done.is_some()).await {
        Ok(page) => render_page(page),
        Err(e) => error_page(&state, &e),
    }
}

/// Turns a step form into the API's JSON: `officers` split into names, check boxes into
/// booleans, blanks left out.
fn form_to_step(pairs: &[(String, String)]) -> (Value, String) {
    let mut map = Map::new();
    let mut token = String::new();
    for (k, v) in pairs {
        let v = v.trim();
        match k.as_str() {
            "csrf" => token = v.to_string(),
            "officers" => {
                map.insert(
                    k.clone(),
                    Value::Array(names(v).into_iter().map(Value::String).collect()),
                );
            }
            "complex" | "waive" => {
                map.insert(k.clone(), Value::Bool(true));
            }
            "passed" | "penalty" => {
                map.insert(k.clone(), Value::Bool(v == "true"));
            }
            _ if v.is_empty() => {}
            _ => {
                map.insert(k.clone(), Value::String(v.to_string()));
            }
        }
    }
    (Value::Object(map), token)
}

async fn step_submit(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
    Path(id): Path<i64>,
    Protected(StepPairs(pairs)): Protected<StepPairs>,
) -> Response {
    let (body, _) = form_to_step(&pairs);
    match take_step(&state, &caller, id, body, None)
        .await
        .map(|(r, c, _)| (r, c))
    {
        Ok(_) => Redirect::to(&format!("/cases/{id}?done=1")).into_response(),
        Err(e) if e.status() == StatusCode::FORBIDDEN || e.status() == StatusCode::NOT_FOUND => {
            error_page(&state, &e)
        }
        Err(e) => {
            let status = e.status();
            match case_view(&state, &caller, id, Some(e.message().to_string()), false).await {
                Ok(page) => {
                    let mut r = render_page(page);
                    *r.status_mut() = status;
                    r
                }
                Err(e) => error_page(&state, &e),
            }
        }
    }
}

#[derive(Template)]
#[template(path = "decisions.html")]
struct DecisionsPage {
    layout: Layout,
    decisions: Vec<PublishedDecision>,
}

/// 行政处罚决定公开 (art. 48), for everyone.
async fn decisions_page(State(state): State<AppState>) -> Response {
    match published(&state).await {
        Ok(decisions) => render_page(DecisionsPage {
            layout: Layout::plain(&state, "decisions", "行政处罚决定公开"),
            decisions,
        }),
        Err(e) => error_page(&state, &e),
    }
}

csrf_form!(NewForm, CSRF_NEW);

/// A step form: its fields in order, the CSRF token among them.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct StepPairs(Vec<(String, String)>);

impl CsrfForm for StepPairs {
    const PURPOSE: &'static str = CSRF_STEP;
    fn token(&self) -> &str {
        token_of(&self.0)
    }
}
