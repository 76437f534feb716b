//! The list's conditions: certificate revocation (§三(三)五), refusal of a fund refund
//! (§三(四)五), special-fund project outcomes (§三(二)五), the inspection share (§三(三)三), and
//! the twelve enforcement fault types with their sanctions (§三(一)四, §三(八)五).

use crate::law::Law;
use crate::source::{Source, law};
use jiff::civil::Date;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// A condition of §三(三)五(二) on which a new-wall-material certificate is withdrawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RevocationCondition {
    /// 1、经限期责令改正，到期后仍未改正的.
    NotCorrectedByDeadline,
    /// 2、已不符合国家和省县产业政策要求的.
    PolicyNonCompliant,
    /// 3、产品工艺改变，超出《湖南省新型墙体材料产品认定工艺装备要求》范围的.
    ProcessChanged,
    /// 4、质量管理未执行到位，产品质量检验不合格的.
    QualityFailed,
    /// 5、造成重大污染，重大安全质量事故的.
    MajorIncident,
    /// 6、申报材料弄虚作假的.
    FalseApplication,
    /// 7、擅自印刷、涂改、倒卖、租借、转让认定证书的.
    CertificateMisused,
}

impl RevocationCondition {
    /// All seven, in the list's order.
    pub const ALL: [RevocationCondition; 7] = [
        RevocationCondition::NotCorrectedByDeadline,
        RevocationCondition::PolicyNonCompliant,
        RevocationCondition::ProcessChanged,
        RevocationCondition::QualityFailed,
        RevocationCondition::MajorIncident,
        RevocationCondition::FalseApplication,
        RevocationCondition::CertificateMisused,
    ];

    /// The list's wording.
    pub fn text(self) -> &'static str {
        match self {
            RevocationCondition::NotCorrectedByDeadline => "经限期责令改正，到期后仍未改正的",
            RevocationCondition::PolicyNonCompliant => "已不符合国家和省县产业政策要求的",
            RevocationCondition::ProcessChanged => {
                "产品工艺改变，超出《湖南省新型墙体材料产品认定工艺装备要求》范围的"
            }
            RevocationCondition::QualityFailed => "质量管理未执行到位，产品质量检验不合格的",
            RevocationCondition::MajorIncident => "造成重大污染，重大安全质量事故的",
            RevocationCondition::FalseApplication => "申报材料弄虚作假的",
            RevocationCondition::CertificateMisused => "擅自印刷、涂改、倒卖、租借、转让认定证书的",
        }
    }

    /// Its item number in §三(三)五(二).
    pub fn item(self) -> usize {
        Self::ALL
            .iter()
            .position(|c| *c == self)
            .map(|i| i + 1)
            .unwrap_or(0)
    }
}

/// A decision with its reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// The outcome in Chinese (收回认定证书, 不予返退, 责令限期改正 …).
    pub outcome: String,
    /// Whether the adverse outcome applies.
    pub applies: bool,
    /// The provisions.
    pub basis: Vec<String>,
    /// Why.
    pub reasons: Vec<String>,
}

/// §三(三)五: a problem found is first ordered corrected; any of the seven conditions withdraws
/// the certificate.
pub fn certificate_revocation(found: &[RevocationCondition]) -> Decision {
    let source = Source::new(law::THE_LIST, "§三(三)五", "（二）");
    if found.is_empty() {
        return Decision {
            outcome: "限期责令改正".into(),
            applies: false,
            basis: vec![Source::new(law::THE_LIST, "§三(三)五", "（一）").to_string()],
            reasons: vec!["未发现收回认定证书的情形；发现问题的，责令企业限期改正".into()],
        };
    }
    Decision {
        outcome: "收回认定证书".into(),
        applies: true,
        basis: vec![source.to_string()],
        reasons: found
            .iter()
            .map(|c| format!("有{source}第{}项“{}”情形", c.item(), c.text()))
            .collect(),
    }
}

/// A condition of §三(四)五(二) on which the paid new-wall-material fund is not refunded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RefundDenial {
    /// 1、使用未取得《湖南省新型墙体材料产品认定证书》的墙体材料产品的.
    UncertifiedProduct,
    /// 2、未经现场核验，擅自进行粉刷遮盖的.
    CoveredBeforeInspection,
    /// 3、单位建筑物使用新型墙体材料比率未达到规定比率的.
    RatioNotMet,
    /// 4、申报材料不符合规定要求的.
    BadApplication,
}

impl RefundDenial {
    /// All four.
    pub const ALL: [RefundDenial; 4] = [
        RefundDenial::UncertifiedProduct,
        RefundDenial::CoveredBeforeInspection,
        RefundDenial::RatioNotMet,
        RefundDenial::BadApplication,
    ];

    /// The list's wording.
    pub fn text(self) -> &'static str {
        match self {
            RefundDenial::UncertifiedProduct => {
                "使用未取得《湖南省新型墙体材料产品认定证书》的墙体材料产品的"
            }
            RefundDenial::CoveredBeforeInspection => "未经现场核验，擅自进行粉刷遮盖的",
            RefundDenial::RatioNotMet => "单位建筑物使用新型墙体材料比率未达到规定比率的",
            RefundDenial::BadApplication => "申报材料不符合规定要求的",
        }
    }

    fn item(self) -> usize {
        Self::ALL
            .iter()
            .position(|c| *c == self)
            .map(|i| i + 1)
            .unwrap_or(0)
    }
}

/// §三(四)五: the fund is refunded unless one of the four conditions holds.
pub fn fund_refund(found: &[RefundDenial]) -> Decision {
    let source = Source::new(law::HUNAN_WALL_FUND, "", "");
    let list = Source::new(law::THE_LIST, "§三(四)五", "（二）");
    if found.is_empty() {
        return Decision {
            outcome: "符合返退规定，告知建设单位准备相关资料和办理程序".into(),
            applies: false,
            basis: vec![Source::new(law::THE_LIST, "§三(四)五", "（一）").to_string()],
            reasons: vec!["未发现不予返退的情形".into()],
        };
    }
    Decision {
        outcome: "所缴纳新型墙体材料专项基金不予返退".into(),
        applies: true,
        basis: vec![source.to_string(), list.to_string()],
        reasons: found
            .iter()
            .map(|c| format!("有{list}第{}项“{}”情形", c.item(), c.text()))
            .collect(),
    }
}

/// A finding on a special-fund project (§三(二)五).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProjectFinding {
    /// 1、未按申报条件建设.
    NotBuiltAsApplied,
    /// 2、未按专项资金管理办法管理使用财政专项资金.
    FundsMismanaged,
    /// 3、具备验收条件，未及时进行竣工验收.
    AcceptanceOverdue,
    /// 4、违犯规定、弄虚作假、截留和挪用专项资金或项目实施问题严重.
    FraudOrDiversion,
}

/// The outcome for a special-fund project finding; `serious` is 情节严重.
pub fn project_outcome(finding: ProjectFinding, serious: bool) -> Decision {
    let at = |item: &'static str| Source::new(law::THE_LIST, "§三(二)五", item).to_string();
    match finding {
        ProjectFinding::NotBuiltAsApplied | ProjectFinding::FundsMismanaged => {
            let item = if finding == ProjectFinding::NotBuiltAsApplied {
                "第1项"
            } else {
                "第2项"
            };
            Decision {
                outcome: if serious {
                    "责令改正，追回财政资金".into()
                } else {
                    "责令改正".into()
                },
                applies: true,
                basis: vec![at(item)],
                reasons: vec![if serious {
                    "情节严重，在责令改正的同时追回财政资金".to_string()
                } else {
                    "责令改正；情节严重的，追回财政资金".to_string()
                }],
            }
        }
        ProjectFinding::AcceptanceOverdue => Decision {
            outcome: "不再申报或安排相关专项资金".into(),
            applies: true,
            basis: vec![at("第3项")],
            reasons: vec!["具备验收条件而未及时竣工验收".into()],
        },
        ProjectFinding::FraudOrDiversion => Decision {
            outcome: "撤销项目，追回全部引导资金，取消今后获得各类财政资金支持的资格".into(),
            applies: true,
            basis: vec![at("第4项")],
            reasons: vec![
                "违犯规定、弄虚作假、截留和挪用专项资金或项目实施问题严重；触犯法律的，依法追究法律责任".into(),
            ],
        },
    }
}

/// §三(三)三: at least 20% of the enterprises holding a valid certificate are inspected each
/// year; the count is rounded up (不少于).
pub fn certified_inspections_required(
    law_params: &Law,
    year_start: Date,
    certified: u64,
) -> Result<u64, crate::RuleError> {
    let share = law_params.certified_inspection_share.at(year_start)?.value;
    let needed = (Decimal::from(certified) * share)
        .round_dp_with_strategy(0, RoundingStrategy::AwayFromZero);
    Ok(u64::try_from(needed.mantissa()).unwrap_or(u64::MAX))
}

/// An enforcement fault of §三(一)四 (行政执法过错).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fault {
    /// （一）依法应当履行的法定职责和义务不予履行的.
    DutyNotPerformed,
    /// （二）未按照法定程序实施行政行为，或适用程序不当的.
    WrongProcedure,
    /// （三）没有法定依据而随意实施行政行为的.
    NoLegalBasis,
    /// （四）超越法定权限或者委托权限实施行政行为的.
    BeyondAuthority,
    /// （五）行政裁量权行使不当，具体行政行为显失公正的.
    DiscretionAbused,
    /// （六）违法要求当事人履行义务的.
    UnlawfulDemand,
    /// （七）泄露行政相对人的商业秘密给行政相对人造成损失的.
    SecretsLeaked,
    /// （八）阻碍行政相对人行使申诉、听证、复议、诉讼和其他合法权利，情节恶劣，造成严重后果的.
    RightsObstructed,
    /// （九）因办案人员的主观过错导致案件主要违法事实认定错误，被撤销或者部分撤销的.
    FactsWrong,
    /// （十）无正当理由拒不执行或者错误执行生效的判决、裁定、决定、命令的.
    JudgmentNotExecuted,
    /// （十一）玩忽职守、徇私舞弊、贪污受贿等尚不构成犯罪的.
    Misconduct,
    /// （十二）依照法律、法规和规章规定应承担行政执法过错责任的其他行为.
    Other,
}

impl Fault {
    /// All twelve, in the list's order.
    pub const ALL: [Fault; 12] = [
        Fault::DutyNotPerformed,
        Fault::WrongProcedure,
        Fault::NoLegalBasis,
        Fault::BeyondAuthority,
        Fault::DiscretionAbused,
        Fault::UnlawfulDemand,
        Fault::SecretsLeaked,
        Fault::RightsObstructed,
        Fault::FactsWrong,
        Fault::JudgmentNotExecuted,
        Fault::Misconduct,
        Fault::Other,
    ];

    /// The clause number, e.g. `（五）`.
    pub fn clause(self) -> String {
        let n = Self::ALL
            .iter()
            .position(|f| *f == self)
            .map(|i| i + 1)
            .unwrap_or(0);
        format!("（{}）", chinese(n))
    }
}

fn chinese(n: usize) -> &'static str {
    [
        "", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二",
    ]
    .get(n)
    .copied()
    .unwrap_or("")
}

/// How grave a fault is, as the reviewing body finds it (性质、情节、后果).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Gravity {
    /// 情节轻微.
    Minor,
    /// 情节较重.
    Serious,
    /// 情节严重.
    Grave,
}

/// The sanctions §三(一)四 lists, mildest first, and the referrals.
pub const SANCTIONS: [&str; 8] = [
    "批评教育",
    "责令作出书面检查",
    "取消年度评优评先资格",
    "通报批评",
    "暂停行政执法活动",
    "取消执法资格，收缴行政执法证件",
    "给予行政处分",
    "承担全部或者部分赔偿责任",
];

/// The sanctions for a fault: the list gives a menu “根据过错行为的性质、情节、后果等情况”; Qingdan's
/// default reading (pending the legal section) takes the milder sanctions for a minor fault and
/// the graver for a grave one; compensation where a loss was caused; discipline and crime
/// referred.
pub fn fault_sanctions(
    fault: Fault,
    gravity: Gravity,
    loss_caused: bool,
    party_discipline: bool,
    crime_suspected: bool,
) -> Decision {
    let list = Source::new(law::THE_LIST, "§三(一)四", "");
    let mut sanctions: Vec<&str> = match gravity {
        Gravity::Minor => vec![SANCTIONS[0], SANCTIONS[1]],
        Gravity::Serious => vec![SANCTIONS[1], SANCTIONS[2], SANCTIONS[3]],
        Gravity::Grave => vec![SANCTIONS[3], SANCTIONS[4], SANCTIONS[5], SANCTIONS[6]],
    };
    if fault == Fault::DiscretionAbused && gravity >= Gravity::Serious {
        // §三(八)五(二): 滥用裁量权的，通报批评、责令改正、暂扣或者收回执法证件.
        sanctions.push("暂扣或者收回执法证件");
    }
    if loss_caused {
        sanctions.push(SANCTIONS[7]);
    }
    let mut reasons = vec![format!("属{list}第{}项行政执法过错", fault.clause())];
    if party_discipline {
        reasons.push("需要追究党纪处分的，由纪检部门处理".into());
    }
    if crime_suspected {
        reasons.push("涉嫌犯罪的，移送司法机关处理".into());
    }
    let mut basis = vec![list.to_string()];
    if fault == Fault::DiscretionAbused {
        basis.push(Source::new(law::THE_LIST, "§三(八)五", "（二）").to_string());
    }
    Decision {
        outcome: sanctions.join("；"),
        applies: true,
        basis,
        reasons,
    }
}

/// The two special funds of §一.6 and §三(四).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fund {
    /// 新型墙体材料专项基金: abolished from 2017-04-01.
    WallMaterials,
    /// 散装水泥专项资金: no longer levied from 2016-02-01 (财税〔2016〕11号).
    BulkCement,
}

/// May the fund be levied for an obligation arising on `day`? Arrears from before the end
/// stay due (and the wall fund's late fee accrues, capped at the principal); a levy dated after
/// is refused with the reason.
pub fn fund_levy(fund: Fund, day: Date) -> Result<Source, crate::RuleError> {
    use crate::violation::dates;
    let (name, ended, instrument, source) = match fund {
        Fund::WallMaterials => (
            "新型墙体材料专项基金",
            dates::WALL_FUND_ABOLISHED,
            law::WALL_FUND_ABOLISHED,
            Source::new(law::HUNAN_WALL_FUND, "", ""),
        ),
        Fund::BulkCement => (
            "散装水泥专项资金",
            dates::BULK_FUND_STOPPED,
            law::CAISHUI_2016_11,
            Source::new(law::HUNAN_BULK_CEMENT, "", ""),
        ),
    };
    if day >= ended {
        return Err(crate::RuleError::invalid(
            "on",
            format!(
                "{name}自 {ended} 起不再征收（{instrument}），{day} 发生的征收不予受理；此前已欠缴的仍应缴纳"
            ),
        ));
    }
    Ok(source)
}
