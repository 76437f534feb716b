//! The audit log: appended in the same transaction as the write it records; verified by
//! replaying the chain (`qingdan_core::audit`).

use crate::anchor::{AnchorFile, AnchorFileError};
use crate::sealed::{RowProblem, RowsReport};
use crate::{Store, StoreError};
use qingdan_core::audit::{AuditEvent, ChainError, ChainHash, NewEvent, Verifier};
use sqlx::Row;
use std::collections::BTreeMap;

/// Every this many events, the hash is copied to `audit_checkpoints` (by the trigger of
/// migration 0004; the verifier uses the same figure).
pub const CHECKPOINT_EVERY: i64 = 1000;

/// The last (seq, hash) this process appended or read, per store. On SQLite an append is a
/// single INSERT computed from it; a trigger (migration 0006) refuses the row if another
/// connection or process moved the head meanwhile, and the append re-reads the head and tries
/// again. The cache is an optimisation only: the database decides.
pub(crate) type HeadCache = std::sync::Arc<std::sync::Mutex<Option<(i64, String)>>>;

/// The SQLite trigger's message when the cached head is stale.
const STALE: &str = "qingdan: stale audit head";

/// Appending an event inside an open transaction, per backend.
pub(crate) trait Append {
    /// Appends `event`, returning it sealed.
    fn append<'a>(
        &'a mut self,
        head: &'a HeadCache,
        alg: ChainHash,
        event: NewEvent,
    ) -> impl std::future::Future<Output = Result<AuditEvent, StoreError>> + Send + 'a;
}

const INSERT_EVENT: &str = "INSERT INTO audit_events (seq, at, actor, action, entity, entity_id, \
     before, after, reason, prev_hash, hash, row_hash) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";

macro_rules! insert_event {
    ($conn:expr, $sealed:expr) => {
        sqlx::query(INSERT_EVENT)
            .bind($sealed.seq)
            .bind(&$sealed.at)
            .bind(&$sealed.actor)
            .bind(&$sealed.action)
            .bind(&$sealed.entity)
            .bind(&$sealed.entity_id)
            .bind(&$sealed.before)
            .bind(&$sealed.after)
            .bind(&$sealed.reason)
            .bind(&$sealed.prev_hash)
            .bind(&$sealed.hash)
            .bind(&$sealed.row_hash)
            .execute(&mut *$conn)
    };
}

fn cached(head: &HeadCache) -> Option<(i64, String)> {
    match head.lock() {
        Ok(g) => g.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    }
}

fn remember(head: &HeadCache, seq: i64, hash: &str) {
    let mut g = match head.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    *g = Some((seq, hash.to_string()));
}

impl Append for sqlx::SqliteConnection {
    async fn append(
        &mut self,
        head: &HeadCache,
        alg: ChainHash,
        event: NewEvent,
    ) -> Result<AuditEvent, StoreError> {
        {
            // Common case: one statement. The trigger checks seq and prev_hash against the
            // head, then moves the head (and copies every 1000th hash to the checkpoints).
            if let Some((seq, prev)) = cached(head) {
                let sealed = event.clone().seal_with(alg, seq + 1, &prev);
                match insert_event!(self, sealed).await {
                    Ok(_) => {
                        remember(head, sealed.seq, &sealed.hash);
                        return Ok(sealed);
                    }
                    Err(sqlx::Error::Database(e)) if e.message().contains(STALE) => {}
                    Err(e) => return Err(e.into()),
                }
            }
            // First append of this process, or another writer moved the head: read it (this
            // transaction holds the write lock by now, or takes it at the insert).
            // A no-op write, so the read happens under the write lock (a plain SELECT first
            // would start a read snapshot that the insert could not upgrade if another writer
            // committed in between).
            let row =
                sqlx::query("UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash")
                    .fetch_one(&mut *self)
                    .await?;
            let seq: i64 = sqlx::Row::try_get(&row, "seq")?;
            let prev: String = sqlx::Row::try_get(&row, "hash")?;
            let sealed = event.seal_with(alg, seq + 1, &prev);
            insert_event!(self, sealed).await?;
            remember(head, sealed.seq, &sealed.hash);
            Ok(sealed)
        }
    }
}

impl Append for sqlx::PgConnection {
    async fn append(
        &mut self,
        _head: &HeadCache,
        alg: ChainHash,
        event: NewEvent,
    ) -> Result<AuditEvent, StoreError> {
        {
            // Several processes share the database: lock the head row first, so appends queue.
            let row =
                sqlx::query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
                    .fetch_one(&mut *self)
                    .await?;
            let seq: i64 = sqlx::Row::try_get(&row, "seq")?;
            let prev: String = sqlx::Row::try_get(&row, "hash")?;
            let sealed = event.seal_with(alg, seq, &prev);
            insert_event!(self, sealed).await?;
            // The head's hash and the checkpoints follow by trigger (migration 0004).
            Ok(sealed)
        }
    }
}

/// Why verification stopped.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// The chain does not hold (in the database, or against the anchor outside it).
    #[error("{0}")]
    Chain(#[from] ChainError),
    /// The chain holds, but stored rows disagree with the events that sealed them.
    #[error("{}", rows_message(.0))]
    Rows(Vec<RowProblem>),
    /// The anchor outside the database cannot be read or does not check.
    #[error("{0}")]
    Anchor(#[from] AnchorFileError),
    /// The database could not be read.
    #[error("{0}")]
    Store(#[from] StoreError),
}

fn rows_message(problems: &[RowProblem]) -> String {
    let mut lines: Vec<String> = problems.iter().take(20).map(|p| p.to_string()).collect();
    if problems.len() > 20 {
        lines.push(format!("……另有 {} 行", problems.len() - 20));
    }
    format!(
        "{} 行数据与审计记录不符：\n{}",
        problems.len(),
        lines.join("\n")
    )
}

/// What a verification found when everything held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// Events replayed.
    pub events: i64,
    /// Events anchored outside the database and found as anchored (`None`: no anchor set).
    pub anchored: Option<usize>,
    /// The anchor key's public name, when an anchor was used.
    pub anchor_key: Option<String>,
    /// The sealed rows compared.
    pub rows: RowsReport,
    /// The chain's hash function.
    pub chain_hash: ChainHash,
}

macro_rules! event_from_row {
    ($row:expr) => {
        AuditEvent {
            seq: $row.try_get("seq")?,
            at: $row.try_get("at")?,
            actor: $row.try_get("actor")?,
            action: $row.try_get("action")?,
            entity: $row.try_get("entity")?,
            entity_id: $row.try_get("entity_id")?,
            before: $row.try_get("before")?,
            after: $row.try_get("after")?,
            reason: $row.try_get("reason")?,
            row_hash: $row.try_get("row_hash")?,
            prev_hash: $row.try_get("prev_hash")?,
            hash: $row.try_get("hash")?,
        }
    };
}

const PAGE: i64 = 1000;
const SELECT_PAGE: &str = "SELECT seq, at, actor, action, entity, entity_id, before, after, reason, \
     row_hash, prev_hash, hash FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2";

impl Store {
    /// Records an event on its own (for acts with no other write, e.g. a refused attempt).
    /// It writes no row, so it seals none (`Store::write_unsealed`).
    pub async fn record(&self, event: NewEvent) -> Result<AuditEvent, StoreError> {
        let ((), sealed) = self.write_unsealed(async |_| Ok(((), event))).await?;
        Ok(sealed)
    }

    /// The record's head: the last event's number and hash (`(0, GENESIS)` when empty).
    pub async fn audit_head(&self) -> Result<(i64, String), StoreError> {
        crate::on_pool!(self, p => {
            let row = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(p).await?;
            Ok((row.try_get("seq")?, row.try_get("hash")?))
        })
    }

    /// The events about one record, oldest first (a case's or an inspection's history).
    pub async fn events_for(
        &self,
        entity: &str,
        entity_id: &str,
    ) -> Result<Vec<AuditEvent>, StoreError> {
        const SQL: &str = "SELECT seq, at, actor, action, entity, entity_id, before, after, reason, \
             row_hash, prev_hash, hash FROM audit_events WHERE entity = $1 AND entity_id = $2 ORDER BY seq";
        crate::on_pool!(self, p => {
            let rows = sqlx::query(SQL).bind(entity).bind(entity_id).fetch_all(p).await?;
            let mut out = Vec::with_capacity(rows.len());
            for row in &rows {
                out.push(event_from_row!(row));
            }
            Ok(out)
        })
    }

    /// Replays the whole chain in pages: every event's hash, every link, the numbering, the
    /// checkpoints and the head; then the anchor outside the database, when the store has one
    /// (every anchored event present with the anchored hash, none beyond the last); then every
    /// sealed row against the event that last sealed it. `progress` is called after each page
    /// with the count so far.
    pub async fn verify_audit(
        &self,
        mut progress: impl FnMut(i64),
    ) -> Result<Verified, VerifyError> {
        let anchors = match &self.anchor {
            Some(a) => Some(a.read()?),
            None => None,
        };
        let mut verifier = Verifier::new(self.chain);
        let checkpoints: BTreeMap<i64, String> = crate::on_pool!(self, p => {
            let rows = sqlx::query("SELECT seq, hash FROM audit_checkpoints").fetch_all(p).await.map_err(StoreError::from)?;
            let mut map = BTreeMap::new();
            for row in &rows {
                let seq: i64 = row.try_get("seq").map_err(StoreError::from)?;
                let hash: String = row.try_get("hash").map_err(StoreError::from)?;
                map.insert(seq, hash);
            }
            map
        });
        let mut after = 0i64;
        loop {
            let page: Vec<AuditEvent> = crate::on_pool!(self, p => {
                let rows = sqlx::query(SELECT_PAGE).bind(after).bind(PAGE).fetch_all(p).await.map_err(StoreError::from)?;
                let mut out = Vec::with_capacity(rows.len());
                for row in &rows {
                    let e: Result<AuditEvent, sqlx::Error> = (|| Ok(event_from_row!(row)))();
                    out.push(e.map_err(StoreError::from)?);
                }
                out
            });
            let Some(last) = page.last() else { break };
            after = last.seq;
            for e in &page {
                verifier.push(e)?;
                if let Some(h) = checkpoints.get(&e.seq)
                    && *h != e.hash
                {
                    return Err(ChainError::Checkpoint { seq: e.seq }.into());
                }
                if let Some(a) = &anchors {
                    a.check(e)?;
                }
            }
            progress(verifier.count());
        }
        let (head_seq, head_hash): (i64, String) = crate::on_pool!(self, p => {
            let row = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(p).await.map_err(StoreError::from)?;
            (row.try_get("seq").map_err(StoreError::from)?, row.try_get("hash").map_err(StoreError::from)?)
        });
        if let Some(a) = &anchors {
            a.finish(verifier.count())?;
        }
        if let Some((&seq, _)) = checkpoints.iter().find(|(seq, _)| **seq > verifier.count()) {
            return Err(ChainError::Truncated {
                last: verifier.count(),
                head: seq.max(head_seq),
            }
            .into());
        }
        let events = verifier.finish(head_seq, &head_hash)?;
        let rows = self.check_rows().await?;
        if !rows.problems.is_empty() {
            return Err(VerifyError::Rows(rows.problems));
        }
        Ok(Verified {
            events,
            anchored: anchors.as_ref().map(|a| a.len()),
            anchor_key: self.anchor.as_ref().map(|a| a.key_id()),
            rows,
            chain_hash: self.chain,
        })
    }

    /// Sets the anchor outside the database (`anchor.rs`) that every later write of this
    /// store appends to and that [`Store::verify_audit`] checks; records the current head in
    /// it first, so the anchor covers everything from now on.
    pub async fn anchored(mut self, anchor: AnchorFile) -> Result<Store, StoreError> {
        let (seq, hash) = self.audit_head().await?;
        if seq > 0
            && let Err(e) = anchor.record(seq, &hash)
        {
            return Err(StoreError::Corrupt(e.to_string()));
        }
        self.anchor = Some(std::sync::Arc::new(anchor));
        Ok(self)
    }

    /// Sets an anchor to verify against without writing to it (`qingdan audit verify`).
    pub fn verifying_against(mut self, anchor: AnchorFile) -> Store {
        self.anchor = Some(std::sync::Arc::new(anchor));
        self
    }

    /// The chain's hash function.
    pub fn chain_hash(&self) -> ChainHash {
        self.chain
    }

    pub(crate) async fn stored_chain_hash(&self) -> Result<ChainHash, StoreError> {
        let text: String = crate::on_pool!(self, p => {
            sqlx::query_scalar("SELECT algorithm FROM audit_head WHERE id = 1").fetch_one(p).await?
        });
        ChainHash::parse(&text)
            .ok_or_else(|| StoreError::Corrupt(format!("审计链的哈希算法“{text}”无法识别")))
    }

    /// Chooses the chain's hash function: only while the chain is empty (a new database);
    /// asking for the one in use is fine; asking for another later is refused, since every
    /// event already sealed would no longer verify.
    pub async fn with_chain_hash(self, alg: ChainHash) -> Result<Store, StoreError> {
        if alg == self.chain {
            return Ok(self);
        }
        let moved = crate::on_pool!(self, p => {
            sqlx::query("UPDATE audit_head SET algorithm = $1 WHERE id = 1 AND seq = 0")
                .bind(alg.as_str())
                .execute(p)
                .await?
                .rows_affected()
        });
        if moved == 0 {
            return Err(StoreError::Conflict(format!(
                "审计链已使用 {} 并已有记录，安装后不能改为 {}",
                self.chain.label(),
                alg.label()
            )));
        }
        Ok(Store { chain: alg, ..self })
    }

    /// The public name of the anchor's key, if an anchor is set.
    pub fn anchor_key_id(&self) -> Option<String> {
        self.anchor.as_ref().map(|a| a.key_id())
    }

    /// The anchor directory in use, if any.
    pub fn anchor_dir(&self) -> Option<&std::path::Path> {
        self.anchor.as_ref().map(|a| a.dir())
    }

    /// After a commit: the event's anchor line. A failure cannot undo the committed write; it
    /// is logged as an error for the operators (the next write's line anchors the chain again).
    pub(crate) fn anchor_event(&self, sealed: &AuditEvent) {
        if let Some(a) = &self.anchor
            && let Err(e) = a.record(sealed.seq, &sealed.hash)
        {
            tracing::error!(seq = sealed.seq, error = %e, "审计锚点写入失败");
        }
    }
}

/// For the store's benchmarks only: appends an event on an open SQLite connection inside the
/// caller's transaction, exactly as every audited write does.
#[doc(hidden)]
pub async fn append_on_sqlite(
    store: &Store,
    conn: &mut sqlx::SqliteConnection,
    event: NewEvent,
) -> Result<AuditEvent, StoreError> {
    Append::append(conn, &store.head, store.chain, event).await
}
