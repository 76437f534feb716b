//! Penalty cases (行政处罚): the API (open, list, show, step, published decisions), the officers',
//! leaders' and legal section's pages, and the case's official documents and case file (案卷).
//! The use cases are the application's (`qingdan_app::cases`).

pub mod api;
pub mod documents;
pub mod pages;

pub use api::api_routes;
pub use pages::router;
