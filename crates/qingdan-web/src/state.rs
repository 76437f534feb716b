//! What the server holds between requests: the store, and the current catalog with its
//! search index, rebuilt when a newer version appears in the database.

use crate::clock::Clock;
use qingdan_core::Catalog;
use qingdan_rules::Engine;
use qingdan_search::Index;
use qingdan_store::{Store, StoreError, VersionInfo};
use std::sync::{Arc, RwLock};
use std::time::Duration;

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
        };
        state.refresh().await?;
        Ok(state)
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
