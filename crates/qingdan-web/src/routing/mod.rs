//! Who is responsible (§二): the routing endpoint and the public page 找部门. The wire types and
//! the use case are the application's (`qingdan_app::routing`).

pub mod api;
pub mod page;

pub use api::api_routes;
pub use page::router;
