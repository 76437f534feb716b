//! Qingdan's inspections (§三(三)–(七)), with no I/O and no clock.
//!
//! * [`systems`] — each supervision system declared as data: targets, checklist, steps (who
//!   acts, two officers, records, basis) and outcomes;
//! * [`task`] — an inspection task and [`task::apply`], refusing an illegal move with a stable
//!   code and a Chinese reason;
//! * [`plan`] — the yearly plan from a county snapshot, meeting the frequency rules, with the
//!   20% selection drawn verifiably (`qingdan-draw-v1`);
//! * [`check`] — an independent checker of those rules on (snapshot, plan);
//! * [`officers`] — drawing two officers per task verifiably, with conflicts of interest and
//!   certificate validity;
//! * [`demo`] — a deterministic, realistic county for tests, benchmarks and demos.
#![deny(missing_docs)]

pub mod check;
pub mod demo;
pub mod officers;
pub mod plan;
pub mod snapshot;
pub mod systems;
pub mod task;
