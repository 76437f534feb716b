//! Complaints (投诉举报, capability I; §三(一)三.(五), §三(三)(四)(五)): a member of the public
//! reports a matter, gets a tracking code, and is told the result; the bureau routes it, an
//! officer of the responsible office handles it and answers.
//!
//! This crate owns the rules, not the storage:
//! * [`Intake`] validates what the public typed, with a Chinese message per field;
//! * [`TrackingCode`] is the code the complainant follows the matter by: 11 random symbols the
//!   caller supplies (from the operating system) and a check symbol, so a mistyped code is
//!   told apart from an unknown one;
//! * [`Complaint`] and [`apply`] are the handling steps (accept → answer, or refer to another
//!   department), refused with a stable code and a Chinese reason;
//! * [`handlers`], [`mask_name`] and [`mask_contact`] keep the complainant's identity to
//!   those handling the complaint: every other view, export and log gets the masked form.
//!
//! Pure: no I/O, no clock (today is an argument), no randomness of its own.
#![deny(missing_docs)]

mod code;
mod complaint;
mod mask;

pub use code::{CodeError, TrackingCode};
pub use complaint::{
    Command, Complaint, ComplaintError, Destination, Identity, Intake, Officer, Status, Viewer,
    ViewerRole, apply, handlers, receive,
};
pub use mask::{mask_contact, mask_name};
