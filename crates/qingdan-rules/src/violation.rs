//! The violations the list names, each under the article that punishes it.
//!
//! A violation's terms (the measures, the penalty, its precondition, who enforces) are data in a
//! [`RuleBook`]; the terms are dated, so a rate that changes gets a new period rather than an edit.

use crate::dated::Dated;
use crate::source::{Source, law};
use jiff::civil::{Date, date};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// The violation codes of the contract.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// 违反第十四条第一款、第三款使用袋装水泥.
    BaggedCement,
    /// 违反第十四条第四款擅自使用袋装水泥.
    BaggedCementUnapproved,
    /// 违反第十五条第一款现场搅拌混凝土.
    SiteMixing,
    /// 违反第十五条第二款擅自现场搅拌混凝土.
    SiteMixingUnapproved,
    /// 违规使用粘土实心砖.
    ClayBrick,
    /// 未足额缴纳新型墙体材料专项基金.
    WallFundArrears,
    /// 新建企业散装水泥使用率未达 70%.
    BulkRate,
    /// 盗窃电能.
    ElectricityTheft,
    /// 危害电力设施，拒不改正.
    PowerFacility,
    /// 危害供用电安全、扰乱供用电秩序.
    PowerOrder,
}

impl Code {
    /// Every code, in the contract's order.
    pub const ALL: [Code; 10] = [
        Code::BaggedCement,
        Code::BaggedCementUnapproved,
        Code::SiteMixing,
        Code::SiteMixingUnapproved,
        Code::ClayBrick,
        Code::WallFundArrears,
        Code::BulkRate,
        Code::ElectricityTheft,
        Code::PowerFacility,
        Code::PowerOrder,
    ];

    /// The contract's spelling, e.g. `bagged-cement`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::BaggedCement => "bagged-cement",
            Code::BaggedCementUnapproved => "bagged-cement-unapproved",
            Code::SiteMixing => "site-mixing",
            Code::SiteMixingUnapproved => "site-mixing-unapproved",
            Code::ClayBrick => "clay-brick",
            Code::WallFundArrears => "wall-fund-arrears",
            Code::BulkRate => "bulk-rate",
            Code::ElectricityTheft => "electricity-theft",
            Code::PowerFacility => "power-facility",
            Code::PowerOrder => "power-order",
        }
    }

    /// Is this an electricity case (§三(七): the 1,000-yuan on-the-spot rule applies)?
    pub fn is_power_case(self) -> bool {
        matches!(
            self,
            Code::ElectricityTheft | Code::PowerFacility | Code::PowerOrder
        )
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Code {
    type Err = ();
    fn from_str(s: &str) -> Result<Code, ()> {
        Code::ALL.into_iter().find(|c| c.as_str() == s).ok_or(())
    }
}

/// What the quantity of a violation measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// 吨 of bagged cement.
    Ton,
    /// 立方米 of concrete or bricks.
    CubicMetre,
    /// 元 (the unpaid electricity fee; the unpaid fund).
    Yuan,
    /// 百分比 (a usage rate).
    Percent,
    /// No quantity.
    None,
}

impl Unit {
    /// The Chinese unit after a number.
    pub fn label(self) -> &'static str {
        match self {
            Unit::Ton => "吨",
            Unit::CubicMetre => "立方米",
            Unit::Yuan => "元",
            Unit::Percent => "%",
            Unit::None => "",
        }
    }
}

/// A measure other than a fine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Measure {
    /// 责令停止违法行为.
    #[serde(rename = "责令停止违法行为")]
    Stop,
    /// 责令改正.
    #[serde(rename = "责令改正")]
    Correct,
    /// 责令限期改正.
    #[serde(rename = "责令限期改正")]
    CorrectByDeadline,
    /// 限期补办审批手续.
    #[serde(rename = "限期补办审批手续")]
    ObtainApproval,
    /// 限期补办确认手续.
    #[serde(rename = "限期补办确认手续")]
    ObtainConfirmation,
    /// 责令限期缴纳.
    #[serde(rename = "责令限期缴纳")]
    PayByDeadline,
    /// 加收滞纳金.
    #[serde(rename = "加收滞纳金")]
    LateFee,
    /// 依法申请人民法院强制执行.
    #[serde(rename = "依法申请人民法院强制执行")]
    CourtEnforcement,
    /// 限期责令整改.
    #[serde(rename = "限期责令整改")]
    RectifyByDeadline,
    /// 追缴电费.
    #[serde(rename = "追缴电费")]
    RecoverFee,
    /// 给予警告.
    #[serde(rename = "警告")]
    Warning,
    /// 移送有权机关.
    #[serde(rename = "移送有权机关处理")]
    Refer,
    /// 涉嫌犯罪的移送公安机关.
    #[serde(rename = "涉嫌犯罪的，移送公安机关")]
    ReferToPolice,
}

impl Measure {
    /// The Chinese wording.
    pub fn label(self) -> &'static str {
        match self {
            Measure::Stop => "责令停止违法行为",
            Measure::Correct => "责令改正",
            Measure::CorrectByDeadline => "责令限期改正",
            Measure::ObtainApproval => "限期补办审批手续",
            Measure::ObtainConfirmation => "限期补办确认手续",
            Measure::PayByDeadline => "责令限期缴纳",
            Measure::LateFee => "加收滞纳金",
            Measure::CourtEnforcement => "依法申请人民法院强制执行",
            Measure::RectifyByDeadline => "限期责令整改",
            Measure::RecoverFee => "追缴电费",
            Measure::Warning => "警告",
            Measure::Refer => "移送有权机关处理",
            Measure::ReferToPolice => "涉嫌犯罪的，移送公安机关",
        }
    }
}

/// The fine the law sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Penalty {
    /// A fixed rate per unit: `rate × quantity` (“按照每吨六十元的标准处以罚款”).
    Rate {
        /// Yuan per unit.
        rate: Decimal,
    },
    /// A range per unit: from `min × quantity` to `max × quantity` (“每立方米三十元以上、五十元以下”).
    RateRange {
        /// Lowest yuan per unit.
        min: Decimal,
        /// Highest yuan per unit.
        max: Decimal,
    },
    /// Up to a multiple of the quantity in yuan (“应交电费五倍以下”).
    UpToMultiple {
        /// The multiple.
        times: Decimal,
    },
    /// Up to a fixed amount (“一万元以下”).
    UpTo {
        /// The cap in yuan.
        max: Decimal,
    },
    /// No fine: measures only.
    None,
}

/// When the fine may be imposed at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precondition {
    /// On the violation itself.
    Always,
    /// Only if not corrected by the deadline (“逾期不改正的”, “拒不改正的”).
    NotCorrected,
    /// Only if serious or not corrected (“情节严重或者拒绝改正的”).
    SeriousOrNotCorrected,
}

/// Everything the law says about one violation, for one period.
#[derive(Debug, Clone, PartialEq)]
pub struct Terms {
    /// The violation in Chinese.
    pub name: &'static str,
    /// What the quantity measures.
    pub unit: Unit,
    /// Measures other than the fine, in order.
    pub measures: Vec<Measure>,
    /// The fine.
    pub penalty: Penalty,
    /// When the fine applies.
    pub precondition: Precondition,
    /// The provision that punishes (the 罚则).
    pub punishes: Source,
    /// Other provisions to cite (the duty violated, the list's section, the enforcer's mandate).
    pub also: Vec<Source>,
    /// Who enforces.
    pub enforcer: &'static str,
    /// The department to refer to instead of penalising, when it is not this bureau.
    pub refer_to: Option<&'static str>,
    /// A note the legal section should see (e.g. a date to verify).
    pub note: Option<&'static str>,
}

/// The enforcers the list names.
pub mod enforcer {
    /// 县散装水泥办公室 (of 县工信局).
    pub const BULK_CEMENT_OFFICE: &str = "县散装水泥办公室（县工信局）";
    /// 县墙体材料改革办公室 (of 县工信局).
    pub const WALL_OFFICE: &str = "县墙体材料改革办公室（县工信局）";
    /// 县住建局.
    pub const HOUSING: &str = "县住建局";
    /// 县工信局 as 电力管理部门.
    pub const BUREAU_POWER: &str = "县工信局（电力管理部门）";
}

/// The first day Qingdan applies each instrument from. Where the exact commencement date of an
/// instrument could not be verified here, the date is marked in the terms' `note`.
pub mod dates {
    use jiff::civil::{Date, date};
    /// 湖南省散装水泥条例 (commencement to be verified by the legal section).
    pub const HUNAN_BULK_CEMENT: Date = date(2010, 1, 1);
    /// 湖南省新型墙体材料推广应用条例 (commencement to be verified).
    pub const HUNAN_WALL_MATERIALS: Date = date(2010, 1, 1);
    /// 电力法, in force 1996-04-01.
    pub const ELECTRICITY_LAW: Date = date(1996, 4, 1);
    /// 电力设施保护条例 (1987; revised 1998 and 2011).
    pub const POWER_FACILITY_REGS: Date = date(1987, 9, 15);
    /// 行政处罚法 2021 revision.
    pub const PENALTY_LAW_2021: Date = date(2021, 7, 15);
    /// 行政处罚法 1996.
    pub const PENALTY_LAW_1996: Date = date(1996, 10, 1);
    /// 行政强制法.
    pub const COERCION_LAW: Date = date(2012, 1, 1);
    /// The bulk-cement special fund no longer levied (财税〔2016〕11号).
    pub const BULK_FUND_STOPPED: Date = date(2016, 2, 1);
    /// The new-wall-material special fund abolished.
    pub const WALL_FUND_ABOLISHED: Date = date(2017, 4, 1);
    /// A day from which the list's own rules are applied (its publication is undated; its
    /// regulations pre-date it).
    pub const LIST: Date = date(2010, 1, 1);
}

const UNVERIFIED_DATE: &str = "条例施行日期按 2010-01-01 计，待法制股核对后修订";

fn d(n: i64) -> Decimal {
    Decimal::from(n)
}

/// All violation rules, by code, each with its dated terms.
#[derive(Debug, Clone)]
pub struct RuleBook {
    rules: BTreeMap<Code, Dated<Terms>>,
}

impl RuleBook {
    /// The rules of the Anhua list and the national law it rests on.
    pub fn anhua() -> RuleBook {
        let art23_1 = Source::new(law::HUNAN_BULK_CEMENT, "第二十三条", "第一款");
        let art23_2 = Source::new(law::HUNAN_BULK_CEMENT, "第二十三条", "第二款");
        let art24_1 = Source::new(law::HUNAN_BULK_CEMENT, "第二十四条", "第一款");
        let art24_2 = Source::new(law::HUNAN_BULK_CEMENT, "第二十四条", "第二款");
        let list_4_3 = Source::new(law::THE_LIST, "§三(四)五", "（三）");
        let list_4_4 = Source::new(law::THE_LIST, "§三(四)五", "（四）");
        let list_6 = Source::new(law::THE_LIST, "§三(六)五", "（一）（二）");
        let el71 = Source::new(law::ELECTRICITY_LAW, "第七十一条", "");
        let el65 = Source::new(law::ELECTRICITY_LAW, "第六十五条", "");
        let el6 = Source::new(law::ELECTRICITY_LAW, "第六条", "");
        let psu41 = Source::new(law::POWER_SUPPLY_REGS, "第四十一条", "");
        let pf27 = Source::new(law::POWER_FACILITY_REGS, "第二十七条", "");
        let list_7 = Source::new(law::THE_LIST, "§三(七)五", "");
        let coerce45 = Source::new(law::COERCION_LAW, "第四十五条", "");

        let mut rules = BTreeMap::new();
        let mut add = |code: Code, from: Date, terms: Terms| {
            let source = terms.punishes;
            rules.insert(code, Dated::since(code.as_str(), from, terms, source));
        };
        add(
            Code::BaggedCement,
            dates::HUNAN_BULK_CEMENT,
            Terms {
                name: "违反《湖南省散装水泥条例》第十四条第一款、第三款规定使用袋装水泥",
                unit: Unit::Ton,
                measures: vec![Measure::Stop],
                penalty: Penalty::Rate { rate: d(60) },
                precondition: Precondition::Always,
                punishes: art23_1,
                also: vec![Source::new(
                    law::HUNAN_BULK_CEMENT,
                    "第十四条",
                    "第一款、第三款",
                )],
                enforcer: enforcer::BULK_CEMENT_OFFICE,
                refer_to: None,
                note: Some(UNVERIFIED_DATE),
            },
        );
        add(
            Code::BaggedCementUnapproved,
            dates::HUNAN_BULK_CEMENT,
            Terms {
                name: "违反《湖南省散装水泥条例》第十四条第四款规定擅自使用袋装水泥",
                unit: Unit::Ton,
                measures: vec![Measure::Correct, Measure::ObtainApproval],
                penalty: Penalty::Rate { rate: d(30) },
                precondition: Precondition::NotCorrected,
                punishes: art23_2,
                also: vec![Source::new(law::HUNAN_BULK_CEMENT, "第十四条", "第四款")],
                enforcer: enforcer::BULK_CEMENT_OFFICE,
                refer_to: None,
                note: Some(UNVERIFIED_DATE),
            },
        );
        add(
            Code::SiteMixing,
            dates::HUNAN_BULK_CEMENT,
            Terms {
                name: "违反《湖南省散装水泥条例》第十五条第一款规定现场搅拌混凝土",
                unit: Unit::CubicMetre,
                measures: vec![Measure::Stop, Measure::Refer],
                penalty: Penalty::Rate { rate: d(20) },
                precondition: Precondition::Always,
                punishes: art24_1,
                also: vec![
                    Source::new(law::HUNAN_BULK_CEMENT, "第十五条", "第一款"),
                    Source::new(law::THE_LIST, "§二", "第8项"),
                ],
                enforcer: enforcer::HOUSING,
                refer_to: Some(enforcer::HOUSING),
                note: Some(UNVERIFIED_DATE),
            },
        );
        add(
            Code::SiteMixingUnapproved,
            dates::HUNAN_BULK_CEMENT,
            Terms {
                name: "违反《湖南省散装水泥条例》第十五条第二款规定擅自现场搅拌混凝土",
                unit: Unit::CubicMetre,
                measures: vec![
                    Measure::Correct,
                    Measure::ObtainConfirmation,
                    Measure::Refer,
                ],
                penalty: Penalty::Rate { rate: d(10) },
                precondition: Precondition::NotCorrected,
                punishes: art24_2,
                also: vec![
                    Source::new(law::HUNAN_BULK_CEMENT, "第十五条", "第二款"),
                    Source::new(law::THE_LIST, "§二", "第8项"),
                ],
                enforcer: enforcer::HOUSING,
                refer_to: Some(enforcer::HOUSING),
                note: Some(UNVERIFIED_DATE),
            },
        );
        add(
            Code::ClayBrick,
            dates::HUNAN_WALL_MATERIALS,
            Terms {
                name: "违规使用粘土实心砖",
                unit: Unit::CubicMetre,
                measures: vec![Measure::CorrectByDeadline],
                penalty: Penalty::RateRange {
                    min: d(30),
                    max: d(50),
                },
                precondition: Precondition::NotCorrected,
                punishes: list_4_3,
                also: vec![Source::new(law::HUNAN_WALL_MATERIALS, "", "")],
                enforcer: enforcer::WALL_OFFICE,
                refer_to: None,
                note: Some(
                    "罚则引自清单§三(四)五(三)；《湖南省新型墙体材料推广应用条例》的条款号及施行日期待法制股核对",
                ),
            },
        );
        add(
            Code::WallFundArrears,
            dates::HUNAN_WALL_MATERIALS,
            Terms {
                name: "未足额缴纳新型墙体材料专项基金",
                unit: Unit::Yuan,
                measures: vec![
                    Measure::PayByDeadline,
                    Measure::LateFee,
                    Measure::CourtEnforcement,
                ],
                penalty: Penalty::None,
                precondition: Precondition::Always,
                punishes: list_4_4,
                also: vec![Source::new(law::HUNAN_WALL_FUND, "", ""), coerce45],
                enforcer: enforcer::WALL_OFFICE,
                refer_to: None,
                note: Some(
                    "滞纳金按日万分之五，从滞纳之日起计，不超过应缴基金本金；基金自2017年4月1日起取消征收",
                ),
            },
        );
        add(
            Code::BulkRate,
            dates::HUNAN_BULK_CEMENT,
            Terms {
                name: "新建预拌混凝土、预拌砂浆、水泥制品生产企业散装水泥使用率未达到70%",
                unit: Unit::Percent,
                measures: vec![Measure::RectifyByDeadline],
                penalty: Penalty::None,
                precondition: Precondition::Always,
                punishes: list_6,
                also: vec![Source::new(law::HUNAN_BULK_CEMENT, "", "")],
                enforcer: enforcer::BULK_CEMENT_OFFICE,
                refer_to: None,
                note: Some("整改不到位的，依《湖南省散装水泥条例》查处（另立违法行为）"),
            },
        );
        add(
            Code::ElectricityTheft,
            dates::ELECTRICITY_LAW,
            Terms {
                name: "盗窃电能",
                unit: Unit::Yuan,
                measures: vec![Measure::Stop, Measure::RecoverFee, Measure::ReferToPolice],
                penalty: Penalty::UpToMultiple { times: d(5) },
                precondition: Precondition::Always,
                punishes: el71,
                also: vec![psu41, el6, list_7],
                enforcer: enforcer::BUREAU_POWER,
                refer_to: None,
                note: None,
            },
        );
        add(
            Code::PowerFacility,
            dates::POWER_FACILITY_REGS,
            Terms {
                name: "危害电力设施，经责令改正拒不改正",
                unit: Unit::None,
                measures: vec![Measure::Correct, Measure::ReferToPolice],
                penalty: Penalty::UpTo { max: d(10_000) },
                precondition: Precondition::NotCorrected,
                punishes: pf27,
                also: vec![el6, list_7],
                enforcer: enforcer::BUREAU_POWER,
                refer_to: None,
                note: Some("条例施行日期按1987-09-15计（1998年、2011年修订），待法制股核对"),
            },
        );
        add(
            Code::PowerOrder,
            dates::ELECTRICITY_LAW,
            Terms {
                name: "危害供电、用电安全或者扰乱供电、用电秩序",
                unit: Unit::None,
                measures: vec![Measure::Correct, Measure::Warning, Measure::ReferToPolice],
                penalty: Penalty::UpTo { max: d(50_000) },
                precondition: Precondition::SeriousOrNotCorrected,
                punishes: el65,
                also: vec![el6, list_7],
                enforcer: enforcer::BUREAU_POWER,
                refer_to: None,
                note: None,
            },
        );
        RuleBook { rules }
    }

    /// The dated terms of a violation.
    pub fn rule(&self, code: Code) -> Option<&Dated<Terms>> {
        self.rules.get(&code)
    }

    /// Replaces a violation's dated terms (the legal section revising a rule; tests).
    pub fn set(&mut self, code: Code, terms: Dated<Terms>) {
        self.rules.insert(code, terms);
    }

    /// Every rule.
    pub fn rules(&self) -> impl Iterator<Item = (Code, &Dated<Terms>)> {
        self.rules.iter().map(|(c, t)| (*c, t))
    }
}

/// A date constructor for callers that build their own rule books.
pub const fn day(y: i16, m: i8, dd: i8) -> Date {
    date(y, m, dd)
}
