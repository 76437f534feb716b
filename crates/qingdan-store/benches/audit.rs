//! What the audit chain costs a durable write. Run: `cargo bench -p qingdan-store`.
//!
//! On one SQLite file (WAL, synchronous=FULL, as the store runs it), the same single-row write
//! is committed N times bare, then N times with its audit event appended in the same
//! transaction (lock the chain head, hash, insert the event, update the head). Sequential, then
//! with 4 concurrent writers. Prints writes/s and the overhead.

use qingdan_core::audit::NewEvent;
use qingdan_store::Store;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::time::{Duration, Instant};

const N: usize = 1500;
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
        println!("| writers | bare writes/s | audited writes/s | audit overhead |");
        println!("|--:|--:|--:|--:|");
        for writers in [1, 4] {
            let bare = run(&store, &pool, false, writers).await;
            let audited = run(&store, &pool, true, writers).await;
            println!(
                "| {writers} | {bare:.0} | {audited:.0} | {:.1}% |",
                (1.0 - audited / bare) * 100.0
            );
        }
        match store.verify_audit(|_| {}).await {
            Ok(n) => println!("\nThe chain of {n} benchmark events verifies."),
            Err(e) => println!("\nChain check failed: {e}"),
        }
        store.close().await;
        let _ = std::fs::remove_dir_all(&dir);
    });
}
