//! Property tests: a draw never panics, its selection is well formed, and it verifies.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::collections::BTreeSet;

use proptest::prelude::*;
use qingdan_draw::{DrawError, draw, read_candidates_csv, verify};

/// Unique ids (already trimmed), a subset of them to exclude, a valid count, a seed.
fn valid_input() -> impl Strategy<Value = (Vec<String>, Vec<String>, usize, String)> {
    (
        prop::collection::btree_set("[A-Za-z0-9安化县水泥厂]{1,6}", 1..40),
        prop::collection::vec(any::<bool>(), 40),
        any::<prop::sample::Index>(),
        "[0-9a-f]{16,64}",
        any::<prop::sample::Index>(),
    )
        .prop_filter_map(
            "at least one candidate left",
            |(set, excl_mask, count_ix, half_seed, shuffle_ix)| {
                let mut candidates: Vec<String> = set.into_iter().collect();
                // Keep at least one candidate not excluded.
                let exclusions: Vec<String> = candidates
                    .iter()
                    .zip(&excl_mask)
                    .skip(1)
                    .filter(|(_, e)| **e)
                    .map(|(c, _)| c.clone())
                    .collect();
                let available = candidates.len() - exclusions.len();
                let count = 1 + count_ix.index(available);
                // Input order must not matter: rotate it.
                let k = shuffle_ix.index(candidates.len());
                candidates.rotate_left(k);
                // 32 to 128 digits, always an even number.
                let seed = format!("{half_seed}{half_seed}");
                Some((candidates, exclusions, count, seed))
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn draw_is_well_formed_and_verifies((candidates, exclusions, count, seed) in valid_input()) {
        let record = draw(&candidates, &exclusions, count, &seed).unwrap();
        prop_assert_eq!(record.selected.len(), count);
        prop_assert_eq!(record.count, count);
        prop_assert_eq!(record.candidate_count, candidates.len());
        prop_assert_eq!(record.excluded_count, exclusions.len());
        let distinct: BTreeSet<&String> = record.selected.iter().collect();
        prop_assert_eq!(distinct.len(), count, "no duplicates");
        for id in &record.selected {
            prop_assert!(candidates.contains(id), "{} is a candidate", id);
            prop_assert!(!exclusions.contains(id), "{} is not excluded", id);
        }
        prop_assert!(verify(&record, &candidates, &exclusions).is_ok());
        // Through JSON too.
        let back = qingdan_draw::DrawRecord::from_json(&record.to_json()).unwrap();
        prop_assert_eq!(&back, &record);
        prop_assert!(verify(&back, &candidates, &exclusions).is_ok());
    }

    #[test]
    fn exclusions_only_pass_over((candidates, exclusions, count, seed) in valid_input()) {
        // The selection with exclusions is the first `count` of the unexcluded draw order
        // that are not excluded.
        let full = draw(&candidates, &[], candidates.len(), &seed).unwrap().selected;
        let expected: Vec<String> = full
            .into_iter()
            .filter(|id| !exclusions.contains(id))
            .take(count)
            .collect();
        let record = draw(&candidates, &exclusions, count, &seed).unwrap();
        prop_assert_eq!(record.selected, expected);
    }

    #[test]
    fn draw_never_panics(
        candidates in prop::collection::vec(".{0,5}", 0..12),
        exclusions in prop::collection::vec(".{0,5}", 0..4),
        count in 0usize..15,
        seed in ".{0,70}",
    ) {
        if let Ok(record) = draw(&candidates, &exclusions, count, &seed) {
            prop_assert!(verify(&record, &candidates, &exclusions).is_ok());
        }
    }

    #[test]
    fn verify_never_panics_on_edited_records(
        (candidates, exclusions, count, seed) in valid_input(),
        new_count in 0usize..50,
        new_selected in prop::collection::vec(".{0,4}", 0..6),
    ) {
        let mut record = draw(&candidates, &exclusions, count, &seed).unwrap();
        record.count = new_count;
        record.selected.extend(new_selected);
        let _ = verify(&record, &candidates, &exclusions);
    }

    #[test]
    fn csv_reading_never_panics(text in "[a-c,\"\r\n \t编号]{0,60}") {
        match read_candidates_csv(&text) {
            Ok(ids) => {
                prop_assert!(!ids.is_empty());
                let distinct: BTreeSet<&String> = ids.iter().collect();
                prop_assert_eq!(distinct.len(), ids.len());
                for id in &ids {
                    prop_assert!(!id.is_empty() && id.trim() == id);
                    prop_assert!(!id.chars().any(char::is_control));
                }
            }
            Err(e) => prop_assert_eq!(e.field(), "candidates"),
        }
    }

    #[test]
    fn csv_round_trips_plain_ids(ids in prop::collection::btree_set("[A-Z0-9]{1,18}", 1..30)) {
        let ids: Vec<String> = ids.into_iter().filter(|i| !i.eq_ignore_ascii_case("id")).collect();
        prop_assume!(!ids.is_empty());
        let text = format!("编号,名称\r\n{}", ids.iter().map(|i| format!("\"{i}\",x\r\n")).collect::<String>());
        prop_assert_eq!(read_candidates_csv(&text).unwrap(), ids);
    }
}

#[test]
fn count_errors() {
    let c: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
    let seed = "00".repeat(16);
    assert_eq!(draw(&c, &[], 0, &seed), Err(DrawError::CountZero));
    assert_eq!(
        draw(&c, &["b".to_string()], 3, &seed),
        Err(DrawError::CountTooLarge {
            count: 3,
            available: 2,
            candidate_count: 3,
            excluded_count: 1
        })
    );
    let e = draw(&c, &[], 4, &seed).unwrap_err();
    assert_eq!(e.field(), "count");
    assert!(e.to_string().contains("超过可抽取的 3 个"), "{e}");
    let e = draw(&c, &[], 1, "12345").unwrap_err();
    assert_eq!(e.field(), "seed");
    assert!(e.to_string().starts_with("种子（seed）"), "{e}");
    let e = draw(&c, &["d".to_string()], 1, &seed).unwrap_err();
    assert_eq!(e.field(), "exclusions");
    assert!(e.to_string().contains("不在候选名单中"), "{e}");
    assert_eq!(draw(&[], &[], 1, &seed), Err(DrawError::NoCandidates));
}
