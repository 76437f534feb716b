//! Administration over the API: users (admin) and the audit chain (legal, admin).

use crate::framework::access::Caller;
use crate::framework::error::{ApiError, ErrorBody};
use crate::framework::extract::ApiJson;
use crate::framework::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use qingdan_store::{UserRecord, VerifyError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Adds the administration API routes to `router`.
pub fn api_routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(list_users, create_user))
        .routes(routes!(verify_audit))
}

/// A user as the API shows it (never the password hash).
#[derive(Debug, Serialize, ToSchema)]
pub struct UserDto {
    /// Id.
    pub id: i64,
    /// 用户名。
    pub username: String,
    /// 姓名。
    pub display_name: String,
    /// public、officer、leader、legal、admin 或 auditor（审计管理员）。
    pub role: String,
    /// 股室。
    pub office: Option<String>,
    /// 执法证号。
    pub certificate_number: Option<String>,
    /// 执法证有效期至。
    pub certificate_valid_until: Option<String>,
    /// 已停用。
    pub disabled: bool,
}

impl From<UserRecord> for UserDto {
    fn from(u: UserRecord) -> Self {
        UserDto {
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            role: u.role,
            office: u.office,
            certificate_number: u.certificate_number,
            certificate_valid_until: u.certificate_valid_until,
            disabled: u.disabled,
        }
    }
}

/// Every user.
#[utoipa::path(get, path = "/api/v1/users", tag = "admin",
    responses((status = 200, body = Vec<UserDto>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn list_users(
    State(state): State<AppState>,
) -> Result<Json<Vec<UserDto>>, ApiError> {
    let users = state
        .store()
        .users()
        .await
        .map_err(|e| ApiError::internal(&e))?;
    Ok(Json(users.into_iter().map(UserDto::from).collect()))
}

/// A user to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    /// 用户名：字母、数字、点、横线、下划线，3–32 位。
    pub username: String,
    /// 姓名（默认同用户名）。
    pub display_name: Option<String>,
    /// public、officer、leader、legal、admin 或 auditor（审计管理员）。
    pub role: String,
    /// 股室（须已存在，如“县散装水泥办公室”）。
    pub office: Option<String>,
    /// 密码：至少 10 位，含小写字母、大写字母、数字、其他符号中的至少三类，不含用户名，不是常见密码。
    pub password: String,
    /// 执法证号。
    pub certificate: Option<String>,
    /// 执法证有效期至 YYYY-MM-DD。
    pub certificate_valid_until: Option<String>,
    /// 执法证生效日 YYYY-MM-DD（此前不能实施执法行为）。
    #[serde(default)]
    pub certificate_valid_from: Option<String>,
}

impl From<CreateUser> for qingdan_app::users::NewUser {
    fn from(c: CreateUser) -> Self {
        qingdan_app::users::NewUser {
            username: c.username,
            display_name: c.display_name,
            role: c.role,
            office: c.office,
            password: c.password,
            certificate: c.certificate,
            certificate_valid_from: c.certificate_valid_from,
            certificate_valid_until: c.certificate_valid_until,
        }
    }
}

/// Creates a user.
#[utoipa::path(post, path = "/api/v1/users", tag = "admin", request_body = CreateUser,
    responses((status = 201, body = UserDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn create_user(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
    body: ApiJson<CreateUser>,
) -> Result<(StatusCode, Json<UserDto>), ApiError> {
    let ApiJson(c) = body;
    let user = qingdan_app::users::create(
        state.store(),
        &c.into(),
        &caller.actor_name(),
        &state.stamp(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(user.into())))
}

/// The audit chain's state.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditReport {
    /// 链是否完整。
    pub ok: bool,
    /// 核验的事件数（完整时为总数）。
    pub events: i64,
    /// 第一个有问题的事件编号。
    pub first_bad: Option<i64>,
    /// 库外锚点中核对到的事件数（未配置锚点时为空）。
    pub anchored: Option<i64>,
    /// 与审计事件核对一致的业务数据行数（案件、投诉举报、检查任务、检查计划）。
    pub rows_checked: i64,
    /// 与审计记录不符的数据行（每行一句说明）。
    pub row_problems: Vec<String>,
    /// 说明。
    pub message: String,
}

/// Replays the audit chain (as `qingdan audit verify` does).
#[utoipa::path(get, path = "/api/v1/audit/verify", tag = "admin",
    responses((status = 200, body = AuditReport), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn verify_audit(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
) -> Result<Json<AuditReport>, ApiError> {
    let report = verify_report(&state).await?;
    // The 审计管理员's own act is recorded too (三员分立: each administrator's acts are
    // in the record), after the check so the check covers the record as it was asked about.
    let event = qingdan_core::audit::NewEvent::new(
        &state.stamp(),
        &caller.actor_name(),
        "audit.verified",
        "audit",
        &report.events.to_string(),
        &format!(
            "核验审计记录：{}",
            if report.ok { "完整" } else { "发现问题" }
        ),
    )
    .with_after(report.message.clone());
    if let Err(e) = state.store().record(event).await {
        tracing::error!(error = %e, "could not record the verification");
    }
    Ok(Json(report))
}

async fn verify_report(state: &AppState) -> Result<AuditReport, ApiError> {
    let failed = |events, first_bad, row_problems, message| AuditReport {
        ok: false,
        events,
        first_bad,
        anchored: None,
        rows_checked: 0,
        row_problems,
        message,
    };
    match state.store().verify_audit(|_| {}).await {
        Ok(v) => Ok(AuditReport {
            ok: true,
            events: v.events,
            first_bad: None,
            anchored: v.anchored.map(|n| n as i64),
            rows_checked: v.rows.checked,
            row_problems: Vec::new(),
            message: qingdan_app::record::verified_summary(&v),
        }),
        Err(VerifyError::Chain(e)) => Ok(failed(
            e.seq() - 1,
            Some(e.seq()),
            Vec::new(),
            e.to_string(),
        )),
        Err(VerifyError::Rows(problems)) => {
            let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
            let message = format!("{} 行业务数据与审计记录不符", lines.len());
            Ok(failed(0, None, lines, message))
        }
        Err(VerifyError::Anchor(e)) => Ok(failed(0, None, Vec::new(), e.to_string())),
        Err(VerifyError::Store(e)) => Err(ApiError::internal(&e)),
    }
}
