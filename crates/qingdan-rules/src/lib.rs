//! Qingdan's rules as code: every fine, fee, threshold, procedure and condition of the
//! responsibility list and the national law it rests on, as data plus small pure functions.
//!
//! Design, after OpenFisca and Catala:
//! * parameters are **dated** ([`dated::Dated`]): each value carries the day it takes effect and
//!   its source (law, article, clause); a rate that changes gets a new period, not an edit, and
//!   a day outside every period is refused, never guessed;
//! * each violation's terms are data in a [`violation::RuleBook`] under the article that
//!   punishes it, with the exceptions (“逾期不改正的…”, “情节严重或者拒绝改正的…”) modelled as
//!   explicit preconditions over the base case;
//! * the discretion benchmark ([`discretion::Benchmark`]) is data the legal section revises;
//! * every answer explains itself: the articles applied, the arithmetic, the tier and the
//!   circumstances that chose it, in Chinese sentences fit for a decision's 说明理由.
//!
//! No I/O and no clock: the caller passes the day of the decision.
#![deny(missing_docs)]

pub mod assess;
pub mod conditions;
pub mod dated;
pub mod discretion;
pub mod error;
pub mod late_fee;
pub mod law;
pub mod money;
pub mod source;
pub mod violation;

pub use assess::{AssessInput, Assessment, Engine, Fine, Procedure};
pub use discretion::{Circumstance, Declared, Harm, Tier};
pub use error::RuleError;
pub use late_fee::{LateFee, LateFeeInput, LateFeeKind, late_fee};
pub use law::{Law, PartyKind};
pub use violation::{Code, RuleBook};
