//! How long an assessment and a late-fee computation take. Run: `cargo bench -p qingdan-rules`.
//! Prints per-call percentiles over many calls with varied inputs; no timing assertions.

use jiff::civil::date;
use qingdan_rules::{
    AssessInput, Circumstance, Code, Declared, Engine, Harm, LateFeeInput, LateFeeKind, Law,
    PartyKind, late_fee,
};
use rust_decimal::Decimal;
use std::hint::black_box;
use std::time::Instant;

fn percentile(sorted: &[u128], p: f64) -> u128 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or(0)
}

fn report(name: &str, mut ns: Vec<u128>) {
    ns.sort_unstable();
    let mean = ns.iter().sum::<u128>() as f64 / ns.len() as f64;
    println!(
        "| {name} | {} | {:.2} | {:.2} | {:.2} | {:.2} |",
        ns.len(),
        percentile(&ns, 0.5) as f64 / 1000.0,
        percentile(&ns, 0.99) as f64 / 1000.0,
        mean / 1000.0,
        ns.last().copied().unwrap_or(0) as f64 / 1000.0
    );
}

fn main() {
    let engine = Engine::default();
    let law = Law::current();
    let circumstances = [
        vec![],
        vec![Circumstance::Repeat],
        vec![Circumstance::HarmRemoved, Circumstance::Confessed],
        vec![Circumstance::PromptlyCorrected],
    ];
    let inputs: Vec<AssessInput> = (0..20_000)
        .map(|i: i64| AssessInput {
            code: Code::ALL[(i % 10) as usize],
            quantity: Some(
                Decimal::new(1 + (i * 7919) % 99_999, 1)
                    .min(Decimal::from(100))
                    .max(Decimal::ONE),
            ),
            party: if i % 2 == 0 {
                PartyKind::Citizen
            } else {
                PartyKind::Organization
            },
            on: date(2016, 1, 1),
            decided_on: date(2016, 6, 1),
            declared: Declared {
                corrected_by_deadline: Some(i % 3 == 0),
                first_offence: Some(i % 5 == 0),
                harm: Some([Harm::None, Harm::Minor, Harm::Serious][(i % 3) as usize]),
                circumstances: circumstances[(i % 4) as usize].clone(),
            },
            facts_clear: Some(true),
            no_objection: Some(i % 7 != 0),
            proposed_fine: None,
        })
        .collect();
    // Warm up.
    for input in inputs.iter().take(1000) {
        let _ = black_box(engine.assess(black_box(input)));
    }
    let mut ns = Vec::with_capacity(inputs.len());
    let mut ok = 0usize;
    for input in &inputs {
        let t = Instant::now();
        let r = black_box(engine.assess(black_box(input)));
        ns.push(t.elapsed().as_nanos());
        ok += usize::from(r.is_ok());
    }
    println!(
        "Assessments: {ok} of {} answered (the rest refused with a reason).\n",
        inputs.len()
    );
    println!("| operation | calls | p50 µs | p99 µs | mean µs | max µs |");
    println!("|---|--:|--:|--:|--:|--:|");
    report("assess (all ten violations, varied facts)", ns);

    let mut ns = Vec::new();
    for i in 0..20_000i64 {
        let input = LateFeeInput {
            kind: if i % 2 == 0 {
                LateFeeKind::WallFund
            } else {
                LateFeeKind::Fine
            },
            principal: Decimal::from(100 + i),
            due: date(2016, 1, 31),
            paid_on: date(2016, 3, 1)
                .checked_add(jiff::Span::new().days(i % 400))
                .unwrap_or(date(2016, 3, 1)),
            excluded_days: 0,
        };
        let t = Instant::now();
        let _ = black_box(late_fee(&law, black_box(&input)));
        ns.push(t.elapsed().as_nanos());
    }
    report("late fee", ns);
}
