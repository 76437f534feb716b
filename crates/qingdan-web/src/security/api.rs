//! The security API: the settings in force and the sign-in delays (安全管理员 only).

use crate::framework::access::Caller;
use crate::framework::error::{ApiError, ErrorBody};
use crate::framework::extract::ApiJson;
use crate::framework::state::AppState;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Adds the security API routes to `router`.
pub fn api_routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(settings))
        .routes(routes!(sign_in_failures))
        .routes(routes!(clear_failures))
}

/// The security settings in force (等保 2.0 8.1.4.1 身份鉴别, 8.1.4.3 安全审计).
#[derive(Debug, Serialize, ToSchema)]
pub struct SecuritySettings {
    /// 会话空闲多少分钟后结束。
    pub session_idle_minutes: i64,
    /// 会话自登录起最长多少小时。
    pub session_hours: i64,
    /// 密码最少位数（须含大小写字母、数字、符号中的至少三类）。
    pub password_min_chars: usize,
    /// 密码有效期（天）；为空表示不过期。
    pub password_max_age_days: Option<i64>,
    /// 同一账户在同一地址连续失败多少次后开始延迟。
    pub lockout_free_failures: u32,
    /// 首次延迟（秒），此后每失败一次加倍。
    pub lockout_first_delay_seconds: i64,
    /// 最长延迟（分钟）。
    pub lockout_max_delay_minutes: i64,
    /// 失败记录保留多少小时。
    pub lockout_window_hours: i64,
    /// 审计链的哈希算法（SHA-256 或 SM3，安装时选定）。
    pub audit_chain_hash: String,
    /// 审计锚点目录（库外）；为空表示未配置。
    pub audit_anchor_dir: Option<String>,
    /// 审计锚点密钥的公开标识（不泄露密钥）。
    pub audit_key_id: Option<String>,
}

/// The security settings in force.
#[utoipa::path(get, path = "/api/v1/security/settings", tag = "security",
    responses((status = 200, body = SecuritySettings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn settings(State(state): State<AppState>) -> Json<SecuritySettings> {
    Json(settings_of(&state))
}

/// The settings as the page and the API show them.
pub(crate) fn settings_of(state: &AppState) -> SecuritySettings {
    let sessions = state.session_policy();
    let lockout = qingdan_identity::LockoutPolicy::DEFAULT;
    SecuritySettings {
        session_idle_minutes: sessions.idle.as_mins(),
        session_hours: sessions.absolute.as_hours(),
        password_min_chars: qingdan_identity::MIN_PASSWORD_CHARS,
        password_max_age_days: state.password_expiry().max_age.map(|d| d.as_hours() / 24),
        lockout_free_failures: lockout.free_failures,
        lockout_first_delay_seconds: lockout.first_delay.as_secs(),
        lockout_max_delay_minutes: lockout.max_delay.as_mins(),
        lockout_window_hours: lockout.window.as_hours(),
        audit_chain_hash: state.store().chain_hash().label().to_string(),
        audit_anchor_dir: state.store().anchor_dir().map(|d| d.display().to_string()),
        audit_key_id: state.store().anchor_key_id(),
    }
}

/// Failed sign-ins of one account from one address within the last day.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignInFailuresDto {
    /// 尝试登录的用户名（不一定存在）。
    pub username: String,
    /// 客户端地址（未知时为空）。
    pub address: String,
    /// 失败次数。
    pub failures: i64,
    /// 最近一次失败时间（RFC 3339）。
    pub last_failure: String,
    /// 须等待到何时才能再次从该地址登录该账户；为空表示当前无须等待。
    pub delayed_until: Option<String>,
}

/// Failed sign-ins per account and address within the last day, most first.
#[utoipa::path(get, path = "/api/v1/security/sign-in-failures", tag = "security",
    responses((status = 200, body = Vec<SignInFailuresDto>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn sign_in_failures(
    State(state): State<AppState>,
) -> Result<Json<Vec<SignInFailuresDto>>, ApiError> {
    let rows = qingdan_app::security::sign_in_failures(state.app()).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| SignInFailuresDto {
                username: r.username,
                address: r.address,
                failures: r.failures,
                last_failure: r.last_failure,
                delayed_until: r.delayed_until,
            })
            .collect(),
    ))
}

/// Which delay to release.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClearFailures {
    /// 用户名。
    pub username: String,
    /// 客户端地址（与列表中一致；未知时为空字符串）。
    #[serde(default)]
    pub address: String,
}

/// How many failures were forgotten.
#[derive(Debug, Serialize, ToSchema)]
pub struct Cleared {
    /// 清除的失败记录数。
    pub cleared: u64,
}

/// Releases the delay of an account at an address (its failures are forgotten; audited).
#[utoipa::path(post, path = "/api/v1/security/sign-in-failures/clear", tag = "security",
    request_body = ClearFailures,
    responses((status = 200, body = Cleared), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn clear_failures(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
    body: ApiJson<ClearFailures>,
) -> Result<Json<Cleared>, ApiError> {
    let ApiJson(c) = body;
    let cleared =
        qingdan_app::security::clear(state.app(), &caller, &c.username, &c.address).await?;
    Ok(Json(Cleared { cleared }))
}
