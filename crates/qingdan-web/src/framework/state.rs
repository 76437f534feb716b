//! What the server holds between requests: the application ([`qingdan_app::App`]: store,
//! clock, rules, calendar, current catalog) and what only the HTTP edge needs (rate limits, the
//! document renderer).

use qingdan_app::App;
use std::sync::Arc;

pub use qingdan_app::{DEFAULT_CASE_PREFIX, Loaded};

/// Shared server state; cheap to clone. Dereferences to the [`App`].
#[derive(Clone, Debug)]
pub struct AppState {
    app: App,
    sign_in_per_minute: u32,
    complaints_per_hour: u32,
    sessions: qingdan_identity::SessionPolicy,
    passwords: qingdan_identity::PasswordExpiry,
    metrics: Arc<crate::framework::metrics::Metrics>,
    metrics_token: Option<Arc<str>>,
    documents: Option<Arc<qingdan_documents::Renderer>>,
}

impl AppState {
    /// The server's state around `app`, with the default limits and no document renderer.
    pub fn new(app: App) -> AppState {
        AppState {
            app,
            sign_in_per_minute: 20,
            complaints_per_hour: 10,
            sessions: qingdan_identity::SessionPolicy::DEFAULT,
            passwords: qingdan_identity::PasswordExpiry::DEFAULT,
            metrics: Arc::default(),
            metrics_token: None,
            documents: None,
        }
    }

    /// Loads the application over `store` (tests; the CLI builds the [`App`] itself).
    pub async fn load(
        store: qingdan_store::Store,
        clock: Arc<dyn qingdan_app::clock::Clock>,
    ) -> Result<AppState, qingdan_store::StoreError> {
        Ok(AppState::new(App::load(store, clock).await?))
    }

    /// The application.
    pub fn app(&self) -> &App {
        &self.app
    }

    /// With the document renderer (fonts loaded); without it documents answer 503.
    pub fn with_documents(mut self, renderer: qingdan_documents::Renderer) -> AppState {
        self.documents = Some(Arc::new(renderer));
        self
    }

    /// The document renderer, when fonts were found.
    pub fn documents(&self) -> Option<Arc<qingdan_documents::Renderer>> {
        self.documents.clone()
    }

    /// Sets how many sign-in attempts one client address may make a minute (default 20).
    pub fn with_sign_in_limit(mut self, per_minute: u32) -> AppState {
        self.sign_in_per_minute = per_minute.max(1);
        self
    }

    /// Sets when sessions and API tokens end (default: 30 minutes idle, 10 hours at most).
    pub fn with_session_policy(mut self, policy: qingdan_identity::SessionPolicy) -> AppState {
        self.sessions = policy;
        self
    }

    /// When sessions and API tokens end.
    pub fn session_policy(&self) -> qingdan_identity::SessionPolicy {
        self.sessions
    }

    /// Sets how long a password is used before it must be changed (default 90 days).
    pub fn with_password_expiry(mut self, expiry: qingdan_identity::PasswordExpiry) -> AppState {
        self.passwords = expiry;
        self
    }

    /// How long a password is used before it must be changed.
    pub fn password_expiry(&self) -> qingdan_identity::PasswordExpiry {
        self.passwords
    }

    /// Whether `user` must change the password before doing anything but reading: it was set
    /// by someone else (an administrator, `qingdan user create`, the first run), or it is
    /// older than the expiry.
    pub fn must_change_password(&self, user: &qingdan_store::UserRecord) -> bool {
        if user.must_change_password {
            return true;
        }
        let Ok(changed) = user.password_changed_at.parse::<jiff::Timestamp>() else {
            // An unreadable time is treated as expired: the user sets a new password.
            return true;
        };
        self.passwords.expired(changed, self.clock().now())
    }

    /// The process's figures for `/metrics`.
    pub fn metrics(&self) -> &crate::framework::metrics::Metrics {
        &self.metrics
    }

    /// The figures, shared (for tasks beside the server, such as scheduled backups).
    pub fn metrics_handle(&self) -> Arc<crate::framework::metrics::Metrics> {
        self.metrics.clone()
    }

    /// Requires `token` (header `X-Metrics-Token`) on `/metrics` from any address, instead of
    /// answering loopback clients only.
    pub fn with_metrics_token(mut self, token: Option<String>) -> AppState {
        self.metrics_token = token.filter(|t| !t.is_empty()).map(Arc::from);
        self
    }

    /// The metrics token, if one was set.
    pub fn metrics_token(&self) -> Option<&str> {
        self.metrics_token.as_deref()
    }

    /// Sets how many complaints one client address may submit an hour (default 10).
    pub fn with_complaint_limit(mut self, per_hour: u32) -> AppState {
        self.complaints_per_hour = per_hour.max(1);
        self
    }

    /// Complaints allowed per client address per hour.
    pub fn complaints_per_hour(&self) -> u32 {
        self.complaints_per_hour
    }

    /// Sign-in attempts allowed per client address per minute.
    pub fn sign_in_per_minute(&self) -> u32 {
        self.sign_in_per_minute
    }
}

impl std::ops::Deref for AppState {
    type Target = App;

    fn deref(&self) -> &App {
        &self.app
    }
}
