//! Draw benchmark over 1,000,000 generated candidate ids (no criterion: plain timing).
//!
//! Run with `cargo bench -p qingdan-draw`. The ids are 18-character strings shaped like a
//! 统一社会信用代码 (registration authority, type, a real Hunan county code, then ten
//! characters from the GB 32100 alphabet), generated deterministically (splitmix64, fixed
//! seed) in a shuffled order. Each `draw` is timed whole: trimming and checking every id,
//! sorting, hashing the list, the partial shuffle, and the record with its hash.

use std::hint::black_box;
use std::time::{Duration, Instant};

use qingdan_draw::{draw, read_candidates_csv, verify};

const CANDIDATES: usize = 1_000_000;
const RUNS: usize = 7;
const SEED: &str = "3f6c2a9e8b7d4c1f0e5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f80912";
/// GB 32100 characters (no I, O, S, V, Z).
const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn generate(n: usize) -> Vec<String> {
    let mut state = 0x5143_4452_4157_0001;
    let mut seen = std::collections::HashSet::with_capacity(n);
    let mut ids = Vec::with_capacity(n);
    while ids.len() < n {
        let mut id = String::with_capacity(18);
        id.push_str(["91", "92", "93", "52", "12"][(splitmix64(&mut state) % 5) as usize]);
        id.push_str("430923");
        for _ in 0..10 {
            id.push(char::from(
                ALPHABET[(splitmix64(&mut state) % ALPHABET.len() as u64) as usize],
            ));
        }
        if seen.insert(id.clone()) {
            ids.push(id);
        }
    }
    ids
}

struct Row {
    what: String,
    times: Vec<Duration>,
}

fn time(what: &str, mut f: impl FnMut()) -> Row {
    // One warm-up run, then RUNS timed ones.
    f();
    let times = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    Row {
        what: what.to_string(),
        times,
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let t = Instant::now();
    let candidates = generate(CANDIDATES);
    println!(
        "candidates: {} ids of 18 characters (generated in {:.2} s); {} runs each after a warm-up",
        candidates.len(),
        t.elapsed().as_secs_f64(),
        RUNS
    );
    let exclusions: Vec<String> = candidates.iter().step_by(10_000).cloned().collect();
    let csv: String = std::iter::once("统一社会信用代码,企业名称\r\n".to_string())
        .chain(
            candidates
                .iter()
                .map(|id| format!("{id},安化县某某有限公司\r\n")),
        )
        .collect();

    let mut rows = Vec::new();
    for count in [100, 10_000] {
        rows.push(time(&format!("draw {count} of 1,000,000"), || {
            let r = draw(black_box(&candidates), &[], count, SEED);
            assert!(r.is_ok_and(|r| r.selected.len() == count));
        }));
    }
    rows.push(time(
        &format!("draw 100 of 1,000,000, {} excluded", exclusions.len()),
        || {
            let r = draw(black_box(&candidates), &exclusions, 100, SEED);
            assert!(r.is_ok());
        },
    ));
    let record = draw(&candidates, &[], 10_000, SEED);
    let Ok(record) = record else {
        panic!("draw failed");
    };
    rows.push(time("verify a draw of 10,000", || {
        assert!(verify(black_box(&record), &candidates, &[]).is_ok());
    }));
    rows.push(time(
        &format!("read_candidates_csv ({:.1} MB)", csv.len() as f64 / 1e6),
        || {
            let ids = read_candidates_csv(black_box(&csv));
            assert!(ids.is_ok_and(|ids| ids.len() == CANDIDATES));
        },
    ));

    println!();
    println!("| operation | min ms | median ms | max ms |");
    println!("|---|--:|--:|--:|");
    for row in &mut rows {
        row.times.sort();
        println!(
            "| {} | {:.1} | {:.1} | {:.1} |",
            row.what,
            ms(row.times[0]),
            ms(row.times[row.times.len() / 2]),
            ms(row.times[row.times.len() - 1])
        );
    }
    println!();
    let worst_draw = rows[..3]
        .iter()
        .map(|r| r.times[r.times.len() / 2])
        .max()
        .unwrap_or_default();
    println!(
        "target: a draw over 1,000,000 candidates ≤ 1000 ms — {} (slowest median {:.1} ms)",
        if worst_draw <= Duration::from_secs(1) {
            "met"
        } else {
            "NOT met"
        },
        ms(worst_draw)
    );
}
