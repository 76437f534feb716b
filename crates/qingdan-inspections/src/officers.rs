//! Drawing two officers per inspection task, verifiably (双随机: the second random).
//!
//! # Algorithm `qingdan-officer-draw-v1`
//!
//! Inputs: the seed (as in `qingdan-draw-v1`: 32–256 hex digits), the task (its id, the
//! target's id, the office, the date), the office's roster (people with the officer role in
//! that office) and the declared relations officer ↔ target (回避).
//!
//! 1. The **roster**: the user names of the officers of the office, trimmed, sorted by UTF-8
//!    bytes, without duplicates. `roster_hash` = hex SHA-256 of them joined with `\n`.
//! 2. **Exclusions**, each with its reason: an officer with a declared relation to the target
//!    (回避, 《行政处罚法》第四十三条); an officer who may not act on the task date —
//!    no certificate, a certificate not yet or no longer valid, suspended or revoked
//!    (`qingdan_personnel::may_enforce`, 《行政处罚法》第四十二条).
//! 3. The **eligible** list: the roster minus the exclusions, in the same order.
//!    `eligible_digest` = SHA-256 of them joined with `\n` (`eligible_hash` its hex). Fewer
//!    than two: refused.
//! 4. The stream key `k` = SHA-256(`qingdan-officer-draw-v1` ‖ `\n` ‖ task ‖ `\n` ‖ target ‖
//!    `\n` ‖ date (`YYYY-MM-DD`) ‖ `\n` ‖ `eligible_digest`), so that tasks drawn with one
//!    plan seed are independent; the random stream is `qingdan-draw-v1`'s
//!    `SHA-256(seed ‖ k ‖ u64be(counter))`, and the two officers are the first two steps of its
//!    partial Fisher–Yates shuffle of the eligible list (rejection sampling, no modulo bias).
//! 5. The **record** ([`OfficerDrawRecord`]) carries every input but the relations'
//!    wording, and `record_hash` = hex SHA-256 of its canonical text: one `name=value\n` line
//!    per field in declaration order — `eligible=`, `excluded=NAME:REASON` and `selected=` once
//!    per entry. No value may contain a control character, so the text is unambiguous.
//!
//! [`verify_officer_draw`] re-runs the draw from the record's seed and task over the roster
//! and relations given and names the first difference.

use jiff::civil::Date;
use qingdan_cases::{By, Person};
use qingdan_draw::{DrawError, RandomStream, Seed, hash_sorted_ids, shuffle_prefix};
use qingdan_personnel::conflict_of;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The algorithm name, the `algorithm` field of every record.
pub const OFFICER_ALGORITHM: &str = "qingdan-officer-draw-v1";

pub use qingdan_personnel::Relation;

/// The task an officer pair is drawn for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawTask {
    /// The task's id.
    pub task: String,
    /// The target's id.
    pub target: String,
    /// The office whose officers are drawn.
    pub office: String,
    /// The day of the inspection (certificates must be valid on it).
    pub date: Date,
}

/// Why an officer was not eligible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Excluded {
    /// The officer.
    pub officer: String,
    /// The reason, in Chinese.
    pub reason: String,
}

/// The published record of an officer draw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficerDrawRecord {
    /// [`OFFICER_ALGORITHM`].
    pub algorithm: String,
    /// The seed, lowercase hex.
    pub seed: String,
    /// The task's id.
    pub task: String,
    /// The target's id.
    pub target: String,
    /// The office.
    pub office: String,
    /// The task date.
    pub date: Date,
    /// SHA-256 (hex) of the office's officers, sorted, joined with `\n`.
    pub roster_hash: String,
    /// How many officers the office has.
    pub roster_count: usize,
    /// The eligible officers, sorted.
    pub eligible: Vec<String>,
    /// SHA-256 (hex) of the eligible list joined with `\n`.
    pub eligible_hash: String,
    /// The officers excluded and why, sorted by officer.
    pub excluded: Vec<Excluded>,
    /// The two officers drawn, in draw order.
    pub selected: Vec<String>,
    /// SHA-256 (hex) of [`OfficerDrawRecord::canonical_text`].
    pub record_hash: String,
}

/// Why a draw was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OfficerDrawError {
    /// The seed is not valid.
    #[error("{0}")]
    Seed(#[from] DrawError),
    /// A name contains a control character or is empty.
    #[error("“{field}”的值不能为空，也不能含控制字符：{value:?}")]
    BadText {
        /// Which field.
        field: &'static str,
        /// The value.
        value: String,
    },
    /// Fewer than two officers remain.
    #[error(
        "{office}可抽取的执法人员只有 {eligible} 名，不足两名（《行政处罚法》第四十二条：执法人员不得少于两人）；已排除：{excluded}"
    )]
    TooFew {
        /// The office.
        office: String,
        /// How many remain.
        eligible: usize,
        /// Who was excluded and why, joined.
        excluded: String,
    },
}

/// Why a record does not verify (the first difference found).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OfficerVerifyError {
    /// The algorithm is not [`OFFICER_ALGORITHM`].
    #[error("算法“{0}”不是 qingdan-officer-draw-v1")]
    Algorithm(String),
    /// The draw cannot be re-run.
    #[error("无法重新抽取：{0}")]
    Draw(#[from] OfficerDrawError),
    /// A field differs.
    #[error("记录的“{field}”与重新抽取的结果不符：记录为 {recorded}，重新计算为 {computed}")]
    Mismatch {
        /// Which field.
        field: &'static str,
        /// The record's value.
        recorded: String,
        /// The recomputed value.
        computed: String,
    },
    /// The record was edited after it was made.
    #[error("记录哈希不符（记录被改动）：记录为 {recorded}，应为 {computed}")]
    RecordHash {
        /// The record's.
        recorded: String,
        /// Its content's.
        computed: String,
    },
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

fn clean(field: &'static str, value: &str) -> Result<String, OfficerDrawError> {
    let v = value.trim();
    if v.is_empty() || v.chars().any(char::is_control) {
        return Err(OfficerDrawError::BadText {
            field,
            value: value.to_string(),
        });
    }
    Ok(v.to_string())
}

impl OfficerDrawRecord {
    /// The canonical text `record_hash` is the SHA-256 of.
    pub fn canonical_text(&self) -> String {
        let mut t = String::new();
        let mut line = |name: &str, value: &str| {
            t.push_str(name);
            t.push('=');
            t.push_str(value);
            t.push('\n');
        };
        line("algorithm", &self.algorithm);
        line("seed", &self.seed);
        line("task", &self.task);
        line("target", &self.target);
        line("office", &self.office);
        line("date", &self.date.to_string());
        line("roster_hash", &self.roster_hash);
        line("roster_count", &self.roster_count.to_string());
        for e in &self.eligible {
            line("eligible", e);
        }
        line("eligible_hash", &self.eligible_hash);
        for x in &self.excluded {
            line("excluded", &format!("{}:{}", x.officer, x.reason));
        }
        for s in &self.selected {
            line("selected", s);
        }
        t
    }

    /// What `record_hash` must be.
    pub fn content_hash(&self) -> String {
        hex(&Sha256::digest(self.canonical_text().as_bytes()))
    }

    /// The record as JSON (two-space indentation, final line feed).
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

/// Draws two officers for `task` from `roster`, excluding conflicts in `relations` and
/// officers whose certificate is absent or expired on the task date.
pub fn draw_officers(
    task: &DrawTask,
    roster: &[Person],
    relations: &[Relation],
    seed_hex: &str,
) -> Result<OfficerDrawRecord, OfficerDrawError> {
    let seed = Seed::parse(seed_hex)?;
    let task_id = clean("task", &task.task)?;
    let target = clean("target", &task.target)?;
    let office = clean("office", &task.office)?;
    let mut names: Vec<(String, &Person)> = Vec::new();
    for p in roster {
        if p.role == Some(By::Officer)
            && p.office.as_deref().map(str::trim) == Some(office.as_str())
        {
            names.push((clean("officer", &p.username)?, p));
        }
    }
    names.sort_by(|a, b| a.0.cmp(&b.0));
    names.dedup_by(|a, b| a.0 == b.0);
    let roster_ids: Vec<&str> = names.iter().map(|(n, _)| n.as_str()).collect();
    let roster_hash = hex(&hash_sorted_ids(&roster_ids));

    let mut eligible: Vec<String> = Vec::new();
    let mut excluded: Vec<Excluded> = Vec::new();
    for (name, p) in &names {
        // 回避 first, then whether the officer may act on the day: the personnel rules decide.
        let reason = if conflict_of(name, &target, relations).is_some() {
            Some(Relation::exclusion())
        } else {
            p.may_enforce(task.date).err().map(|i| i.exclusion())
        };
        match reason {
            Some(reason) => excluded.push(Excluded {
                officer: name.clone(),
                reason,
            }),
            None => eligible.push(name.clone()),
        }
    }
    if eligible.len() < 2 {
        return Err(OfficerDrawError::TooFew {
            office,
            eligible: eligible.len(),
            excluded: if excluded.is_empty() {
                "无".to_string()
            } else {
                excluded
                    .iter()
                    .map(|x| format!("{}（{}）", x.officer, x.reason))
                    .collect::<Vec<_>>()
                    .join("；")
            },
        });
    }
    let eligible_digest = hash_sorted_ids(&eligible);
    let mut key = Sha256::new();
    key.update(OFFICER_ALGORITHM.as_bytes());
    key.update(b"\n");
    key.update(task_id.as_bytes());
    key.update(b"\n");
    key.update(target.as_bytes());
    key.update(b"\n");
    key.update(task.date.to_string().as_bytes());
    key.update(b"\n");
    key.update(eligible_digest);
    let key: [u8; 32] = key.finalize().into();
    let mut stream = RandomStream::new(&seed, &key);
    let mut order = eligible.clone();
    let selected = shuffle_prefix(&mut order, 2, &mut stream).to_vec();
    let mut record = OfficerDrawRecord {
        algorithm: OFFICER_ALGORITHM.to_string(),
        seed: seed.to_hex(),
        task: task_id,
        target,
        office,
        date: task.date,
        roster_hash,
        roster_count: names.len(),
        eligible_hash: hex(&eligible_digest),
        eligible,
        excluded,
        selected,
        record_hash: String::new(),
    };
    record.record_hash = record.content_hash();
    Ok(record)
}

/// Re-runs `record` over `roster` and `relations`; `Ok` only when every field matches.
pub fn verify_officer_draw(
    record: &OfficerDrawRecord,
    roster: &[Person],
    relations: &[Relation],
) -> Result<(), OfficerVerifyError> {
    if record.algorithm != OFFICER_ALGORITHM {
        return Err(OfficerVerifyError::Algorithm(record.algorithm.clone()));
    }
    let task = DrawTask {
        task: record.task.clone(),
        target: record.target.clone(),
        office: record.office.clone(),
        date: record.date,
    };
    let again = draw_officers(&task, roster, relations, &record.seed)?;
    let mismatch = |field, recorded: String, computed: String| {
        Err(OfficerVerifyError::Mismatch {
            field,
            recorded,
            computed,
        })
    };
    if again.seed != record.seed {
        return mismatch("seed", record.seed.clone(), again.seed);
    }
    if again.roster_hash != record.roster_hash || again.roster_count != record.roster_count {
        return mismatch(
            "roster_hash",
            format!("{}（{} 名）", record.roster_hash, record.roster_count),
            format!("{}（{} 名）", again.roster_hash, again.roster_count),
        );
    }
    if again.excluded != record.excluded {
        let show = |v: &[Excluded]| {
            v.iter()
                .map(|x| x.officer.as_str())
                .collect::<Vec<_>>()
                .join("、")
        };
        return mismatch("excluded", show(&record.excluded), show(&again.excluded));
    }
    if again.eligible != record.eligible || again.eligible_hash != record.eligible_hash {
        return mismatch(
            "eligible",
            record.eligible.join("、"),
            again.eligible.join("、"),
        );
    }
    if again.selected != record.selected {
        return mismatch(
            "selected",
            record.selected.join("、"),
            again.selected.join("、"),
        );
    }
    let computed = record.content_hash();
    if computed != record.record_hash {
        return Err(OfficerVerifyError::RecordHash {
            recorded: record.record_hash.clone(),
            computed,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    const OFFICE: &str = "县墙体材料改革办公室";
    const SEED: &str = "000102030405060708090a0b0c0d0e0f";

    fn officer(name: &str, until: Option<Date>) -> Person {
        Person {
            username: name.to_string(),
            role: Some(By::Officer),
            office: Some(OFFICE.to_string()),
            certificate: until
                .map(|u| qingdan_personnel::Certificate::until(format!("湘执{name}"), u)),
        }
    }

    fn roster(n: usize) -> Vec<Person> {
        (0..n)
            .map(|i| officer(&format!("officer{i:03}"), Some(date(2027, 12, 31))))
            .collect()
    }

    fn task(target: &str) -> DrawTask {
        DrawTask {
            task: "T-2026-0001".into(),
            target: target.into(),
            office: OFFICE.into(),
            date: date(2026, 5, 12),
        }
    }

    #[test]
    fn excludes_conflicts_and_invalid_certificates() {
        let mut people = roster(4);
        people.push(officer("expired", Some(date(2026, 5, 11))));
        people.push(officer("nocert", None));
        people.push(officer("lastday", Some(date(2026, 5, 12))));
        let mut other = officer("other-office", Some(date(2027, 1, 1)));
        other.office = Some("法制安全股".into());
        people.push(other);
        let relations = vec![Relation {
            officer: "officer001".into(),
            target: "91430923MA4L0A1B2C".into(),
            nature: "近亲属在该企业任职".into(),
        }];
        let r = draw_officers(&task("91430923MA4L0A1B2C"), &people, &relations, SEED).unwrap();
        assert_eq!(r.selected.len(), 2);
        assert_ne!(r.selected[0], r.selected[1]);
        let excluded: Vec<&str> = r.excluded.iter().map(|x| x.officer.as_str()).collect();
        assert_eq!(excluded, ["expired", "nocert", "officer001"]);
        // The certificate's last valid day counts (以上、以下包括本数).
        assert!(r.eligible.contains(&"lastday".to_string()));
        assert!(!r.eligible.contains(&"other-office".to_string()));
        assert_eq!(r.roster_count, 7);
        for s in &r.selected {
            assert!(r.eligible.contains(s));
        }
        verify_officer_draw(&r, &people, &relations).unwrap();
        // Published and read back.
        let back: OfficerDrawRecord = serde_json::from_str(&r.to_json()).unwrap();
        verify_officer_draw(&back, &people, &relations).unwrap();
    }

    #[test]
    fn fewer_than_two_is_refused_in_chinese() {
        let people = vec![
            officer("a", Some(date(2027, 1, 1))),
            officer("b", Some(date(2026, 1, 1))),
        ];
        let e = draw_officers(&task("X"), &people, &[], SEED).unwrap_err();
        assert!(matches!(e, OfficerDrawError::TooFew { eligible: 1, .. }));
        let m = e.to_string();
        assert!(
            m.contains("不足两名") && m.contains("第四十二条") && m.contains("b（"),
            "{m}"
        );
        assert!(matches!(
            draw_officers(&task("X"), &roster(3), &[], "xyz"),
            Err(OfficerDrawError::Seed(_))
        ));
    }

    #[test]
    fn tampering_is_caught() {
        let people = roster(10);
        let r = draw_officers(&task("P1"), &people, &[], SEED).unwrap();
        let mut forged = r.clone();
        forged.selected[0] = r
            .eligible
            .iter()
            .find(|e| !r.selected.contains(e))
            .unwrap()
            .clone();
        assert!(matches!(
            verify_officer_draw(&forged, &people, &[]),
            Err(OfficerVerifyError::Mismatch {
                field: "selected",
                ..
            })
        ));
        let mut forged = r.clone();
        forged.record_hash = "0".repeat(64);
        assert!(matches!(
            verify_officer_draw(&forged, &people, &[]),
            Err(OfficerVerifyError::RecordHash { .. })
        ));
        // An undeclared relation afterwards: the verifier's roster differs.
        let rel = vec![Relation {
            officer: r.selected[0].clone(),
            target: "P1".into(),
            nature: "曾在该企业任职".into(),
        }];
        assert!(matches!(
            verify_officer_draw(&r, &people, &rel),
            Err(OfficerVerifyError::Mismatch {
                field: "excluded",
                ..
            })
        ));
        // Another roster.
        assert!(verify_officer_draw(&r, &roster(11), &[]).is_err());
    }

    #[test]
    fn pairs_spread_over_the_roster() {
        // Over many tasks every eligible officer is drawn, and roughly equally often.
        let people = roster(8);
        let mut counts = std::collections::BTreeMap::new();
        for i in 0..4000 {
            let mut t = task("P");
            t.task = format!("T{i}");
            for s in draw_officers(&t, &people, &[], SEED).unwrap().selected {
                *counts.entry(s).or_insert(0) += 1;
            }
        }
        assert_eq!(counts.len(), 8);
        // Expected 1000 each (8000 picks / 8); allow ±15%.
        for (name, c) in counts {
            assert!((850..=1150).contains(&c), "{name}: {c}");
        }
    }

    proptest! {
        #[test]
        fn same_inputs_same_pair(n in 2usize..40, seed in proptest::collection::vec(any::<u8>(), 16..32), t in "[A-Z0-9]{1,12}") {
            let seed: String = seed.iter().map(|b| format!("{b:02x}")).collect();
            let people = roster(n);
            let a = draw_officers(&task(&t), &people, &[], &seed).unwrap();
            let mut reversed = people.clone();
            reversed.reverse();
            let b = draw_officers(&task(&t), &reversed, &[], &seed).unwrap();
            prop_assert_eq!(&a, &b);
            prop_assert!(verify_officer_draw(&a, &people, &[]).is_ok());
        }

        #[test]
        fn changing_a_candidate_changes_the_digest(n in 2usize..30, which in 0usize..30) {
            let people = roster(n);
            let a = draw_officers(&task("P"), &people, &[], SEED).unwrap();
            let mut changed = people.clone();
            let i = which % n;
            changed[i].username = format!("{}x", changed[i].username);
            let b = draw_officers(&task("P"), &changed, &[], SEED).unwrap();
            prop_assert_ne!(a.eligible_hash, b.eligible_hash);
            prop_assert_ne!(a.roster_hash, b.roster_hash);
        }
    }
}
