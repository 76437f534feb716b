//! Enforcement personnel (执法人员): who may carry out an enforcement act on a given day.
//!
//! Every engine that lets a person act — penalty cases (`qingdan-cases`), inspection tasks and
//! officer draws (`qingdan-inspections`), the access policy (`qingdan-identity`) — asks this
//! crate and nothing else:
//!
//! * [`may_enforce`] — **the one function** that decides whether an enforcement certificate
//!   (执法证) and the holder's standing allow an act on a day: valid from its first day through
//!   its last, both included (以上、以下包括本数); not while suspended (暂停行政执法活动) or after
//!   revocation (取消执法资格并收缴证件);
//! * [`team`] — the two-officer rule (《行政处罚法》第四十二条) and the same-office rule for the
//!   officers named for an act;
//! * [`conflict_of`] — a declared conflict of interest between an officer and a party (回避,
//!   《行政处罚法》第四十三条).
//!
//! Every refusal is a [`Refusal`]: a [`RefusalCode`], the Chinese reason, and the article.
//! Pure: no I/O, no clock; the caller passes the day of the act.
#![deny(missing_docs)]

mod certificate;
pub mod input;
mod person;
mod refusal;
mod team;

pub use certificate::{Certificate, Ineligible, Standing, may_enforce};
pub use input::InputError;
pub use person::{By, Person};
pub use refusal::{Act, Refusal, RefusalCode};
pub use team::{Relation, TeamRule, conflict_of, refuse_conflicts, team};

/// 《中华人民共和国行政处罚法》第四十二条: enforcement by officers holding certificates, at least two.
pub const ART_42: &str = "《行政处罚法》第四十二条";
/// 《中华人民共和国行政处罚法》第四十三条: officers with an interest in the matter withdraw (回避).
pub const ART_43: &str = "《行政处罚法》第四十三条";
/// The list's accountability sanctions (§三(一)四: 暂停行政执法活动, 取消执法资格并收缴证件).
pub const FAULT_SANCTIONS: &str = "责任清单 §三(一)四 执法过错责任追究";
