//! The commands, one module per group of subcommands; `main.rs` parses the command line and
//! calls one of them.

pub(crate) mod audit;
pub(crate) mod backup;
pub(crate) mod case;
pub(crate) mod catalog;
pub(crate) mod demo;
pub(crate) mod draw;
pub(crate) mod registry;
pub(crate) mod route;
pub(crate) mod rules;
pub(crate) mod serve;
pub(crate) mod user;
