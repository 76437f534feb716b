//! The responsibility list as published: its JSON API (summary, the four parts, versions,
//! export, search), its pages, and where each search document is shown.

pub mod api;
pub mod docs;
pub mod pages;

pub use api::api_routes;
pub use pages::router;
