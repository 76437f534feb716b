//! The procedures declared as data: the stages a case passes through, every step with who
//! takes it, from which stages, in which procedure, and on what legal basis; and the statutory
//! periods ([`TERMS`]).
//!
//! General procedure (行政处罚法 第五章第三节): 立案 (leader approves) → 调查取证 (two officers)
//! → 法制审核 where required (art. 58) → 告知 (art. 44, 45) → 陈述申辩 / 听证 (art. 63–65) →
//! 决定 (art. 57) → 送达 (art. 61) → 执行 (art. 67, 72; 行政强制法 art. 53) → 结案归档.
//! Simple procedure (第五章第二节): on the spot (art. 51, 52), reported to the bureau, paid,
//! archived. The power-case six steps of §三(七) are the general procedure's stages under
//! other names ([`Stage::power_label`]).

use crate::calendar::Period;
use qingdan_rules::Procedure;
use serde::{Deserialize, Serialize};

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 待立案审批 (general procedure).
    Filing,
    /// 当场处罚 (simple procedure, before the decision).
    OnTheSpot,
    /// 调查取证.
    Investigation,
    /// 法制审核.
    LegalReview,
    /// 待告知.
    Notification,
    /// 陈述申辩期.
    Statement,
    /// 听证.
    Hearing,
    /// 待决定 (after a hearing).
    Decision,
    /// 待送达决定书.
    Service,
    /// 执行.
    Execution,
    /// 申请法院强制执行.
    CourtEnforcement,
    /// 已结案归档.
    Archived,
    /// 已移送 (closed by transfer).
    Transferred,
}

impl Stage {
    /// Every stage, in order.
    pub const ALL: [Stage; 13] = [
        Stage::Filing,
        Stage::OnTheSpot,
        Stage::Investigation,
        Stage::LegalReview,
        Stage::Notification,
        Stage::Statement,
        Stage::Hearing,
        Stage::Decision,
        Stage::Service,
        Stage::Execution,
        Stage::CourtEnforcement,
        Stage::Archived,
        Stage::Transferred,
    ];

    /// The stable name (API, database).
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Filing => "filing",
            Stage::OnTheSpot => "on_the_spot",
            Stage::Investigation => "investigation",
            Stage::LegalReview => "legal_review",
            Stage::Notification => "notification",
            Stage::Statement => "statement",
            Stage::Hearing => "hearing",
            Stage::Decision => "decision",
            Stage::Service => "service",
            Stage::Execution => "execution",
            Stage::CourtEnforcement => "court_enforcement",
            Stage::Archived => "archived",
            Stage::Transferred => "transferred",
        }
    }

    /// Parses [`Stage::as_str`].
    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Filing => "待立案审批",
            Stage::OnTheSpot => "当场处罚",
            Stage::Investigation => "调查取证",
            Stage::LegalReview => "法制审核",
            Stage::Notification => "待告知",
            Stage::Statement => "陈述申辩期",
            Stage::Hearing => "听证",
            Stage::Decision => "待作出决定",
            Stage::Service => "待送达决定书",
            Stage::Execution => "执行",
            Stage::CourtEnforcement => "申请法院强制执行",
            Stage::Archived => "已结案归档",
            Stage::Transferred => "已移送",
        }
    }

    /// The name of the stage among the six steps of an electricity case (§三(七)三.(二)):
    /// 审查方案 → 调查取证 → 告知书送达签收 → 决定书送达签收 → 执行 → 归档.
    pub fn power_label(self) -> &'static str {
        match self {
            Stage::Filing => "审查方案",
            Stage::OnTheSpot => "现场处罚",
            Stage::Investigation | Stage::LegalReview => "调查取证",
            Stage::Notification | Stage::Statement | Stage::Hearing => "告知书送达签收",
            Stage::Decision | Stage::Service => "决定书送达签收",
            Stage::Execution | Stage::CourtEnforcement => "执行",
            Stage::Archived => "归档",
            Stage::Transferred => "移送",
        }
    }

    /// A closed case takes no more steps.
    pub fn is_closed(self) -> bool {
        matches!(self, Stage::Archived | Stage::Transferred)
    }
}

pub use qingdan_personnel::By;

/// The kinds of step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// 批准立案.
    ApproveFiling,
    /// 调查取证：记录证据.
    RecordEvidence,
    /// 调查终结.
    FinishInvestigation,
    /// 法制审核.
    LegalReview,
    /// 送达行政处罚告知书.
    Notify,
    /// 记录陈述、申辩（或放弃）.
    RecordStatement,
    /// 当事人申请听证.
    RequestHearing,
    /// 通知听证.
    ScheduleHearing,
    /// 举行听证.
    HoldHearing,
    /// 中止案件（期限暂停计算）.
    Suspend,
    /// 恢复办理.
    Resume,
    /// 延长办案期限.
    Extend,
    /// 作出处罚决定.
    Decide,
    /// 当场作出处罚决定.
    SpotDecide,
    /// 送达行政处罚决定书.
    ServeDecision,
    /// 记录缴纳罚款.
    RecordPayment,
    /// 申请法院强制执行.
    ApplyCourt,
    /// 当场处罚报所属机关备案.
    ReportFiling,
    /// 结案归档.
    Archive,
    /// 移送.
    Transfer,
    /// 公开处罚决定.
    Publish,
}

/// One declared step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StepDef {
    /// The step.
    pub kind: StepKind,
    /// Its Chinese name.
    pub label: &'static str,
    /// Who takes it.
    pub by: By,
    /// The stages it may be taken from.
    pub from: &'static [Stage],
    /// The procedures it belongs to.
    pub procedures: &'static [Procedure],
    /// Whether two officers with valid certificates must act together (art. 42, 55).
    pub two_officers: bool,
    /// Its legal basis.
    pub basis: &'static str,
}

const GENERAL: &[Procedure] = &[Procedure::General];
const SIMPLE: &[Procedure] = &[Procedure::Simple];
const BOTH: &[Procedure] = &[Procedure::General, Procedure::Simple];
const BEFORE_DECISION: &[Stage] = &[
    Stage::Filing,
    Stage::Investigation,
    Stage::LegalReview,
    Stage::Notification,
    Stage::Statement,
    Stage::Hearing,
    Stage::Decision,
];

/// Every step of both procedures, in the order a case meets them.
pub const STEPS: &[StepDef] = &[
    StepDef {
        kind: StepKind::ApproveFiling,
        label: "批准立案",
        by: By::Leader,
        from: &[Stage::Filing],
        procedures: GENERAL,
        two_officers: false,
        basis: "《行政处罚法》第五十四条第二款（符合立案标准的，应当及时立案）",
    },
    StepDef {
        kind: StepKind::SpotDecide,
        label: "当场作出处罚决定",
        by: By::Officer,
        from: &[Stage::OnTheSpot],
        procedures: SIMPLE,
        two_officers: true,
        basis: "《行政处罚法》第五十一条、第五十二条",
    },
    StepDef {
        kind: StepKind::RecordEvidence,
        label: "调查取证",
        by: By::Officer,
        from: &[Stage::Investigation],
        procedures: GENERAL,
        two_officers: true,
        basis: "《行政处罚法》第四十二条、第五十五条（执法人员不得少于两人，出示执法证件）",
    },
    StepDef {
        kind: StepKind::FinishInvestigation,
        label: "调查终结",
        by: By::Officer,
        from: &[Stage::Investigation],
        procedures: GENERAL,
        two_officers: false,
        basis: "《行政处罚法》第五十七条",
    },
    StepDef {
        kind: StepKind::LegalReview,
        label: "法制审核",
        by: By::Legal,
        from: &[Stage::LegalReview],
        procedures: GENERAL,
        two_officers: false,
        basis: "《行政处罚法》第五十八条",
    },
    StepDef {
        kind: StepKind::Notify,
        label: "送达行政处罚告知书",
        by: By::Officer,
        from: &[Stage::Notification],
        procedures: GENERAL,
        two_officers: true,
        basis: "《行政处罚法》第四十四条、第四十五条、第六十四条",
    },
    StepDef {
        kind: StepKind::RecordStatement,
        label: "记录陈述、申辩",
        by: By::Officer,
        from: &[Stage::Statement, Stage::Hearing],
        procedures: GENERAL,
        two_officers: false,
        basis: "《行政处罚法》第四十五条（不得因当事人陈述、申辩而给予更重的处罚）",
    },
    StepDef {
        kind: StepKind::RequestHearing,
        label: "当事人申请听证",
        by: By::Officer,
        from: &[Stage::Statement],
        procedures: GENERAL,
        two_officers: false,
        basis: "《行政处罚法》第六十三条、第六十四条第一项",
    },
    StepDef {
        kind: StepKind::ScheduleHearing,
        label: "通知听证时间地点",
        by: By::Officer,
        from: &[Stage::Hearing],
        procedures: GENERAL,
        two_officers: false,
        basis: "《行政处罚法》第六十四条第二项（听证的七日前通知）",
    },
    StepDef {
        kind: StepKind::HoldHearing,
        label: "举行听证",
        by: By::Officer,
        from: &[Stage::Hearing],
        procedures: GENERAL,
        two_officers: true,
        basis: "《行政处罚法》第六十四条第四项、第六十五条（非本案调查人员主持，依听证笔录作出决定）",
    },
    StepDef {
        kind: StepKind::Suspend,
        label: "中止（期限暂停计算）",
        by: By::Leader,
        from: BEFORE_DECISION,
        procedures: GENERAL,
        two_officers: false,
        basis: "《行政处罚法》第六十条（法律、法规、规章另有规定的，从其规定）",
    },
    StepDef {
        kind: StepKind::Resume,
        label: "恢复办理",
        by: By::Leader,
        from: BEFORE_DECISION,
        procedures: GENERAL,
        two_officers: false,
        basis: "《行政处罚法》第六十条",
    },
    StepDef {
        kind: StepKind::Extend,
        label: "批准延长办案期限",
        by: By::Leader,
        from: BEFORE_DECISION,
        procedures: GENERAL,
        two_officers: false,
        basis: "《行政处罚法》第六十条（法律、法规、规章另有规定的，从其规定）",
    },
    StepDef {
        kind: StepKind::Decide,
        label: "作出处罚决定",
        by: By::Leader,
        from: &[Stage::Statement, Stage::Decision],
        procedures: GENERAL,
        two_officers: false,
        basis: "《行政处罚法》第五十七条、第六十条、第六十二条",
    },
    StepDef {
        kind: StepKind::ServeDecision,
        label: "送达行政处罚决定书",
        by: By::Officer,
        from: &[Stage::Service],
        procedures: GENERAL,
        two_officers: false,
        basis: "《行政处罚法》第六十一条",
    },
    StepDef {
        kind: StepKind::RecordPayment,
        label: "记录缴纳罚款",
        by: By::Officer,
        from: &[Stage::Execution, Stage::CourtEnforcement],
        procedures: BOTH,
        two_officers: false,
        basis: "《行政处罚法》第六十七条、第七十二条；《行政强制法》第四十五条",
    },
    StepDef {
        kind: StepKind::ApplyCourt,
        label: "申请法院强制执行",
        by: By::Officer,
        from: &[Stage::Execution],
        procedures: BOTH,
        two_officers: false,
        basis: "《行政处罚法》第七十二条第一款第三项；《行政强制法》第五十三条",
    },
    StepDef {
        kind: StepKind::ReportFiling,
        label: "当场处罚决定报局备案",
        by: By::Officer,
        from: &[Stage::Execution],
        procedures: SIMPLE,
        two_officers: false,
        basis: "《行政处罚法》第五十二条第三款",
    },
    StepDef {
        kind: StepKind::Archive,
        label: "结案归档",
        by: By::Officer,
        from: &[Stage::Execution, Stage::CourtEnforcement],
        procedures: BOTH,
        two_officers: false,
        basis: "§三(七)三.(二)（执行、归档）；《行政处罚法》第四十七条（全过程记录、归档保存）",
    },
    StepDef {
        kind: StepKind::Transfer,
        label: "移送",
        by: By::Leader,
        from: &[
            Stage::Filing,
            Stage::OnTheSpot,
            Stage::Investigation,
            Stage::LegalReview,
            Stage::Notification,
            Stage::Statement,
            Stage::Hearing,
            Stage::Decision,
        ],
        procedures: BOTH,
        two_officers: false,
        basis: "《行政处罚法》第二十七条（涉嫌犯罪的移送司法机关）；§二 职责边界（移送有权部门）",
    },
    StepDef {
        kind: StepKind::Publish,
        label: "公开处罚决定",
        by: By::Leader,
        from: &[Stage::Service, Stage::Execution, Stage::CourtEnforcement],
        procedures: GENERAL,
        two_officers: false,
        basis: "《行政处罚法》第四十八条（具有一定社会影响的行政处罚决定应当依法公开）",
    },
];

/// The declaration of a step.
pub fn step(kind: StepKind) -> &'static StepDef {
    STEPS.iter().find(|s| s.kind == kind).unwrap_or(&STEPS[0])
}

/// The steps that may be taken next from `stage` in `procedure`.
pub fn next_steps(procedure: Procedure, stage: Stage) -> Vec<&'static StepDef> {
    STEPS
        .iter()
        .filter(|s| s.from.contains(&stage) && s.procedures.contains(&procedure))
        .collect()
}

/// A statutory period with its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// How long.
    pub period: Period,
    /// The provision.
    pub basis: &'static str,
}

/// The statutory periods a case runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terms {
    /// Decide within 90 days of filing.
    pub decide: Term,
    /// One extension, on the leader's approval.
    pub extension: Term,
    /// Serve the decision within 7 days.
    pub serve: Term,
    /// Ask for a hearing within 5 days of being told.
    pub hearing_request: Term,
    /// Notify the hearing at least 7 days before.
    pub hearing_notice: Term,
    /// The statement period the notice gives when no hearing right applies.
    pub statement: Term,
    /// Pay within 15 days of receipt.
    pub pay: Term,
    /// Review and litigation periods that must lapse before applying to the court.
    pub court_wait: Term,
    /// Apply to the court within three months after that.
    pub court_apply: Term,
    /// Limitation.
    pub limitation: Term,
    /// Limitation where life, health or financial safety was harmed.
    pub limitation_serious: Term,
}

/// The periods of the 行政处罚法 (2021) and the laws it leans on.
pub const TERMS: Terms = Terms {
    decide: Term {
        period: Period::CalendarDays(90),
        basis: "《行政处罚法》第六十条（自立案之日起九十日内作出行政处罚决定）",
    },
    extension: Term {
        period: Period::CalendarDays(30),
        basis: "《行政处罚法》第六十条但书；案情复杂的，经负责人批准延长三十日（本局办案规则，可修订）",
    },
    serve: Term {
        period: Period::WorkingDays(7),
        basis: "《行政处罚法》第六十一条（七日内送达）、第八十五条（工作日）",
    },
    hearing_request: Term {
        period: Period::WorkingDays(5),
        basis: "《行政处罚法》第六十四条第一项（告知后五日内提出）、第八十五条（工作日）",
    },
    hearing_notice: Term {
        period: Period::WorkingDays(7),
        basis: "《行政处罚法》第六十四条第二项（听证的七日前通知）、第八十五条（工作日）",
    },
    statement: Term {
        period: Period::WorkingDays(3),
        basis: "《行政处罚法》第四十四条、第四十五条；告知书载明的陈述申辩期限（本局为三个工作日，第八十五条）",
    },
    pay: Term {
        period: Period::CalendarDays(15),
        basis: "《行政处罚法》第六十七条第三款（收到决定书之日起十五日内缴纳）",
    },
    court_wait: Term {
        period: Period::Months(6),
        basis: "《行政诉讼法》第四十六条（六个月起诉期限）；《行政强制法》第五十三条",
    },
    court_apply: Term {
        period: Period::Months(3),
        basis: "《行政强制法》第五十三条（期限届满之日起三个月内申请）",
    },
    limitation: Term {
        period: Period::Years(2),
        basis: "《行政处罚法》第三十六条第一款（二年内未被发现的，不再给予行政处罚）",
    },
    limitation_serious: Term {
        period: Period::Years(5),
        basis: "《行政处罚法》第三十六条第一款（涉及公民生命健康安全、金融安全且有危害后果的，延长至五年）",
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_kind_is_declared_once() {
        use std::collections::BTreeSet;
        let names: BTreeSet<String> = STEPS.iter().map(|s| format!("{:?}", s.kind)).collect();
        assert_eq!(names.len(), STEPS.len());
        assert_eq!(STEPS.len(), 21);
        for s in STEPS {
            assert!(!s.basis.is_empty(), "{:?} cites its basis", s.kind);
            assert!(!s.from.is_empty());
        }
    }

    #[test]
    fn closed_stages_take_no_steps() {
        for p in [Procedure::General, Procedure::Simple] {
            assert!(next_steps(p, Stage::Archived).is_empty());
            assert!(next_steps(p, Stage::Transferred).is_empty());
        }
    }

    #[test]
    fn the_power_six_steps_map_onto_the_stages() {
        let six: Vec<&str> = [
            Stage::Filing,
            Stage::Investigation,
            Stage::Statement,
            Stage::Service,
            Stage::Execution,
            Stage::Archived,
        ]
        .iter()
        .map(|s| s.power_label())
        .collect();
        assert_eq!(
            six,
            [
                "审查方案",
                "调查取证",
                "告知书送达签收",
                "决定书送达签收",
                "执行",
                "归档"
            ]
        );
    }

    #[test]
    fn stage_names_round_trip() {
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.as_str()), Some(s));
        }
    }
}
