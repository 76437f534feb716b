//! What the server holds between requests: the store, and the current catalog with its
//! search index, rebuilt when a newer version appears in the database.

use crate::clock::Clock;
use qingdan_cases::HolidayCalendar;
use qingdan_core::Catalog;
use qingdan_rules::Engine;
use qingdan_search::Index;
use qingdan_store::{Store, StoreError, VersionInfo};
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// The Anhua bureau's case numbers: 安(化县)工(业和)信(息化局)罚, e.g. 安工信罚〔2026〕3号.
pub const DEFAULT_CASE_PREFIX: &str = "安工信罚";

/// The current catalog as served: the version, the catalog, and its search index.
#[derive(Debug)]
pub struct Loaded {
    /// Which stored version this is.
    pub info: VersionInfo,
    /// The catalog.
    pub catalog: Catalog,
    /// The search index over it.
    pub index: Index,
    /// The department router over its boundaries (§二).
    pub router: qingdan_routing::Router,
}

/// Shared application state; cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState {
    store: Store,
    current: Arc<RwLock<Option<Arc<Loaded>>>>,
    clock: Arc<dyn Clock>,
    engine: Arc<Engine>,
    sign_in_per_minute: u32,
    complaints_per_hour: u32,
    calendar: Arc<HolidayCalendar>,
    case_prefix: Arc<str>,
    documents: Option<Arc<qingdan_documents::Renderer>>,
}

impl AppState {
    /// Loads the current catalog from the store (there may be none yet).
    pub async fn load(store: Store, clock: Arc<dyn Clock>) -> Result<AppState, StoreError> {
        Self::load_with(store, clock, Engine::default()).await
    }

    /// As [`AppState::load`], with a rules engine of the caller's (e.g. a revised benchmark).
    pub async fn load_with(
        store: Store,
        clock: Arc<dyn Clock>,
        engine: Engine,
    ) -> Result<AppState, StoreError> {
        let state = AppState {
            store,
            current: Arc::new(RwLock::new(None)),
            clock,
            engine: Arc::new(engine),
            sign_in_per_minute: 20,
            complaints_per_hour: 10,
            calendar: Arc::new(
                HolidayCalendar::shipped()
                    .map_err(|e| StoreError::Corrupt(format!("内置节假日数据有误：{e}")))?,
            ),
            case_prefix: Arc::from(DEFAULT_CASE_PREFIX),
            documents: None,
        };
        state.refresh().await?;
        Ok(state)
    }

    /// With another holiday calendar (a bureau adds the next year's when it is published).
    pub fn with_calendar(mut self, calendar: HolidayCalendar) -> AppState {
        self.calendar = Arc::new(calendar);
        self
    }

    /// With another case-number prefix (another bureau's abbreviation).
    pub fn with_case_prefix(mut self, prefix: &str) -> AppState {
        self.case_prefix = Arc::from(prefix);
        self
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

    /// The official holiday calendar.
    pub fn calendar(&self) -> &HolidayCalendar {
        &self.calendar
    }

    /// The case-number prefix, e.g. `安工信罚`.
    pub fn case_prefix(&self) -> &str {
        &self.case_prefix
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Sets how many sign-in attempts one client address may make a minute (default 20).
    pub fn with_sign_in_limit(mut self, per_minute: u32) -> AppState {
        self.sign_in_per_minute = per_minute.max(1);
        self
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

    /// The clock.
    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// The rules engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The catalog being served, if any has been imported.
    pub fn current(&self) -> Option<Arc<Loaded>> {
        match self.current.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Reloads if the database holds a newer version than the one served (another process may
    /// have imported one). Returns whether it reloaded.
    pub async fn refresh(&self) -> Result<bool, StoreError> {
        let newest = self.store.current_version().await?;
        let served = self.current().map(|l| l.info.id);
        if newest.is_none() || newest == served {
            return Ok(false);
        }
        let Some(stored) = self.store.current_catalog().await? else {
            return Ok(false);
        };
        let index = Index::build(crate::docs::catalog_docs(&stored.catalog));
        let router = qingdan_routing::Router::new(&stored.catalog);
        let loaded = Arc::new(Loaded {
            info: stored.info,
            catalog: stored.catalog,
            index,
            router,
        });
        tracing::info!(version = loaded.info.id, bureau = %loaded.info.bureau, "catalog loaded");
        match self.current.write() {
            Ok(mut guard) => *guard = Some(loaded),
            Err(poisoned) => *poisoned.into_inner() = Some(loaded),
        }
        Ok(true)
    }

    /// Checks for a newer catalog every `every`, until the runtime stops.
    pub fn spawn_refresher(&self, every: Duration) -> tokio::task::JoinHandle<()> {
        let state = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if let Err(e) = state.refresh().await {
                    tracing::warn!(error = %e, "catalog refresh failed");
                }
            }
        })
    }
}
