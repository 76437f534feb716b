//! What the audit chain costs a durable write. Run: `cargo bench -p qingdan-store`.
//!
//! On one SQLite file (WAL, synchronous=FULL, as the store runs it), the same single-row write
//! is committed N times bare, then N times with its audit event appended in the same
//! transaction (lock the chain head, hash, insert the event, update the head). Sequential, then
//! with 4 concurrent writers; bare and audited runs alternate, seven of each, and the medians
//! are compared. Prints writes/s and the overhead.

use qingdan_core::audit::NewEvent;
use qingdan_store::Store;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::time::{Duration, Instant};

const N: usize = 1500;
/// Alternating rounds of bare and audited writes per row of the table.
const ROUNDS: usize = 7;

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}
/// One writing connection: SQLite has one writer at a time, and queueing in the pool is cheaper
/// than sleeping in the busy handler (the layout the store will use for writes).
const WRITE_CONNECTIONS: u32 = 1;

fn event(i: usize) -> NewEvent {
    NewEvent::new(
        "2026-11-27T08:00:00Z",
        "officer-1",
        "bench.write",
        "bench_row",
        &i.to_string(),
        "基准测试",
    )
    .with_after(format!("{{\"payload\":\"第{i}行\"}}"))
}

async fn run(store: &Store, pool: &sqlx::SqlitePool, audited: bool, writers: usize) -> f64 {
    let start = Instant::now();
    let per = N / writers;
    let mut tasks = Vec::new();
    for w in 0..writers {
        let pool = pool.clone();
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..per {
                let n = w * per + i;
                let mut tx = pool.begin().await.map_err(|e| e.to_string())?;
                sqlx::query("INSERT INTO bench_rows (payload) VALUES ($1)")
                    .bind(format!("第{n}行"))
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| e.to_string())?;
                if audited {
                    qingdan_store::audit::append_on_sqlite(&store, &mut tx, event(n))
                        .await
                        .map_err(|e| e.to_string())?;
                }
                tx.commit().await.map_err(|e| e.to_string())?;
            }
            Ok::<(), String>(())
        }));
    }
    for t in tasks {
        match t.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("write failed: {e}"),
            Err(e) => eprintln!("task failed: {e}"),
        }
    }
    (per * writers) as f64 / start.elapsed().as_secs_f64()
}

/// A penalty case's step as the server saves it: `Store::save_case_step` (the case row moved
/// from the version read, its event appended, in one transaction; then read back), each writer
/// on its own case.
async fn case_steps(store: &Store, writers: usize) -> f64 {
    let mut ids = Vec::new();
    for w in 0..writers {
        let party = format!("基准当事人{w}");
        match store
            .create_case(
                qingdan_store::NewCaseRow {
                    prefix: "基准罚",
                    year: 2026,
                    office: "县散装水泥办公室",
                    violation: "bagged-cement",
                    procedure: "general",
                    stage: "investigation",
                    party_name: &party,
                    party_uscc: None,
                    data: "{}",
                    actor: "bench",
                    at: "2026-11-27T08:00:00Z",
                },
                |s| format!("基准罚〔2026〕{s}号"),
            )
            .await
        {
            Ok(row) => ids.push((row.id, row.version)),
            Err(e) => {
                eprintln!("create case: {e}");
                return 0.0;
            }
        }
    }
    let per = N / writers;
    let start = Instant::now();
    let mut tasks = Vec::new();
    for (id, version) in ids {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut version = version;
            for i in 0..per {
                let detail = format!("{{\"action\":\"record_evidence\",\"n\":{i}}}");
                let row = store
                    .save_case_step(
                        id,
                        qingdan_store::CaseStep {
                            expected_version: version,
                            stage: "investigation",
                            data: "{\"evidence\":[]}",
                            step: "record_evidence",
                            summary: "调查取证",
                            detail: &detail,
                            actor: "bench",
                            at: "2026-11-27T08:00:00Z",
                            published_on: None,
                            key: None,
                        },
                    )
                    .await
                    .map_err(|e| e.to_string())?;
                version = row.version;
            }
            Ok::<(), String>(())
        }));
    }
    for t in tasks {
        match t.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("step failed: {e}"),
            Err(e) => eprintln!("task failed: {e}"),
        }
    }
    (per * writers) as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let Ok(rt) = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    else {
        eprintln!("no runtime");
        return;
    };
    rt.block_on(async {
        let dir = std::env::temp_dir().join(format!("qingdan-audit-bench-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("bench.db");
        let store = match Store::open_sqlite(&path).await {
            Ok(s) => s,
            Err(e) => return eprintln!("open: {e}"),
        };
        let options = SqliteConnectOptions::new()
            .filename(&path)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(30));
        let Ok(pool) = SqlitePoolOptions::new()
            .max_connections(WRITE_CONNECTIONS)
            .connect_with(options)
            .await
        else {
            return eprintln!("pool");
        };
        let _ = sqlx::query(
            "CREATE TABLE IF NOT EXISTS bench_rows (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)",
        )
        .execute(&pool)
        .await;
        println!(
            "| writers | bare writes/s | audited writes/s | audit overhead | case steps/s (store) | case steps ÷ bare |"
        );
        println!("|--:|--:|--:|--:|--:|--:|");
        for writers in [1, 4] {
            // fsync time on a shared VM drifts by tens of percent from second to second: bare
            // and audited runs alternate, ROUNDS of each, and the medians are compared.
            let mut bares = Vec::new();
            let mut auditeds = Vec::new();
            for _ in 0..ROUNDS {
                bares.push(run(&store, &pool, false, writers).await);
                auditeds.push(run(&store, &pool, true, writers).await);
            }
            let bare = median(&mut bares);
            let audited = median(&mut auditeds);
            let steps = case_steps(&store, writers).await;
            println!(
                "| {writers} | {bare:.0} | {audited:.0} | {:.1}% | {steps:.0} | {:.2} |",
                (1.0 - audited / bare) * 100.0,
                steps / bare
            );
        }
        match store.verify_audit(|_| {}).await {
            Ok(v) => println!("\nThe chain of {} benchmark events verifies.", v.events),
            Err(e) => println!("\nChain check failed: {e}"),
        }
        store.close().await;
        let _ = std::fs::remove_dir_all(&dir);
    });
}
