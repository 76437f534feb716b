//! One table of personnel facts, asked of every engine that lets an officer act: the penalty
//! case engine (`qingdan_cases::apply`), inspection tasks (`qingdan_inspections::task::open`),
//! officer draws (`draw_officers`) and the access policy (`qingdan_identity::authorize`).
//! Each must give the same answer, because each asks `qingdan_personnel` and nothing else.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use jiff::civil::{Date, date};
use qingdan_cases::{By, CaseFile, Charge, Command, Context, HolidayCalendar, NewCase, Party};
use qingdan_identity::{Action, Actor, Record, Role, Subject, authorize};
use qingdan_inspections::officers::{DrawTask, draw_officers};
use qingdan_inspections::systems::{SystemCode, TargetKind};
use qingdan_inspections::task::{NewTask, Target};
use qingdan_personnel::{Certificate, Person, Relation, Standing};
use qingdan_rules::{Code, Engine, PartyKind, Procedure};
use std::collections::BTreeMap;

const OFFICE: &str = "县散装水泥办公室";
const OTHER: &str = "县墙体材料改革办公室";
const PARTY: &str = "91430923MA4L00001X";
const PROJECT: &str = "2026-430923-47-01-000001";
const FAR: Date = date(2030, 12, 31);

/// A row: what it tests, the officer `zz` as the database knows him, the day of the act, the
/// declared conflicts, and the one expected answer (`None`: may act; else the refusal code).
struct Row {
    what: &'static str,
    basis: &'static str,
    office: &'static str,
    certificate: Option<Certificate>,
    on: Date,
    conflict: bool,
    expected: Option<&'static str>,
}

fn cert(from: Option<Date>, until: Date, standing: Standing) -> Option<Certificate> {
    Some(Certificate {
        number: "湘执-ZZ".into(),
        valid_from: from,
        valid_until: until,
        standing,
    })
}

fn rows() -> Vec<Row> {
    let from = Some(date(2026, 3, 10));
    let until = date(2026, 6, 30);
    let active = Standing::Active;
    let row = |what, basis, office, certificate, on, conflict, expected| Row {
        what,
        basis,
        office,
        certificate,
        on,
        conflict,
        expected,
    };
    vec![
        row(
            "not yet valid: the day before the first day",
            "行政处罚法 第四十二条",
            OFFICE,
            cert(from, until, active.clone()),
            date(2026, 3, 9),
            false,
            Some("certificate_not_yet_valid"),
        ),
        row(
            "the first valid day itself (以上包括本数)",
            "行政处罚法 第四十二条",
            OFFICE,
            cert(from, until, active.clone()),
            date(2026, 3, 10),
            false,
            None,
        ),
        row(
            "the last valid day itself (以下包括本数)",
            "行政处罚法 第四十二条",
            OFFICE,
            cert(from, until, active.clone()),
            date(2026, 6, 30),
            false,
            None,
        ),
        row(
            "the day after the last day",
            "行政处罚法 第四十二条",
            OFFICE,
            cert(from, until, active.clone()),
            date(2026, 7, 1),
            false,
            Some("certificate_expired"),
        ),
        row(
            "no certificate on record",
            "行政处罚法 第四十二条",
            OFFICE,
            None,
            date(2026, 4, 1),
            false,
            Some("no_certificate"),
        ),
        row(
            "suspended from the day before",
            "责任清单 §三(一)四 暂停行政执法活动",
            OFFICE,
            cert(
                None,
                FAR,
                Standing::Suspended {
                    since: date(2026, 4, 1),
                },
            ),
            date(2026, 4, 2),
            false,
            Some("enforcement_suspended"),
        ),
        row(
            "suspended only from tomorrow",
            "责任清单 §三(一)四 暂停行政执法活动",
            OFFICE,
            cert(
                None,
                FAR,
                Standing::Suspended {
                    since: date(2026, 4, 3),
                },
            ),
            date(2026, 4, 2),
            false,
            None,
        ),
        row(
            "revoked",
            "责任清单 §三(一)四 取消执法资格并收缴证件",
            OFFICE,
            cert(
                None,
                FAR,
                Standing::Revoked {
                    on: date(2026, 4, 1),
                },
            ),
            date(2026, 4, 2),
            false,
            Some("enforcement_revoked"),
        ),
        row(
            "an officer of another office",
            "行政处罚法 第十八条、责任清单 §一 职责分工",
            OTHER,
            cert(None, FAR, active.clone()),
            date(2026, 4, 2),
            false,
            Some("other_office"),
        ),
        row(
            "a declared conflict of interest with the party",
            "行政处罚法 第四十三条",
            OFFICE,
            cert(None, FAR, active),
            date(2026, 4, 2),
            true,
            Some("conflict_of_interest"),
        ),
    ]
}

fn officer(name: &str, office: &str, certificate: Option<Certificate>) -> Person {
    Person {
        username: name.into(),
        role: Some(By::Officer),
        office: Some(office.into()),
        certificate,
    }
}

fn people(row: &Row) -> BTreeMap<String, Person> {
    [
        officer("li", OFFICE, cert(None, FAR, Standing::Active)),
        officer("wang", OFFICE, cert(None, FAR, Standing::Active)),
        officer("zz", row.office, row.certificate.clone()),
        Person {
            username: "boss".into(),
            role: Some(By::Leader),
            office: Some(OFFICE.into()),
            certificate: None,
        },
    ]
    .into_iter()
    .map(|p| (p.username.clone(), p))
    .collect()
}

fn relations(row: &Row) -> Vec<Relation> {
    if !row.conflict {
        return Vec::new();
    }
    [PARTY, PROJECT]
        .into_iter()
        .map(|target| Relation {
            officer: "zz".into(),
            target: target.into(),
            nature: "近亲属任职".into(),
        })
        .collect()
}

/// The penalty case engine: `li` records evidence with `zz` on the row's day.
fn through_cases(row: &Row) -> Option<String> {
    let calendar = HolidayCalendar::shipped().unwrap();
    let engine = Engine::default();
    let people = people(row);
    let relations = relations(row);
    let ctx = |who: &str, today: Date| Context {
        today,
        actor: &people[who],
        people: &people,
        calendar: &calendar,
        engine: &engine,
        relations: &relations,
        responsible_office: None,
    };
    let opened_on = date(2026, 3, 2);
    let new = NewCase {
        party: Party {
            name: "某建设公司".into(),
            uscc: Some(PARTY.into()),
            kind: PartyKind::Organization,
        },
        charge: Charge {
            violation: Code::BaggedCement,
            quantity: Some(12.into()),
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
    };
    let case: CaseFile = qingdan_cases::open(new, &ctx("li", opened_on)).unwrap();
    let approve: Command = serde_json::from_str(r#"{"action": "approve_filing"}"#).unwrap();
    let case = qingdan_cases::apply(&case, &approve, &ctx("boss", opened_on))
        .unwrap()
        .case;
    let evidence: Command = serde_json::from_str(
        r#"{"action": "record_evidence", "officers": ["li", "zz"], "kind": "现场检查笔录", "description": "现场使用袋装水泥"}"#,
    )
    .unwrap();
    qingdan_cases::apply(&case, &evidence, &ctx("li", row.on))
        .err()
        .map(|e| e.code.to_string())
}

/// Inspection tasks: `li` opens a task with `zz` on the row's day.
fn through_tasks(row: &Row) -> Option<String> {
    let people = people(row);
    let relations = relations(row);
    let ctx = qingdan_inspections::task::Context {
        today: row.on,
        actor: &people["li"],
        people: &people,
        relations: &relations,
    };
    qingdan_inspections::task::open(
        NewTask {
            system: SystemCode::NoSiteMixing,
            target: Target {
                id: PROJECT.into(),
                name: "东坪安置小区项目".into(),
                kind: TargetKind::Project,
            },
            officers: vec!["li".into(), "zz".into()],
            planned_on: None,
            complaint: None,
            office: Some(OFFICE.into()),
        },
        &ctx,
    )
    .err()
    .map(|e| e.code.to_string())
}

/// Officer draws: is `zz` eligible for a task on the project on the row's day?
fn eligible_in_draws(row: &Row) -> bool {
    let roster: Vec<Person> = people(row).into_values().collect();
    let record = draw_officers(
        &DrawTask {
            task: "t1".into(),
            target: PROJECT.into(),
            office: OFFICE.into(),
            date: row.on,
        },
        &roster,
        &relations(row),
        "00112233445566778899aabbccddeeff",
    )
    .unwrap();
    record.eligible.iter().any(|n| n == "zz")
}

/// The access policy: may `zz` act on a case of the office on the row's day?
fn through_policy(row: &Row) -> Option<String> {
    let subject = Subject::User(Actor {
        user_id: 9,
        username: "zz".into(),
        role: Role::Officer,
        office: Some(row.office.into()),
        certificate: row.certificate.clone(),
    });
    authorize(
        &subject,
        Action::ActOnCase,
        Some(&Record::in_office(OFFICE)),
        row.on,
    )
    .err()
    .map(|d| d.code.as_str().to_string())
}

#[test]
fn every_engine_gives_the_same_answer() {
    for row in rows() {
        let want = row.expected.map(str::to_string);
        let label = format!("{} ({})", row.what, row.basis);
        assert_eq!(through_cases(&row), want, "cases: {label}");
        assert_eq!(through_tasks(&row), want, "tasks: {label}");
        assert_eq!(eligible_in_draws(&row), want.is_none(), "draws: {label}");
        // The policy judges the person and the office, not the party: a conflict of interest
        // is the engines' (it depends on whom the act concerns).
        let policy_want = if row.conflict { None } else { want.clone() };
        assert_eq!(through_policy(&row), policy_want, "policy: {label}");
    }
}
