//! Time to render a 行政处罚决定书: start-up (fonts from disk), the first render, then p50/p99
//! of 200 warm renders, each with new data (the case number changes), as a server would.
//!
//! `CARGO_TARGET_DIR=/work/target-docs cargo bench -p qingdan-documents`
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark fails loudly"
)]

#[path = "../tests/fixtures/mod.rs"]
mod fixtures;

use std::time::{Duration, Instant};

use qingdan_documents::{Document, Fonts, Renderer};

const RUNS: usize = 200;
const TARGET: Duration = Duration::from_millis(50);

fn main() {
    let start = Instant::now();
    let fonts = Fonts::load_system().expect("fonts (apt-get install fonts-noto-cjk)");
    let loaded = start.elapsed();
    let renderer = Renderer::new(fonts);

    let start = Instant::now();
    let first = renderer.render(&fixtures::decision()).expect("render");
    let cold = start.elapsed();

    let mut times = Vec::with_capacity(RUNS);
    let mut bytes = 0;
    for i in 0..RUNS {
        let mut data = fixtures::decision_data();
        data.number = format!("安工信罚决〔2026〕{}号", i + 2);
        data.party.name = format!("安化县某建筑工程有限公司第{}分公司", i + 1);
        let doc = Document::PenaltyDecision(data);
        let start = Instant::now();
        let pdf = renderer.render(&doc).expect("render");
        times.push(start.elapsed());
        bytes += pdf.len();
    }
    times.sort();
    let p = |q: f64| times[((times.len() as f64 * q).ceil() as usize).saturating_sub(1)];
    let (p50, p99) = (p(0.50), p(0.99));
    println!(
        "fonts: {} loaded in {loaded:.1?}",
        renderer.fonts().files().len()
    );
    println!("first render: {cold:.1?} ({} bytes)", first.len());
    println!(
        "行政处罚决定书, {RUNS} warm renders with new data: p50 {p50:.1?}, p99 {p99:.1?}, max {:.1?}, mean PDF {} bytes (target p99 ≤ {TARGET:?}: {})",
        times[times.len() - 1],
        bytes / RUNS,
        if p99 <= TARGET { "met" } else { "MISSED" }
    );
    if let Some(rss) = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .map(str::to_owned)
        })
    {
        println!("after {} renders: {rss}", RUNS + 1);
    }
}
