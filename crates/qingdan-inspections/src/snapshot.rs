//! What the planner and the checker read: the county as of a day (a snapshot of the registry
//! with the flags that decide priorities) and the inspections already done this year.
//!
//! Data only; [`crate::plan`] and [`crate::check`] each interpret it on their own.

use crate::systems::SystemCode;
use jiff::civil::Date;
use qingdan_registry::{PartyKind, Uscc};
use serde::{Deserialize, Serialize};

/// A span of validity, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validity {
    /// First valid day.
    pub from: Date,
    /// Last valid day.
    pub until: Date,
}

impl Validity {
    /// Whether `day` is within it.
    pub fn contains(&self, day: Date) -> bool {
        self.from <= day && day <= self.until
    }
}

/// An enterprise as the planner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnterpriseEntry {
    /// 统一社会信用代码.
    pub uscc: Uscc,
    /// 企业名称.
    pub name: String,
    /// 类别.
    pub kind: PartyKind,
    /// 新型墙体材料产品认定证书 validity, for a certified producer.
    pub wall_certificate: Option<Validity>,
    /// 有投诉的 (§三(三)三).
    pub complained: bool,
    /// 产品出现质量事故的 (§三(三)三).
    pub incident: bool,
    /// 国家及县级专项监督检查不合格的 (§三(三)三).
    pub failed_spot_check: bool,
}

/// A construction project as the planner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectEntry {
    /// 项目编号.
    pub code: String,
    /// 项目名称.
    pub name: String,
    /// 建设单位.
    pub builder: Uscc,
    /// 使用水泥施工 (the object of §三(五)).
    pub uses_cement: bool,
    /// 位于禁止现场搅拌区域.
    pub no_site_mixing_zone: bool,
    /// 申报返退新型墙体材料专项基金 (§三(四)三).
    pub refund_applied: bool,
    /// 被投诉违规使用墙体材料 (§三(四)三).
    pub wall_complaint: bool,
    /// 有投诉举报（袋装水泥）(§三(五)三.(一)(二)).
    pub cement_complaint: bool,
}

/// An inspection already made this year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    /// Under which system.
    pub system: SystemCode,
    /// The target's id (统一社会信用代码 or 项目编号).
    pub target: String,
    /// When.
    pub on: Date,
    /// Whether it answered a complaint.
    pub complaint: bool,
}

/// The county as of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The plan year.
    pub year: i16,
    /// The day the plan is made (nothing is planned before it).
    pub as_of: Date,
    /// Enterprises.
    pub enterprises: Vec<EnterpriseEntry>,
    /// Projects.
    pub projects: Vec<ProjectEntry>,
    /// Inspections already made this year.
    pub prior: Vec<Visit>,
}

/// The quarter (1–4) of a day.
pub fn quarter_of(day: Date) -> u8 {
    // month is 1..=12, so this is 1..=4.
    ((day.month() - 1) / 3 + 1) as u8
}
