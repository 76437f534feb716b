//! Pages for inspection tasks: 检查任务 (`/tasks`: the office's tasks and the form to open one),
//! one task (`/tasks/{id}`: its system, target, officers and how they were drawn, a form for
//! each next step, the evidence filed and the history), and the public 检查结果公示
//! (`/results`). Forms are turned into the API's commands and go through the same functions.

use crate::framework::access::Caller;
use crate::framework::error::ApiError;
use crate::framework::extract::{CsrfForm, Protected, csrf_form, token_of};
use crate::framework::page::{Layout, csrf, error_page, render_page};
use crate::framework::state::AppState;
use crate::inspections::tasks_api::{
    OpenTaskRequest, ResultDto, TaskDto, TaskListItem, list, open_task, results, take_task_step,
    task_view, visible_task,
};
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use qingdan_inspections::systems::SystemCode;
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tasks", get(tasks_page).post(open_submit))
        .route("/tasks/{id}", get(task_page))
        .route("/tasks/{id}/steps", post(step_submit))
        .route("/results", get(results_page))
}

const CSRF_TASK: &str = "task";

#[derive(Template)]
#[template(path = "tasks.html")]
struct TasksPage {
    layout: Layout,
    systems: Vec<(&'static str, &'static str)>,
    rows: Vec<TaskListItem>,
    csrf: String,
    error: Option<String>,
    form: OpenForm,
}

/// The open form.
#[derive(Debug, Default, Deserialize)]
pub struct OpenForm {
    #[serde(default)]
    system: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    household_name: String,
    #[serde(default)]
    officers: String,
    #[serde(default)]
    planned_on: String,
    #[serde(default)]
    csrf: String,
}

fn systems() -> Vec<(&'static str, &'static str)> {
    SystemCode::ALL
        .iter()
        .map(|s| (s.as_str(), s.def().title))
        .collect()
}

fn names(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c == '，' || c == '、' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

async fn tasks_view(
    state: &AppState,
    caller: &Caller,
    form: OpenForm,
    error: Option<String>,
) -> Result<TasksPage, ApiError> {
    Ok(TasksPage {
        layout: Layout::plain(state, "tasks", "检查任务"),
        systems: systems(),
        rows: list(state, caller).await?,
        csrf: csrf(caller, CSRF_TASK),
        error,
        form,
    })
}

async fn tasks_page(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
) -> Response {
    match tasks_view(&state, &caller, OpenForm::default(), None).await {
        Ok(p) => render_page(p),
        Err(e) => error_page(&state, &e),
    }
}

async fn open_submit(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
    Protected(f): Protected<OpenForm>,
) -> Response {
    let officers = names(&f.officers);
    let request = OpenTaskRequest {
        system: f.system.clone(),
        target: f.target.clone(),
        household_name: Some(f.household_name.clone()).filter(|s| !s.trim().is_empty()),
        officers: (!officers.is_empty()).then_some(officers),
        planned_on: Some(f.planned_on.clone()).filter(|s| !s.trim().is_empty()),
        complaint: None,
    };
    match open_task(&state, &caller, request, None)
        .await
        .map(|(row, _)| row)
    {
        Ok(row) => Redirect::to(&format!("/tasks/{}", row.id)).into_response(),
        Err(e) if e.status() == StatusCode::FORBIDDEN => error_page(&state, &e),
        Err(e) => {
            let status = e.status();
            crate::framework::page::page_or_error(
                &state,
                tasks_view(&state, &caller, f, Some(e.message().to_string())).await,
                status,
            )
        }
    }
}

#[derive(Template)]
#[template(path = "task.html")]
struct TaskPage {
    layout: Layout,
    v: TaskDto,
    outcomes: Vec<(String, &'static str)>,
    selected: Vec<String>,
    excluded: Vec<String>,
    draw_hash: String,
    /// For each penalty-case outcome, the prefilled 立案 form's address and the violation.
    file_case: Vec<(String, String)>,
    csrf: String,
    error: Option<String>,
}

async fn view_page(
    state: &AppState,
    caller: &Caller,
    id: i64,
    error: Option<String>,
) -> Result<TaskPage, ApiError> {
    let (row, task) = visible_task(state, caller, id, &format!("GET /tasks/{id}")).await?;
    let v = task_view(state, &row, &task).await?;
    let outcomes = task
        .def()
        .outcomes
        .iter()
        .map(|o| {
            let code = serde_json::to_value(o.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            (code, o.kind.label())
        })
        .collect();
    let draw = v.officer_draw.clone().unwrap_or(Value::Null);
    let strings = |key: &str| -> Vec<String> {
        draw[key]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|x| {
                        if let Some(s) = x.as_str() {
                            s.to_string()
                        } else {
                            format!(
                                "{}（{}）",
                                x["officer"].as_str().unwrap_or(""),
                                x["reason"].as_str().unwrap_or("")
                            )
                        }
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    // The party of a case: the enterprise inspected, or a project's builder (建设单位).
    let (party_name, party_uscc) = match task.target.kind {
        qingdan_inspections::systems::TargetKind::Project => {
            let builder = state
                .store()
                .project(&task.target.id)
                .await
                .map_err(crate::framework::error::store_error)?
                .map(|p| p.builder_uscc)
                .unwrap_or_default();
            let name = state
                .store()
                .enterprises(&builder, 2)
                .await
                .map_err(crate::framework::error::store_error)?
                .into_iter()
                .find(|e| e.uscc == builder)
                .map(|e| e.name)
                .unwrap_or_default();
            (name, builder)
        }
        qingdan_inspections::systems::TargetKind::Household => {
            (task.target.name.clone(), String::new())
        }
        qingdan_inspections::systems::TargetKind::Enterprise(_) => {
            (task.target.name.clone(), task.target.id.clone())
        }
    };
    let file_case = task
        .outcomes()
        .filter_map(|o| match o {
            qingdan_inspections::task::Outcome::PenaltyCase { violation } => Some(violation),
            _ => None,
        })
        .map(|violation| {
            let url = format!(
                "/cases/new?violation={}&party_name={}&party_uscc={}",
                crate::framework::page::query_escape(violation),
                crate::framework::page::query_escape(&party_name),
                crate::framework::page::query_escape(&party_uscc)
            );
            (url, violation.clone())
        })
        .collect();
    Ok(TaskPage {
        file_case,
        layout: Layout::plain(state, "tasks", &format!("检查任务 {id}")),
        selected: strings("selected"),
        excluded: strings("excluded"),
        draw_hash: draw["record_hash"].as_str().unwrap_or("").to_string(),
        outcomes,
        v,
        csrf: csrf(caller, CSRF_TASK),
        error,
    })
}

async fn task_page(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
    Path(id): Path<i64>,
) -> Response {
    match view_page(&state, &caller, id, None).await {
        Ok(p) => render_page(p),
        Err(e) => error_page(&state, &e),
    }
}

/// A step form as the API's command: `officers` split into names, each `record_<kind>` a record,
/// a decision's one outcome from its fields.
fn form_to_command(pairs: &[(String, String)]) -> (Value, String) {
    let mut token = String::new();
    let mut map = Map::new();
    let mut records = Vec::new();
    let mut outcome = Map::new();
    for (k, v) in pairs {
        let v = v.trim();
        if k == "csrf" {
            token = v.to_string();
            continue;
        }
        if v.is_empty() {
            continue;
        }
        if let Some(kind) = k.strip_prefix("record_") {
            records.push(json!({"kind": kind, "reference": v}));
            continue;
        }
        match k.as_str() {
            "officers" => {
                map.insert(
                    k.clone(),
                    Value::Array(names(v).into_iter().map(Value::String).collect()),
                );
            }
            "corrected" => {
                map.insert(k.clone(), Value::Bool(v == "true"));
            }
            "outcome" => {
                outcome.insert("kind".into(), Value::String(v.to_string()));
            }
            "measure" | "deadline" | "violation" | "department" | "reason" => {
                outcome.insert(k.clone(), Value::String(v.to_string()));
            }
            "conditions" => {
                let list: Vec<Value> = v
                    .split(|c: char| !c.is_ascii_digit())
                    .filter_map(|n| n.parse::<u8>().ok())
                    .map(Value::from)
                    .collect();
                outcome.insert(k.clone(), Value::Array(list));
            }
            _ => {
                map.insert(k.clone(), Value::String(v.to_string()));
            }
        }
    }
    if !records.is_empty() {
        map.insert("records".into(), Value::Array(records));
    }
    if !outcome.is_empty() {
        map.insert(
            "outcomes".into(),
            Value::Array(vec![Value::Object(outcome)]),
        );
    }
    (Value::Object(map), token)
}

async fn step_submit(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
    Path(id): Path<i64>,
    Protected(StepPairs(pairs)): Protected<StepPairs>,
) -> Response {
    let (body, _) = form_to_command(&pairs);
    match take_task_step(&state, &caller, id, body, None)
        .await
        .map(|(r, t, _)| (r, t))
    {
        Ok(_) => Redirect::to(&format!("/tasks/{id}")).into_response(),
        Err(e) if e.status() == StatusCode::FORBIDDEN || e.status() == StatusCode::NOT_FOUND => {
            error_page(&state, &e)
        }
        Err(e) => {
            let status = e.status();
            crate::framework::page::page_or_error(
                &state,
                view_page(&state, &caller, id, Some(e.message().to_string())).await,
                status,
            )
        }
    }
}

#[derive(Template)]
#[template(path = "results.html")]
struct ResultsPage {
    layout: Layout,
    rows: Vec<ResultDto>,
}

async fn results_page(State(state): State<AppState>) -> Response {
    match results(&state).await {
        Ok(rows) => render_page(ResultsPage {
            layout: Layout::plain(&state, "results", "检查结果公示"),
            rows,
        }),
        Err(e) => error_page(&state, &e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_step_form_becomes_the_command() {
        let (v, token) = form_to_command(&pairs(&[
            ("csrf", "t"),
            ("action", "step"),
            ("step", "site-visit"),
            ("officers", "sz01，sz02"),
            ("record_site_record", "现场检查笔录 第1号"),
            ("note", ""),
        ]));
        assert_eq!(token, "t");
        assert_eq!(
            v,
            json!({"action": "step", "step": "site-visit", "officers": ["sz01", "sz02"],
                   "records": [{"kind": "site_record", "reference": "现场检查笔录 第1号"}]})
        );
    }

    #[test]
    fn a_decision_form_becomes_one_outcome() {
        let (v, _) = form_to_command(&pairs(&[
            ("action", "decide"),
            ("outcome", "revoke_certificate"),
            ("conditions", "1、3"),
            ("record_result_report", "检查结果报告"),
        ]));
        assert_eq!(
            v["outcomes"],
            json!([{"kind": "revoke_certificate", "conditions": [1, 3]}])
        );
    }
}

csrf_form!(OpenForm, CSRF_TASK);

/// A step form: its fields in order, the CSRF token among them.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct StepPairs(Vec<(String, String)>);

impl CsrfForm for StepPairs {
    const PURPOSE: &'static str = CSRF_TASK;
    fn token(&self) -> &str {
        token_of(&self.0)
    }
}
