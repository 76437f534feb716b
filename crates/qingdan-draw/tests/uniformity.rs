//! Statistical checks that draws are uniform. The inputs (seeds) are fixed, so each check
//! is deterministic: it passes or fails forever. Thresholds are chi-square values that a
//! uniform generator exceeds with probability below 1e-4, so a pass is meaningful and a
//! failure means the selection is biased.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::collections::HashMap;

use qingdan_draw::draw;

fn seed(i: u64) -> String {
    // Consecutive seeds: the stream hashes them, so they are as good as random ones.
    format!("{:032x}", u128::from(i) * 0x9e37_79b9_7f4a_7c15)
}

fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("91430923MA4L{i:06}")).collect()
}

/// Pearson's chi-square statistic of `counts` against equal expected frequencies.
fn chi_square(counts: &[u64]) -> f64 {
    let total: u64 = counts.iter().sum();
    let expected = total as f64 / counts.len() as f64;
    counts
        .iter()
        .map(|&c| (c as f64 - expected).powi(2) / expected)
        .sum()
}

#[test]
fn one_of_seven_is_uniform() {
    const DRAWS: u64 = 20_000;
    let candidates = ids(7);
    let mut counts = [0u64; 7];
    for i in 0..DRAWS {
        let r = draw(&candidates, &[], 1, &seed(i)).unwrap();
        let k = candidates.iter().position(|c| *c == r.selected[0]).unwrap();
        counts[k] += 1;
    }
    let chi = chi_square(&counts);
    println!("1 of 7, {DRAWS} draws: χ² = {chi:.2} (df 6), counts {counts:?}");
    // df = 6: P(χ² > 30) ≈ 4e-5.
    assert!(chi < 30.0, "χ² = {chi:.2}, counts {counts:?}");
    // And no candidate strays more than 5% from 20000/7 ≈ 2857.
    for c in counts {
        assert!((2714..=3000).contains(&c), "counts {counts:?}");
    }
}

#[test]
fn every_position_of_three_of_seven_is_uniform() {
    const DRAWS: u64 = 7_000;
    let candidates = ids(7);
    let mut counts = [[0u64; 7]; 3];
    for i in 0..DRAWS {
        let r = draw(&candidates, &[], 3, &seed(1_000_000 + i)).unwrap();
        for (pos, id) in r.selected.iter().enumerate() {
            let k = candidates.iter().position(|c| c == id).unwrap();
            counts[pos][k] += 1;
        }
    }
    for (pos, row) in counts.iter().enumerate() {
        let chi = chi_square(row);
        println!(
            "3 of 7, position {}: χ² = {chi:.2} (df 6), counts {row:?}",
            pos + 1
        );
        assert!(chi < 30.0, "position {}: χ² = {chi:.2}, {row:?}", pos + 1);
    }
}

#[test]
fn ordered_pairs_of_two_of_four_are_uniform() {
    const DRAWS: u64 = 12_000;
    let candidates = ids(4);
    let mut pairs: HashMap<(String, String), u64> = HashMap::new();
    for i in 0..DRAWS {
        let r = draw(&candidates, &[], 2, &seed(2_000_000 + i)).unwrap();
        *pairs
            .entry((r.selected[0].clone(), r.selected[1].clone()))
            .or_default() += 1;
    }
    assert_eq!(pairs.len(), 12, "every ordered pair occurs");
    let counts: Vec<u64> = pairs.values().copied().collect();
    let chi = chi_square(&counts);
    println!("2 of 4, ordered pairs: χ² = {chi:.2} (df 11)");
    // df = 11: P(χ² > 40) ≈ 3.4e-5.
    assert!(chi < 40.0, "χ² = {chi:.2}, {pairs:?}");
}

#[test]
fn exclusions_leave_the_rest_uniform() {
    const DRAWS: u64 = 10_000;
    let candidates = ids(7);
    let exclusions = vec![candidates[2].clone(), candidates[5].clone()];
    let mut counts: HashMap<String, u64> = HashMap::new();
    for i in 0..DRAWS {
        let r = draw(&candidates, &exclusions, 1, &seed(3_000_000 + i)).unwrap();
        *counts.entry(r.selected[0].clone()).or_default() += 1;
    }
    assert_eq!(counts.len(), 5);
    assert!(exclusions.iter().all(|e| !counts.contains_key(e)));
    let counts: Vec<u64> = counts.values().copied().collect();
    let chi = chi_square(&counts);
    println!("1 of 7 with 2 excluded: χ² = {chi:.2} (df 4), counts {counts:?}");
    // df = 4: P(χ² > 25) ≈ 5e-5.
    assert!(chi < 25.0, "χ² = {chi:.2}, {counts:?}");
}
