//! Supervision inspections (§三(三)–(七)): the registry of regulated parties, the yearly plans
//! and their public draws (`plans_*`), and inspection tasks with their steps, attachments,
//! declared conflicts and published results (`tasks_*`), over the API and in pages. The use
//! cases are the application's (`qingdan_app::plans`, `qingdan_app::tasks`).

pub mod plans_api;
pub mod plans_pages;
pub mod tasks_api;
pub mod tasks_pages;

use crate::framework::state::AppState;
use axum::Router;
use utoipa_axum::router::OpenApiRouter;

/// Adds the plans' and the tasks' API routes to `router`.
pub fn api_routes(router: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    tasks_api::api_routes(plans_api::api_routes(router))
}

/// The attachment upload, whose body limit is larger than the rest
/// ([`tasks_api::MAX_ATTACHMENT_BYTES`]).
pub fn upload_routes() -> OpenApiRouter<AppState> {
    tasks_api::upload_routes()
}

/// The plans' and the tasks' pages.
pub fn router() -> Router<AppState> {
    plans_pages::router().merge(tasks_pages::router())
}
