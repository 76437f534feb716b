//! An independent checker of a plan against the frequency rules of §三(三)–(六).
//!
//! Written without the planner: it reads the [`Snapshot`] and the [`Plan`] as data and counts,
//! for each rule, what the year will have (inspections already made plus those planned). A
//! plan page shows one line per rule: met or at risk, the counts, and the targets at fault.
//! The only shared code is the data types, [`quarter_of`] and `qingdan_draw::verify` (the
//! published verifier of the draw).

use crate::plan::{Plan, Reason};
use crate::snapshot::{Snapshot, quarter_of};
use crate::systems::SystemCode;
use qingdan_registry::PartyKind;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A rule's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 满足.
    Met,
    /// 存在风险（不满足）.
    AtRisk,
}

impl Status {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Status::Met => "满足",
            Status::AtRisk => "存在风险",
        }
    }
}

/// A target at fault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Offender {
    /// The target's id.
    pub target: String,
    /// What is wrong, in Chinese.
    pub detail: String,
}

/// One rule checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleCheck {
    /// Stable code.
    pub code: &'static str,
    /// The rule, in Chinese.
    pub title: &'static str,
    /// Its source.
    pub basis: &'static str,
    /// Met or at risk.
    pub status: Status,
    /// How many the rule requires (targets, or inspections for the ratio).
    pub required: usize,
    /// How many the year will have.
    pub actual: usize,
    /// The targets at fault.
    pub offenders: Vec<Offender>,
    /// One line, in Chinese.
    pub summary: String,
}

/// The rules, in the order [`check`] reports them: (code, title, basis).
pub const RULES: [(&str, &str, &str); 10] = [
    (
        "well-formed",
        "计划条目有效：日期在本年度且不早于编制日，季度正确，检查对象属于该制度",
        "§三(三)–(六) 各制度“监督检查对象”",
    ),
    (
        "site-yearly",
        "建设工程项目每年检查不少于1次",
        "§三(五)三.(一)（日常检查每个项目每年检查次数不少于1次）",
    ),
    (
        "site-quarterly",
        "建设工程项目每季度检查不多于1次（有投诉举报情形除外）",
        "§三(五)三.(一)（但每季度不多于1次（有投诉举报情形除外））",
    ),
    (
        "wall-cert-ratio",
        "认定企业检查比例不少于认定企业总数的20%",
        "§三(三)三（检查比例不少于认定企业总数的20%）",
    ),
    (
        "wall-cert-priority",
        "有投诉、质量事故、专项监督检查不合格的认定企业均予检查",
        "§三(三)三（现场检查，重点针对有投诉的、产品出现质量事故的、国家及县级专项监督检查不合格的认定企业）",
    ),
    (
        "wall-cert-priority-first",
        "重点企业排在随机抽取企业之前（季度不晚于）",
        "§三(三)三（重点针对）",
    ),
    (
        "wall-cert-validity",
        "认定企业检查日期在认定证书有效期内",
        "§三(三)三（检查对象为认定证书有效期范围内的生产企业）",
    ),
    (
        "wall-cert-draw",
        "随机抽取可验证：记录可复核，抽中企业均列入计划，无计划外指定",
        "双随机抽查；qingdan-draw-v1（DRAW-FORMAT.md）",
    ),
    (
        "fund-refund-all",
        "申报返退或被投诉违规使用墙体材料的建设项目均予检查",
        "§三(四)三（检查次数每建设项目不少于1次）",
    ),
    (
        "bulk-cement-yearly",
        "水泥生产、预拌混凝土、预拌砂浆、水泥制品企业每年检查不少于1次",
        "§三(六)三（检查次数每年不少于一次）",
    ),
];

fn rule(
    index: usize,
    required: usize,
    actual: usize,
    offenders: Vec<Offender>,
    summary: String,
) -> RuleCheck {
    let (code, title, basis) = RULES[index];
    RuleCheck {
        code,
        title,
        basis,
        status: if offenders.is_empty() {
            Status::Met
        } else {
            Status::AtRisk
        },
        required,
        actual,
        offenders,
        summary,
    }
}

/// A visit of the year as the checker counts it: (day, answered a complaint, planned).
type Seen = (jiff::civil::Date, bool, bool);

fn offender(target: &str, detail: String) -> Offender {
    Offender {
        target: target.to_string(),
        detail,
    }
}

fn is_bulk(kind: PartyKind) -> bool {
    matches!(
        kind,
        PartyKind::CementProducer
            | PartyKind::ReadyMixConcrete
            | PartyKind::ReadyMixMortar
            | PartyKind::CementProductPlant
    )
}

/// Checks every rule of [`RULES`] on `plan` for `snapshot`.
pub fn check(snapshot: &Snapshot, plan: &Plan) -> Vec<RuleCheck> {
    let year = snapshot.year;
    let as_of = snapshot.as_of;
    let enterprises: HashMap<&str, &crate::snapshot::EnterpriseEntry> = snapshot
        .enterprises
        .iter()
        .map(|e| (e.uscc.as_str(), e))
        .collect();
    let projects: HashMap<&str, &crate::snapshot::ProjectEntry> = snapshot
        .projects
        .iter()
        .map(|p| (p.code.as_str(), p))
        .collect();

    // All of the year's visits (made and planned) per (system, target).
    let mut visits: HashMap<(SystemCode, &str), Vec<Seen>> = HashMap::new();
    for v in snapshot.prior.iter().filter(|v| v.on.year() == year) {
        visits
            .entry((v.system, v.target.as_str()))
            .or_default()
            .push((v.on, v.complaint, false));
    }
    for it in &plan.items {
        visits
            .entry((it.system, it.target.as_str()))
            .or_default()
            .push((it.date, false, true));
    }
    let count = |system: SystemCode, id: &str| visits.get(&(system, id)).map_or(0, Vec::len);

    let mut out = Vec::with_capacity(RULES.len());

    // well-formed
    let mut bad = Vec::new();
    let mut seen = BTreeSet::new();
    for it in &plan.items {
        let mut why = Vec::new();
        if it.date.year() != year {
            why.push(format!("日期 {} 不在 {year} 年", it.date));
        }
        if it.date < as_of {
            why.push(format!("日期 {} 早于编制日 {as_of}", it.date));
        }
        if it.quarter != quarter_of(it.date) {
            why.push(format!("季度应为第{}季度", quarter_of(it.date)));
        }
        let kind_ok = match it.system {
            SystemCode::FundRefund | SystemCode::NoSiteMixing => {
                projects.contains_key(it.target.as_str())
            }
            SystemCode::WallCert => enterprises
                .get(it.target.as_str())
                .is_some_and(|e| e.kind == PartyKind::WallMaterialProducer),
            SystemCode::BulkCement => enterprises
                .get(it.target.as_str())
                .is_some_and(|e| is_bulk(e.kind)),
            SystemCode::Power => enterprises
                .get(it.target.as_str())
                .is_some_and(|e| matches!(e.kind, PartyKind::PowerSupplier | PartyKind::PowerUser)),
        };
        if !kind_ok {
            why.push(format!("不是{}的检查对象", it.system.def().section));
        }
        if !seen.insert((it.system, it.target.as_str(), it.date)) {
            why.push("同日重复列入".to_string());
        }
        if !why.is_empty() {
            bad.push(offender(&it.target, why.join("；")));
        }
    }
    let n = plan.items.len();
    let summary = format!("计划条目 {n} 条，无效 {} 条", bad.len());
    out.push(rule(0, n, n - bad.len(), bad, summary));

    // site-yearly and site-quarterly (§三(五)).
    let cement: Vec<&crate::snapshot::ProjectEntry> =
        snapshot.projects.iter().filter(|p| p.uses_cement).collect();
    let mut missing = Vec::new();
    let mut too_often = Vec::new();
    for p in &cement {
        let id = p.code.as_str();
        if count(SystemCode::NoSiteMixing, id) == 0 {
            missing.push(offender(id, format!("{}：本年度未安排检查", p.name)));
        }
        let complained = p.cement_complaint
            || visits
                .get(&(SystemCode::NoSiteMixing, id))
                .is_some_and(|vs| vs.iter().any(|v| v.1));
        if !complained && let Some(vs) = visits.get(&(SystemCode::NoSiteMixing, id)) {
            let mut per_q: BTreeMap<u8, usize> = BTreeMap::new();
            for v in vs {
                *per_q.entry(quarter_of(v.0)).or_default() += 1;
            }
            for (q, c) in per_q.into_iter().filter(|(_, c)| *c > 1) {
                too_often.push(offender(
                    id,
                    format!("{}：第{q}季度检查 {c} 次，且无投诉举报", p.name),
                ));
            }
        }
    }
    let total = cement.len();
    let summary = format!(
        "使用水泥施工的建设工程项目 {total} 个，已安排检查 {} 个，缺 {} 个",
        total - missing.len(),
        missing.len()
    );
    out.push(rule(1, total, total - missing.len(), missing, summary));
    let summary = format!("超过每季度1次且无投诉举报的 {} 处", too_often.len());
    out.push(rule(2, total, total, too_often, summary));

    // §三(三): the certified, their priority and the ratio.
    let certified: Vec<&crate::snapshot::EnterpriseEntry> = snapshot
        .enterprises
        .iter()
        .filter(|e| {
            e.kind == PartyKind::WallMaterialProducer
                && e.wall_certificate
                    .is_some_and(|v| v.from <= as_of && as_of <= v.until)
        })
        .collect();
    let needed = (certified.len() * 20).div_ceil(100);
    let inspected = certified
        .iter()
        .filter(|e| count(SystemCode::WallCert, e.uscc.as_str()) > 0)
        .count();
    let ratio_offenders = if inspected < needed {
        vec![offender(
            "（全体认定企业）",
            format!(
                "认定企业 {} 家，应至少检查 {needed} 家，实际 {inspected} 家，缺 {} 家",
                certified.len(),
                needed - inspected
            ),
        )]
    } else {
        Vec::new()
    };
    let summary = format!(
        "证书有效的认定企业 {} 家，20% 为 {needed} 家，本年度检查 {inspected} 家",
        certified.len()
    );
    out.push(rule(3, needed, inspected, ratio_offenders, summary));

    let priority: Vec<&crate::snapshot::EnterpriseEntry> = certified
        .iter()
        .copied()
        .filter(|e| e.complained || e.incident || e.failed_spot_check)
        .collect();
    let mut missing = Vec::new();
    for e in &priority {
        if count(SystemCode::WallCert, e.uscc.as_str()) == 0 {
            let mut why = Vec::new();
            if e.complained {
                why.push("有投诉");
            }
            if e.incident {
                why.push("产品出现质量事故");
            }
            if e.failed_spot_check {
                why.push("专项监督检查不合格");
            }
            missing.push(offender(
                e.uscc.as_str(),
                format!("{}（{}）未列入检查", e.name, why.join("、")),
            ));
        }
    }
    let summary = format!(
        "重点认定企业 {} 家，已安排 {} 家",
        priority.len(),
        priority.len() - missing.len()
    );
    out.push(rule(
        4,
        priority.len(),
        priority.len() - missing.len(),
        missing,
        summary,
    ));

    // Priority first: the latest quarter of a planned priority inspection is not after the
    // earliest quarter of a planned other one.
    let priority_ids: BTreeSet<&str> = priority.iter().map(|e| e.uscc.as_str()).collect();
    let wall_items: Vec<&crate::plan::PlanItem> = plan
        .items
        .iter()
        .filter(|i| i.system == SystemCode::WallCert)
        .collect();
    let last_priority = wall_items
        .iter()
        .filter(|i| priority_ids.contains(i.target.as_str()))
        .map(|i| quarter_of(i.date))
        .max();
    let mut late = Vec::new();
    if let Some(lp) = last_priority {
        for i in wall_items
            .iter()
            .filter(|i| !priority_ids.contains(i.target.as_str()))
        {
            if quarter_of(i.date) < lp {
                late.push(offender(
                    &i.target,
                    format!(
                        "非重点企业安排在第{}季度，早于重点企业（最晚第{lp}季度）",
                        quarter_of(i.date)
                    ),
                ));
            }
        }
    }
    let summary = match last_priority {
        Some(lp) => format!(
            "重点企业最晚安排在第{lp}季度；早于其的非重点企业 {} 家",
            late.len()
        ),
        None => "计划中无重点企业检查".to_string(),
    };
    out.push(rule(
        5,
        wall_items.len(),
        wall_items.len() - late.len(),
        late,
        summary,
    ));

    // Certificate validity on the planned day.
    let mut invalid = Vec::new();
    for i in &wall_items {
        let valid = enterprises
            .get(i.target.as_str())
            .and_then(|e| e.wall_certificate)
            .is_some_and(|v| v.from <= i.date && i.date <= v.until);
        if !valid {
            invalid.push(offender(
                &i.target,
                format!("计划日期 {} 不在认定证书有效期内", i.date),
            ));
        }
    }
    let summary = format!(
        "认定企业检查 {} 次，证书无效 {} 次",
        wall_items.len(),
        invalid.len()
    );
    out.push(rule(
        6,
        wall_items.len(),
        wall_items.len() - invalid.len(),
        invalid,
        summary,
    ));

    // The draw: recompute its lists from the snapshot and verify the record; every planned
    // non-priority inspection of a certified enterprise not already inspected is a drawn one.
    let already: BTreeSet<&str> = snapshot
        .prior
        .iter()
        .filter(|v| v.on.year() == year && v.system == SystemCode::WallCert)
        .map(|v| v.target.as_str())
        .collect();
    let candidates: Vec<String> = certified
        .iter()
        .map(|e| e.uscc.as_str().to_string())
        .collect();
    let excluded: Vec<String> = certified
        .iter()
        .map(|e| e.uscc.as_str())
        .filter(|id| priority_ids.contains(id) || already.contains(id))
        .map(str::to_string)
        .collect();
    let mut draw_bad = Vec::new();
    let selected: BTreeSet<&str> = match &plan.wall_cert_draw {
        Some(record) => {
            if let Err(e) = qingdan_draw::verify(record, &candidates, &excluded) {
                draw_bad.push(offender("（抽取记录）", format!("抽取记录复核不通过：{e}")));
            }
            let planned: BTreeSet<&str> = wall_items.iter().map(|i| i.target.as_str()).collect();
            for id in &record.selected {
                if !planned.contains(id.as_str()) {
                    draw_bad.push(offender(id, "抽中但未列入计划".to_string()));
                }
            }
            record.selected.iter().map(String::as_str).collect()
        }
        None => BTreeSet::new(),
    };
    for i in &wall_items {
        let id = i.target.as_str();
        if !priority_ids.contains(id) && !selected.contains(id) {
            draw_bad.push(offender(id, "非重点企业未经随机抽取而列入计划".to_string()));
        }
        if i.reason == Reason::Drawn && !selected.contains(id) {
            draw_bad.push(offender(id, "标为“随机抽取”，但不在抽取记录中".to_string()));
        }
    }
    let drawn = selected.len();
    let summary = match &plan.wall_cert_draw {
        Some(r) => format!(
            "从 {} 家中排除 {} 家后抽取 {} 家（记录 {}）",
            r.candidate_count,
            r.excluded_count,
            r.count,
            r.record_hash.get(..12).unwrap_or_default()
        ),
        None => "本计划无随机抽取".to_string(),
    };
    out.push(rule(7, drawn, drawn, draw_bad, summary));

    // §三(四): refund applicants and complained-about projects.
    let due: Vec<&crate::snapshot::ProjectEntry> = snapshot
        .projects
        .iter()
        .filter(|p| p.refund_applied || p.wall_complaint)
        .collect();
    let mut missing = Vec::new();
    for p in &due {
        if count(SystemCode::FundRefund, p.code.as_str()) == 0 {
            let why = match (p.refund_applied, p.wall_complaint) {
                (true, true) => "申报返退且被投诉",
                (true, false) => "申报返退",
                _ => "被投诉违规使用墙体材料",
            };
            missing.push(offender(&p.code, format!("{}（{why}）未列入检查", p.name)));
        }
    }
    let summary = format!(
        "应检查的建设项目 {} 个，已安排 {} 个",
        due.len(),
        due.len() - missing.len()
    );
    out.push(rule(
        8,
        due.len(),
        due.len() - missing.len(),
        missing,
        summary,
    ));

    // §三(六): bulk-cement enterprises.
    let bulk: Vec<&crate::snapshot::EnterpriseEntry> = snapshot
        .enterprises
        .iter()
        .filter(|e| is_bulk(e.kind))
        .collect();
    let mut missing = Vec::new();
    for e in &bulk {
        if count(SystemCode::BulkCement, e.uscc.as_str()) == 0 {
            missing.push(offender(
                e.uscc.as_str(),
                format!("{}（{}）本年度未安排检查", e.name, e.kind.label()),
            ));
        }
    }
    let summary = format!(
        "散装水泥相关企业 {} 家，已安排 {} 家",
        bulk.len(),
        bulk.len() - missing.len()
    );
    out.push(rule(
        9,
        bulk.len(),
        bulk.len() - missing.len(),
        missing,
        summary,
    ));
    out
}

/// Whether every rule is met.
pub fn all_met(results: &[RuleCheck]) -> bool {
    results.iter().all(|r| r.status == Status::Met)
}
