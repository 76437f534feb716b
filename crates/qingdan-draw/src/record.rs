//! The published record of a draw: its JSON form and its canonical text.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::VerifyError;
use crate::hex;

/// The name of the algorithm this crate implements, the `algorithm` field of every record.
pub const ALGORITHM: &str = "qingdan-draw-v1";

/// The published record of a draw (see the crate documentation for every field).
///
/// A record is made by [`crate::draw`] and checked by [`crate::verify`]; its fields are public
/// so that a record read from anywhere can be checked, and so that tests can edit one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrawRecord {
    /// Always `qingdan-draw-v1`.
    pub algorithm: String,
    /// The seed, lowercase hexadecimal.
    pub seed: String,
    /// SHA-256 (lowercase hex) of all candidate ids, sorted, joined with `\n`.
    pub candidates_hash: String,
    /// How many candidates (before exclusions).
    pub candidate_count: usize,
    /// SHA-256 (lowercase hex) of the excluded ids, sorted, joined with `\n`; absent when
    /// nothing was excluded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excluded_hash: Option<String>,
    /// How many candidates were excluded.
    pub excluded_count: usize,
    /// How many were drawn.
    pub count: usize,
    /// The ids drawn, in draw order.
    pub selected: Vec<String>,
    /// SHA-256 (lowercase hex) of [`DrawRecord::canonical_text`].
    pub record_hash: String,
}

impl DrawRecord {
    /// The canonical text that `record_hash` is the SHA-256 of: one `name=value` line per
    /// field other than `record_hash`, each ending in `\n`, in the fixed order `algorithm`,
    /// `seed`, `candidates_hash`, `candidate_count`, `excluded_hash` (empty value when absent),
    /// `excluded_count`, `count`, then one `selected=ID` line per selected id in draw order.
    /// Counts are decimal without leading zeros.
    pub fn canonical_text(&self) -> String {
        let mut text =
            String::with_capacity(256 + self.selected.iter().map(|s| s.len() + 10).sum::<usize>());
        let mut line = |name: &str, value: &str| {
            text.push_str(name);
            text.push('=');
            text.push_str(value);
            text.push('\n');
        };
        line("algorithm", &self.algorithm);
        line("seed", &self.seed);
        line("candidates_hash", &self.candidates_hash);
        line("candidate_count", &self.candidate_count.to_string());
        line("excluded_hash", self.excluded_hash.as_deref().unwrap_or(""));
        line("excluded_count", &self.excluded_count.to_string());
        line("count", &self.count.to_string());
        for id in &self.selected {
            line("selected", id);
        }
        text
    }

    /// SHA-256 (lowercase hex) of [`DrawRecord::canonical_text`]: what `record_hash` must be.
    pub fn content_hash(&self) -> String {
        hex::encode(&Sha256::digest(self.canonical_text().as_bytes()))
    }

    /// The record as JSON, in one fixed layout so that the same draw gives the same bytes on
    /// every machine: the fields in declaration order (`excluded_hash` omitted when absent),
    /// two-space indentation, `selected` one id per line, `": "` after names, non-ASCII
    /// characters as UTF-8 (not `\u` escapes), a final line feed. Equal to
    /// `serde_json::to_string_pretty` plus `\n`.
    pub fn to_json(&self) -> String {
        let mut out =
            String::with_capacity(512 + self.selected.iter().map(|s| s.len() + 8).sum::<usize>());
        out.push_str("{\n");
        let mut field = |name: &str, value: &str| {
            out.push_str("  \"");
            out.push_str(name);
            out.push_str("\": ");
            out.push_str(value);
            out.push_str(",\n");
        };
        field("algorithm", &json_string(&self.algorithm));
        field("seed", &json_string(&self.seed));
        field("candidates_hash", &json_string(&self.candidates_hash));
        field("candidate_count", &self.candidate_count.to_string());
        if let Some(h) = &self.excluded_hash {
            field("excluded_hash", &json_string(h));
        }
        field("excluded_count", &self.excluded_count.to_string());
        field("count", &self.count.to_string());
        if self.selected.is_empty() {
            out.push_str("  \"selected\": [],\n");
        } else {
            out.push_str("  \"selected\": [\n");
            for (i, id) in self.selected.iter().enumerate() {
                out.push_str("    ");
                out.push_str(&json_string(id));
                out.push_str(if i + 1 < self.selected.len() {
                    ",\n"
                } else {
                    "\n"
                });
            }
            out.push_str("  ],\n");
        }
        out.push_str("  \"record_hash\": ");
        out.push_str(&json_string(&self.record_hash));
        out.push_str("\n}\n");
        out
    }

    /// Reads a record from JSON. Unknown fields are refused (they would not be covered by
    /// `record_hash`), as are missing ones (except `excluded_hash`).
    ///
    /// # Errors
    /// [`VerifyError::Json`] naming what is wrong.
    pub fn from_json(text: &str) -> Result<DrawRecord, VerifyError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        serde_json::from_str(text).map_err(|e| VerifyError::Json {
            reason: e.to_string(),
        })
    }
}

/// A JSON string literal: `"` and `\` escaped, control characters as `\n`, `\r`, `\t`, `\b`,
/// `\f` or `\u00XX`, everything else as is (as serde_json writes it).
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> DrawRecord {
        let mut r = DrawRecord {
            algorithm: ALGORITHM.into(),
            seed: "00".repeat(16),
            candidates_hash: "ab".repeat(32),
            candidate_count: 3,
            excluded_hash: None,
            excluded_count: 0,
            count: 2,
            selected: vec!["甲\"\\\u{1}\t".into(), "b".into()],
            record_hash: String::new(),
        };
        r.record_hash = r.content_hash();
        r
    }

    #[test]
    fn json_layout_equals_serde_json_pretty() {
        let mut r = sample();
        assert_eq!(
            r.to_json(),
            serde_json::to_string_pretty(&r).unwrap() + "\n"
        );
        assert_eq!(DrawRecord::from_json(&r.to_json()).unwrap(), r);
        r.excluded_hash = Some("cd".repeat(32));
        r.excluded_count = 1;
        assert_eq!(
            r.to_json(),
            serde_json::to_string_pretty(&r).unwrap() + "\n"
        );
        r.selected.clear();
        assert_eq!(
            r.to_json(),
            serde_json::to_string_pretty(&r).unwrap() + "\n"
        );
        assert_eq!(DrawRecord::from_json(&r.to_json()).unwrap(), r);
    }

    #[test]
    fn canonical_text_layout() {
        let r = sample();
        assert_eq!(
            r.canonical_text(),
            format!(
                "algorithm=qingdan-draw-v1\nseed={}\ncandidates_hash={}\ncandidate_count=3\n\
                 excluded_hash=\nexcluded_count=0\ncount=2\nselected=甲\"\\\u{1}\t\nselected=b\n",
                "00".repeat(16),
                "ab".repeat(32)
            )
        );
    }

    #[test]
    fn unknown_and_missing_fields_are_refused() {
        let json = sample()
            .to_json()
            .replace("\"count\"", "\"note\": \"x\",\n  \"count\"");
        assert!(matches!(
            DrawRecord::from_json(&json),
            Err(VerifyError::Json { .. })
        ));
        let json = sample().to_json().replace("  \"count\": 2,\n", "");
        assert!(matches!(
            DrawRecord::from_json(&json),
            Err(VerifyError::Json { .. })
        ));
        assert!(matches!(
            DrawRecord::from_json("[]"),
            Err(VerifyError::Json { .. })
        ));
    }
}
