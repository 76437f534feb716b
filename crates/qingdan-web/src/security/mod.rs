//! The 安全管理员's feature (三员分立): the security settings in force and the sign-in delays,
//! over the API and on the `/security` page, with the release of a delay.

pub mod api;
pub mod pages;

pub use api::api_routes;
pub use pages::router;
