//! What every use case works with: the store, the clock, the rules, the holiday calendar, the
//! bureau's settings, and the current catalog (reloaded when the database holds a newer one,
//! so several processes on one PostgreSQL stay consistent).

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

/// The current catalog as served: the version, the catalog, its search index and router.
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

/// The application: cheap to clone, shared by every request and command.
#[derive(Clone, Debug)]
pub struct App {
    store: Store,
    current: Arc<RwLock<Option<Arc<Loaded>>>>,
    clock: Arc<dyn Clock>,
    engine: Arc<Engine>,
    calendar: Arc<HolidayCalendar>,
    case_prefix: Arc<str>,
}

impl App {
    /// The application over `store`, with the default rules, the shipped holiday calendar and
    /// the current catalog loaded (there may be none yet).
    pub async fn load(store: Store, clock: Arc<dyn Clock>) -> Result<App, StoreError> {
        Self::load_with(store, clock, Engine::default()).await
    }

    /// As [`App::load`], with a rules engine of the caller's (e.g. a revised benchmark).
    pub async fn load_with(
        store: Store,
        clock: Arc<dyn Clock>,
        engine: Engine,
    ) -> Result<App, StoreError> {
        let app = App {
            store,
            current: Arc::new(RwLock::new(None)),
            clock,
            engine: Arc::new(engine),
            calendar: Arc::new(
                HolidayCalendar::shipped()
                    .map_err(|e| StoreError::Corrupt(format!("内置节假日数据有误：{e}")))?,
            ),
            case_prefix: Arc::from(DEFAULT_CASE_PREFIX),
        };
        app.refresh().await?;
        Ok(app)
    }

    /// With another holiday calendar (a bureau adds the next year's when it is published).
    pub fn with_calendar(mut self, calendar: HolidayCalendar) -> App {
        self.calendar = Arc::new(calendar);
        self
    }

    /// With another case-number prefix (another bureau's abbreviation).
    pub fn with_case_prefix(mut self, prefix: &str) -> App {
        self.case_prefix = Arc::from(prefix);
        self
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

    /// The clock.
    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// Now, as the store records it (RFC 3339, seconds, UTC).
    pub fn stamp(&self) -> String {
        crate::clock::stamp(self.clock.now())
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

    /// The bureau's name from the current catalog (empty before any import).
    pub fn bureau(&self) -> String {
        self.current()
            .map(|l| l.catalog.bureau.clone())
            .unwrap_or_default()
    }

    /// Reloads if the database holds a newer version than the one served (another process may
    /// have imported one). Returns whether it reloaded.
    #[tracing::instrument(skip_all, err(level = "info"))]
    pub async fn refresh(&self) -> Result<bool, StoreError> {
        let newest = self.store.current_version().await?;
        let served = self.current().map(|l| l.info.id);
        if newest.is_none() || newest == served {
            return Ok(false);
        }
        let Some(stored) = self.store.current_catalog().await? else {
            return Ok(false);
        };
        let index = Index::build(crate::catalog::catalog_docs(&stored.catalog));
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
        let app = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if let Err(e) = app.refresh().await {
                    tracing::warn!(error = %e, "catalog refresh failed");
                }
            }
        })
    }
}
