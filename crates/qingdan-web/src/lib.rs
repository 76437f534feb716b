//! Qingdan's HTTP edge: the only crate that knows HTTP.
//!
//! It owns the JSON API under `/api/v1` (request/response types separate from the domain's,
//! converted here or in `qingdan-app`; errors in the contract's shape), the OpenAPI document
//! generated from the handlers themselves (`utoipa` + `OpenApiRouter`, so a route cannot go
//! undocumented), and the server-rendered Chinese pages (`askama` templates, no JavaScript
//! needed). It holds the current catalog and its search index in memory
//! ([`framework::state::AppState`]), reloading them when the database holds a newer version, so
//! several processes on one PostgreSQL stay consistent.
//!
//! The crate is split by feature: [`catalog`], [`rules`], [`routing`], [`cases`],
//! [`inspections`], [`complaints`], [`admin`] and [`auth`], each with its API and pages, over
//! the [`framework`] (state, errors, the access policy and the caller, cookies and CSRF, the
//! page frame, history, limits). A feature imports only from the framework, from its own folder
//! and from other crates; the framework imports no feature; only this file names every feature,
//! to assemble the router.
#![deny(missing_docs)]

pub mod admin;
pub mod auth;
pub mod cases;
pub mod catalog;
pub mod complaints;
pub mod framework;
pub mod inspections;
pub mod routing;
pub mod rules;
pub mod security;

pub use axum::Router;
pub use framework::clock;
pub use framework::limit::MAX_BODY_BYTES;
pub use framework::state::AppState;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use framework::error::ErrorBody;
use framework::{access, limit, metrics, page, text};
use serde::Serialize;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use utoipa::{OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The OpenAPI document's frame; paths are added by the router.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Qingdan 清单 API",
        description = "责任清单（部门职责、职责边界、事中事后监管制度、公共服务事项）的查询与检索接口。\
                       金额与数量以十进制字符串传递，日期为 YYYY-MM-DD；错误以 HTTP 4xx 返回 \
                       {\"error\": {\"code\", \"message\", \"field\"}}，message 为中文。"
    ),
    components(schemas(ErrorBody)),
    modifiers(&BearerAuth),
    tags(
        (name = "catalog", description = "责任清单"),
        (name = "rules", description = "罚则、裁量、程序与滞纳金"),
        (name = "auth", description = "登录与令牌"),
        (name = "admin", description = "用户与审计"),
        (name = "security", description = "安全管理（安全管理员）"),
        (name = "cases", description = "行政处罚案件"),
        (name = "complaints", description = "投诉举报"),
        (name = "inspections", description = "监管对象、检查计划与双随机抽取"),
        (name = "ops", description = "运行状态")
    )
)]
pub struct ApiDoc;

/// Declares the bearer-token scheme in the document.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The API routes with their OpenAPI description: every feature's, in the document's order.
pub fn api_router() -> OpenApiRouter<AppState> {
    json_api().merge(inspections::upload_routes())
}

/// Every API route with the default body limit (all but the upload).
fn json_api() -> OpenApiRouter<AppState> {
    let router = OpenApiRouter::with_openapi(ApiDoc::openapi()).routes(routes!(healthz));
    let router = catalog::api_routes(router).routes(routes!(openapi_json));
    let router = rules::api_routes(router);
    let router = routing::api_routes(router);
    let router = auth::api_routes(router);
    let router = admin::api_routes(router);
    let router = security::api_routes(router);
    let router = cases::api_routes(router);
    let router = complaints::api_routes(router);
    inspections::api_routes(router)
}

/// The whole application: API, OpenAPI document, pages, and the 404 fallbacks.
pub fn app(state: AppState) -> Router {
    let (api, _) = json_api().split_for_parts();
    let (uploads, _) = inspections::upload_routes().split_for_parts();
    // Body limits are declared by route: the default for the API and the pages, the larger
    // one for the upload. A declared length over the limit is refused before the body is read.
    let uploads = uploads.route_layer(axum::middleware::from_fn_with_state(
        inspections::tasks_api::MAX_ATTACHMENT_BYTES,
        limit::body_limit,
    ));
    api.merge(catalog::router())
        .merge(rules::router())
        .merge(routing::router())
        .route("/static/style.css", get(page::stylesheet))
        .merge(auth::router())
        .merge(admin::router())
        .merge(security::router())
        .merge(cases::router())
        .merge(complaints::router())
        .merge(inspections::router())
        .route_layer(axum::middleware::from_fn_with_state(
            MAX_BODY_BYTES,
            limit::body_limit,
        ))
        .merge(uploads)
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            access::enforce,
        ))
        // The one route outside the access policy: the operators' figures, answered to
        // loopback clients or to the metrics token only (framework/metrics.rs).
        .route("/metrics", get(metrics::metrics))
        .route_layer(axum::middleware::from_fn(metrics::label_route))
        .route("/api/v1/{*rest}", get(api_not_found).post(api_not_found))
        .fallback(page::not_found)
        .layer(axum::middleware::from_fn_with_state(
            // Per client address: sign-in attempts and tracking-code lookups per minute
            // (default 20), complaints submitted per hour (default 10).
            limit::Limits {
                guesses: limit::RateLimit::new(
                    state.sign_in_per_minute(),
                    std::time::Duration::from_secs(60),
                ),
                submissions: limit::RateLimit::new(
                    state.complaints_per_hour(),
                    std::time::Duration::from_secs(3600),
                ),
            },
            limit::limit,
        ))
        .layer(axum::middleware::from_fn(text::refuse_control_characters))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                 form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            ),
        ))
        .layer(TraceLayer::new_for_http())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::observe,
        ))
        .with_state(state)
}

/// The OpenAPI document, as served at `/api/v1/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api_router().split_for_parts().1
}

/// This API's OpenAPI 3.1 document, generated from the handlers.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "ops",
    responses((status = 200, description = "OpenAPI 文档", content_type = "application/json")))]
async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    static DOC: std::sync::OnceLock<utoipa::openapi::OpenApi> = std::sync::OnceLock::new();
    Json(DOC.get_or_init(openapi).clone())
}

/// Health of the process and its database.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok` or `degraded`.
    pub status: &'static str,
    /// `sqlite` or `postgres`.
    pub database: &'static str,
    /// The catalog version served, if any.
    pub catalog_version: Option<i64>,
    /// `ok`, or `degraded` when the Chinese fonts the official documents need were not found
    /// (告知书、决定书 and case files answer 503 until they are installed).
    pub documents: &'static str,
}

/// Liveness and readiness: 200 when the database answers, 503 otherwise.
#[utoipa::path(get, path = "/healthz", tag = "ops",
    responses((status = 200, body = Health), (status = 503, body = Health)))]
async fn healthz(State(state): State<AppState>) -> Response {
    let database = match state.store().backend() {
        qingdan_store::Backend::Sqlite => "sqlite",
        qingdan_store::Backend::Postgres => "postgres",
    };
    let catalog_version = state.current().map(|l| l.info.id);
    let documents = if state.documents().is_some() {
        "ok"
    } else {
        "degraded"
    };
    match state.store().ping().await {
        Ok(()) => Json(Health {
            status: "ok",
            database,
            catalog_version,
            documents,
        })
        .into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(Health {
                    status: "degraded",
                    database,
                    catalog_version,
                    documents,
                }),
            )
                .into_response()
        }
    }
}

async fn api_not_found(uri: axum::http::Uri) -> impl IntoResponse {
    framework::error::ApiError::not_found(format!("没有这个接口：{}", uri.path()))
}

/// How the server treats connections (issue 17): slow or idle clients cannot hold it.
#[derive(Debug, Clone, Copy)]
pub struct ServeLimits {
    /// The request line and headers must arrive within this (also the longest a kept-alive
    /// connection waits idle for its next request).
    pub header_read: std::time::Duration,
    /// A request's whole body must arrive within this.
    pub body_read: std::time::Duration,
    /// A request must be answered within this (else 503).
    pub request: std::time::Duration,
    /// Connections served at once; more wait to be accepted.
    pub max_connections: usize,
    /// After the shutdown signal, in-flight requests have this long to finish.
    pub shutdown: std::time::Duration,
    /// The largest body any route takes (the upload's): a longer one is not even buffered.
    pub largest_body: usize,
}

impl Default for ServeLimits {
    fn default() -> Self {
        ServeLimits {
            header_read: std::time::Duration::from_secs(10),
            body_read: std::time::Duration::from_secs(30),
            request: std::time::Duration::from_secs(60),
            max_connections: 1024,
            shutdown: std::time::Duration::from_secs(30),
            largest_body: inspections::tasks_api::MAX_ATTACHMENT_BYTES.max(MAX_BODY_BYTES),
        }
    }
}

/// Serves `app` on `listener` with the default [`ServeLimits`] until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, app, ServeLimits::default(), shutdown).await
}

/// Serves `app` on `listener` until `shutdown` resolves: each connection under the header-read
/// timeout, the body and request deadlines applied by `limit::deadlines`, at most
/// `max_connections` at once; then stops accepting, lets in-flight requests finish for at most
/// `limits.shutdown`, and returns.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: ServeLimits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt;
    let app = app.layer(axum::middleware::from_fn_with_state(
        limits,
        limit::deadlines,
    ));
    let slots = std::sync::Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read)
        .keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = slots.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, addr) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment, keep serving.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let router = app.clone();
        let service =
            hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
                req.extensions_mut()
                    .insert(axum::extract::ConnectInfo(addr));
                router.clone().oneshot(req.map(axum::body::Body::new))
            });
        let conn = builder.serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "connection ended");
            }
            drop(permit);
        });
    }
    drop(listener);
    if tokio::time::timeout(limits.shutdown, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            seconds = limits.shutdown.as_secs(),
            "in-flight requests did not finish within the shutdown bound: ending anyway"
        );
    }
    Ok(())
}
