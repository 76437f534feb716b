//! The inverted index and the search.

use std::cmp::Ordering;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::hash::FxMap;
use crate::query::Query;
use crate::snippet::{Scratch, Snippet};
use crate::text::{Tok, for_each_token, normalize_into};

/// BM25 term-frequency saturation.
const K1: f32 = 1.2;
/// BM25 length normalisation.
const B: f32 = 0.75;
/// Title occurrences count this many times body occurrences (in term frequency and length).
const TITLE_WEIGHT: u32 = 2;
/// The index is compacted (rebuilt without tombstones) once it holds more than this many
/// tombstones *and* more tombstones than live documents.
const COMPACT_MIN_TOMBSTONES: usize = 1024;

/// One searchable document. `(kind, reference)` is its key: upserting a document with the same
/// key replaces it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Doc {
    /// What the document is: e.g. `"duty"`, `"item"`, `"boundary"`, `"system"`, `"service"`, later
    /// `"complaint"`, `"case"`. Searches can be restricted to some kinds.
    pub kind: String,
    /// The document's reference within its kind, e.g. `"一.6.4"` or `"三(五)"`; opaque here.
    pub reference: String,
    /// The title; its matches weigh twice as much as the body's.
    pub title: String,
    /// The body text.
    pub body: String,
}

/// Options of one search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchOptions {
    /// At most this many hits are returned (default 20).
    pub limit: usize,
    /// This many of the best hits are skipped first (for paging).
    pub offset: usize,
    /// When set, only documents of these kinds match (so `Some(vec![])` matches nothing).
    pub kinds: Option<Vec<String>>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        Self {
            limit: 20,
            offset: 0,
            kinds: None,
        }
    }
}

/// The result of a search: how many documents matched, and the requested page of them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SearchResults {
    /// The number of matching documents, before `offset` and `limit`.
    pub total: usize,
    /// The requested page of matches, best first.
    pub hits: Vec<Hit>,
}

/// One matching document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// The document's kind.
    pub kind: String,
    /// The document's reference.
    pub reference: String,
    /// The document's title, as given.
    pub title: String,
    /// The relevance score (higher is better): BM25 plus, for each phrase of three or more Han
    /// characters found contiguously, a bonus that outweighs any BM25 difference.
    pub score: f32,
    /// About 60 characters of the body around the best occurrence of the query terms.
    pub snippet: Snippet,
    /// The whole title with its occurrences of the query terms marked.
    pub title_marked: Snippet,
}

/// Whether `query` contains anything to search for (a Han character, a letter or a digit).
/// Searching an unsearchable query returns no hits.
pub fn is_searchable(query: &str) -> bool {
    !Query::parse(query).is_empty()
}

/// The documents containing one term: sorted ids, each with its weighted term frequency.
#[derive(Debug, Clone, Default)]
struct Postings {
    ids: Vec<u32>,
    /// Body frequency + [`TITLE_WEIGHT`] × title frequency, saturated at 255.
    tfs: Vec<u8>,
    /// The number of live documents in `ids` (tombstoned ones are not counted).
    df: u32,
}

impl Postings {
    fn push(&mut self, id: u32, tf: u32) {
        self.ids.push(id);
        self.tfs.push(u8::try_from(tf).unwrap_or(u8::MAX));
        self.df += 1;
    }
}

/// Per-slot data read while scoring; kept apart from the documents for cache friendliness.
#[derive(Debug, Clone, Copy)]
struct Meta {
    /// Weighted length: body tokens + [`TITLE_WEIGHT`] × title tokens.
    len: u32,
    /// Interned kind.
    kind: u32,
    live: bool,
}

/// An in-memory full-text index of [`Doc`]s. See the crate documentation for the design.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Slot `id` holds document `id`, or `None` once it has been removed (a tombstone).
    docs: Vec<Option<Doc>>,
    meta: Vec<Meta>,
    /// Interned kinds, and per kind the live documents by reference.
    kinds: Vec<String>,
    kind_ids: HashMap<String, u32>,
    keys: Vec<HashMap<String, u32>>,
    /// Han unigrams and bigrams (see `text::uni_key`, `text::bi_key`).
    han: FxMap<u64, Postings>,
    /// Whole words.
    words: FxMap<Box<str>, Postings>,
    live: usize,
    total_len: u64,
}

/// The weighted term frequencies of one document, before they go into the postings.
#[derive(Debug, Default)]
struct DocTerms {
    han: Vec<(u64, u32)>,
    words: Vec<(Box<str>, u32)>,
    len: u32,
}

impl DocTerms {
    fn of(doc: &Doc, norm: &mut Vec<char>) -> Self {
        let mut t = DocTerms::default();
        for (text, weight) in [(&doc.title, TITLE_WEIGHT), (&doc.body, 1)] {
            normalize_into(text, norm);
            for_each_token(norm, |tok, _, _| {
                t.len = t.len.saturating_add(weight);
                match tok {
                    Tok::Han(key) => t.han.push((key, weight)),
                    Tok::Word(chars) => t.words.push((chars.iter().collect(), weight)),
                }
            });
        }
        t.han = sum_by_key(std::mem::take(&mut t.han));
        t.words = sum_by_key(std::mem::take(&mut t.words));
        t
    }
}

/// Sorts by key and sums the weights of equal keys.
fn sum_by_key<K: Ord>(mut v: Vec<(K, u32)>) -> Vec<(K, u32)> {
    v.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut out: Vec<(K, u32)> = Vec::with_capacity(v.len());
    for (k, w) in v {
        match out.last_mut() {
            Some(last) if last.0 == k => last.1 = last.1.saturating_add(w),
            _ => out.push((k, w)),
        }
    }
    out
}

/// The first position at or after `from` whose id is `>= target` (galloping search).
fn gallop(ids: &[u32], from: usize, target: u32) -> usize {
    match ids.get(from) {
        None => return ids.len(),
        Some(&id) if id >= target => return from,
        Some(_) => {}
    }
    // Invariant: ids[lo] < target.
    let mut lo = from;
    let mut step = 1;
    let mut hi = lo + 1;
    while ids.get(hi).is_some_and(|&id| id < target) {
        lo = hi;
        step *= 2;
        hi = lo + step;
    }
    let hi = hi.min(ids.len());
    lo + 1
        + ids
            .get(lo + 1..hi)
            .map_or(0, |s| s.partition_point(|&id| id < target))
}

/// One query term's postings during a search.
struct Cursor<'a> {
    ids: &'a [u32],
    tfs: &'a [u8],
    idf: f32,
    pos: usize,
}

impl Index {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    /// An index of `docs`; a later document replaces an earlier one with the same key.
    pub fn build(docs: impl IntoIterator<Item = Doc>) -> Self {
        let mut index = Self::new();
        let mut norm = Vec::new();
        for doc in docs {
            index.upsert_with(doc, &mut norm);
        }
        index
    }

    /// Adds `doc`, replacing the document with the same `(kind, reference)` if there is one. The
    /// replacement counts as newly inserted for tie-breaking.
    pub fn upsert(&mut self, doc: Doc) {
        self.upsert_with(doc, &mut Vec::new());
    }

    fn upsert_with(&mut self, doc: Doc, norm: &mut Vec<char>) {
        self.remove(&doc.kind, &doc.reference);
        let kind = self.intern_kind(&doc.kind);
        // Slots are never reused and at most about twice the live documents (see `compact`), so
        // 2^32 slots would take far more memory than any machine has.
        let id = self.docs.len() as u32;
        let terms = DocTerms::of(&doc, norm);
        for (key, tf) in terms.han {
            self.han.entry(key).or_default().push(id, tf);
        }
        for (word, tf) in terms.words {
            self.words.entry(word).or_default().push(id, tf);
        }
        if let Some(keys) = self.keys.get_mut(kind as usize) {
            keys.insert(doc.reference.clone(), id);
        }
        self.meta.push(Meta {
            len: terms.len,
            kind,
            live: true,
        });
        self.docs.push(Some(doc));
        self.live += 1;
        self.total_len += u64::from(terms.len);
    }

    fn intern_kind(&mut self, kind: &str) -> u32 {
        if let Some(&id) = self.kind_ids.get(kind) {
            return id;
        }
        let id = self.kinds.len() as u32;
        self.kinds.push(kind.to_owned());
        self.kind_ids.insert(kind.to_owned(), id);
        self.keys.push(HashMap::new());
        id
    }

    /// Removes the document with key `(kind, reference)`; returns whether there was one.
    pub fn remove(&mut self, kind: &str, reference: &str) -> bool {
        let Some(&kind_id) = self.kind_ids.get(kind) else {
            return false;
        };
        let Some(id) = self
            .keys
            .get_mut(kind_id as usize)
            .and_then(|keys| keys.remove(reference))
        else {
            return false;
        };
        let Some(doc) = self.docs.get_mut(id as usize).and_then(Option::take) else {
            return false;
        };
        // The id stays in the postings as a tombstone; only the live counts change.
        let terms = DocTerms::of(&doc, &mut Vec::new());
        for (key, _) in terms.han {
            if let Some(p) = self.han.get_mut(&key) {
                p.df = p.df.saturating_sub(1);
            }
        }
        for (word, _) in terms.words {
            if let Some(p) = self.words.get_mut(&word) {
                p.df = p.df.saturating_sub(1);
            }
        }
        if let Some(m) = self.meta.get_mut(id as usize) {
            m.live = false;
            self.total_len = self.total_len.saturating_sub(u64::from(m.len));
        }
        self.live -= 1;
        let tombstones = self.docs.len() - self.live;
        if tombstones > COMPACT_MIN_TOMBSTONES && tombstones > self.live {
            self.compact();
        }
        true
    }

    /// Rebuilds the index from its live documents, in their order, dropping tombstones.
    fn compact(&mut self) {
        let docs = std::mem::take(&mut self.docs);
        *self = Self::build(docs.into_iter().flatten());
    }

    /// The number of documents.
    pub fn len(&self) -> usize {
        self.live
    }

    /// Whether the index holds no document.
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// The document with key `(kind, reference)`, if any.
    pub fn get(&self, kind: &str, reference: &str) -> Option<&Doc> {
        let kind_id = *self.kind_ids.get(kind)?;
        let id = *self.keys.get(kind_id as usize)?.get(reference)?;
        self.docs.get(id as usize)?.as_ref()
    }

    /// A rough estimate of the heap memory the index uses, in bytes.
    pub fn heap_size_estimate(&self) -> usize {
        use std::mem::size_of;
        let postings = |p: &Postings| p.ids.capacity() * 4 + p.tfs.capacity();
        let han: usize = self.han.values().map(postings).sum::<usize>()
            + self.han.capacity() * (size_of::<u64>() + size_of::<Postings>() + 1);
        let words: usize = self
            .words
            .iter()
            .map(|(w, p)| w.len() + postings(p))
            .sum::<usize>()
            + self.words.capacity() * (size_of::<Box<str>>() + size_of::<Postings>() + 1);
        let docs: usize = self
            .docs
            .iter()
            .flatten()
            .map(|d| {
                d.kind.capacity()
                    + d.reference.capacity() * 2
                    + d.title.capacity()
                    + d.body.capacity()
            })
            .sum::<usize>()
            + self.docs.capacity() * size_of::<Option<Doc>>()
            + self.meta.capacity() * size_of::<Meta>()
            + self.live * (size_of::<String>() + size_of::<u32>() + 1);
        han + words + docs
    }

    /// Searches: every query term is required (see the crate documentation); results are ranked
    /// best first, ties in insertion order.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> SearchResults {
        let q = Query::parse(query);
        if q.is_empty() || self.live == 0 {
            return SearchResults::default();
        }
        let Some(mut cursors) = self.cursors(&q) else {
            return SearchResults::default();
        };
        let kind_filter: Option<Vec<bool>> = opts.kinds.as_ref().map(|kinds| {
            let mut allowed = vec![false; self.kinds.len()];
            for k in kinds {
                if let Some(slot) = self
                    .kind_ids
                    .get(k.as_str())
                    .and_then(|&id| allowed.get_mut(id as usize))
                {
                    *slot = true;
                }
            }
            allowed
        });
        if kind_filter.as_ref().is_some_and(|a| !a.contains(&true)) {
            return SearchResults::default();
        }

        // Any document's BM25 for this query is below `bonus`: each term adds less than
        // idf × (k1 + 1). So each exact phrase lifts a document above all with fewer phrases.
        let bonus: f32 = cursors.iter().map(|c| c.idf * (K1 + 1.0)).sum();
        let avgdl = (self.total_len as f32 / self.live as f32).max(1.0);

        cursors.sort_by_key(|c| c.ids.len());
        let Some((first, rest)) = cursors.split_first_mut() else {
            return SearchResults::default();
        };
        // Tiers (exact phrases found) are filled in later, and only where the page needs them.
        let mut matches: Vec<Ranked> = Vec::with_capacity(first.ids.len());
        'candidates: for (i, &id) in first.ids.iter().enumerate() {
            let Some(meta) = self.meta.get(id as usize) else {
                continue;
            };
            if !meta.live {
                continue;
            }
            if let Some(allowed) = &kind_filter
                && !allowed.get(meta.kind as usize).copied().unwrap_or(false)
            {
                continue;
            }
            let norm = K1 * (1.0 - B + B * meta.len as f32 / avgdl);
            let bm25 = |idf: f32, tf: Option<&u8>| {
                let tf = f32::from(tf.copied().unwrap_or(0));
                idf * tf * (K1 + 1.0) / (tf + norm)
            };
            let mut score = bm25(first.idf, first.tfs.get(i));
            for c in rest.iter_mut() {
                c.pos = gallop(c.ids, c.pos, id);
                match c.ids.get(c.pos) {
                    None => break 'candidates,
                    Some(&other) if other != id => continue 'candidates,
                    Some(_) => score += bm25(c.idf, c.tfs.get(c.pos)),
                }
            }
            matches.push(Ranked {
                tier: 0,
                bm25: score,
                id,
            });
        }

        let total = matches.len();
        let page = if q.phrases.is_empty() {
            top(matches, opts.offset, opts.limit)
        } else {
            self.rank_with_phrases(matches, &q, opts.offset, opts.limit)
        };
        let mut scratch = Scratch::default();
        let hits = page
            .into_iter()
            .filter_map(|r| {
                let doc = self.docs.get(r.id as usize)?.as_ref()?;
                Some(Hit {
                    kind: doc.kind.clone(),
                    reference: doc.reference.clone(),
                    title: doc.title.clone(),
                    score: r.bm25 + r.tier as f32 * bonus,
                    snippet: scratch.snippet(&doc.body, &q),
                    title_marked: scratch.mark_all(&doc.title, &q),
                })
            })
            .collect();
        SearchResults { total, hits }
    }

    /// The number of the query's phrases that document `id` contains contiguously.
    fn phrases_in(&self, id: u32, q: &Query) -> u32 {
        let Some(Some(doc)) = self.docs.get(id as usize) else {
            return 0;
        };
        // Phrases are pure Han, which normalisation leaves alone: the original text will do.
        let found = q
            .phrases
            .iter()
            .filter(|p| doc.title.contains(p.as_str()) || doc.body.contains(p.as_str()))
            .count();
        u32::try_from(found).unwrap_or(u32::MAX)
    }

    /// The requested page when the query has phrases, checking as few documents for them as
    /// possible: documents are checked in BM25 order, in growing batches, until `offset + limit`
    /// of them contain every phrase (or all are checked). Any unchecked document containing every
    /// phrase would rank after those, as it comes later in BM25 order; so the page is exactly the
    /// one a check of every match would give.
    fn rank_with_phrases(
        &self,
        mut matches: Vec<Ranked>,
        q: &Query,
        offset: usize,
        limit: usize,
    ) -> Vec<Ranked> {
        let k = offset.saturating_add(limit);
        let n = matches.len();
        if k == 0 || offset >= n {
            return Vec::new();
        }
        let all_phrases = u32::try_from(q.phrases.len()).unwrap_or(u32::MAX);
        let mut complete = 0usize;
        let mut batch_end = k.max(32);
        let mut done = 0;
        while done < n && complete < k {
            let upto = batch_end.min(n);
            // matches[..done] already hold the best `done` in BM25 order (their tiers set); bring
            // the next ones. Unchecked matches all have tier 0, so `rank_order` is BM25 order.
            if let Some(rest) = matches.get_mut(done..) {
                let want = upto - done;
                if want < rest.len() {
                    rest.select_nth_unstable_by(want, rank_order);
                }
            }
            for m in matches.get_mut(done..upto).unwrap_or_default() {
                m.tier = self.phrases_in(m.id, q);
                if m.tier == all_phrases {
                    complete += 1;
                }
            }
            done = upto;
            batch_end = batch_end.saturating_mul(4);
        }
        matches.truncate(done);
        top(matches, offset, limit)
    }

    /// One cursor per query term, or `None` when some term occurs in no document.
    fn cursors(&self, q: &Query) -> Option<Vec<Cursor<'_>>> {
        let n = self.live as f32;
        fn cursor(p: &Postings, n: f32) -> Option<Cursor<'_>> {
            if p.df == 0 {
                return None;
            }
            let df = p.df as f32;
            Some(Cursor {
                ids: &p.ids,
                tfs: &p.tfs,
                idf: (1.0 + (n - df + 0.5) / (df + 0.5)).ln(),
                pos: 0,
            })
        }
        let mut cursors = Vec::with_capacity(q.term_count());
        for key in &q.han {
            cursors.push(cursor(self.han.get(key)?, n)?);
        }
        for word in &q.words {
            cursors.push(cursor(self.words.get(word.as_str())?, n)?);
        }
        Some(cursors)
    }
}

/// A match being ranked: more exact phrases first, then higher BM25, then insertion order.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Ranked {
    tier: u32,
    bm25: f32,
    id: u32,
}

fn rank_order(a: &Ranked, b: &Ranked) -> Ordering {
    b.tier
        .cmp(&a.tier)
        .then(b.bm25.total_cmp(&a.bm25))
        .then(a.id.cmp(&b.id))
}

/// The page `offset..offset + limit` of `matches` in [`rank_order`].
fn top(mut matches: Vec<Ranked>, offset: usize, limit: usize) -> Vec<Ranked> {
    let k = offset.saturating_add(limit);
    if k == 0 || offset >= matches.len() {
        return Vec::new();
    }
    if k < matches.len() {
        matches.select_nth_unstable_by(k, rank_order);
        matches.truncate(k);
    }
    matches.sort_unstable_by(rank_order);
    matches.drain(offset.min(matches.len())..).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(kind: &str, reference: &str, title: &str, body: &str) -> Doc {
        Doc {
            kind: kind.into(),
            reference: reference.into(),
            title: title.into(),
            body: body.into(),
        }
    }

    fn refs(r: &SearchResults) -> Vec<&str> {
        r.hits.iter().map(|h| h.reference.as_str()).collect()
    }

    #[test]
    fn gallop_finds_lower_bound() {
        let ids: Vec<u32> = (0..100).map(|i| i * 3).collect();
        for from in [0, 1, 5, 50, 99, 100] {
            for target in 0..310 {
                let expect = from.max(ids.partition_point(|&x| x < target));
                assert_eq!(
                    gallop(&ids, from, target),
                    expect,
                    "from {from} target {target}"
                );
            }
        }
        assert_eq!(gallop(&[], 0, 5), 0);
    }

    #[test]
    fn top_pages() {
        let m: Vec<Ranked> = [(1.0, 0), (3.0, 1), (2.0, 2), (3.0, 3), (0.5, 4)]
            .into_iter()
            .map(|(bm25, id)| Ranked { tier: 0, bm25, id })
            .collect();
        let ids = |v: Vec<Ranked>| v.into_iter().map(|x| x.id).collect::<Vec<_>>();
        assert_eq!(ids(top(m.clone(), 0, 10)), vec![1, 3, 2, 0, 4]);
        assert_eq!(ids(top(m.clone(), 0, 2)), vec![1, 3]);
        assert_eq!(ids(top(m.clone(), 2, 2)), vec![2, 0]);
        assert_eq!(ids(top(m.clone(), 4, 2)), vec![4]);
        assert_eq!(ids(top(m.clone(), 5, 2)), Vec::<u32>::new());
        assert_eq!(ids(top(m.clone(), 1, 0)), Vec::<u32>::new());
        assert_eq!(ids(top(m, usize::MAX, usize::MAX)), Vec::<u32>::new());
    }

    #[test]
    fn tombstones_are_skipped_and_df_updated() {
        let mut index = Index::build([
            doc("item", "1", "水泥", "散装水泥"),
            doc("item", "2", "节能", "工业节能"),
        ]);
        assert!(index.remove("item", "1"));
        assert!(!index.remove("item", "1"));
        assert_eq!(index.search("水泥", &SearchOptions::default()).total, 0);
        assert_eq!(
            index
                .han
                .get(&crate::text::bi_key('水', '泥'))
                .map(|p| p.df),
            Some(0)
        );
        assert_eq!(index.len(), 1);
        assert_eq!(index.docs.len(), 2);
    }

    #[test]
    fn compaction_keeps_order_and_content() {
        let mut index = Index::new();
        for i in 0..3000 {
            index.upsert(doc("item", &i.to_string(), "水泥", &format!("第{i}条")));
        }
        for i in 0..2500 {
            assert!(index.remove("item", &i.to_string()));
        }
        assert!(index.docs.len() < 3000, "compacted");
        assert_eq!(index.len(), 500);
        let opts = SearchOptions {
            limit: 3,
            ..SearchOptions::default()
        };
        let r = index.search("水泥", &opts);
        assert_eq!(r.total, 500);
        assert_eq!(refs(&r), vec!["2500", "2501", "2502"]);
        assert!(index.get("item", "2999").is_some());
        assert!(index.get("item", "1").is_none());
    }

    #[test]
    fn tie_break_is_insertion_order() {
        let index = Index::build((0..50).map(|i| doc("item", &i.to_string(), "同名", "水泥")));
        let r = index.search("水泥", &SearchOptions::default());
        let expect: Vec<String> = (0..20).map(|i| i.to_string()).collect();
        assert_eq!(
            refs(&r),
            expect.iter().map(String::as_str).collect::<Vec<_>>()
        );
    }

    #[test]
    fn lazy_phrase_ranking_goes_as_deep_as_needed() {
        // 300 documents with every bigram of 散装水泥 but not the phrase, scoring high on BM25,
        // inserted before 10 long documents with the phrase once, scoring low.
        let mut docs: Vec<Doc> = (0..300)
            .map(|i| {
                doc(
                    "item",
                    &format!("s{i}"),
                    "散装，装水，水泥",
                    "散装、装水、水泥",
                )
            })
            .collect();
        let filler = "各级人民政府应当加强监督检查。".repeat(8);
        docs.extend((0..10).map(|i| {
            doc(
                "item",
                &format!("e{i}"),
                "其他",
                &format!("{filler}散装水泥{filler}"),
            )
        }));
        let index = Index::build(docs);
        let full = index.search(
            "散装水泥",
            &SearchOptions {
                limit: usize::MAX,
                ..SearchOptions::default()
            },
        );
        assert_eq!(full.total, 310);
        let expect: Vec<String> = (0..10).map(|i| format!("e{i}")).collect();
        assert_eq!(
            &refs(&full)[..10],
            expect.iter().map(String::as_str).collect::<Vec<_>>()
        );
        assert!(full.hits[9].score > full.hits[10].score);
        for (offset, limit) in [(0, 1), (0, 5), (3, 7), (9, 2), (0, 20), (50, 30), (305, 10)] {
            let page = index.search(
                "散装水泥",
                &SearchOptions {
                    limit,
                    offset,
                    kinds: None,
                },
            );
            assert_eq!(page.total, 310);
            let end = (offset + limit).min(full.hits.len());
            assert_eq!(
                page.hits,
                full.hits[offset..end],
                "offset {offset} limit {limit}"
            );
        }
    }

    #[test]
    fn empty_kind_filter_matches_nothing() {
        let index = Index::build([doc("item", "1", "水泥", "")]);
        let opts = SearchOptions {
            kinds: Some(vec![]),
            ..SearchOptions::default()
        };
        assert_eq!(index.search("水泥", &opts).total, 0);
        let opts = SearchOptions {
            kinds: Some(vec!["nope".into()]),
            ..SearchOptions::default()
        };
        assert_eq!(index.search("水泥", &opts).total, 0);
    }

    #[test]
    fn heap_estimate_grows() {
        let small = Index::build([doc("item", "1", "水泥", "")]);
        let big =
            Index::build((0..100).map(|i| doc("item", &i.to_string(), "水泥", "散装水泥专项资金")));
        assert!(big.heap_size_estimate() > small.heap_size_estimate());
    }
}
