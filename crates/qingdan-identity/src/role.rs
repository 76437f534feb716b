//! The five roles of the product brief ("Who uses it").

use std::str::FromStr;

use crate::IdentityError;

/// A user's role. A signed-in user has exactly one.
///
/// Anonymous visitors have no role; for the policy they may do what [`Role::Public`] may do
/// (see [`crate::authorize`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// 公众、企业: browse, search, route a matter, report a violation, see published results.
    Public,
    /// 执法人员: holds an enforcement certificate; runs inspections and penalty cases for their
    /// office.
    Officer,
    /// 分管领导: approves inspections, case filing and decisions, for every office.
    Leader,
    /// 法制股: legal review, case-file review, oversight of enforcement.
    Legal,
    /// 系统管理员: users, offices, catalog versions, data import. Manages; never enforces, and
    /// reads no case, complaint or audit record (三员分立, 等保 2.0 level 3).
    Admin,
    /// 审计管理员: reads and verifies the audit record, and nothing else (三员分立).
    Auditor,
    /// 安全管理员: the security settings and their state — sign-in delays and their release,
    /// the session and password policies, the audit anchor — and nothing else (三员分立).
    Security,
}

impl Role {
    /// Every role, in the order of the product brief.
    pub const ALL: [Role; 7] = [
        Role::Public,
        Role::Officer,
        Role::Leader,
        Role::Legal,
        Role::Admin,
        Role::Auditor,
        Role::Security,
    ];

    /// The stable identifier used in the database, the API and `--role`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Public => "public",
            Role::Officer => "officer",
            Role::Leader => "leader",
            Role::Legal => "legal",
            Role::Admin => "admin",
            Role::Auditor => "auditor",
            Role::Security => "security",
        }
    }

    /// The Chinese name shown to users.
    pub const fn label(self) -> &'static str {
        match self {
            Role::Public => "公众",
            Role::Officer => "执法人员",
            Role::Leader => "分管领导",
            Role::Legal => "法制股",
            Role::Admin => "系统管理员",
            Role::Auditor => "审计管理员",
            Role::Security => "安全管理员",
        }
    }
}

impl FromStr for Role {
    type Err = IdentityError;

    /// Parses exactly the identifiers of [`Role::as_str`] (no case folding, no Chinese names).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == s)
            .ok_or_else(|| {
                IdentityError::invalid(
                    "role",
                    format!(
                        "角色只能是 public、officer、leader、legal、admin、auditor、security 之一，收到“{s}”"
                    ),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_str_round_trips_and_labels_are_chinese() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
            assert!(!role.label().is_ascii());
        }
        assert_eq!(Role::Legal.label(), "法制股");
    }

    #[test]
    fn unknown_role_is_refused_naming_the_field() {
        let err = "Admin".parse::<Role>().unwrap_err();
        assert_eq!(err.field(), Some("role"));
        assert!(err.to_string().contains("“Admin”"));
    }
}
