//! Legal sources: every rule names the law, article and clause it implements.

use serde::Serialize;
use std::fmt;

/// A provision of a law, regulation or normative document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The instrument, e.g. `湖南省散装水泥条例`.
    pub law: &'static str,
    /// The article, e.g. `第二十三条`; empty for a document cited whole.
    pub article: &'static str,
    /// The clause (款/项), e.g. `第一款`; empty when the whole article applies.
    pub clause: &'static str,
}

impl Source {
    /// A provision.
    pub const fn new(law: &'static str, article: &'static str, clause: &'static str) -> Source {
        Source {
            law,
            article,
            clause,
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.law.starts_with('《') || self.law.starts_with("安化") || self.law.contains('§')
        {
            write!(f, "{}{}{}", self.law, self.article, self.clause)
        } else {
            write!(f, "《{}》{}{}", self.law, self.article, self.clause)
        }
    }
}

/// The instruments Qingdan's rules cite.
pub mod law {
    /// 中华人民共和国行政处罚法（2021年修订，2021年7月15日施行）.
    pub const PENALTY_LAW: &str = "中华人民共和国行政处罚法";
    /// 中华人民共和国行政强制法（2012年1月1日施行）.
    pub const COERCION_LAW: &str = "中华人民共和国行政强制法";
    /// 中华人民共和国电力法.
    pub const ELECTRICITY_LAW: &str = "中华人民共和国电力法";
    /// 电力供应与使用条例.
    pub const POWER_SUPPLY_REGS: &str = "电力供应与使用条例";
    /// 电力设施保护条例.
    pub const POWER_FACILITY_REGS: &str = "电力设施保护条例";
    /// 湖南省散装水泥条例.
    pub const HUNAN_BULK_CEMENT: &str = "湖南省散装水泥条例";
    /// 湖南省新型墙体材料推广应用条例.
    pub const HUNAN_WALL_MATERIALS: &str = "湖南省新型墙体材料推广应用条例";
    /// 湖南省新型墙体材料专项基金征收使用管理实施办法.
    pub const HUNAN_WALL_FUND: &str = "湖南省新型墙体材料专项基金征收使用管理实施办法";
    /// 中华人民共和国民法典.
    pub const CIVIL_CODE: &str = "中华人民共和国民法典";
    /// The responsibility list itself, cited by section.
    pub const THE_LIST: &str = "安化县工业和信息化局责任清单";
    /// 财税〔2016〕11号: the bulk-cement special fund no longer levied from 2016-02-01.
    pub const CAISHUI_2016_11: &str =
        "财政部关于取消、停征和整合部分政府性基金项目等有关问题的通知（财税〔2016〕11号）";
    /// The instrument abolishing the new-wall-material special fund from 2017-04-01.
    pub const WALL_FUND_ABOLISHED: &str =
        "财政部关于取消、调整部分政府性基金有关政策的通知（财税〔2017〕18号）";
    /// Hunan's threshold for a "large" fine that carries a right to a hearing.
    pub const HUNAN_LARGE_FINE: &str = "湖南省较大数额罚款标准（文号待法制股核定）";
    /// Qingdan's default discretion benchmark, pending the legal section's adoption.
    pub const DEFAULT_BENCHMARK: &str =
        "安化县工业和信息化局行政处罚裁量权基准（Qingdan 默认版，待法制股审定）";
}
