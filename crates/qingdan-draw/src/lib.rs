#![doc = include_str!("../DRAW-FORMAT.md")]
//!
//! # The Rust API
//!
//! - [`draw`] makes a record; [`verify`] re-runs one and names the first difference;
//!   [`DrawRecord::to_json`] / [`DrawRecord::from_json`] are the published form.
//! - [`read_candidates_csv`] reads the ids of the first column of a CSV file (for
//!   `qingdan draw run --candidates FILE.csv`).
//! - The building blocks, for later kinds of draws (two officers per inspection task):
//!   [`Seed`], [`RandomStream`], [`shuffle_step`], [`shuffle_prefix`], [`hash_sorted_ids`].
//!   A new kind of draw gets its own algorithm name and record; it should key its stream by
//!   the digest of its own list so that it stays independent of a target draw made with the
//!   same seed.
//! - Errors ([`DrawError`], [`VerifyError`]) carry Chinese messages; [`DrawError::field`]
//!   and [`DrawError::code`] serve the API's error format.
//!
//! The crate is pure: no I/O, no clock, no global state.
//!
//! ```
//! use qingdan_draw::{DrawRecord, draw, read_candidates_csv, verify};
//!
//! let csv = "统一社会信用代码,企业名称\r\n\
//!            91430923MA4L0A1B2C,甲\r\n91430923MA4L0A1B3D,乙\r\n91430923MA4L0A1B4E,丙\r\n";
//! let candidates = read_candidates_csv(csv)?;
//! let record = draw(&candidates, &[], 2, "000102030405060708090a0b0c0d0e0f")?;
//! let published = record.to_json();
//!
//! // Anyone with the list re-runs it.
//! let read = DrawRecord::from_json(&published)?;
//! verify(&read, &candidates, &[])?;
//! // An edited record is caught, and the error says where.
//! let mut forged = read.clone();
//! forged.selected[0] = "91430923MA4L0A1B4E".to_string();
//! let err = verify(&forged, &candidates, &[]).unwrap_err();
//! assert!(err.to_string().starts_with("抽取结果与记录不符"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod csv;
mod draw;
mod error;
mod hex;
mod ids;
mod record;
mod stream;

pub use csv::{HEADER_NAMES, read_candidates_csv};
pub use draw::{draw, verify};
pub use error::{DrawError, List, VerifyError};
pub use record::{ALGORITHM, DrawRecord};
pub use stream::{
    MAX_SEED_HEX_DIGITS, MIN_SEED_HEX_DIGITS, RandomStream, Seed, hash_sorted_ids, shuffle_prefix,
    shuffle_step,
};
