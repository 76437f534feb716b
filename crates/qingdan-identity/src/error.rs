//! The crate's error type.

/// What went wrong outside an access decision (those are [`crate::Denied`]).
///
/// Messages are Chinese and safe to show; `Invalid` names the input field it concerns.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentityError {
    /// The input was refused (a weak password, a malformed certificate number, an unknown
    /// role). The web layer maps this to 422 with `field`.
    #[error("{message}")]
    Invalid {
        /// The input field: `password`, `role`, `certificate`, `certificate_valid_until`, …
        field: &'static str,
        /// What is wrong, in Chinese.
        message: String,
    },
    /// The operating system's random number source failed. Internal (500); nothing the user
    /// can fix.
    #[error("系统随机数源不可用，请稍后再试")]
    Randomness,
    /// Hashing a password failed (invalid hashing parameters). Internal (500).
    #[error("密码处理失败")]
    Hashing,
}

impl IdentityError {
    /// A refused input on `field`.
    pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        IdentityError::Invalid {
            field,
            message: message.into(),
        }
    }

    /// The input field the error concerns, if it is about one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            IdentityError::Invalid { field, .. } => Some(field),
            IdentityError::Randomness | IdentityError::Hashing => None,
        }
    }
}
