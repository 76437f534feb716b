//! The catalog's JSON API: the current list's summary, its four parts, the stored versions,
//! the export (JSON or Excel) and full-text search. Every handler is declared with
//! `#[utoipa::path]` and registered through `OpenApiRouter` ([`api_routes`]), so the OpenAPI
//! document is generated from the same code that routes.

use crate::catalog::docs::{KINDS, kind_label, url_of};
use crate::framework::download::content_disposition;
use crate::framework::error::{ApiError, ErrorBody};
use crate::framework::extract::ApiPath;
use crate::framework::state::{AppState, Loaded};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use qingdan_search::SearchOptions;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Adds the catalog's API routes to `router`.
pub fn api_routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(catalog_summary))
        .routes(routes!(catalog_duties))
        .routes(routes!(catalog_boundaries))
        .routes(routes!(catalog_systems))
        .routes(routes!(catalog_services))
        .routes(routes!(catalog_versions))
        .routes(routes!(catalog_export))
        .routes(routes!(search))
}

fn loaded(state: &AppState) -> Result<Arc<Loaded>, ApiError> {
    state.current().ok_or_else(ApiError::no_catalog)
}

/// Counts of a catalog.
#[derive(Debug, Serialize, ToSchema)]
pub struct CountsDto {
    /// 职责.
    pub duties: usize,
    /// 具体工作事项.
    pub items: usize,
    /// 职责边界.
    pub boundaries: usize,
    /// 监管制度.
    pub systems: usize,
    /// 公共服务事项.
    pub services: usize,
}

impl From<qingdan_core::Counts> for CountsDto {
    fn from(c: qingdan_core::Counts) -> Self {
        CountsDto {
            duties: c.duties,
            items: c.items,
            boundaries: c.boundaries,
            systems: c.systems,
            services: c.services,
        }
    }
}

/// The catalog served.
#[derive(Debug, Serialize, ToSchema)]
pub struct CatalogSummary {
    /// The bureau, e.g. 安化县工业和信息化局.
    pub bureau: String,
    /// The list's title.
    pub title: String,
    /// The version number.
    pub version: i64,
    /// When this version was imported.
    pub imported_at: String,
    /// SHA-256 of the imported source text.
    pub source_sha256: String,
    /// Counts.
    pub counts: CountsDto,
}

/// The current catalog: bureau, version and counts.
#[utoipa::path(get, path = "/api/v1/catalog", tag = "catalog",
    responses((status = 200, body = CatalogSummary), (status = 503, body = ErrorBody)))]
async fn catalog_summary(State(state): State<AppState>) -> Result<Json<CatalogSummary>, ApiError> {
    let l = loaded(&state)?;
    Ok(Json(CatalogSummary {
        bureau: l.catalog.bureau.clone(),
        title: l.catalog.title.clone(),
        version: l.info.id,
        imported_at: l.info.imported_at.clone(),
        source_sha256: l.info.source_sha256.clone(),
        counts: l.catalog.counts().into(),
    }))
}

/// A work item.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemDto {
    /// Position within the duty.
    pub no: u32,
    /// `duty.item`, e.g. `6.4`.
    #[serde(rename = "ref")]
    pub reference: String,
    /// The text.
    pub text: String,
    /// 备注 as published (empty when blank).
    pub note: String,
    /// The office carrying the item (the note, carried down a merged cell; else the bureau).
    pub office: String,
}

/// A duty with its items.
#[derive(Debug, Serialize, ToSchema)]
pub struct DutyDto {
    /// 序号.
    pub no: u32,
    /// 主要职责.
    pub text: String,
    /// 具体工作事项.
    pub items: Vec<ItemDto>,
}

/// 一、部门职责: every duty with its work items.
#[utoipa::path(get, path = "/api/v1/catalog/duties", tag = "catalog",
    responses((status = 200, body = Vec<DutyDto>), (status = 503, body = ErrorBody)))]
async fn catalog_duties(State(state): State<AppState>) -> Result<Json<Vec<DutyDto>>, ApiError> {
    let l = loaded(&state)?;
    let bureau = &l.catalog.bureau;
    Ok(Json(
        l.catalog
            .duties
            .iter()
            .map(|d| DutyDto {
                no: d.no,
                text: d.text.clone(),
                items: d
                    .items
                    .iter()
                    .zip(d.item_offices(bureau))
                    .map(|(i, office)| ItemDto {
                        no: i.no,
                        reference: format!("{}.{}", d.no, i.no),
                        text: i.text.clone(),
                        note: i.note.clone(),
                        office: office.to_string(),
                    })
                    .collect(),
            })
            .collect(),
    ))
}

/// One department's side of a boundary.
#[derive(Debug, Serialize, ToSchema)]
pub struct BoundaryPartyDto {
    /// 相关部门.
    pub department: String,
    /// 职责分工.
    pub division: String,
}

/// A boundary matter.
#[derive(Debug, Serialize, ToSchema)]
pub struct BoundaryDto {
    /// 序号.
    pub no: u32,
    /// 管理事项.
    pub matter: String,
    /// 相关依据 (paragraphs separated by `\n`).
    pub basis: String,
    /// 案例 (paragraphs separated by `\n`).
    pub example: String,
    /// The departments and their division of work.
    pub parties: Vec<BoundaryPartyDto>,
}

/// 二、与相关部门的职责边界.
#[utoipa::path(get, path = "/api/v1/catalog/boundaries", tag = "catalog",
    responses((status = 200, body = Vec<BoundaryDto>), (status = 503, body = ErrorBody)))]
async fn catalog_boundaries(
    State(state): State<AppState>,
) -> Result<Json<Vec<BoundaryDto>>, ApiError> {
    let l = loaded(&state)?;
    Ok(Json(
        l.catalog
            .boundaries
            .iter()
            .map(|b| BoundaryDto {
                no: b.no,
                matter: b.matter.clone(),
                basis: b.basis.clone(),
                example: b.example.clone(),
                parties: b
                    .parties
                    .iter()
                    .map(|p| BoundaryPartyDto {
                        department: p.department.clone(),
                        division: p.division.clone(),
                    })
                    .collect(),
            })
            .collect(),
    ))
}

/// A section of a supervision system.
#[derive(Debug, Serialize, ToSchema)]
pub struct SectionDto {
    /// Its ordinal as published, e.g. 三.
    pub numeral: String,
    /// Its title, e.g. 监督检查方式及程序.
    pub title: String,
    /// Its text; each paragraph or numbered clause on its own line.
    pub text: String,
}

/// A supervision system.
#[derive(Debug, Serialize, ToSchema)]
pub struct SystemDto {
    /// Position: 5 is §三(五).
    pub no: u32,
    /// The list's mark, e.g. 三(五).
    pub mark: String,
    /// The title.
    pub title: String,
    /// Text before the first section.
    pub intro: String,
    /// The sections.
    pub sections: Vec<SectionDto>,
}

/// 三、事中事后监管制度.
#[utoipa::path(get, path = "/api/v1/catalog/systems", tag = "catalog",
    responses((status = 200, body = Vec<SystemDto>), (status = 503, body = ErrorBody)))]
async fn catalog_systems(State(state): State<AppState>) -> Result<Json<Vec<SystemDto>>, ApiError> {
    let l = loaded(&state)?;
    Ok(Json(
        l.catalog
            .systems
            .iter()
            .map(|s| SystemDto {
                no: s.no,
                mark: s.mark(),
                title: s.title.clone(),
                intro: s.intro.clone(),
                sections: s
                    .sections
                    .iter()
                    .map(|sec| SectionDto {
                        numeral: sec.numeral.clone(),
                        title: sec.title.clone(),
                        text: sec.text.clone(),
                    })
                    .collect(),
            })
            .collect(),
    ))
}

/// A public service.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceDto {
    /// 序号.
    pub no: u32,
    /// 服务事项.
    pub name: String,
    /// 主要工作内容.
    pub content: String,
    /// 承办机构.
    pub office: String,
    /// 联系电话.
    pub phone: String,
}

/// 四、公共服务事项.
#[utoipa::path(get, path = "/api/v1/catalog/services", tag = "catalog",
    responses((status = 200, body = Vec<ServiceDto>), (status = 503, body = ErrorBody)))]
async fn catalog_services(
    State(state): State<AppState>,
) -> Result<Json<Vec<ServiceDto>>, ApiError> {
    let l = loaded(&state)?;
    Ok(Json(
        l.catalog
            .services
            .iter()
            .map(|s| ServiceDto {
                no: s.no,
                name: s.name.clone(),
                content: s.content.clone(),
                office: s.office.clone(),
                phone: s.phone.clone(),
            })
            .collect(),
    ))
}

/// A stored version of the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionDto {
    /// The version number.
    pub version: i64,
    /// The bureau.
    pub bureau: String,
    /// The imported file's name.
    pub source_name: String,
    /// SHA-256 of the source text.
    pub source_sha256: String,
    /// When it was imported.
    pub imported_at: String,
    /// Its counts.
    pub counts: CountsDto,
    /// Whether it is the version served.
    pub current: bool,
}

/// Every imported version of the list, newest first.
#[utoipa::path(get, path = "/api/v1/catalog/versions", tag = "catalog",
    responses((status = 200, body = Vec<VersionDto>)))]
async fn catalog_versions(
    State(state): State<AppState>,
) -> Result<Json<Vec<VersionDto>>, ApiError> {
    let served = state.current().map(|l| l.info.id);
    let versions = state
        .store()
        .catalog_versions()
        .await
        .map_err(|e| ApiError::internal(&e))?;
    Ok(Json(
        versions
            .into_iter()
            .map(|v| VersionDto {
                version: v.id,
                bureau: v.bureau,
                source_name: v.source_name,
                source_sha256: v.source_sha256,
                imported_at: v.imported_at,
                counts: v.counts.into(),
                current: Some(v.id) == served,
            })
            .collect(),
    ))
}

/// The current catalog as a download: `json` (re-importable) or `xlsx` (for officials).
#[utoipa::path(get, path = "/api/v1/catalog/export/{format}", tag = "catalog",
    params(("format" = String, Path, description = "json 或 xlsx")),
    responses(
        (status = 200, description = "文件", content_type = "application/octet-stream"),
        (status = 400, body = ErrorBody)
    ))]
async fn catalog_export(
    State(state): State<AppState>,
    ApiPath(format): ApiPath<String>,
) -> Result<Response, ApiError> {
    let l = loaded(&state)?;
    let stem = format!("{}-v{}", l.catalog.bureau, l.info.id);
    let (bytes, mime, ext) = match format.as_str() {
        "json" => (
            serde_json::to_vec_pretty(&l.catalog).map_err(|e| ApiError::internal(&e))?,
            "application/json; charset=utf-8",
            "json",
        ),
        "xlsx" => (
            qingdan_export::catalog_xlsx(&l.catalog).map_err(|e| ApiError::internal(&e))?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        _ => {
            return Err(ApiError::invalid(
                "invalid_format",
                "format",
                format!("不支持的导出格式“{format}”，可选 json 或 xlsx"),
            ));
        }
    };
    let disposition = content_disposition(&format!("{stem}.{ext}"));
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

/// Search parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// 搜索词，例如“散装水泥”；两个汉字的词即可匹配。
    pub q: Option<String>,
    /// 每页条数，1–100，默认 20。
    pub limit: Option<String>,
    /// 跳过的条数，默认 0。
    pub offset: Option<String>,
    /// 只搜某一类：duty、item、boundary、system、service。
    pub kind: Option<String>,
}

/// A search hit.
#[derive(Debug, Serialize, ToSchema)]
pub struct HitDto {
    /// duty, item, boundary, system or service.
    pub kind: String,
    /// The kind in Chinese.
    pub kind_label: String,
    /// The reference within its kind: `6.4` for an item, `5` for §三(五).
    #[serde(rename = "ref")]
    pub reference: String,
    /// The title.
    pub title: String,
    /// A passage around the hit, HTML-escaped, with hits in `<mark>`.
    pub snippet: String,
    /// The page that shows it.
    pub url: String,
    /// Relevance (higher first).
    pub score: f32,
}

/// Search results.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResponse {
    /// All matches, before paging.
    pub total: usize,
    /// This page of hits, best first.
    pub hits: Vec<HitDto>,
}

/// Validated search parameters.
pub(crate) struct SearchQuery {
    pub q: String,
    pub options: SearchOptions,
}

/// Checks search parameters, naming the field of any problem in Chinese.
pub(crate) fn parse_search(p: SearchParams) -> Result<SearchQuery, ApiError> {
    let q = p.q.unwrap_or_default().trim().to_string();
    if q.is_empty() {
        return Err(ApiError::invalid(
            "invalid_query",
            "q",
            "请输入搜索词，例如“散装水泥”",
        ));
    }
    if q.chars().count() > 100 {
        return Err(ApiError::invalid(
            "invalid_query",
            "q",
            "搜索词过长，最多 100 个字",
        ));
    }
    if !qingdan_search::is_searchable(&q) {
        return Err(ApiError::invalid(
            "invalid_query",
            "q",
            "搜索词只含标点或空白，请输入文字",
        ));
    }
    let number = |field: &'static str,
                  v: Option<String>,
                  default: usize,
                  max: usize,
                  min: usize| match v.as_deref().map(str::trim) {
        None | Some("") => Ok(default),
        Some(s) => s
            .parse::<usize>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .ok_or_else(|| {
                ApiError::invalid(
                    "invalid_parameter",
                    field,
                    format!("“{field}”应为 {min} 到 {max} 之间的整数，实为“{s}”"),
                )
            }),
    };
    let limit = number("limit", p.limit, 20, 100, 1)?;
    let offset = number("offset", p.offset, 0, 10_000, 0)?;
    let kinds = match p.kind.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(k) if KINDS.iter().any(|(known, _)| *known == k) => Some(vec![k.to_string()]),
        Some(k) => {
            return Err(ApiError::invalid(
                "invalid_parameter",
                "kind",
                format!("未知的类别“{k}”，可选 duty、item、boundary、system、service"),
            ));
        }
    };
    Ok(SearchQuery {
        q,
        options: SearchOptions {
            limit,
            offset,
            kinds,
        },
    })
}

pub(crate) fn query_rejection(e: QueryRejection) -> ApiError {
    ApiError::invalid(
        "invalid_parameter",
        "query",
        format!("查询参数无法解析：{}", e.body_text()),
    )
}

/// Full-text search over the catalog; two-character Chinese words match.
#[utoipa::path(get, path = "/api/v1/search", tag = "catalog", params(SearchParams),
    responses((status = 200, body = SearchResponse), (status = 400, body = ErrorBody)))]
async fn search(
    State(state): State<AppState>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Json<SearchResponse>, ApiError> {
    let Query(params) = params.map_err(query_rejection)?;
    let query = parse_search(params)?;
    let l = loaded(&state)?;
    let results = l.index.search(&query.q, &query.options);
    Ok(Json(SearchResponse {
        total: results.total,
        hits: results
            .hits
            .into_iter()
            .map(|h| HitDto {
                url: url_of(&h.kind, &h.reference),
                kind_label: kind_label(&h.kind).to_string(),
                snippet: h.snippet.to_html(),
                kind: h.kind,
                reference: h.reference,
                title: h.title,
                score: h.score,
            })
            .collect(),
    }))
}
