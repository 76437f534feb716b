//! Qingdan's application layer: the use cases, between the edges and the domain.
//!
//! Each use case is one function taking the [`App`], the [`Caller`] and a domain command
//! (already parsed by the edge): it loads what it needs, asks the access policy
//! (`qingdan-identity`), runs the engine (`qingdan-cases`, `qingdan-inspections`,
//! `qingdan-complaints` …), saves the result with its audit event in one transaction
//! (`qingdan-store`), records a refusal, and returns a value or an [`AppError`]. The web crate's
//! handlers and pages parse, call one of these, and render; the CLI calls them directly.
//!
//! Invariants:
//! * no HTTP and no SQL here: requests arrive as domain commands, rows leave through the store;
//! * every refused attempt (policy or engine) is recorded before the refusal is answered;
//! * the clock is the [`App`]'s ([`clock::Clock`]); nothing here reads the system time;
//! * every use case is `#[tracing::instrument(skip_all, err(level = "info"))]`: a span per
//!   call, its error logged at INFO (a refusal is the normal course of business, and a public
//!   request must not be able to flood the error log); failures of the system itself are
//!   logged at ERROR where they become a 500.
#![deny(missing_docs)]

mod app;
pub mod caller;
pub mod cases;
pub mod catalog;
pub mod clock;
pub mod complaints;
mod error;
pub mod plans;
pub mod record;
pub mod routing;
pub mod rules;
pub mod security;
pub mod staff;
pub mod stored;
pub mod tasks;
pub mod users;

pub use app::{App, DEFAULT_CASE_PREFIX, Loaded};
pub use caller::{Caller, Session};
pub use error::AppError;
