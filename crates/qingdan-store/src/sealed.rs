//! Rows sealed by their events. Every write of a case, complaint, inspection task or plan
//! records, in its audit event, the digest of the row as the write left it
//! (`qingdan_core::audit::row_digest`, taken inside the write's transaction just before the
//! event is appended). The chain protects the event, so the event protects the row: a row
//! edited in the database behind the application's back no longer matches the last event
//! about it, and [`Store::check_rows`] names it.
//!
//! Rows written before digests existed (migration 0015) have events without one; they are
//! counted apart as "not yet sealed" and are sealed by their next write.

use crate::write::{Arg, Tx};
use crate::{Store, StoreError, on_pool};
use qingdan_core::audit::{NewEvent, row_digest};
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet};

/// An aggregate whose rows are sealed.
#[derive(Debug)]
pub(crate) struct Sealed {
    /// The events' `entity`.
    entity: &'static str,
    /// Its table.
    table: &'static str,
    /// Its Chinese name, for messages.
    label: &'static str,
    /// The columns covered: a name and the SQL giving its value as text (`t` is the row).
    columns: &'static [(&'static str, &'static str)],
}

macro_rules! cols {
    ($($c:literal),* $(,)?) => { &[$(($c, concat!("CAST(t.", $c, " AS TEXT)"))),*] };
}

const SEALED: &[Sealed] = &[
    Sealed {
        entity: "case",
        table: "cases",
        label: "案件",
        columns: cols!(
            "id",
            "number",
            "prefix",
            "year",
            "seq",
            "office",
            "violation",
            "procedure",
            "stage",
            "party_name",
            "party_uscc",
            "data",
            "version",
            "opened_by",
            "created_at",
            "updated_at",
            "published_on"
        ),
    },
    Sealed {
        entity: "complaint",
        table: "complaints",
        label: "投诉举报",
        columns: &[
            ("id", "CAST(t.id AS TEXT)"),
            ("code", "t.code"),
            ("office", "t.office"),
            ("status", "t.status"),
            ("data", "t.data"),
            ("version", "CAST(t.version AS TEXT)"),
            ("created_at", "t.created_at"),
            ("updated_at", "t.updated_at"),
            // The complainant's identity, kept apart, is sealed with the complaint.
            (
                "identity_name",
                "(SELECT i.name FROM complaint_identities i WHERE i.complaint_id = t.id)",
            ),
            (
                "identity_contact",
                "(SELECT i.contact FROM complaint_identities i WHERE i.complaint_id = t.id)",
            ),
        ],
    },
    Sealed {
        entity: "inspection_task",
        table: "inspection_tasks",
        label: "检查任务",
        columns: cols!(
            "id",
            "system",
            "target_id",
            "target_name",
            "office",
            "state",
            "data",
            "officer_draw",
            "version",
            "published_on",
            "opened_by",
            "created_at",
            "updated_at"
        ),
    },
    Sealed {
        entity: "inspection_plan",
        table: "inspection_plans",
        label: "检查计划",
        columns: cols!(
            "id",
            "year",
            "as_of",
            "seed",
            "data",
            "draw_record",
            "items",
            "created_at",
            "actor"
        ),
    },
];

fn sealed(entity: &str) -> Option<&'static Sealed> {
    SEALED.iter().find(|s| s.entity == entity)
}

impl Sealed {
    fn select(&self, filter: &str) -> String {
        let exprs: Vec<&str> = self.columns.iter().map(|(_, sql)| *sql).collect();
        format!("SELECT {} FROM {} t {filter}", exprs.join(", "), self.table)
    }

    fn digest(&self, values: &[Option<String>]) -> String {
        row_digest(
            self.table,
            self.columns
                .iter()
                .zip(values)
                .map(|((name, _), v)| (*name, v.as_deref())),
        )
    }
}

/// A row that disagrees with the record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowProblem {
    /// The row differs from what its last event sealed.
    #[error("{label} {id} 的数据行与第 {seq} 号审计事件封存的内容不符：该行在系统之外被直接改动")]
    Differs {
        /// The aggregate's Chinese name.
        label: &'static str,
        /// The row.
        id: i64,
        /// Its last sealing event.
        seq: i64,
    },
    /// A row the record sealed is gone.
    #[error("{label} {id} 的数据行已不存在，而第 {seq} 号审计事件记录过它：该行被直接删除")]
    Deleted {
        /// The aggregate's Chinese name.
        label: &'static str,
        /// The row.
        id: i64,
        /// Its last sealing event.
        seq: i64,
    },
    /// A row no event speaks of.
    #[error("{label} {id} 没有任何审计事件：该行不是经由本系统写入的")]
    Unrecorded {
        /// The aggregate's Chinese name.
        label: &'static str,
        /// The row.
        id: i64,
    },
}

/// What [`Store::check_rows`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowsReport {
    /// Rows compared with their sealing event.
    pub checked: i64,
    /// Rows whose events predate sealing (written by an older version, sealed by their next
    /// write).
    pub not_yet_sealed: i64,
    /// Rows that disagree with the record, in table and id order.
    pub problems: Vec<RowProblem>,
}

impl Tx {
    /// Puts into `event` the digest of the row it is about, as this transaction leaves it,
    /// when that row is of a sealed aggregate.
    pub(crate) async fn seal(&mut self, event: &mut NewEvent) -> Result<(), StoreError> {
        let Some(s) = sealed(&event.entity) else {
            return Ok(());
        };
        let Ok(id) = event.entity_id.parse::<i64>() else {
            return Ok(());
        };
        let values = self
            .fetch_texts(
                &s.select("WHERE t.id = $1"),
                &[Arg::Int(id)],
                s.columns.len(),
            )
            .await?;
        event.row_hash = values.map(|v| s.digest(&v));
        Ok(())
    }
}

/// The last sealing event per row of one aggregate, and the rows any event speaks of.
struct Sealing {
    last: BTreeMap<i64, (i64, String)>,
    recorded: BTreeSet<i64>,
}

impl Store {
    async fn sealing(&self, entity: &str, only: Option<i64>) -> Result<Sealing, StoreError> {
        let mut out = Sealing {
            last: BTreeMap::new(),
            recorded: BTreeSet::new(),
        };
        let filter = if only.is_some() {
            " AND entity_id = $2"
        } else {
            ""
        };
        let sql = format!(
            "SELECT entity_id, seq, row_hash FROM audit_events WHERE entity = $1{filter} ORDER BY seq"
        );
        let only_text = only.map(|i| i.to_string());
        let rows: Vec<(String, i64, Option<String>)> = on_pool!(self, p => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.as_str())).bind(entity);
            if let Some(id) = &only_text {
                q = q.bind(id.as_str());
            }
            let rows = q.fetch_all(p).await?;
            let mut v = Vec::with_capacity(rows.len());
            for r in &rows {
                v.push((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?));
            }
            v
        });
        for (id, seq, hash) in rows {
            let Ok(id) = id.parse::<i64>() else { continue };
            out.recorded.insert(id);
            if let Some(hash) = hash {
                out.last.insert(id, (seq, hash));
            }
        }
        Ok(out)
    }

    async fn sealed_rows(
        &self,
        s: &Sealed,
        after: i64,
        only: Option<i64>,
    ) -> Result<Vec<(i64, String)>, StoreError> {
        const PAGE: i64 = 500;
        let filter = match only {
            Some(_) => "WHERE t.id = $1".to_string(),
            None => format!("WHERE t.id > $1 ORDER BY t.id LIMIT {PAGE}"),
        };
        let sql = s.select(&filter);
        let n = s.columns.len();
        let bound = only.unwrap_or(after);
        on_pool!(self, p => {
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql.as_str())).bind(bound).fetch_all(p).await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in &rows {
                let mut values = Vec::with_capacity(n);
                for i in 0..n {
                    values.push(r.try_get::<Option<String>, _>(i)?);
                }
                let id = values
                    .first()
                    .and_then(|v| v.as_deref())
                    .and_then(|v| v.parse::<i64>().ok())
                    .ok_or_else(|| StoreError::Corrupt(format!("{} 中有无编号的行", s.table)))?;
                out.push((id, s.digest(&values)));
            }
            Ok::<_, StoreError>(out)
        })
    }

    async fn check_aggregate(
        &self,
        s: &Sealed,
        only: Option<i64>,
        report: &mut RowsReport,
    ) -> Result<(), StoreError> {
        let sealing = self.sealing(s.entity, only).await?;
        let mut seen = BTreeSet::new();
        let mut after = 0;
        loop {
            let page = self.sealed_rows(s, after, only).await?;
            let Some(&(last, _)) = page.last() else { break };
            after = last;
            for (id, digest) in page {
                seen.insert(id);
                match sealing.last.get(&id) {
                    Some((seq, sealed)) => {
                        report.checked += 1;
                        if *sealed != digest {
                            report.problems.push(RowProblem::Differs {
                                label: s.label,
                                id,
                                seq: *seq,
                            });
                        }
                    }
                    None if sealing.recorded.contains(&id) => report.not_yet_sealed += 1,
                    None => report
                        .problems
                        .push(RowProblem::Unrecorded { label: s.label, id }),
                }
            }
            if only.is_some() {
                break;
            }
        }
        for (id, (seq, _)) in &sealing.last {
            if !seen.contains(id) {
                report.problems.push(RowProblem::Deleted {
                    label: s.label,
                    id: *id,
                    seq: *seq,
                });
            }
        }
        Ok(())
    }

    /// Compares every sealed row (cases, complaints, inspection tasks, plans) with the last
    /// event that sealed it.
    pub async fn check_rows(&self) -> Result<RowsReport, StoreError> {
        let mut report = RowsReport::default();
        for s in SEALED {
            self.check_aggregate(s, None, &mut report).await?;
        }
        // The events and the rows are read by separate queries: a write committed between
        // them (a busy server) looks like a changed row. Each finding is read again, events
        // then row, and kept only if it still stands.
        let mut confirmed = Vec::with_capacity(report.problems.len());
        for p in std::mem::take(&mut report.problems) {
            let (label, id) = match &p {
                RowProblem::Differs { label, id, .. }
                | RowProblem::Deleted { label, id, .. }
                | RowProblem::Unrecorded { label, id } => (*label, *id),
            };
            let Some(s) = SEALED.iter().find(|s| s.label == label) else {
                confirmed.push(p);
                continue;
            };
            let mut again = RowsReport::default();
            self.check_aggregate(s, Some(id), &mut again).await?;
            if let Some(still) = again.problems.into_iter().next() {
                confirmed.push(still);
            } else {
                report.checked += 1;
            }
        }
        report.problems = confirmed;
        Ok(report)
    }

    /// Whether one record's row agrees with its record (`entity` as the events name it, e.g.
    /// `case`): `None` when it does, or was written before sealing and not since.
    pub async fn row_problem(
        &self,
        entity: &str,
        id: i64,
    ) -> Result<Option<RowProblem>, StoreError> {
        let Some(s) = sealed(entity) else {
            return Ok(None);
        };
        let mut report = RowsReport::default();
        self.check_aggregate(s, Some(id), &mut report).await?;
        Ok(report.problems.into_iter().next())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sealed_aggregate_selects_its_id_first() {
        for s in SEALED {
            assert_eq!(s.columns[0].0, "id", "{}", s.table);
            assert!(s.select("").starts_with("SELECT CAST(t.id AS TEXT), "));
        }
    }
}
