//! The rules on the wire: the assessment and late-fee requests and answers of
//! `POST /api/v1/rules/assess` and `POST /api/v1/rules/late-fee` (and of `qingdan assess
//! --json`), and their parsing into `qingdan-rules` inputs with a Chinese message naming the
//! field of any problem. The API and the CLI both parse here, so they accept and refuse exactly
//! the same input.

use crate::AppError;
use jiff::civil::Date;
use qingdan_rules::{
    AssessInput, Assessment, Circumstance, Code, Declared, Engine, Harm, LateFee, LateFeeInput,
    LateFeeKind, Law, PartyKind, Procedure, RuleError,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::str::FromStr;
use utoipa::ToSchema;

/// What the officer declares.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FactsDto {
    /// 已在责令改正的期限内改正（“逾期不改正的”才罚款的违法行为需要）。
    pub corrected_by_deadline: Option<bool>,
    /// 初次违法。
    pub first_offence: Option<bool>,
    /// 违法事实确凿、事实清楚（简易程序的前提）。
    pub facts_clear: Option<bool>,
    /// 当事人无异议（电力案件现场处罚的前提）。
    pub no_objection: Option<bool>,
    /// 危害后果：none（没有）、minor（轻微）、serious（严重）。
    pub harm: Option<String>,
    /// 执法人员在法定幅度内的建议罚款（十进制字符串），也决定程序。
    #[schema(value_type = Option<String>, example = "3500.00")]
    pub proposed_fine: Option<Value>,
    /// 情节：promptly-corrected（及时改正）、harm-removed（主动消除或者减轻危害后果）、coerced（受胁迫或者诱骗）、
    /// confessed（主动供述尚未掌握的违法行为）、meritorious（有立功表现）、repeat（再次违法）、obstruction（阻碍执法）。
    pub circumstances: Option<Vec<String>>,
}

/// An assessment request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessRequest {
    /// 违法行为代码：bagged-cement、bagged-cement-unapproved、site-mixing、site-mixing-unapproved、clay-brick、
    /// wall-fund-arrears、bulk-rate、electricity-theft、power-facility、power-order。
    pub violation: String,
    /// 数量（十进制字符串）：吨、立方米、元（应交电费、欠缴基金）或百分比（使用率）。
    #[schema(value_type = Option<String>, example = "12.5")]
    pub quantity: Option<Value>,
    /// citizen（公民）或 organization（法人或者其他组织）。
    pub party: String,
    /// 违法行为发生日期 YYYY-MM-DD。
    pub on: String,
    /// 作出决定的日期 YYYY-MM-DD，默认今天（用于从旧兼从轻和程序规定）。
    pub decided_on: Option<String>,
    /// 情节与事实。
    #[serde(default)]
    pub facts: Option<FactsDto>,
}

/// A fine with its legal range.
#[derive(Debug, Serialize, ToSchema)]
pub struct FineDto {
    /// 罚款金额。
    pub amount: String,
    /// 法定下限。
    pub min: String,
    /// 法定上限。
    pub max: String,
}

/// The assessment.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssessResponse {
    /// 违法行为代码。
    pub violation: String,
    /// 违法行为。
    pub violation_name: String,
    /// 执法主体。
    pub enforcer: String,
    /// 应移送的部门（本局不予处罚时）。
    pub refer_to: Option<String>,
    /// 罚款以外的措施。
    pub measures: Vec<String>,
    /// 本局作出的罚款；无罚款时为 null。
    pub fine: Option<FineDto>,
    /// 法定罚款标准（移送或前提未满足、本局不罚款时供参考）。
    pub statutory_fine: Option<FineDto>,
    /// 裁量档次：不予处罚、减轻、从轻、一般、从重。
    pub tier: Option<String>,
    /// simple（简易程序）或 general（普通程序）。
    pub procedure: String,
    /// 当事人是否有权要求听证。
    pub hearing_right: bool,
    /// 是否可以当场收缴罚款。
    pub collect_on_the_spot: bool,
    /// 适用的是行为时（act）还是决定时（decision）的规定。
    pub rule_of: String,
    /// 适用的法律依据。
    pub basis: Vec<String>,
    /// 说明理由。
    pub reasons: Vec<String>,
}

fn fine_dto(f: qingdan_rules::Fine) -> FineDto {
    FineDto {
        amount: f.amount.to_string(),
        min: f.min.to_string(),
        max: f.max.to_string(),
    }
}

impl From<Assessment> for AssessResponse {
    fn from(a: Assessment) -> Self {
        AssessResponse {
            violation: a.violation.as_str().to_string(),
            violation_name: a.violation_name.to_string(),
            enforcer: a.enforcer.to_string(),
            refer_to: a.refer_to.map(str::to_string),
            measures: a.measures.iter().map(|m| m.to_string()).collect(),
            fine: a.fine.map(fine_dto),
            statutory_fine: a.statutory_fine.map(fine_dto),
            tier: a.tier.map(|t| t.label().to_string()),
            procedure: match a.procedure {
                Procedure::Simple => "simple",
                Procedure::General => "general",
            }
            .to_string(),
            hearing_right: a.hearing_right,
            collect_on_the_spot: a.collect_on_the_spot,
            rule_of: a.rule_of.to_string(),
            basis: a.basis,
            reasons: a.reasons,
        }
    }
}

/// A rule error as a refused field (400), naming its field (`body` when it names none).
pub fn rule_error(e: RuleError) -> AppError {
    let field = e.field().unwrap_or("body");
    AppError::invalid("invalid_input", field, e.to_string())
}

/// A decimal from a JSON string (“12.5”) or number.
pub fn decimal(field: &'static str, v: &Value) -> Result<Decimal, AppError> {
    let text = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    Decimal::from_str(&text).map_err(|_| {
        AppError::invalid(
            "invalid_input",
            field,
            format!("“{field}”应为十进制数字字符串，如 \"12.5\"，实为 {v}"),
        )
    })
}

/// A date `YYYY-MM-DD`.
pub fn date(field: &'static str, s: &str) -> Result<Date, AppError> {
    let ok =
        s.len() == 10 && s.as_bytes().get(4) == Some(&b'-') && s.as_bytes().get(7) == Some(&b'-');
    ok.then(|| Date::from_str(s).ok()).flatten().ok_or_else(|| {
        AppError::invalid(
            "invalid_input",
            field,
            format!("“{field}”应为 YYYY-MM-DD 格式的有效日期，实为“{s}”"),
        )
    })
}

/// Parses a request into the engine's input (the API, the pages and the CLI all use it, so
/// they refuse alike).
pub fn assess_input(r: AssessRequest, today: Date) -> Result<AssessInput, AppError> {
    let code = Code::from_str(r.violation.trim()).map_err(|()| {
        AppError::invalid(
            "invalid_input",
            "violation",
            format!(
                "未知的违法行为代码“{}”，可选：{}",
                r.violation,
                Code::ALL
                    .iter()
                    .map(|c| c.as_str())
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        )
    })?;
    let party = match r.party.trim() {
        "citizen" => PartyKind::Citizen,
        "organization" => PartyKind::Organization,
        other => {
            return Err(AppError::invalid(
                "invalid_input",
                "party",
                format!(
                    "当事人类型应为 citizen（公民）或 organization（法人或者其他组织），实为“{other}”"
                ),
            ));
        }
    };
    let on = date("on", r.on.trim())?;
    let decided_on = match r.decided_on.as_deref() {
        Some(s) => date("decided_on", s.trim())?,
        None => today,
    };
    if on > today {
        return Err(AppError::invalid(
            "invalid_input",
            "on",
            format!("违法行为发生日期 {on} 晚于今天 {today}"),
        ));
    }
    let quantity = r
        .quantity
        .as_ref()
        .filter(|v| !v.is_null())
        .map(|v| decimal("quantity", v))
        .transpose()?;
    let facts = r.facts.unwrap_or_default();
    let harm = match facts.harm.as_deref().map(str::trim) {
        None | Some("") => None,
        Some("none") => Some(Harm::None),
        Some("minor") => Some(Harm::Minor),
        Some("serious") => Some(Harm::Serious),
        Some(other) => {
            return Err(AppError::invalid(
                "invalid_input",
                "facts.harm",
                format!("危害后果应为 none、minor 或 serious，实为“{other}”"),
            ));
        }
    };
    let mut circumstances = Vec::new();
    for c in facts.circumstances.unwrap_or_default() {
        let parsed = Circumstance::from_str(c.trim()).map_err(|()| {
            AppError::invalid(
                "invalid_input",
                "facts.circumstances",
                format!(
                    "未知的情节“{c}”，可选：{}",
                    Circumstance::ALL
                        .iter()
                        .map(|c| c.code())
                        .collect::<Vec<_>>()
                        .join("、")
                ),
            )
        })?;
        if !circumstances.contains(&parsed) {
            circumstances.push(parsed);
        }
    }
    let proposed_fine = facts
        .proposed_fine
        .as_ref()
        .filter(|v| !v.is_null())
        .map(|v| decimal("facts.proposed_fine", v))
        .transpose()?;
    Ok(AssessInput {
        code,
        quantity,
        party,
        on,
        decided_on,
        declared: Declared {
            corrected_by_deadline: facts.corrected_by_deadline,
            first_offence: facts.first_offence,
            harm,
            circumstances,
        },
        facts_clear: facts.facts_clear,
        no_objection: facts.no_objection,
        proposed_fine,
    })
}

/// Assesses a request on `today` with `engine`: enforcer, measures, fine and range, tier,
/// procedure, basis and reasons.
pub fn assess(
    engine: &Engine,
    request: AssessRequest,
    today: Date,
) -> Result<AssessResponse, AppError> {
    let input = assess_input(request, today)?;
    let assessment = engine.assess(&input).map_err(rule_error)?;
    Ok(assessment.into())
}

/// A late-fee request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LateFeeRequest {
    /// wall-fund（新型墙体材料专项基金滞纳金，日万分之五）或 fine（逾期缴纳罚款，日3%）。
    pub kind: String,
    /// 本金（十进制字符串）。
    #[schema(value_type = String, example = "10000.00")]
    pub principal: Value,
    /// 应缴日期（最后缴纳日）YYYY-MM-DD。
    pub due: String,
    /// 实际缴纳日期 YYYY-MM-DD。
    pub paid_on: String,
    /// 不计入的天数（复议、诉讼期间），默认 0。
    pub excluded_days: Option<i64>,
}

/// A late fee.
#[derive(Debug, Serialize, ToSchema)]
pub struct LateFeeResponse {
    /// 计算天数。
    pub days: i64,
    /// 日比例。
    pub rate: String,
    /// 滞纳金或加处罚款。
    pub amount: String,
    /// 是否以本金为限封顶。
    pub capped: bool,
    /// 依据。
    pub basis: Vec<String>,
    /// 计算过程。
    pub reasons: Vec<String>,
}

impl From<LateFee> for LateFeeResponse {
    fn from(fee: LateFee) -> Self {
        LateFeeResponse {
            days: fee.days,
            rate: fee.rate.normalize().to_string(),
            amount: fee.amount.to_string(),
            capped: fee.capped,
            basis: fee.basis,
            reasons: fee.reasons,
        }
    }
}

/// Parses a late-fee request into the engine's input (field errors in Chinese).
pub fn late_fee_input(r: LateFeeRequest) -> Result<LateFeeInput, AppError> {
    let kind = match r.kind.trim() {
        "wall-fund" => LateFeeKind::WallFund,
        "fine" => LateFeeKind::Fine,
        other => {
            return Err(AppError::invalid(
                "invalid_input",
                "kind",
                format!("滞纳金种类应为 wall-fund 或 fine，实为“{other}”"),
            ));
        }
    };
    Ok(LateFeeInput {
        kind,
        principal: decimal("principal", &r.principal)?,
        due: date("due", r.due.trim())?,
        paid_on: date("paid_on", r.paid_on.trim())?,
        excluded_days: r.excluded_days.unwrap_or(0),
    })
}

/// Computes a late fee under `law` (wall fund 0.05% a day; fine 3% a day), never above the
/// principal.
pub fn late_fee(law: &Law, request: LateFeeRequest) -> Result<LateFeeResponse, AppError> {
    let input = late_fee_input(request)?;
    let fee = qingdan_rules::late_fee(law, &input).map_err(rule_error)?;
    Ok(fee.into())
}
