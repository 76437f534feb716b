//! `verify` accepts the true record and names what differs in an edited one.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use qingdan_draw::{DrawError, DrawRecord, VerifyError, draw, verify};

const SEED: &str = "8c1b2f6e0a9d4c7b3e5f1a2b3c4d5e6f";

fn candidates() -> Vec<String> {
    (1..=30).map(|i| format!("91430923MA4L{i:06}")).collect()
}

fn exclusions() -> Vec<String> {
    vec!["91430923MA4L000007".into(), "91430923MA4L000019".into()]
}

fn record() -> DrawRecord {
    draw(&candidates(), &exclusions(), 5, SEED).unwrap()
}

/// The error for `edit` applied to the true record, verified against the true lists.
fn check(edit: impl FnOnce(&mut DrawRecord)) -> VerifyError {
    let mut r = record();
    edit(&mut r);
    verify(&r, &candidates(), &exclusions()).unwrap_err()
}

#[test]
fn accepts_the_true_record_and_its_json() {
    let r = record();
    verify(&r, &candidates(), &exclusions()).unwrap();
    let back = DrawRecord::from_json(&r.to_json()).unwrap();
    verify(&back, &candidates(), &exclusions()).unwrap();
    // With a BOM, as some editors save it.
    let back = DrawRecord::from_json(&format!("\u{feff}{}", r.to_json())).unwrap();
    assert_eq!(back, r);
    // The lists in any order, padded.
    let mut c = candidates();
    c.reverse();
    c[0] = format!(" {}\u{3000}", c[0]);
    verify(&r, &c, &exclusions()).unwrap();
}

#[test]
fn rejects_an_edited_selection() {
    // Another candidate put in place of the second drawn.
    let other = candidates()
        .into_iter()
        .find(|c| !record().selected.contains(c) && !exclusions().contains(c))
        .unwrap();
    let e = check(|r| r.selected[1] = other.clone());
    assert_eq!(
        e,
        VerifyError::Selection {
            position: 2,
            expected: record().selected[1].clone(),
            recorded: other.clone(),
        }
    );
    assert!(e.to_string().contains("第 2 个应为"), "{e}");
    // Two drawn ids swapped.
    let e = check(|r| r.selected.swap(0, 4));
    assert!(
        matches!(e, VerifyError::Selection { position: 1, .. }),
        "{e:?}"
    );
    // An excluded id smuggled in, with record_hash recomputed to look consistent.
    let e = check(|r| {
        r.selected[4] = exclusions()[0].clone();
        r.record_hash = r.content_hash();
    });
    assert!(
        matches!(e, VerifyError::Selection { position: 5, .. }),
        "{e:?}"
    );
}

#[test]
fn rejects_an_edited_count() {
    // count lowered alone.
    let e = check(|r| r.count = 4);
    assert_eq!(
        e,
        VerifyError::CountMismatch {
            count: 4,
            listed: 5
        }
    );
    assert!(e.to_string().contains("count 为 4"), "{e}");
    // count lowered and the selection truncated to match: every field re-runs, but the
    // record no longer matches its hash.
    let e = check(|r| {
        r.count = 4;
        r.selected.pop();
    });
    assert!(matches!(e, VerifyError::RecordHash { .. }), "{e:?}");
    assert!(e.to_string().contains("被改动过"), "{e}");
    // count raised with an extra id.
    let e = check(|r| {
        r.count = 6;
        r.selected.push("91430923MA4L000007".into());
    });
    assert!(
        matches!(e, VerifyError::Selection { position: 6, .. }),
        "{e:?}"
    );
    // count beyond what can be drawn (30 candidates, 2 excluded).
    let e = check(|r| r.count = 29);
    assert_eq!(
        e,
        VerifyError::CountMismatch {
            count: 29,
            listed: 5
        }
    );
    let e = check(|r| {
        r.count = 29;
        r.selected = candidates()[..29].to_vec();
    });
    assert!(
        matches!(
            e,
            VerifyError::Input(DrawError::CountTooLarge { available: 28, .. })
        ),
        "{e:?}"
    );
    let e = check(|r| r.count = 0);
    assert_eq!(e, VerifyError::Input(DrawError::CountZero));
}

#[test]
fn rejects_an_edited_seed() {
    let e = check(|r| r.seed = "8c1b2f6e0a9d4c7b3e5f1a2b3c4d5e70".into());
    assert!(matches!(e, VerifyError::Selection { .. }), "{e:?}");
    // Even with record_hash recomputed: the selection does not follow from that seed.
    let e = check(|r| {
        r.seed = "00000000000000000000000000000000".into();
        r.record_hash = r.content_hash();
    });
    assert!(matches!(e, VerifyError::Selection { .. }), "{e:?}");
    // Not hex.
    let e = check(|r| r.seed = "zz".repeat(16));
    assert!(e.to_string().contains("种子（seed）"), "{e}");
    assert!(matches!(
        e,
        VerifyError::Input(DrawError::SeedNotHex { position: 1, .. })
    ));
    // Same bytes, not canonical.
    let e = check(|r| r.seed = SEED.to_uppercase());
    assert!(matches!(e, VerifyError::SeedNotCanonical { .. }), "{e:?}");
}

#[test]
fn rejects_a_different_candidate_list() {
    let r = record();
    // One candidate more.
    let mut more = candidates();
    more.push("91430923MA4L000031".into());
    let e = verify(&r, &more, &exclusions()).unwrap_err();
    match &e {
        VerifyError::CandidatesHash {
            recorded,
            computed_count,
            ..
        } => {
            assert_eq!(recorded, &r.candidates_hash);
            assert_eq!(*computed_count, 31);
        }
        other => panic!("{other:?}"),
    }
    assert!(e.to_string().contains("候选名单与记录不符"), "{e}");
    // One candidate fewer (not a drawn one).
    let fewer: Vec<String> = candidates()
        .into_iter()
        .filter(|c| c != "91430923MA4L000030" || r.selected.contains(c))
        .collect();
    assert!(matches!(
        verify(&r, &fewer, &exclusions()),
        Err(VerifyError::CandidatesHash {
            computed_count: 29,
            ..
        })
    ));
    // One candidate edited.
    let mut edited = candidates();
    edited[12].replace_range(17..18, "X");
    assert!(matches!(
        verify(&r, &edited, &exclusions()),
        Err(VerifyError::CandidatesHash { .. })
    ));
    // The record's count edited instead.
    let e = check(|r| r.candidate_count = 31);
    assert_eq!(
        e,
        VerifyError::CandidateCount {
            recorded: 31,
            computed: 30
        }
    );
    // A malformed list is named as such.
    let mut dup = candidates();
    dup.push(dup[3].clone());
    assert!(matches!(
        verify(&r, &dup, &exclusions()),
        Err(VerifyError::Input(DrawError::DuplicateId {
            position: 31,
            first: 4,
            ..
        }))
    ));
}

#[test]
fn rejects_different_exclusions() {
    let r = record();
    let e = verify(&r, &candidates(), &exclusions()[..1]).unwrap_err();
    assert!(
        matches!(
            e,
            VerifyError::ExcludedHash {
                computed_count: 1,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("回避名单与记录不符"), "{e}");
    let e = verify(&r, &candidates(), &[]).unwrap_err();
    assert!(
        matches!(&e, VerifyError::ExcludedHash { computed, .. } if computed == "（无）"),
        "{e:?}"
    );
    let e = check(|r| r.excluded_hash = None);
    assert!(matches!(e, VerifyError::ExcludedHash { .. }), "{e:?}");
    let e = check(|r| r.excluded_count = 1);
    assert_eq!(
        e,
        VerifyError::ExcludedCount {
            recorded: 1,
            computed: 2
        }
    );
    // A record without exclusions, verified with some.
    let plain = draw(&candidates(), &[], 5, SEED).unwrap();
    assert!(matches!(
        verify(&plain, &candidates(), &exclusions()),
        Err(VerifyError::ExcludedHash { .. })
    ));
}

#[test]
fn rejects_an_edited_record_hash() {
    let e = check(|r| r.record_hash = "0".repeat(64));
    assert_eq!(
        e,
        VerifyError::RecordHash {
            recorded: "0".repeat(64),
            computed: record().record_hash,
        }
    );
    let e = check(|r| r.record_hash.make_ascii_uppercase());
    assert!(matches!(e, VerifyError::RecordHash { .. }), "{e:?}");
}

#[test]
fn rejects_another_algorithm_and_bad_json() {
    let e = check(|r| r.algorithm = "qingdan-draw-v2".into());
    assert_eq!(
        e,
        VerifyError::Algorithm {
            found: "qingdan-draw-v2".into()
        }
    );
    let json = record()
        .to_json()
        .replace("\"count\"", "\"approved_by\": \"张三\",\n  \"count\"");
    let e = DrawRecord::from_json(&json).unwrap_err();
    assert!(e.to_string().contains("approved_by"), "{e}");
    let e = DrawRecord::from_json("{").unwrap_err();
    assert!(e.to_string().starts_with("这不是有效的抽取记录"), "{e}");
    let json = record().to_json().replace("\"count\": 5", "\"count\": -5");
    assert!(DrawRecord::from_json(&json).is_err());
}
