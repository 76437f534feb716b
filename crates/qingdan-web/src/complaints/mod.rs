//! Complaints (投诉举报): public intake and tracking, the office's handling, over the API and in
//! pages.

pub mod api;
pub mod pages;

pub use api::api_routes;
pub use pages::router;
