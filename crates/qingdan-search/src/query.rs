//! Parsed queries.

use crate::text::{Class, Tok, bi_key, for_each_run, normalize_into, uni_key};

/// A query, tokenised exactly like documents are, minus the unigrams of multi-character Han runs.
///
/// Terms are numbered: Han terms first (`0..han.len()`), then words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Query {
    /// Han unigram (one-character runs) and bigram keys, deduplicated, in query order.
    pub(crate) han: Vec<u64>,
    /// Whole normalised words, deduplicated, in query order.
    pub(crate) words: Vec<String>,
    /// Han runs of three or more characters, which must appear contiguously to earn the exact-
    /// phrase bonus (a two-character run is its own bigram, so it is always contiguous).
    pub(crate) phrases: Vec<String>,
}

impl Query {
    /// Parses a user query. Space-separated parts are simply further runs, all of them required.
    pub(crate) fn parse(query: &str) -> Self {
        let mut norm = Vec::new();
        normalize_into(query, &mut norm);
        let mut q = Query::default();
        for_each_run(&norm, |run| {
            let Some(chars) = norm.get(run.start..run.end) else {
                return;
            };
            match run.class {
                Class::Han => {
                    if let [c] = chars {
                        push_unique(&mut q.han, uni_key(*c));
                    } else {
                        for pair in chars.windows(2) {
                            if let [a, b] = pair {
                                push_unique(&mut q.han, bi_key(*a, *b));
                            }
                        }
                        if chars.len() >= 3 {
                            push_unique(&mut q.phrases, chars.iter().collect());
                        }
                    }
                }
                Class::Word => push_unique(&mut q.words, chars.iter().collect()),
                Class::Sep => {}
            }
        });
        q
    }

    /// Whether the query has no term at all (empty or only separators).
    pub(crate) fn is_empty(&self) -> bool {
        self.han.is_empty() && self.words.is_empty()
    }

    /// The number of distinct terms.
    pub(crate) fn term_count(&self) -> usize {
        self.han.len() + self.words.len()
    }

    /// The term number of a document token, if it is one of this query's terms.
    pub(crate) fn term_of(&self, tok: Tok<'_>) -> Option<usize> {
        match tok {
            Tok::Han(key) => self.han.iter().position(|&k| k == key),
            Tok::Word(chars) => self
                .words
                .iter()
                .position(|w| w.chars().eq(chars.iter().copied()))
                .map(|i| i + self.han.len()),
        }
    }
}

fn push_unique<T: PartialEq>(v: &mut Vec<T>, item: T) {
    if !v.contains(&item) {
        v.push(item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrase_query() {
        let q = Query::parse("散装水泥");
        assert_eq!(
            q.han,
            vec![bi_key('散', '装'), bi_key('装', '水'), bi_key('水', '泥')]
        );
        assert_eq!(q.phrases, vec!["散装水泥".to_string()]);
        assert!(q.words.is_empty());
    }

    #[test]
    fn mixed_query() {
        let q = Query::parse("水 泥，ＧＢ32100 水泥 gb32100");
        assert_eq!(
            q.han,
            vec![uni_key('水'), uni_key('泥'), bi_key('水', '泥')]
        );
        assert_eq!(q.words, vec!["gb32100".to_string()]);
        assert!(q.phrases.is_empty());
        assert_eq!(q.term_count(), 4);
    }

    #[test]
    fn empty_queries() {
        assert!(Query::parse("").is_empty());
        assert!(Query::parse(" ，。、；：“”《》（）【】!?. ").is_empty());
        assert!(!Query::parse("水").is_empty());
    }
}
