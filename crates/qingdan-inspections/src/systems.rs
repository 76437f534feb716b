//! The supervision systems of §三(三)–(七) as declared data: what is inspected, what is
//! checked, the steps in order (who acts, whether two officers must act together, which
//! records the step requires, on what basis), and the outcomes the list allows.
//!
//! Every string quoted from the list is copied from `seeds/000_04f6da2f69c911bf.txt`; every
//! step and outcome names its source. [`crate::task::apply`] moves an inspection task only
//! along these declarations.

use qingdan_registry::PartyKind;
use serde::{Deserialize, Serialize};

/// A supervision system (监督检查制度) of §三.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SystemCode {
    /// §三(三) 新型墙体材料产品认定监督检查.
    WallCert,
    /// §三(四) 建筑工程使用新型墙体材料情况检查（专项基金返退）.
    FundRefund,
    /// §三(五) 建筑工程散装水泥使用情况的监督检查.
    NoSiteMixing,
    /// §三(六) 散装水泥推广应用情况的监督检查.
    BulkCement,
    /// §三(七) 维护供用电秩序电力行政执法检查.
    Power,
}

impl SystemCode {
    /// Every system, in the order of the list.
    pub const ALL: [SystemCode; 5] = [
        SystemCode::WallCert,
        SystemCode::FundRefund,
        SystemCode::NoSiteMixing,
        SystemCode::BulkCement,
        SystemCode::Power,
    ];

    /// The stable code (`wall-cert`, …), also the serde form.
    pub fn as_str(self) -> &'static str {
        match self {
            SystemCode::WallCert => "wall-cert",
            SystemCode::FundRefund => "fund-refund",
            SystemCode::NoSiteMixing => "no-site-mixing",
            SystemCode::BulkCement => "bulk-cement",
            SystemCode::Power => "power",
        }
    }

    /// Parses [`SystemCode::as_str`].
    pub fn parse(text: &str) -> Option<SystemCode> {
        SystemCode::ALL
            .into_iter()
            .find(|s| s.as_str() == text.trim())
    }

    /// The declaration.
    pub fn def(self) -> &'static SystemDef {
        match self {
            SystemCode::WallCert => &WALL_CERT,
            SystemCode::FundRefund => &FUND_REFUND,
            SystemCode::NoSiteMixing => &NO_SITE_MIXING,
            SystemCode::BulkCement => &BULK_CEMENT,
            SystemCode::Power => &POWER,
        }
    }
}

/// What a system inspects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "kind", rename_all = "snake_case")]
pub enum TargetKind {
    /// An enterprise of this kind (identified by its 统一社会信用代码).
    Enterprise(PartyKind),
    /// A construction project (identified by its 项目编号).
    Project,
    /// A power user who is a natural person (居民用户): no enterprise is entered.
    Household,
}

impl TargetKind {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            TargetKind::Enterprise(k) => k.label(),
            TargetKind::Project => "建设工程项目",
            TargetKind::Household => "居民电力用户",
        }
    }

    /// Whether inspecting it means entering an enterprise (§三(七)三: 入企业检查须经县优办批准).
    pub fn is_enterprise(self) -> bool {
        matches!(self, TargetKind::Enterprise(_))
    }
}

/// Who takes a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "body", rename_all = "snake_case")]
pub enum Actor {
    /// 执法人员 (certificate valid that day).
    Officer,
    /// 分管领导.
    Leader,
    /// 法制股.
    Legal,
    /// An approval by another body (e.g. 县优办), recorded by an officer of the task with the
    /// approval document.
    External(&'static str),
}

impl Actor {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Actor::Officer => "执法人员",
            Actor::Leader => "分管领导",
            Actor::Legal => "法制审核人员",
            Actor::External(body) => body,
        }
    }
}

/// A record a step requires (a document, a form, a note).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// 项目检查审批表 (§三(五)四.(一)).
    ApprovalForm,
    /// The other body's approval document (县优办批准入企检查, §三(七)三).
    ExternalApproval,
    /// 企业提交的书面材料.
    WrittenMaterials,
    /// 书面申请材料或投诉立案通知 (§三(四)四.(一)).
    ApplicationOrComplaint,
    /// 出示执法证记录 (§三(七)四.(一)).
    CertificateShown,
    /// 现场检查笔录.
    SiteRecord,
    /// 现场质量抽样记录 (§三(三)四.(二)).
    SampleRecord,
    /// 墙体材料产品来源和相关证书核实记录 (§三(四)四.(二)).
    SourceVerification,
    /// 情况说明（汇报）记录.
    StatementRecord,
    /// 检查情况反馈记录.
    FeedbackRecord,
    /// 检查结果报告 (the handling decided).
    ResultReport,
    /// 跟踪复查记录.
    FollowUpRecord,
}

impl RecordKind {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            RecordKind::ApprovalForm => "项目检查审批表",
            RecordKind::ExternalApproval => "县优办入企检查批准文件",
            RecordKind::WrittenMaterials => "企业书面材料",
            RecordKind::ApplicationOrComplaint => "书面申请材料或投诉立案通知",
            RecordKind::CertificateShown => "出示执法证记录",
            RecordKind::SiteRecord => "现场检查笔录",
            RecordKind::SampleRecord => "现场质量抽样记录",
            RecordKind::SourceVerification => "墙体材料产品来源和相关证书核实记录",
            RecordKind::StatementRecord => "情况说明（汇报）记录",
            RecordKind::FeedbackRecord => "检查情况反馈记录",
            RecordKind::ResultReport => "检查结果报告",
            RecordKind::FollowUpRecord => "跟踪复查记录",
        }
    }
}

/// Where a step sits in a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// A step of the procedure, taken in order.
    Procedure,
    /// The handling decided (作出检查处理): records the outcomes.
    Decision,
    /// 后续跟踪 of an order to correct, when one was given.
    FollowUp,
}

/// When a step applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum When {
    /// Always.
    Always,
    /// Only when the inspection enters an enterprise (§三(七)三).
    EntersEnterprise,
}

/// One declared step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StepDef {
    /// Stable code within its system (`site-check`, …).
    pub code: &'static str,
    /// Its Chinese name.
    pub name: &'static str,
    /// Who takes it.
    pub actor: Actor,
    /// Whether two officers with valid certificates must act together (《行政处罚法》第四十二条).
    pub two_officers: bool,
    /// The records it requires.
    pub records: &'static [RecordKind],
    /// Procedure, decision or follow-up.
    pub phase: Phase,
    /// When it applies.
    pub when: When,
    /// Its basis in the list (and the law).
    pub basis: &'static str,
}

/// The kinds of outcome (监督检查处理).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// 未发现问题.
    NoProblem,
    /// 责令限期改正 (with a follow-up).
    OrderCorrect,
    /// 收回认定证书 (§三(三)五.(二), seven conditions).
    RevokeCertificate,
    /// 符合返退规定，告知办理 (§三(四)五.(一)).
    RefundEligible,
    /// 不予返退 (§三(四)五.(二), four conditions).
    RefundDenied,
    /// 立案查处（行政处罚案件）.
    PenaltyCase,
    /// 移送其他部门.
    ReferDepartment,
    /// 移送公安机关.
    ReferPolice,
}

impl OutcomeKind {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            OutcomeKind::NoProblem => "未发现问题",
            OutcomeKind::OrderCorrect => "责令限期改正",
            OutcomeKind::RevokeCertificate => "收回认定证书",
            OutcomeKind::RefundEligible => "符合返退规定，告知办理",
            OutcomeKind::RefundDenied => "不予返退",
            OutcomeKind::PenaltyCase => "立案查处",
            OutcomeKind::ReferDepartment => "移送有关部门",
            OutcomeKind::ReferPolice => "移送公安机关",
        }
    }
}

/// An outcome a system allows, with its basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OutcomeDef {
    /// The kind.
    pub kind: OutcomeKind,
    /// Its basis.
    pub basis: &'static str,
}

/// A supervision system as declared data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SystemDef {
    /// The code.
    pub code: SystemCode,
    /// The title, as in the list.
    pub title: &'static str,
    /// The section of the list.
    pub section: &'static str,
    /// 监督检查对象, as in the list.
    pub object: &'static str,
    /// The kinds of target.
    pub targets: &'static [TargetKind],
    /// 监督检查内容: the checklist, quoted.
    pub checklist: &'static [&'static str],
    /// 监督检查方式, quoted.
    pub methods: &'static [&'static str],
    /// The frequency rule, quoted (empty when the list sets none).
    pub frequency: &'static str,
    /// The steps, in order.
    pub steps: &'static [StepDef],
    /// The outcomes allowed.
    pub outcomes: &'static [OutcomeDef],
}

impl SystemDef {
    /// The step with `code`.
    pub fn step(&self, code: &str) -> Option<&'static StepDef> {
        self.steps.iter().find(|s| s.code == code)
    }

    /// The decision step (every system declares exactly one).
    pub fn decision(&self) -> Option<&'static StepDef> {
        self.steps.iter().find(|s| s.phase == Phase::Decision)
    }

    /// The follow-up step (every system declares exactly one).
    pub fn follow_up(&self) -> Option<&'static StepDef> {
        self.steps.iter().find(|s| s.phase == Phase::FollowUp)
    }

    /// The declaration of an outcome kind, if the system allows it.
    pub fn outcome(&self, kind: OutcomeKind) -> Option<&'static OutcomeDef> {
        self.outcomes.iter().find(|o| o.kind == kind)
    }
}

/// The seven conditions under which a certificate is revoked (§三(三)五.(二)), quoted.
pub const REVOCATION_CONDITIONS: [&str; 7] = [
    "经限期责令改正，到期后仍未改正的",
    "已不符合国家和省县产业政策要求的",
    "产品工艺改变，超出《湖南省新型墙体材料产品认定工艺装备要求》范围的",
    "质量管理未执行到位，产品质量检验不合格的",
    "造成重大污染，重大安全质量事故的",
    "申报材料弄虚作假的",
    "擅自印刷、涂改、倒卖、租借、转让认定证书的",
];

/// The four conditions under which the fund is not refunded (§三(四)五.(二)), quoted.
pub const REFUND_DENIAL_CONDITIONS: [&str; 4] = [
    "使用未取得《湖南省新型墙体材料产品认定证书》的墙体材料产品的",
    "未经现场核验，擅自进行粉刷遮盖的",
    "单位建筑物使用新型墙体材料比率未达到规定比率的",
    "申报材料不符合规定要求的",
];

const BULK_CEMENT_KINDS: &[TargetKind] = &[
    TargetKind::Enterprise(PartyKind::CementProducer),
    TargetKind::Enterprise(PartyKind::ReadyMixConcrete),
    TargetKind::Enterprise(PartyKind::ReadyMixMortar),
    TargetKind::Enterprise(PartyKind::CementProductPlant),
];

const fn step(
    code: &'static str,
    name: &'static str,
    actor: Actor,
    two_officers: bool,
    records: &'static [RecordKind],
    phase: Phase,
    basis: &'static str,
) -> StepDef {
    StepDef {
        code,
        name,
        actor,
        two_officers,
        records,
        phase,
        when: When::Always,
        basis,
    }
}

use Actor::{Leader, Officer};
use Phase::{Decision, FollowUp, Procedure};
use RecordKind as R;

/// §三(三) 新型墙体材料产品认定监督检查.
pub static WALL_CERT: SystemDef = SystemDef {
    code: SystemCode::WallCert,
    title: "新型墙体材料产品认定监督检查",
    section: "§三(三)",
    object: "已认定的新型墙体材料产品生产企业",
    targets: &[TargetKind::Enterprise(PartyKind::WallMaterialProducer)],
    checklist: &[
        "（一）认定的符合性：主要对企业及产品是否符合认定标准进行监督检查",
        "（二）认定的规范性：主要对企业是否依规定申报，受理、初审意见是否符合实际情况及相关认定要求进行监督检查",
        "（三）企业产品质量管理状况：主要对企业产品质量管理及认定产品的质量情况进行监督检查",
        "（四）产品标识管理：主要对认定产品标识执行情况进行监督检查",
    ],
    methods: &[
        "根据《湖南省新型墙体材料产品认定管理办法》及其它相关要求，采取书面材料审查、实地核查、定期或不定期抽查等方式进行检查。",
        "现场检查，重点针对有投诉的、产品出现质量事故的、国家及县级专项监督检查不合格的认定企业。",
    ],
    frequency: "检查次数每年不少于1次，检查对象为认定证书有效期范围内的生产企业，检查比例不少于认定企业总数的20%。",
    steps: &[
        step(
            "written-materials",
            "企业提交书面材料",
            Officer,
            false,
            &[R::WrittenMaterials],
            Procedure,
            "§三(三)四.(一)",
        ),
        step(
            "site-check",
            "现场查看企业生产设备设施，对认定产品进行现场质量抽样",
            Officer,
            true,
            &[R::SiteRecord, R::SampleRecord],
            Procedure,
            "§三(三)四.(二)；《行政处罚法》第四十二条（执法人员不少于两人）",
        ),
        step(
            "hear-report",
            "听取企业汇报",
            Officer,
            true,
            &[R::StatementRecord],
            Procedure,
            "§三(三)四.(三)",
        ),
        step(
            "feedback",
            "反馈检查情况",
            Officer,
            false,
            &[R::FeedbackRecord],
            Procedure,
            "§三(三)四.(四)",
        ),
        step(
            "decide",
            "作出检查处理",
            Leader,
            false,
            &[R::ResultReport],
            Decision,
            "§三(三)四.(五)、五",
        ),
        step(
            "follow-up",
            "限期改正后续跟踪",
            Officer,
            true,
            &[R::FollowUpRecord],
            FollowUp,
            "§三(三)五.(一)（责令企业限期改正）、五.(二)1（到期后仍未改正的，收回认定证书）",
        ),
    ],
    outcomes: &[
        OutcomeDef {
            kind: OutcomeKind::NoProblem,
            basis: "§三(三)四.(五)",
        },
        OutcomeDef {
            kind: OutcomeKind::OrderCorrect,
            basis: "§三(三)五.(一)（发现问题，责令企业限期改正）",
        },
        OutcomeDef {
            kind: OutcomeKind::RevokeCertificate,
            basis: "§三(三)五.(二)（有下列情形之一的，收回认定证书）",
        },
        OutcomeDef {
            kind: OutcomeKind::ReferDepartment,
            basis: "§二 职责边界（不属本局职责的，移送有权部门）",
        },
        OutcomeDef {
            kind: OutcomeKind::ReferPolice,
            basis: "《行政处罚法》第二十七条（涉嫌犯罪的，移送司法机关）",
        },
    ],
};

/// §三(四) 建筑工程使用新型墙体材料情况检查.
pub static FUND_REFUND: SystemDef = SystemDef {
    code: SystemCode::FundRefund,
    title: "建筑工程使用新型墙体材料情况检查",
    section: "§三(四)",
    object: "在建建设项目的建筑工程",
    targets: &[TargetKind::Project],
    checklist: &[
        "（一）对建筑工程使用的墙体材料是否符合《湖南省新型墙体材料推广应用条例》的规定；",
        "（二）使用的墙体材料产品是否具备新型墙体材料产品认定证书，是否符合享受新型墙体材料专项基金返退的相关规定。",
    ],
    methods: &[
        "根据《湖南省新型墙体材料推广应用条例》、《湖南省新型墙体材料专项基金征收使用管理实施办法》的规定，采取实地核查、定期或不定期抽查等方式进行检查。",
        "现场核查，主要针对申报返退新型墙体材料专项基金在建建设项目的建筑工程，以及被投诉违规使用墙体材料情形的建设项目。",
    ],
    frequency: "检查次数每建设项目不少于1次，检查对象为申报返退新型墙体材料专项基金的建设单位的建筑工程和被投诉违规使用墙体材料的建筑工程。",
    steps: &[
        step(
            "application",
            "建设单位、墙材企业提交书面申请材料或投诉立案通知",
            Officer,
            false,
            &[R::ApplicationOrComplaint],
            Procedure,
            "§三(四)四.(一)",
        ),
        step(
            "site-check",
            "现场检查建筑工程墙体材料使用情况，核实墙体材料产品来源和相关证书",
            Officer,
            true,
            &[R::SiteRecord, R::SourceVerification],
            Procedure,
            "§三(四)四.(二)；《行政处罚法》第四十二条（执法人员不少于两人）",
        ),
        step(
            "hear-statement",
            "听取建设单位情况说明",
            Officer,
            true,
            &[R::StatementRecord],
            Procedure,
            "§三(四)四.(三)",
        ),
        step(
            "feedback",
            "反馈检查情况",
            Officer,
            false,
            &[R::FeedbackRecord],
            Procedure,
            "§三(四)四.(四)",
        ),
        step(
            "decide",
            "作出检查处理",
            Leader,
            false,
            &[R::ResultReport],
            Decision,
            "§三(四)四.(五)、五",
        ),
        step(
            "follow-up",
            "限期改正（缴纳）后续跟踪",
            Officer,
            true,
            &[R::FollowUpRecord],
            FollowUp,
            "§三(四)五.(三)（经限期改正到期仍未改正的，按核查使用量处以罚款）、五.(四)（逾期不缴纳的加收滞纳金）",
        ),
    ],
    outcomes: &[
        OutcomeDef {
            kind: OutcomeKind::NoProblem,
            basis: "§三(四)四.(五)",
        },
        OutcomeDef {
            kind: OutcomeKind::RefundEligible,
            basis: "§三(四)五.(一)（告知建设单位准备相关资料和办理程序）",
        },
        OutcomeDef {
            kind: OutcomeKind::RefundDenied,
            basis: "§三(四)五.(二)；《湖南省新型墙体材料专项基金征收使用管理实施办法》",
        },
        OutcomeDef {
            kind: OutcomeKind::OrderCorrect,
            basis: "§三(四)五.(三)（违规使用粘土实心砖的，责令限期改正）、五.(四)（未足额缴纳的，责令限期缴纳）",
        },
        OutcomeDef {
            kind: OutcomeKind::PenaltyCase,
            basis: "§三(四)五.(三)（到期仍未改正的，每立方米三十元以上、五十元以下罚款）",
        },
        OutcomeDef {
            kind: OutcomeKind::ReferDepartment,
            basis: "§二 职责边界（不属本局职责的，移送有权部门）",
        },
    ],
};

/// §三(五) 建筑工程散装水泥使用情况的监督检查.
pub static NO_SITE_MIXING: SystemDef = SystemDef {
    code: SystemCode::NoSiteMixing,
    title: "建筑工程散装水泥使用情况的监督检查",
    section: "§三(五)",
    object: "全县使用水泥施工的建设工程项目",
    targets: &[TargetKind::Project],
    checklist: &["建设工程项目是否有违法使用袋装水泥情况"],
    methods: &[
        "（一）不定期对建设工程实地走访、检查，日常检查每个项目每年检查次数不少于1次，但每季度不多于1次（有投诉举报情形除外）；",
        "（二）根据投诉举报开展执法检查；",
        "（三）联合有关部门开展联合执法检查。",
    ],
    frequency: "日常检查每个项目每年检查次数不少于1次，但每季度不多于1次（有投诉举报情形除外）",
    steps: &[
        step(
            "approval",
            "填写项目检查审批表，报分管领导批准启动",
            Leader,
            false,
            &[R::ApprovalForm],
            Procedure,
            "§三(五)四.(一)（单位执法人员根据监督检查安排或根据投诉举报申请启动监督检查程序，填写项目检查审批表，报分管领导批准启动）",
        ),
        step(
            "site-visit",
            "实地走访核实建设工程项目水泥使用情况",
            Officer,
            true,
            &[R::SiteRecord],
            Procedure,
            "§三(五)四.(二)；《行政处罚法》第四十二条（执法人员不少于两人）",
        ),
        step(
            "decide",
            "对确实存在违法行为情况的，依法定程序责令停止违法行为，作出处罚",
            Leader,
            false,
            &[R::ResultReport],
            Decision,
            "§三(五)四.(三)、五（由散装水泥管理机构依法责令停止违法行为，作出行政处罚）",
        ),
        step(
            "follow-up",
            "对违法行为人改正情况开展后续跟踪",
            Officer,
            true,
            &[R::FollowUpRecord],
            FollowUp,
            "§三(五)四.(四)",
        ),
    ],
    outcomes: &[
        OutcomeDef {
            kind: OutcomeKind::NoProblem,
            basis: "§三(五)四.(二)",
        },
        OutcomeDef {
            kind: OutcomeKind::OrderCorrect,
            basis: "§三(五)四.(三)（责令停止违法行为）；《湖南省散装水泥条例》第二十三条第二款（责令改正，限期补办审批手续）",
        },
        OutcomeDef {
            kind: OutcomeKind::PenaltyCase,
            basis: "§三(五)五；《湖南省散装水泥条例》第二十三条",
        },
        OutcomeDef {
            kind: OutcomeKind::ReferDepartment,
            basis: "§二 职责边界（现场搅拌混凝土由县住建局查处，《湖南省散装水泥条例》第二十四条）",
        },
    ],
};

/// §三(六) 散装水泥推广应用情况的监督检查.
pub static BULK_CEMENT: SystemDef = SystemDef {
    code: SystemCode::BulkCement,
    title: "散装水泥推广应用情况的监督检查",
    section: "§三(六)",
    object: "水泥生产企业、预拌混凝土、预拌砂浆企业、水泥制品生产企业。",
    targets: BULK_CEMENT_KINDS,
    checklist: &[
        "（一）对散装水泥推广应用情况的监督检查。",
        "（二）对本行政区域内散装水泥生产、储存、使用情况的监督检查。",
        "（三）对按照国家规定和《湖南省散装水泥条例》规定，对预拌混凝土、预拌砂浆、水泥制品生产企业和应当使用散装水泥的建设工程的监督检查。",
        "（四）协调解决散装推广应用工作中的重大问题。",
        "（五）依据《湖南省散装水泥条例》对新建预拌混凝土、预拌砂浆、水泥制品生产企业是否按规定配套散装水泥专用设施设备等要求进行监督检查。",
        "（六）依据《关于加强预拌砂浆企业备案管理工作的通知》（湘经信节能[2011]212号）文件精神，对预拌砂浆企业进行备案认定。",
    ],
    methods: &[
        "依据《湖南省散装水泥条例》及其他相关规定和要求，采取书面材料审查，实地核实，不定期检查等方式进行检查。",
    ],
    frequency: "检查次数每年不少于一次，检查对象为认定证书有效期范围的生产企业。",
    steps: &[
        step(
            "written-materials",
            "企业提交书面材料",
            Officer,
            false,
            &[R::WrittenMaterials],
            Procedure,
            "§三(六)四",
        ),
        step(
            "site-check",
            "现场查看设施设备",
            Officer,
            true,
            &[R::SiteRecord],
            Procedure,
            "§三(六)四；《行政处罚法》第四十二条（执法人员不少于两人）",
        ),
        step(
            "hear-report",
            "听取企业汇报",
            Officer,
            true,
            &[R::StatementRecord],
            Procedure,
            "§三(六)四",
        ),
        step(
            "feedback",
            "反馈检查情况",
            Officer,
            false,
            &[R::FeedbackRecord],
            Procedure,
            "§三(六)四",
        ),
        step(
            "decide",
            "作出检查处理",
            Leader,
            false,
            &[R::ResultReport],
            Decision,
            "§三(六)四、五",
        ),
        step(
            "follow-up",
            "限期整改后续跟踪",
            Officer,
            true,
            &[R::FollowUpRecord],
            FollowUp,
            "§三(六)五.(二)（整改不到位的，依据《湖南省散装水泥条例》进行查处）",
        ),
    ],
    outcomes: &[
        OutcomeDef {
            kind: OutcomeKind::NoProblem,
            basis: "§三(六)四",
        },
        OutcomeDef {
            kind: OutcomeKind::OrderCorrect,
            basis: "§三(六)五.(一)（新建企业散装水泥使用率未达到70%以上的限期责令整改）",
        },
        OutcomeDef {
            kind: OutcomeKind::PenaltyCase,
            basis: "§三(六)五.(二)（整改不到位的，依据《湖南省散装水泥条例》进行查处）",
        },
        OutcomeDef {
            kind: OutcomeKind::ReferDepartment,
            basis: "§二 职责边界（不属本局职责的，移送有权部门）",
        },
    ],
};

/// §三(七) 维护供用电秩序电力行政执法检查.
pub static POWER: SystemDef = SystemDef {
    code: SystemCode::Power,
    title: "维护供用电秩序电力行政执法检查",
    section: "§三(七)",
    object: "供电企业及电力用户。",
    targets: &[
        TargetKind::Enterprise(PartyKind::PowerSupplier),
        TargetKind::Enterprise(PartyKind::PowerUser),
        TargetKind::Household,
    ],
    checklist: &[
        "根据《电力法》、《电力设施保护条例》、《电力供应与使用条例》、《供用电监督管理办法》等法律法规，检查供电企业是否侵犯电力用户合法权益，检查电力用户是否安全用电、是否破坏盗窃电力设施、是否盗窃电能。",
    ],
    methods: &["采取实地检查，定期或不定期抽查等方式进行检查，入企业检查须经县优办批准。"],
    frequency: "",
    steps: &[
        StepDef {
            code: "external-approval",
            name: "入企业检查经县优办批准",
            actor: Actor::External("县优办"),
            two_officers: false,
            records: &[R::ExternalApproval],
            phase: Procedure,
            when: When::EntersEnterprise,
            basis: "§三(七)三（入企业检查须经县优办批准）",
        },
        step(
            "show-certificate",
            "出示执法证",
            Officer,
            true,
            &[R::CertificateShown],
            Procedure,
            "§三(七)四.(一)；《行政处罚法》第四十二条、第五十五条（出示执法证件，执法人员不少于两人）",
        ),
        step(
            "site-check",
            "现场检查",
            Officer,
            true,
            &[R::SiteRecord],
            Procedure,
            "§三(七)四.(二)",
        ),
        step(
            "hear-statement",
            "听取供电用电用户情况说明",
            Officer,
            true,
            &[R::StatementRecord],
            Procedure,
            "§三(七)四.(三)",
        ),
        step(
            "feedback",
            "反馈检查情况",
            Officer,
            false,
            &[R::FeedbackRecord],
            Procedure,
            "§三(七)四.(四)",
        ),
        step(
            "decide",
            "作出检查处理",
            Leader,
            false,
            &[R::ResultReport],
            Decision,
            "§三(七)四.(五)、五",
        ),
        step(
            "follow-up",
            "责令改正后续跟踪",
            Officer,
            true,
            &[R::FollowUpRecord],
            FollowUp,
            "《电力设施保护条例》第二十七条（拒不改正的处罚）；《电力法》第六十五条（情节严重或者拒绝改正的）",
        ),
    ],
    outcomes: &[
        OutcomeDef {
            kind: OutcomeKind::NoProblem,
            basis: "§三(七)四.(五)",
        },
        OutcomeDef {
            kind: OutcomeKind::OrderCorrect,
            basis: "《电力法》第六十五条、《电力设施保护条例》第二十七条（责令改正）",
        },
        OutcomeDef {
            kind: OutcomeKind::PenaltyCase,
            basis: "§三(七)五.(一)（现场处罚）、五.(二)（审查方案→调查取证→告知书→决定书→执行→归档）",
        },
        OutcomeDef {
            kind: OutcomeKind::ReferDepartment,
            basis: "§二 职责边界（不属本局职责的，移送有权部门）",
        },
        OutcomeDef {
            kind: OutcomeKind::ReferPolice,
            basis: "§三(七)五.(三)（触犯法律的，移送公安机关处理）",
        },
    ],
};

/// The offices (股室) of the Anhua bureau and the systems each runs: 县墙体材料改革办公室
/// (§三(三)(四)), 县散装水泥办公室 (§三(五)(六)); power enforcement (§三(七)) is the bureau's own
/// (县工信局 as 电力管理部门), handled by 法制安全股.
pub const OFFICES: [(&str, &[SystemCode]); 3] = [
    (
        "县墙体材料改革办公室",
        &[SystemCode::WallCert, SystemCode::FundRefund],
    ),
    (
        "县散装水泥办公室",
        &[SystemCode::NoSiteMixing, SystemCode::BulkCement],
    ),
    ("法制安全股", &[SystemCode::Power]),
];

/// The office that runs `system`.
pub fn responsible_office(system: SystemCode) -> &'static str {
    OFFICES
        .iter()
        .find(|(_, systems)| systems.contains(&system))
        .map_or(OFFICES[0].0, |(o, _)| o)
}

/// The system whose rules a violation breaks: the list's section whose office handles its cases.
pub fn system_of_violation(v: qingdan_rules::violation::Code) -> SystemCode {
    use qingdan_rules::violation::Code;
    match v {
        Code::BaggedCement | Code::BaggedCementUnapproved | Code::BulkRate => {
            SystemCode::BulkCement
        }
        Code::SiteMixing | Code::SiteMixingUnapproved => SystemCode::NoSiteMixing,
        Code::ClayBrick => SystemCode::WallCert,
        Code::WallFundArrears => SystemCode::FundRefund,
        Code::ElectricityTheft | Code::PowerFacility | Code::PowerOrder => SystemCode::Power,
    }
}

/// The office the list makes responsible for a violation's penalty case (bagged cement:
/// 县散装水泥办公室).
pub fn office_for_violation(v: qingdan_rules::violation::Code) -> &'static str {
    responsible_office(system_of_violation(v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn codes_round_trip_and_match_serde() {
        for s in SystemCode::ALL {
            assert_eq!(SystemCode::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.as_str())
            );
            assert_eq!(s.def().code, s);
        }
    }

    #[test]
    fn every_system_is_well_declared() {
        for s in SystemCode::ALL {
            let d = s.def();
            assert!(d.section.starts_with("§三("), "{}", d.section);
            assert!(!d.targets.is_empty() && !d.checklist.is_empty());
            let codes: BTreeSet<&str> = d.steps.iter().map(|st| st.code).collect();
            assert_eq!(codes.len(), d.steps.len(), "{}: step codes unique", d.title);
            assert_eq!(
                d.steps
                    .iter()
                    .filter(|st| st.phase == Phase::Decision)
                    .count(),
                1
            );
            assert_eq!(
                d.steps
                    .iter()
                    .filter(|st| st.phase == Phase::FollowUp)
                    .count(),
                1
            );
            // Procedure steps come first, then the decision, then the follow-up.
            let phases: Vec<Phase> = d.steps.iter().map(|st| st.phase).collect();
            let decision_at = phases.iter().position(|p| *p == Phase::Decision).unwrap();
            assert!(phases[..decision_at].iter().all(|p| *p == Phase::Procedure));
            assert_eq!(phases.last(), Some(&Phase::FollowUp));
            for st in d.steps {
                assert!(
                    !st.basis.is_empty() && !st.records.is_empty(),
                    "{}",
                    st.code
                );
            }
            assert!(d.outcome(OutcomeKind::NoProblem).is_some());
            assert!(d.outcome(OutcomeKind::OrderCorrect).is_some());
            for o in d.outcomes {
                assert!(!o.basis.is_empty());
            }
        }
    }

    /// The steps as the list gives them, in order (table rows cite the list).
    #[test]
    fn steps_follow_the_list() {
        let rows: [(SystemCode, &[&str]); 5] = [
            // §三(三)四.(一)–(五)
            (
                SystemCode::WallCert,
                &[
                    "企业提交书面材料",
                    "现场查看企业生产设备设施，对认定产品进行现场质量抽样",
                    "听取企业汇报",
                    "反馈检查情况",
                    "作出检查处理",
                ],
            ),
            // §三(四)四.(一)–(五)
            (
                SystemCode::FundRefund,
                &[
                    "建设单位、墙材企业提交书面申请材料或投诉立案通知",
                    "现场检查建筑工程墙体材料使用情况，核实墙体材料产品来源和相关证书",
                    "听取建设单位情况说明",
                    "反馈检查情况",
                    "作出检查处理",
                ],
            ),
            // §三(五)四.(一)–(四)
            (
                SystemCode::NoSiteMixing,
                &[
                    "填写项目检查审批表，报分管领导批准启动",
                    "实地走访核实建设工程项目水泥使用情况",
                    "对确实存在违法行为情况的，依法定程序责令停止违法行为，作出处罚",
                    "对违法行为人改正情况开展后续跟踪",
                ],
            ),
            // §三(六)四
            (
                SystemCode::BulkCement,
                &[
                    "企业提交书面材料",
                    "现场查看设施设备",
                    "听取企业汇报",
                    "反馈检查情况",
                    "作出检查处理",
                ],
            ),
            // §三(七)三 and 四.(一)–(五)
            (
                SystemCode::Power,
                &[
                    "入企业检查经县优办批准",
                    "出示执法证",
                    "现场检查",
                    "听取供电用电用户情况说明",
                    "反馈检查情况",
                    "作出检查处理",
                ],
            ),
        ];
        for (system, names) in rows {
            let declared: Vec<&str> = system
                .def()
                .steps
                .iter()
                .take(names.len())
                .map(|s| s.name)
                .collect();
            assert_eq!(declared, names, "{}", system.as_str());
        }
        // §三(五)四.(一): the leader approves the start; §三(七)三: 县优办 before entering.
        assert_eq!(NO_SITE_MIXING.steps[0].actor, Actor::Leader);
        assert_eq!(POWER.steps[0].actor, Actor::External("县优办"));
        assert_eq!(POWER.steps[0].when, When::EntersEnterprise);
    }

    #[test]
    fn outcomes_per_system_follow_the_list() {
        // §三(三)五.(二): revocation only in the certification system.
        for s in SystemCode::ALL {
            assert_eq!(
                s.def().outcome(OutcomeKind::RevokeCertificate).is_some(),
                s == SystemCode::WallCert
            );
            // §三(四)五.(一)(二): refund decisions only in the refund system.
            assert_eq!(
                s.def().outcome(OutcomeKind::RefundDenied).is_some(),
                s == SystemCode::FundRefund
            );
        }
        // §三(七)五.(三): 触犯法律的，移送公安机关处理.
        assert!(POWER.outcome(OutcomeKind::ReferPolice).is_some());
        assert_eq!(REVOCATION_CONDITIONS.len(), 7);
        assert_eq!(REFUND_DENIAL_CONDITIONS.len(), 4);
    }
}
