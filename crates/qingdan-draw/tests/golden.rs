//! The golden vectors: fixed inputs with their records pinned, computed once (and checked
//! against the independent Python implementation in `reference/`). A change to the algorithm,
//! the hashing, or the record format fails these; that is their purpose. They are repeated in
//! DRAW-FORMAT.md.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use qingdan_draw::{DrawRecord, RandomStream, Seed, draw, hash_sorted_ids, verify};

struct Vector {
    name: &'static str,
    candidates: &'static [&'static str],
    exclusions: &'static [&'static str],
    count: usize,
    seed: &'static str,
    candidates_hash: &'static str,
    excluded_hash: Option<&'static str>,
    selected: &'static [&'static str],
    record_hash: &'static str,
}

const USCC: &[&str] = &[
    "91430923MA4L0A1B2C",
    "91430923MA4L0A1B3D",
    "91430923MA4L0A1B4E",
    "91430923MA4L0A1B5F",
    "91430923MA4L0A1B6G",
    "91430923MA4L0A1B7H",
    "91430923MA4L0A1B8J",
    "91430923MA4L0A1B9K",
    "91430923MA4L0A1C0L",
    "91430923MA4L0A1C1M",
];

const NAMES: &[&str] = &[
    " 安化县东坪水泥有限公司",
    "安化县梅城新型墙材厂\u{3000}",
    "安化县小淹预拌混凝土有限公司",
    "安化县江南砖厂",
    "Anhua Power Supply Co.",
    "安化县烟溪建材有限公司",
    "安化县冷市机械厂",
];

const VECTORS: &[Vector] = &[
    Vector {
        name: "1: 3 of 10",
        candidates: USCC,
        exclusions: &[],
        count: 3,
        seed: "000102030405060708090a0b0c0d0e0f",
        candidates_hash: "a920796a3909be3b30667436192977bf94c93a6cd50046550998bd32390d9a46",
        excluded_hash: None,
        selected: &[
            "91430923MA4L0A1B5F",
            "91430923MA4L0A1B8J",
            "91430923MA4L0A1B9K",
        ],
        record_hash: "092bb14e70a935083e736e8719574daca96650cb3dc91472327cad398fcf1139",
    },
    Vector {
        name: "2: the same with two exclusions",
        candidates: USCC,
        exclusions: &["91430923MA4L0A1B9K", "91430923MA4L0A1C1M"],
        count: 3,
        seed: "000102030405060708090a0b0c0d0e0f",
        candidates_hash: "a920796a3909be3b30667436192977bf94c93a6cd50046550998bd32390d9a46",
        excluded_hash: Some("19c1c844fa102057b4c688f99c2492d75961c496b2b5ec109dc8d44f21540163"),
        selected: &[
            "91430923MA4L0A1B5F",
            "91430923MA4L0A1B8J",
            "91430923MA4L0A1B7H",
        ],
        record_hash: "c0e435eea67ecdd5310adf8331ef4cea283b71a7ca4c1f8281518d2ebde82baa",
    },
    Vector {
        name: "3: all 7 names, unsorted and padded",
        candidates: NAMES,
        exclusions: &[],
        count: 7,
        seed: "5143514351435143514351435143514351435143514351435143514351435143",
        candidates_hash: "39f606d8a182a14657480effbbe76035b0b9cf9bc933905bfc2298a4dee94cee",
        excluded_hash: None,
        selected: &[
            "安化县冷市机械厂",
            "安化县烟溪建材有限公司",
            "安化县梅城新型墙材厂",
            "安化县东坪水泥有限公司",
            "安化县小淹预拌混凝土有限公司",
            "Anhua Power Supply Co.",
            "安化县江南砖厂",
        ],
        record_hash: "549ab739688ddb878f51b8ad118a706dee714524b4d943a4f8b929be292032b5",
    },
];

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn golden_vectors() {
    for v in VECTORS {
        let candidates = strings(v.candidates);
        let exclusions = strings(v.exclusions);
        let record = draw(&candidates, &exclusions, v.count, v.seed).unwrap();
        assert_eq!(record.candidates_hash, v.candidates_hash, "{}", v.name);
        assert_eq!(record.candidate_count, v.candidates.len(), "{}", v.name);
        assert_eq!(
            record.excluded_hash.as_deref(),
            v.excluded_hash,
            "{}",
            v.name
        );
        assert_eq!(record.excluded_count, v.exclusions.len(), "{}", v.name);
        assert_eq!(record.selected, strings(v.selected), "{}", v.name);
        assert_eq!(record.record_hash, v.record_hash, "{}", v.name);
        assert_eq!(record.record_hash, record.content_hash(), "{}", v.name);
        verify(&record, &candidates, &exclusions).unwrap();
    }
}

#[test]
fn golden_json_is_byte_exact() {
    let v = &VECTORS[1];
    let record = draw(
        &strings(v.candidates),
        &strings(v.exclusions),
        v.count,
        v.seed,
    )
    .unwrap();
    let expected = r#"{
  "algorithm": "qingdan-draw-v1",
  "seed": "000102030405060708090a0b0c0d0e0f",
  "candidates_hash": "a920796a3909be3b30667436192977bf94c93a6cd50046550998bd32390d9a46",
  "candidate_count": 10,
  "excluded_hash": "19c1c844fa102057b4c688f99c2492d75961c496b2b5ec109dc8d44f21540163",
  "excluded_count": 2,
  "count": 3,
  "selected": [
    "91430923MA4L0A1B5F",
    "91430923MA4L0A1B8J",
    "91430923MA4L0A1B7H"
  ],
  "record_hash": "c0e435eea67ecdd5310adf8331ef4cea283b71a7ca4c1f8281518d2ebde82baa"
}
"#;
    assert_eq!(record.to_json(), expected);
    assert_eq!(DrawRecord::from_json(expected).unwrap(), record);
    assert_eq!(
        record.canonical_text(),
        "algorithm=qingdan-draw-v1\n\
         seed=000102030405060708090a0b0c0d0e0f\n\
         candidates_hash=a920796a3909be3b30667436192977bf94c93a6cd50046550998bd32390d9a46\n\
         candidate_count=10\n\
         excluded_hash=19c1c844fa102057b4c688f99c2492d75961c496b2b5ec109dc8d44f21540163\n\
         excluded_count=2\n\
         count=3\n\
         selected=91430923MA4L0A1B5F\n\
         selected=91430923MA4L0A1B8J\n\
         selected=91430923MA4L0A1B7H\n"
    );
}

/// The first words of vector 1's stream, and the steps they give (as in DRAW-FORMAT.md).
#[test]
fn golden_stream_trace() {
    let seed = Seed::parse(VECTORS[0].seed).unwrap();
    let mut sorted = strings(USCC);
    sorted.sort();
    let digest = hash_sorted_ids(&sorted);
    let mut stream = RandomStream::new(&seed, &digest);
    let words: Vec<u64> = (0..6).map(|_| stream.next_u64()).collect();
    assert_eq!(
        words,
        [
            0x6d93_deed_83a7_e3ad,
            0xf69e_d278_8ccc_9a42,
            0x67cc_5600_a47c_d78d,
            0x9e6b_c610_5af1_3634,
            0x9ba4_ab3f_cc29_1a5d,
            0x4b07_ea7f_65ab_2909,
        ]
    );
    // j = i + word mod (10 − i): 3, 6, 7, 5, 9, 5.
    let js: Vec<u64> = words
        .iter()
        .enumerate()
        .map(|(i, w)| i as u64 + w % (10 - i as u64))
        .collect();
    assert_eq!(js, [3, 6, 7, 5, 9, 5]);
}

#[test]
fn input_order_and_padding_do_not_matter() {
    let v = &VECTORS[1];
    let mut candidates = strings(v.candidates);
    candidates.reverse();
    candidates[3] = format!("\t{} ", candidates[3]);
    let exclusions: Vec<String> = v.exclusions.iter().rev().map(|s| format!(" {s}")).collect();
    let record = draw(&candidates, &exclusions, v.count, v.seed).unwrap();
    assert_eq!(record.record_hash, v.record_hash);
    // Uppercase seed digits are accepted; the record carries them lowercase.
    let upper = draw(&candidates, &exclusions, v.count, &v.seed.to_uppercase()).unwrap();
    assert_eq!(upper, record);
}

#[test]
fn changing_any_candidate_changes_hash_and_selection() {
    let base: Vec<String> = (0..20).map(|i| format!("9143092300000{i:05}")).collect();
    let seed = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    let original = draw(&base, &[], 5, seed).unwrap();
    let mut selection_changed = 0;
    for i in 0..base.len() {
        let mut changed = base.clone();
        changed[i].push('X');
        let record = draw(&changed, &[], 5, seed).unwrap();
        assert_ne!(
            record.candidates_hash, original.candidates_hash,
            "candidate {i}"
        );
        if record.selected != original.selected {
            selection_changed += 1;
        }
        // One character less is a different list too.
        let mut shorter = base.clone();
        shorter[i].pop();
        let record = draw(&shorter, &[], 5, seed).unwrap();
        assert_ne!(
            record.candidates_hash, original.candidates_hash,
            "candidate {i}"
        );
    }
    // A changed list keys a different stream: the selection changes (it is fixed input, so
    // this is exact, not a probability).
    assert_eq!(selection_changed, base.len());
    // Dropping or adding a candidate changes them too.
    let fewer = draw(&base[1..], &[], 5, seed).unwrap();
    assert_ne!(fewer.candidates_hash, original.candidates_hash);
    assert_ne!(fewer.selected, original.selected);
}

#[test]
fn exclusions_pass_over_without_reshuffling() {
    let candidates = strings(USCC);
    let seed = VECTORS[0].seed;
    let full = draw(&candidates, &[], 10, seed).unwrap().selected;
    // Excluding ids that would not have been drawn changes nothing.
    let record = draw(&candidates, &strings(&[&full[9], &full[5]]), 3, seed).unwrap();
    assert_eq!(record.selected, full[..3]);
    // Excluding a drawn id moves the rest up in the same draw order.
    let record = draw(&candidates, &strings(&[&full[1]]), 3, seed).unwrap();
    assert_eq!(
        record.selected,
        [full[0].clone(), full[2].clone(), full[3].clone()]
    );
    // The draw order of a smaller draw is a prefix of a larger one.
    for count in 1..=10 {
        assert_eq!(
            draw(&candidates, &[], count, seed).unwrap().selected,
            full[..count]
        );
    }
}
