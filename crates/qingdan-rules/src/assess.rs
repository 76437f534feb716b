//! Assessing a violation: the measures, the fine and its range, the tier, the procedure, and
//! the reasons, under 从旧兼从轻 (行政处罚法 art. 37).

use crate::dated::Period;
use crate::discretion::{Benchmark, Declared, Harm, Tier, choose_tier};
use crate::error::RuleError;
use crate::law::{Law, PartyKind};
use crate::money::{fmt_yuan, round_yuan};
use crate::source::{Source, law};
use crate::violation::{Code, Measure, Penalty, Precondition, RuleBook, Terms, Unit, dates};
use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Serialize;

/// What is asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessInput {
    /// The violation.
    pub code: Code,
    /// The quantity in the violation's unit (tons, m³, yuan, percent); not needed for some.
    pub quantity: Option<Decimal>,
    /// Citizen or organisation.
    pub party: PartyKind,
    /// The day of the act.
    pub on: Date,
    /// The day of the decision (today, from the caller's clock).
    pub decided_on: Date,
    /// What the officer declares.
    pub declared: Declared,
    /// 违法事实确凿 / 事实清楚.
    pub facts_clear: Option<bool>,
    /// 当事人无异议.
    pub no_objection: Option<bool>,
    /// The officer's proposed fine within the range.
    pub proposed_fine: Option<Decimal>,
}

/// A fine: the amount and the legal range it lies in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Fine {
    /// The amount to impose.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// The legal minimum.
    #[serde(with = "rust_decimal::serde::str")]
    pub min: Decimal,
    /// The legal maximum.
    #[serde(with = "rust_decimal::serde::str")]
    pub max: Decimal,
}

/// Simple (on-the-spot) or general procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Procedure {
    /// 简易程序（当场处罚）.
    Simple,
    /// 普通程序.
    General,
}

/// The answer, with its reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assessment {
    /// The violation code.
    pub violation: Code,
    /// The violation in Chinese.
    pub violation_name: &'static str,
    /// Who enforces.
    pub enforcer: &'static str,
    /// Where to refer instead of penalising.
    pub refer_to: Option<&'static str>,
    /// Measures other than the fine.
    pub measures: Vec<&'static str>,
    /// The fine this bureau imposes, if any.
    pub fine: Option<Fine>,
    /// The fine the law sets even where this bureau imposes none (a referred case, a
    /// precondition not yet met), for information.
    pub statutory_fine: Option<Fine>,
    /// The discretion tier, for a fine with discretion.
    pub tier: Option<Tier>,
    /// The procedure.
    pub procedure: Procedure,
    /// Whether the party may ask for a hearing (较大数额罚款).
    pub hearing_right: bool,
    /// Whether the fine may be collected on the spot.
    pub collect_on_the_spot: bool,
    /// Which day's rule was applied: `act` or `decision`.
    pub rule_of: &'static str,
    /// The provisions applied.
    pub basis: Vec<String>,
    /// Why, in Chinese sentences fit for a decision's 说明理由.
    pub reasons: Vec<String>,
}

/// The engine: a rule book, the law, and a discretion benchmark.
#[derive(Debug, Clone)]
pub struct Engine {
    /// The violations.
    pub book: RuleBook,
    /// The national and provincial parameters.
    pub law: Law,
    /// The discretion benchmark.
    pub benchmark: Benchmark,
}

impl Default for Engine {
    fn default() -> Self {
        Engine {
            book: RuleBook::anhua(),
            law: Law::current(),
            benchmark: Benchmark::default_v1(),
        }
    }
}

/// One day's evaluation of the fine.
struct Evaluated {
    terms: Terms,
    source: Source,
    /// The legal range for this quantity.
    range: Option<(Decimal, Decimal)>,
    /// The fine to impose (None: no fine).
    fine: Option<Decimal>,
    /// Whether the precondition for the fine holds.
    applies: bool,
    tier: Option<Tier>,
    reasons: Vec<String>,
}

impl Engine {
    /// Assesses one violation.
    pub fn assess(&self, input: &AssessInput) -> Result<Assessment, RuleError> {
        let dated = self.book.rule(input.code).ok_or_else(|| {
            RuleError::invalid("violation", format!("规则库中没有违法行为“{}”", input.code))
        })?;
        if input.decided_on < input.on {
            return Err(RuleError::invalid(
                "decided_on",
                format!(
                    "决定日期 {} 早于违法行为发生日期 {}",
                    input.decided_on, input.on
                ),
            ));
        }
        if input.code == Code::WallFundArrears && input.on >= dates::WALL_FUND_ABOLISHED {
            return Err(RuleError::invalid(
                "on",
                format!(
                    "新型墙体材料专项基金自 {} 起取消征收（{}），{} 不存在应缴基金，不能认定欠缴",
                    dates::WALL_FUND_ABOLISHED,
                    law::WALL_FUND_ABOLISHED,
                    input.on
                ),
            ));
        }
        let at_act = dated.at(input.on).map_err(|_| RuleError::Invalid {
            field: "on",
            message: format!(
                "违法行为发生日 {} 时尚无“{}”的处罚规定（{} 起施行），依法不予处罚",
                input.on,
                dated.name,
                dated
                    .periods
                    .first()
                    .map(|p| p.from.to_string())
                    .unwrap_or_default()
            ),
        })?;
        let quantity = self.check_quantity(&at_act.value, input.quantity)?;
        let act = self.evaluate(at_act, quantity, input)?;
        // 从旧兼从轻 (art. 37): the rule at the time of the act, unless the rule at the time of
        // the decision is lighter. Fund collection is not a penalty: the act's rule stands.
        let mut reasons = Vec::new();
        let art37 = Source::new(law::PENALTY_LAW, "第三十七条", "");
        let (chosen, rule_of) = if at_act.value.penalty == Penalty::None {
            (act, "act")
        } else {
            match dated.at(input.decided_on) {
                Err(_) => {
                    reasons.push(format!(
                        "作出决定时（{}）该处罚规定已不再施行；依{art37}“从旧兼从轻”，不再给予罚款",
                        input.decided_on
                    ));
                    let mut e = act;
                    e.fine = None;
                    e.tier = None;
                    (e, "decision")
                }
                Ok(at_decision) if std::ptr::eq(at_decision, at_act) => (act, "act"),
                Ok(at_decision) => {
                    let later = self.evaluate(at_decision, quantity, input)?;
                    let weight = |e: &Evaluated| e.fine.unwrap_or(Decimal::ZERO);
                    if weight(&later) < weight(&act) {
                        reasons.push(format!(
                            "违法行为发生时（{}）适用{}，罚款 {}；作出决定时（{}）适用{}，罚款 {}。依{art37}，适用较轻的决定时规定",
                            input.on, act.source, show(act.fine), input.decided_on, later.source, show(later.fine)
                        ));
                        (later, "decision")
                    } else {
                        reasons.push(format!(
                            "违法行为发生时（{}）适用{}；作出决定时（{}）的规定（{}）不比其轻。依{art37}，适用违法行为发生时的规定",
                            input.on, act.source, input.decided_on, later.source
                        ));
                        (act, "act")
                    }
                }
            }
        };
        self.finish(input, chosen, rule_of, reasons)
    }

    fn check_quantity(&self, terms: &Terms, q: Option<Decimal>) -> Result<Decimal, RuleError> {
        match terms.unit {
            Unit::None => Ok(q.unwrap_or(Decimal::ZERO)),
            unit => {
                let q = q.ok_or_else(|| {
                    RuleError::invalid(
                        "quantity",
                        format!("请填写数量（单位：{}）", unit_name(unit)),
                    )
                })?;
                if q <= Decimal::ZERO {
                    return Err(RuleError::invalid(
                        "quantity",
                        format!("数量应大于 0，实为 {q}"),
                    ));
                }
                if unit == Unit::Percent && q > Decimal::from(100) {
                    return Err(RuleError::invalid(
                        "quantity",
                        format!("使用率应在 0 到 100 之间，实为 {q}"),
                    ));
                }
                if q > Decimal::from(1_000_000_000_i64) {
                    return Err(RuleError::invalid(
                        "quantity",
                        format!("数量 {q} 超出合理范围"),
                    ));
                }
                Ok(q)
            }
        }
    }

    fn evaluate(
        &self,
        period: &Period<Terms>,
        quantity: Decimal,
        input: &AssessInput,
    ) -> Result<Evaluated, RuleError> {
        let terms = &period.value;
        let mut reasons = Vec::new();
        let source = period.source;
        let per = |rate: Decimal| round_yuan(rate * quantity);
        let range = match terms.penalty {
            Penalty::Rate { rate } => {
                let amount = per(rate);
                reasons.push(format!(
                    "依{source}，按每{}{}元的标准处以罚款：{} {} × {} 元 = {} 元",
                    terms.unit.label(),
                    rate,
                    quantity.normalize(),
                    terms.unit.label(),
                    rate,
                    fmt_yuan(amount)
                ));
                Some((amount, amount))
            }
            Penalty::RateRange { min, max } => {
                let (lo, hi) = (per(min), per(max));
                reasons.push(format!(
                    "依{source}，按核查使用量处每{}{}元以上、{}元以下罚款：{} {} → {} 元至 {} 元",
                    terms.unit.label(),
                    min,
                    max,
                    quantity.normalize(),
                    terms.unit.label(),
                    fmt_yuan(lo),
                    fmt_yuan(hi)
                ));
                Some((lo, hi))
            }
            Penalty::UpToMultiple { times } => {
                let hi = per(times);
                reasons.push(format!(
                    "依{source}，处应交电费{}倍以下罚款：应交电费 {} 元 × {} = {} 元以下",
                    times,
                    fmt_yuan(round_yuan(quantity)),
                    times,
                    fmt_yuan(hi)
                ));
                Some((round_yuan(Decimal::ZERO), hi))
            }
            Penalty::UpTo { max } => {
                reasons.push(format!("依{source}，可处 {} 元以下罚款", fmt_yuan(max)));
                Some((round_yuan(Decimal::ZERO), round_yuan(max)))
            }
            Penalty::None => None,
        };
        let corrected = input.declared.corrected_by_deadline;
        let applies = match terms.precondition {
            Precondition::Always => true,
            Precondition::NotCorrected => match corrected {
                Some(false) => {
                    reasons.push("经责令限期改正，逾期未改正，可依法处以罚款".into());
                    true
                }
                Some(true) => {
                    reasons.push(format!(
                        "已在限期内改正；{source}规定逾期不改正的方处罚款，故不予罚款"
                    ));
                    false
                }
                None => {
                    reasons.push(format!(
                            "{source}规定逾期不改正的方处罚款：先责令限期改正，期满后确认是否改正（corrected_by_deadline）再定罚款"
                        ));
                    false
                }
            },
            Precondition::SeriousOrNotCorrected => {
                let serious = input.declared.harm == Some(Harm::Serious);
                if serious || corrected == Some(false) {
                    reasons.push(format!(
                        "{}，依{source}可以处以罚款",
                        if serious {
                            "情节严重"
                        } else {
                            "拒绝改正"
                        }
                    ));
                    true
                } else {
                    reasons.push(format!(
                        "情节不严重且未拒绝改正，依{source}责令改正、给予警告，不处罚款"
                    ));
                    false
                }
            }
        };
        let mut tier = None;
        let mut fine = None;
        if let (Some((lo, hi)), true) = (range, applies && terms.refer_to.is_none()) {
            let (t, why) = choose_tier(&self.benchmark, &input.declared);
            reasons.extend(why);
            let suggested = match t {
                Tier::Exempt => None,
                Tier::Reduced => Some(round_yuan(lo * self.benchmark.reduced_share)),
                _ if lo == hi => Some(lo),
                _ => self.benchmark.band(t).map(|b| {
                    let mid = (b.from + b.to) / Decimal::TWO;
                    let amount = round_yuan(lo + (hi - lo) * mid);
                    reasons.push(format!(
                        "依{}（{}），“{}”档为 {} 至 {} 元，取其中值 {} 元",
                        self.benchmark.name,
                        self.benchmark.version,
                        t.label(),
                        fmt_yuan(lo + (hi - lo) * b.from),
                        fmt_yuan(lo + (hi - lo) * b.to),
                        fmt_yuan(amount)
                    ));
                    amount
                }),
            };
            if t == Tier::Reduced {
                reasons.push(format!(
                    "依{}（{}），减轻处罚取法定下限 {} 元的 {}%，即 {} 元",
                    self.benchmark.name,
                    self.benchmark.version,
                    fmt_yuan(lo),
                    (self.benchmark.reduced_share * Decimal::from(100)).normalize(),
                    fmt_yuan(lo * self.benchmark.reduced_share)
                ));
            }
            tier = Some(t);
            fine = suggested;
            if lo == hi && matches!(t, Tier::Lighter | Tier::Ordinary | Tier::Heavier) {
                reasons.push("该罚则为固定标准，无裁量幅度，按标准计罚".into());
            }
            if let Some(p) = input.proposed_fine {
                fine = Some(self.check_proposal(p, lo, hi, t, &mut reasons)?);
            }
            if fine == Some(Decimal::ZERO) {
                fine = None;
            }
        }
        Ok(Evaluated {
            terms: terms.clone(),
            source,
            range,
            fine,
            applies,
            tier,
            reasons,
        })
    }

    fn check_proposal(
        &self,
        p: Decimal,
        lo: Decimal,
        hi: Decimal,
        tier: Tier,
        reasons: &mut Vec<String>,
    ) -> Result<Decimal, RuleError> {
        let p = round_yuan(p);
        if p <= Decimal::ZERO {
            return Err(RuleError::invalid(
                "facts.proposed_fine",
                format!("建议罚款金额应大于 0，实为 {p}"),
            ));
        }
        if p > hi {
            return Err(RuleError::invalid(
                "facts.proposed_fine",
                format!(
                    "建议罚款 {} 元超过法定上限 {} 元",
                    fmt_yuan(p),
                    fmt_yuan(hi)
                ),
            ));
        }
        if p < lo && tier != Tier::Reduced {
            return Err(RuleError::invalid(
                "facts.proposed_fine",
                format!(
                    "建议罚款 {} 元低于法定下限 {} 元；只有具备减轻处罚情节时方可低于下限",
                    fmt_yuan(p),
                    fmt_yuan(lo)
                ),
            ));
        }
        if p >= lo && tier == Tier::Reduced {
            return Err(RuleError::invalid(
                "facts.proposed_fine",
                format!(
                    "适用减轻处罚时罚款应低于法定下限 {} 元，建议金额为 {} 元",
                    fmt_yuan(lo),
                    fmt_yuan(p)
                ),
            ));
        }
        if let Some(band) = self.benchmark.band(tier)
            && hi > lo
        {
            let (blo, bhi) = (
                round_yuan(lo + (hi - lo) * band.from),
                round_yuan(lo + (hi - lo) * band.to),
            );
            if p < blo || p > bhi {
                reasons.push(format!(
                    "建议罚款 {} 元在法定幅度内，但超出“{}”档 {} 至 {} 元，须在决定书中说明理由（裁量偏离，报法制股审核）",
                    fmt_yuan(p),
                    tier.label(),
                    fmt_yuan(blo),
                    fmt_yuan(bhi)
                ));
                return Ok(p);
            }
        }
        reasons.push(format!("采用执法人员建议的罚款金额 {} 元", fmt_yuan(p)));
        Ok(p)
    }

    fn finish(
        &self,
        input: &AssessInput,
        e: Evaluated,
        rule_of: &'static str,
        mut reasons: Vec<String>,
    ) -> Result<Assessment, RuleError> {
        let terms = &e.terms;
        let mut all_reasons = e.reasons;
        all_reasons.append(&mut reasons);
        let mut basis: Vec<String> = vec![terms.punishes.to_string()];
        basis.extend(terms.also.iter().map(ToString::to_string));
        let statutory_fine = e.range.map(|(lo, hi)| Fine {
            amount: if lo == hi {
                lo
            } else {
                round_yuan(Decimal::ZERO)
            },
            min: lo,
            max: hi,
        });
        if let Some(refer) = terms.refer_to {
            all_reasons.push(format!(
                "依清单§二第8项职责边界，该行为由{refer}查处；本局不予处罚，移送{refer}{}",
                statutory_fine
                    .filter(|f| f.min == f.max && e.applies)
                    .map(|f| format!("（法定罚款标准折合 {} 元）", fmt_yuan(f.amount)))
                    .unwrap_or_default()
            ));
        }
        let fine = e
            .fine
            .zip(e.range)
            .map(|(amount, (min, max))| Fine { amount, min, max });
        if input.code == Code::BulkRate
            && let Some(q) = input.quantity
        {
            let threshold = self.law.bulk_rate_threshold.at(input.on)?;
            if q >= threshold.value {
                all_reasons.push(format!(
                    "散装水泥使用率 {}% 已达到 {}% 以上（“以上”含本数，{}），不构成违法",
                    q.normalize(),
                    threshold.value,
                    Source::new(law::CIVIL_CODE, "第一千二百五十九条", "")
                ));
                return Ok(Assessment {
                    violation: input.code,
                    violation_name: terms.name,
                    enforcer: terms.enforcer,
                    refer_to: None,
                    measures: Vec::new(),
                    fine: None,
                    statutory_fine: None,
                    tier: None,
                    procedure: Procedure::Simple,
                    hearing_right: false,
                    collect_on_the_spot: false,
                    rule_of,
                    basis: vec![threshold.source.to_string()],
                    reasons: all_reasons,
                });
            }
            all_reasons.push(format!(
                "散装水泥使用率 {}% 未达到 {}%，依{}限期责令整改；整改不到位的，依《湖南省散装水泥条例》查处",
                q.normalize(),
                threshold.value,
                threshold.source
            ));
        }
        if let Some(note) = terms.note {
            all_reasons.push(format!("说明：{note}"));
        }
        let amount = fine.map(|f| f.amount).unwrap_or(Decimal::ZERO);
        let (procedure, mut why) = self.procedure(input, amount, fine.is_some())?;
        all_reasons.append(&mut why);
        let hearing = self.law.hearing_threshold.at(input.decided_on)?;
        let threshold = hearing.value.for_party(input.party);
        let hearing_right = fine.is_some() && amount >= threshold;
        if hearing_right {
            all_reasons.push(format!(
                "罚款 {} 元达到{}较大数额 {} 元以上，当事人有权要求听证（{}，{}）",
                fmt_yuan(amount),
                input.party.label(),
                fmt_yuan(threshold),
                Source::new(law::PENALTY_LAW, "第六十三条", ""),
                hearing.source
            ));
            basis.push(Source::new(law::PENALTY_LAW, "第六十三条", "").to_string());
        }
        let spot = self.law.spot_collection_cap.at(input.decided_on)?;
        let collect_on_the_spot =
            procedure == Procedure::Simple && fine.is_some() && amount <= spot.value;
        if collect_on_the_spot {
            all_reasons.push(format!(
                "罚款 {} 元在 {} 元以下，可以当场收缴（{}）",
                fmt_yuan(amount),
                spot.value,
                spot.source
            ));
        }
        let mut measures: Vec<&'static str> = terms.measures.iter().map(|m| m.label()).collect();
        if let Some(refer) = terms.refer_to {
            measures.retain(|m| *m != Measure::Refer.label());
            measures.push(match refer {
                crate::violation::enforcer::HOUSING => "移送县住建局处理",
                _ => Measure::Refer.label(),
            });
        }
        if fine.is_none() && e.tier == Some(Tier::Exempt) {
            measures.retain(|m| *m != Measure::Warning.label());
        }
        Ok(Assessment {
            violation: input.code,
            violation_name: terms.name,
            enforcer: terms.enforcer,
            refer_to: terms.refer_to,
            measures,
            fine,
            statutory_fine: if fine.is_none() { statutory_fine } else { None },
            tier: e.tier,
            procedure,
            hearing_right,
            collect_on_the_spot,
            rule_of,
            basis,
            reasons: all_reasons,
        })
    }

    /// Simple or general procedure for a fine of `amount` (0: no fine).
    fn procedure(
        &self,
        input: &AssessInput,
        amount: Decimal,
        has_fine: bool,
    ) -> Result<(Procedure, Vec<String>), RuleError> {
        let mut reasons = Vec::new();
        let cap = self.law.simple_cap.at(input.decided_on)?;
        let party_cap = cap.value.for_party(input.party);
        let mut simple = true;
        if input.facts_clear != Some(true) {
            simple = false;
            reasons.push("未确认违法事实确凿（facts_clear），不适用简易程序".to_string());
        }
        if has_fine && amount > party_cap {
            simple = false;
            reasons.push(format!(
                "对{}罚款 {} 元，超过当场处罚限额 {} 元（{}，“以下”含本数），适用普通程序",
                input.party.label(),
                fmt_yuan(amount),
                fmt_yuan(party_cap),
                cap.source
            ));
        }
        if input.code.is_power_case() {
            let power = self.law.power_spot_threshold.at(input.decided_on)?;
            if input.no_objection != Some(true) {
                simple = false;
                reasons.push(format!(
                    "电力行政案件须当事人无异议方可现场处罚（{}）",
                    power.source
                ));
            }
            if has_fine && amount == power.value {
                simple = false;
                reasons.push(format!(
                    "罚款恰为 {} 元：{}既称“{}元以下”现场处罚，又称“{}元以上”按普通程序，两者均含本数；取给予当事人更多程序权利的普通程序",
                    power.value, power.source, power.value, power.value
                ));
            } else if has_fine && amount > power.value {
                simple = false;
                reasons.push(format!(
                    "罚款在 {} 元以上，依{}按审查方案、调查取证、告知、决定、执行、归档的程序处理",
                    power.value, power.source
                ));
            }
        }
        if simple {
            reasons.push(format!(
                "违法事实确凿，罚款 {} 元未超过对{}的当场处罚限额 {} 元，可以适用简易程序当场作出（{}）",
                fmt_yuan(amount),
                input.party.label(),
                fmt_yuan(party_cap),
                cap.source
            ));
            Ok((Procedure::Simple, reasons))
        } else {
            Ok((Procedure::General, reasons))
        }
    }
}

fn show(fine: Option<Decimal>) -> String {
    fine.map(|f| format!("{} 元", fmt_yuan(f)))
        .unwrap_or_else(|| "不予罚款".into())
}

fn unit_name(u: Unit) -> &'static str {
    match u {
        Unit::Ton => "吨",
        Unit::CubicMetre => "立方米",
        Unit::Yuan => "元",
        Unit::Percent => "百分比",
        Unit::None => "无",
    }
}
