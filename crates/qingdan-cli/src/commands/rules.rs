//! `qingdan assess` and `qingdan late-fee`: the rules engine with the API's wire types and
//! parsing (`qingdan_app::rules`), so the command line accepts and refuses what the API does.

use crate::common::{UserError, app_error, engine};
use crate::{AssessArgs, LateFeeArgs};
use anyhow::{Result, bail};
use qingdan_app::clock::{Clock, SystemClock};
use qingdan_app::rules::{
    AssessRequest, AssessResponse, FactsDto, assess_input, date, decimal, rule_error,
};

/// `qingdan assess`: the request the API would receive, parsed and assessed alike.
pub(crate) fn assess(a: AssessArgs) -> Result<()> {
    let text = |s: Option<String>| s.map(serde_json::Value::String);
    let request = AssessRequest {
        violation: a.violation,
        quantity: text(a.quantity),
        party: a.party,
        on: a.on,
        decided_on: a.decided_on,
        facts: Some(FactsDto {
            corrected_by_deadline: a.corrected_by_deadline,
            first_offence: a.first_offence,
            facts_clear: a.facts_clear,
            no_objection: a.no_objection,
            harm: a.harm,
            proposed_fine: text(a.proposed_fine),
            circumstances: Some(a.circumstances),
        }),
    };
    let input = assess_input(request, SystemClock.today()).map_err(app_error)?;
    let engine = engine(a.benchmark.as_deref())?;
    let result: AssessResponse = engine
        .assess(&input)
        .map_err(|e| app_error(rule_error(e)))?
        .into();
    if a.json {
        println!("{}", serde_json::to_string_pretty(&result)?);
        return Ok(());
    }
    println!(
        "违法行为：{}（{}）",
        result.violation_name, result.violation
    );
    println!("执法主体：{}", result.enforcer);
    if let Some(r) = &result.refer_to {
        println!("移送：{r}");
    }
    if !result.measures.is_empty() {
        println!("措施：{}", result.measures.join("；"));
    }
    match (&result.fine, &result.statutory_fine) {
        (Some(f), _) => println!(
            "罚款：{} 元（法定幅度 {} 至 {} 元）",
            f.amount, f.min, f.max
        ),
        (None, Some(f)) => println!("罚款：本局不予罚款（法定幅度 {} 至 {} 元）", f.min, f.max),
        (None, None) => println!("罚款：无"),
    }
    if let Some(t) = &result.tier {
        println!("裁量档次：{t}");
    }
    println!(
        "程序：{}{}{}",
        if result.procedure == "simple" {
            "简易程序（当场处罚）"
        } else {
            "普通程序"
        },
        if result.hearing_right {
            "；当事人有权要求听证"
        } else {
            ""
        },
        if result.collect_on_the_spot {
            "；可当场收缴"
        } else {
            ""
        }
    );
    println!("依据：{}", result.basis.join("；"));
    println!("理由：");
    for (i, r) in result.reasons.iter().enumerate() {
        println!("  {}. {r}", i + 1);
    }
    Ok(())
}

/// `qingdan late-fee`: a late fee with the API's parsing of amounts and dates.
pub(crate) fn late_fee(a: LateFeeArgs) -> Result<()> {
    let kind = match a.kind.as_str() {
        "wall-fund" => qingdan_rules::LateFeeKind::WallFund,
        "fine" => qingdan_rules::LateFeeKind::Fine,
        other => bail!(UserError(format!(
            "滞纳金种类应为 wall-fund 或 fine，实为“{other}”"
        ))),
    };
    let input = qingdan_rules::LateFeeInput {
        kind,
        principal: decimal("principal", &serde_json::Value::String(a.principal))
            .map_err(app_error)?,
        due: date("due", &a.due).map_err(app_error)?,
        paid_on: date("paid_on", &a.paid_on).map_err(app_error)?,
        excluded_days: a.excluded_days.unwrap_or(0),
    };
    let fee = qingdan_rules::late_fee(&qingdan_rules::Law::current(), &input)
        .map_err(|e| app_error(rule_error(e)))?;
    if a.json {
        println!(
            "{}",
            serde_json::json!({"days": fee.days, "rate": fee.rate.normalize().to_string(), "amount": fee.amount.to_string(), "capped": fee.capped, "basis": fee.basis, "reasons": fee.reasons})
        );
        return Ok(());
    }
    println!(
        "天数：{}；金额：{} 元{}",
        fee.days,
        fee.amount,
        if fee.capped {
            "（以本金为限）"
        } else {
            ""
        }
    );
    for r in &fee.reasons {
        println!("  {r}");
    }
    println!("依据：{}", fee.basis.join("；"));
    Ok(())
}
