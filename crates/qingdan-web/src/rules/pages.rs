//! The officer's page for the rules: pick a violation, enter quantity and circumstances, see the
//! fine, tier, procedure and reasons; and a late-fee calculator. Plain GET forms, no JavaScript.

use crate::framework::page::{Layout, render_page};
use crate::framework::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Query, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use qingdan_app::AppError;
use qingdan_app::rules::{
    AssessRequest, AssessResponse, FactsDto, assess_input, date, decimal, rule_error,
};
use qingdan_rules::{Circumstance, Code, LateFeeInput, LateFeeKind, late_fee};
use serde_json::Value;

/// The page's route.
pub fn router() -> Router<AppState> {
    Router::new().route("/rules", get(rules_page))
}

/// An `<option>`.
struct Choice {
    value: &'static str,
    label: String,
    selected: bool,
}

struct Check {
    value: &'static str,
    label: &'static str,
    checked: bool,
}

#[derive(Template)]
#[template(path = "rules.html")]
struct RulesPage {
    layout: Layout,
    violations: Vec<Choice>,
    parties: Vec<Choice>,
    corrected: Vec<Choice>,
    harms: Vec<Choice>,
    circumstances: Vec<Check>,
    quantity: String,
    on: String,
    decided_on: String,
    proposed_fine: String,
    first_offence: bool,
    facts_clear: bool,
    no_objection: bool,
    error: Option<String>,
    result: Option<AssessResponse>,
    fee_kinds: Vec<Choice>,
    principal: String,
    due: String,
    paid_on: String,
    fee_error: Option<String>,
    fee: Option<qingdan_rules::LateFee>,
}

/// Every parameter of the page's two forms, as typed.
#[derive(Debug, Default, serde::Deserialize)]
pub struct RulesForm {
    violation: Option<String>,
    quantity: Option<String>,
    party: Option<String>,
    on: Option<String>,
    decided_on: Option<String>,
    corrected: Option<String>,
    first_offence: Option<String>,
    facts_clear: Option<String>,
    no_objection: Option<String>,
    harm: Option<String>,
    proposed_fine: Option<String>,
    fee_kind: Option<String>,
    principal: Option<String>,
    due: Option<String>,
    paid_on: Option<String>,
}

fn violation_label(c: Code) -> String {
    let name = qingdan_rules::RuleBook::anhua()
        .rule(c)
        .and_then(|d| d.periods.last())
        .map(|p| p.value.name)
        .unwrap_or("");
    format!("{name}（{}）", c.as_str())
}

fn nonempty(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// `circumstance` may repeat in the query string, which serde's flat form cannot hold.
fn circumstances_of(raw: Option<&str>) -> Vec<String> {
    raw.unwrap_or("")
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .filter(|(k, _)| *k == "circumstance")
        .map(|(_, v)| percent_decode(v))
        .collect()
}

/// Decodes `application/x-www-form-urlencoded` text (`+` and `%XX`); bad escapes stay as typed.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok());
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `GET /rules`.
pub async fn rules_page(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    form: Result<Query<RulesForm>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let f = form.map(|Query(f)| f).unwrap_or_default();
    let today = state.clock().today();
    let chosen = nonempty(&f.violation);
    let circumstances = circumstances_of(raw.as_deref());
    let mut page = RulesPage {
        layout: Layout::plain(&state, "rules", "罚则计算"),
        violations: Code::ALL
            .iter()
            .map(|c| Choice {
                value: c.as_str(),
                label: violation_label(*c),
                selected: chosen.as_deref() == Some(c.as_str()),
            })
            .collect(),
        parties: [("organization", "法人或者其他组织"), ("citizen", "公民")]
            .iter()
            .map(|(v, l)| Choice {
                value: v,
                label: l.to_string(),
                selected: f.party.as_deref().unwrap_or("organization") == *v,
            })
            .collect(),
        corrected: [
            ("", "未确定（期限未到）"),
            ("false", "逾期未改正"),
            ("true", "已在期限内改正"),
        ]
        .iter()
        .map(|(v, l)| Choice {
            value: v,
            label: l.to_string(),
            selected: f.corrected.as_deref().unwrap_or("") == *v,
        })
        .collect(),
        harms: [
            ("", "未说明"),
            ("none", "没有造成危害后果"),
            ("minor", "危害后果轻微"),
            ("serious", "危害后果严重"),
        ]
        .iter()
        .map(|(v, l)| Choice {
            value: v,
            label: l.to_string(),
            selected: f.harm.as_deref().unwrap_or("") == *v,
        })
        .collect(),
        circumstances: Circumstance::ALL
            .iter()
            .map(|c| Check {
                value: c.code(),
                label: c.label(),
                checked: circumstances.iter().any(|x| x == c.code()),
            })
            .collect(),
        quantity: f.quantity.clone().unwrap_or_default(),
        on: f.on.clone().unwrap_or_else(|| today.to_string()),
        decided_on: f.decided_on.clone().unwrap_or_default(),
        proposed_fine: f.proposed_fine.clone().unwrap_or_default(),
        first_offence: f.first_offence.is_some(),
        facts_clear: f.facts_clear.is_some() || chosen.is_none(),
        no_objection: f.no_objection.is_some() || chosen.is_none(),
        error: None,
        result: None,
        fee_kinds: [
            ("wall-fund", "新型墙体材料专项基金滞纳金（日万分之五）"),
            ("fine", "逾期缴纳罚款加处罚款（日百分之三）"),
        ]
        .iter()
        .map(|(v, l)| Choice {
            value: v,
            label: l.to_string(),
            selected: f.fee_kind.as_deref().unwrap_or("wall-fund") == *v,
        })
        .collect(),
        principal: f.principal.clone().unwrap_or_default(),
        due: f.due.clone().unwrap_or_default(),
        paid_on: f.paid_on.clone().unwrap_or_default(),
        fee_error: None,
        fee: None,
    };
    let mut status = StatusCode::OK;
    if let Some(violation) = chosen {
        let request = AssessRequest {
            violation,
            quantity: nonempty(&f.quantity).map(Value::String),
            party: f.party.clone().unwrap_or_else(|| "organization".into()),
            on: f.on.clone().unwrap_or_default(),
            decided_on: nonempty(&f.decided_on),
            facts: Some(FactsDto {
                corrected_by_deadline: match f.corrected.as_deref() {
                    Some("true") => Some(true),
                    Some("false") => Some(false),
                    _ => None,
                },
                first_offence: Some(f.first_offence.is_some()),
                facts_clear: Some(f.facts_clear.is_some()),
                no_objection: Some(f.no_objection.is_some()),
                harm: nonempty(&f.harm),
                proposed_fine: nonempty(&f.proposed_fine).map(Value::String),
                circumstances: Some(circumstances),
            }),
        };
        let outcome = assess_input(request, today)
            .and_then(|input| state.engine().assess(&input).map_err(rule_error));
        match outcome {
            Ok(a) => page.result = Some(a.into()),
            Err(e) => {
                page.error = Some(e.to_string());
                status = StatusCode::BAD_REQUEST;
            }
        }
    }
    if let Some(kind) = nonempty(&f.fee_kind).filter(|_| nonempty(&f.principal).is_some()) {
        let parsed = (|| {
            let kind = match kind.as_str() {
                "fine" => LateFeeKind::Fine,
                _ => LateFeeKind::WallFund,
            };
            Ok::<_, AppError>(LateFeeInput {
                kind,
                principal: decimal(
                    "principal",
                    &Value::String(f.principal.clone().unwrap_or_default()),
                )?,
                due: date("due", f.due.as_deref().unwrap_or("").trim())?,
                paid_on: date("paid_on", f.paid_on.as_deref().unwrap_or("").trim())?,
                excluded_days: 0,
            })
        })()
        .and_then(|input| late_fee(&state.engine().law, &input).map_err(rule_error));
        match parsed {
            Ok(fee) => page.fee = Some(fee),
            Err(e) => {
                page.fee_error = Some(e.to_string());
                status = StatusCode::BAD_REQUEST;
            }
        }
    }
    let mut response = render_page(page);
    if response.status() == StatusCode::OK {
        *response.status_mut() = status;
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_circumstances_are_decoded() {
        let raw =
            "violation=x&circumstance=promptly%2Dcorrected&circumstance=repeat&q=%E6%B0%B4+%ZZ";
        assert_eq!(
            circumstances_of(Some(raw)),
            ["promptly-corrected", "repeat"]
        );
        assert_eq!(percent_decode("%E6%B0%B4+%ZZ"), "水 %ZZ");
    }
}
