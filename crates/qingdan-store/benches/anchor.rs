//! What tamper evidence costs (issue 15). Run: `cargo bench -p qingdan-store --bench anchor`.
//!
//! 1. One anchor line (HMAC-SHA256 of the event's number and hash, one `write` to
//!    `anchor.log`), N times.
//! 2. Opening a case through the store (numbering, the row, its sealing digest read back in
//!    the transaction, the event; WAL, synchronous=FULL) on SQLite, without and with the anchor
//!    directory, alternating rounds; medians.
//! 3. `verify_audit` over those events and rows (chain, anchor, every sealed row).

use qingdan_store::{AnchorFile, NewCaseRow, Store};
use std::time::Instant;

const LINES: usize = 20_000;
const CASES: usize = 300;
const ROUNDS: usize = 5;

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn case(party: &str) -> NewCaseRow<'_> {
    NewCaseRow {
        prefix: "安工信罚",
        year: 2026,
        office: "县散装水泥办公室",
        violation: "bagged-cement",
        procedure: "general",
        stage: "filing",
        party_name: party,
        party_uscc: None,
        data: "{\"stage\":\"filing\",\"party\":\"bench\"}",
        actor: "li",
        at: "2026-03-02T01:00:00Z",
    }
}

async fn open_cases(store: &Store) -> f64 {
    let start = Instant::now();
    for i in 0..CASES {
        let party = format!("当事人{i}");
        if let Err(e) = store
            .create_case(case(&party), |n| format!("安工信罚〔2026〕{n}号"))
            .await
        {
            eprintln!("case: {e}");
        }
    }
    CASES as f64 / start.elapsed().as_secs_f64()
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let Ok(dir) = tempfile::tempdir() else {
        eprintln!("no temporary directory");
        return;
    };
    let Ok(anchor) = AnchorFile::open(&dir.path().join("lines")) else {
        eprintln!("cannot open the anchor");
        return;
    };
    let hash = "ab".repeat(32);
    let start = Instant::now();
    for seq in 1..=LINES {
        if anchor.record(seq as i64, &hash).is_err() {
            eprintln!("anchor write failed");
            return;
        }
    }
    let per_line = start.elapsed().as_secs_f64() / LINES as f64 * 1e6;
    println!("anchor line (HMAC-SHA256 + one append write): {per_line:.2} µs ({LINES} lines)");

    let (mut bare, mut anchored) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        for with_anchor in [false, true] {
            let path = dir.path().join(format!("r{round}-{with_anchor}.db"));
            let Ok(mut store) = Store::open_sqlite(&path).await else {
                eprintln!("cannot open {}", path.display());
                return;
            };
            if with_anchor {
                let Ok(a) = AnchorFile::open(&dir.path().join(format!("r{round}.audit"))) else {
                    return;
                };
                store = match store.anchored(a).await {
                    Ok(s) => s,
                    Err(e) => {
                        eprintln!("{e}");
                        return;
                    }
                };
            }
            let rate = open_cases(&store).await;
            if with_anchor {
                anchored.push(rate);
                if round == ROUNDS - 1 {
                    let start = Instant::now();
                    match store.verify_audit(|_| {}).await {
                        Ok(v) => println!(
                            "verify_audit: {} events, {} anchored, {} rows sealed: {:.1} ms",
                            v.events,
                            v.anchored.unwrap_or(0),
                            v.rows.checked,
                            start.elapsed().as_secs_f64() * 1e3
                        ),
                        Err(e) => println!("verify_audit failed: {e}"),
                    }
                }
            } else {
                bare.push(rate);
            }
            store.close().await;
        }
    }
    let (b, a) = (median(&mut bare), median(&mut anchored));
    println!(
        "case opening on SQLite (sealed rows, synchronous=FULL), median of {ROUNDS}: \
         {b:.0}/s without the anchor, {a:.0}/s with it ({:+.1}%)",
        (a / b - 1.0) * 100.0
    );
}
