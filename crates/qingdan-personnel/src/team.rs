//! The officers named for an act: at least two, of the office, each able to act that day, none
//! with a declared conflict of interest.

use crate::person::{By, Person};
use crate::refusal::{Act, Refusal, RefusalCode, conflict_exclusion};
use crate::{ART_42, ART_43};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A declared relation between an officer and a party or target (a conflict of interest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    /// The officer's user name.
    pub officer: String,
    /// The party's or target's id (统一社会信用代码 or project id).
    pub target: String,
    /// The relation (近亲属任职、曾任职 …).
    pub nature: String,
}

/// The relation `officer` declared with `target`, if any.
pub fn conflict_of<'a>(
    officer: &str,
    target: &str,
    relations: &'a [Relation],
) -> Option<&'a Relation> {
    let (officer, target) = (officer.trim(), target.trim());
    relations
        .iter()
        .find(|r| r.officer.trim() == officer && r.target.trim() == target)
}

/// Refuses when any of `names` declared a conflict with the party `target` (id) named `name`
/// (回避, 《行政处罚法》第四十三条).
pub fn refuse_conflicts(
    names: &[String],
    target: &str,
    name: &str,
    relations: &[Relation],
    act: Act,
) -> Result<(), Refusal> {
    let whom = match act {
        Act::Penalty => "当事人",
        Act::Inspection => "检查对象",
    };
    for n in names {
        if let Some(r) = conflict_of(n, target, relations) {
            return Err(Refusal {
                code: RefusalCode::ConflictOfInterest,
                field: Some("officers"),
                reason: format!(
                    "{} 与{whom} {name} 有利害关系（{}），应当回避，请另行指定或随机抽取执法人员（{ART_43}）",
                    r.officer.trim(),
                    r.nature
                ),
                article: ART_43,
            });
        }
    }
    Ok(())
}

impl Relation {
    /// The exclusion reason in an officer draw.
    pub fn exclusion() -> String {
        conflict_exclusion()
    }
}

/// What the named officers must satisfy.
#[derive(Debug, Clone, Copy)]
pub struct TeamRule<'a> {
    /// The office the act belongs to; every officer must be of it.
    pub office: &'a str,
    /// The person recording the act, who must be among the officers (when given).
    pub recorder: Option<&'a str>,
    /// The day of the act.
    pub on: Date,
    /// The kind of act (for the reasons).
    pub act: Act,
    /// The party or target acted upon (id, name), for declared conflicts of interest.
    pub party: Option<(&'a str, &'a str)>,
    /// The declared conflicts of interest.
    pub relations: &'a [Relation],
}

fn refusal(code: RefusalCode, reason: String) -> Refusal {
    Refusal {
        code,
        field: Some("officers"),
        reason,
        article: ART_42,
    }
}

/// The distinct officers named in `names` (trimmed, in order), refused unless there are at
/// least two, the recorder is among them, and each is a known officer of the office who may
/// act on the day ([`Person::may_enforce`]), none with a declared conflict with the party
/// (回避); `each` adds the caller's own check per officer
/// (e.g. assigned to the task). 《行政处罚法》第四十二条、第五十五条.
pub fn team<E: From<Refusal>>(
    names: &[String],
    rule: &TeamRule<'_>,
    people: &BTreeMap<String, Person>,
    mut each: impl FnMut(&str) -> Result<(), E>,
) -> Result<Vec<String>, E> {
    let mut distinct: Vec<String> = Vec::new();
    for n in names {
        let n = n.trim().to_string();
        if !n.is_empty() && !distinct.contains(&n) {
            distinct.push(n);
        }
    }
    if distinct.len() < 2 {
        return Err(E::from(refusal(
            RefusalCode::TwoOfficers,
            match rule.act {
                Act::Penalty => format!("执法人员不得少于两人（{ART_42}）：请列明两名在场执法人员"),
                Act::Inspection => format!(
                    "执法人员不得少于两人（{ART_42}；§三 各项监督检查）：请列明两名执法人员"
                ),
            },
        )));
    }
    if let Some(recorder) = rule.recorder
        && !distinct.iter().any(|n| n == recorder)
    {
        return Err(E::from(refusal(
            RefusalCode::ActorNotPresent,
            format!("记录人 {recorder} 应为在场执法人员之一"),
        )));
    }
    if let Some((id, name)) = rule.party {
        refuse_conflicts(&distinct, id, name, rule.relations, rule.act).map_err(E::from)?;
    }
    let whose = match rule.act {
        Act::Penalty => "本案",
        Act::Inspection => "本任务",
    };
    for n in &distinct {
        let person = people.get(n).ok_or_else(|| {
            E::from(refusal(
                RefusalCode::UnknownOfficer,
                format!("未找到执法人员“{n}”"),
            ))
        })?;
        if person.role != Some(By::Officer) {
            return Err(E::from(refusal(
                RefusalCode::NotAnOfficer,
                format!("{n} 不是执法人员"),
            )));
        }
        if person.office.as_deref() != Some(rule.office) {
            return Err(E::from(refusal(
                RefusalCode::OtherOffice,
                format!("{n} 不属于{whose}承办股室“{}”", rule.office),
            )));
        }
        person
            .require_enforcement(rule.on, rule.act)
            .map_err(E::from)?;
        each(n)?;
    }
    Ok(distinct)
}
