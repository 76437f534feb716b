//! Who is responsible, on the wire: the request and answer of `POST /api/v1/routing/resolve`
//! (and of `qingdan route --json`), and the use case over the current catalog's router (§二).

use crate::{App, AppError};
use qingdan_routing::{Resolution, RoutingError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A routing request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RouteRequest {
    /// 用平常话描述的事项，如“工地上自己拌混凝土归谁管”，最多 500 字。
    pub text: String,
}

/// The responsible department, or null when nothing in the list covers the text.
#[derive(Debug, Serialize, ToSchema)]
pub struct RouteResponse {
    /// 负责部门；清单未涵盖时为 null。
    pub department: Option<String>,
    /// 所属职责边界的管理事项。
    pub matter: Option<String>,
    /// 职责边界序号（§二）。
    pub boundary_no: Option<u32>,
    /// 相关依据。
    pub basis: Option<String>,
    /// 该部门的职责分工。
    pub division: Option<String>,
    /// 案例。
    pub example: Option<String>,
    /// 说明：为什么是这个部门，或为什么没有。
    pub explanation: String,
    /// 起作用的判定规则编号。
    pub rule: Option<String>,
}

impl From<Resolution> for RouteResponse {
    fn from(r: Resolution) -> Self {
        RouteResponse {
            department: r.department,
            matter: r.matter,
            boundary_no: r.boundary_no,
            basis: r.basis,
            division: r.division,
            example: r.example,
            explanation: r.explanation,
            rule: r.rule,
        }
    }
}

/// A text the router refuses (too short, too long), as a refused `text` field (400).
pub fn routing_error(e: RoutingError) -> AppError {
    AppError::invalid("invalid_input", "text", e.to_string())
}

/// Finds the department responsible for a matter in the current catalog; no catalog yet is
/// [`AppError::NoCatalog`].
pub fn resolve(app: &App, request: &RouteRequest) -> Result<RouteResponse, AppError> {
    let loaded = app.current().ok_or(AppError::NoCatalog)?;
    let resolution = loaded
        .router
        .resolve(&request.text)
        .map_err(routing_error)?;
    Ok(resolution.into())
}
