//! The rules as a service: the assessment and late-fee endpoints and the officer's page 罚则计算
//! (`/rules`). The wire types and their parsing are the application's (`qingdan_app::rules`).

pub mod api;
pub mod pages;

pub use api::api_routes;
pub use pages::router;
