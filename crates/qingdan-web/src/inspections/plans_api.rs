//! The registry and yearly inspection plans over HTTP (issue 5, §三(三)–(六)).
//!
//! * Conversions between `qingdan-registry`'s validated parties and the store's rows (the CLI's
//!   `registry import` and `demo load` use them too).
//! * [`snapshot`]: the county as the planner sees it, read from the database.
//! * Draw seeds: a year's seed is announced (`POST /api/v1/draws/seeds`, a leader) before a plan
//!   is drawn with it, so it is fixed before the candidates are read.
//! * Plans: `POST /api/v1/plans` makes the year's plan with `qingdan-inspections`, runs the
//!   independent checker on it and stores it only if every rule is met; `GET /api/v1/plans/{id}`
//!   shows per rule what is met and what is at risk.
//! * Publication (双随机一公开): `GET /api/v1/draws` lists the draws, `/api/v1/draws/{id}` is the
//!   record in the format `qingdan draw verify` reads, `/api/v1/draws/{id}/candidates.csv` and
//!   `/excluded.csv` the lists it was drawn from.

use crate::framework::access::Caller;
use crate::framework::error::store_error;
use crate::framework::error::{ApiError, ErrorBody};
use crate::framework::extract::ApiJson;
use crate::framework::extract::ApiPath;
use crate::framework::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;
use qingdan_inspections::check::{RuleCheck, Status, check};
use qingdan_inspections::plan::Plan;
use qingdan_store::PlanRow;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use qingdan_app::plans::{
    PlanFailure, certificate_row, corrupt, enterprise_row, make_plan, project_row, snapshot,
};

/// Adds the registry's, plans' and draws' API routes to `router`.
pub fn api_routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(seed_api))
        .routes(routes!(create_plan_api, list_plans_api))
        .routes(routes!(get_plan_api))
        .routes(routes!(draws_api))
        .routes(routes!(draw_api))
        .routes(routes!(candidates_api))
        .routes(routes!(excluded_api))
        .routes(routes!(registry_api))
        .routes(routes!(flag_api))
}

/// A seed announcement.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeedRequest {
    /// 计划年度。
    pub year: i64,
    /// 随机种子：32–256 位十六进制数字（例如当日公开的彩票开奖号码经 SHA-256 得到的值）。
    pub seed: String,
}

/// An announced seed.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeedDto {
    /// 年度。
    pub year: i64,
    /// 种子。
    pub seed: String,
    /// 公布时间。
    pub announced_at: String,
    /// 公布人。
    pub actor: String,
}

/// Announces a year's draw seed (once; it cannot be changed).
pub async fn announce(
    state: &AppState,
    caller: &Caller,
    r: SeedRequest,
) -> Result<SeedDto, ApiError> {
    let row = qingdan_app::plans::announce(state.app(), caller, r.year, &r.seed).await?;
    Ok(SeedDto {
        year: row.year,
        seed: row.seed,
        announced_at: row.announced_at,
        actor: row.actor,
    })
}

/// Announces the year's draw seed (leaders). A seed is fixed once announced.
#[utoipa::path(post, path = "/api/v1/draws/seeds", tag = "inspections", request_body = SeedRequest,
    responses((status = 201, body = SeedDto), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn seed_api(
    State(state): State<AppState>,
    caller: axum::Extension<Caller>,
    body: ApiJson<SeedRequest>,
) -> Result<(StatusCode, Json<SeedDto>), ApiError> {
    let ApiJson(r) = body;
    Ok((
        StatusCode::CREATED,
        Json(announce(&state, &caller.0, r).await?),
    ))
}

/// A plan request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanRequest {
    /// 编制日期（YYYY-MM-DD，默认今天）；计划年度为其所在年度。
    #[serde(default)]
    pub as_of: Option<String>,
}

/// A rule as checked.
#[derive(Debug, Serialize, ToSchema)]
pub struct RuleDto {
    /// 规则代码。
    pub code: String,
    /// 规则。
    pub title: String,
    /// 依据。
    pub basis: String,
    /// met 或 at_risk。
    pub status: String,
    /// 满足 / 存在风险。
    pub status_label: String,
    /// 应检数。
    pub required: usize,
    /// 计划数。
    pub actual: usize,
    /// 说明。
    pub summary: String,
    /// 不满足的对象（最多 20 个）。
    pub offenders: Vec<String>,
}

/// A plan with its checks.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanDto {
    /// 编号。
    pub id: i64,
    /// 年度。
    pub year: i64,
    /// 编制日期。
    pub as_of: String,
    /// 种子。
    pub seed: String,
    /// 检查项数。
    pub items: i64,
    /// 各季度检查数。
    pub by_quarter: Vec<usize>,
    /// 各监管制度检查数（制度代码, 数量）。
    pub by_system: Vec<(String, usize)>,
    /// 频次规则校验（独立于编制程序）。
    pub rules: Vec<RuleDto>,
    /// 随机抽取记录的地址（若有）。
    pub draw_url: Option<String>,
    /// 编制时间。
    pub created_at: String,
    /// 编制人。
    pub actor: String,
}

/// The plan of a row, re-checked now against the database's county as of the plan day.
pub async fn plan_view(state: &AppState, row: &PlanRow) -> Result<PlanDto, ApiError> {
    let plan: Plan = qingdan_app::plans::decode(row)?;
    let snap = snapshot(state.store(), plan.as_of)
        .await
        .map_err(store_error)?;
    let checks = check(&snap, &plan);
    let mut by_quarter = vec![0usize; 4];
    let mut by_system: BTreeMap<String, usize> = BTreeMap::new();
    for i in &plan.items {
        if let Some(q) = by_quarter.get_mut(usize::from(i.quarter).saturating_sub(1)) {
            *q += 1;
        }
        let code = serde_json::to_value(i.system)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        *by_system.entry(code).or_default() += 1;
    }
    Ok(PlanDto {
        id: row.id,
        year: row.year,
        as_of: row.as_of.clone(),
        seed: row.seed.clone(),
        items: row.items,
        by_quarter,
        by_system: by_system.into_iter().collect(),
        rules: checks.iter().map(rule_dto).collect(),
        draw_url: row
            .draw_record
            .as_ref()
            .map(|_| format!("/api/v1/draws/{}", row.id)),
        created_at: row.created_at.clone(),
        actor: row.actor.clone(),
    })
}

fn rule_dto(c: &RuleCheck) -> RuleDto {
    RuleDto {
        code: c.code.to_string(),
        title: c.title.to_string(),
        basis: c.basis.to_string(),
        status: match c.status {
            Status::Met => "met".into(),
            Status::AtRisk => "at_risk".into(),
        },
        status_label: c.status.label().to_string(),
        required: c.required,
        actual: c.actual,
        summary: c.summary.clone(),
        offenders: c
            .offenders
            .iter()
            .take(20)
            .map(|o| format!("{}：{}", o.target, o.detail))
            .collect(),
    }
}

/// Makes the year's plan (officers and leaders), checked rule by rule before it is stored.
#[utoipa::path(post, path = "/api/v1/plans", tag = "inspections", request_body = PlanRequest,
    responses((status = 201, body = PlanDto), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn create_plan_api(
    State(state): State<AppState>,
    caller: axum::Extension<Caller>,
    body: ApiJson<PlanRequest>,
) -> Result<(StatusCode, Json<PlanDto>), ApiError> {
    let ApiJson(r) = body;
    let row = create(&state, &caller.0, r.as_of.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(plan_view(&state, &row).await?)))
}

/// Makes a plan for the caller (the API and the page share it).
pub async fn create(
    state: &AppState,
    caller: &Caller,
    as_of: Option<&str>,
) -> Result<PlanRow, ApiError> {
    let as_of = match as_of.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(s.parse::<Date>().map_err(|_| {
            ApiError::invalid(
                "invalid_input",
                "as_of",
                format!("编制日期“{s}”应为 YYYY-MM-DD"),
            )
        })?),
        None => None,
    };
    Ok(qingdan_app::plans::create(state.app(), caller, as_of).await?)
}

/// A plan in the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanListItem {
    /// 编号。
    pub id: i64,
    /// 年度。
    pub year: i64,
    /// 编制日期。
    pub as_of: String,
    /// 检查项数。
    pub items: i64,
    /// 编制时间。
    pub created_at: String,
    /// 编制人。
    pub actor: String,
}

/// Plans, newest first.
#[utoipa::path(get, path = "/api/v1/plans", tag = "inspections",
    responses((status = 200, body = [PlanListItem]), (status = 403, body = ErrorBody)))]
pub(crate) async fn list_plans_api(
    State(state): State<AppState>,
) -> Result<Json<Vec<PlanListItem>>, ApiError> {
    let rows = state.store().plans(100).await.map_err(store_error)?;
    Ok(Json(rows.iter().map(list_item).collect()))
}

/// A list row.
pub fn list_item(r: &PlanRow) -> PlanListItem {
    PlanListItem {
        id: r.id,
        year: r.year,
        as_of: r.as_of.clone(),
        items: r.items,
        created_at: r.created_at.clone(),
        actor: r.actor.clone(),
    }
}

async fn load_plan(state: &AppState, id: i64) -> Result<PlanRow, ApiError> {
    state
        .store()
        .plan(id)
        .await
        .map_err(store_error)?
        .ok_or_else(|| ApiError::not_found(format!("检查计划 {id} 不存在")))
}

/// One plan with each frequency rule met or at risk (checked again now).
#[utoipa::path(get, path = "/api/v1/plans/{id}", tag = "inspections",
    params(("id" = i64, Path, description = "计划编号")),
    responses((status = 200, body = PlanDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_plan_api(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<PlanDto>, ApiError> {
    let row = load_plan(&state, id).await?;
    Ok(Json(plan_view(&state, &row).await?))
}

/// A published draw.
#[derive(Debug, Serialize, ToSchema)]
pub struct DrawListItem {
    /// 编号（与计划编号相同）。
    pub id: i64,
    /// 年度。
    pub year: i64,
    /// 抽取事项。
    pub what: String,
    /// 种子。
    pub seed: String,
    /// 种子公布时间。
    pub seed_announced_at: Option<String>,
    /// 抽取时间。
    pub drawn_at: String,
    /// 候选数。
    pub candidate_count: usize,
    /// 抽中数。
    pub count: usize,
    /// 记录哈希。
    pub record_hash: String,
}

/// The published draws (public).
pub async fn draws(state: &AppState) -> Result<Vec<DrawListItem>, ApiError> {
    let mut out = Vec::new();
    for row in state.store().plans(200).await.map_err(store_error)? {
        let Some(text) = &row.draw_record else {
            continue;
        };
        let record = qingdan_draw::DrawRecord::from_json(text).map_err(|e| {
            ApiError::internal(&corrupt(format!("抽取记录 {} 无法读取：{e}", row.id)))
        })?;
        let seed = state.store().seed(row.year).await.map_err(store_error)?;
        out.push(DrawListItem {
            id: row.id,
            year: row.year,
            what: "新型墙体材料认定企业年度监督检查（20% 随机抽取，责任清单三（三）三）".into(),
            seed: record.seed.clone(),
            seed_announced_at: seed.map(|s| s.announced_at),
            drawn_at: row.created_at.clone(),
            candidate_count: record.candidate_count,
            count: record.count,
            record_hash: record.record_hash.clone(),
        });
    }
    Ok(out)
}

/// The published draws.
#[utoipa::path(get, path = "/api/v1/draws", tag = "inspections",
    responses((status = 200, body = [DrawListItem])))]
pub(crate) async fn draws_api(
    State(state): State<AppState>,
) -> Result<Json<Vec<DrawListItem>>, ApiError> {
    Ok(Json(draws(&state).await?))
}

async fn draw_plan(state: &AppState, id: i64) -> Result<(PlanRow, Plan, String), ApiError> {
    let row = load_plan(state, id).await?;
    let Some(record) = row.draw_record.clone() else {
        return Err(ApiError::not_found(format!("检查计划 {id} 没有随机抽取")));
    };
    let plan: Plan = qingdan_app::plans::decode(&row)?;
    Ok((row, plan, record))
}

/// A draw's record, exactly as `qingdan draw verify RECORD.json` reads it.
#[utoipa::path(get, path = "/api/v1/draws/{id}", tag = "inspections",
    params(("id" = i64, Path, description = "抽取编号")),
    responses((status = 200, description = "抽取记录（DRAW-FORMAT.md）", content_type = "application/json"),
        (status = 404, body = ErrorBody)))]
pub(crate) async fn draw_api(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    let (_, _, record) = draw_plan(&state, id).await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], record).into_response())
}

fn csv_of(ids: &[String], name: &str) -> Response {
    let mut body = String::from("统一社会信用代码\r\n");
    for id in ids {
        body.push_str(id);
        body.push_str("\r\n");
    }
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                crate::framework::download::content_disposition(name),
            ),
        ],
        body,
    )
        .into_response()
}

/// The candidates a draw was made from (CSV, first column the id).
#[utoipa::path(get, path = "/api/v1/draws/{id}/candidates.csv", tag = "inspections",
    params(("id" = i64, Path, description = "抽取编号")),
    responses((status = 200, description = "候选名单 CSV", content_type = "text/csv"), (status = 404, body = ErrorBody)))]
pub(crate) async fn candidates_api(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    let (_, plan, _) = draw_plan(&state, id).await?;
    Ok(csv_of(
        &plan.wall_cert_candidates,
        &format!("抽取{id}-候选名单.csv"),
    ))
}

/// The candidates a draw excluded (already covered) (CSV).
#[utoipa::path(get, path = "/api/v1/draws/{id}/excluded.csv", tag = "inspections",
    params(("id" = i64, Path, description = "抽取编号")),
    responses((status = 200, description = "排除名单 CSV", content_type = "text/csv"), (status = 404, body = ErrorBody)))]
pub(crate) async fn excluded_api(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    let (_, plan, _) = draw_plan(&state, id).await?;
    Ok(csv_of(
        &plan.wall_cert_excluded,
        &format!("抽取{id}-排除名单.csv"),
    ))
}

/// Registry counts.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistryCountsDto {
    /// 企业数。
    pub enterprises: i64,
    /// 建设项目数。
    pub projects: i64,
    /// 证书数。
    pub certificates: i64,
}

/// How many parties are registered (staff).
#[utoipa::path(get, path = "/api/v1/registry", tag = "inspections",
    responses((status = 200, body = RegistryCountsDto), (status = 403, body = ErrorBody)))]
pub(crate) async fn registry_api(
    State(state): State<AppState>,
) -> Result<Json<RegistryCountsDto>, ApiError> {
    let c = state.store().registry_counts().await.map_err(store_error)?;
    Ok(Json(RegistryCountsDto {
        enterprises: c.enterprises,
        projects: c.projects,
        certificates: c.certificates,
    }))
}

/// A priority flag to record on a registered enterprise.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FlagRequest {
    /// 企业的统一社会信用代码（须已登记）。
    pub target: String,
    /// incident（产品出现质量事故）或 failed_spot_check（国家及县级专项监督检查不合格）。
    pub flag: String,
    /// 依据（事故报告、抽检通报的文号等）。
    pub reason: String,
}

/// Records that a registered enterprise had a quality incident or failed a special spot check,
/// so that the plan inspects it first (§三(三)三). Complaints are flagged by linking them.
#[utoipa::path(post, path = "/api/v1/registry/flags", tag = "inspections", request_body = FlagRequest,
    responses((status = 204, description = "已记录"), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
pub(crate) async fn flag_api(
    State(state): State<AppState>,
    caller: axum::Extension<Caller>,
    body: ApiJson<FlagRequest>,
) -> Result<StatusCode, ApiError> {
    let ApiJson(r) = body;
    qingdan_app::plans::flag(state.app(), &caller.0, &r.target, &r.flag, &r.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}
