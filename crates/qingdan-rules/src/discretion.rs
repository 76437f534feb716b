//! The discretion benchmark (裁量基准, §三(八)): for a fine with a range, the tier the declared
//! circumstances choose, and the band of the range that tier allows. The benchmark is data the
//! legal section revises; its name and version are cited in every answer.

use crate::source::{Source, law};
use rust_decimal::Decimal;
use serde::Serialize;
use std::str::FromStr;

/// A circumstance an officer declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Circumstance {
    /// 及时改正.
    PromptlyCorrected,
    /// 主动消除或者减轻违法行为危害后果 (art. 32 (一)).
    HarmRemoved,
    /// 受他人胁迫或者诱骗实施违法行为 (art. 32 (二)).
    Coerced,
    /// 主动供述行政机关尚未掌握的违法行为 (art. 32 (三)).
    Confessed,
    /// 配合行政机关查处违法行为有立功表现 (art. 32 (四)).
    Meritorious,
    /// 屡教不改、再次违法.
    Repeat,
    /// 阻碍、抗拒执法.
    Obstruction,
}

impl Circumstance {
    /// Every circumstance.
    pub const ALL: [Circumstance; 7] = [
        Circumstance::PromptlyCorrected,
        Circumstance::HarmRemoved,
        Circumstance::Coerced,
        Circumstance::Confessed,
        Circumstance::Meritorious,
        Circumstance::Repeat,
        Circumstance::Obstruction,
    ];

    /// The contract's code.
    pub fn code(self) -> &'static str {
        match self {
            Circumstance::PromptlyCorrected => "promptly-corrected",
            Circumstance::HarmRemoved => "harm-removed",
            Circumstance::Coerced => "coerced",
            Circumstance::Confessed => "confessed",
            Circumstance::Meritorious => "meritorious",
            Circumstance::Repeat => "repeat",
            Circumstance::Obstruction => "obstruction",
        }
    }

    /// The Chinese description.
    pub fn label(self) -> &'static str {
        match self {
            Circumstance::PromptlyCorrected => "及时改正",
            Circumstance::HarmRemoved => "主动消除或者减轻违法行为危害后果",
            Circumstance::Coerced => "受他人胁迫或者诱骗实施违法行为",
            Circumstance::Confessed => "主动供述行政机关尚未掌握的违法行为",
            Circumstance::Meritorious => "配合行政机关查处违法行为有立功表现",
            Circumstance::Repeat => "再次违法、屡教不改",
            Circumstance::Obstruction => "阻碍、抗拒行政执法",
        }
    }

    /// 行政处罚法 art. 32 makes these mitigate as of right (应当从轻或者减轻).
    pub fn is_statutory_mitigation(self) -> bool {
        matches!(
            self,
            Circumstance::HarmRemoved
                | Circumstance::Coerced
                | Circumstance::Confessed
                | Circumstance::Meritorious
        )
    }

    /// Aggravating circumstances (从重).
    pub fn is_aggravating(self) -> bool {
        matches!(self, Circumstance::Repeat | Circumstance::Obstruction)
    }
}

impl FromStr for Circumstance {
    type Err = ();
    fn from_str(s: &str) -> Result<Circumstance, ()> {
        Circumstance::ALL
            .into_iter()
            .find(|c| c.code() == s)
            .ok_or(())
    }
}

/// The consequences of the act, as declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Harm {
    /// 没有造成危害后果.
    None,
    /// 危害后果轻微.
    Minor,
    /// 危害后果严重 / 情节严重.
    Serious,
}

/// A discretion tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum Tier {
    /// 不予处罚.
    #[serde(rename = "不予处罚")]
    Exempt,
    /// 减轻处罚: below the legal minimum.
    #[serde(rename = "减轻")]
    Reduced,
    /// 从轻处罚: the lower band.
    #[serde(rename = "从轻")]
    Lighter,
    /// 一般: the middle band.
    #[serde(rename = "一般")]
    Ordinary,
    /// 从重处罚: the upper band.
    #[serde(rename = "从重")]
    Heavier,
}

impl Tier {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Tier::Exempt => "不予处罚",
            Tier::Reduced => "减轻",
            Tier::Lighter => "从轻",
            Tier::Ordinary => "一般",
            Tier::Heavier => "从重",
        }
    }
}

/// A band of a legal range, as fractions of `max - min` above `min`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    /// Lower edge.
    pub from: Decimal,
    /// Upper edge.
    pub to: Decimal,
}

/// The benchmark: bands for the three tiers within a range, and the reduction below it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Benchmark {
    /// Its name, cited in answers.
    pub name: String,
    /// Its version.
    pub version: String,
    /// The first day it applies.
    pub effective_from: String,
    /// 从轻.
    pub lighter: Band,
    /// 一般.
    pub ordinary: Band,
    /// 从重.
    pub heavier: Band,
    /// 减轻: the suggested fine as a share of the legal minimum (of the fixed amount).
    pub reduced_share: Decimal,
    /// How many statutory mitigating circumstances (art. 32) choose 减轻 over 从轻.
    pub reduce_from: usize,
}

impl Benchmark {
    /// Qingdan's default: the range in thirds; 减轻 to half the minimum with two or more
    /// statutory mitigating circumstances. Pending the legal section's adoption.
    pub fn default_v1() -> Benchmark {
        let third = Decimal::ONE / Decimal::from(3);
        let two_thirds = Decimal::TWO / Decimal::from(3);
        Benchmark {
            name: law::DEFAULT_BENCHMARK.to_string(),
            version: "v1".to_string(),
            effective_from: "2010-01-01".to_string(),
            lighter: Band {
                from: Decimal::ZERO,
                to: third,
            },
            ordinary: Band {
                from: third,
                to: two_thirds,
            },
            heavier: Band {
                from: two_thirds,
                to: Decimal::ONE,
            },
            reduced_share: Decimal::new(5, 1),
            reduce_from: 2,
        }
    }

    /// Reads a benchmark the legal section wrote (JSON; see `data/discretion/`), checking that
    /// the bands tile the range in order and the reduction stays below the minimum.
    pub fn from_json(text: &str) -> Result<Benchmark, crate::RuleError> {
        let invalid = |m: String| crate::RuleError::invalid("benchmark", m);
        let file: BenchmarkFile = serde_json::from_str(text)
            .map_err(|e| invalid(format!("裁量基准文件格式错误：{e}")))?;
        let fraction = |what: &str, s: &str| -> Result<Decimal, crate::RuleError> {
            let value = match s.split_once('/') {
                Some((a, b)) => {
                    let (a, b) = (Decimal::from_str(a.trim()), Decimal::from_str(b.trim()));
                    match (a, b) {
                        (Ok(a), Ok(b)) if !b.is_zero() => Some(a / b),
                        _ => None,
                    }
                }
                None => Decimal::from_str(s.trim()).ok(),
            };
            value
                .filter(|v| *v >= Decimal::ZERO && *v <= Decimal::ONE)
                .ok_or_else(|| {
                    invalid(format!("{what}“{s}”应为 0 到 1 之间的小数或分数（如 1/3）"))
                })
        };
        let band = |what: &str, pair: &[String; 2]| -> Result<Band, crate::RuleError> {
            Ok(Band {
                from: fraction(what, &pair[0])?,
                to: fraction(what, &pair[1])?,
            })
        };
        let b = Benchmark {
            name: file.name,
            version: file.version,
            effective_from: file.effective_from,
            lighter: band("从轻档", &file.lighter)?,
            ordinary: band("一般档", &file.ordinary)?,
            heavier: band("从重档", &file.heavier)?,
            reduced_share: fraction("减轻比例", &file.reduced_share)?,
            reduce_from: file.reduce_from,
        };
        if b.name.trim().is_empty() || b.version.trim().is_empty() {
            return Err(invalid("裁量基准应有名称和版本".into()));
        }
        if jiff::civil::Date::from_str(&b.effective_from).is_err() {
            return Err(invalid(format!(
                "施行日期“{}”应为 YYYY-MM-DD",
                b.effective_from
            )));
        }
        let tiles = b.lighter.from == Decimal::ZERO
            && b.lighter.from < b.lighter.to
            && b.lighter.to == b.ordinary.from
            && b.ordinary.from < b.ordinary.to
            && b.ordinary.to == b.heavier.from
            && b.heavier.from < b.heavier.to
            && b.heavier.to == Decimal::ONE;
        if !tiles {
            return Err(invalid(
                "从轻、一般、从重三档应从 0 到 1 依次首尾相接、不重叠、不留空档".into(),
            ));
        }
        if b.reduced_share <= Decimal::ZERO || b.reduced_share >= Decimal::ONE {
            return Err(invalid(
                "减轻比例应大于 0 且小于 1（减轻处罚须低于法定下限）".into(),
            ));
        }
        if b.reduce_from == 0 {
            return Err(invalid("适用减轻处罚所需的法定情节数至少为 1".into()));
        }
        Ok(b)
    }

    /// The band of a tier within the range (None for 不予处罚 and 减轻).
    pub fn band(&self, tier: Tier) -> Option<Band> {
        match tier {
            Tier::Lighter => Some(self.lighter),
            Tier::Ordinary => Some(self.ordinary),
            Tier::Heavier => Some(self.heavier),
            Tier::Exempt | Tier::Reduced => None,
        }
    }
}

/// The file form of a benchmark.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct BenchmarkFile {
    name: String,
    version: String,
    effective_from: String,
    lighter: [String; 2],
    ordinary: [String; 2],
    heavier: [String; 2],
    reduced_share: String,
    reduce_from: usize,
}

/// What the officer declares about the case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Declared {
    /// Corrected within the deadline set by an order to correct.
    pub corrected_by_deadline: Option<bool>,
    /// A first offence.
    pub first_offence: Option<bool>,
    /// The consequences.
    pub harm: Option<Harm>,
    /// The circumstances.
    pub circumstances: Vec<Circumstance>,
}

impl Declared {
    fn has(&self, c: Circumstance) -> bool {
        self.circumstances.contains(&c)
    }

    fn corrected(&self) -> bool {
        self.has(Circumstance::PromptlyCorrected) || self.corrected_by_deadline == Some(true)
    }
}

/// The tier the circumstances choose, with the reasons in Chinese.
pub fn choose_tier(b: &Benchmark, f: &Declared) -> (Tier, Vec<String>) {
    let mut reasons = Vec::new();
    let art33 = Source::new(law::PENALTY_LAW, "第三十三条", "第一款");
    // 第三十三条第一款前段：违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。
    if f.harm == Some(Harm::None)
        && f.corrected()
        && !f.circumstances.iter().any(|c| c.is_aggravating())
    {
        reasons.push(format!(
            "违法行为轻微并及时改正，没有造成危害后果，依{art33}应当不予行政处罚"
        ));
        return (Tier::Exempt, reasons);
    }
    // 后段：初次违法且危害后果轻微并及时改正的，可以不予行政处罚。
    if f.first_offence == Some(true)
        && f.harm == Some(Harm::Minor)
        && f.corrected()
        && !f.circumstances.iter().any(|c| c.is_aggravating())
    {
        reasons.push(format!(
            "初次违法且危害后果轻微并及时改正，依{art33}可以不予行政处罚；建议不予处罚，执法人员另有理由的可提出建议罚款金额"
        ));
        return (Tier::Exempt, reasons);
    }
    let art32 = Source::new(law::PENALTY_LAW, "第三十二条", "");
    let statutory: Vec<Circumstance> = f
        .circumstances
        .iter()
        .copied()
        .filter(|c| c.is_statutory_mitigation())
        .collect();
    let mut aggravating: Vec<&str> = f
        .circumstances
        .iter()
        .filter(|c| c.is_aggravating())
        .map(|c| c.label())
        .collect();
    if f.harm == Some(Harm::Serious) {
        aggravating.push("危害后果严重");
    }
    let mut discretionary: Vec<&str> = Vec::new();
    if f.has(Circumstance::PromptlyCorrected) {
        discretionary.push(Circumstance::PromptlyCorrected.label());
    }
    if f.first_offence == Some(true) {
        discretionary.push("初次违法");
    }
    if f.harm == Some(Harm::Minor) {
        discretionary.push("危害后果轻微");
    }
    let names = |v: &[&str]| v.join("、");
    if !statutory.is_empty() {
        let list: Vec<&str> = statutory.iter().map(|c| c.label()).collect();
        if statutory.len() >= b.reduce_from && aggravating.is_empty() {
            reasons.push(format!(
                "有{}等{}项法定情节，依{art32}应当从轻或者减轻处罚；依裁量基准（{}）适用减轻处罚",
                names(&list),
                statutory.len(),
                b.version
            ));
            return (Tier::Reduced, reasons);
        }
        reasons.push(format!(
            "有{}情节，依{art32}应当从轻或者减轻处罚；适用从轻处罚",
            names(&list)
        ));
        if !aggravating.is_empty() {
            reasons.push(format!(
                "虽有{}情节，法定从轻情节仍应适用，不得从重",
                names(&aggravating)
            ));
        }
        return (Tier::Lighter, reasons);
    }
    match (aggravating.is_empty(), discretionary.is_empty()) {
        (true, true) => {
            reasons.push("无从轻、从重情节，适用一般档".to_string());
            (Tier::Ordinary, reasons)
        }
        (true, false) => {
            reasons.push(format!(
                "有{}情节，依裁量基准可以从轻处罚",
                names(&discretionary)
            ));
            (Tier::Lighter, reasons)
        }
        (false, true) => {
            reasons.push(format!("有{}情节，依裁量基准从重处罚", names(&aggravating)));
            (Tier::Heavier, reasons)
        }
        (false, false) => {
            reasons.push(format!(
                "从重情节（{}）与从轻情节（{}）并存，综合考量适用一般档",
                names(&aggravating),
                names(&discretionary)
            ));
            (Tier::Ordinary, reasons)
        }
    }
}
