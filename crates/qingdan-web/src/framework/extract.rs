//! Extractors that answer for themselves, so no handler matches a rejection:
//! * [`ApiJson`]: a JSON body, refused in the API's error format (`invalid_json`, 400), and
//!   `control_character` (400, naming the field) for a NUL or other control character in it;
//! * [`ApiPath`]: the path's parameters, refused in the API's error format (`invalid_path`,
//!   400) when one is not of its type (an id too large for a 64-bit integer, a word for a
//!   number), instead of axum's plain-text answer;
//! * [`Protected`]: a page's form whose CSRF token must be the caller's token for the form's
//!   purpose ([`CsrfForm`]); an unreadable form is a 400, a stale or foreign token the
//!   "页面已过期" page (403). Tokens are bound to the session (`qingdan_identity::csrf_token`).

use crate::framework::access::Caller;
use crate::framework::error::{ApiError, json_rejection};
use crate::framework::page::{csrf_ok, stale_form};
use crate::framework::text;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use serde::de::DeserializeOwned;

/// A JSON request body; a body that is not JSON, or not of `T`'s shape, is the API's 400.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        // Read as JSON first (content type, syntax, the route's body limit), then refuse a
        // control character anywhere in it, naming the field, before `T` sees it.
        let Json(value) = Json::<serde_json::Value>::from_request(req, state)
            .await
            .map_err(json_rejection)?;
        if let Some(field) = text::first_bad(&value) {
            return Err(text::refusal(&field));
        }
        parse(value).map(ApiJson)
    }
}

/// The path's parameters as `T`; a parameter not of its type is the API's 400.
#[derive(Debug, Clone, Copy)]
pub struct ApiPath<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(ApiPath(value)),
            Err(_) => Err(ApiError::invalid(
                "invalid_path",
                "path",
                "网址路径中的参数无效：编号应为 1 至 9223372036854775807 之间的整数",
            )),
        }
    }
}

/// A JSON value read as `T`, refused as [`ApiJson`] refuses it.
pub fn parse<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_json::from_value(value).map_err(|e| {
        ApiError::invalid(
            "invalid_json",
            "body",
            format!("请求体不是有效的 JSON 或字段类型不符：{e}"),
        )
    })
}

/// The header a client names a creation with, so that a retry is answered with the first
/// result instead of making a second (`Idempotency-Key`, as in the IETF draft
/// httpapi-idempotency-key-header).
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// The request's `Idempotency-Key`, if it sent one: 1–100 visible ASCII characters.
pub fn idempotency_key(headers: &axum::http::HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get(IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    let key = value.to_str().unwrap_or_default();
    let ok = (1..=100).contains(&key.len()) && key.bytes().all(|b| (0x21..=0x7e).contains(&b));
    if !ok {
        return Err(ApiError::invalid(
            "invalid_input",
            "Idempotency-Key",
            "Idempotency-Key 应为 1 至 100 个可见 ASCII 字符（如一个 UUID）",
        ));
    }
    Ok(Some(key.to_string()))
}

/// A creation's JSON body with its optional `Idempotency-Key`: the request as `T`, and the key
/// with the hash of the request (so a retry can be told from another request under the same
/// key).
#[derive(Debug)]
pub struct IdempotentJson<T> {
    /// The request.
    pub request: T,
    /// The key and the request's hash.
    pub key: IdempotencyKey,
}

/// An `Idempotency-Key` as sent, with the SHA-256 of the request it came with.
#[derive(Debug, Clone)]
pub struct IdempotencyKey {
    key: Option<String>,
    request_sha256: String,
}

impl IdempotencyKey {
    /// The key for the store, when the request sent one.
    pub fn get(&self) -> Option<qingdan_store::Idempotency<'_>> {
        self.key.as_deref().map(|key| qingdan_store::Idempotency {
            key,
            request_sha256: &self.request_sha256,
        })
    }
}

impl<T, S> FromRequest<S> for IdempotentJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let key = idempotency_key(req.headers())?;
        let ApiJson(value) = ApiJson::<serde_json::Value>::from_request(req, state).await?;
        let request_sha256 = qingdan_store::sha256_hex(value.to_string());
        Ok(IdempotentJson {
            request: parse(value)?,
            key: IdempotencyKey {
                key,
                request_sha256,
            },
        })
    }
}

/// The answer to a creation: 201 with `body`, marked `Idempotent-Replayed: true` when it is
/// the first request's record answered again.
pub fn created<B: serde::Serialize>(body: B, replayed: bool) -> Response {
    answered(StatusCode::CREATED, body, replayed)
}

/// The answer to a step: 200 with `body`, marked `Idempotent-Replayed: true` when the step
/// had already been taken under the request's `Idempotency-Key` (the record as it stands).
pub fn stepped<B: serde::Serialize>(body: B, replayed: bool) -> Response {
    answered(StatusCode::OK, body, replayed)
}

fn answered<B: serde::Serialize>(status: StatusCode, body: B, replayed: bool) -> Response {
    let mut response = (status, Json(body)).into_response();
    if replayed {
        response.headers_mut().insert(
            "idempotent-replayed",
            axum::http::HeaderValue::from_static("true"),
        );
    }
    response
}

/// A form a signed-in user posts from one of our pages, carrying the CSRF token the page was
/// rendered with.
pub trait CsrfForm: DeserializeOwned {
    /// What the token was made for (`case-step`, `admin-users` …): a token for one form does
    /// not pass another.
    const PURPOSE: &'static str;
    /// The token the form carried.
    fn token(&self) -> &str;
}

/// `csrf_form!(Form, PURPOSE)`: `Form`'s token is its `csrf` field, made for `PURPOSE`.
macro_rules! csrf_form {
    ($form:ty, $purpose:expr) => {
        impl $crate::framework::extract::CsrfForm for $form {
            const PURPOSE: &'static str = $purpose;
            fn token(&self) -> &str {
                &self.csrf
            }
        }
    };
}
pub(crate) use csrf_form;

/// A form whose CSRF token held.
#[derive(Debug, Clone)]
pub struct Protected<T>(pub T);

impl<T, S> FromRequest<S> for Protected<T>
where
    T: CsrfForm,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let caller = req.extensions().get::<Caller>().cloned();
        let Ok(Form(form)) = Form::<T>::from_request(req, state).await else {
            return Err((StatusCode::BAD_REQUEST, "表单无法解析").into_response());
        };
        match caller {
            Some(caller) if csrf_ok(&caller, T::PURPOSE, form.token()) => Ok(Protected(form)),
            _ => Err(stale_form()),
        }
    }
}

/// A form read as its fields in order (the step forms, whose fields depend on the step), with
/// the token in its `csrf` field.
pub fn token_of(pairs: &[(String, String)]) -> &str {
    pairs
        .iter()
        .find(|(k, _)| k == "csrf")
        .map_or("", |(_, v)| v.as_str())
}
