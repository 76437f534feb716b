//! The 安全管理员's work (三员分立, 等保 2.0 level 3): who is being delayed at sign-in, and
//! releasing a delay. The delay itself is `qingdan_identity::LockoutPolicy` (per account and
//! client address, growing); the route's policy row (`Action::ManageSecurity`) admits only the
//! 安全管理员, and every release is an audit event the 审计管理员 reads.

use crate::{App, AppError, Caller};
use jiff::Timestamp;
use qingdan_identity::LockoutPolicy;
use std::str::FromStr;

/// Failed sign-ins of one account from one address within the policy's window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInFailures {
    /// The account name tried (it may not exist).
    pub username: String,
    /// The client address (`""` when unknown).
    pub address: String,
    /// Failures remembered.
    pub failures: i64,
    /// The last of them (RFC 3339).
    pub last_failure: String,
    /// Until when a sign-in from there must wait, if it must now (RFC 3339).
    pub delayed_until: Option<String>,
}

/// Failed sign-ins per account and address within the last day, most first; each with the
/// delay it earns now.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn sign_in_failures(app: &App) -> Result<Vec<SignInFailures>, AppError> {
    let policy = LockoutPolicy::DEFAULT;
    let now = app.clock().now();
    let since = crate::clock::stamp(now - policy.window);
    let groups = app.store().login_failure_groups(&since).await?;
    Ok(groups
        .into_iter()
        .map(|(username, address, failures, last_failure)| {
            let delayed_until = Timestamp::from_str(&last_failure).ok().and_then(|last| {
                let n = usize::try_from(failures).unwrap_or(usize::MAX);
                let delay = policy.delay_after(n)?;
                let until = last.saturating_add(delay).ok()?;
                (now < until).then(|| crate::clock::stamp(until))
            });
            SignInFailures {
                username,
                address,
                failures,
                last_failure,
                delayed_until,
            }
        })
        .collect())
}

/// Forgets the failed sign-ins of `username` from `address`, ending its delay; recorded as
/// `security.lockout_cleared` by the caller. Answers how many failures were forgotten.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn clear(
    app: &App,
    caller: &Caller,
    username: &str,
    address: &str,
) -> Result<u64, AppError> {
    let username = username.trim();
    if username.is_empty() {
        return Err(AppError::invalid(
            "invalid_input",
            "username",
            "请指明用户名",
        ));
    }
    Ok(app
        .store()
        .clear_login_failures(username, address.trim(), &caller.actor_name(), &app.stamp())
        .await?)
}
