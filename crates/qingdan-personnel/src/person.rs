//! A person as the enforcement rules see them.

use crate::certificate::{Certificate, Ineligible, may_enforce};
use crate::refusal::{Act, Refusal};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Who takes a step: the three roles that act in a procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum By {
    /// 执法人员: acts with a certificate valid that day.
    Officer,
    /// 分管领导.
    Leader,
    /// 法制股.
    Legal,
}

impl By {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            By::Officer => "执法人员",
            By::Leader => "分管领导",
            By::Legal => "法制审核人员",
        }
    }

    /// The stored role name (`officer`, `leader`, `legal`), the inverse of [`By::from_role`].
    pub fn as_str(self) -> &'static str {
        match self {
            By::Officer => "officer",
            By::Leader => "leader",
            By::Legal => "legal",
        }
    }

    /// The procedure role of a stored role name; `None` for any other role.
    pub fn from_role(role: &str) -> Option<By> {
        match role {
            "officer" => Some(By::Officer),
            "leader" => Some(By::Leader),
            "legal" => Some(By::Legal),
            _ => None,
        }
    }
}

/// Someone the database knows, as far as enforcement cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// User name.
    pub username: String,
    /// Officer, leader or legal; `None` for any other role.
    pub role: Option<By>,
    /// Their office (股室).
    pub office: Option<String>,
    /// Their enforcement certificate, with the standing of their qualification.
    pub certificate: Option<Certificate>,
}

impl Person {
    /// Whether this person may carry out an enforcement act on `day` ([`may_enforce`]).
    pub fn may_enforce(&self, day: Date) -> Result<(), Ineligible> {
        may_enforce(self.certificate.as_ref(), day)
    }

    /// As [`Person::may_enforce`], refused with the reason naming the person and the act.
    pub fn require_enforcement(&self, day: Date, act: Act) -> Result<(), Refusal> {
        self.may_enforce(day)
            .map_err(|i| i.refusal(&self.username, day, act))
    }
}
