//! Signing in and out: API tokens (`POST /api/v1/auth/token` …) and the sign-in page with its
//! session cookie, lock-out after repeated failures. Who the caller is on every request, and
//! the access policy, are the framework's (`framework::access`, `framework::cookie`).

pub mod api;
pub mod pages;

pub use api::api_routes;
pub use pages::router;

/// The access policy, where callers of this crate found it before it moved to the framework.
pub use crate::framework::access::{POLICY, POLICY_HEADER, action_of, record_scoped};
