//! Administration: users and the audit chain over the API; the administrator's pages (users,
//! offices) and every signed-in user's password page.

pub mod api;
pub mod pages;

pub use api::api_routes;
pub use pages::router;
