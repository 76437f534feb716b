//! Character bigrams: the generic fallback for catalogs the rule table does not know.
//!
//! A text is cut at punctuation into runs of letters, digits and ideographs; each run gives
//! its overlapping pairs of characters (物流外包 → 物流, 流外, 外包). Two texts are compared by
//! how many distinct pairs they share. No dictionary is needed, which is what lets this work
//! on any bureau's list.

/// The distinct bigrams of a normalised text, sorted, each packed into a `u64`.
pub(crate) fn bigrams(text: &[char]) -> Vec<u64> {
    let mut out: Vec<u64> = text
        .windows(2)
        .filter(|w| w.iter().all(|c| c.is_alphanumeric()))
        .map(|w| (u64::from(u32::from(w[0])) << 32) | u64::from(u32::from(w[1])))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// How many bigrams two sorted, deduplicated lists share.
pub(crate) fn shared(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Bigrams found in so many of `lists` that they tell none apart: in at least a third of them,
/// and at least three. Sorted.
pub(crate) fn generic<'a>(lists: impl Iterator<Item = &'a [u64]>) -> Vec<u64> {
    let mut all: Vec<u64> = Vec::new();
    let mut n: usize = 0;
    for list in lists {
        all.extend_from_slice(list);
        n += 1;
    }
    let threshold = n.div_ceil(3).max(3);
    all.sort_unstable();
    let mut out = Vec::new();
    for run in all.chunk_by(|a, b| a == b) {
        if let Some(&g) = run.first()
            && run.len() >= threshold
        {
            out.push(g);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(s: &str) -> Vec<u64> {
        bigrams(&s.chars().collect::<Vec<_>>())
    }

    #[test]
    fn bigrams_stop_at_punctuation() {
        assert_eq!(b("物流外包").len(), 3);
        assert_eq!(b("物流，外包").len(), 2);
        assert_eq!(b("物流物流").len(), 2, "物流 and 流物, deduplicated");
        assert_eq!(
            shared(&b("物流外包工作"), &b("负责指导生产企业的物流外包工作")),
            5
        );
    }

    #[test]
    fn generic_bigrams_are_common_to_a_third() {
        let lists = [
            b("负责工作甲"),
            b("负责工作乙"),
            b("负责丙丁"),
            b("戊己"),
            b("庚辛"),
            b("壬癸"),
        ];
        let g = generic(lists.iter().map(Vec::as_slice));
        assert_eq!(g, b("负责"), "负责 is in 3 of 6; 责工 and 工作 only in 2");
    }
}
