//! The clock lives in the application layer; re-exported for the edge's callers.

pub use qingdan_app::clock::*;
