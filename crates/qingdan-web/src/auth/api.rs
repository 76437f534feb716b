//! Signing in and out over the API: `POST /api/v1/auth/token` exchanges a name and password for
//! an API token (with lock-out after repeated failures), `POST /api/v1/auth/logout` revokes it,
//! `GET /api/v1/auth/me` and `POST /api/v1/auth/password`. [`sign_in`] is shared with the
//! sign-in page. Who the caller is and whether they may act is the framework's
//! (`framework::access`).

use crate::framework::access::API_CSRF_PURPOSE;
use crate::framework::access::Caller;
use crate::framework::clock::stamp;
use crate::framework::error::{ApiError, ErrorBody};
use crate::framework::extract::ApiJson;
use crate::framework::limit::ClientAddress;
use crate::framework::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use jiff::Timestamp;
use qingdan_identity::LockoutPolicy;
use qingdan_store::UserRecord;
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Adds the sign-in API routes to `router`.
pub fn api_routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    router
        .routes(routes!(token))
        .routes(routes!(logout))
        .routes(routes!(me))
        .routes(routes!(change_password))
}

/// Sign-in credentials.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    /// 用户名。
    pub username: String,
    /// 密码。
    pub password: String,
}

/// An API token.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// 在请求头中使用：Authorization: Bearer TOKEN。
    pub token: String,
    /// 必须先修改密码：密码由他人设置（管理员创建或重置），或已超过有效期（默认 90 天）。
    /// 修改之前只能读取，不能办理。
    pub must_change_password: bool,
}

/// Why a sign-in failed, for the caller and the log.
pub enum SignInError {
    /// Wrong name or password (one message for both: no user enumeration).
    Wrong,
    /// Locked until the time given.
    Locked(Timestamp),
    /// Internal.
    Internal(ApiError),
}

impl SignInError {
    /// The API error.
    pub fn into_api(self) -> ApiError {
        match self {
            SignInError::Wrong => ApiError::unauthenticated("用户名或密码错误"),
            SignInError::Locked(until) => ApiError::too_many(format!(
                "登录失败次数过多，从本机登录该账户须等到 {} 后再试（每多失败一次，等待时间加倍）",
                crate::framework::clock::china()
                    .to_datetime(until)
                    .strftime("%H:%M:%S")
            )),
            SignInError::Internal(e) => e,
        }
    }
}

/// A dummy hash verified when the user does not exist, so both paths take argon2's time.
const DUMMY_PHC: &str = "$argon2id$v=19$m=19456,t=2,p=1$cWluZ2RhbnF1aW5nZGFu$Ayy6qXlJpFnXt4wXrhl3ZC6Lp7ZsF0+qUGV0yN1kH9s";

/// Checks a name and password against the store, with growing delays after failures from the
/// client's `address` for this account (`qingdan_identity::LockoutPolicy`); on success opens a
/// session of `kind` and returns its token.
pub async fn sign_in(
    state: &AppState,
    username: &str,
    password: &str,
    kind: &str,
    address: &str,
) -> Result<(String, UserRecord), SignInError> {
    let store = state.store();
    let now = state.clock().now();
    let policy = LockoutPolicy::DEFAULT;
    let since = stamp(now - policy.window);
    let failures: Vec<Timestamp> = store
        .login_failures_since(username, address, &since)
        .await
        .map_err(|e| SignInError::Internal(ApiError::internal(&e)))?
        .iter()
        .filter_map(|s| Timestamp::from_str(s).ok())
        .collect();
    if let Some(until) = policy.locked_until(&failures, now) {
        return Err(SignInError::Locked(until));
    }
    let user = store
        .user_by_name(username)
        .await
        .map_err(|e| SignInError::Internal(ApiError::internal(&e)))?;
    let hash = user
        .as_ref()
        .map(|u| u.password_hash.as_str())
        .unwrap_or(DUMMY_PHC);
    let password_ok = qingdan_identity::verify_password(password, hash);
    let user = match user {
        Some(u) if password_ok && !u.disabled => u,
        other => {
            let why = match other {
                None => "用户不存在",
                Some(u) if u.disabled => "账户已停用",
                Some(_) => "密码错误",
            };
            store
                .record_login_failure(username, address, why, &stamp(now))
                .await
                .map_err(|e| SignInError::Internal(ApiError::internal(&e)))?;
            return Err(SignInError::Wrong);
        }
    };
    let secret = qingdan_identity::new_secret()
        .map_err(|e| SignInError::Internal(ApiError::internal(&e)))?;
    store
        .create_session(secret.hash(), &user, kind, &stamp(now), address)
        .await
        .map_err(|e| SignInError::Internal(ApiError::internal(&e)))?;
    Ok((secret.token().to_string(), user))
}

/// Exchanges a user name and password for an API token.
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "auth", request_body = TokenRequest,
    responses((status = 200, body = TokenResponse), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub(crate) async fn token(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    body: ApiJson<TokenRequest>,
) -> Result<Json<TokenResponse>, ApiError> {
    let ApiJson(r) = body;
    if r.username.trim().is_empty() {
        return Err(ApiError::invalid(
            "invalid_input",
            "username",
            "请输入用户名",
        ));
    }
    let (token, user) = sign_in(&state, r.username.trim(), &r.password, "api", &address)
        .await
        .map_err(SignInError::into_api)?;
    Ok(Json(TokenResponse {
        token,
        must_change_password: state.must_change_password(&user),
    }))
}

/// Revokes the API token (or session) the request carries.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth",
    responses((status = 204, description = "已退出"), (status = 401, body = ErrorBody)))]
pub(crate) async fn logout(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
) -> Result<StatusCode, ApiError> {
    let Some(session) = caller.session else {
        return Err(ApiError::unauthenticated("未登录"));
    };
    state
        .store()
        .delete_session(
            &session.token_hash,
            &session.user,
            &stamp(state.clock().now()),
        )
        .await
        .map_err(|e| ApiError::internal(&e))?;
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in user.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    /// 用户名。
    pub username: String,
    /// 姓名。
    pub display_name: String,
    /// 角色。
    pub role: String,
    /// 股室。
    pub office: Option<String>,
    /// 执法证号。
    pub certificate_number: Option<String>,
    /// 执法证有效期至。
    pub certificate_valid_until: Option<String>,
    /// 以登录会话（Cookie）调用接口的增删改请求须在 `X-CSRF-Token` 请求头中带上此令牌；
    /// 使用 API 令牌（Bearer）时不需要。
    pub csrf_token: String,
}

/// Who the token belongs to.
#[utoipa::path(get, path = "/api/v1/auth/me", tag = "auth",
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
pub(crate) async fn me(
    axum::Extension(caller): axum::Extension<Caller>,
) -> Result<Json<Me>, ApiError> {
    let Some(s) = caller.session else {
        return Err(ApiError::unauthenticated("未登录"));
    };
    Ok(Json(Me {
        username: s.user.username,
        display_name: s.user.display_name,
        role: s.user.role,
        office: s.user.office,
        certificate_number: s.user.certificate_number,
        certificate_valid_until: s.user.certificate_valid_until,
        csrf_token: qingdan_identity::csrf_token(&s.token_hash, API_CSRF_PURPOSE),
    }))
}

/// A password change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordRequest {
    /// 当前密码。
    pub current_password: String,
    /// 新密码：至少 10 位，含小写字母、大写字母、数字、其他符号中的至少三类，不含用户名，不是常见密码。
    pub new_password: String,
}

/// Changes the signed-in user's password (and ends the one-time password's restriction).
#[utoipa::path(post, path = "/api/v1/auth/password", tag = "auth", request_body = PasswordRequest,
    responses((status = 204, description = "已修改"), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub(crate) async fn change_password(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
    body: ApiJson<PasswordRequest>,
) -> Result<StatusCode, ApiError> {
    let ApiJson(r) = body;
    let Some(session) = caller.session else {
        return Err(ApiError::unauthenticated("未登录"));
    };
    let user = &session.user;
    if !qingdan_identity::verify_password(&r.current_password, &user.password_hash) {
        return Err(ApiError::invalid(
            "invalid_input",
            "current_password",
            "当前密码不正确",
        ));
    }
    if r.new_password == r.current_password {
        return Err(ApiError::invalid(
            "invalid_input",
            "new_password",
            "新密码不能与当前密码相同",
        ));
    }
    qingdan_identity::check_password_strength(&r.new_password, &user.username)
        .map_err(|e| ApiError::invalid("invalid_input", "new_password", e.to_string()))?;
    let hash =
        qingdan_identity::hash_password(&r.new_password).map_err(|e| ApiError::internal(&e))?;
    state
        .store()
        .set_password(
            user,
            &hash,
            &session.token_hash,
            &stamp(state.clock().now()),
        )
        .await
        .map_err(|e| ApiError::internal(&e))?;
    Ok(StatusCode::NO_CONTENT)
}
