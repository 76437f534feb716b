//! A penalty case as a value, and the one function that moves it: [`apply`].
//!
//! A [`CaseFile`] holds everything the procedure depends on; [`apply`] takes a case, a
//! [`Command`] and the [`Context`] (today, who acts, the named officers as the database knows
//! them, the calendar, the rules engine) and returns the next case or a [`CaseError`] with the
//! Chinese reason. It does no I/O, so every rule is tested here, and the storage and web layers
//! only load, call and save.

use crate::calendar::{CalendarError, HolidayCalendar, Period};
use crate::procedure::{By, STEPS, Stage, StepDef, StepKind, TERMS, Term, next_steps, step};
use jiff::civil::Date;
use qingdan_personnel::{Act, Refusal, Relation, TeamRule, team};
use qingdan_rules::{
    AssessInput, Assessment, Circumstance, Code, Declared, Engine, Harm, LateFeeInput, LateFeeKind,
    PartyKind, Procedure, RuleError, Tier, late_fee,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Why a step was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CaseError {
    /// A stable code (the API's `error.code`).
    pub code: &'static str,
    /// The Chinese reason.
    pub message: String,
    /// The request field at fault, if one is.
    pub field: Option<&'static str>,
}

impl CaseError {
    fn new(code: &'static str, message: impl Into<String>) -> CaseError {
        CaseError {
            code,
            message: message.into(),
            field: None,
        }
    }

    fn field(code: &'static str, field: &'static str, message: impl Into<String>) -> CaseError {
        CaseError {
            code,
            message: message.into(),
            field: Some(field),
        }
    }
}

impl From<CalendarError> for CaseError {
    fn from(e: CalendarError) -> CaseError {
        CaseError::new("calendar", e.to_string())
    }
}

impl From<RuleError> for CaseError {
    fn from(e: RuleError) -> CaseError {
        CaseError::new("rule", e.to_string())
    }
}

/// The party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// Name.
    pub name: String,
    /// 统一社会信用代码, for an organisation.
    pub uscc: Option<String>,
    /// Citizen or organisation.
    pub kind: PartyKind,
}

/// What the party is charged with: the rules engine's input, kept with the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Charge {
    /// The violation.
    pub violation: Code,
    /// The quantity in the violation's unit.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub quantity: Option<Decimal>,
    /// The day of the act.
    pub act_on: Date,
    /// 责令改正后按期改正.
    pub corrected_by_deadline: Option<bool>,
    /// 初次违法.
    pub first_offence: Option<bool>,
    /// The consequences.
    pub harm: Option<Harm>,
    /// The circumstances.
    pub circumstances: Vec<Circumstance>,
    /// 事实清楚.
    pub facts_clear: Option<bool>,
    /// 当事人无异议.
    pub no_objection: Option<bool>,
    /// The officer's proposed fine.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub proposed_fine: Option<Decimal>,
}

impl Charge {
    /// The engine's input for a decision on `decided_on`.
    pub fn input(&self, party: PartyKind, decided_on: Date) -> AssessInput {
        AssessInput {
            code: self.violation,
            quantity: self.quantity,
            party,
            on: self.act_on,
            decided_on,
            declared: Declared {
                corrected_by_deadline: self.corrected_by_deadline,
                first_offence: self.first_offence,
                harm: self.harm,
                circumstances: self.circumstances.clone(),
            },
            facts_clear: self.facts_clear,
            no_objection: self.no_objection,
            proposed_fine: self.proposed_fine,
        }
    }

    /// The charge from the engine's input (the web layer validates a request into one).
    pub fn from_input(input: &AssessInput) -> Charge {
        Charge {
            violation: input.code,
            quantity: input.quantity,
            act_on: input.on,
            corrected_by_deadline: input.declared.corrected_by_deadline,
            first_offence: input.declared.first_offence,
            harm: input.declared.harm,
            circumstances: input.declared.circumstances.clone(),
            facts_clear: input.facts_clear,
            no_objection: input.no_objection,
            proposed_fine: input.proposed_fine,
        }
    }
}

/// A piece of evidence as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// When it was taken.
    pub on: Date,
    /// 现场检查笔录, 询问笔录, 照片, 抽样 ...
    pub kind: String,
    /// What it shows.
    pub description: String,
    /// The officers who took it.
    pub officers: Vec<String>,
}

/// A legal review's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// When.
    pub on: Date,
    /// Reviewer.
    pub by: String,
    /// 通过.
    pub passed: bool,
    /// 审核意见.
    pub opinion: String,
}

/// The notice before a decision (行政处罚告知书).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// Served on the party (the day it was signed for).
    pub served_on: Date,
    /// The serving officers.
    pub officers: Vec<String>,
    /// The fine proposed in it.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub proposed_fine: Option<Decimal>,
    /// Whether the party may ask for a hearing.
    pub hearing_right: bool,
}

/// A hearing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hearing {
    /// When the party asked.
    pub requested_on: Option<Date>,
    /// When the hearing notice was served.
    pub notice_served_on: Option<Date>,
    /// The day set for it.
    pub hearing_on: Option<Date>,
    /// Who presides (not one of the investigators).
    pub presided_by: Option<String>,
    /// When it was held.
    pub held_on: Option<Date>,
    /// 听证笔录 summary.
    pub record: Option<String>,
}

/// A suspension of the decision period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suspension {
    /// First day not counted.
    pub from: Date,
    /// The day counting resumes (not counted as suspended), when resumed.
    pub to: Option<Date>,
    /// Why.
    pub reason: String,
}

impl Suspension {
    /// Days not counted (from `from` to the day before `to`; an open one up to `today`).
    pub fn days(&self, today: Date) -> i64 {
        let end = self.to.unwrap_or(today);
        (end - self.from).get_days().into()
    }
}

/// The decision (行政处罚决定书).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// When.
    pub decided_on: Date,
    /// The approving leader.
    pub by: String,
    /// The fine, if any.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub fine: Option<Decimal>,
    /// The discretion tier.
    pub tier: Option<Tier>,
    /// Other measures (责令停止、责令改正 ...).
    pub measures: Vec<String>,
    /// The provisions applied.
    pub basis: Vec<String>,
    /// 说明理由.
    pub reasons: Vec<String>,
}

/// A payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// When.
    pub paid_on: Date,
    /// How much.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
}

/// A transfer that closed the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transfer {
    /// When.
    pub on: Date,
    /// To whom.
    pub to: String,
    /// Why.
    pub reason: String,
}

/// Everything the procedure depends on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFile {
    /// The office (股室) the case belongs to.
    pub office: String,
    /// Simple or general.
    pub procedure: Procedure,
    /// The party.
    pub party: Party,
    /// The charge.
    pub charge: Charge,
    /// Where it stands.
    pub stage: Stage,
    /// When it was opened (the application to file, or the on-the-spot case).
    pub opened_on: Date,
    /// Who opened it.
    pub opened_by: String,
    /// 立案日期 (the leader's approval).
    pub filed_on: Option<Date>,
    /// The case's officers (two at least once evidence is taken).
    pub officers: Vec<String>,
    /// The evidence.
    pub evidence: Vec<Evidence>,
    /// 调查终结报告：认定的事实.
    pub findings: Option<String>,
    /// Whether legal review is required (art. 58).
    pub legal_review_required: bool,
    /// The legal reviews.
    pub reviews: Vec<Review>,
    /// The notice.
    pub notice: Option<Notice>,
    /// Statements and defences.
    pub statements: Vec<String>,
    /// The party waived statement and hearing in writing.
    pub waived: bool,
    /// The hearing, if asked for.
    pub hearing: Option<Hearing>,
    /// Suspensions.
    pub suspensions: Vec<Suspension>,
    /// Extension days approved.
    pub extension_days: i64,
    /// The decision.
    pub decision: Option<Decision>,
    /// When the decision was served.
    pub served_on: Option<Date>,
    /// Payments.
    pub payments: Vec<Payment>,
    /// When the court was applied to.
    pub court_applied_on: Option<Date>,
    /// When an on-the-spot decision was reported to the bureau.
    pub reported_on: Option<Date>,
    /// The transfer that closed it.
    pub transfer: Option<Transfer>,
    /// When it was archived.
    pub archived_on: Option<Date>,
    /// The date of the latest step (no step may be dated before it).
    pub last_act_on: Date,
    /// When the decision was published (行政处罚法 art. 48).
    #[serde(default)]
    pub published_on: Option<Date>,
}

pub use qingdan_personnel::Person;

/// What [`apply`] and [`open`] need besides the case.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// Today (China time).
    pub today: Date,
    /// Who acts.
    pub actor: &'a Person,
    /// The officers named in the command, as the database knows them (absent: unknown).
    pub people: &'a BTreeMap<String, Person>,
    /// The holiday calendar.
    pub calendar: &'a HolidayCalendar,
    /// The rules.
    pub engine: &'a Engine,
    /// The declared conflicts of interest (回避, 《行政处罚法》第四十三条).
    pub relations: &'a [Relation],
    /// When opening: the office the list makes responsible for the charge; the case is filed
    /// under it, and an officer of another office is refused. `None`: the officer's own office.
    pub responsible_office: Option<&'a str>,
}

/// A request to open a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase {
    /// The party.
    pub party: Party,
    /// The charge.
    pub charge: Charge,
    /// `Simple` to decide on the spot; general otherwise.
    pub procedure: Procedure,
    /// The officers (the opener and a colleague), for an on-the-spot case.
    pub officers: Vec<String>,
}

/// A step, as the API receives it: `{"action": "notify", ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Command {
    /// 批准立案.
    ApproveFiling {
        /// 审批意见.
        #[serde(default)]
        opinion: Option<String>,
    },
    /// 调查取证.
    RecordEvidence {
        /// The two (or more) officers present.
        officers: Vec<String>,
        /// What kind of evidence.
        kind: String,
        /// What it shows.
        description: String,
        /// When taken (default today).
        #[serde(default)]
        on: Option<Date>,
    },
    /// 调查终结.
    FinishInvestigation {
        /// The facts found.
        findings: String,
        /// A major or complex case (art. 58): legal review required.
        #[serde(default)]
        complex: bool,
    },
    /// 法制审核.
    LegalReview {
        /// Passed.
        passed: bool,
        /// The opinion.
        opinion: String,
    },
    /// 送达告知书.
    Notify {
        /// The serving officers.
        officers: Vec<String>,
        /// The day the party signed for it (default today).
        #[serde(default)]
        served_on: Option<Date>,
    },
    /// 陈述申辩.
    RecordStatement {
        /// What the party said (may be empty when waiving).
        #[serde(default)]
        text: String,
        /// The party waives statement and hearing in writing.
        #[serde(default)]
        waive: bool,
    },
    /// 申请听证.
    RequestHearing {
        /// When asked (default today).
        #[serde(default)]
        on: Option<Date>,
    },
    /// 通知听证.
    ScheduleHearing {
        /// When the notice was served.
        notice_served_on: Date,
        /// The hearing day.
        hearing_on: Date,
        /// The presiding officer (not an investigator of this case).
        presided_by: String,
    },
    /// 举行听证.
    HoldHearing {
        /// The officers present.
        officers: Vec<String>,
        /// 听证笔录 summary.
        record: String,
    },
    /// 中止.
    Suspend {
        /// Why.
        reason: String,
    },
    /// 恢复.
    Resume {},
    /// 延长.
    Extend {
        /// Why.
        reason: String,
    },
    /// 作出决定.
    Decide {
        /// `false`: no penalty (art. 33, 57).
        #[serde(default = "yes")]
        penalty: bool,
        /// 决定意见.
        #[serde(default)]
        opinion: Option<String>,
    },
    /// 当场处罚.
    SpotDecide {
        /// The two officers.
        officers: Vec<String>,
    },
    /// 送达决定书.
    ServeDecision {
        /// The day signed for (default today).
        #[serde(default)]
        served_on: Option<Date>,
    },
    /// 缴纳罚款.
    RecordPayment {
        /// Amount paid.
        #[serde(with = "rust_decimal::serde::str")]
        amount: Decimal,
        /// When (default today).
        #[serde(default)]
        paid_on: Option<Date>,
    },
    /// 申请法院强制执行.
    ApplyCourt {},
    /// 报局备案.
    ReportFiling {},
    /// 结案归档.
    Archive {},
    /// 移送.
    Transfer {
        /// To whom (e.g. 县住建局, 县公安局).
        to: String,
        /// Why.
        reason: String,
    },
    /// 公开处罚决定.
    Publish {},
}

fn yes() -> bool {
    true
}

impl Command {
    /// The step this command takes.
    pub fn kind(&self) -> StepKind {
        match self {
            Command::ApproveFiling { .. } => StepKind::ApproveFiling,
            Command::RecordEvidence { .. } => StepKind::RecordEvidence,
            Command::FinishInvestigation { .. } => StepKind::FinishInvestigation,
            Command::LegalReview { .. } => StepKind::LegalReview,
            Command::Notify { .. } => StepKind::Notify,
            Command::RecordStatement { .. } => StepKind::RecordStatement,
            Command::RequestHearing { .. } => StepKind::RequestHearing,
            Command::ScheduleHearing { .. } => StepKind::ScheduleHearing,
            Command::HoldHearing { .. } => StepKind::HoldHearing,
            Command::Suspend { .. } => StepKind::Suspend,
            Command::Resume {} => StepKind::Resume,
            Command::Extend { .. } => StepKind::Extend,
            Command::Decide { .. } => StepKind::Decide,
            Command::SpotDecide { .. } => StepKind::SpotDecide,
            Command::ServeDecision { .. } => StepKind::ServeDecision,
            Command::RecordPayment { .. } => StepKind::RecordPayment,
            Command::ApplyCourt {} => StepKind::ApplyCourt,
            Command::ReportFiling {} => StepKind::ReportFiling,
            Command::Archive {} => StepKind::Archive,
            Command::Transfer { .. } => StepKind::Transfer,
            Command::Publish {} => StepKind::Publish,
        }
    }

    /// Every user name the command names (the web layer looks them up).
    pub fn named_people(&self) -> Vec<String> {
        match self {
            Command::RecordEvidence { officers, .. }
            | Command::Notify { officers, .. }
            | Command::HoldHearing { officers, .. }
            | Command::SpotDecide { officers } => officers.clone(),
            Command::ScheduleHearing { presided_by, .. } => vec![presided_by.clone()],
            _ => Vec::new(),
        }
    }
}

/// The outcome of a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The case after the step.
    pub case: CaseFile,
    /// One line for the history, in Chinese.
    pub summary: String,
    /// Things done lawfully but late, to be noted (e.g. a late service).
    pub warnings: Vec<String>,
}

/// A deadline of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// A stable key.
    pub key: &'static str,
    /// What is due, in Chinese.
    pub what: &'static str,
    /// The last day; `None` when the calendar does not cover it (see `error`).
    pub due: Option<Date>,
    /// When it was met, if it was.
    pub met_on: Option<Date>,
    /// The provision.
    pub basis: &'static str,
    /// The computation, in Chinese.
    pub computation: String,
    /// Why `due` could not be computed.
    pub error: Option<String>,
}

/// Opens a case: a general-procedure case waits for the leader to approve its filing; a
/// simple-procedure case waits for the on-the-spot decision.
pub fn open(new: NewCase, ctx: &Context<'_>) -> Result<CaseFile, CaseError> {
    require_role(ctx.actor, By::Officer, "立案")?;
    require_certificate(ctx.actor, ctx.today)?;
    let own = ctx
        .actor
        .office
        .clone()
        .ok_or_else(|| CaseError::new("no_office", "您未归属任何股室，不能立案"))?;
    // The case is filed under the office the list makes responsible for the violation; an
    // officer of another office may not open it under his own.
    let office = match ctx.responsible_office {
        Some(responsible) if responsible != own => {
            return Err(CaseError::field(
                "other_office",
                "violation",
                format!(
                    "违法行为 {} 的案件由{responsible}承办（责任清单 §三），您属于{own}，不能以本股室名义立案：请由{responsible}的执法人员办理",
                    new.charge.violation.as_str()
                ),
            ));
        }
        Some(responsible) => responsible.to_string(),
        None => own,
    };
    let name = new.party.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(CaseError::field(
            "invalid_input",
            "party.name",
            "请填写当事人名称（200 字以内）",
        ));
    }
    if new.party.kind == PartyKind::Organization && new.party.uscc.is_none() {
        return Err(CaseError::field(
            "invalid_input",
            "party.uscc",
            "当事人为单位的，请填写统一社会信用代码",
        ));
    }
    if new.charge.act_on > ctx.today {
        return Err(CaseError::field(
            "invalid_input",
            "on",
            format!(
                "违法行为发生日期 {} 晚于今天 {}",
                new.charge.act_on, ctx.today
            ),
        ));
    }
    let limitation = if new.charge.harm == Some(Harm::Serious) {
        TERMS.limitation_serious
    } else {
        TERMS.limitation
    };
    if !limitation
        .period
        .contains(ctx.calendar, new.charge.act_on, 0, ctx.today)?
    {
        let (end, _) = limitation.period.end(ctx.calendar, new.charge.act_on, 0)?;
        return Err(CaseError::field(
            "time_barred",
            "on",
            format!(
                "违法行为发生于 {}，至 {end} 已满 {}未被发现，依{}不再给予行政处罚",
                new.charge.act_on,
                limitation.period.label(),
                limitation.basis
            ),
        ));
    }
    // The rules decide whether the case can be decided on the spot at all.
    let assessment = ctx
        .engine
        .assess(&new.charge.input(new.party.kind, ctx.today))?;
    let mut case = CaseFile {
        office,
        procedure: new.procedure,
        party: Party {
            name,
            uscc: new.party.uscc,
            kind: new.party.kind,
        },
        charge: new.charge,
        stage: Stage::Filing,
        opened_on: ctx.today,
        opened_by: ctx.actor.username.clone(),
        filed_on: None,
        officers: Vec::new(),
        evidence: Vec::new(),
        findings: None,
        legal_review_required: false,
        reviews: Vec::new(),
        notice: None,
        statements: Vec::new(),
        waived: false,
        hearing: None,
        suspensions: Vec::new(),
        extension_days: 0,
        decision: None,
        served_on: None,
        payments: Vec::new(),
        court_applied_on: None,
        reported_on: None,
        transfer: None,
        archived_on: None,
        last_act_on: ctx.today,
        published_on: None,
    };
    if new.procedure == Procedure::Simple {
        if assessment.procedure != Procedure::Simple {
            return Err(CaseError::field(
                "simple_not_allowed",
                "procedure",
                format!(
                    "本案不符合简易程序条件，应适用普通程序：{}",
                    assessment.reasons.last().cloned().unwrap_or_default()
                ),
            ));
        }
        case.officers = two_officers(&new.officers, &case, ctx, ctx.today)?;
        case.stage = Stage::OnTheSpot;
    }
    Ok(case)
}

/// The steps that may come next, for the case page.
pub fn next(case: &CaseFile) -> Vec<&'static StepDef> {
    next_steps(case.procedure, case.stage)
}

/// Takes one step.
pub fn apply(case: &CaseFile, command: &Command, ctx: &Context<'_>) -> Result<Applied, CaseError> {
    let def = step(command.kind());
    if case.stage.is_closed() {
        return Err(CaseError::new(
            "closed",
            format!("案件已{}，不能再{}", case.stage.label(), def.label),
        ));
    }
    if !def.procedures.contains(&case.procedure) {
        return Err(CaseError::new(
            "wrong_procedure",
            format!(
                "“{}”不属于{}",
                def.label,
                match case.procedure {
                    Procedure::Simple => "简易程序",
                    Procedure::General => "普通程序",
                }
            ),
        ));
    }
    if !def.from.contains(&case.stage) {
        let allowed: Vec<&str> = next(case).iter().map(|s| s.label).collect();
        return Err(CaseError::new(
            "wrong_step",
            format!(
                "案件当前处于“{}”环节，不能“{}”；现在可以：{}（依{}，不得跳过程序环节）",
                case.stage.label(),
                def.label,
                if allowed.is_empty() {
                    "无".to_string()
                } else {
                    allowed.join("、")
                },
                def.basis
            ),
        ));
    }
    require_role(ctx.actor, def.by, def.label)?;
    if def.by == By::Officer {
        require_certificate(ctx.actor, ctx.today)?;
    }
    let mut next = case.clone();
    let mut warnings = Vec::new();
    let today = ctx.today;
    let summary = match command {
        Command::ApproveFiling { opinion } => {
            let assessment = assess(case, ctx, today)?;
            if let Some(to) = assessment.refer_to {
                return Err(CaseError::new(
                    "not_ours",
                    format!(
                        "“{}”由{to}查处，本局不予立案，应移送{to}（{}）",
                        assessment.violation_name,
                        assessment.basis.first().cloned().unwrap_or_default()
                    ),
                ));
            }
            next.filed_on = Some(today);
            next.stage = Stage::Investigation;
            format!(
                "批准立案{}",
                opinion
                    .as_deref()
                    .filter(|o| !o.trim().is_empty())
                    .map(|o| format!("：{o}"))
                    .unwrap_or_default()
            )
        }
        Command::RecordEvidence {
            officers,
            kind,
            description,
            on,
        } => {
            let on = act_date(case, *on, today)?;
            let kind = required("kind", kind, "证据种类")?;
            let description = required("description", description, "证据内容")?;
            let officers = two_officers(officers, case, ctx, on)?;
            for o in &officers {
                if !next.officers.contains(o) {
                    next.officers.push(o.clone());
                }
            }
            next.evidence.push(Evidence {
                on,
                kind: kind.clone(),
                description,
                officers: officers.clone(),
            });
            next.last_act_on = on;
            format!("{}、{} 调查取证：{kind}", officers[0], officers[1])
        }
        Command::FinishInvestigation { findings, complex } => {
            let findings = required("findings", findings, "认定的违法事实")?;
            if !case.evidence.iter().any(|e| e.officers.len() >= 2) {
                return Err(CaseError::new(
                    "no_evidence",
                    "尚无两名执法人员共同取得的证据，不能调查终结（《行政处罚法》第四十二条、第五十五条）",
                ));
            }
            let assessment = assess(case, ctx, today)?;
            let required = *complex || assessment.hearing_right;
            next.findings = Some(findings);
            next.legal_review_required = required;
            next.stage = if required {
                Stage::LegalReview
            } else {
                Stage::Notification
            };
            if required {
                "调查终结，送法制审核（《行政处罚法》第五十八条）".to_string()
            } else {
                "调查终结".to_string()
            }
        }
        Command::LegalReview { passed, opinion } => {
            let opinion = required("opinion", opinion, "审核意见")?;
            next.reviews.push(Review {
                on: today,
                by: ctx.actor.username.clone(),
                passed: *passed,
                opinion: opinion.clone(),
            });
            if *passed {
                next.stage = Stage::Notification;
                format!("法制审核通过：{opinion}")
            } else {
                next.stage = Stage::Investigation;
                format!("法制审核未通过，退回补充调查：{opinion}")
            }
        }
        Command::Notify {
            officers,
            served_on,
        } => {
            let on = act_date(case, *served_on, today)?;
            let officers = two_officers(officers, case, ctx, on)?;
            let assessment = assess(case, ctx, today)?;
            next.notice = Some(Notice {
                served_on: on,
                officers,
                proposed_fine: assessment.fine.map(|f| f.amount),
                hearing_right: assessment.hearing_right,
            });
            next.stage = Stage::Statement;
            next.last_act_on = on;
            let window = if assessment.hearing_right {
                TERMS.hearing_request
            } else {
                TERMS.statement
            };
            let (end, _) = window.period.end(ctx.calendar, on, 0)?;
            format!(
                "{on} 送达行政处罚告知书，拟罚款 {}；{}至 {end}",
                assessment
                    .fine
                    .map(|f| format!("{} 元", f.amount))
                    .unwrap_or_else(|| "无".into()),
                if assessment.hearing_right {
                    "当事人可申请听证，期限"
                } else {
                    "陈述申辩期限"
                }
            )
        }
        Command::RecordStatement { text, waive } => {
            if text.trim().is_empty() && !waive {
                return Err(CaseError::field(
                    "invalid_input",
                    "text",
                    "请填写当事人的陈述、申辩内容，或注明当事人书面放弃",
                ));
            }
            if !text.trim().is_empty() {
                next.statements.push(text.trim().to_string());
            }
            if *waive {
                next.waived = true;
                "当事人书面放弃陈述、申辩和听证权利".to_string()
            } else {
                "记录当事人陈述、申辩".to_string()
            }
        }
        Command::RequestHearing { on } => {
            let on = act_date(case, *on, today)?;
            let notice = notice(case)?;
            if !notice.hearing_right {
                return Err(CaseError::new(
                    "no_hearing_right",
                    "本案拟作出的处罚不属于较大数额罚款等听证范围，当事人无申请听证的权利（《行政处罚法》第六十三条）",
                ));
            }
            if case.waived {
                return Err(CaseError::new("waived", "当事人已书面放弃听证权利"));
            }
            let (end, how) = TERMS
                .hearing_request
                .period
                .end(ctx.calendar, notice.served_on, 0)?;
            if on > end {
                return Err(CaseError::field(
                    "hearing_window_closed",
                    "on",
                    format!(
                        "听证申请已超过期限：{how}（{}）",
                        TERMS.hearing_request.basis
                    ),
                ));
            }
            next.hearing = Some(Hearing {
                requested_on: Some(on),
                ..Hearing::default()
            });
            next.stage = Stage::Hearing;
            next.last_act_on = on;
            format!("当事人于 {on} 申请听证")
        }
        Command::ScheduleHearing {
            notice_served_on,
            hearing_on,
            presided_by,
        } => {
            let served = act_date(case, Some(*notice_served_on), today)?;
            let presider = ctx.people.get(presided_by).ok_or_else(|| {
                CaseError::field(
                    "unknown_officer",
                    "presided_by",
                    format!("未找到用户“{presided_by}”"),
                )
            })?;
            if case.officers.contains(&presider.username) {
                return Err(CaseError::field(
                    "presider_is_investigator",
                    "presided_by",
                    format!(
                        "{} 是本案调查人员，不能主持听证（《行政处罚法》第六十四条第四项）",
                        presider.username
                    ),
                ));
            }
            let (earliest, how) = TERMS.hearing_notice.period.end(ctx.calendar, served, 0)?;
            if *hearing_on < earliest {
                return Err(CaseError::field(
                    "hearing_notice_too_late",
                    "hearing_on",
                    format!(
                        "听证日期 {hearing_on} 过早：应在听证的七日前通知当事人，{how}，最早 {earliest}（{}）",
                        TERMS.hearing_notice.basis
                    ),
                ));
            }
            let h = next.hearing.get_or_insert_with(Hearing::default);
            h.notice_served_on = Some(served);
            h.hearing_on = Some(*hearing_on);
            h.presided_by = Some(presider.username.clone());
            next.last_act_on = served;
            format!(
                "{served} 送达听证通知，定于 {hearing_on} 举行听证，由 {} 主持",
                presider.username
            )
        }
        Command::HoldHearing { officers, record } => {
            let record = required("record", record, "听证笔录")?;
            let hearing = case.hearing.clone().unwrap_or_default();
            let Some(day) = hearing.hearing_on else {
                return Err(CaseError::new(
                    "hearing_not_scheduled",
                    "尚未通知听证时间地点，不能举行听证（《行政处罚法》第六十四条第二项）",
                ));
            };
            if today < day {
                return Err(CaseError::new(
                    "hearing_not_due",
                    format!("听证定于 {day} 举行，今天（{today}）不能记录已举行"),
                ));
            }
            let officers = two_officers(officers, case, ctx, today)?;
            let h = next.hearing.get_or_insert_with(Hearing::default);
            h.held_on = Some(today);
            h.record = Some(record);
            next.stage = Stage::Decision;
            next.last_act_on = today;
            format!("举行听证（{}、{} 参加）", officers[0], officers[1])
        }
        Command::Suspend { reason } => {
            let reason = required("reason", reason, "中止理由")?;
            if case.suspensions.iter().any(|s| s.to.is_none()) {
                return Err(CaseError::new("already_suspended", "案件已在中止中"));
            }
            next.suspensions.push(Suspension {
                from: today,
                to: None,
                reason: reason.clone(),
            });
            format!("中止办理，期限暂停计算：{reason}")
        }
        Command::Resume {} => {
            let Some(open) = next.suspensions.iter_mut().find(|s| s.to.is_none()) else {
                return Err(CaseError::new("not_suspended", "案件未中止，无需恢复"));
            };
            open.to = Some(today);
            let days = open.days(today);
            format!("恢复办理，中止 {days} 日不计入办案期限")
        }
        Command::Extend { reason } => {
            let reason = required("reason", reason, "延长理由")?;
            if case.extension_days > 0 {
                return Err(CaseError::new(
                    "already_extended",
                    "办案期限已延长过一次，不能再次延长",
                ));
            }
            let Period::CalendarDays(days) = TERMS.extension.period else {
                return Err(CaseError::new("rule", "延长期限的规定有误"));
            };
            next.extension_days = days;
            format!(
                "批准延长办案期限 {days} 日：{reason}（{}）",
                TERMS.extension.basis
            )
        }
        Command::Decide { penalty, opinion } => {
            decide_checks(case, ctx)?;
            let assessment = assess(case, ctx, today)?;
            let notice = notice(case)?;
            let fine = if *penalty {
                assessment.fine.map(|f| f.amount)
            } else {
                None
            };
            if let (Some(f), Some(proposed)) = (fine, notice.proposed_fine)
                && f > proposed
            {
                return Err(CaseError::new(
                    "heavier_than_notified",
                    format!(
                        "决定罚款 {f} 元高于告知书所告知的 {proposed} 元：不得因当事人陈述、申辩而给予更重的处罚（《行政处罚法》第四十五条第二款）；如需加重，应重新告知"
                    ),
                ));
            }
            if fine.is_some() && notice.proposed_fine.is_none() {
                return Err(CaseError::new(
                    "not_notified",
                    "告知书未告知罚款，不能作出罚款决定（《行政处罚法》第四十四条、第六十二条）",
                ));
            }
            let mut reasons = assessment.reasons.clone();
            if !penalty {
                reasons.push(
                    "经审查，依《行政处罚法》第三十三条、第五十七条第一款第二项，决定不予行政处罚"
                        .into(),
                );
            }
            if let Some(o) = opinion.as_deref().filter(|o| !o.trim().is_empty()) {
                reasons.push(format!("审批意见：{}", o.trim()));
            }
            next.decision = Some(Decision {
                decided_on: today,
                by: ctx.actor.username.clone(),
                fine,
                tier: if *penalty {
                    assessment.tier
                } else {
                    Some(Tier::Exempt)
                },
                measures: assessment.measures.iter().map(|m| m.to_string()).collect(),
                basis: assessment.basis.clone(),
                reasons,
            });
            next.stage = Stage::Service;
            next.last_act_on = today;
            match fine {
                Some(f) => format!("作出行政处罚决定：罚款 {f} 元"),
                None => "作出决定：不予行政处罚".to_string(),
            }
        }
        Command::SpotDecide { officers } => {
            let officers = two_officers(officers, case, ctx, today)?;
            let assessment = assess(case, ctx, today)?;
            if assessment.procedure != Procedure::Simple {
                return Err(CaseError::new(
                    "simple_not_allowed",
                    format!(
                        "不符合当场处罚条件，应适用普通程序：{}",
                        assessment.reasons.last().cloned().unwrap_or_default()
                    ),
                ));
            }
            let fine = assessment.fine.map(|f| f.amount);
            next.decision = Some(Decision {
                decided_on: today,
                by: ctx.actor.username.clone(),
                fine,
                tier: assessment.tier,
                measures: assessment.measures.iter().map(|m| m.to_string()).collect(),
                basis: assessment.basis.clone(),
                reasons: assessment.reasons.clone(),
            });
            // Handed over on the spot (art. 52).
            next.served_on = Some(today);
            next.officers = officers.clone();
            next.stage = Stage::Execution;
            next.last_act_on = today;
            format!(
                "{}、{} 当场作出处罚决定并交付当事人：罚款 {}",
                officers[0],
                officers[1],
                fine.map(|f| format!("{f} 元"))
                    .unwrap_or_else(|| "无".into())
            )
        }
        Command::ServeDecision { served_on } => {
            let on = act_date(case, *served_on, today)?;
            let decision = decision(case)?;
            let (end, how) = TERMS
                .serve
                .period
                .end(ctx.calendar, decision.decided_on, 0)?;
            if on > end {
                warnings.push(format!(
                    "决定书送达超过法定期限：{how}（{}）",
                    TERMS.serve.basis
                ));
            }
            next.served_on = Some(on);
            next.stage = Stage::Execution;
            next.last_act_on = on;
            format!("{on} 送达行政处罚决定书")
        }
        Command::RecordPayment { amount, paid_on } => {
            let on = act_date(case, *paid_on, today)?;
            let owed = outstanding(case, ctx, on)?;
            if *amount <= Decimal::ZERO {
                return Err(CaseError::field(
                    "invalid_input",
                    "amount",
                    "缴纳金额应大于 0",
                ));
            }
            if owed.total() <= Decimal::ZERO {
                return Err(CaseError::new("nothing_owed", "本案没有应缴的罚款"));
            }
            if *amount > owed.total() {
                return Err(CaseError::field(
                    "overpaid",
                    "amount",
                    format!(
                        "缴纳金额 {amount} 元超过应缴的 {} 元（罚款余额 {} 元，加处罚款 {} 元）",
                        owed.total(),
                        owed.fine,
                        owed.surcharge
                    ),
                ));
            }
            next.payments.push(Payment {
                paid_on: on,
                amount: *amount,
            });
            next.last_act_on = on;
            format!(
                "{on} 缴纳 {amount} 元（应缴 {} 元，其中加处罚款 {} 元）",
                owed.total(),
                owed.surcharge
            )
        }
        Command::ApplyCourt {} => {
            let served = case
                .served_on
                .ok_or_else(|| CaseError::new("not_served", "决定书尚未送达"))?;
            if outstanding(case, ctx, today)?.total() <= Decimal::ZERO {
                return Err(CaseError::new(
                    "nothing_owed",
                    "罚款已缴清，无需申请强制执行",
                ));
            }
            let (from, how) = TERMS.court_wait.period.end(ctx.calendar, served, 0)?;
            if today <= from {
                return Err(CaseError::new(
                    "court_too_early",
                    format!(
                        "当事人申请行政复议或者提起行政诉讼的期限尚未届满（{how}），届满后方可申请法院强制执行（{}）",
                        TERMS.court_wait.basis
                    ),
                ));
            }
            let (until, how) = TERMS.court_apply.period.end(ctx.calendar, from, 0)?;
            if today > until {
                return Err(CaseError::new(
                    "court_too_late",
                    format!(
                        "申请法院强制执行的期限已过：{how}（{}）",
                        TERMS.court_apply.basis
                    ),
                ));
            }
            next.court_applied_on = Some(today);
            next.stage = Stage::CourtEnforcement;
            "申请人民法院强制执行".to_string()
        }
        Command::ReportFiling {} => {
            if case.reported_on.is_some() {
                return Err(CaseError::new("already_reported", "已报局备案"));
            }
            next.reported_on = Some(today);
            "当场处罚决定报局备案".to_string()
        }
        Command::Archive {} => {
            if case.procedure == Procedure::Simple && case.reported_on.is_none() {
                return Err(CaseError::new(
                    "not_reported",
                    "当场处罚决定尚未报局备案，不能归档（《行政处罚法》第五十二条第三款）",
                ));
            }
            if case.stage == Stage::Execution
                && outstanding(case, ctx, today)?.total() > Decimal::ZERO
            {
                return Err(CaseError::new(
                    "unpaid",
                    "罚款尚未缴清，不能结案；逾期不缴的，可加处罚款或申请法院强制执行（《行政处罚法》第七十二条）",
                ));
            }
            next.archived_on = Some(today);
            next.stage = Stage::Archived;
            "结案归档".to_string()
        }
        Command::Publish {} => {
            if case.published_on.is_some() {
                return Err(CaseError::new("already_published", "处罚决定已公开"));
            }
            if decision(case)?.fine.is_none() {
                return Err(CaseError::new(
                    "nothing_to_publish",
                    "本案决定不予行政处罚，没有需要公开的处罚决定",
                ));
            }
            next.published_on = Some(today);
            "公开行政处罚决定（《行政处罚法》第四十八条）".to_string()
        }
        Command::Transfer { to, reason } => {
            let to = required("to", to, "移送单位")?;
            let reason = required("reason", reason, "移送理由")?;
            next.transfer = Some(Transfer {
                on: today,
                to: to.clone(),
                reason: reason.clone(),
            });
            next.stage = Stage::Transferred;
            format!("移送{to}：{reason}")
        }
    };
    Ok(Applied {
        case: next,
        summary,
        warnings,
    })
}

/// The money still owed on `on`: the fine not yet paid and the 3%-a-day surcharge
/// (行政处罚法 art. 72, capped at the fine: 行政强制法 art. 45).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owed {
    /// Fine outstanding.
    pub fine: Decimal,
    /// Surcharge outstanding.
    pub surcharge: Decimal,
}

impl Owed {
    /// Both.
    pub fn total(self) -> Decimal {
        self.fine + self.surcharge
    }
}

/// What is owed on `on`. Payments go to the fine first.
pub fn outstanding(case: &CaseFile, ctx: &Context<'_>, on: Date) -> Result<Owed, CaseError> {
    let fine = case
        .decision
        .as_ref()
        .and_then(|d| d.fine)
        .unwrap_or(Decimal::ZERO);
    let paid: Decimal = case.payments.iter().map(|p| p.amount).sum();
    let mut surcharge = Decimal::ZERO;
    if let (Some(served), true) = (case.served_on, fine > Decimal::ZERO) {
        let (due, _) = TERMS.pay.period.end(ctx.calendar, served, 0)?;
        if on > due {
            // The surcharge runs on the fine; payments of the fine made before `on` are not
            // netted day by day — the officer records one payment of the whole.
            let fee = late_fee(
                &ctx.engine.law,
                &LateFeeInput {
                    kind: LateFeeKind::Fine,
                    principal: fine,
                    due,
                    paid_on: on,
                    excluded_days: 0,
                },
            )?;
            surcharge = fee.amount;
        }
    }
    let total_due = fine + surcharge - paid;
    if total_due <= Decimal::ZERO {
        return Ok(Owed {
            fine: Decimal::ZERO,
            surcharge: Decimal::ZERO,
        });
    }
    let fine_left = (fine - paid).max(Decimal::ZERO);
    Ok(Owed {
        fine: fine_left,
        surcharge: total_due - fine_left,
    })
}

/// The case's statutory deadlines, met or pending.
pub fn deadlines(case: &CaseFile, calendar: &HolidayCalendar, today: Date) -> Vec<Deadline> {
    let mut out = Vec::new();
    let mut push = |key: &'static str,
                    what: &'static str,
                    term: Term,
                    start: Date,
                    extra: i64,
                    met_on: Option<Date>| {
        let (due, computation, error) = match term.period.end(calendar, start, extra) {
            Ok((d, how)) => (Some(d), how, None),
            Err(e) => (None, String::new(), Some(e.to_string())),
        };
        out.push(Deadline {
            key,
            what,
            due,
            met_on,
            basis: term.basis,
            computation,
            error,
        });
    };
    if let Some(filed) = case.filed_on {
        let suspended: i64 = case.suspensions.iter().map(|s| s.days(today)).sum();
        push(
            "decide",
            "作出处罚决定",
            TERMS.decide,
            filed,
            suspended + case.extension_days,
            case.decision
                .as_ref()
                .map(|d| d.decided_on)
                .or(case.transfer.as_ref().map(|t| t.on)),
        );
    }
    if let Some(n) = &case.notice {
        if n.hearing_right {
            push(
                "hearing_request",
                "当事人申请听证",
                TERMS.hearing_request,
                n.served_on,
                0,
                case.hearing.as_ref().and_then(|h| h.requested_on),
            );
        } else {
            push(
                "statement",
                "陈述申辩期届满",
                TERMS.statement,
                n.served_on,
                0,
                None,
            );
        }
    }
    if let Some(d) = &case.decision
        && case.procedure == Procedure::General
    {
        push(
            "serve",
            "送达行政处罚决定书",
            TERMS.serve,
            d.decided_on,
            0,
            case.served_on,
        );
    }
    if let (Some(served), Some(Some(_))) = (case.served_on, case.decision.as_ref().map(|d| d.fine))
    {
        let paid_on = if case.archived_on.is_some() {
            case.payments.last().map(|p| p.paid_on)
        } else {
            None
        };
        push("pay", "当事人缴纳罚款", TERMS.pay, served, 0, paid_on);
    }
    out
}

fn decide_checks(case: &CaseFile, ctx: &Context<'_>) -> Result<(), CaseError> {
    let today = ctx.today;
    if case.suspensions.iter().any(|s| s.to.is_none()) {
        return Err(CaseError::new(
            "suspended",
            "案件处于中止状态，恢复办理后才能作出决定",
        ));
    }
    if case.legal_review_required && !case.reviews.last().is_some_and(|r| r.passed) {
        return Err(CaseError::new(
            "legal_review_missing",
            "本案须经法制审核，未经审核或审核未通过的，不得作出决定（《行政处罚法》第五十八条）",
        ));
    }
    let notice = notice(case)?;
    if case.stage == Stage::Statement && !case.waived {
        let term = if notice.hearing_right {
            TERMS.hearing_request
        } else {
            TERMS.statement
        };
        let (end, how) = term.period.end(ctx.calendar, notice.served_on, 0)?;
        if today <= end {
            return Err(CaseError::new(
                "window_open",
                format!(
                    "{}期限尚未届满（{how}），当事人未书面放弃，{end} 之后才能作出决定（{}）",
                    if notice.hearing_right {
                        "听证申请"
                    } else {
                        "陈述申辩"
                    },
                    term.basis
                ),
            ));
        }
    }
    let filed = case
        .filed_on
        .ok_or_else(|| CaseError::new("not_filed", "案件尚未立案"))?;
    let suspended: i64 = case.suspensions.iter().map(|s| s.days(today)).sum();
    let extra = suspended + case.extension_days;
    if !TERMS
        .decide
        .period
        .contains(ctx.calendar, filed, extra, today)?
    {
        let (end, how) = TERMS.decide.period.end(ctx.calendar, filed, extra)?;
        return Err(CaseError::new(
            "decision_overdue",
            format!(
                "已超过作出处罚决定的期限（{how}；最后一日 {end}）{}，不得作出决定（{}）",
                if case.extension_days == 0 {
                    "，且未经批准延长"
                } else {
                    ""
                },
                TERMS.decide.basis
            ),
        ));
    }
    Ok(())
}

fn assess(case: &CaseFile, ctx: &Context<'_>, on: Date) -> Result<Assessment, CaseError> {
    Ok(ctx.engine.assess(&case.charge.input(case.party.kind, on))?)
}

fn notice(case: &CaseFile) -> Result<&Notice, CaseError> {
    case.notice.as_ref().ok_or_else(|| {
        CaseError::new(
            "not_notified",
            "尚未送达行政处罚告知书（《行政处罚法》第四十四条、第六十二条：未告知的不得作出处罚决定）",
        )
    })
}

fn decision(case: &CaseFile) -> Result<&Decision, CaseError> {
    case.decision
        .as_ref()
        .ok_or_else(|| CaseError::new("not_decided", "尚未作出处罚决定"))
}

fn required(field: &'static str, value: &str, what: &str) -> Result<String, CaseError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(CaseError::field(
            "invalid_input",
            field,
            format!("请填写{what}"),
        ));
    }
    if v.chars().count() > 5000 {
        return Err(CaseError::field(
            "invalid_input",
            field,
            format!("{what}过长（不超过 5000 字）"),
        ));
    }
    Ok(v.to_string())
}

/// The date a step happened: not after today, not before the previous step.
fn act_date(case: &CaseFile, given: Option<Date>, today: Date) -> Result<Date, CaseError> {
    let on = given.unwrap_or(today);
    if on > today {
        return Err(CaseError::field(
            "invalid_input",
            "on",
            format!("日期 {on} 晚于今天 {today}"),
        ));
    }
    if on < case.last_act_on {
        return Err(CaseError::field(
            "invalid_input",
            "on",
            format!("日期 {on} 早于上一环节的日期 {}", case.last_act_on),
        ));
    }
    Ok(on)
}

fn require_role(actor: &Person, by: By, what: &str) -> Result<(), CaseError> {
    if actor.role == Some(by) {
        Ok(())
    } else {
        Err(CaseError::new(
            "wrong_role",
            format!("“{what}”应由{}办理", by.label()),
        ))
    }
}

fn require_certificate(p: &Person, on: Date) -> Result<(), CaseError> {
    p.require_enforcement(on, Act::Penalty)
        .map_err(CaseError::from)
}

impl From<Refusal> for CaseError {
    fn from(r: Refusal) -> CaseError {
        CaseError {
            code: r.code.as_str(),
            message: r.reason,
            field: r.field,
        }
    }
}

/// At least two distinct officers of the case's office, each able to act on `on`, none with a
/// declared conflict with the party, the acting officer among them (行政处罚法 art. 42, 43, 55):
/// the personnel rules decide ([`qingdan_personnel::team`]).
fn two_officers(
    names: &[String],
    case: &CaseFile,
    ctx: &Context<'_>,
    on: Date,
) -> Result<Vec<String>, CaseError> {
    let party = case
        .party
        .uscc
        .as_deref()
        .map(|id| (id, case.party.name.as_str()));
    team(
        names,
        &TeamRule {
            office: &case.office,
            recorder: Some(&ctx.actor.username),
            on,
            act: Act::Penalty,
            party,
            relations: ctx.relations,
        },
        ctx.people,
        |_| Ok(()),
    )
}

/// Every step's declaration (for the OpenAPI description and pages).
pub fn all_steps() -> &'static [StepDef] {
    STEPS
}
