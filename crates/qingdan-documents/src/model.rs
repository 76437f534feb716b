//! The documents' data. Every text is already formatted by the caller (dates such as
//! “2026年3月9日”, provisions cited in full); amounts are decimal strings such as `"750.00"`.

use serde::{Deserialize, Serialize};

/// The party a document is addressed to or concerns (当事人).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// Name of the organisation or person.
    pub name: String,
    /// 统一社会信用代码, for an organisation.
    #[serde(default)]
    pub uscc: Option<String>,
    /// 住所（地址）.
    #[serde(default)]
    pub address: Option<String>,
    /// 法定代表人（负责人）.
    #[serde(default)]
    pub representative: Option<String>,
}

/// 检查审批表: approval to inspect, a table form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InspectionApproval {
    /// The bureau issuing the document, e.g. “安化县工业和信息化局”.
    pub bureau: String,
    /// 文书编号.
    pub number: String,
    /// Date of the form, already formatted.
    pub issued_on: String,
    /// The party to be inspected.
    pub party: Party,
    /// 检查对象 (the site, project or premises).
    pub subject: String,
    /// 检查事项.
    pub matter: String,
    /// 检查依据, each provision in full.
    #[serde(default)]
    pub basis: Vec<String>,
    /// 执法人员: (name, enforcement certificate number).
    #[serde(default)]
    pub officers: Vec<(String, String)>,
    /// 拟检查时间.
    pub planned_on: String,
    /// 承办人意见.
    pub applicant_opinion: String,
    /// 审批人意见, blank on the form until approved.
    #[serde(default)]
    pub approver_opinion: Option<String>,
    /// 审批人.
    #[serde(default)]
    pub approver: Option<String>,
    /// 审批日期.
    #[serde(default)]
    pub approved_on: Option<String>,
}

/// 责令改正通知书: order to correct by a deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrectionOrder {
    /// The bureau issuing the document.
    pub bureau: String,
    /// 文书编号.
    pub number: String,
    /// Date of issue, already formatted.
    pub issued_on: String,
    /// The party ordered to correct.
    pub party: Party,
    /// The facts found; a line break starts a new paragraph.
    pub facts: String,
    /// The provisions violated and the provision ordering correction, each in full.
    #[serde(default)]
    pub basis: Vec<String>,
    /// What the party must do.
    pub order: String,
    /// The deadline, e.g. “2026年3月24日”.
    pub deadline: String,
}

/// 行政处罚告知书: advance notice of an intended penalty (行政处罚法第四十四条).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PenaltyNotice {
    /// The bureau issuing the document.
    pub bureau: String,
    /// 文书编号.
    pub number: String,
    /// Date of issue, already formatted.
    pub issued_on: String,
    /// The party notified.
    pub party: Party,
    /// The facts found; a line break starts a new paragraph.
    pub facts: String,
    /// The evidence, one item each.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// Provisions violated, each in full.
    #[serde(default)]
    pub violated: Vec<String>,
    /// Penalty provisions, each in full.
    #[serde(default)]
    pub basis: Vec<String>,
    /// The intended penalty, e.g. “罚款人民币750.00元”.
    pub proposed_penalty: String,
    /// The fine as a decimal string, printed again with its capital numerals.
    #[serde(default)]
    pub amount: Option<String>,
    /// Last day to make a statement or defence (陈述、申辩).
    pub statement_deadline: String,
    /// Whether the party may ask for a hearing (行政处罚法第六十三条).
    pub hearing_right: bool,
    /// Last day to ask for a hearing; five days after notice when absent.
    #[serde(default)]
    pub hearing_deadline: Option<String>,
    /// Contact person, address and telephone.
    pub contact: String,
}

/// 行政处罚决定书: the penalty decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PenaltyDecision {
    /// The bureau issuing the document.
    pub bureau: String,
    /// 文书编号.
    pub number: String,
    /// Date of the decision, already formatted.
    pub issued_on: String,
    /// The party penalised.
    pub party: Party,
    /// The facts found; a line break starts a new paragraph.
    pub facts: String,
    /// The evidence, one item each.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// 陈述申辩/听证情况 and how it was dealt with.
    #[serde(default)]
    pub statement_summary: Option<String>,
    /// 说明理由: the reasons, one paragraph each.
    #[serde(default)]
    pub reasons: Vec<String>,
    /// The provisions applied, each in full.
    #[serde(default)]
    pub basis: Vec<String>,
    /// The penalty, e.g. “罚款人民币750.00元”.
    pub penalty: String,
    /// The fine as a decimal string, printed again with its capital numerals.
    #[serde(default)]
    pub amount: Option<String>,
    /// Other measures (e.g. 责令改正), one each.
    #[serde(default)]
    pub measures: Vec<String>,
    /// When to pay, e.g. “收到本决定书之日起十五日内”.
    pub pay_within: String,
    /// Where to pay (bank, account).
    pub pay_to: String,
    /// Print the surcharge of 3 % a day (行政处罚法第七十二条).
    pub surcharge_notice: bool,
    /// 行政复议机关, e.g. “安化县人民政府”.
    pub review_body: String,
    /// The court for 行政诉讼, e.g. “安化县人民法院”.
    pub court: String,
}

/// 送达回证: proof of service, a table form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceReceipt {
    /// The bureau serving the document.
    pub bureau: String,
    /// 文书编号 of the receipt.
    pub number: String,
    /// Date of the form, already formatted.
    pub issued_on: String,
    /// The party of the case.
    pub party: Party,
    /// 送达文书名称及文号.
    pub served_document: String,
    /// 受送达人.
    pub recipient: String,
    /// 送达地点.
    pub place: String,
    /// 送达方式 (直接送达、留置送达、邮寄送达…).
    pub method: String,
    /// 送达时间; blank for the recipient to fill in when absent.
    #[serde(default)]
    pub served_on: Option<String>,
    /// 送达人.
    #[serde(default)]
    pub servers: Vec<String>,
    /// 备注.
    #[serde(default)]
    pub note: Option<String>,
}

/// A document to render. Serialised with a `kind` tag (see [`Document::kind`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Document {
    /// 检查审批表.
    InspectionApproval(InspectionApproval),
    /// 责令改正通知书.
    CorrectionOrder(CorrectionOrder),
    /// 行政处罚告知书.
    PenaltyNotice(PenaltyNotice),
    /// 行政处罚决定书.
    PenaltyDecision(PenaltyDecision),
    /// 送达回证.
    ServiceReceipt(ServiceReceipt),
}

impl Document {
    /// Every kind, in the order of a case.
    pub const KINDS: [&'static str; 5] = [
        "inspection_approval",
        "correction_order",
        "penalty_notice",
        "penalty_decision",
        "service_receipt",
    ];

    /// A stable snake_case name, e.g. `"penalty_decision"` (the serde tag).
    pub fn kind(&self) -> &'static str {
        match self {
            Document::InspectionApproval(_) => "inspection_approval",
            Document::CorrectionOrder(_) => "correction_order",
            Document::PenaltyNotice(_) => "penalty_notice",
            Document::PenaltyDecision(_) => "penalty_decision",
            Document::ServiceReceipt(_) => "service_receipt",
        }
    }

    /// The Chinese title printed on the document, e.g. “行政处罚决定书”.
    pub fn title(&self) -> &'static str {
        match self {
            Document::InspectionApproval(_) => "检查审批表",
            Document::CorrectionOrder(_) => "责令改正通知书",
            Document::PenaltyNotice(_) => "行政处罚告知书",
            Document::PenaltyDecision(_) => "行政处罚决定书",
            Document::ServiceReceipt(_) => "送达回证",
        }
    }

    /// The bureau issuing the document.
    pub fn bureau(&self) -> &str {
        self.common().0
    }

    /// The document's number (文书编号).
    pub fn number(&self) -> &str {
        self.common().1
    }

    /// (bureau, number, issued_on, party).
    pub(crate) fn common(&self) -> (&str, &str, &str, &Party) {
        match self {
            Document::InspectionApproval(d) => (&d.bureau, &d.number, &d.issued_on, &d.party),
            Document::CorrectionOrder(d) => (&d.bureau, &d.number, &d.issued_on, &d.party),
            Document::PenaltyNotice(d) => (&d.bureau, &d.number, &d.issued_on, &d.party),
            Document::PenaltyDecision(d) => (&d.bureau, &d.number, &d.issued_on, &d.party),
            Document::ServiceReceipt(d) => (&d.bureau, &d.number, &d.issued_on, &d.party),
        }
    }

    /// The fine to print in capital numerals, if the kind has one, with the penalty's text.
    pub(crate) fn amount(&self) -> Option<(&str, &str)> {
        match self {
            Document::PenaltyNotice(d) => Some((d.amount.as_deref()?, &d.proposed_penalty)),
            Document::PenaltyDecision(d) => Some((d.amount.as_deref()?, &d.penalty)),
            _ => None,
        }
    }
}
