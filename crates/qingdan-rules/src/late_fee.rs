//! Late fees: the new-wall-material fund's 0.05% a day (§三(四)五(四)) and the 3%-a-day
//! surcharge on an unpaid fine (行政处罚法 art. 72), never above the principal (行政强制法
//! art. 45).
//!
//! Days in arrears run from the first day after the due date through the day of payment, both
//! counted: due 2016-01-31, paid 2016-03-01 is 30 days.

use crate::error::RuleError;
use crate::law::Law;
use crate::money::{fmt_yuan, round_yuan};
use crate::source::{Source, law};
use crate::violation::dates;
use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Serialize;

/// Which late fee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LateFeeKind {
    /// 新型墙体材料专项基金滞纳金.
    WallFund,
    /// 逾期不缴纳罚款的加处罚款.
    Fine,
}

/// What is asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LateFeeInput {
    /// Which late fee.
    pub kind: LateFeeKind,
    /// The unpaid fund or fine, in yuan.
    pub principal: Decimal,
    /// The last day to pay (the fund's due date; for a fine, the 15th day after receipt).
    pub due: Date,
    /// The day it was (or will be) paid.
    pub paid_on: Date,
    /// Days not counted (for a fine: time under administrative review or litigation, art. 73).
    pub excluded_days: i64,
}

/// The late fee, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LateFee {
    /// Days counted.
    pub days: i64,
    /// The daily rate.
    #[serde(with = "rust_decimal::serde::str")]
    pub rate: Decimal,
    /// The late fee in yuan.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// Whether the cap (the principal) cut it.
    pub capped: bool,
    /// The provisions applied.
    pub basis: Vec<String>,
    /// The arithmetic, in Chinese.
    pub reasons: Vec<String>,
}

/// Computes a late fee.
pub fn late_fee(law_params: &Law, input: &LateFeeInput) -> Result<LateFee, RuleError> {
    if input.principal <= Decimal::ZERO {
        return Err(RuleError::invalid(
            "principal",
            format!("本金应大于 0，实为 {}", input.principal),
        ));
    }
    if input.principal > Decimal::from(10_000_000_000_i64) {
        return Err(RuleError::invalid("principal", "本金超出合理范围"));
    }
    if input.paid_on < input.due {
        return Err(RuleError::invalid(
            "paid_on",
            format!(
                "缴纳日期 {} 早于应缴日期 {}，未逾期，不产生滞纳金",
                input.paid_on, input.due
            ),
        ));
    }
    if input.excluded_days < 0 {
        return Err(RuleError::invalid(
            "excluded_days",
            "不计入的天数不能为负数",
        ));
    }
    let coerce45 = Source::new(law::COERCION_LAW, "第四十五条", "第二款");
    let (rate, what, source) = match input.kind {
        LateFeeKind::WallFund => {
            if input.due >= dates::WALL_FUND_ABOLISHED {
                return Err(RuleError::invalid(
                    "due",
                    format!(
                        "新型墙体材料专项基金自 {} 起取消征收（{}），应缴日期 {} 不存在应缴基金",
                        dates::WALL_FUND_ABOLISHED,
                        law::WALL_FUND_ABOLISHED,
                        input.due
                    ),
                ));
            }
            let p = law_params
                .wall_fund_rate
                .at(input.due)
                .map_err(|e| RuleError::Invalid {
                    field: "due",
                    message: e.to_string(),
                })?;
            (p.value, "应缴专项基金", p.source)
        }
        LateFeeKind::Fine => {
            let p =
                law_params
                    .fine_surcharge_rate
                    .at(input.due)
                    .map_err(|e| RuleError::Invalid {
                        field: "due",
                        message: e.to_string(),
                    })?;
            (p.value, "罚款数额", p.source)
        }
    };
    let span = input
        .due
        .until(input.paid_on)
        .map_err(|e| RuleError::invalid("paid_on", e.to_string()))?;
    let elapsed = i64::from(span.get_days());
    let days = (elapsed - input.excluded_days).max(0);
    let raw = round_yuan(input.principal * rate * Decimal::from(days));
    let capped = raw > input.principal;
    let amount = if capped {
        round_yuan(input.principal)
    } else {
        raw
    };
    let mut reasons = vec![format!(
        "自应缴日期 {} 的次日起至缴纳日 {} 止（含当日）共 {} 天{}",
        input.due,
        input.paid_on,
        elapsed,
        if input.excluded_days > 0 {
            format!("，扣除不计入的 {} 天，计 {} 天", input.excluded_days, days)
        } else {
            String::new()
        }
    )];
    reasons.push(format!(
        "依{source}，按日加收{what}的{}：{} 元 × {} × {} 天 = {} 元",
        percent(rate),
        fmt_yuan(input.principal),
        rate.normalize(),
        days,
        fmt_yuan(raw)
    ));
    if capped {
        reasons.push(format!(
            "依{coerce45}，加处罚款或者滞纳金的数额不得超出{what}，以本金 {} 元为限",
            fmt_yuan(input.principal)
        ));
    }
    if input.kind == LateFeeKind::WallFund && input.paid_on >= dates::WALL_FUND_ABOLISHED {
        reasons.push(format!(
            "该基金虽自 {} 起取消征收，此前已发生的欠缴仍应缴纳，滞纳金照计（以本金为限）",
            dates::WALL_FUND_ABOLISHED
        ));
    }
    Ok(LateFee {
        days,
        rate,
        amount,
        capped,
        basis: vec![source.to_string(), coerce45.to_string()],
        reasons,
    })
}

fn percent(rate: Decimal) -> String {
    let (prefix, n) = if rate < Decimal::new(1, 2) {
        ("万分之", rate * Decimal::from(10_000))
    } else {
        ("百分之", rate * Decimal::from(100))
    };
    let n = n.normalize();
    let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let word = u32::try_from(n.mantissa())
        .ok()
        .filter(|_| n.scale() == 0)
        .and_then(|m| digits.get(m as usize).copied())
        .map(str::to_string)
        .unwrap_or_else(|| n.to_string());
    format!("{prefix}{word}")
}
