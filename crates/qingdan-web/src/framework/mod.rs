//! The framework every feature builds on, and which imports no feature: the server's state and
//! clock, the API's error format and JSON rejection, the access policy and the caller (with the
//! middleware that identifies and authorizes every request), cookies and CSRF, the page frame
//! (layout, rendering, message and error pages), a record's history from the audit log,
//! downloads, and the rate and body limits.
//!
//! The rule of the crate: a feature folder (`catalog`, `rules`, `routing`, `cases`,
//! `inspections`, `complaints`, `admin`, `auth`) imports only from this folder, from its own
//! folder and from other crates; only `lib.rs` names every feature, to assemble the router.

pub mod access;
pub mod clock;
pub mod cookie;
pub mod download;
pub mod error;
pub mod extract;
pub mod history;
pub mod limit;
pub mod metrics;
pub mod page;
pub mod state;
pub mod text;
