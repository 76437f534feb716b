//! The regulated parties and what the bureau records about them.

use crate::uscc::Uscc;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What kind of regulated party an enterprise is.
///
/// Serialised as its code (`wall-material-producer`, …); parsed from the code or the Chinese
/// label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PartyKind {
    /// 新型墙体材料生产企业.
    WallMaterialProducer,
    /// 水泥生产企业.
    CementProducer,
    /// 预拌混凝土企业.
    ReadyMixConcrete,
    /// 预拌砂浆企业.
    ReadyMixMortar,
    /// 水泥制品企业.
    CementProductPlant,
    /// 电力用户.
    PowerUser,
    /// 供电企业.
    PowerSupplier,
    /// 建设单位.
    Builder,
    /// 其他.
    Other,
}

/// A text that names no [`PartyKind`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "类别“{0}”不是已知的类别（应为：新型墙体材料生产企业、水泥生产企业、预拌混凝土企业、预拌砂浆企业、水泥制品企业、电力用户、供电企业、建设单位、其他）"
)]
pub struct UnknownKind(pub String);

impl PartyKind {
    /// Every kind, in the order of the list.
    pub const ALL: [PartyKind; 9] = [
        PartyKind::WallMaterialProducer,
        PartyKind::CementProducer,
        PartyKind::ReadyMixConcrete,
        PartyKind::ReadyMixMortar,
        PartyKind::CementProductPlant,
        PartyKind::PowerUser,
        PartyKind::PowerSupplier,
        PartyKind::Builder,
        PartyKind::Other,
    ];

    /// The Chinese label, e.g. `预拌混凝土企业`.
    pub fn label(self) -> &'static str {
        match self {
            PartyKind::WallMaterialProducer => "新型墙体材料生产企业",
            PartyKind::CementProducer => "水泥生产企业",
            PartyKind::ReadyMixConcrete => "预拌混凝土企业",
            PartyKind::ReadyMixMortar => "预拌砂浆企业",
            PartyKind::CementProductPlant => "水泥制品企业",
            PartyKind::PowerUser => "电力用户",
            PartyKind::PowerSupplier => "供电企业",
            PartyKind::Builder => "建设单位",
            PartyKind::Other => "其他",
        }
    }

    /// The stable code, e.g. `ready-mix-concrete` (also the serde form).
    pub fn code(self) -> &'static str {
        match self {
            PartyKind::WallMaterialProducer => "wall-material-producer",
            PartyKind::CementProducer => "cement-producer",
            PartyKind::ReadyMixConcrete => "ready-mix-concrete",
            PartyKind::ReadyMixMortar => "ready-mix-mortar",
            PartyKind::CementProductPlant => "cement-product-plant",
            PartyKind::PowerUser => "power-user",
            PartyKind::PowerSupplier => "power-supplier",
            PartyKind::Builder => "builder",
            PartyKind::Other => "other",
        }
    }

    /// Parses a label (`预拌混凝土企业`, also `其它`) or a code (`ready-mix-concrete`; case and
    /// `_` for `-` do not matter), ignoring surrounding blanks.
    pub fn parse(text: &str) -> Result<PartyKind, UnknownKind> {
        let t = text.trim();
        if t == "其它" {
            return Ok(PartyKind::Other);
        }
        let code = t.to_ascii_lowercase().replace('_', "-");
        PartyKind::ALL
            .into_iter()
            .find(|k| k.label() == t || k.code() == code)
            .ok_or_else(|| UnknownKind(t.to_owned()))
    }
}

impl fmt::Display for PartyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for PartyKind {
    type Err = UnknownKind;
    fn from_str(s: &str) -> Result<PartyKind, UnknownKind> {
        PartyKind::parse(s)
    }
}

/// A regulated enterprise (or other organisation) identified by its 统一社会信用代码.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enterprise {
    /// 统一社会信用代码.
    pub uscc: Uscc,
    /// 企业名称.
    pub name: String,
    /// 类别.
    pub kind: PartyKind,
    /// 地址.
    pub address: String,
    /// 联系人.
    pub contact: Option<String>,
    /// 联系电话, as written (validated as a Chinese phone number on import).
    pub phone: Option<String>,
}

/// A construction project (the place where bagged cement, site mixing or clay bricks are
/// checked, and whose builder may pay or be refunded the special funds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    /// 项目编号 (the file's own or the investment-project code), unique within a file.
    pub code: String,
    /// 项目名称.
    pub name: String,
    /// 建设单位's 统一社会信用代码.
    pub builder_uscc: Uscc,
    /// 建设地点.
    pub location: String,
    /// Whether the site is in an area where mixing concrete on site is prohibited (禁止现场搅拌区域).
    pub no_site_mixing_zone: bool,
    /// 开工日期, if started.
    #[serde(default, with = "date_text::option")]
    pub started_on: Option<Date>,
    /// Whether the builder applies for a refund (返退) of the special funds.
    pub applies_for_fund_refund: bool,
}

/// A certificate held by an enterprise (e.g. 新型墙体材料产品认定证书), valid over a span of days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    /// 证书编号, unique within a file.
    pub number: String,
    /// The holder's 统一社会信用代码.
    pub enterprise_uscc: Uscc,
    /// 产品名称.
    pub product: String,
    /// First day of validity.
    #[serde(with = "date_text")]
    pub valid_from: Date,
    /// Last day of validity (inclusive); never before `valid_from` when imported.
    #[serde(with = "date_text")]
    pub valid_until: Date,
}

impl Certificate {
    /// Whether the certificate is valid on `day`: `valid_from <= day <= valid_until`, both ends
    /// included.
    pub fn valid_on(&self, day: Date) -> bool {
        self.valid_from <= day && day <= self.valid_until
    }
}

/// Dates as `YYYY-MM-DD` strings in serde (jiff's serde feature is not enabled in the tree).
mod date_text {
    use jiff::civil::Date;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(date)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        text.parse::<Date>().map_err(serde::de::Error::custom)
    }

    pub mod option {
        use jiff::civil::Date;
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
            match date {
                Some(d) => s.collect_str(d),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
            match Option::<String>::deserialize(d)? {
                Some(text) => text
                    .parse::<Date>()
                    .map(Some)
                    .map_err(serde::de::Error::custom),
                None => Ok(None),
            }
        }
    }
}
