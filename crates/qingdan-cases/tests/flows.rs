#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]
//! Whole cases through the engine, and the illegal moves it refuses.

use jiff::civil::{Date, date};
use qingdan_cases::case::{Person, outstanding};
use qingdan_cases::{
    By, CaseFile, Charge, Command, Context, HolidayCalendar, NewCase, Party, Stage, apply,
    deadlines, open,
};
use qingdan_rules::{Code, Engine, PartyKind, Procedure};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::str::FromStr;

const OFFICE: &str = "县散装水泥办公室";

struct World {
    calendar: HolidayCalendar,
    engine: Engine,
    people: BTreeMap<String, Person>,
}

fn person(name: &str, role: By, office: &str, valid_until: Date) -> Person {
    Person {
        username: name.into(),
        role: Some(role),
        office: Some(office.into()),
        certificate: (role == By::Officer)
            .then(|| qingdan_personnel::Certificate::until(format!("43{name}"), valid_until)),
    }
}

impl World {
    fn new() -> World {
        let far = date(2030, 12, 31);
        let mut people = BTreeMap::new();
        for p in [
            person("li", By::Officer, OFFICE, far),
            person("wang", By::Officer, OFFICE, far),
            person("zhao", By::Officer, OFFICE, far),
            person("old", By::Officer, OFFICE, date(2026, 3, 1)),
            person("radio", By::Officer, "县无线电管理办公室", far),
            person("boss", By::Leader, OFFICE, far),
            person("fa", By::Legal, "法制安全股", far),
        ] {
            people.insert(p.username.clone(), p);
        }
        World {
            calendar: HolidayCalendar::shipped().unwrap(),
            engine: Engine::default(),
            people,
        }
    }

    fn ctx<'a>(&'a self, who: &str, today: Date) -> Context<'a> {
        Context {
            today,
            actor: &self.people[who],
            people: &self.people,
            calendar: &self.calendar,
            engine: &self.engine,
            relations: &[],
            responsible_office: None,
        }
    }

    fn step(&self, case: &CaseFile, who: &str, today: Date, json: &str) -> CaseFile {
        let cmd: Command = serde_json::from_str(json).unwrap();
        match apply(case, &cmd, &self.ctx(who, today)) {
            Ok(a) => a.case,
            Err(e) => panic!("{who} {json} on {today}: {e}"),
        }
    }

    fn refuse(&self, case: &CaseFile, who: &str, today: Date, json: &str) -> String {
        let cmd: Command = serde_json::from_str(json).unwrap();
        match apply(case, &cmd, &self.ctx(who, today)) {
            Ok(_) => panic!("{who} {json} on {today} should be refused"),
            Err(e) => format!("{}: {}", e.code, e.message),
        }
    }
}

fn bagged_cement(tons: &str) -> NewCase {
    NewCase {
        party: Party {
            name: "安化县某建筑工程有限公司".into(),
            uscc: Some("91430923MA4L0000XX".into()),
            kind: PartyKind::Organization,
        },
        charge: Charge {
            violation: Code::BaggedCement,
            quantity: Some(Decimal::from_str(tons).unwrap()),
            act_on: date(2026, 2, 20),
            corrected_by_deadline: None,
            first_offence: None,
            harm: None,
            circumstances: Vec::new(),
            facts_clear: Some(true),
            no_objection: None,
            proposed_fine: None,
        },
        procedure: Procedure::General,
        officers: Vec::new(),
    }
}

const EVIDENCE: &str = r#"{"action": "record_evidence", "officers": ["li", "wang"], "kind": "现场检查笔录", "description": "工地现场堆放袋装水泥 12.5 吨"}"#;

/// A bagged-cement case from filing to archive (湖南省散装水泥条例第二十三条第一款: 60 元/吨),
/// the general procedure of 行政处罚法 第五章第三节 step by step.
#[test]
fn a_bagged_cement_case_from_filing_to_archive() {
    let w = World::new();
    let d1 = date(2026, 3, 2);
    let case = open(bagged_cement("12.5"), &w.ctx("li", d1)).unwrap();
    assert_eq!(case.stage, Stage::Filing);
    let case = w.step(&case, "boss", d1, r#"{"action": "approve_filing"}"#);
    assert_eq!(case.filed_on, Some(d1));
    let case = w.step(&case, "li", d1, EVIDENCE);
    let case = w.step(
        &case,
        "li",
        d1,
        r#"{"action": "finish_investigation", "findings": "使用袋装水泥 12.5 吨"}"#,
    );
    // 750 元 is no 较大数额罚款: no hearing, no compulsory legal review.
    assert_eq!(case.stage, Stage::Notification);
    let case = w.step(
        &case,
        "wang",
        date(2026, 3, 3),
        r#"{"action": "notify", "officers": ["li", "wang"]}"#,
    );
    let notice = case.notice.clone().unwrap();
    assert_eq!(notice.proposed_fine, Some(Decimal::new(75000, 2)));
    assert!(!notice.hearing_right);
    // The statement period: 3 working days from 3 March (Tuesday) ends Friday 6 March.
    let refused = w.refuse(&case, "boss", date(2026, 3, 6), r#"{"action": "decide"}"#);
    assert!(refused.starts_with("window_open"), "{refused}");
    assert!(refused.contains("2026-03-06"), "{refused}");
    let case = w.step(&case, "boss", date(2026, 3, 9), r#"{"action": "decide"}"#);
    let decision = case.decision.clone().unwrap();
    assert_eq!(decision.fine, Some(Decimal::new(75000, 2)));
    assert!(decision.basis.iter().any(|b| b.contains("第二十三条")));
    let case = w.step(
        &case,
        "li",
        date(2026, 3, 10),
        r#"{"action": "serve_decision"}"#,
    );
    let due = deadlines(&case, &w.calendar, date(2026, 3, 10));
    let pay = due.iter().find(|d| d.key == "pay").unwrap();
    // 15 days from 10 March: 25 March (Wednesday).
    assert_eq!(pay.due, Some(date(2026, 3, 25)));
    let refused = w.refuse(&case, "li", date(2026, 3, 11), r#"{"action": "archive"}"#);
    assert!(refused.starts_with("unpaid"), "{refused}");
    let case = w.step(
        &case,
        "li",
        date(2026, 3, 20),
        r#"{"action": "record_payment", "amount": "750.00"}"#,
    );
    let case = w.step(&case, "li", date(2026, 3, 20), r#"{"action": "archive"}"#);
    assert_eq!(case.stage, Stage::Archived);
    let refused = w.refuse(&case, "li", date(2026, 3, 21), EVIDENCE);
    assert!(refused.starts_with("closed"), "{refused}");
}

/// Illegal moves, each refused with its article.
#[test]
fn illegal_moves_are_refused_with_the_law() {
    let w = World::new();
    let d1 = date(2026, 3, 2);
    let opened = open(bagged_cement("12.5"), &w.ctx("li", d1)).unwrap();
    // Skipping filing approval (行政处罚法 第五十四条).
    let r = w.refuse(&opened, "li", d1, EVIDENCE);
    assert!(
        r.starts_with("wrong_step") && r.contains("待立案审批"),
        "{r}"
    );
    // An officer cannot approve; a leader cannot take evidence.
    let r = w.refuse(&opened, "li", d1, r#"{"action": "approve_filing"}"#);
    assert!(r.starts_with("wrong_role"), "{r}");
    let filed = w.step(&opened, "boss", d1, r#"{"action": "approve_filing"}"#);
    // One officer (第四十二条).
    let r = w.refuse(
        &filed,
        "li",
        d1,
        r#"{"action": "record_evidence", "officers": ["li"], "kind": "询问笔录", "description": "x"}"#,
    );
    assert!(
        r.starts_with("two_officers") && r.contains("第四十二条"),
        "{r}"
    );
    // The same officer twice is still one.
    let r = w.refuse(
        &filed,
        "li",
        d1,
        r#"{"action": "record_evidence", "officers": ["li", " li"], "kind": "询问笔录", "description": "x"}"#,
    );
    assert!(r.starts_with("two_officers"), "{r}");
    // A colleague with an expired certificate.
    let r = w.refuse(
        &filed,
        "li",
        date(2026, 3, 2),
        r#"{"action": "record_evidence", "officers": ["li", "old"], "kind": "询问笔录", "description": "x"}"#,
    );
    assert!(r.starts_with("certificate_expired"), "{r}");
    // An officer of another office.
    let r = w.refuse(
        &filed,
        "li",
        d1,
        r#"{"action": "record_evidence", "officers": ["li", "radio"], "kind": "询问笔录", "description": "x"}"#,
    );
    assert!(r.starts_with("other_office"), "{r}");
    // The acting officer with an expired certificate cannot act at all.
    let r = w.refuse(&filed, "old", date(2026, 3, 2), EVIDENCE);
    assert!(r.starts_with("certificate_expired"), "{r}");
    // Finishing without evidence; notifying before finishing; deciding before notifying.
    let r = w.refuse(
        &filed,
        "li",
        d1,
        r#"{"action": "finish_investigation", "findings": "x"}"#,
    );
    assert!(r.starts_with("no_evidence"), "{r}");
    let investigated = w.step(&filed, "li", d1, EVIDENCE);
    let r = w.refuse(
        &investigated,
        "li",
        d1,
        r#"{"action": "notify", "officers": ["li", "wang"]}"#,
    );
    assert!(r.starts_with("wrong_step"), "{r}");
    let r = w.refuse(&investigated, "boss", d1, r#"{"action": "decide"}"#);
    assert!(r.starts_with("wrong_step"), "{r}");
    // A date before the previous step, or in the future.
    let r = w.refuse(
        &investigated,
        "li",
        d1,
        r#"{"action": "record_evidence", "officers": ["li", "wang"], "kind": "照片", "description": "x", "on": "2026-03-03"}"#,
    );
    assert!(r.contains("晚于今天"), "{r}");
}

/// A large fine: the party may ask for a hearing within 5 working days (第六十四条第一项),
/// legal review is compulsory (第五十八条), the hearing is noticed 7 working days ahead and
/// presided over by someone who did not investigate.
#[test]
fn a_large_fine_goes_through_legal_review_and_a_hearing() {
    let w = World::new();
    let d1 = date(2026, 3, 2);
    // 400 吨 × 60 元 = 24,000 元 ≥ 20,000 元 for an organisation: 较大数额.
    let case = open(bagged_cement("400"), &w.ctx("li", d1)).unwrap();
    let case = w.step(&case, "boss", d1, r#"{"action": "approve_filing"}"#);
    let case = w.step(&case, "li", d1, EVIDENCE);
    let case = w.step(
        &case,
        "li",
        d1,
        r#"{"action": "finish_investigation", "findings": "使用袋装水泥 400 吨"}"#,
    );
    assert_eq!(case.stage, Stage::LegalReview);
    let r = w.refuse(
        &case,
        "li",
        d1,
        r#"{"action": "notify", "officers": ["li", "wang"]}"#,
    );
    assert!(r.starts_with("wrong_step"), "{r}");
    let case = w.step(
        &case,
        "fa",
        date(2026, 3, 3),
        r#"{"action": "legal_review", "passed": true, "opinion": "事实清楚，适用法律正确"}"#,
    );
    let case = w.step(
        &case,
        "li",
        date(2026, 3, 4),
        r#"{"action": "notify", "officers": ["li", "wang"]}"#,
    );
    assert!(case.notice.as_ref().unwrap().hearing_right);
    // 5 working days from Wednesday 4 March: 11 March. The 12th is too late.
    let r = w.refuse(
        &case,
        "li",
        date(2026, 3, 12),
        r#"{"action": "request_hearing"}"#,
    );
    assert!(
        r.starts_with("hearing_window_closed") && r.contains("2026-03-11"),
        "{r}"
    );
    // Deciding inside the window is refused.
    let r = w.refuse(&case, "boss", date(2026, 3, 10), r#"{"action": "decide"}"#);
    assert!(r.starts_with("window_open"), "{r}");
    let case = w.step(
        &case,
        "li",
        date(2026, 3, 11),
        r#"{"action": "request_hearing"}"#,
    );
    assert_eq!(case.stage, Stage::Hearing);
    // An investigator may not preside.
    let r = w.refuse(
        &case,
        "li",
        date(2026, 3, 12),
        r#"{"action": "schedule_hearing", "notice_served_on": "2026-03-12", "hearing_on": "2026-03-30", "presided_by": "wang"}"#,
    );
    assert!(r.starts_with("presider_is_investigator"), "{r}");
    // 7 working days after Thursday 12 March is Monday 23 March.
    let r = w.refuse(
        &case,
        "li",
        date(2026, 3, 12),
        r#"{"action": "schedule_hearing", "notice_served_on": "2026-03-12", "hearing_on": "2026-03-20", "presided_by": "zhao"}"#,
    );
    assert!(
        r.starts_with("hearing_notice_too_late") && r.contains("2026-03-23"),
        "{r}"
    );
    let case = w.step(
        &case,
        "li",
        date(2026, 3, 12),
        r#"{"action": "schedule_hearing", "notice_served_on": "2026-03-12", "hearing_on": "2026-03-23", "presided_by": "zhao"}"#,
    );
    let r = w.refuse(&case, "boss", date(2026, 3, 20), r#"{"action": "decide"}"#);
    assert!(
        r.starts_with("wrong_step"),
        "a decision waits for the hearing: {r}"
    );
    let case = w.step(
        &case,
        "li",
        date(2026, 3, 23),
        r#"{"action": "hold_hearing", "officers": ["li", "wang"], "record": "当事人对事实无异议，请求从轻"}"#,
    );
    let case = w.step(&case, "boss", date(2026, 3, 24), r#"{"action": "decide"}"#);
    assert_eq!(
        case.decision.as_ref().unwrap().fine,
        Some(Decimal::from(24000))
    );
}

/// 第六十条: 90 days from filing; the leader may extend once; a suspension stops the clock.
#[test]
fn deciding_after_ninety_days_needs_an_extension() {
    let w = World::new();
    let d1 = date(2026, 3, 2);
    let case = open(bagged_cement("12.5"), &w.ctx("li", d1)).unwrap();
    let case = w.step(&case, "boss", d1, r#"{"action": "approve_filing"}"#);
    let case = w.step(&case, "li", d1, EVIDENCE);
    let case = w.step(
        &case,
        "li",
        d1,
        r#"{"action": "finish_investigation", "findings": "x"}"#,
    );
    let case = w.step(
        &case,
        "li",
        date(2026, 5, 25),
        r#"{"action": "notify", "officers": ["li", "wang"]}"#,
    );
    // 90 days from 2 March: 31 May is a Sunday, so 1 June. 2 June is too late.
    let due = deadlines(&case, &w.calendar, date(2026, 6, 2));
    assert_eq!(due[0].due, Some(date(2026, 6, 1)), "{:?}", due[0]);
    let r = w.refuse(&case, "boss", date(2026, 6, 2), r#"{"action": "decide"}"#);
    assert!(
        r.starts_with("decision_overdue") && r.contains("未经批准延长"),
        "{r}"
    );
    let extended = w.step(
        &case,
        "boss",
        date(2026, 5, 28),
        r#"{"action": "extend", "reason": "需补充检验报告"}"#,
    );
    let r = w.refuse(
        &extended,
        "boss",
        date(2026, 5, 28),
        r#"{"action": "extend", "reason": "再延"}"#,
    );
    assert!(r.starts_with("already_extended"), "{r}");
    let decided = w.step(
        &extended,
        "boss",
        date(2026, 6, 2),
        r#"{"action": "decide"}"#,
    );
    assert_eq!(decided.stage, Stage::Service);

    // A suspension of 10 days moves the deadline by 10 days.
    let suspended = w.step(
        &case,
        "boss",
        date(2026, 4, 1),
        r#"{"action": "suspend", "reason": "委托检测水泥包装"}"#,
    );
    let r = w.refuse(
        &suspended,
        "boss",
        date(2026, 4, 5),
        r#"{"action": "decide"}"#,
    );
    assert!(
        r.starts_with("suspended") || r.starts_with("window_open"),
        "{r}"
    );
    let resumed = w.step(
        &suspended,
        "boss",
        date(2026, 4, 11),
        r#"{"action": "resume"}"#,
    );
    let due = deadlines(&resumed, &w.calendar, date(2026, 6, 2));
    assert_eq!(
        due[0].due,
        Some(date(2026, 6, 10)),
        "{}",
        due[0].computation
    );
    assert!(due[0].computation.contains("另加中止或延长的 10 日"));
}

/// 第七十二条: 3% a day after the 15 days, never more than the fine (行政强制法 第四十五条).
#[test]
fn late_payment_carries_the_surcharge() {
    let w = World::new();
    let d1 = date(2026, 3, 2);
    let case = open(bagged_cement("12.5"), &w.ctx("li", d1)).unwrap();
    let mut case = w.step(&case, "boss", d1, r#"{"action": "approve_filing"}"#);
    for (who, day, json) in [
        ("li", d1, EVIDENCE),
        (
            "li",
            d1,
            r#"{"action": "finish_investigation", "findings": "x"}"#,
        ),
        (
            "li",
            d1,
            r#"{"action": "notify", "officers": ["li", "wang"]}"#,
        ),
        ("boss", date(2026, 3, 6), r#"{"action": "decide"}"#),
        ("li", date(2026, 3, 6), r#"{"action": "serve_decision"}"#),
    ] {
        case = w.step(&case, who, day, json);
    }
    // Due 21 March (Saturday) → Monday 23 March; paid 25 March: 2 days × 3% × 750 = 45.
    let owed = outstanding(&case, &w.ctx("li", date(2026, 3, 25)), date(2026, 3, 25)).unwrap();
    assert_eq!(owed.fine, Decimal::new(75000, 2));
    assert_eq!(owed.surcharge, Decimal::new(4500, 2));
    let r = w.refuse(
        &case,
        "li",
        date(2026, 3, 25),
        r#"{"action": "record_payment", "amount": "900.00"}"#,
    );
    assert!(r.starts_with("overpaid") && r.contains("795"), "{r}");
    // Two months late: capped at the fine.
    let owed = outstanding(&case, &w.ctx("li", date(2026, 6, 1)), date(2026, 6, 1)).unwrap();
    assert_eq!(owed.surcharge, Decimal::new(75000, 2));
    // Court enforcement only after the six-month litigation period.
    let r = w.refuse(
        &case,
        "li",
        date(2026, 6, 1),
        r#"{"action": "apply_court"}"#,
    );
    assert!(r.starts_with("court_too_early"), "{r}");
    let court = w.step(
        &case,
        "li",
        date(2026, 9, 8),
        r#"{"action": "apply_court"}"#,
    );
    assert_eq!(court.stage, Stage::CourtEnforcement);
}

/// A power case under 1,000 yuan, facts clear and no objection: on the spot (§三(七),
/// capped by 行政处罚法 第五十一条), reported to the bureau, paid, archived.
#[test]
fn a_small_power_case_is_decided_on_the_spot() {
    let w = World::new();
    let mut people = w.people.clone();
    for n in ["li", "wang"] {
        people.get_mut(n).unwrap().office = Some("县电力执法股".into());
    }
    let w = World { people, ..w };
    let today = date(2026, 4, 7);
    let new = NewCase {
        party: Party {
            name: "某电力设施保护区内施工单位".into(),
            uscc: Some("91430923MA4L0000XX".into()),
            kind: PartyKind::Organization,
        },
        charge: Charge {
            violation: Code::PowerFacility,
            quantity: None,
            act_on: today,
            // 电力设施保护条例第二十七条 fines only who refuses to correct.
            corrected_by_deadline: Some(false),
            first_offence: None,
            harm: None,
            circumstances: Vec::new(),
            facts_clear: Some(true),
            no_objection: Some(true),
            proposed_fine: Some(Decimal::from(800)),
        },
        procedure: Procedure::Simple,
        officers: vec!["li".into(), "wang".into()],
    };
    let case = open(new.clone(), &w.ctx("li", today)).unwrap();
    assert_eq!(case.stage, Stage::OnTheSpot);
    assert_eq!(case.stage.power_label(), "现场处罚");
    let case = w.step(
        &case,
        "li",
        today,
        r#"{"action": "spot_decide", "officers": ["li", "wang"]}"#,
    );
    assert_eq!(
        case.decision.as_ref().unwrap().fine,
        Some(Decimal::from(800))
    );
    let case = w.step(
        &case,
        "li",
        today,
        r#"{"action": "record_payment", "amount": "800"}"#,
    );
    let r = w.refuse(&case, "li", today, r#"{"action": "archive"}"#);
    assert!(r.starts_with("not_reported"), "{r}");
    let case = w.step(&case, "li", today, r#"{"action": "report_filing"}"#);
    let case = w.step(&case, "li", today, r#"{"action": "archive"}"#);
    assert_eq!(case.stage, Stage::Archived);
    assert_eq!(case.stage.power_label(), "归档");

    // 5,000 yuan exceeds the simple procedure's 3,000 for an organisation (第五十一条).
    let mut big = new;
    big.charge.proposed_fine = Some(Decimal::from(5000));
    let e = open(big, &w.ctx("li", today)).unwrap_err();
    assert_eq!(e.code, "simple_not_allowed", "{e}");
}

/// Site mixing is the housing bureau's (§二 boundary 8): the filing is refused and the case
/// is transferred, which closes it with a record.
#[test]
fn a_site_mixing_case_is_transferred_not_filed() {
    let w = World::new();
    let d1 = date(2026, 3, 2);
    let mut new = bagged_cement("30");
    new.charge.violation = Code::SiteMixing;
    let case = open(new, &w.ctx("li", d1)).unwrap();
    let r = w.refuse(&case, "boss", d1, r#"{"action": "approve_filing"}"#);
    assert!(r.starts_with("not_ours") && r.contains("县住建局"), "{r}");
    let case = w.step(
        &case,
        "boss",
        d1,
        r#"{"action": "transfer", "to": "县住建局", "reason": "现场搅拌混凝土由县住建局查处"}"#,
    );
    assert_eq!(case.stage, Stage::Transferred);
    let r = w.refuse(&case, "boss", d1, r#"{"action": "approve_filing"}"#);
    assert!(r.starts_with("closed"), "{r}");
}

/// 第三十六条: two years; an act discovered later is not penalised.
#[test]
fn a_time_barred_act_cannot_be_opened() {
    let w = World::new();
    let mut new = bagged_cement("12.5");
    new.charge.act_on = date(2024, 3, 1);
    let e = open(new.clone(), &w.ctx("li", date(2026, 3, 2))).unwrap_err();
    assert_eq!(e.code, "time_barred", "{e}");
    assert!(e.message.contains("第三十六条"), "{e}");
    assert!(open(new, &w.ctx("li", date(2026, 3, 1))).is_ok());
}

/// Unknown fields and actions in a step are refused by the parser, not ignored.
#[test]
fn commands_are_parsed_strictly() {
    assert!(serde_json::from_str::<Command>(r#"{"action": "skip_to_the_end"}"#).is_err());
    assert!(serde_json::from_str::<Command>(r#"{"action": "archive", "force": true}"#).is_err());
}
