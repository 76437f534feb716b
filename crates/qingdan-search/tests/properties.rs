//! Property tests: no input makes the index panic, substrings find their document, and
//! snippets are pieces of the original body.
//!
//! Snippet convention checked here: `Snippet::plain()` is a substring of the *original*
//! (not normalised) body, with "…" added at either end where the body was cut.

use proptest::prelude::*;
use qingdan_search::{Doc, ELLIPSIS, Index, SNIPPET_CHARS, SearchOptions, Snippet};

/// Characters that make collisions likely: a few common Han characters, a rare one outside the
/// BMP, CJK and ASCII punctuation, full-width forms, ASCII, and assorted awkward code points.
const POOL: &[char] = &[
    '散', '装', '水', '泥', '节', '能', '电', '力', '管', '理', '〇', '𠀀', '，', '。', '、', '“',
    '”', '《', '》', '（', '）', ' ', '\u{3000}', '\n', 'a', 'B', '0', '7', 'Ｇ', '０', '７', '－',
    '<', '&', '…', 'é', '\u{301}', '👍', '\u{0}', 'あ',
];

fn pooled_string(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(POOL), 0..max).prop_map(|v| v.into_iter().collect())
}

/// Either arbitrary Unicode or a string over the collision-prone pool.
fn text(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        pooled_string(max),
        prop::collection::vec(any::<char>(), 0..max).prop_map(|v| v.into_iter().collect()),
    ]
}

fn docs(max_docs: usize) -> impl Strategy<Value = Vec<Doc>> {
    prop::collection::vec(
        (0u8..3, 0u8..6, text(20), text(200)).prop_map(|(k, r, title, body)| Doc {
            kind: format!("k{k}"),
            reference: format!("r{r}"),
            title,
            body,
        }),
        1..max_docs,
    )
}

fn is_han(c: char) -> bool {
    matches!(
        u32::from(c),
        0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF
    )
}

fn check_snippet_shape(s: &Snippet) {
    for f in &s.fragments {
        assert!(!f.text.is_empty());
    }
    for pair in s.fragments.windows(2) {
        assert_ne!(pair[0].hit, pair[1].hit, "adjacent fragments are merged");
    }
}

fn check_body_snippet(s: &Snippet, body: &str) {
    check_snippet_shape(s);
    let plain = s.plain();
    let core = plain.strip_prefix(ELLIPSIS).unwrap_or(&plain);
    let core = core.strip_suffix(ELLIPSIS).unwrap_or(core);
    assert!(body.contains(core), "{plain:?} is not from {body:?}");
    assert!(plain.chars().count() <= SNIPPET_CHARS + 2);
    let html = s.to_html();
    assert!(!html.contains("<script"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn search_never_panics(docs in docs(8), query in text(12), offset in 0usize..4, limit in 0usize..5) {
        let mut index = Index::build(docs.clone());
        let opts = SearchOptions { limit, offset, kinds: None };
        let r = index.search(&query, &opts);
        prop_assert!(r.hits.len() <= limit);
        prop_assert!(r.total >= r.hits.len());
        for hit in &r.hits {
            let doc = index.get(&hit.kind, &hit.reference).cloned();
            prop_assert!(doc.is_some());
            let doc = doc.unwrap_or_else(|| unreachable!());
            prop_assert_eq!(&hit.title, &doc.title);
            prop_assert_eq!(hit.title_marked.plain(), doc.title.clone());
            check_snippet_shape(&hit.title_marked);
            check_body_snippet(&hit.snippet, &doc.body);
        }
        // Mutations interleaved with searches do not panic either.
        if let Some(first) = docs.first() {
            index.remove(&first.kind, &first.reference);
            let _ = index.search(&query, &SearchOptions::default());
            index.upsert(first.clone());
            let _ = index.search(&query, &SearchOptions { kinds: Some(vec!["k1".into()]), ..SearchOptions::default() });
        }
    }

    #[test]
    fn han_substrings_find_their_document(
        docs in docs(6),
        which in any::<prop::sample::Index>(),
        pick in any::<prop::sample::Index>(),
    ) {
        let index = Index::build(docs.clone());
        // The live documents are the last of each key.
        let live: Vec<Doc> = docs
            .iter()
            .filter(|d| index.get(&d.kind, &d.reference) == Some(*d))
            .cloned()
            .collect();
        let doc = which.get(&live).clone();
        let chars: Vec<char> = doc.body.chars().collect();
        // All substrings of two or more consecutive Han characters.
        let mut subs: Vec<String> = Vec::new();
        for start in 0..chars.len() {
            let mut end = start;
            while end < chars.len() && is_han(chars[end]) {
                end += 1;
                if end - start >= 2 {
                    subs.push(chars[start..end].iter().collect());
                }
            }
        }
        prop_assume!(!subs.is_empty());
        let sub = pick.get(&subs);
        let r = index.search(sub, &SearchOptions { limit: usize::MAX, ..SearchOptions::default() });
        prop_assert!(
            r.hits.iter().any(|h| h.kind == doc.kind && h.reference == doc.reference),
            "{sub:?} did not find {doc:?}"
        );
        // Every hit of a phrase query that contains the phrase outranks those that do not.
        let contains: Vec<bool> = r
            .hits
            .iter()
            .map(|h| index.get(&h.kind, &h.reference).is_some_and(|d| d.title.contains(sub.as_str()) || d.body.contains(sub.as_str())))
            .collect();
        if sub.chars().count() >= 3 {
            prop_assert!(contains.windows(2).all(|w| w[0] || !w[1]), "{contains:?}");
        }
    }

    #[test]
    fn snippet_is_a_piece_of_the_body(body in text(400), query in text(6)) {
        let index = Index::build([Doc { kind: "item".into(), reference: "1".into(), title: String::new(), body: body.clone() }]);
        for hit in index.search(&query, &SearchOptions::default()).hits {
            check_body_snippet(&hit.snippet, &body);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Pages are slices of the full ranking, whatever the page size (the ranking checks phrases
    /// lazily, only as deep as the requested page needs).
    #[test]
    fn pages_are_slices_of_the_full_ranking(
        docs in prop::collection::vec((pooled_string(12), pooled_string(40)), 1..60),
        query in prop::sample::select(vec!["散装水泥", "水泥", "装水泥 节能", "泥水泥", "水泥管理 电力", "散装水 管"]),
        offset in 0usize..40,
        limit in 0usize..40,
    ) {
        let index = Index::build(docs.into_iter().enumerate().map(|(i, (title, body))| Doc {
            kind: "item".into(),
            reference: i.to_string(),
            title,
            body,
        }));
        let full = index.search(query, &SearchOptions { limit: usize::MAX, ..SearchOptions::default() });
        prop_assert_eq!(full.total, full.hits.len());
        for pair in full.hits.windows(2) {
            prop_assert!(pair[0].score >= pair[1].score);
        }
        let page = index.search(query, &SearchOptions { limit, offset, kinds: None });
        prop_assert_eq!(page.total, full.total);
        let expected: Vec<_> = full.hits.iter().skip(offset).take(limit).cloned().collect();
        prop_assert_eq!(page.hits, expected);
    }
}
