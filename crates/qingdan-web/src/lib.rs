//! Qingdan's HTTP edge: the only crate that knows HTTP.
//!
//! It owns the JSON API under `/api/v1` (request/response types separate from the domain's,
//! converted here; errors in the contract's shape), the OpenAPI document generated from the
//! handlers themselves (`utoipa` + `OpenApiRouter`, so a route cannot go undocumented), and the
//! server-rendered Chinese pages (`askama` templates, no JavaScript needed). It holds the current
//! catalog and its search index in memory ([`state::AppState`]), reloading them when the
//! database holds a newer version, so several processes on one PostgreSQL stay consistent.
#![deny(missing_docs)]

pub mod admin_api;
pub mod admin_pages;
pub mod api;
pub mod auth;
pub mod auth_pages;
pub mod case_documents;
pub mod cases_api;
pub mod cases_pages;
pub mod clock;
pub mod complaints_api;
pub mod complaints_pages;
pub mod docs;
pub mod error;
pub mod limit;
pub mod pages;
pub mod plans_api;
pub mod plans_pages;
pub mod routing_api;
pub mod rules_api;
pub mod rules_pages;
pub mod state;
pub mod tasks_api;
pub mod tasks_pages;

pub use axum::Router;
pub use state::AppState;

use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::get;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// The largest request body accepted (catalog imports go through the CLI, not HTTP).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The whole application: API, OpenAPI document, pages, and the 404 fallbacks.
pub fn app(state: AppState) -> Router {
    let (api, _) = api::router().split_for_parts();
    api.merge(pages::router())
        .merge(auth_pages::router())
        .merge(admin_pages::router())
        .merge(cases_pages::router())
        .merge(complaints_pages::router())
        .merge(plans_pages::router())
        .merge(tasks_pages::router())
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::enforce,
        ))
        .route("/api/v1/{*rest}", get(api_not_found).post(api_not_found))
        .fallback(pages::not_found)
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
        .layer(axum::middleware::from_fn(limit::body_limit))
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
        .with_state(state)
}

/// The OpenAPI document, as served at `/api/v1/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api::router().split_for_parts().1
}

async fn api_not_found(uri: axum::http::Uri) -> impl IntoResponse {
    error::ApiError::not_found(format!("没有这个接口：{}", uri.path()))
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets in-flight requests finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
