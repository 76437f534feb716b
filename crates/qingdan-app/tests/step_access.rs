//! Every step of every engine × every role (issue 15): who may take it is decided twice — by
//! the access policy's gate (the action the use case asks `authorize` for) and by the engine's
//! own rule of who takes the step — and both must admit exactly the roles written in this
//! file's rows. The rows are keyed by the engines' own step lists (`qingdan_cases::STEPS`,
//! every inspection system's steps, an exhaustive match over complaint commands), so a new step
//! fails this test (or, for complaints, the build) until it has its row, and a step whose
//! declared taker the gate refuses (an unreachable step) or admits someone the engine refuses
//! is named.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use jiff::civil::{Date, date};
use qingdan_cases::{STEPS, StepKind};
use qingdan_complaints::{Command, Complaint, Destination, Intake, Officer, Viewer, apply};
use qingdan_identity::{Actor, Certificate, Record, Role, Subject, authorize};
use qingdan_inspections::systems::SystemCode;
use qingdan_personnel::By;

const TODAY: Date = date(2026, 3, 2);
const OFFICE: &str = "县散装水泥办公室";

fn subject(role: Role, name: &str) -> Subject {
    Subject::User(Actor {
        user_id: 1,
        username: name.into(),
        role,
        office: Some(OFFICE.into()),
        certificate: Some(Certificate {
            number: "湘工信执-0001".into(),
            valid_from: None,
            valid_until: date(2099, 12, 31),
            standing: qingdan_personnel::Standing::Active,
        }),
    })
}

/// The roles admitted by both the gate (`action`) and the engine (`by`).
fn admitted(action: qingdan_identity::Action, by: By) -> Vec<Role> {
    Role::ALL
        .into_iter()
        .filter(|&role| {
            let gate = authorize(
                &subject(role, "x"),
                action,
                Some(&Record::in_office(OFFICE)),
                TODAY,
            )
            .is_ok();
            let engine = By::from_role(role.as_str()) == Some(by);
            gate && engine
        })
        .collect()
}

/// Penalty cases: one row per step kind (行政处罚法 and the list's procedure).
fn case_row(kind: StepKind) -> &'static [Role] {
    use Role::{Leader, Legal, Officer};
    match kind {
        StepKind::ApproveFiling => &[Leader], // 立案 is approved by the leader (art. 54)
        StepKind::RecordEvidence => &[Officer], // two officers investigate (art. 42, 55)
        StepKind::FinishInvestigation => &[Officer],
        StepKind::LegalReview => &[Legal], // 法制审核 (art. 58)
        StepKind::Notify => &[Officer],    // 告知 (art. 44)
        StepKind::RecordStatement => &[Officer],
        StepKind::RequestHearing => &[Officer], // recorded by the officer (art. 63–64)
        StepKind::ScheduleHearing => &[Officer],
        StepKind::HoldHearing => &[Officer],
        StepKind::Suspend => &[Leader],
        StepKind::Resume => &[Leader],
        StepKind::Extend => &[Leader], // extension approved (art. 60)
        StepKind::Decide => &[Leader], // 负责人 decides (art. 57)
        StepKind::SpotDecide => &[Officer], // 当场处罚 (art. 51–52)
        StepKind::ServeDecision => &[Officer], // 送达 (art. 61)
        StepKind::RecordPayment => &[Officer],
        StepKind::ApplyCourt => &[Officer], // 申请强制执行 (art. 72)
        StepKind::ReportFiling => &[Officer],
        StepKind::Archive => &[Officer],
        StepKind::Transfer => &[Leader],
        StepKind::Publish => &[Leader], // 公示 (art. 48)
    }
}

#[test]
fn every_case_step_is_taken_by_exactly_its_row() {
    let mut failures = Vec::new();
    for step in STEPS {
        let want = case_row(step.kind);
        let got = admitted(qingdan_app::cases::step_action(step.by), step.by);
        if got != want {
            failures.push(format!(
                "{:?}（{}）: row {want:?}, gate and engine admit {got:?}",
                step.kind, step.label
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Inspection tasks: one row per (system, step code). The decision (检查处理) is the leader's;
/// the approval of a no-site-mixing check is the leader's; the 县优办's approval of a power
/// check is recorded by an officer with its document.
fn task_row(system: SystemCode, code: &str) -> Option<&'static [Role]> {
    use Role::{Leader, Officer};
    let officer: &'static [Role] = &[Officer];
    let leader: &'static [Role] = &[Leader];
    Some(match (system, code) {
        (_, "decide") => leader,
        (SystemCode::NoSiteMixing, "approval") => leader,
        (SystemCode::Power, "external-approval") => officer,
        (
            _,
            "written-materials" | "site-check" | "hear-report" | "feedback" | "follow-up"
            | "application" | "hear-statement" | "site-visit" | "show-certificate",
        ) => officer,
        _ => return None,
    })
}

#[test]
fn every_inspection_step_is_taken_by_exactly_its_row() {
    let mut failures = Vec::new();
    let mut steps = 0;
    for system in SystemCode::ALL {
        for step in system.def().steps {
            steps += 1;
            let by = qingdan_inspections::task::taken_by(step.actor);
            let got = admitted(qingdan_app::tasks::STEP_GATE, by);
            match task_row(system, step.code) {
                None => failures.push(format!(
                    "{system:?} {}（{}）: no row — add it to task_row",
                    step.code, step.name
                )),
                Some(want) if got != want => failures.push(format!(
                    "{system:?} {}（{}）: row {want:?}, gate and engine admit {got:?}",
                    step.code, step.name
                )),
                Some(_) => {}
            }
        }
    }
    assert!(steps >= 29, "the five systems declare {steps} steps");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Complaints: who the gate and the engine admit for each command, with the person who
/// asks: the handler (an officer of the office), another officer of the office, a leader, and
/// every other role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Handler,
    Colleague,
    Leader,
    Other(Role),
}

fn complaint(handled: bool) -> Complaint {
    let code = qingdan_complaints::TrackingCode::from_random(&[7; 11]);
    let intake = Intake {
        text: "东坪镇某工地仍在使用袋装水泥，已持续一周".into(),
        place: None,
        about: None,
        name: None,
        contact: None,
    };
    let (mut c, _) = qingdan_complaints::receive(
        &intake,
        code,
        TODAY,
        Destination::Office {
            office: OFFICE.into(),
            basis: "测试".into(),
        },
    )
    .unwrap();
    if handled {
        c.status = qingdan_complaints::Status::Handling;
        c.handler = Some("sz01".into());
        c.accepted_on = Some(TODAY);
    }
    c
}

/// The commands, each with the people it must admit. The match is exhaustive: a new command
/// does not compile until it has its row.
fn complaint_rows() -> Vec<(Command, &'static [Who])> {
    let rows = vec![
        (
            Command::Accept { handler: None },
            &[Who::Handler, Who::Colleague][..],
        ),
        // Naming the handler: a leader assigns; the named officer may name himself; a
        // colleague may not assign it to someone else.
        (
            Command::Accept {
                handler: Some("sz01".into()),
            },
            &[Who::Handler, Who::Leader][..],
        ),
        (
            Command::Answer {
                result: "经查属实，已责令停止使用袋装水泥".into(),
            },
            &[Who::Handler, Who::Leader][..],
        ),
        (
            Command::Refer {
                department: "县住房和城乡建设局".into(),
                reason: "施工现场管理属住建部门".into(),
            },
            &[Who::Handler, Who::Leader][..],
        ),
        (
            Command::Link {
                target: "91430923MA4L0A1B72".into(),
            },
            &[Who::Handler, Who::Leader][..],
        ),
    ];
    for (command, _) in &rows {
        match command {
            Command::Accept { .. }
            | Command::Answer { .. }
            | Command::Refer { .. }
            | Command::Link { .. } => {}
        }
    }
    rows
}

#[test]
fn every_complaint_step_is_taken_by_exactly_its_row() {
    let mut people: Vec<(Who, Role, &str)> = vec![
        (Who::Handler, Role::Officer, "sz01"),
        (Who::Colleague, Role::Officer, "sz02"),
        (Who::Leader, Role::Leader, "fenguan"),
    ];
    for role in Role::ALL {
        if !matches!(role, Role::Officer | Role::Leader) {
            people.push((Who::Other(role), role, "other"));
        }
    }
    let handler = Officer {
        username: "sz01".into(),
        office: Some(OFFICE.into()),
        is_officer: true,
    };
    let mut failures = Vec::new();
    for (command, want) in complaint_rows() {
        let c = complaint(!matches!(command, Command::Accept { .. }));
        for &(who, role, name) in &people {
            let gate = authorize(
                &subject(role, name),
                qingdan_app::complaints::STEP_GATE,
                Some(&Record::in_office(OFFICE)),
                TODAY,
            )
            .is_ok();
            let viewer = Viewer {
                username: name.into(),
                role: qingdan_app::complaints::viewer_role(role.as_str()),
                office: Some(OFFICE.into()),
            };
            let engine = apply(&c, &command, &viewer, Some(&handler), TODAY).is_ok();
            let got = gate && engine;
            if got != want.contains(&who) {
                failures.push(format!(
                    "{}: {who:?} ({role:?}): row says {}, gate {gate}, engine {engine}",
                    command.action(),
                    want.contains(&who)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
