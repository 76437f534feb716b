//! Writing the registry: 1,000,000 enterprise rows through `Store::import_registry` (one
//! transaction, multi-row upserts of 500, one audit event) into a fresh SQLite file (WAL,
//! synchronous=FULL) and, when reachable, PostgreSQL. Run: `cargo bench -p qingdan-store --bench
//! registry`. Parsing the file is `cargo bench -p qingdan-registry`; the two add up to a whole
//! `qingdan registry import`.

use qingdan_store::{EnterpriseRow, RegistryImport, RegistryRows, Store};
use std::time::Instant;

/// Rows written; `QINGDAN_BENCH_ROWS` overrides (for trying settings quickly).
fn n() -> usize {
    std::env::var("QINGDAN_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

fn rows() -> Vec<EnterpriseRow> {
    (0..n())
        .map(|i| EnterpriseRow {
            uscc: format!("91430923{i:09}X"),
            name: format!("安化县第{i}号建材有限公司"),
            kind: "wall-material-producer".into(),
            address: format!("安化县东坪镇{}号", i % 997),
            contact: Some("李明".into()),
            phone: Some("0737-7222333".into()),
            complained: i % 97 == 0,
            incident: false,
            failed_spot_check: false,
        })
        .collect()
}

async fn run(name: &str, store: &Store, rows: &[EnterpriseRow]) {
    let start = Instant::now();
    let mut ticks = 0usize;
    let id = store
        .import_registry(
            RegistryImport {
                file_name: "bench.csv",
                sha256: "0",
                total_rows: rows.len() as i64,
                rejected: 0,
                actor: "bench",
                at: "2026-11-27T08:00:00Z",
            },
            RegistryRows::Enterprises(rows),
            |_| ticks += 1,
        )
        .await;
    let secs = start.elapsed().as_secs_f64();
    match id {
        Ok(_) => println!(
            "{name}: {} rows in {secs:.2} s ({:.0} rows/s, {ticks} progress calls)",
            rows.len(),
            rows.len() as f64 / secs
        ),
        Err(e) => println!("{name}: failed: {e}"),
    }
    let counts = store.registry_counts().await;
    println!("{name}: stored {:?}", counts.map(|c| c.enterprises));
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let rows = rows();
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => return println!("no temporary directory: {e}"),
    };
    match Store::open_sqlite(&dir.path().join("bench.db")).await {
        Ok(store) => run("sqlite", &store, &rows).await,
        Err(e) => println!("sqlite: {e}"),
    }
    let url = std::env::var("QINGDAN_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let schema = format!("bench_registry_{}", std::process::id());
    let admin = match sqlx::PgPool::connect(&url).await {
        Ok(p) => p,
        Err(e) => return println!("postgres: not reachable ({e}); skipped"),
    };
    let create = format!("CREATE SCHEMA \"{schema}\"");
    if let Err(e) = sqlx::raw_sql(sqlx::AssertSqlSafe(create))
        .execute(&admin)
        .await
    {
        return println!("postgres: {e}");
    }
    let sep = if url.contains('?') { '&' } else { '?' };
    match Store::open(&format!("{url}{sep}options=-c%20search_path%3D{schema}")).await {
        Ok(store) => {
            run("postgres", &store, &rows).await;
            store.close().await;
        }
        Err(e) => println!("postgres: {e}"),
    }
    let drop = format!("DROP SCHEMA \"{schema}\" CASCADE");
    let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(drop))
        .execute(&admin)
        .await;
}
