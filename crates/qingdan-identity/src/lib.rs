//! Who may do what in Qingdan — decided here, and only here.
//!
//! Every access decision in the system is a call to [`authorize`]: a [`Subject`] (anonymous, or
//! a signed-in [`Actor`] with a [`Role`], an office and perhaps an enforcement
//! [`Certificate`]) asks to perform an [`Action`] on a [`Record`] (which office it belongs to,
//! whether it is published, who handles it) on a given day. The answer is `Ok(())` or a
//! [`Denied`] carrying a stable [`DenyCode`] and a Chinese message fit to show the user.
//!
//! The decision is role × office × action × record:
//! * which roles may attempt an action at all is **data**, the table [`MATRIX`], so the policy
//!   can be read, printed and tested as a whole;
//! * the conditions on the record and the person are code in [`policy`]: an officer acts only
//!   on their own office's records, enforcement needs an officer certificate valid that day,
//!   a complainant's identity is shown only to the users handling that complaint, and a
//!   published page shows only published records.
//!
//! Beside the policy live the other pieces of identity that need no storage: argon2id
//! passwords and the strength rule ([`password`]), session and API tokens stored only as their
//! SHA-256 and CSRF tokens ([`token`]), the lock-out rule after failed sign-ins ([`lockout`])
//! and the session expiry rule ([`session`]).
//!
//! The crate does no I/O: no database, no clock, no HTTP. The caller passes today's date and
//! the current instant, and the failure times and session timestamps it stored. The single
//! exception is randomness from the operating system (via `getrandom`) for tokens, one-time
//! passwords and password salts, which is isolated in [`token`].
//!
//! ```
//! use jiff::civil::date;
//! use qingdan_identity::{Action, Actor, Certificate, DenyCode, Record, Role, Subject, authorize};
//!
//! let officer = Subject::User(Actor {
//!     user_id: 7,
//!     username: "lixiang".into(),
//!     role: Role::Officer,
//!     office: Some("执法股".into()),
//!     certificate: Some(Certificate::parse("43001234", "2026-01-31")?),
//! });
//! let case = Record::in_office("执法股");
//! let today = date(2026, 3, 1);
//!
//! // Viewing the case is fine; acting on it needs a certificate valid today.
//! assert!(authorize(&officer, Action::ViewCase, Some(&case), today).is_ok());
//! let denied = authorize(&officer, Action::ActOnCase, Some(&case), today).unwrap_err();
//! assert_eq!(denied.code, DenyCode::CertificateExpired);
//! assert_eq!(denied.message, "执法证已于 2026-01-31 过期，不能实施执法行为");
//!
//! // Not signed in: the web layer answers 401.
//! let denied = authorize(&Subject::Anonymous, Action::ViewCase, Some(&case), today).unwrap_err();
//! assert_eq!(denied.code, DenyCode::Unauthenticated);
//! # Ok::<(), qingdan_identity::IdentityError>(())
//! ```
#![deny(missing_docs)]

pub mod actor;
pub mod certificate;
pub mod error;
pub mod lockout;
pub mod password;
pub mod policy;
pub mod role;
pub mod session;
pub mod token;

pub use actor::{Actor, Subject};
pub use certificate::Certificate;
pub use error::IdentityError;
pub use lockout::LockoutPolicy;
pub use password::{
    MIN_PASSWORD_CHARS, PasswordExpiry, check_password_strength, hash_password, hash_password_with,
    verify_password,
};
pub use policy::{Action, Denied, DenyCode, MATRIX, Record, all_actions, allowed_roles, authorize};
pub use role::Role;
pub use session::SessionPolicy;
pub use token::{
    OTP_ALPHABET, Secret, csrf_ok, csrf_token, hash_token, new_secret, one_time_password,
    random_bytes,
};
