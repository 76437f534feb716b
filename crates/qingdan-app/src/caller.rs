//! Who asks: the subject the access policy judges, and the session it came from.

use qingdan_identity::Subject;
use qingdan_store::UserRecord;

/// The signed-in user behind a request, if any.
#[derive(Debug, Clone)]
pub struct Session {
    /// The user.
    pub user: UserRecord,
    /// The SHA-256 of the session token or API token.
    pub token_hash: String,
    /// `session` (cookie) or `api` (bearer token).
    pub kind: String,
}

/// Who is asking: the subject the policy judges, and the session it came from.
#[derive(Debug, Clone)]
pub struct Caller {
    /// For the policy.
    pub subject: Subject,
    /// The session, when signed in.
    pub session: Option<Session>,
}

impl Caller {
    /// Nobody signed in.
    pub fn anonymous() -> Caller {
        Caller {
            subject: Subject::Anonymous,
            session: None,
        }
    }

    /// The name recorded as the actor in the audit log.
    pub fn actor_name(&self) -> String {
        self.session
            .as_ref()
            .map(|s| s.user.username.clone())
            .unwrap_or_else(|| "anonymous".into())
    }

    /// The signed-in user, or 401.
    pub fn user_record(&self) -> Result<&UserRecord, crate::AppError> {
        self.session
            .as_ref()
            .map(|s| &s.user)
            .ok_or_else(|| crate::AppError::unauthenticated("请先登录"))
    }
}
