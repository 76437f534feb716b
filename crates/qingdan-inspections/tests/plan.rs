#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]
//! A generated county of thousands of parties: the planner's plan passes every rule of the
//! independent checker, and the checker catches a plan with any one rule broken.

use jiff::civil::{Date, date};
use qingdan_inspections::check::{RULES, RuleCheck, Status, all_met, check};
use qingdan_inspections::demo::{DemoCounty, DemoParams, generate};
use qingdan_inspections::plan::{Plan, PlanItem, Reason, plan};
use qingdan_inspections::snapshot::quarter_of;
use qingdan_inspections::systems::SystemCode;

fn county(as_of: Date) -> DemoCounty {
    generate(DemoParams {
        seed: 20260101,
        as_of,
        enterprises: 3_000,
        projects: 4_000,
        officers: 30,
    })
}

fn rule<'a>(results: &'a [RuleCheck], code: &str) -> &'a RuleCheck {
    results.iter().find(|r| r.code == code).unwrap()
}

fn failing(results: &[RuleCheck]) -> Vec<String> {
    results
        .iter()
        .filter(|r| r.status == Status::AtRisk)
        .map(|r| format!("{}: {} {:?}", r.code, r.summary, r.offenders.first()))
        .collect()
}

/// Only `code` is at risk, and `target` is among its offenders.
fn only_broken(results: &[RuleCheck], code: &str, target: &str) {
    let broken: Vec<&str> = results
        .iter()
        .filter(|r| r.status == Status::AtRisk)
        .map(|r| r.code)
        .collect();
    assert!(
        broken.contains(&code),
        "{code} should be at risk: {broken:?}"
    );
    let r = rule(results, code);
    assert!(
        r.offenders.iter().any(|o| o.target == target),
        "{code} should name {target}: {:?}",
        r.offenders
    );
}

fn the_plan(c: &DemoCounty) -> Plan {
    c.plan().unwrap()
}

#[test]
fn the_generated_county_is_realistic() {
    let c = county(date(2026, 4, 10));
    assert_eq!(c.enterprises.len(), 3_000);
    assert_eq!(c.projects.len(), 4_000);
    for e in &c.enterprises {
        // GB 32100 codes of 安化县 enterprises, valid by construction and re-parsed.
        assert!(e.uscc.as_str().starts_with("91430923"), "{}", e.uscc);
        assert_eq!(
            qingdan_registry::Uscc::parse(e.uscc.as_str()).unwrap(),
            e.uscc
        );
        assert!(e.name.starts_with("安化县"));
    }
    assert!(!c.certificates.is_empty());
    assert!(c.snapshot.prior.iter().all(|v| v.on < c.snapshot.as_of));
    assert!(!c.snapshot.prior.is_empty());
    let expired = c
        .people
        .iter()
        .filter(|p| {
            p.certificate
                .as_ref()
                .is_some_and(|cert| cert.valid_until < c.snapshot.as_of)
        })
        .count();
    assert!(expired > 0, "some officers' certificates have expired");
    // Deterministic.
    let again = county(date(2026, 4, 10));
    assert_eq!(again.snapshot, c.snapshot);
}

#[test]
fn the_plan_keeps_every_rule() {
    for as_of in [date(2026, 1, 1), date(2026, 4, 10), date(2026, 11, 20)] {
        let c = county(as_of);
        let p = the_plan(&c);
        let results = check(&c.snapshot, &p);
        assert_eq!(results.len(), RULES.len());
        assert!(all_met(&results), "{as_of}: {:#?}", failing(&results));
        // Counts are real: the rules were checked over something.
        assert!(rule(&results, "site-yearly").required > 3_000);
        assert!(rule(&results, "wall-cert-ratio").required > 50);
        assert!(rule(&results, "bulk-cement-yearly").required > 300);
        assert!(rule(&results, "fund-refund-all").required > 100);
        // The draw is the published qingdan-draw-v1 record.
        let record = p.wall_cert_draw.as_ref().expect("some of the 20% is drawn");
        assert_eq!(record.algorithm, "qingdan-draw-v1");
        assert_eq!(record.record_hash, record.content_hash());
    }
}

#[test]
fn the_plan_is_deterministic_and_serialises() {
    let c = county(date(2026, 4, 10));
    let a = the_plan(&c);
    let b = the_plan(&c);
    assert_eq!(a, b);
    let json = serde_json::to_string(&a).unwrap();
    let back: Plan = serde_json::from_str(&json).unwrap();
    assert_eq!(back, a);
    // Another seed: the same rules, another draw.
    let other = plan(&c.snapshot, &"ab".repeat(32)).unwrap();
    assert!(all_met(&check(&c.snapshot, &other)));
    assert_ne!(
        other.wall_cert_draw.as_ref().unwrap().selected,
        a.wall_cert_draw.as_ref().unwrap().selected
    );
}

fn remove_first(p: &mut Plan, pred: impl Fn(&PlanItem) -> bool) -> PlanItem {
    let i = p.items.iter().position(pred).unwrap();
    p.items.remove(i)
}

#[test]
fn removing_a_project_visit_is_caught() {
    // §三(五)三.(一): every project at least once a year.
    let c = county(date(2026, 4, 10));
    let mut p = the_plan(&c);
    let gone = remove_first(&mut p, |i| i.system == SystemCode::NoSiteMixing);
    let results = check(&c.snapshot, &p);
    only_broken(&results, "site-yearly", &gone.target);
    assert_eq!(rule(&results, "site-yearly").offenders.len(), 1);
}

#[test]
fn a_second_visit_in_a_quarter_without_complaint_is_caught() {
    // §三(五)三.(一): at most once a quarter (有投诉举报情形除外).
    let c = county(date(2026, 4, 10));
    let complained: std::collections::HashSet<&str> = c
        .snapshot
        .projects
        .iter()
        .filter(|p| p.cement_complaint)
        .map(|p| p.code.as_str())
        .collect();
    let mut p = the_plan(&c);
    let item = p
        .items
        .iter()
        .find(|i| i.system == SystemCode::NoSiteMixing && !complained.contains(i.target.as_str()))
        .unwrap()
        .clone();
    let mut extra = item.clone();
    extra.date = extra.date.tomorrow().unwrap();
    if quarter_of(extra.date) != item.quarter {
        extra.date = item.date.yesterday().unwrap();
    }
    extra.quarter = quarter_of(extra.date);
    p.items.push(extra);
    let results = check(&c.snapshot, &p);
    only_broken(&results, "site-quarterly", &item.target);

    // The same extra visit to a project with a complaint is allowed.
    let mut p = the_plan(&c);
    let item = p
        .items
        .iter()
        .find(|i| i.system == SystemCode::NoSiteMixing && complained.contains(i.target.as_str()))
        .unwrap()
        .clone();
    let mut extra = item.clone();
    extra.date = item.date.tomorrow().unwrap();
    extra.quarter = quarter_of(extra.date);
    p.items.push(extra);
    assert!(
        all_met(&check(&c.snapshot, &p)),
        "{:?}",
        failing(&check(&c.snapshot, &p))
    );
}

#[test]
fn dropping_a_complained_enterprise_is_caught() {
    // §三(三)三: 重点针对有投诉的 … 认定企业.
    let c = county(date(2026, 4, 10));
    let mut p = the_plan(&c);
    let gone = remove_first(&mut p, |i| i.reason == Reason::Complained);
    let results = check(&c.snapshot, &p);
    only_broken(&results, "wall-cert-priority", &gone.target);
}

#[test]
fn dropping_a_drawn_enterprise_is_caught() {
    // §三(三)三: 20%; the draw's selection must all be planned.
    let c = county(date(2026, 4, 10));
    let mut p = the_plan(&c);
    let gone = remove_first(&mut p, |i| i.reason == Reason::Drawn);
    let results = check(&c.snapshot, &p);
    assert_eq!(rule(&results, "wall-cert-ratio").status, Status::AtRisk);
    only_broken(&results, "wall-cert-draw", &gone.target);
}

#[test]
fn a_hand_picked_enterprise_is_caught() {
    // 双随机: an enterprise put in the plan without being drawn.
    let c = county(date(2026, 4, 10));
    let mut p = the_plan(&c);
    let drawn = &p.wall_cert_draw.as_ref().unwrap().selected;
    let planned: Vec<&str> = p.items.iter().map(|i| i.target.as_str()).collect();
    let outsider = c
        .snapshot
        .enterprises
        .iter()
        .find(|e| {
            e.wall_certificate
                .is_some_and(|v| v.contains(date(2026, 9, 1)))
                && !e.complained
                && !e.incident
                && !e.failed_spot_check
                && !drawn.iter().any(|d| d == e.uscc.as_str())
                && !planned.contains(&e.uscc.as_str())
        })
        .unwrap();
    let idx = p
        .items
        .iter()
        .position(|i| i.reason == Reason::Drawn)
        .unwrap();
    p.items[idx].target = outsider.uscc.as_str().to_string();
    p.items[idx].date = date(2026, 9, 1);
    p.items[idx].quarter = 3;
    let results = check(&c.snapshot, &p);
    only_broken(&results, "wall-cert-draw", outsider.uscc.as_str());
}

#[test]
fn an_edited_draw_record_is_caught() {
    let c = county(date(2026, 4, 10));
    let mut p = the_plan(&c);
    p.wall_cert_draw.as_mut().unwrap().seed = "00".repeat(32);
    let results = check(&c.snapshot, &p);
    only_broken(&results, "wall-cert-draw", "（抽取记录）");
}

#[test]
fn a_priority_enterprise_after_the_drawn_ones_is_caught() {
    let c = county(date(2026, 4, 10));
    let mut p = the_plan(&c);
    // A priority enterprise whose certificate runs into Q4, moved to Q4 behind the drawn ones.
    let i = p
        .items
        .iter()
        .position(|it| {
            matches!(
                it.reason,
                Reason::Complained | Reason::Incident | Reason::FailedSpotCheck
            ) && c
                .snapshot
                .enterprises
                .iter()
                .find(|e| e.uscc.as_str() == it.target)
                .and_then(|e| e.wall_certificate)
                .is_some_and(|v| v.until >= date(2026, 12, 15))
        })
        .unwrap();
    let late = date(2026, 12, 15);
    p.items[i].date = late;
    p.items[i].quarter = quarter_of(late);
    let results = check(&c.snapshot, &p);
    assert_eq!(
        rule(&results, "wall-cert-priority-first").status,
        Status::AtRisk,
        "{:?}",
        failing(&results)
    );
}

#[test]
fn an_inspection_after_the_certificate_lapsed_is_caught() {
    // §三(三)三: 检查对象为认定证书有效期范围内的生产企业.
    let c = county(date(2026, 4, 10));
    let mut p = the_plan(&c);
    let (i, until) = p
        .items
        .iter()
        .enumerate()
        .filter(|(_, it)| it.system == SystemCode::WallCert)
        .find_map(|(i, it)| {
            let v = c
                .snapshot
                .enterprises
                .iter()
                .find(|e| e.uscc.as_str() == it.target)?
                .wall_certificate?;
            (v.until < date(2026, 12, 1) && quarter_of(v.until.tomorrow().ok()?) >= it.quarter)
                .then_some((i, v.until))
        })
        .unwrap();
    let after = until.tomorrow().unwrap();
    let target = p.items[i].target.clone();
    p.items[i].date = after;
    p.items[i].quarter = quarter_of(after);
    let results = check(&c.snapshot, &p);
    only_broken(&results, "wall-cert-validity", &target);
}

#[test]
fn dropping_a_refund_project_or_a_cement_enterprise_is_caught() {
    let c = county(date(2026, 4, 10));
    // §三(四)三.
    let mut p = the_plan(&c);
    let gone = remove_first(&mut p, |i| i.system == SystemCode::FundRefund);
    only_broken(&check(&c.snapshot, &p), "fund-refund-all", &gone.target);
    // §三(六)三.
    let mut p = the_plan(&c);
    let gone = remove_first(&mut p, |i| i.system == SystemCode::BulkCement);
    only_broken(&check(&c.snapshot, &p), "bulk-cement-yearly", &gone.target);
}

#[test]
fn malformed_items_are_caught() {
    let c = county(date(2026, 4, 10));
    let mut p = the_plan(&c);
    // Before the plan day.
    p.items[0].date = date(2026, 4, 9);
    p.items[0].quarter = 2;
    let t0 = p.items[0].target.clone();
    only_broken(&check(&c.snapshot, &p), "well-formed", &t0);
    // A project under an enterprise system.
    let mut p = the_plan(&c);
    let i = p
        .items
        .iter()
        .position(|i| i.system == SystemCode::NoSiteMixing)
        .unwrap();
    p.items[i].system = SystemCode::BulkCement;
    let t = p.items[i].target.clone();
    only_broken(&check(&c.snapshot, &p), "well-formed", &t);
}

#[test]
fn the_plan_respects_prior_visits() {
    // A project visited in Q1 is not planned again (once a year is enough, at most once a quarter).
    let c = county(date(2026, 4, 10));
    let p = the_plan(&c);
    for v in &c.snapshot.prior {
        assert!(
            !p.items
                .iter()
                .any(|i| i.system == v.system && i.target == v.target),
            "{} already visited on {}",
            v.target,
            v.on
        );
    }
    assert!(p.items.iter().all(|i| i.date >= date(2026, 4, 10)));
}
