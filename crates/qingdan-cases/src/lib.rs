//! Qingdan's penalty-case engine, with no I/O.
//!
//! * [`procedure`] — the simple and general procedures declared as data: stages, steps (who,
//!   from where, on what basis) and the statutory periods;
//! * [`case`] — a case as a value and [`case::apply`], the only way it moves, refusing an
//!   illegal step with a Chinese reason that cites the law;
//! * [`calendar`] — the official holiday calendar (data, by year) and the counting of periods
//!   (行政处罚法 art. 85: 2, 3, 5, 7 days are working days; 15 and 90 days calendar days);
//! * [`number`] — case numbers in the bureau's style, `安工信罚〔2026〕3号`.
//!
//! The storage layer allocates numbers and saves cases with their audit events; the web layer
//! resolves who acts and renders pages. Neither decides anything the procedure decides.
#![deny(missing_docs)]

pub mod calendar;
pub mod case;
pub mod number;
pub mod procedure;

pub use calendar::{CalendarError, HolidayCalendar, Period};
pub use case::{
    Applied, CaseError, CaseFile, Charge, Command, Context, Deadline, NewCase, Party, Person,
    apply, deadlines, next, open, outstanding,
};
pub use number::CaseNumber;
pub use procedure::{By, STEPS, Stage, StepDef, StepKind, TERMS};
