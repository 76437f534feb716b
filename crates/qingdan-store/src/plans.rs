//! Yearly inspection plans and the draw seeds they are drawn with.
//!
//! A year's seed is announced first (`announce_seed`, recorded with its time); a plan can only
//! be drawn with an announced seed, so the seed is fixed before the candidates are read. Each
//! plan keeps the planner's JSON and the published draw record, with a `plan.created` event.

use crate::write::Insert;
use crate::{Store, StoreError, on_pool};
use qingdan_core::audit::NewEvent;
use sqlx::Row;

/// An announced seed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedRow {
    /// The plan year.
    pub year: i64,
    /// 64 hex digits.
    pub seed: String,
    /// When it was announced.
    pub announced_at: String,
    /// By whom.
    pub actor: String,
}

/// A plan to store.
#[derive(Debug, Clone)]
pub struct NewPlan<'a> {
    /// The year.
    pub year: i64,
    /// The plan day.
    pub as_of: &'a str,
    /// The seed used.
    pub seed: &'a str,
    /// The planner's plan (JSON).
    pub data: &'a str,
    /// The published draw record (JSON), if a draw was made.
    pub draw_record: Option<&'a str>,
    /// How many inspections.
    pub items: i64,
    /// Who.
    pub actor: &'a str,
    /// When.
    pub at: &'a str,
    /// The event's reason (a summary of the checks).
    pub summary: &'a str,
}

/// A stored plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRow {
    /// Id.
    pub id: i64,
    /// Year.
    pub year: i64,
    /// Plan day.
    pub as_of: String,
    /// Seed.
    pub seed: String,
    /// The plan (JSON).
    pub data: String,
    /// The draw record (JSON).
    pub draw_record: Option<String>,
    /// How many inspections.
    pub items: i64,
    /// When.
    pub created_at: String,
    /// Who.
    pub actor: String,
}

const SELECT: &str = "SELECT id, year, as_of, seed, data, draw_record, items, created_at, actor \
                      FROM inspection_plans";

macro_rules! plan_from_row {
    ($r:expr) => {
        PlanRow {
            id: $r.try_get("id")?,
            year: $r.try_get("year")?,
            as_of: $r.try_get("as_of")?,
            seed: $r.try_get("seed")?,
            data: $r.try_get("data")?,
            draw_record: $r.try_get("draw_record")?,
            items: $r.try_get("items")?,
            created_at: $r.try_get("created_at")?,
            actor: $r.try_get("actor")?,
        }
    };
}

impl Store {
    /// Announces the draw seed of `year`, once: a second announcement is a
    /// [`StoreError::Conflict`] (a seed may not be changed after the fact).
    pub async fn announce_seed(
        &self,
        year: i64,
        seed: &str,
        actor: &str,
        at: &str,
    ) -> Result<SeedRow, StoreError> {
        let row = Insert::into("draw_seeds")
            .set("year", year)
            .set("seed", seed)
            .set("announced_at", at)
            .set("actor", actor)
            .unique(format!("{year} 年度的随机种子已经公布，不能更改"));
        self.write(async |tx| {
            tx.insert(&row).await?;
            Ok(((), NewEvent::seed_announced(at, actor, year, seed)))
        })
        .await?;
        self.seed(year)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("{year} 年度种子写入后无法读取")))
    }

    /// The announced seed of `year`.
    pub async fn seed(&self, year: i64) -> Result<Option<SeedRow>, StoreError> {
        on_pool!(self, p => {
            let row = sqlx::query("SELECT year, seed, announced_at, actor FROM draw_seeds WHERE year = $1")
                .bind(year)
                .fetch_optional(p)
                .await?;
            match row {
                Some(r) => Ok(Some(SeedRow {
                    year: r.try_get("year")?,
                    seed: r.try_get("seed")?,
                    announced_at: r.try_get("announced_at")?,
                    actor: r.try_get("actor")?,
                })),
                None => Ok(None),
            }
        })
    }

    /// Stores a plan with its event; one a year (a second is a [`StoreError::Conflict`]).
    pub async fn create_plan(&self, new: NewPlan<'_>) -> Result<PlanRow, StoreError> {
        let id = self
            .insert_with_event(
                Insert::into("inspection_plans")
                    .set("year", new.year)
                    .set("as_of", new.as_of)
                    .set("seed", new.seed)
                    .set("data", new.data)
                    .set("draw_record", new.draw_record)
                    .set("items", new.items)
                    .set("created_at", new.at)
                    .set("actor", new.actor)
                    .unique(format!(
                        "{} 年度的检查计划已经编制并公示抽取结果，不能重新抽取；新情况请另行安排检查任务",
                        new.year
                    )),
                |id| NewEvent::plan_created(new.at, new.actor, id, new.summary, new.draw_record),
            )
            .await?;
        self.plan(id)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("计划 {id} 写入后无法读取")))
    }

    /// One plan.
    pub async fn plan(&self, id: i64) -> Result<Option<PlanRow>, StoreError> {
        let sql = format!("{SELECT} WHERE id = $1");
        on_pool!(self, p => {
            let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(p).await?;
            match row {
                Some(r) => Ok(Some(plan_from_row!(r))),
                None => Ok(None),
            }
        })
    }

    /// Plans, newest first.
    pub async fn plans(&self, limit: i64) -> Result<Vec<PlanRow>, StoreError> {
        let sql = format!("{SELECT} ORDER BY id DESC LIMIT $1");
        crate::fetch_list!(self, sql, [limit], plan_from_row)
    }
}
