//! The yearly inspection plan: from a [`Snapshot`], the inspections that keep every frequency
//! rule of §三(三)–(六), spread over the working days (Monday–Friday) left in the year.
//!
//! | rule | source | how the planner keeps it |
//! |---|---|---|
//! | every cement-using project at least once a year | §三(五)三.(一) | one visit for each project not yet visited this year, quarters taken in turn |
//! | at most once a quarter unless a complaint | §三(五)三.(一) | never more than one planned visit per project, never in a quarter already visited |
//! | ≥ 20% of enterprises with a valid certificate | §三(三)三 | complained, incident and failed-spot-check enterprises first (earliest quarter), then a verifiable draw (`qingdan-draw-v1`) among the rest for what is still missing |
//! | every refund applicant and complained-about project | §三(四)三 | one visit each, in the earliest quarter |
//! | every bulk-cement enterprise at least yearly | §三(六)三 | one visit each not yet visited |
//!
//! The 20% draw: candidates are **all** enterprises with a certificate valid on the plan day
//! (the list anyone can check against the registry), exclusions are those already covered
//! (priority or already inspected this year), the count is what is still missing. The record
//! is the standard `qingdan-draw-v1` record, so `qingdan draw verify` re-runs it.
//!
//! [`crate::check`] checks a plan against the same rules without using this module.

use crate::snapshot::{Snapshot, Validity, quarter_of};
use crate::systems::SystemCode;
use jiff::civil::{Date, Weekday};
use qingdan_draw::{DrawError, DrawRecord, Seed};
use qingdan_registry::PartyKind;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// The planner's algorithm name (recorded in every plan).
pub const PLAN_ALGORITHM: &str = "qingdan-plan-v1";

/// Why an item is in the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// 年度日常检查 (§三(五), §三(六)).
    Routine,
    /// 有投诉的认定企业 (§三(三)三).
    Complained,
    /// 产品出现质量事故的认定企业 (§三(三)三).
    Incident,
    /// 专项监督检查不合格的认定企业 (§三(三)三).
    FailedSpotCheck,
    /// 随机抽取 (§三(三)三, 20%).
    Drawn,
    /// 申报返退专项基金 (§三(四)三).
    RefundApplied,
    /// 被投诉违规使用墙体材料 (§三(四)三).
    WallComplaint,
}

impl Reason {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Reason::Routine => "年度日常检查",
            Reason::Complained => "有投诉（重点检查）",
            Reason::Incident => "产品出现质量事故（重点检查）",
            Reason::FailedSpotCheck => "专项监督检查不合格（重点检查）",
            Reason::Drawn => "随机抽取",
            Reason::RefundApplied => "申报返退专项基金",
            Reason::WallComplaint => "被投诉违规使用墙体材料",
        }
    }
}

/// One planned inspection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanItem {
    /// Under which system.
    pub system: SystemCode,
    /// The target's id (统一社会信用代码 or 项目编号).
    pub target: String,
    /// The planned day.
    pub date: Date,
    /// Its quarter (1–4).
    pub quarter: u8,
    /// Why.
    pub reason: Reason,
}

/// A yearly plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// [`PLAN_ALGORITHM`].
    pub algorithm: String,
    /// The year.
    pub year: i16,
    /// The day it was made from.
    pub as_of: Date,
    /// The planned inspections, by date, system, target.
    pub items: Vec<PlanItem>,
    /// The verifiable draw of §三(三)'s 20% (absent when nothing had to be drawn).
    pub wall_cert_draw: Option<DrawRecord>,
    /// The draw's candidates as drawn from (published beside the record so that anyone can
    /// re-run it with `qingdan draw verify`).
    #[serde(default)]
    pub wall_cert_candidates: Vec<String>,
    /// The draw's exclusions (enterprises already covered by priority or an earlier visit).
    #[serde(default)]
    pub wall_cert_excluded: Vec<String>,
}

/// Why no plan could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The plan day is not in the plan year.
    #[error("编制日期 {as_of} 不在计划年度 {year} 年内")]
    AsOfOutsideYear {
        /// The year.
        year: i16,
        /// The day.
        as_of: Date,
    },
    /// No working day is left in the year.
    #[error("{as_of} 之后本年度已无工作日，无法编制检查计划")]
    NoDaysLeft {
        /// The day.
        as_of: Date,
    },
    /// The seed or the draw was refused.
    #[error("随机抽取失败：{0}")]
    Draw(#[from] DrawError),
}

/// The kinds §三(六) inspects.
pub const BULK_CEMENT_KINDS: [PartyKind; 4] = [
    PartyKind::CementProducer,
    PartyKind::ReadyMixConcrete,
    PartyKind::ReadyMixMortar,
    PartyKind::CementProductPlant,
];

/// Working days (Monday–Friday) from `as_of` to the end of its year, by quarter.
fn working_days(as_of: Date) -> BTreeMap<u8, Vec<Date>> {
    let mut out: BTreeMap<u8, Vec<Date>> = BTreeMap::new();
    let mut day = as_of;
    let year = as_of.year();
    while day.year() == year {
        if !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) {
            out.entry(quarter_of(day)).or_default().push(day);
        }
        day = match day.tomorrow() {
            Ok(d) => d,
            Err(_) => break,
        };
    }
    out
}

/// Hands out days quarter by quarter, spreading visits evenly over each quarter's days.
struct Calendar {
    days: BTreeMap<u8, Vec<Date>>,
    used: BTreeMap<u8, usize>,
}

impl Calendar {
    fn quarters(&self) -> Vec<u8> {
        self.days.keys().copied().collect()
    }

    /// The next day of quarter `q` (cycling through its working days, so visits are spread
    /// evenly over the quarter).
    fn next(&mut self, q: u8) -> Option<Date> {
        let days = self.days.get(&q)?;
        let n = self.used.entry(q).or_insert(0);
        let len = days.len();
        let idx = *n % len;
        *n += 1;
        days.get(idx).copied()
    }
}

/// Keeps a day within a certificate's validity (and not before the plan day).
fn within(day: Date, validity: Option<Validity>, as_of: Date) -> Date {
    match validity {
        Some(v) if day > v.until => v.until.max(as_of),
        _ => day,
    }
}

/// Makes the plan for `snapshot`, drawing with `seed_hex` (32–256 hex digits).
pub fn plan(snapshot: &Snapshot, seed_hex: &str) -> Result<Plan, PlanError> {
    let seed = Seed::parse(seed_hex)?;
    let as_of = snapshot.as_of;
    if as_of.year() != snapshot.year {
        return Err(PlanError::AsOfOutsideYear {
            year: snapshot.year,
            as_of,
        });
    }
    let days = working_days(as_of);
    if days.is_empty() {
        return Err(PlanError::NoDaysLeft { as_of });
    }
    let mut cal = Calendar {
        days,
        used: BTreeMap::new(),
    };
    let quarters = cal.quarters();
    let first = quarters
        .first()
        .copied()
        .ok_or(PlanError::NoDaysLeft { as_of })?;
    let later: Vec<u8> = if quarters.len() > 1 {
        quarters[1..].to_vec()
    } else {
        quarters.clone()
    };

    let mut visited: HashSet<(SystemCode, &str)> = HashSet::new();
    for v in &snapshot.prior {
        if v.on.year() == snapshot.year {
            visited.insert((v.system, v.target.as_str()));
        }
    }
    let mut items = Vec::new();
    let push = |items: &mut Vec<PlanItem>, system, target: &str, date: Date, reason| {
        items.push(PlanItem {
            system,
            target: target.to_string(),
            date,
            quarter: quarter_of(date),
            reason,
        });
    };

    // §三(五): every cement-using project once, quarters in turn.
    let mut turn = 0usize;
    for p in &snapshot.projects {
        if p.uses_cement && !visited.contains(&(SystemCode::NoSiteMixing, p.code.as_str())) {
            let q = quarters[turn % quarters.len()];
            turn += 1;
            if let Some(d) = cal.next(q) {
                push(
                    &mut items,
                    SystemCode::NoSiteMixing,
                    &p.code,
                    d,
                    Reason::Routine,
                );
            }
        }
    }

    // §三(四): refund applicants and complained-about projects, in the earliest quarter.
    for p in &snapshot.projects {
        if (p.refund_applied || p.wall_complaint)
            && !visited.contains(&(SystemCode::FundRefund, p.code.as_str()))
        {
            let reason = if p.wall_complaint {
                Reason::WallComplaint
            } else {
                Reason::RefundApplied
            };
            if let Some(d) = cal.next(first) {
                push(&mut items, SystemCode::FundRefund, &p.code, d, reason);
            }
        }
    }

    // §三(三): certified enterprises; priority first, then the draw for the rest of the 20%.
    let certified: Vec<&crate::snapshot::EnterpriseEntry> = snapshot
        .enterprises
        .iter()
        .filter(|e| {
            e.kind == PartyKind::WallMaterialProducer
                && e.wall_certificate.is_some_and(|v| v.contains(as_of))
        })
        .collect();
    let required = certified.len().div_ceil(5);
    let mut covered: Vec<String> = Vec::new();
    for e in &certified {
        let id = e.uscc.as_str();
        let reason = if e.complained {
            Some(Reason::Complained)
        } else if e.incident {
            Some(Reason::Incident)
        } else if e.failed_spot_check {
            Some(Reason::FailedSpotCheck)
        } else {
            None
        };
        let done = visited.contains(&(SystemCode::WallCert, id));
        if let Some(reason) = reason.filter(|_| !done)
            && let Some(d) = cal.next(first)
        {
            let d = within(d, e.wall_certificate, as_of);
            push(&mut items, SystemCode::WallCert, id, d, reason);
        }
        if reason.is_some() || done {
            covered.push(id.to_string());
        }
    }
    let mut wall_cert_draw = None;
    let mut wall_cert_candidates = Vec::new();
    let mut wall_cert_excluded = Vec::new();
    let need = required.saturating_sub(covered.len());
    if need > 0 {
        let candidates: Vec<String> = certified
            .iter()
            .map(|e| e.uscc.as_str().to_string())
            .collect();
        let record = qingdan_draw::draw(&candidates, &covered, need, &seed.to_hex())?;
        wall_cert_candidates = candidates;
        wall_cert_excluded = covered.clone();
        let validity: BTreeMap<&str, Option<Validity>> = certified
            .iter()
            .map(|e| (e.uscc.as_str(), e.wall_certificate))
            .collect();
        for (i, id) in record.selected.iter().enumerate() {
            let v = validity.get(id.as_str()).copied().flatten();
            let mut q = later[i % later.len()];
            // A certificate ending before that quarter: inspect it in the first quarter.
            if v.is_some_and(|v| quarter_of(v.until) < q) {
                q = first;
            }
            if let Some(d) = cal.next(q) {
                push(
                    &mut items,
                    SystemCode::WallCert,
                    id,
                    within(d, v, as_of),
                    Reason::Drawn,
                );
            }
        }
        wall_cert_draw = Some(record);
    }

    // §三(六): every bulk-cement enterprise once.
    let mut turn = 0usize;
    for e in &snapshot.enterprises {
        if BULK_CEMENT_KINDS.contains(&e.kind)
            && !visited.contains(&(SystemCode::BulkCement, e.uscc.as_str()))
        {
            let q = quarters[turn % quarters.len()];
            turn += 1;
            if let Some(d) = cal.next(q) {
                push(
                    &mut items,
                    SystemCode::BulkCement,
                    e.uscc.as_str(),
                    d,
                    Reason::Routine,
                );
            }
        }
    }

    items.sort_by(|a, b| {
        (a.date, a.system, a.target.as_str()).cmp(&(b.date, b.system, b.target.as_str()))
    });
    Ok(Plan {
        algorithm: PLAN_ALGORITHM.to_string(),
        year: snapshot.year,
        as_of,
        items,
        wall_cert_draw,
        wall_cert_candidates,
        wall_cert_excluded,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Status, all_met, check};
    use crate::snapshot::{EnterpriseEntry, ProjectEntry, Visit};
    use jiff::civil::date;
    use proptest::prelude::*;
    use qingdan_registry::Uscc;

    const SEED: &str = "000102030405060708090a0b0c0d0e0f";

    fn snapshot(certified: usize, flagged: usize, projects: usize) -> Snapshot {
        let codes: Vec<Uscc> = qingdan_registry::generate(7, certified + 4).collect();
        let valid = Some(Validity {
            from: date(2025, 1, 1),
            until: date(2027, 12, 31),
        });
        let mut enterprises: Vec<EnterpriseEntry> = codes[..certified]
            .iter()
            .enumerate()
            .map(|(i, c)| EnterpriseEntry {
                uscc: *c,
                name: format!("墙材企业{i}"),
                kind: PartyKind::WallMaterialProducer,
                wall_certificate: valid,
                complained: i < flagged,
                incident: false,
                failed_spot_check: false,
            })
            .collect();
        for (i, c) in codes[certified..].iter().enumerate() {
            enterprises.push(EnterpriseEntry {
                uscc: *c,
                name: format!("混凝土企业{i}"),
                kind: BULK_CEMENT_KINDS[i % 4],
                wall_certificate: None,
                complained: false,
                incident: false,
                failed_spot_check: false,
            });
        }
        let builder = codes[0];
        let projects = (0..projects)
            .map(|i| ProjectEntry {
                code: format!("2026-430923-47-01-{i:06}"),
                name: format!("项目{i}"),
                builder,
                uses_cement: true,
                no_site_mixing_zone: i % 2 == 0,
                refund_applied: i % 5 == 0,
                wall_complaint: false,
                cement_complaint: false,
            })
            .collect();
        Snapshot {
            year: 2026,
            as_of: date(2026, 1, 5),
            enterprises,
            projects,
            prior: Vec::new(),
        }
    }

    /// §三(三)三: 20% of the certified, rounded up; the flagged count towards it.
    #[test]
    fn twenty_percent_rounded_up() {
        // (certified, flagged, expected wall-cert inspections)
        let rows = [
            (0, 0, 0),
            (1, 0, 1),
            (5, 0, 1),
            (6, 0, 2),
            (10, 0, 2),
            (11, 0, 3),
            (10, 4, 4),
            (100, 3, 20),
        ];
        for (n, flagged, want) in rows {
            let s = snapshot(n, flagged, 0);
            let p = plan(&s, SEED).unwrap();
            let got = p
                .items
                .iter()
                .filter(|i| i.system == SystemCode::WallCert)
                .count();
            assert_eq!(got, want, "{n} certified, {flagged} flagged");
            assert_eq!(p.wall_cert_draw.is_some(), want > flagged, "{n}/{flagged}");
            assert!(all_met(&check(&s, &p)));
        }
    }

    #[test]
    fn priority_first_and_drawn_later() {
        let s = snapshot(50, 3, 0);
        let p = plan(&s, SEED).unwrap();
        let q = |r: Reason| {
            p.items
                .iter()
                .filter(move |i| i.reason == r)
                .map(|i| i.quarter)
        };
        assert!(q(Reason::Complained).all(|q| q == 1));
        assert!(q(Reason::Drawn).all(|q| q > 1));
        assert_eq!(q(Reason::Drawn).count(), 7);
    }

    #[test]
    fn spread_over_quarters_and_working_days() {
        let s = snapshot(0, 0, 400);
        let p = plan(&s, SEED).unwrap();
        let mut per_q = [0usize; 5];
        for i in p
            .items
            .iter()
            .filter(|i| i.system == SystemCode::NoSiteMixing)
        {
            per_q[usize::from(i.quarter)] += 1;
            assert!(!matches!(
                i.date.weekday(),
                Weekday::Saturday | Weekday::Sunday
            ));
        }
        assert_eq!(per_q, [0, 100, 100, 100, 100]);
        // §三(四)三: every refund applicant, in the first quarter.
        let refunds: Vec<&PlanItem> = p
            .items
            .iter()
            .filter(|i| i.system == SystemCode::FundRefund)
            .collect();
        assert_eq!(refunds.len(), 80);
        assert!(refunds.iter().all(|i| i.quarter == 1));
    }

    #[test]
    fn late_in_the_year_and_prior_visits() {
        let mut s = snapshot(10, 0, 10);
        s.as_of = date(2026, 12, 28);
        s.prior.push(Visit {
            system: SystemCode::NoSiteMixing,
            target: "2026-430923-47-01-000000".into(),
            on: date(2026, 3, 3),
            complaint: false,
        });
        let p = plan(&s, SEED).unwrap();
        assert!(p.items.iter().all(|i| i.date >= s.as_of && i.quarter == 4));
        assert_eq!(
            p.items
                .iter()
                .filter(|i| i.system == SystemCode::NoSiteMixing)
                .count(),
            9
        );
        let results = check(&s, &p);
        assert!(results.iter().all(|r| r.status == Status::Met));
        // No working day left.
        s.as_of = date(2026, 12, 31);
        assert!(plan(&s, SEED).is_ok());
        let mut s2 = snapshot(1, 0, 1);
        s2.as_of = date(2027, 1, 1);
        assert!(matches!(
            plan(&s2, SEED),
            Err(PlanError::AsOfOutsideYear { .. })
        ));
        assert!(matches!(
            plan(&snapshot(1, 0, 0), "zz"),
            Err(PlanError::Draw(_))
        ));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn same_seed_same_plan_and_always_valid(n in 0usize..60, flagged in 0usize..10, projects in 0usize..50, seed in proptest::collection::vec(any::<u8>(), 16..24)) {
            let seed: String = seed.iter().map(|b| format!("{b:02x}")).collect();
            let s = snapshot(n, flagged.min(n), projects);
            let a = plan(&s, &seed).unwrap();
            prop_assert_eq!(&a, &plan(&s, &seed).unwrap());
            prop_assert!(all_met(&check(&s, &a)));
        }
    }
}
