//! Pages for inspection plans and draws: 检查计划 (`/plans`: the registry's size, the year's
//! seed and its announcement, the plans; forms to announce the seed (leaders) and to make the
//! plan), one plan (`/plans/{id}`: per frequency rule, met or at risk, checked again now), and
//! the public 随机抽查 page (`/draws`: every draw with its seed, time, counts, record and lists,
//! and how to verify it).

use crate::framework::access::Caller;
use crate::framework::error::ApiError;
use crate::framework::error::store_error;
use crate::framework::extract::{Protected, csrf_form};
use crate::framework::page::{Layout, csrf, error_page, render_page};
use crate::framework::state::AppState;
use crate::inspections::plans_api::{
    DrawListItem, PlanDto, PlanListItem, SeedRequest, announce, create, draws, list_item, plan_view,
};
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/plans", get(plans_page).post(plan_submit))
        .route("/plans/seed", axum::routing::post(seed_submit))
        .route("/plans/{id}", get(plan_page))
        .route("/draws", get(draws_page))
}

const CSRF_PLAN: &str = "plan";

#[derive(Template)]
#[template(path = "plans.html")]
struct PlansPage {
    layout: Layout,
    year: i16,
    today: String,
    enterprises: i64,
    projects: i64,
    certificates: i64,
    seed: Option<(String, String, String)>,
    leader: bool,
    plans: Vec<PlanListItem>,
    csrf: String,
    error: Option<String>,
}

async fn plans_view(
    state: &AppState,
    caller: &Caller,
    error: Option<String>,
) -> Result<PlansPage, ApiError> {
    let today = state.clock().today();
    let store = state.store();
    let counts = store.registry_counts().await.map_err(store_error)?;
    let seed = store
        .seed(i64::from(today.year()))
        .await
        .map_err(store_error)?
        .map(|s| (s.seed, s.announced_at, s.actor));
    let plans = store.plans(50).await.map_err(store_error)?;
    Ok(PlansPage {
        layout: Layout::plain(state, "plans", "检查计划"),
        year: today.year(),
        today: today.to_string(),
        enterprises: counts.enterprises,
        projects: counts.projects,
        certificates: counts.certificates,
        seed,
        leader: caller
            .session
            .as_ref()
            .is_some_and(|s| s.user.role == "leader"),
        plans: plans.iter().map(list_item).collect(),
        csrf: csrf(caller, CSRF_PLAN),
        error,
    })
}

async fn plans_page(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
) -> Response {
    match plans_view(&state, &caller, None).await {
        Ok(p) => render_page(p),
        Err(e) => error_page(&state, &e),
    }
}

#[derive(Debug, Deserialize)]
struct PlanForm {
    #[serde(default)]
    as_of: String,
    #[serde(default)]
    csrf: String,
}

async fn plan_submit(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
    Protected(f): Protected<PlanForm>,
) -> Response {
    match create(&state, &caller, Some(&f.as_of)).await {
        Ok(row) => Redirect::to(&format!("/plans/{}", row.id)).into_response(),
        Err(e) => crate::framework::page::page_or_error(
            &state,
            plans_view(&state, &caller, Some(e.message().to_string())).await,
            e.status(),
        ),
    }
}

#[derive(Debug, Deserialize)]
struct SeedForm {
    #[serde(default)]
    year: String,
    #[serde(default)]
    seed: String,
    #[serde(default)]
    csrf: String,
}

async fn seed_submit(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
    Protected(f): Protected<SeedForm>,
) -> Response {
    let outcome = match f.year.trim().parse::<i64>() {
        Ok(year) => announce(&state, &caller, SeedRequest { year, seed: f.seed })
            .await
            .map(|_| ()),
        Err(_) => Err(ApiError::invalid(
            "invalid_input",
            "year",
            "年度应为数字，如 2026",
        )),
    };
    match outcome {
        Ok(()) => Redirect::to("/plans").into_response(),
        Err(e) => crate::framework::page::page_or_error(
            &state,
            plans_view(&state, &caller, Some(e.message().to_string())).await,
            e.status(),
        ),
    }
}

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage {
    layout: Layout,
    p: PlanDto,
    met: bool,
}

async fn plan_page(State(state): State<AppState>, Path(id): Path<i64>) -> Response {
    let row = match state.store().plan(id).await {
        Ok(Some(r)) => r,
        Ok(None) => {
            return error_page(
                &state,
                &ApiError::not_found(format!("检查计划 {id} 不存在")),
            );
        }
        Err(e) => return error_page(&state, &store_error(e)),
    };
    match plan_view(&state, &row).await {
        Ok(p) => {
            let met = p.rules.iter().all(|r| r.status == "met");
            render_page(PlanPage {
                layout: Layout::plain(&state, "plans", &format!("{} 年度检查计划", p.year)),
                p,
                met,
            })
        }
        Err(e) => error_page(&state, &e),
    }
}

#[derive(Template)]
#[template(path = "draws.html")]
struct DrawsPage {
    layout: Layout,
    draws: Vec<DrawListItem>,
}

async fn draws_page(State(state): State<AppState>) -> Response {
    match draws(&state).await {
        Ok(d) => render_page(DrawsPage {
            layout: Layout::plain(&state, "draws", "随机抽查"),
            draws: d,
        }),
        Err(e) => error_page(&state, &e),
    }
}

csrf_form!(PlanForm, CSRF_PLAN);

csrf_form!(SeedForm, CSRF_PLAN);
