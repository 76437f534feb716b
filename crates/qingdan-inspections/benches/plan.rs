#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark fails loudly"
)]
//! `cargo bench -p qingdan-inspections`: a yearly plan over 100,000 projects (target ≤ 2 s,
//! PRODUCT.md), its independent check, and officer draws. Prints p50 / p99 / total.

use jiff::civil::date;
use qingdan_inspections::check::{all_met, check};
use qingdan_inspections::demo::{DemoParams, generate, office_for};
use qingdan_inspections::officers::{DrawTask, draw_officers};
use qingdan_inspections::plan::plan;
use std::time::{Duration, Instant};

fn report(what: &str, mut times: Vec<Duration>) {
    times.sort();
    let total: Duration = times.iter().sum();
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{what}: n={} p50={:.3} ms p99={:.3} ms total={:.3} s",
        times.len(),
        at(0.50).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        total.as_secs_f64()
    );
}

fn main() {
    let t = Instant::now();
    let county = generate(DemoParams {
        seed: 1,
        as_of: date(2026, 1, 5),
        enterprises: 20_000,
        projects: 100_000,
        officers: 60,
    });
    println!(
        "county: {} enterprises, {} projects, {} people in {:.2} s",
        county.enterprises.len(),
        county.projects.len(),
        county.people.len(),
        t.elapsed().as_secs_f64()
    );
    let seed = county.draw_seed();

    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..10 {
        let t = Instant::now();
        let p = plan(&county.snapshot, &seed).unwrap();
        times.push(t.elapsed());
        last = Some(p);
    }
    let p = last.unwrap();
    println!("plan: {} items", p.items.len());
    report("plan (100,000 projects, 20,000 enterprises)", times);

    let mut times = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        let results = check(&county.snapshot, &p);
        times.push(t.elapsed());
        assert!(all_met(&results));
    }
    report("independent check", times);

    let mut times = Vec::new();
    for (i, item) in p.items.iter().take(20_000).enumerate() {
        let task = DrawTask {
            task: format!("T{i}"),
            target: item.target.clone(),
            office: office_for(item.system).to_string(),
            date: item.date,
        };
        let t = Instant::now();
        let r = draw_officers(&task, &county.people, &county.relations, &seed).unwrap();
        times.push(t.elapsed());
        assert_eq!(r.selected.len(), 2);
    }
    report("officer draw (per task)", times);
}
