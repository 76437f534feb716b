//! National and provincial parameters that bind every case: procedure caps, hearing thresholds,
//! late-fee rates. Each is dated, so a case decided under an older law keeps it.

use crate::dated::Dated;
use crate::source::{Source, law};
use crate::violation::dates;
use rust_decimal::Decimal;

/// An amount that differs for a citizen and for an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByParty {
    /// For a citizen (公民).
    pub citizen: Decimal,
    /// For a legal person or other organisation (法人或者其他组织).
    pub organization: Decimal,
}

/// Who the party is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    /// 公民.
    Citizen,
    /// 法人或者其他组织.
    Organization,
}

impl PartyKind {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            PartyKind::Citizen => "公民",
            PartyKind::Organization => "法人或者其他组织",
        }
    }
}

impl ByParty {
    /// The amount for `party`.
    pub fn for_party(&self, party: PartyKind) -> Decimal {
        match party {
            PartyKind::Citizen => self.citizen,
            PartyKind::Organization => self.organization,
        }
    }
}

/// The parameters of the law.
#[derive(Debug, Clone)]
pub struct Law {
    /// Largest fine decided on the spot (简易程序): 以下 includes the figure.
    pub simple_cap: Dated<ByParty>,
    /// Largest fine collected on the spot.
    pub spot_collection_cap: Dated<Decimal>,
    /// Smallest fine that counts as 较大数额 and carries a right to a hearing (以上 includes it).
    pub hearing_threshold: Dated<ByParty>,
    /// The daily surcharge on an unpaid fine.
    pub fine_surcharge_rate: Dated<Decimal>,
    /// The daily late fee on unpaid new-wall-material fund.
    pub wall_fund_rate: Dated<Decimal>,
    /// The list's power-case threshold (§三(七)五): on the spot below it, general above it.
    pub power_spot_threshold: Dated<Decimal>,
    /// The share of certified enterprises to inspect each year (§三(三)三).
    pub certified_inspection_share: Dated<Decimal>,
    /// The bulk-cement usage rate a new plant must reach (§三(六)五).
    pub bulk_rate_threshold: Dated<Decimal>,
}

fn d(n: i64) -> Decimal {
    Decimal::from(n)
}

impl Law {
    /// The law as it stands, with its history.
    pub fn current() -> Law {
        Law {
            simple_cap: Dated::since(
                "简易程序罚款限额",
                dates::PENALTY_LAW_1996,
                ByParty {
                    citizen: d(50),
                    organization: d(1000),
                },
                Source::new(law::PENALTY_LAW, "第三十三条（1996年版）", ""),
            )
            .then(
                dates::PENALTY_LAW_2021,
                ByParty {
                    citizen: d(200),
                    organization: d(3000),
                },
                Source::new(law::PENALTY_LAW, "第五十一条", ""),
            ),
            spot_collection_cap: Dated::since(
                "当场收缴罚款限额",
                dates::PENALTY_LAW_1996,
                d(20),
                Source::new(law::PENALTY_LAW, "第四十七条（1996年版）", "第（一）项"),
            )
            .then(
                dates::PENALTY_LAW_2021,
                d(100),
                Source::new(law::PENALTY_LAW, "第六十八条", "第（一）项"),
            ),
            hearing_threshold: Dated::since(
                "较大数额罚款（听证）标准",
                dates::LIST,
                ByParty {
                    citizen: d(1000),
                    organization: d(20_000),
                },
                Source::new(law::HUNAN_LARGE_FINE, "", ""),
            ),
            fine_surcharge_rate: Dated::since(
                "逾期缴纳罚款加处罚款比例",
                dates::PENALTY_LAW_1996,
                Decimal::new(3, 2),
                Source::new(law::PENALTY_LAW, "第五十一条（1996年版）", "第（一）项"),
            )
            .then(
                dates::PENALTY_LAW_2021,
                Decimal::new(3, 2),
                Source::new(law::PENALTY_LAW, "第七十二条", "第一款第（一）项"),
            ),
            wall_fund_rate: Dated::since(
                "新型墙体材料专项基金滞纳金比例",
                dates::HUNAN_WALL_MATERIALS,
                Decimal::new(5, 4),
                Source::new(law::THE_LIST, "§三(四)五", "（四）"),
            ),
            power_spot_threshold: Dated::since(
                "电力行政案件现场处罚限额",
                dates::LIST,
                d(1000),
                Source::new(law::THE_LIST, "§三(七)五", "（一）（二）"),
            ),
            certified_inspection_share: Dated::since(
                "认定企业年度检查比例",
                dates::LIST,
                Decimal::new(20, 2),
                Source::new(law::THE_LIST, "§三(三)三", ""),
            ),
            bulk_rate_threshold: Dated::since(
                "新建企业散装水泥使用率",
                dates::LIST,
                d(70),
                Source::new(law::THE_LIST, "§三(六)五", "（一）"),
            ),
        }
    }
}
