//! One way to write. Every write of the store goes through [`Store::write`]: begin a
//! transaction on whichever backend the store holds ([`Tx`]), run the write's body, append the
//! audit event the body returns, commit. A write therefore cannot land without its event, nor an
//! event without its write, and no aggregate spells out transactions or backends itself.
//!
//! Two shapes cover the aggregates:
//! * [`Tx::insert`] / [`Tx::insert_id`]: one row from named columns ([`Insert`]), a unique
//!   violation answered with the caller's Chinese message; [`Store::insert_with_event`] is that
//!   insert and its event;
//! * [`Tx::update_versioned`]: "update where the version is still the one the mover read",
//!   which moves `version` and `updated_at` and answers a stale version with the caller's
//!   conflict message; [`Store::save_versioned`] is that update and its event.
//!
//! Values cross into SQL as [`Arg`]s, bound the same way on both backends.

use crate::audit::{Append, HeadCache};
use crate::identity::is_unique_violation;
use crate::{Pool, Store, StoreError};
use qingdan_core::audit::{AuditEvent, NewEvent};

/// A value bound to a placeholder.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Arg<'a> {
    /// Text, or NULL.
    Text(Option<&'a str>),
    /// An integer.
    Int(i64),
    /// An integer, or NULL.
    OptInt(Option<i64>),
    /// A truth value.
    Bool(bool),
    /// Bytes (an attachment's content).
    Bytes(&'a [u8]),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(Some(s))
    }
}

impl<'a> From<Option<&'a str>> for Arg<'a> {
    fn from(s: Option<&'a str>) -> Self {
        Arg::Text(s)
    }
}

impl From<i64> for Arg<'_> {
    fn from(i: i64) -> Self {
        Arg::Int(i)
    }
}

impl From<bool> for Arg<'_> {
    fn from(b: bool) -> Self {
        Arg::Bool(b)
    }
}

impl From<Option<i64>> for Arg<'_> {
    fn from(i: Option<i64>) -> Self {
        Arg::OptInt(i)
    }
}

impl<'a> From<&'a [u8]> for Arg<'a> {
    fn from(b: &'a [u8]) -> Self {
        Arg::Bytes(b)
    }
}

/// Builds a query of `$sql` with every [`Arg`] of `$args` bound in order.
macro_rules! bound {
    ($sql:expr, $args:expr) => {{
        let mut q = sqlx::query(sqlx::AssertSqlSafe($sql));
        for a in $args {
            q = match *a {
                Arg::Text(t) => q.bind(t),
                Arg::Int(i) => q.bind(i),
                Arg::OptInt(i) => q.bind(i),
                Arg::Bool(b) => q.bind(b),
                Arg::Bytes(b) => q.bind(b),
            };
        }
        q
    }};
}

/// A row to insert: a table and its columns with their values.
#[derive(Debug)]
pub(crate) struct Insert<'a> {
    table: &'static str,
    columns: Vec<(&'static str, Arg<'a>)>,
    duplicate: Option<String>,
}

impl<'a> Insert<'a> {
    /// A row of `table`.
    pub(crate) fn into(table: &'static str) -> Self {
        Insert {
            table,
            columns: Vec::new(),
            duplicate: None,
        }
    }

    /// Sets `column` to `value`.
    pub(crate) fn set(mut self, column: &'static str, value: impl Into<Arg<'a>>) -> Self {
        self.columns.push((column, value.into()));
        self
    }

    /// What to answer ([`StoreError::Conflict`]) if a unique key is already taken.
    pub(crate) fn unique(mut self, message: String) -> Self {
        self.duplicate = Some(message);
        self
    }

    fn sql(&self, returning_id: bool) -> String {
        let names: Vec<&str> = self.columns.iter().map(|(c, _)| *c).collect();
        let marks: Vec<String> = (1..=self.columns.len()).map(|i| format!("${i}")).collect();
        format!(
            "INSERT INTO {} ({}) VALUES ({}){}",
            self.table,
            names.join(", "),
            marks.join(", "),
            if returning_id { " RETURNING id" } else { "" }
        )
    }

    fn args(&self) -> impl Iterator<Item = &Arg<'a>> {
        self.columns.iter().map(|(_, a)| a)
    }

    fn refused(&self, e: sqlx::Error) -> StoreError {
        match &self.duplicate {
            Some(message) if is_unique_violation(&e) => StoreError::Conflict(message.clone()),
            _ => e.into(),
        }
    }
}

/// "Update where the version matches": the row `id` of `table` moves only if it is still at
/// `expected`; `version` goes up by one and `updated_at` becomes `at`.
#[derive(Debug)]
pub(crate) struct Versioned<'a> {
    table: &'static str,
    id: i64,
    expected: i64,
    at: &'a str,
    set: Vec<(&'static str, Arg<'a>, bool)>,
    stale: &'static str,
}

impl<'a> Versioned<'a> {
    /// Row `id` of `table`, read at version `expected`, saved at `at`. `stale` is the Chinese
    /// message when someone else moved it first.
    pub(crate) fn row(
        table: &'static str,
        id: i64,
        expected: i64,
        at: &'a str,
        stale: &'static str,
    ) -> Self {
        Versioned {
            table,
            id,
            expected,
            at,
            set: Vec::new(),
            stale,
        }
    }

    /// Sets `column` to `value`.
    pub(crate) fn set(mut self, column: &'static str, value: impl Into<Arg<'a>>) -> Self {
        self.set.push((column, value.into(), false));
        self
    }

    /// Sets `column` to `value` when it is not NULL, keeping the stored value otherwise (a
    /// publication day is set once).
    pub(crate) fn set_once(mut self, column: &'static str, value: Option<&'a str>) -> Self {
        self.set.push((column, Arg::Text(value), true));
        self
    }

    fn sql(&self) -> String {
        let mut sets: Vec<String> = self
            .set
            .iter()
            .enumerate()
            .map(|(i, (column, _, keep))| {
                let n = i + 1;
                if *keep {
                    format!("{column} = COALESCE(${n}, {column})")
                } else {
                    format!("{column} = ${n}")
                }
            })
            .collect();
        let n = self.set.len();
        sets.push("version = version + 1".to_string());
        sets.push(format!("updated_at = ${}", n + 1));
        format!(
            "UPDATE {} SET {} WHERE id = ${} AND version = ${}",
            self.table,
            sets.join(", "),
            n + 2,
            n + 3
        )
    }

    fn args(&self) -> Vec<Arg<'a>> {
        let mut args: Vec<Arg<'a>> = self.set.iter().map(|(_, a, _)| *a).collect();
        args.push(Arg::Text(Some(self.at)));
        args.push(Arg::Int(self.id));
        args.push(Arg::Int(self.expected));
        args
    }
}

/// The `Idempotency-Key` a step was sent with, remembered in the step's transaction as
/// `entity` (`case.step`, `task.step`, `complaint.step`) of the record's id.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StepKey<'a> {
    pub(crate) key: crate::Idempotency<'a>,
    pub(crate) actor: &'a str,
    pub(crate) entity: &'static str,
}

/// An open transaction on either backend. Dropped without [`Tx::commit`], it rolls back.
pub(crate) enum Tx {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

impl Tx {
    /// Runs a statement, answering how many rows it touched.
    pub(crate) async fn execute(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<u64, StoreError> {
        Ok(match self {
            Tx::Sqlite(t) => bound!(sql, args).execute(&mut **t).await?.rows_affected(),
            Tx::Postgres(t) => bound!(sql, args).execute(&mut **t).await?.rows_affected(),
        })
    }

    /// Runs a statement answering one integer (`RETURNING …`).
    pub(crate) async fn fetch_i64(
        &mut self,
        sql: &str,
        args: &[Arg<'_>],
    ) -> Result<i64, StoreError> {
        use sqlx::Row;
        Ok(match self {
            Tx::Sqlite(t) => bound!(sql, args).fetch_one(&mut **t).await?.try_get(0)?,
            Tx::Postgres(t) => bound!(sql, args).fetch_one(&mut **t).await?.try_get(0)?,
        })
    }

    /// Runs a query answering at most one integer.
    pub(crate) async fn fetch_optional_i64(
        &mut self,
        sql: &str,
        args: &[Arg<'_>],
    ) -> Result<Option<i64>, StoreError> {
        use sqlx::Row;
        let row = match self {
            Tx::Sqlite(t) => bound!(sql, args)
                .fetch_optional(&mut **t)
                .await?
                .map(|r| r.try_get::<i64, _>(0)),
            Tx::Postgres(t) => bound!(sql, args)
                .fetch_optional(&mut **t)
                .await?
                .map(|r| r.try_get::<i64, _>(0)),
        };
        Ok(row.transpose()?)
    }

    /// Runs a query answering at most one row of `n` text (or NULL) columns.
    pub(crate) async fn fetch_texts(
        &mut self,
        sql: &str,
        args: &[Arg<'_>],
        n: usize,
    ) -> Result<Option<Vec<Option<String>>>, StoreError> {
        use sqlx::Row;
        macro_rules! texts {
            ($row:expr) => {{
                let mut values = Vec::with_capacity(n);
                for i in 0..n {
                    values.push($row.try_get::<Option<String>, _>(i)?);
                }
                values
            }};
        }
        Ok(match self {
            Tx::Sqlite(t) => match bound!(sql, args).fetch_optional(&mut **t).await? {
                Some(row) => Some(texts!(row)),
                None => None,
            },
            Tx::Postgres(t) => match bound!(sql, args).fetch_optional(&mut **t).await? {
                Some(row) => Some(texts!(row)),
                None => None,
            },
        })
    }

    /// Inserts `row`.
    pub(crate) async fn insert(&mut self, row: &Insert<'_>) -> Result<(), StoreError> {
        let sql = row.sql(false);
        let args: Vec<Arg<'_>> = row.args().copied().collect();
        let done = match self {
            Tx::Sqlite(t) => bound!(sql, &args).execute(&mut **t).await.map(|_| ()),
            Tx::Postgres(t) => bound!(sql, &args).execute(&mut **t).await.map(|_| ()),
        };
        done.map_err(|e| row.refused(e))
    }

    /// Inserts `row`, answering its new `id`.
    pub(crate) async fn insert_id(&mut self, row: &Insert<'_>) -> Result<i64, StoreError> {
        use sqlx::Row;
        let sql = row.sql(true);
        let args: Vec<Arg<'_>> = row.args().copied().collect();
        let inserted = match self {
            Tx::Sqlite(t) => bound!(sql, &args)
                .fetch_one(&mut **t)
                .await
                .and_then(|r| r.try_get::<i64, _>(0)),
            Tx::Postgres(t) => bound!(sql, &args)
                .fetch_one(&mut **t)
                .await
                .and_then(|r| r.try_get::<i64, _>(0)),
        };
        inserted.map_err(|e| row.refused(e))
    }

    /// Saves a versioned row: [`StoreError::Conflict`] with the row's stale message when it is
    /// no longer at the version the mover read.
    pub(crate) async fn update_versioned(&mut self, v: &Versioned<'_>) -> Result<(), StoreError> {
        let moved = self.execute(&v.sql(), &v.args()).await?;
        if moved == 0 {
            return Err(StoreError::Conflict(v.stale.to_string()));
        }
        Ok(())
    }

    /// Appends `event` to the audit chain in this transaction.
    pub(crate) async fn append(
        &mut self,
        head: &HeadCache,
        alg: qingdan_core::audit::ChainHash,
        event: NewEvent,
    ) -> Result<AuditEvent, StoreError> {
        match self {
            Tx::Sqlite(t) => Append::append(&mut **t, head, alg, event).await,
            Tx::Postgres(t) => Append::append(&mut **t, head, alg, event).await,
        }
    }

    async fn commit(self) -> Result<(), StoreError> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }
}

impl Tx {
    /// Records that `actor`'s `key` created `entity` `id`, in the creation's transaction: a
    /// second creation under the same key fails here ([`StoreError::Conflict`]) and rolls back.
    pub(crate) async fn remember_key(
        &mut self,
        key: &crate::Idempotency<'_>,
        actor: &str,
        entity: &str,
        id: i64,
        at: &str,
    ) -> Result<(), StoreError> {
        self.insert(
            &Insert::into("idempotency_keys")
                .set("actor", actor)
                .set("key", key.key)
                .set("entity", entity)
                .set("entity_id", id)
                .set("request_sha256", key.request_sha256)
                .set("created_at", at)
                .unique(format!("Idempotency-Key“{}”已使用", key.key)),
        )
        .await
    }
}

impl Store {
    /// After a creation under `key` failed with a conflict: the id the first request with
    /// this key created, if it was the same request for the same kind of record; a key reused
    /// for another request is a [`StoreError::Conflict`] saying so.
    pub(crate) async fn replayed(
        &self,
        entity: &str,
        actor: &str,
        key: &crate::Idempotency<'_>,
        conflict: StoreError,
    ) -> Result<i64, StoreError> {
        match self.idempotent(actor, key.key).await? {
            Some((e, id, sha)) if e == entity && sha == key.request_sha256 => Ok(id),
            Some(_) => Err(StoreError::Conflict(format!(
                "Idempotency-Key“{}”已用于另一请求：重试请原样重发，新的请求请换一个键",
                key.key
            ))),
            None => Err(conflict),
        }
    }

    /// Begins a transaction on the store's backend.
    pub(crate) async fn begin(&self) -> Result<Tx, StoreError> {
        Ok(match &self.pool {
            Pool::Sqlite(p) => Tx::Sqlite(p.begin().await?),
            Pool::Postgres(p) => Tx::Postgres(p.begin().await?),
        })
    }

    /// The one write: runs `body` in a transaction, seals the row the event is about (its
    /// digest in the event, `sealed.rs`), appends the event, commits, and then anchors the
    /// event outside the database (`anchor.rs`) when an anchor is set. Any error before the
    /// commit rolls everything back (nothing half-written, no event without its write).
    pub(crate) async fn write<T>(
        &self,
        body: impl AsyncFnOnce(&mut Tx) -> Result<(T, NewEvent), StoreError>,
    ) -> Result<(T, AuditEvent), StoreError> {
        self.write_sealing(true, body).await
    }

    /// [`Store::write`] for a write that does not change the row its event is about (a
    /// refusal, an export, an attachment beside a task): its event carries no digest, so it
    /// cannot seal a row someone changed behind the application's back — the last digest stays
    /// the last real write's.
    pub(crate) async fn write_unsealed<T>(
        &self,
        body: impl AsyncFnOnce(&mut Tx) -> Result<(T, NewEvent), StoreError>,
    ) -> Result<(T, AuditEvent), StoreError> {
        self.write_sealing(false, body).await
    }

    async fn write_sealing<T>(
        &self,
        seal: bool,
        body: impl AsyncFnOnce(&mut Tx) -> Result<(T, NewEvent), StoreError>,
    ) -> Result<(T, AuditEvent), StoreError> {
        let mut tx = self.begin().await?;
        let (value, mut event) = body(&mut tx).await?;
        if seal {
            tx.seal(&mut event).await?;
        }
        let sealed = tx.append(&self.head, self.chain, event).await?;
        tx.commit().await?;
        self.appends
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.anchor_event(&sealed);
        Ok((value, sealed))
    }

    /// Inserts `row` and the event `event` makes of its new id, in one transaction.
    pub(crate) async fn insert_with_event(
        &self,
        row: Insert<'_>,
        event: impl FnOnce(i64) -> NewEvent,
    ) -> Result<i64, StoreError> {
        let (id, _) = self
            .write(async |tx| {
                let id = tx.insert_id(&row).await?;
                Ok((id, event(id)))
            })
            .await?;
        Ok(id)
    }

    /// Saves a versioned row and its event in one transaction.
    pub(crate) async fn save_versioned(
        &self,
        row: Versioned<'_>,
        event: NewEvent,
        key: Option<StepKey<'_>>,
    ) -> Result<(), StoreError> {
        self.write(async |tx| {
            if let Some(k) = &key {
                // First: a retry under the same key conflicts here and rolls back before the
                // version check could call it stale.
                tx.remember_key(&k.key, k.actor, k.entity, row.id, row.at)
                    .await?;
            }
            tx.update_versioned(&row).await?;
            Ok(((), event))
        })
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_send<T: Send>(_: &T) {}

    /// The web's handlers need every write's future to be `Send`: the async closures of
    /// [`Store::write`] must not make them lose it.
    #[test]
    fn writes_are_send() {
        async fn all(store: Store) {
            let _ = store
                .insert_with_event(Insert::into("t").set("a", 1), |id| {
                    NewEvent::new("", "", "", "", &id.to_string(), "")
                })
                .await;
            let _ = store
                .save_versioned(
                    Versioned::row("t", 1, 1, "", "stale").set("a", "b"),
                    NewEvent::new("", "", "", "", "", ""),
                    None,
                )
                .await;
            let _ = store.record(NewEvent::new("", "", "", "", "", "")).await;
        }
        // Compiles only if the future is Send; never run.
        let check = |store: Store| is_send(&all(store));
        let _ = check;
    }

    #[test]
    fn the_versioned_update_moves_version_and_time() {
        let v = Versioned::row("cases", 7, 3, "2026-01-01T00:00:00Z", "stale")
            .set("stage", "decided")
            .set_once("published_on", None);
        assert_eq!(
            v.sql(),
            "UPDATE cases SET stage = $1, published_on = COALESCE($2, published_on), \
             version = version + 1, updated_at = $3 WHERE id = $4 AND version = $5"
        );
        assert_eq!(v.args().len(), 5);
    }

    #[test]
    fn an_insert_names_its_columns() {
        let row = Insert::into("t").set("a", "x").set("b", 2);
        assert_eq!(
            row.sql(true),
            "INSERT INTO t (a, b) VALUES ($1, $2) RETURNING id"
        );
        assert_eq!(row.sql(false), "INSERT INTO t (a, b) VALUES ($1, $2)");
    }
}
