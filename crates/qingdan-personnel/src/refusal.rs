//! One refusal type for every personnel rule: a stable code, the Chinese reason, the article.

use crate::certificate::Ineligible;
use crate::{ART_42, ART_43, FAULT_SANCTIONS};
use jiff::civil::Date;

/// Which personnel rule refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefusalCode {
    /// No enforcement certificate on record.
    NoCertificate,
    /// The certificate's first valid day has not come.
    CertificateNotYetValid,
    /// The certificate's last valid day has passed.
    CertificateExpired,
    /// Suspended from enforcement (暂停行政执法活动).
    Suspended,
    /// Enforcement qualification revoked (取消执法资格).
    Revoked,
    /// Fewer than two officers.
    TwoOfficers,
    /// The person recording the act is not among the officers present.
    ActorNotPresent,
    /// A named officer is not known (or disabled).
    UnknownOfficer,
    /// A named person is not an officer.
    NotAnOfficer,
    /// A named officer belongs to another office.
    OtherOffice,
    /// A named officer declared a conflict of interest with the party (回避).
    ConflictOfInterest,
}

impl RefusalCode {
    /// The stable code of the API's `error.code`.
    pub fn as_str(self) -> &'static str {
        match self {
            RefusalCode::NoCertificate => "no_certificate",
            RefusalCode::CertificateNotYetValid => "certificate_not_yet_valid",
            RefusalCode::CertificateExpired => "certificate_expired",
            RefusalCode::Suspended => "enforcement_suspended",
            RefusalCode::Revoked => "enforcement_revoked",
            RefusalCode::TwoOfficers => "two_officers",
            RefusalCode::ActorNotPresent => "actor_not_present",
            RefusalCode::UnknownOfficer => "unknown_officer",
            RefusalCode::NotAnOfficer => "not_an_officer",
            RefusalCode::OtherOffice => "other_office",
            RefusalCode::ConflictOfInterest => "conflict_of_interest",
        }
    }
}

/// A personnel rule's refusal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// Which rule.
    pub code: RefusalCode,
    /// The request field at fault (`officers`), when the refusal concerns the named officers.
    pub field: Option<&'static str>,
    /// The Chinese reason, naming the person and citing the article.
    pub reason: String,
    /// The article the rule stands on.
    pub article: &'static str,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for Refusal {}

/// The kind of enforcement act, as the reasons name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    /// An act of a penalty case (执法行为).
    Penalty,
    /// An inspection (执法检查).
    Inspection,
}

impl Act {
    fn noun(self) -> &'static str {
        match self {
            Act::Penalty => "执法行为",
            Act::Inspection => "执法检查",
        }
    }
}

impl Ineligible {
    /// The rule's code.
    pub fn code(&self) -> RefusalCode {
        match self {
            Ineligible::NoCertificate => RefusalCode::NoCertificate,
            Ineligible::NotYetValid { .. } => RefusalCode::CertificateNotYetValid,
            Ineligible::Expired { .. } => RefusalCode::CertificateExpired,
            Ineligible::Suspended { .. } => RefusalCode::Suspended,
            Ineligible::Revoked { .. } => RefusalCode::Revoked,
        }
    }

    /// The article the rule stands on.
    pub fn article(&self) -> &'static str {
        match self {
            Ineligible::Suspended { .. } | Ineligible::Revoked { .. } => FAULT_SANCTIONS,
            _ => ART_42,
        }
    }

    /// The refusal of `who`'s `act` on `on`, with the Chinese reason.
    pub fn refusal(&self, who: &str, on: Date, act: Act) -> Refusal {
        let noun = act.noun();
        let reason = match self {
            Ineligible::NoCertificate => {
                format!("{who} 没有执法证，不能实施{noun}（{ART_42}）")
            }
            Ineligible::NotYetValid { number, from } => format!(
                "{who} 的执法证（{number}）自 {from} 起生效，{on} 尚不能实施{noun}（{ART_42}）"
            ),
            Ineligible::Expired { number, until } => format!(
                "{who} 的执法证（{number}）已于 {until} 过期，{on} 不能实施{noun}（{ART_42}）"
            ),
            Ineligible::Suspended { since } => format!(
                "{who} 自 {since} 起被暂停行政执法活动，{on} 不能实施{noun}（{FAULT_SANCTIONS}）"
            ),
            Ineligible::Revoked { on: day } => {
                format!("{who} 的执法资格已于 {day} 被取消，不能实施{noun}（{FAULT_SANCTIONS}）")
            }
        };
        Refusal {
            code: self.code(),
            field: None,
            reason,
            article: self.article(),
        }
    }

    /// The short reason of an officer draw's exclusion list (published in draw records, so the
    /// wording of the first two kinds is fixed by `qingdan-officer-draw-v1`).
    pub fn exclusion(&self) -> String {
        match self {
            Ineligible::NoCertificate => format!("无执法证（{ART_42}）"),
            Ineligible::Expired { until, .. } => format!("执法证于 {until} 过期（{ART_42}）"),
            Ineligible::NotYetValid { from, .. } => {
                format!("执法证自 {from} 起生效（{ART_42}）")
            }
            Ineligible::Suspended { since } => {
                format!("自 {since} 起暂停行政执法活动（{FAULT_SANCTIONS}）")
            }
            Ineligible::Revoked { on } => {
                format!("执法资格已于 {on} 取消（{FAULT_SANCTIONS}）")
            }
        }
    }
}

/// The exclusion reason of a declared conflict of interest in an officer draw.
pub(crate) fn conflict_exclusion() -> String {
    format!("与检查对象存在利害关系，回避（{ART_43}）")
}
