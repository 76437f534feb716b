//! Qingdan's domain core: the responsibility list (责任清单) as data.
//!
//! This crate knows nothing of files, databases, HTTP or time: it takes text and gives values.
//! It owns
//! * the catalog model ([`Catalog`] and its parts), the shape every other crate speaks;
//! * the importer of the published list format and of Qingdan's JSON export
//!   ([`parse_list`], [`parse_json`], [`parse_any`]), which never panics and names the line of
//!   every problem in Chinese;
//! * the audit chain ([`audit`]): hashing and verifying the append-only record of every act;
//! * the renderer back to the published format ([`render`]), which is how the importer is
//!   proven lossless.
#![deny(missing_docs)]

pub mod anchor;
pub mod audit;
pub mod catalog;
pub mod import;
pub mod numeral;
pub mod render;
pub mod stored;

pub use catalog::{
    Boundary, BoundaryParty, Catalog, Counts, Duty, Part, PartKind, Section, Service, System,
    WorkItem,
};
pub use import::{ImportError, ImportErrorKind, parse_any, parse_json, parse_list, validate};
pub use render::render;
