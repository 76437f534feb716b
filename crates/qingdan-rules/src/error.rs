//! Why a rule could not be applied. Every message is Chinese and, where a request field is at
//! fault, names it.

/// A rule that cannot be applied to the given facts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    /// No version of the rule covers the day.
    #[error("{day} 不在“{what}”的施行期间（{from} 起{}）", until.as_ref().map(|u| format!("，{u} 止")).unwrap_or_default())]
    NotInForce {
        /// The rule.
        what: String,
        /// The day asked about.
        day: String,
        /// First day in force.
        from: String,
        /// First day no longer in force.
        until: Option<String>,
    },
    /// A field's value is not acceptable.
    #[error("{message}")]
    Invalid {
        /// The request field, e.g. `quantity`, `facts.proposed_fine`.
        field: &'static str,
        /// The Chinese message.
        message: String,
    },
}

impl RuleError {
    /// A bad field.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> RuleError {
        RuleError::Invalid {
            field,
            message: message.into(),
        }
    }

    /// The request field at fault, if any.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            RuleError::Invalid { field, .. } => Some(field),
            RuleError::NotInForce { .. } => Some("on"),
        }
    }
}
