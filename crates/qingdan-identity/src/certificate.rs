//! Enforcement certificates (执法证): the type and its input rules live in `qingdan-personnel`,
//! which alone decides validity ([`qingdan_personnel::may_enforce`]); re-exported here for the
//! policy's callers.

pub use qingdan_personnel::Certificate;
pub use qingdan_personnel::input::{MAX_NUMBER_CHARS, parse_date, parse_number};

impl From<qingdan_personnel::InputError> for crate::IdentityError {
    fn from(e: qingdan_personnel::InputError) -> Self {
        crate::IdentityError::Invalid {
            field: e.field().unwrap_or("certificate"),
            message: e.message().to_string(),
        }
    }
}
