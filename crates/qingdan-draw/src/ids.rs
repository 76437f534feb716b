//! Normalising and checking lists of ids.

use crate::error::{DrawError, List};
use crate::stream::hash_sorted_ids;

/// The lists of a draw, checked and sorted.
#[derive(Debug)]
pub(crate) struct Prepared<'a> {
    /// All candidates (trimmed), sorted by UTF-8 bytes.
    pub sorted: Vec<&'a str>,
    /// The exclusions (trimmed), sorted by UTF-8 bytes; each is one of `sorted`.
    pub excluded: Vec<&'a str>,
    /// Digest of `sorted`.
    pub candidates_digest: [u8; 32],
    /// Digest of `excluded`, when there are exclusions.
    pub excluded_digest: Option<[u8; 32]>,
}

/// Trims every id, rejects empty ids and ids with control characters (first by position),
/// then duplicates, and returns the trimmed ids sorted by UTF-8 bytes.
pub(crate) fn sorted_unique(list: List, items: &[String]) -> Result<Vec<&str>, DrawError> {
    let mut keyed = Vec::with_capacity(items.len());
    for (i, raw) in items.iter().enumerate() {
        let id = raw.trim();
        if id.is_empty() {
            return Err(DrawError::EmptyId {
                list,
                position: i + 1,
            });
        }
        if id.chars().any(char::is_control) {
            return Err(DrawError::ControlCharacter {
                list,
                position: i + 1,
                id: escape_controls(id),
            });
        }
        keyed.push(Keyed::new(id, i));
    }
    sort_keyed(&mut keyed);
    if let Some((first, repeat)) = first_duplicate(&keyed) {
        return Err(DrawError::DuplicateId {
            list,
            position: repeat + 1,
            first: first + 1,
            id: items[repeat].trim().to_string(),
        });
    }
    Ok(keyed.into_iter().map(|k| k.id).collect())
}

/// An id (without control characters) with its index in the input and a sort key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Keyed<'a> {
    /// The id's first 16 bytes, big-endian, zero-padded.
    key: u128,
    /// The id.
    pub id: &'a str,
    /// Its 0-based index in the input.
    pub index: usize,
}

impl<'a> Keyed<'a> {
    pub(crate) fn new(id: &'a str, index: usize) -> Keyed<'a> {
        let bytes = id.as_bytes();
        let n = bytes.len().min(16);
        let mut buf = [0u8; 16];
        buf[..n].copy_from_slice(&bytes[..n]);
        Keyed {
            key: u128::from_be_bytes(buf),
            id,
            index,
        }
    }
}

/// Sorts ids by their UTF-8 bytes, then by index — a total order, so the unstable sort is
/// deterministic, and equal ids end up adjacent in input order.
///
/// For speed, ids are compared by their 16-byte key first and in full only when the keys are
/// equal. This is exactly the byte order because no id contains a NUL (control characters are
/// refused before sorting): a shorter id padded with zeros sorts before any longer id it is a
/// prefix of.
pub(crate) fn sort_keyed(ids: &mut [Keyed<'_>]) {
    ids.sort_unstable_by(|a, b| {
        a.key
            .cmp(&b.key)
            .then_with(|| a.id.cmp(b.id))
            .then(a.index.cmp(&b.index))
    });
}

/// Given ids sorted by [`sort_keyed`], the duplicate met first when reading the input
/// top-down: `(index of its first occurrence, index of its second)`.
pub(crate) fn first_duplicate(sorted: &[Keyed<'_>]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    let mut start = 0;
    while start < sorted.len() {
        let mut end = start + 1;
        while end < sorted.len()
            && sorted[end].key == sorted[start].key
            && sorted[end].id == sorted[start].id
        {
            end += 1;
        }
        if end - start > 1 {
            let pair = (sorted[start].index, sorted[start + 1].index);
            if best.is_none_or(|(_, b)| pair.1 < b) {
                best = Some(pair);
            }
        }
        start = end;
    }
    best
}

/// `id` with control characters written as `\u{..}`, for error messages.
pub(crate) fn escape_controls(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Checks both lists and sorts them; every exclusion must be a candidate.
pub(crate) fn prepare<'a>(
    candidates: &'a [String],
    exclusions: &'a [String],
) -> Result<Prepared<'a>, DrawError> {
    let sorted = sorted_unique(List::Candidates, candidates)?;
    if sorted.is_empty() {
        return Err(DrawError::NoCandidates);
    }
    let excluded = sorted_unique(List::Exclusions, exclusions)?;
    // Report the earliest (by position) exclusion that is not a candidate.
    let missing = exclusions
        .iter()
        .enumerate()
        .find(|(_, id)| sorted.binary_search(&id.trim()).is_err());
    if let Some((i, id)) = missing {
        return Err(DrawError::NotACandidate {
            position: i + 1,
            id: id.trim().to_string(),
        });
    }
    let candidates_digest = hash_sorted_ids(&sorted);
    let excluded_digest = if excluded.is_empty() {
        None
    } else {
        Some(hash_sorted_ids(&excluded))
    };
    Ok(Prepared {
        sorted,
        excluded,
        candidates_digest,
        excluded_digest,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn trims_and_sorts_by_bytes() {
        let items = strings(&[" b ", "\u{3000}a", "B", "水泥", "10", "9"]);
        assert_eq!(
            sorted_unique(List::Candidates, &items).unwrap(),
            vec!["10", "9", "B", "a", "b", "水泥"]
        );
    }

    #[test]
    fn prefix_key_sort_is_byte_order() {
        let ids = [
            "a",
            "ab",
            "abcdefghijklmnopq",
            "abcdefghijklmnop",
            "abcdefghijklmnopa",
            "b",
            "abcdefghijklmnoz",
            "\u{7f}",
            "~",
            "水",
            "氵",
            "abcdefghijklmnopq",
            "",
            " ",
        ];
        let mut keyed: Vec<Keyed<'_>> = ids
            .iter()
            .zip(0..)
            .map(|(id, i)| Keyed::new(id, i))
            .collect();
        let mut expected: Vec<(&str, usize)> = ids.iter().copied().zip(0..).collect();
        expected.sort();
        sort_keyed(&mut keyed);
        let got: Vec<(&str, usize)> = keyed.iter().map(|k| (k.id, k.index)).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn first_duplicate_in_reading_order() {
        let items = strings(&["x", "y", "z", "y", "x"]);
        assert_eq!(
            sorted_unique(List::Candidates, &items),
            Err(DrawError::DuplicateId {
                list: List::Candidates,
                position: 4,
                first: 2,
                id: "y".into()
            })
        );
        // Duplicates after trimming.
        let items = strings(&["a", " a"]);
        assert!(matches!(
            sorted_unique(List::Exclusions, &items),
            Err(DrawError::DuplicateId {
                position: 2,
                first: 1,
                ..
            })
        ));
    }

    #[test]
    fn empty_and_control() {
        assert_eq!(
            sorted_unique(List::Candidates, &strings(&["a", "  "])),
            Err(DrawError::EmptyId {
                list: List::Candidates,
                position: 2
            })
        );
        assert_eq!(
            sorted_unique(List::Candidates, &strings(&["a\nb"])),
            Err(DrawError::ControlCharacter {
                list: List::Candidates,
                position: 1,
                id: "a\\u{a}b".into()
            })
        );
    }

    #[test]
    fn exclusions_must_be_candidates() {
        let c = strings(&["a", "b", "c"]);
        assert_eq!(
            prepare(&c, &strings(&["c", "d"])).unwrap_err(),
            DrawError::NotACandidate {
                position: 2,
                id: "d".into()
            }
        );
        let e = strings(&[" c", "a"]);
        let p = prepare(&c, &e).unwrap();
        assert_eq!(p.excluded, vec!["a", "c"]);
        assert!(p.excluded_digest.is_some());
        assert!(prepare(&c, &[]).unwrap().excluded_digest.is_none());
        assert_eq!(prepare(&[], &[]).unwrap_err(), DrawError::NoCandidates);
    }
}
