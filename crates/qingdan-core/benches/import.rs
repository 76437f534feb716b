//! How long importing the Anhua list takes. Run: `cargo bench -p qingdan-core`.

use std::hint::black_box;
use std::time::Instant;

const ANHUA: &str = include_str!("../../../data/seeds/anhua.txt");

fn main() {
    for _ in 0..50 {
        let _ = black_box(qingdan_core::parse_list(black_box(ANHUA)));
    }
    let mut ns: Vec<u128> = (0..2000)
        .map(|_| {
            let t = Instant::now();
            let c = black_box(qingdan_core::parse_list(black_box(ANHUA)));
            let e = t.elapsed().as_nanos();
            assert!(c.is_ok());
            e
        })
        .collect();
    ns.sort_unstable();
    let at = |p: f64| ns[((ns.len() - 1) as f64 * p) as usize] as f64 / 1000.0;
    println!(
        "Import of the Anhua list ({} bytes), 2000 runs:",
        ANHUA.len()
    );
    println!("| operation | p50 µs | p99 µs | max µs |");
    println!("|---|--:|--:|--:|");
    println!(
        "| parse_list (text → catalog) | {:.1} | {:.1} | {:.1} |",
        at(0.5),
        at(0.99),
        at(1.0)
    );
    let c = qingdan_core::parse_list(ANHUA).unwrap_or_else(|e| panic!("{e}"));
    let json = serde_json::to_string(&c).unwrap_or_default();
    let mut ns: Vec<u128> = (0..2000)
        .map(|_| {
            let t = Instant::now();
            let _ = black_box(qingdan_core::parse_json(black_box(&json)));
            t.elapsed().as_nanos()
        })
        .collect();
    ns.sort_unstable();
    let at = |p: f64| ns[((ns.len() - 1) as f64 * p) as usize] as f64 / 1000.0;
    println!(
        "| parse_json (export → catalog) | {:.1} | {:.1} | {:.1} |",
        at(0.5),
        at(0.99),
        at(1.0)
    );
}
