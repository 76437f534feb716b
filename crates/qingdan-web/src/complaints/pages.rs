//! Complaint pages. Public: 投诉举报 (`/complaints/new`: the form, then the tracking code) and
//! 查询办理结果 (`/complaints/track`). Staff: 投诉办理 (`/complaints`, the office's complaints)
//! and one complaint (`/complaints/{id}`) with its handling forms and history. Forms call the
//! same functions as the API, so a page can do nothing the API would refuse.

use crate::complaints::api::{
    ComplaintDto, ComplaintListItem, ReceivedDto, StepDto, TrackDto, complaint_view, list,
    list_item, step, submit, track,
};
use crate::framework::access::Caller;
use crate::framework::cookie::{CSRF_COOKIE, constant_eq, cookie, csrf_value, set_cookie};
use crate::framework::error::ApiError;
use crate::framework::extract::{Protected, csrf_form};
use crate::framework::page::{Layout, csrf, error_page, page_or_error, render_page};
use crate::framework::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use qingdan_complaints::Intake;
use serde::Deserialize;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/complaints/new", get(new_page).post(new_submit))
        .route("/complaints/track", get(track_page))
        .route("/complaints", get(list_page))
        .route("/complaints/{id}", get(complaint_page))
        .route("/complaints/{id}/steps", post(step_submit))
}

const CSRF_STEP: &str = "complaint-step";

/// The public form's fields.
#[derive(Debug, Default, Deserialize)]
pub struct NewForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    about: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    contact: String,
    #[serde(default)]
    csrf: String,
}

#[derive(Template)]
#[template(path = "complaint_new.html")]
struct NewPage {
    layout: Layout,
    form: NewForm,
    csrf: String,
    error: Option<String>,
    received: Option<ReceivedDto>,
}

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

async fn new_page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let (csrf, fresh) = csrf_value(&headers);
    let mut r = render_page(NewPage {
        layout: Layout::plain(&state, "complaints", "投诉举报"),
        form: NewForm::default(),
        csrf: csrf.clone(),
        error: None,
        received: None,
    });
    if fresh && let Some(c) = set_cookie(CSRF_COOKIE, &csrf, None) {
        r.headers_mut().append(header::SET_COOKIE, c);
    }
    r
}

async fn new_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<NewForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let (csrf, _) = csrf_value(&headers);
    let Ok(Form(f)) = form else {
        return (StatusCode::BAD_REQUEST, "表单无法解析").into_response();
    };
    let cookie_csrf = cookie(&headers, CSRF_COOKIE).unwrap_or_default();
    let page = |form: NewForm, error: Option<String>, received: Option<ReceivedDto>| NewPage {
        layout: Layout::plain(&state, "complaints", "投诉举报"),
        form,
        csrf: csrf.clone(),
        error,
        received,
    };
    if cookie_csrf.is_empty() || !constant_eq(&cookie_csrf, &f.csrf) {
        let mut r = render_page(page(
            f,
            Some("页面已过期，请重新提交（CSRF 校验失败）".into()),
            None,
        ));
        *r.status_mut() = StatusCode::FORBIDDEN;
        return r;
    }
    let intake = Intake {
        text: f.text.clone(),
        place: opt(&f.place),
        about: opt(&f.about),
        name: opt(&f.name),
        contact: opt(&f.contact),
    };
    match submit(&state, intake, None).await.map(|(dto, _)| dto) {
        Ok(received) => render_page(page(NewForm::default(), None, Some(received))),
        Err(e) => {
            let status = e.status();
            let mut r = render_page(page(f, Some(e.message().to_string()), None));
            *r.status_mut() = status;
            r
        }
    }
}

#[derive(Debug, Deserialize)]
struct TrackQuery {
    code: Option<String>,
}

#[derive(Template)]
#[template(path = "complaint_track.html")]
struct TrackPage {
    layout: Layout,
    code: String,
    error: Option<String>,
    found: Option<TrackDto>,
}

async fn track_page(
    State(state): State<AppState>,
    query: Result<Query<TrackQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let code = query.ok().and_then(|Query(q)| q.code).unwrap_or_default();
    let mut page = TrackPage {
        layout: Layout::plain(&state, "complaints", "查询办理结果"),
        code: code.clone(),
        error: None,
        found: None,
    };
    if code.trim().is_empty() {
        return render_page(page);
    }
    match track(&state, &code).await {
        Ok(t) => {
            page.found = Some(t);
            render_page(page)
        }
        Err(e) => {
            let status = e.status();
            page.error = Some(e.message().to_string());
            let mut r = render_page(page);
            *r.status_mut() = status;
            r
        }
    }
}

#[derive(Template)]
#[template(path = "complaints.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<ComplaintListItem>,
}

async fn list_page(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
) -> Response {
    match list(&state, &caller).await {
        Ok(rows) => render_page(ListPage {
            layout: Layout::plain(&state, "complaints-staff", "投诉办理"),
            rows: rows.iter().map(|(r, c)| list_item(r, c)).collect(),
        }),
        Err(e) => error_page(&state, &e),
    }
}

#[derive(Template)]
#[template(path = "complaint.html")]
struct ComplaintPage {
    layout: Layout,
    v: ComplaintDto,
    csrf: String,
    error: Option<String>,
    leader: bool,
}

async fn view_page(
    state: &AppState,
    caller: &Caller,
    id: i64,
    error: Option<String>,
) -> Result<ComplaintPage, ApiError> {
    let target = format!("GET /complaints/{id}");
    let (row, c) = crate::complaints::api::visible(state, caller, id, &target).await?;
    let v = complaint_view(state, caller, &row, &c).await?;
    let leader = caller
        .session
        .as_ref()
        .is_some_and(|s| s.user.role == "leader");
    Ok(ComplaintPage {
        layout: Layout::plain(state, "complaints-staff", &format!("投诉 {}", v.code)),
        v,
        csrf: csrf(caller, CSRF_STEP),
        error,
        leader,
    })
}

async fn complaint_page(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
    Path(id): Path<i64>,
) -> Response {
    match view_page(&state, &caller, id, None).await {
        Ok(p) => render_page(p),
        Err(e) => error_page(&state, &e),
    }
}

/// A step form: the API's fields plus the CSRF token.
#[derive(Debug, Deserialize)]
struct StepForm {
    action: String,
    #[serde(default)]
    handler: String,
    #[serde(default)]
    result: String,
    #[serde(default)]
    department: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    csrf: String,
}

async fn step_submit(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
    Path(id): Path<i64>,
    Protected(f): Protected<StepForm>,
) -> Response {
    let dto = StepDto {
        action: f.action,
        handler: opt(&f.handler),
        result: opt(&f.result),
        department: opt(&f.department),
        reason: opt(&f.reason),
        target: opt(&f.target),
    };
    let outcome = match dto.command() {
        Ok(command) => step(&state, &caller, id, command, None).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match outcome {
        Ok(()) => Redirect::to(&format!("/complaints/{id}")).into_response(),
        Err(e) if e.status() == StatusCode::FORBIDDEN || e.status() == StatusCode::NOT_FOUND => {
            error_page(&state, &e)
        }
        Err(e) => {
            let status = e.status();
            page_or_error(
                &state,
                view_page(&state, &caller, id, Some(e.message().to_string())).await,
                status,
            )
        }
    }
}

csrf_form!(StepForm, CSRF_STEP);
