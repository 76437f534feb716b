//! Normalisation and tokenisation, shared by indexing, querying and highlighting.
//!
//! Normalisation is strictly one `char` in, one `char` out, so a position in the normalised
//! text is the same position in the original text. That is what lets snippets show the original
//! characters while matching on normalised ones.

/// Normalises one character: full-width ASCII forms (U+FF01–U+FF5E) become half-width, the
/// ideographic space becomes a space, and ASCII letters are lowercased.
pub(crate) fn normalize_char(c: char) -> char {
    let code = u32::from(c);
    let c = match code {
        0xFF01..=0xFF5E => char::from_u32(code - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// Normalises a whole text into a vector of characters (same length as `text.chars()`).
pub(crate) fn normalize_into(text: &str, out: &mut Vec<char>) {
    out.clear();
    out.extend(text.chars().map(normalize_char));
}

/// Whether `c` is a Han ideograph (CJK Unified Ideographs and their extensions, compatibility
/// ideographs, and 〇).
pub(crate) fn is_han(c: char) -> bool {
    matches!(
        u32::from(c),
        0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF
    )
}

/// What a normalised character contributes to tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// A Han ideograph: runs of these yield unigrams and bigrams.
    Han,
    /// A letter or digit that is not Han (ASCII after normalisation, but also e.g. Greek or kana):
    /// runs of these yield whole words.
    Word,
    /// Whitespace, punctuation, symbols, controls: never indexed; tokens never cross these.
    Sep,
}

/// Classifies a normalised character.
pub(crate) fn class(c: char) -> Class {
    if is_han(c) {
        Class::Han
    } else if c.is_alphanumeric() {
        Class::Word
    } else {
        Class::Sep
    }
}

/// A maximal run of same-class, non-separator characters: `norm[start..end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Run {
    pub(crate) class: Class,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// Calls `f` for every maximal Han or word run of `norm`, left to right.
pub(crate) fn for_each_run(norm: &[char], mut f: impl FnMut(Run)) {
    let mut i = 0;
    while let Some(&c) = norm.get(i) {
        let cls = class(c);
        if cls == Class::Sep {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while norm.get(i).is_some_and(|&d| class(d) == cls) {
            i += 1;
        }
        f(Run {
            class: cls,
            start,
            end: i,
        });
    }
}

/// The index key of a single Han character.
pub(crate) fn uni_key(c: char) -> u64 {
    u64::from(u32::from(c))
}

/// The index key of a Han character bigram. Distinct from every unigram key (top bit set).
pub(crate) fn bi_key(a: char, b: char) -> u64 {
    (1 << 63) | (u64::from(u32::from(a)) << 21) | u64::from(u32::from(b))
}

/// A token found in a normalised text, with its character span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tok<'a> {
    /// A Han unigram or bigram, by key.
    Han(u64),
    /// A whole word (normalised characters).
    Word(&'a [char]),
}

/// Calls `f(token, start, end)` for every document token of `norm`: every Han unigram, every
/// overlapping Han bigram inside a Han run, and every whole word.
pub(crate) fn for_each_token<'a>(norm: &'a [char], mut f: impl FnMut(Tok<'a>, usize, usize)) {
    for_each_run(norm, |run| match run.class {
        Class::Han => {
            for j in run.start..run.end {
                let Some(&a) = norm.get(j) else { break };
                f(Tok::Han(uni_key(a)), j, j + 1);
                if j + 1 < run.end
                    && let Some(&b) = norm.get(j + 1)
                {
                    f(Tok::Han(bi_key(a, b)), j, j + 2);
                }
            }
        }
        Class::Word => {
            if let Some(word) = norm.get(run.start..run.end) {
                f(Tok::Word(word), run.start, run.end);
            }
        }
        Class::Sep => {}
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> Vec<char> {
        let mut v = Vec::new();
        normalize_into(s, &mut v);
        v
    }

    #[test]
    fn full_width_and_case() {
        let n: String = norm("０７３７ＧＢａ　X").into_iter().collect();
        assert_eq!(n, "0737gba x");
    }

    #[test]
    fn han_ranges() {
        assert!(is_han('水'));
        assert!(is_han('〇'));
        assert!(is_han('𠀀'));
        assert!(!is_han('，'));
        assert!(!is_han('a'));
        assert!(!is_han('あ'));
    }

    #[test]
    fn runs_split_on_punctuation_and_class() {
        let n = norm("散装水泥，GB32100水泥 a");
        let mut runs = Vec::new();
        for_each_run(&n, |r| runs.push((r.class, r.start, r.end)));
        assert_eq!(
            runs,
            vec![
                (Class::Han, 0, 4),
                (Class::Word, 5, 12),
                (Class::Han, 12, 14),
                (Class::Word, 15, 16),
            ]
        );
    }

    #[test]
    fn tokens_never_cross_separators() {
        let n = norm("水，泥");
        let mut toks = Vec::new();
        for_each_token(&n, |t, s, e| toks.push((t, s, e)));
        assert_eq!(
            toks,
            vec![
                (Tok::Han(uni_key('水')), 0, 1),
                (Tok::Han(uni_key('泥')), 2, 3)
            ]
        );
    }

    #[test]
    fn bigram_keys_differ_from_unigrams() {
        assert_ne!(bi_key('\0', '水'), uni_key('水'));
        assert_ne!(bi_key('水', '泥'), bi_key('泥', '水'));
    }
}
