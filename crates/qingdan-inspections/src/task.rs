//! An inspection task as a value, and the one function that moves it: [`apply`].
//!
//! A [`Task`] follows the steps its system declares ([`crate::systems`]): the procedure steps in
//! order (a step that does not apply, such as the 县优办 approval for a household power user,
//! is passed over), then the decision (作出检查处理) recording the outcomes, then — when an
//! order to correct was given — the follow-up by its deadline. [`apply`] refuses anything else
//! with a stable `code` and a Chinese `message` citing the basis, exactly as
//! `qingdan_cases::apply` does for penalty cases; the same [`Person`] describes who acts.

use crate::systems::{
    Actor, OutcomeKind, Phase, REFUND_DENIAL_CONDITIONS, REVOCATION_CONDITIONS, RecordKind,
    StepDef, SystemCode, SystemDef, TargetKind, When,
};
use jiff::civil::Date;
use qingdan_cases::{By, Person};
use qingdan_personnel::{Act, Refusal, Relation, TeamRule, team};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Why a command was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct TaskError {
    /// A stable code (the API's `error.code`).
    pub code: &'static str,
    /// The Chinese reason, citing the basis.
    pub message: String,
    /// The request field at fault, if one is.
    pub field: Option<&'static str>,
}

impl TaskError {
    fn new(code: &'static str, message: impl Into<String>) -> TaskError {
        TaskError {
            code,
            message: message.into(),
            field: None,
        }
    }

    fn field(code: &'static str, field: &'static str, message: impl Into<String>) -> TaskError {
        TaskError {
            code,
            message: message.into(),
            field: Some(field),
        }
    }
}

/// What is inspected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// 统一社会信用代码 of an enterprise, 项目编号 of a project, 户号 of a household.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: TargetKind,
}

/// A record produced or received at a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Which record.
    pub kind: RecordKind,
    /// Its number or reference (文书编号、附件编号), or a summary.
    pub reference: String,
    /// Who issued it, for an approval of another body (e.g. `县优办`).
    #[serde(default)]
    pub issuer: Option<String>,
}

/// A step taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepDone {
    /// The step's code.
    pub step: String,
    /// When.
    pub on: Date,
    /// Who took (or recorded) it.
    pub by: String,
    /// The officers present.
    pub officers: Vec<String>,
    /// Its records.
    pub records: Vec<Record>,
    /// A note.
    pub note: Option<String>,
}

/// An outcome of an inspection (监督检查处理).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Outcome {
    /// 未发现问题.
    NoProblem {},
    /// 责令限期改正: a follow-up is due on the deadline.
    OrderCorrect {
        /// What must be corrected.
        measure: String,
        /// The last day to correct.
        deadline: Date,
    },
    /// 收回认定证书 under conditions 1–7 of §三(三)五.(二).
    RevokeCertificate {
        /// The conditions met (1-based numbers of [`REVOCATION_CONDITIONS`]).
        conditions: Vec<u8>,
    },
    /// 符合返退规定 (§三(四)五.(一)).
    RefundEligible {},
    /// 不予返退 under conditions 1–4 of §三(四)五.(二).
    RefundDenied {
        /// The conditions met (1-based numbers of [`REFUND_DENIAL_CONDITIONS`]).
        conditions: Vec<u8>,
    },
    /// 立案查处: a penalty case is opened for this violation (a `qingdan-rules` code).
    PenaltyCase {
        /// The violation code, e.g. `bagged-cement`.
        violation: String,
    },
    /// 移送有关部门.
    ReferDepartment {
        /// The department, e.g. 县住建局.
        department: String,
        /// Why.
        reason: String,
    },
    /// 移送公安机关.
    ReferPolice {
        /// Why.
        reason: String,
    },
}

impl Outcome {
    /// The kind.
    pub fn kind(&self) -> OutcomeKind {
        match self {
            Outcome::NoProblem {} => OutcomeKind::NoProblem,
            Outcome::OrderCorrect { .. } => OutcomeKind::OrderCorrect,
            Outcome::RevokeCertificate { .. } => OutcomeKind::RevokeCertificate,
            Outcome::RefundEligible {} => OutcomeKind::RefundEligible,
            Outcome::RefundDenied { .. } => OutcomeKind::RefundDenied,
            Outcome::PenaltyCase { .. } => OutcomeKind::PenaltyCase,
            Outcome::ReferDepartment { .. } => OutcomeKind::ReferDepartment,
            Outcome::ReferPolice { .. } => OutcomeKind::ReferPolice,
        }
    }
}

/// A decision (作出检查处理).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// When.
    pub on: Date,
    /// The deciding leader.
    pub by: String,
    /// The outcomes.
    pub outcomes: Vec<Outcome>,
    /// Its records (检查结果报告).
    pub records: Vec<Record>,
    /// A note.
    pub note: Option<String>,
}

/// The follow-up of an order to correct.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    /// The deadline given (the follow-up task's due date).
    pub due: Date,
    /// When it was checked.
    pub done_on: Option<Date>,
    /// Whether it was corrected.
    pub corrected: Option<bool>,
    /// The officers who checked.
    pub officers: Vec<String>,
    /// Its records.
    pub records: Vec<Record>,
}

/// Where a task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskState {
    /// Procedure steps or the decision outstanding.
    Open,
    /// An order to correct awaits its follow-up.
    FollowUp,
    /// Done.
    Closed,
}

impl TaskState {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            TaskState::Open => "办理中",
            TaskState::FollowUp => "待跟踪复查",
            TaskState::Closed => "已办结",
        }
    }
}

/// An inspection task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    /// The system it runs under.
    pub system: SystemCode,
    /// What is inspected.
    pub target: Target,
    /// The office (股室) it belongs to.
    pub office: String,
    /// The officers assigned (drawn) to it, at least two.
    pub officers: Vec<String>,
    /// When it was opened.
    pub opened_on: Date,
    /// Who opened it.
    pub opened_by: String,
    /// The planned date, if from a plan.
    pub planned_on: Option<Date>,
    /// The complaint it answers (tracking code), if any.
    pub complaint: Option<String>,
    /// Where it stands.
    pub state: TaskState,
    /// Procedure steps taken, in order.
    pub steps: Vec<StepDone>,
    /// Decisions (a second one follows a follow-up that found no correction).
    pub decisions: Vec<Decision>,
    /// Follow-ups of orders to correct, in order.
    pub follow_ups: Vec<FollowUp>,
    /// The date of the latest act (no act may be dated before it).
    pub last_act_on: Date,
}

impl Task {
    /// The declaration of its system.
    pub fn def(&self) -> &'static SystemDef {
        self.system.def()
    }

    /// Whether a follow-up found the order to correct not complied with.
    pub fn escalated(&self) -> bool {
        self.follow_ups.iter().any(|f| f.corrected == Some(false))
    }

    /// The follow-up task's due date, while one is pending.
    pub fn follow_up_due(&self) -> Option<Date> {
        match self.state {
            TaskState::FollowUp => self.follow_ups.last().map(|f| f.due),
            _ => None,
        }
    }

    /// Every outcome decided, in order.
    pub fn outcomes(&self) -> impl Iterator<Item = &Outcome> {
        self.decisions.iter().flat_map(|d| d.outcomes.iter())
    }
}

/// A request to open a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTask {
    /// The system.
    pub system: SystemCode,
    /// What is inspected.
    pub target: Target,
    /// The officers assigned (drawn), at least two.
    pub officers: Vec<String>,
    /// The planned date, if from a plan.
    #[serde(default)]
    pub planned_on: Option<Date>,
    /// The complaint it answers, if any.
    #[serde(default)]
    pub complaint: Option<String>,
    /// The office that runs it ([`crate::systems::responsible_office`]); when absent, the
    /// actor's own office.
    #[serde(default)]
    pub office: Option<String>,
}

/// What [`open`] and [`apply`] need besides the task.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// Today (China time).
    pub today: Date,
    /// Who acts.
    pub actor: &'a Person,
    /// The people named in the command, as the database knows them.
    pub people: &'a BTreeMap<String, Person>,
    /// The declared conflicts of interest (回避, 《行政处罚法》第四十三条).
    pub relations: &'a [Relation],
}

/// A command, as the API receives it: `{"action": "step", "step": "site-check", ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Command {
    /// A procedure step.
    Step {
        /// The step's code.
        step: String,
        /// The officers present (the actor among them).
        #[serde(default)]
        officers: Vec<String>,
        /// The records.
        #[serde(default)]
        records: Vec<Record>,
        /// A note.
        #[serde(default)]
        note: Option<String>,
        /// When (default today).
        #[serde(default)]
        on: Option<Date>,
    },
    /// 作出检查处理.
    Decide {
        /// The outcomes.
        outcomes: Vec<Outcome>,
        /// The records (检查结果报告).
        #[serde(default)]
        records: Vec<Record>,
        /// A note.
        #[serde(default)]
        note: Option<String>,
        /// When (default today).
        #[serde(default)]
        on: Option<Date>,
    },
    /// 后续跟踪.
    FollowUp {
        /// Whether the order was complied with.
        corrected: bool,
        /// The officers present.
        #[serde(default)]
        officers: Vec<String>,
        /// The records.
        #[serde(default)]
        records: Vec<Record>,
        /// A note.
        #[serde(default)]
        note: Option<String>,
        /// When (default today).
        #[serde(default)]
        on: Option<Date>,
    },
}

/// Opens a task: by an officer or leader of the office; the target must be of a kind the
/// system inspects; at least two officers of the office with valid certificates are assigned.
pub fn open(new: NewTask, ctx: &Context<'_>) -> Result<Task, TaskError> {
    let def = new.system.def();
    let own = ctx.actor.office.clone();
    let office = match ctx.actor.role {
        Some(By::Officer) | Some(By::Leader) => match new.office.clone().or(own.clone()) {
            Some(o) => o,
            None => {
                return Err(TaskError::new(
                    "no_office",
                    "您未归属任何股室，不能创建检查任务",
                ));
            }
        },
        _ => {
            return Err(TaskError::new(
                "wrong_role",
                "检查任务应由执法人员或分管领导创建",
            ));
        }
    };
    if ctx.actor.role == Some(By::Officer) {
        if own.as_deref() != Some(office.as_str()) {
            return Err(TaskError::new(
                "other_office",
                format!("{}由{office}负责，您不是该股室的执法人员", def.title),
            ));
        }
        require_certificate(ctx.actor, ctx.today)?;
    }
    if !def.targets.contains(&new.target.kind) {
        let kinds: Vec<&str> = def.targets.iter().map(|k| k.label()).collect();
        return Err(TaskError::field(
            "wrong_target",
            "target.kind",
            format!(
                "{}{}的检查对象为{}，不包括{}",
                def.section,
                def.title,
                kinds.join("、"),
                new.target.kind.label()
            ),
        ));
    }
    let id = new.target.id.trim().to_string();
    let name = new.target.name.trim().to_string();
    if id.is_empty() || name.is_empty() {
        return Err(TaskError::field(
            "invalid_input",
            "target",
            "请填写检查对象的编号（统一社会信用代码或项目编号）和名称",
        ));
    }
    let mut task = Task {
        system: new.system,
        target: Target {
            id,
            name,
            kind: new.target.kind,
        },
        office,
        officers: Vec::new(),
        opened_on: ctx.today,
        opened_by: ctx.actor.username.clone(),
        planned_on: new.planned_on,
        complaint: new
            .complaint
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty()),
        state: TaskState::Open,
        steps: Vec::new(),
        decisions: Vec::new(),
        follow_ups: Vec::new(),
        last_act_on: ctx.today,
    };
    task.officers = officers_present(&new.officers, &task, ctx, ctx.today, false)?;
    Ok(task)
}

/// Whether `step` applies to `task` at all.
pub fn applies(step: &StepDef, task: &Task) -> bool {
    match step.when {
        When::Always => true,
        When::EntersEnterprise => task.target.kind.is_enterprise(),
    }
}

/// The steps that may be taken next (none when closed).
pub fn next(task: &Task) -> Vec<&'static StepDef> {
    let def = task.def();
    match task.state {
        TaskState::Closed => Vec::new(),
        TaskState::FollowUp => def.follow_up().into_iter().collect(),
        TaskState::Open => match first_missing(task) {
            Some(s) => vec![s],
            None => def.decision().into_iter().collect(),
        },
    }
}

/// The first applicable procedure step not yet taken.
fn first_missing(task: &Task) -> Option<&'static StepDef> {
    task.def()
        .steps
        .iter()
        .filter(|s| s.phase == Phase::Procedure && applies(s, task))
        .find(|s| !task.steps.iter().any(|d| d.step == s.code))
}

/// Takes one command.
pub fn apply(task: &Task, command: &Command, ctx: &Context<'_>) -> Result<Task, TaskError> {
    let def = task.def();
    if task.state == TaskState::Closed {
        return Err(TaskError::new(
            "closed",
            format!("检查任务已办结，不能再办理（{}{}）", def.section, def.title),
        ));
    }
    match command {
        Command::Step {
            step,
            officers,
            records,
            note,
            on,
        } => {
            let s = def.step(step).ok_or_else(|| {
                let codes: Vec<&str> = def.steps.iter().map(|s| s.code).collect();
                TaskError::field(
                    "unknown_step",
                    "step",
                    format!(
                        "{}{}没有“{step}”这一环节（环节：{}）",
                        def.section,
                        def.title,
                        codes.join("、")
                    ),
                )
            })?;
            match s.phase {
                Phase::Decision => {
                    return Err(TaskError::field(
                        "wrong_command",
                        "step",
                        format!("“{}”请以作出检查处理（decide）办理", s.name),
                    ));
                }
                Phase::FollowUp => {
                    return Err(TaskError::field(
                        "wrong_command",
                        "step",
                        format!("“{}”请以后续跟踪（follow_up）办理", s.name),
                    ));
                }
                Phase::Procedure => {}
            }
            if !applies(s, task) {
                return Err(TaskError::field(
                    "step_not_applicable",
                    "step",
                    format!(
                        "检查对象为{}，不适用“{}”（{}）",
                        task.target.kind.label(),
                        s.name,
                        s.basis
                    ),
                ));
            }
            if task.steps.iter().any(|d| d.step == s.code) {
                return Err(TaskError::field(
                    "step_done",
                    "step",
                    format!("“{}”已办理，不能重复办理", s.name),
                ));
            }
            if task.state == TaskState::FollowUp {
                return Err(TaskError::new(
                    "wrong_step",
                    "检查已作出处理，现处于后续跟踪阶段",
                ));
            }
            if let Some(missing) = first_missing(task).filter(|m| m.code != s.code) {
                return Err(skipped(missing, s.name));
            }
            let on = act_date(task, *on, ctx.today)?;
            require_actor(task, s, ctx, on)?;
            let present = if s.two_officers {
                officers_present(officers, task, ctx, on, true)?
            } else {
                vec![ctx.actor.username.clone()]
            };
            let records = required_records(s, records)?;
            let mut next = task.clone();
            next.steps.push(StepDone {
                step: s.code.to_string(),
                on,
                by: ctx.actor.username.clone(),
                officers: present,
                records,
                note: clean(note),
            });
            next.last_act_on = on;
            Ok(next)
        }
        Command::Decide {
            outcomes,
            records,
            note,
            on,
        } => {
            let s = def.decision().ok_or_else(|| {
                TaskError::new("undeclared", format!("{}未声明检查处理环节", def.section))
            })?;
            if task.state == TaskState::FollowUp {
                return Err(TaskError::new(
                    "follow_up_pending",
                    format!(
                        "责令限期改正尚待后续跟踪（期限至 {}），跟踪复查后方可再作处理（{}）",
                        task.follow_ups
                            .last()
                            .map(|f| f.due.to_string())
                            .unwrap_or_default(),
                        def.follow_up().map(|f| f.basis).unwrap_or(def.section)
                    ),
                ));
            }
            if let Some(missing) = first_missing(task) {
                return Err(skipped(missing, s.name));
            }
            let on = act_date(task, *on, ctx.today)?;
            require_actor(task, s, ctx, on)?;
            let records = required_records(s, records)?;
            check_outcomes(task, outcomes, on)?;
            let mut next = task.clone();
            let deadline = outcomes
                .iter()
                .filter_map(|o| match o {
                    Outcome::OrderCorrect { deadline, .. } => Some(*deadline),
                    _ => None,
                })
                .max();
            next.decisions.push(Decision {
                on,
                by: ctx.actor.username.clone(),
                outcomes: outcomes.iter().map(clean_outcome).collect(),
                records,
                note: clean(note),
            });
            match deadline {
                Some(due) => {
                    next.state = TaskState::FollowUp;
                    next.follow_ups.push(FollowUp {
                        due,
                        done_on: None,
                        corrected: None,
                        officers: Vec::new(),
                        records: Vec::new(),
                    });
                }
                None => next.state = TaskState::Closed,
            }
            next.last_act_on = on;
            Ok(next)
        }
        Command::FollowUp {
            corrected,
            officers,
            records,
            note: _,
            on,
        } => {
            let s = def.follow_up().ok_or_else(|| {
                TaskError::new("undeclared", format!("{}未声明后续跟踪环节", def.section))
            })?;
            let due = match (task.state, task.follow_ups.last()) {
                (TaskState::FollowUp, Some(f)) => f.due,
                _ => {
                    return Err(TaskError::new(
                        "no_follow_up",
                        "本任务没有待跟踪的责令限期改正，无需后续跟踪",
                    ));
                }
            };
            let on = act_date(task, *on, ctx.today)?;
            if !*corrected && on <= due {
                return Err(TaskError::field(
                    "deadline_not_reached",
                    "on",
                    format!(
                        "改正期限至 {due} 届满，{on} 尚不能认定逾期未改正（{}）",
                        s.basis
                    ),
                ));
            }
            require_actor(task, s, ctx, on)?;
            let present = officers_present(officers, task, ctx, on, true)?;
            let records = required_records(s, records)?;
            let mut next = task.clone();
            if let Some(f) = next.follow_ups.last_mut() {
                f.done_on = Some(on);
                f.corrected = Some(*corrected);
                f.officers = present;
                f.records = records;
            }
            // Corrected: done. Not corrected: back to the decision (revocation, a penalty case).
            next.state = if *corrected {
                TaskState::Closed
            } else {
                TaskState::Open
            };
            next.last_act_on = on;
            Ok(next)
        }
    }
}

fn skipped(missing: &StepDef, wanted: &str) -> TaskError {
    let (code, why) = match missing.actor {
        Actor::Leader | Actor::External(_) => ("approval_missing", "未经批准不得进行后续环节"),
        _ => ("step_skipped", "不得跳过程序环节"),
    };
    TaskError::field(
        code,
        "step",
        format!(
            "尚未办理“{}”，不能“{wanted}”：{why}（{}）",
            missing.name, missing.basis
        ),
    )
}

fn clean(note: &Option<String>) -> Option<String> {
    note.as_ref()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
}

fn clean_outcome(o: &Outcome) -> Outcome {
    let mut o = o.clone();
    match &mut o {
        Outcome::RevokeCertificate { conditions } | Outcome::RefundDenied { conditions } => {
            conditions.sort_unstable();
        }
        Outcome::OrderCorrect { measure, .. } => *measure = measure.trim().to_string(),
        Outcome::PenaltyCase { violation } => *violation = violation.trim().to_string(),
        Outcome::ReferDepartment { department, reason } => {
            *department = department.trim().to_string();
            *reason = reason.trim().to_string();
        }
        Outcome::ReferPolice { reason } => *reason = reason.trim().to_string(),
        Outcome::NoProblem {} | Outcome::RefundEligible {} => {}
    }
    o
}

fn check_outcomes(task: &Task, outcomes: &[Outcome], on: Date) -> Result<(), TaskError> {
    let def = task.def();
    if outcomes.is_empty() {
        return Err(TaskError::field(
            "no_outcome",
            "outcomes",
            format!("请写明检查处理结果（{}五）", def.section),
        ));
    }
    let mut seen = Vec::new();
    for o in outcomes {
        let kind = o.kind();
        if def.outcome(kind).is_none() {
            let allowed: Vec<&str> = def.outcomes.iter().map(|d| d.kind.label()).collect();
            return Err(TaskError::field(
                "outcome_not_allowed",
                "outcomes",
                format!(
                    "{}{}的处理方式为：{}；不包括“{}”",
                    def.section,
                    def.title,
                    allowed.join("、"),
                    kind.label()
                ),
            ));
        }
        if seen.contains(&kind) {
            return Err(TaskError::field(
                "outcome_conflict",
                "outcomes",
                format!("“{}”重复", kind.label()),
            ));
        }
        seen.push(kind);
        check_outcome(task, o, on)?;
    }
    if seen.contains(&OutcomeKind::NoProblem) && seen.len() > 1 {
        return Err(TaskError::field(
            "outcome_conflict",
            "outcomes",
            "“未发现问题”不能与其他处理并列",
        ));
    }
    if seen.contains(&OutcomeKind::NoProblem) && task.escalated() {
        return Err(TaskError::field(
            "outcome_conflict",
            "outcomes",
            "跟踪复查认定逾期未改正，不能作“未发现问题”处理",
        ));
    }
    if seen.contains(&OutcomeKind::RefundEligible) && seen.contains(&OutcomeKind::RefundDenied) {
        return Err(TaskError::field(
            "outcome_conflict",
            "outcomes",
            "“符合返退规定”与“不予返退”不能并存（§三(四)五.(一)、(二)）",
        ));
    }
    Ok(())
}

fn conditions_ok(
    conditions: &[u8],
    list: &[&str],
    what: &str,
    basis: &str,
) -> Result<(), TaskError> {
    if conditions.is_empty() {
        return Err(TaskError::field(
            "condition_required",
            "outcomes",
            format!("{what}须写明所依据的情形（{basis}）"),
        ));
    }
    let mut sorted = conditions.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    if sorted.len() != conditions.len() {
        return Err(TaskError::field(
            "condition_invalid",
            "outcomes",
            format!("{what}的情形编号重复"),
        ));
    }
    if let Some(bad) = conditions
        .iter()
        .find(|c| **c == 0 || usize::from(**c) > list.len())
    {
        return Err(TaskError::field(
            "condition_invalid",
            "outcomes",
            format!(
                "{what}的情形编号应为 1–{}，没有第 {bad} 项（{basis}）",
                list.len()
            ),
        ));
    }
    Ok(())
}

fn check_outcome(task: &Task, o: &Outcome, on: Date) -> Result<(), TaskError> {
    let nonempty = |v: &str, what: &str| {
        if v.trim().is_empty() {
            Err(TaskError::field(
                "invalid_input",
                "outcomes",
                format!("请填写{what}"),
            ))
        } else {
            Ok(())
        }
    };
    match o {
        Outcome::NoProblem {} | Outcome::RefundEligible {} => Ok(()),
        Outcome::OrderCorrect { measure, deadline } => {
            nonempty(measure, "责令改正的内容")?;
            if *deadline <= on {
                return Err(TaskError::field(
                    "invalid_deadline",
                    "outcomes",
                    format!("改正期限 {deadline} 应晚于处理日期 {on}（责令“限期”改正）"),
                ));
            }
            Ok(())
        }
        Outcome::RevokeCertificate { conditions } => {
            let basis = "§三(三)五.(二)";
            conditions_ok(conditions, &REVOCATION_CONDITIONS, "收回认定证书", basis)?;
            if conditions.contains(&1) && !task.escalated() {
                return Err(TaskError::field(
                    "condition_unproven",
                    "outcomes",
                    format!(
                        "第1项“{}”须先经责令限期改正并跟踪复查认定逾期未改正（{basis}1）",
                        REVOCATION_CONDITIONS[0]
                    ),
                ));
            }
            Ok(())
        }
        Outcome::RefundDenied { conditions } => conditions_ok(
            conditions,
            &REFUND_DENIAL_CONDITIONS,
            "不予返退",
            "§三(四)五.(二)",
        ),
        Outcome::PenaltyCase { violation } => nonempty(violation, "违法行为（案由）"),
        Outcome::ReferDepartment { department, reason } => {
            nonempty(department, "移送的部门")?;
            nonempty(reason, "移送理由")
        }
        Outcome::ReferPolice { reason } => nonempty(reason, "移送公安机关的理由"),
    }
}

/// The date an act happened: not after today, not before the previous act.
fn act_date(task: &Task, given: Option<Date>, today: Date) -> Result<Date, TaskError> {
    let on = given.unwrap_or(today);
    if on > today {
        return Err(TaskError::field(
            "invalid_input",
            "on",
            format!("日期 {on} 晚于今天 {today}"),
        ));
    }
    if on < task.last_act_on {
        return Err(TaskError::field(
            "invalid_input",
            "on",
            format!("日期 {on} 早于上一环节的日期 {}", task.last_act_on),
        ));
    }
    Ok(on)
}

/// Who takes a step declared for `actor`: an approval of another body is recorded by an
/// officer of the task.
pub fn taken_by(actor: Actor) -> By {
    match actor {
        Actor::Officer | Actor::External(_) => By::Officer,
        Actor::Leader => By::Leader,
        Actor::Legal => By::Legal,
    }
}

/// The actor has the step's role, belongs to the task's office, and (an officer) holds a
/// certificate valid on `on`. An approval of another body is recorded by an officer.
fn require_actor(task: &Task, s: &StepDef, ctx: &Context<'_>, on: Date) -> Result<(), TaskError> {
    let want = taken_by(s.actor);
    if ctx.actor.role != Some(want) {
        let who = match s.actor {
            Actor::External(body) => format!("执法人员（登记{body}的批准文件）"),
            other => other.label().to_string(),
        };
        return Err(TaskError::new(
            "wrong_role",
            format!("“{}”应由{who}办理（{}）", s.name, s.basis),
        ));
    }
    match (&ctx.actor.office, want) {
        (Some(o), _) if *o == task.office => {}
        // A bureau-wide leader (no office) may approve for every office.
        (None, By::Leader) => {}
        _ => {
            return Err(TaskError::new(
                "other_office",
                format!(
                    "{} 不属于本任务承办股室“{}”，不能办理“{}”",
                    ctx.actor.username, task.office, s.name
                ),
            ));
        }
    }
    if want == By::Officer {
        require_certificate(ctx.actor, on)?;
    }
    Ok(())
}

fn required_records(s: &StepDef, given: &[Record]) -> Result<Vec<Record>, TaskError> {
    for kind in s.records {
        let found = given
            .iter()
            .find(|r| r.kind == *kind && !r.reference.trim().is_empty());
        match (found, s.actor) {
            (None, Actor::External(body)) => {
                return Err(TaskError::field(
                    "approval_missing",
                    "records",
                    format!("“{}”须附{body}的批准文件（{}）", s.name, s.basis),
                ));
            }
            (None, _) => {
                return Err(TaskError::field(
                    "missing_record",
                    "records",
                    format!("“{}”须附{}（{}）", s.name, kind.label(), s.basis),
                ));
            }
            (Some(r), Actor::External(body))
                if *kind == RecordKind::ExternalApproval
                    && r.issuer.as_deref().map(str::trim) != Some(body) =>
            {
                return Err(TaskError::field(
                    "approval_missing",
                    "records",
                    format!(
                        "批准文件应由{body}出具，所附文件出具单位为“{}”（{}）",
                        r.issuer.as_deref().unwrap_or("未填写"),
                        s.basis
                    ),
                ));
            }
            _ => {}
        }
    }
    Ok(given
        .iter()
        .map(|r| Record {
            kind: r.kind,
            reference: r.reference.trim().to_string(),
            issuer: r.issuer.as_ref().map(|i| i.trim().to_string()),
        })
        .collect())
}

fn require_certificate(p: &Person, on: Date) -> Result<(), TaskError> {
    p.require_enforcement(on, Act::Inspection)
        .map_err(TaskError::from)
}

impl From<Refusal> for TaskError {
    fn from(r: Refusal) -> TaskError {
        TaskError {
            code: r.code.as_str(),
            message: r.reason,
            field: r.field,
        }
    }
}

/// At least two distinct officers of the task's office, each able to act on `on`, none with a
/// declared conflict with the target (《行政处罚法》第四十二条、第四十三条: the personnel rules
/// decide, [`qingdan_personnel::team`]); when `acting`, the actor among them and each one
/// assigned to the task.
fn officers_present(
    names: &[String],
    task: &Task,
    ctx: &Context<'_>,
    on: Date,
    acting: bool,
) -> Result<Vec<String>, TaskError> {
    team(
        names,
        &TeamRule {
            office: &task.office,
            recorder: acting.then_some(ctx.actor.username.as_str()),
            on,
            act: Act::Inspection,
            party: Some((&task.target.id, &task.target.name)),
            relations: ctx.relations,
        },
        ctx.people,
        |n| {
            if acting && !task.officers.iter().any(|o| o == n) {
                return Err(TaskError::field(
                    "not_assigned",
                    "officers",
                    format!(
                        "{n} 不是本任务抽取（指派）的执法人员（{}）",
                        task.officers.join("、")
                    ),
                ));
            }
            Ok(())
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use qingdan_registry::PartyKind;

    const OFFICE: &str = "县散装水泥办公室";

    fn person(name: &str, role: By, office: &str, until: Option<Date>) -> Person {
        Person {
            username: name.to_string(),
            role: Some(role),
            office: Some(office.to_string()),
            certificate: until
                .map(|u| qingdan_personnel::Certificate::until(format!("湘执{name}"), u)),
        }
    }

    fn people() -> BTreeMap<String, Person> {
        let valid = Some(date(2027, 12, 31));
        [
            person("a", By::Officer, OFFICE, valid),
            person("b", By::Officer, OFFICE, valid),
            person("c", By::Officer, OFFICE, valid),
            person("expired", By::Officer, OFFICE, Some(date(2026, 3, 31))),
            person("nocert", By::Officer, OFFICE, None),
            person("other", By::Officer, "法制安全股", valid),
            person("lead", By::Leader, OFFICE, None),
            person("legal", By::Legal, "法制安全股", None),
        ]
        .into_iter()
        .map(|p| (p.username.clone(), p))
        .collect()
    }

    fn ctx<'a>(who: &str, people: &'a BTreeMap<String, Person>, today: Date) -> Context<'a> {
        Context {
            today,
            actor: &people[who],
            people,
            relations: &[],
        }
    }

    fn rec(kind: RecordKind) -> Record {
        Record {
            kind,
            reference: format!("{kind:?}-001"),
            issuer: None,
        }
    }

    fn step(code: &str, officers: &[&str], records: Vec<Record>) -> Command {
        Command::Step {
            step: code.to_string(),
            officers: officers.iter().map(|s| s.to_string()).collect(),
            records,
            note: None,
            on: None,
        }
    }

    fn new_task(
        system: SystemCode,
        kind: TargetKind,
        office: &str,
    ) -> (Task, BTreeMap<String, Person>) {
        let mut ppl = people();
        if office != OFFICE {
            for p in ppl.values_mut() {
                if p.office.as_deref() == Some(OFFICE) {
                    p.office = Some(office.to_string());
                }
            }
        }
        let t = open(
            NewTask {
                system,
                target: Target {
                    id: "2026-430923-47-01-000001".to_string(),
                    name: "东坪安置小区项目".to_string(),
                    kind,
                },
                officers: vec!["a".into(), "b".into()],
                planned_on: None,
                complaint: None,
                office: None,
            },
            &ctx("a", &ppl, date(2026, 4, 1)),
        )
        .unwrap();
        (t, ppl)
    }

    fn site_task() -> (Task, BTreeMap<String, Person>) {
        new_task(SystemCode::NoSiteMixing, TargetKind::Project, OFFICE)
    }

    /// Approval and site visit of §三(五), done properly.
    fn visited() -> (Task, BTreeMap<String, Person>) {
        let (t, ppl) = site_task();
        let today = date(2026, 4, 2);
        let t = apply(
            &t,
            &step("approval", &[], vec![rec(RecordKind::ApprovalForm)]),
            &ctx("lead", &ppl, today),
        )
        .unwrap();
        let t = apply(
            &t,
            &step("site-visit", &["a", "b"], vec![rec(RecordKind::SiteRecord)]),
            &ctx("a", &ppl, today),
        )
        .unwrap();
        (t, ppl)
    }

    /// Table: (what, actor, command, expected code), each row citing its source.
    #[test]
    fn refusals_on_the_site_system() {
        let (t, ppl) = site_task();
        let today = date(2026, 4, 2);
        let approve = step("approval", &[], vec![rec(RecordKind::ApprovalForm)]);
        let visit = step("site-visit", &["a", "b"], vec![rec(RecordKind::SiteRecord)]);
        let approved = apply(&t, &approve, &ctx("lead", &ppl, today)).unwrap();
        let rows: Vec<(&str, &Task, &str, Command, &str)> = vec![
            // §三(五)四.(一): the leader approves the start before any visit.
            (
                "visit before approval",
                &t,
                "a",
                visit.clone(),
                "approval_missing",
            ),
            // §三(五)四.(一): approved by 分管领导, not by an officer.
            ("officer approves", &t, "a", approve.clone(), "wrong_role"),
            // §三(五)四.(一): the approval form is required.
            (
                "no approval form",
                &t,
                "lead",
                step("approval", &[], vec![]),
                "missing_record",
            ),
            // 《行政处罚法》第四十二条: at least two officers.
            (
                "one officer",
                &approved,
                "a",
                step("site-visit", &["a"], vec![rec(RecordKind::SiteRecord)]),
                "two_officers",
            ),
            // 《行政处罚法》第四十二条: certificate valid on the day.
            (
                "expired certificate",
                &approved,
                "a",
                step(
                    "site-visit",
                    &["a", "expired"],
                    vec![rec(RecordKind::SiteRecord)],
                ),
                "certificate_expired",
            ),
            (
                "no certificate",
                &approved,
                "a",
                step(
                    "site-visit",
                    &["a", "nocert"],
                    vec![rec(RecordKind::SiteRecord)],
                ),
                "no_certificate",
            ),
            (
                "actor's certificate expired",
                &approved,
                "expired",
                step(
                    "site-visit",
                    &["expired", "a"],
                    vec![rec(RecordKind::SiteRecord)],
                ),
                "certificate_expired",
            ),
            // An officer of another office.
            (
                "other office",
                &approved,
                "a",
                step(
                    "site-visit",
                    &["a", "other"],
                    vec![rec(RecordKind::SiteRecord)],
                ),
                "other_office",
            ),
            (
                "other office acts",
                &approved,
                "other",
                step(
                    "site-visit",
                    &["other", "a"],
                    vec![rec(RecordKind::SiteRecord)],
                ),
                "other_office",
            ),
            // 双随机: only the drawn officers.
            (
                "not assigned",
                &approved,
                "a",
                step("site-visit", &["a", "c"], vec![rec(RecordKind::SiteRecord)]),
                "not_assigned",
            ),
            (
                "actor absent",
                &approved,
                "c",
                step("site-visit", &["a", "b"], vec![rec(RecordKind::SiteRecord)]),
                "actor_not_present",
            ),
            // §三(五)四.(二): 现场检查笔录.
            (
                "no site record",
                &approved,
                "a",
                step("site-visit", &["a", "b"], vec![]),
                "missing_record",
            ),
            (
                "blank record",
                &approved,
                "a",
                step(
                    "site-visit",
                    &["a", "b"],
                    vec![Record {
                        kind: RecordKind::SiteRecord,
                        reference: "  ".into(),
                        issuer: None,
                    }],
                ),
                "missing_record",
            ),
            (
                "approve twice",
                &approved,
                "lead",
                approve.clone(),
                "step_done",
            ),
            (
                "unknown step",
                &approved,
                "a",
                step("show-certificate", &["a", "b"], vec![]),
                "unknown_step",
            ),
            (
                "decide as a step",
                &approved,
                "lead",
                step("decide", &[], vec![]),
                "wrong_command",
            ),
            // §三(五)四.(三) comes after 四.(二).
            (
                "decide before visit",
                &approved,
                "lead",
                Command::Decide {
                    outcomes: vec![Outcome::NoProblem {}],
                    records: vec![rec(RecordKind::ResultReport)],
                    note: None,
                    on: None,
                },
                "step_skipped",
            ),
            (
                "follow-up without order",
                &approved,
                "a",
                Command::FollowUp {
                    corrected: true,
                    officers: vec!["a".into(), "b".into()],
                    records: vec![rec(RecordKind::FollowUpRecord)],
                    note: None,
                    on: None,
                },
                "no_follow_up",
            ),
            (
                "future date",
                &approved,
                "a",
                Command::Step {
                    step: "site-visit".into(),
                    officers: vec!["a".into(), "b".into()],
                    records: vec![rec(RecordKind::SiteRecord)],
                    note: None,
                    on: Some(date(2026, 4, 3)),
                },
                "invalid_input",
            ),
            (
                "legal acts",
                &approved,
                "legal",
                visit.clone(),
                "wrong_role",
            ),
        ];
        for (what, task, who, cmd, code) in rows {
            let err = apply(task, &cmd, &ctx(who, &ppl, today)).unwrap_err();
            assert_eq!(err.code, code, "{what}: {}", err.message);
            assert!(!err.message.is_empty());
        }
        // And the proper move works.
        assert!(apply(&approved, &visit, &ctx("a", &ppl, today)).is_ok());
    }

    #[test]
    fn messages_cite_their_basis() {
        let (t, ppl) = site_task();
        let today = date(2026, 4, 2);
        let e = apply(
            &t,
            &step("site-visit", &["a", "b"], vec![rec(RecordKind::SiteRecord)]),
            &ctx("a", &ppl, today),
        )
        .unwrap_err();
        assert!(e.message.contains("§三(五)四.(一)"), "{}", e.message);
        assert!(e.message.contains("分管领导"), "{}", e.message);
        let approved = apply(
            &t,
            &step("approval", &[], vec![rec(RecordKind::ApprovalForm)]),
            &ctx("lead", &ppl, today),
        )
        .unwrap();
        let e = apply(
            &approved,
            &step("site-visit", &["a"], vec![rec(RecordKind::SiteRecord)]),
            &ctx("a", &ppl, today),
        )
        .unwrap_err();
        assert!(e.message.contains("第四十二条"), "{}", e.message);
    }

    #[test]
    fn order_to_correct_yields_a_follow_up_then_escalation() {
        let (t, ppl) = visited();
        let today = date(2026, 4, 2);
        let decide = |outcomes: Vec<Outcome>| Command::Decide {
            outcomes,
            records: vec![rec(RecordKind::ResultReport)],
            note: None,
            on: None,
        };
        let order = Outcome::OrderCorrect {
            measure: "停止使用袋装水泥，限期补办审批手续".into(),
            deadline: date(2026, 4, 30),
        };
        // The officer does not decide; the leader does (§三(五)四.(三)).
        assert_eq!(
            apply(&t, &decide(vec![order.clone()]), &ctx("a", &ppl, today))
                .unwrap_err()
                .code,
            "wrong_role"
        );
        // §三(三)五.(二) is not an outcome of §三(五).
        let e = apply(
            &t,
            &decide(vec![Outcome::RevokeCertificate {
                conditions: vec![2],
            }]),
            &ctx("lead", &ppl, today),
        )
        .unwrap_err();
        assert_eq!(e.code, "outcome_not_allowed");
        let e = apply(
            &t,
            &decide(vec![Outcome::NoProblem {}, order.clone()]),
            &ctx("lead", &ppl, today),
        )
        .unwrap_err();
        assert_eq!(e.code, "outcome_conflict");
        let e = apply(
            &t,
            &decide(vec![Outcome::OrderCorrect {
                measure: "改正".into(),
                deadline: today,
            }]),
            &ctx("lead", &ppl, today),
        )
        .unwrap_err();
        assert_eq!(e.code, "invalid_deadline");
        let e = apply(&t, &decide(vec![]), &ctx("lead", &ppl, today)).unwrap_err();
        assert_eq!(e.code, "no_outcome");

        let t = apply(&t, &decide(vec![order]), &ctx("lead", &ppl, today)).unwrap();
        assert_eq!(t.state, TaskState::FollowUp);
        assert_eq!(t.follow_up_due(), Some(date(2026, 4, 30)));
        assert_eq!(next(&t).first().map(|s| s.code), Some("follow-up"));
        // Deciding again must wait for the follow-up.
        assert_eq!(
            apply(
                &t,
                &decide(vec![Outcome::NoProblem {}]),
                &ctx("lead", &ppl, today)
            )
            .unwrap_err()
            .code,
            "follow_up_pending"
        );
        let follow = |corrected, on| Command::FollowUp {
            corrected,
            officers: vec!["a".into(), "b".into()],
            records: vec![rec(RecordKind::FollowUpRecord)],
            note: None,
            on: Some(on),
        };
        // Not corrected cannot be found before the deadline has passed.
        let e = apply(
            &t,
            &follow(false, date(2026, 4, 30)),
            &ctx("a", &ppl, date(2026, 5, 6)),
        )
        .unwrap_err();
        assert_eq!(e.code, "deadline_not_reached");
        let t2 = apply(
            &t,
            &follow(false, date(2026, 5, 6)),
            &ctx("a", &ppl, date(2026, 5, 6)),
        )
        .unwrap();
        assert_eq!(t2.state, TaskState::Open);
        assert!(t2.escalated());
        let e = apply(
            &t2,
            &decide(vec![Outcome::NoProblem {}]),
            &ctx("lead", &ppl, date(2026, 5, 6)),
        )
        .unwrap_err();
        assert_eq!(e.code, "outcome_conflict");
        let t3 = apply(
            &t2,
            &decide(vec![Outcome::PenaltyCase {
                violation: "bagged-cement".into(),
            }]),
            &ctx("lead", &ppl, date(2026, 5, 7)),
        )
        .unwrap();
        assert_eq!(t3.state, TaskState::Closed);
        assert_eq!(t3.outcomes().count(), 2);
        // Closed: nothing more.
        let e = apply(
            &t3,
            &follow(true, date(2026, 5, 8)),
            &ctx("a", &ppl, date(2026, 5, 8)),
        )
        .unwrap_err();
        assert_eq!(e.code, "closed");
        assert!(next(&t3).is_empty());
        // Corrected on time: closed.
        let t4 = apply(
            &t,
            &follow(true, date(2026, 4, 20)),
            &ctx("a", &ppl, date(2026, 4, 20)),
        )
        .unwrap();
        assert_eq!(t4.state, TaskState::Closed);
        // Serialises for the store.
        let json = serde_json::to_string(&t3).unwrap();
        assert_eq!(serde_json::from_str::<Task>(&json).unwrap(), t3);
    }

    #[test]
    fn power_checks_need_the_county_office_before_entering_an_enterprise() {
        let office = "法制安全股";
        let (t, ppl) = new_task(
            SystemCode::Power,
            TargetKind::Enterprise(PartyKind::PowerUser),
            office,
        );
        let today = date(2026, 4, 2);
        let show = step(
            "show-certificate",
            &["a", "b"],
            vec![rec(RecordKind::CertificateShown)],
        );
        // §三(七)三: 入企业检查须经县优办批准.
        let e = apply(&t, &show, &ctx("a", &ppl, today)).unwrap_err();
        assert_eq!(e.code, "approval_missing");
        assert!(e.message.contains("县优办"), "{}", e.message);
        let approval = |issuer: &str| {
            step(
                "external-approval",
                &[],
                vec![Record {
                    kind: RecordKind::ExternalApproval,
                    reference: "安优办函〔2026〕8号".into(),
                    issuer: Some(issuer.into()),
                }],
            )
        };
        let e = apply(&t, &approval("县工信局"), &ctx("a", &ppl, today)).unwrap_err();
        assert_eq!(e.code, "approval_missing");
        let e = apply(
            &t,
            &step("external-approval", &[], vec![]),
            &ctx("a", &ppl, today),
        )
        .unwrap_err();
        assert_eq!(e.code, "approval_missing");
        let t = apply(&t, &approval("县优办"), &ctx("a", &ppl, today)).unwrap();
        let t = apply(&t, &show, &ctx("b", &ppl, today)).unwrap();
        assert_eq!(next(&t)[0].code, "site-check");

        // A household: nothing to approve, 出示执法证 first.
        let (h, ppl) = new_task(SystemCode::Power, TargetKind::Household, office);
        assert_eq!(next(&h)[0].code, "show-certificate");
        assert_eq!(
            apply(&h, &approval("县优办"), &ctx("a", &ppl, today))
                .unwrap_err()
                .code,
            "step_not_applicable"
        );
        let h = apply(&h, &show, &ctx("a", &ppl, today)).unwrap();
        // §三(七)四.(二)–(三) in order: no skipping the site check.
        let e = apply(
            &h,
            &step(
                "hear-statement",
                &["a", "b"],
                vec![rec(RecordKind::StatementRecord)],
            ),
            &ctx("a", &ppl, today),
        )
        .unwrap_err();
        assert_eq!(e.code, "step_skipped");
        assert!(e.message.contains("§三(七)四.(二)"), "{}", e.message);
    }

    #[test]
    fn revocation_needs_a_listed_condition() {
        let office = "县墙体材料改革办公室";
        let (t, ppl) = new_task(
            SystemCode::WallCert,
            TargetKind::Enterprise(PartyKind::WallMaterialProducer),
            office,
        );
        let today = date(2026, 4, 2);
        let mut t = t;
        for (code, two, records) in [
            (
                "written-materials",
                false,
                vec![rec(RecordKind::WrittenMaterials)],
            ),
            (
                "site-check",
                true,
                vec![rec(RecordKind::SiteRecord), rec(RecordKind::SampleRecord)],
            ),
            ("hear-report", true, vec![rec(RecordKind::StatementRecord)]),
            ("feedback", false, vec![rec(RecordKind::FeedbackRecord)]),
        ] {
            let officers: &[&str] = if two { &["a", "b"] } else { &[] };
            t = apply(&t, &step(code, officers, records), &ctx("a", &ppl, today)).unwrap();
        }
        let decide = |conditions: Vec<u8>| Command::Decide {
            outcomes: vec![Outcome::RevokeCertificate { conditions }],
            records: vec![rec(RecordKind::ResultReport)],
            note: None,
            on: None,
        };
        // §三(三)五.(二): seven conditions.
        let rows: [(Vec<u8>, Result<(), &str>); 6] = [
            (vec![], Err("condition_required")),
            (vec![8], Err("condition_invalid")),
            (vec![0], Err("condition_invalid")),
            (vec![4, 4], Err("condition_invalid")),
            // 五.(二)1 needs an order to correct found not complied with.
            (vec![1], Err("condition_unproven")),
            (vec![7, 4], Ok(())),
        ];
        for (conditions, want) in rows {
            let got = apply(&t, &decide(conditions.clone()), &ctx("lead", &ppl, today));
            match want {
                Ok(()) => {
                    let done = got.unwrap();
                    assert_eq!(done.state, TaskState::Closed);
                    assert_eq!(
                        done.outcomes().next(),
                        Some(&Outcome::RevokeCertificate {
                            conditions: vec![4, 7]
                        })
                    );
                }
                Err(code) => assert_eq!(got.unwrap_err().code, code, "{conditions:?}"),
            }
        }
    }

    #[test]
    fn opening_checks_target_and_officers() {
        let ppl = people();
        let base = NewTask {
            system: SystemCode::BulkCement,
            target: Target {
                id: "91430923MA4L0A1B2C".into(),
                name: "安化县东坪华泰商品混凝土有限公司".into(),
                kind: TargetKind::Enterprise(PartyKind::ReadyMixConcrete),
            },
            officers: vec!["a".into(), "b".into()],
            planned_on: None,
            complaint: None,
            office: None,
        };
        let today = date(2026, 4, 1);
        assert!(open(base.clone(), &ctx("a", &ppl, today)).is_ok());
        // §三(六)一: a project is not its object.
        let mut wrong = base.clone();
        wrong.target.kind = TargetKind::Project;
        assert_eq!(
            open(wrong, &ctx("a", &ppl, today)).unwrap_err().code,
            "wrong_target"
        );
        let mut one = base.clone();
        one.officers = vec!["a".into(), "a".into()];
        assert_eq!(
            open(one, &ctx("a", &ppl, today)).unwrap_err().code,
            "two_officers"
        );
        let mut exp = base.clone();
        exp.officers = vec!["a".into(), "expired".into()];
        assert_eq!(
            open(exp, &ctx("a", &ppl, today)).unwrap_err().code,
            "certificate_expired"
        );
        assert_eq!(
            open(base, &ctx("legal", &ppl, today)).unwrap_err().code,
            "wrong_role"
        );
    }

    #[test]
    fn commands_parse_from_json() {
        let c: Command = serde_json::from_str(
            r#"{"action":"decide","outcomes":[{"kind":"order_correct","measure":"补办审批手续","deadline":"2026-05-01"},{"kind":"penalty_case","violation":"bagged-cement"}]}"#,
        )
        .unwrap();
        assert!(matches!(c, Command::Decide { ref outcomes, .. } if outcomes.len() == 2));
        assert!(
            serde_json::from_str::<Command>(r#"{"action":"step","step":"x","extra":1}"#).is_err()
        );
    }
}
