//! Qingdan's full-text search over Chinese text: in memory, pure Rust, no I/O, no dictionary.
//!
//! The index holds [`Doc`]s — catalog items of the responsibility list (duties, items,
//! boundaries, systems, services) now, complaints and cases later — each keyed by
//! `(kind, reference)`, and answers queries with ranked [`Hit`]s carrying highlighted
//! [`Snippet`]s.
//!
//! # Design
//!
//! **Character bigrams instead of word segmentation.** Chinese has no spaces, and most words of
//! the regulatory domain are two characters long (水泥, 节能, 电力, 散装) or built from such
//! (墙体材料, 预拌混凝土). A segmenter needs a dictionary, which would be large, domain-specific
//! and wrong on new terms. Instead every run of Han characters is indexed as all its overlapping
//! bigrams (散装水泥 → 散装, 装水, 水泥) plus its unigrams. A two-character word is then exactly
//! one index term, so 水泥 matches 散装水泥专项资金 and 节能 matches 工业节能降耗 without any
//! dictionary; a longer query needs all its bigrams; a one-character query uses the unigrams.
//!
//! **Normalisation.** Full-width ASCII forms (U+FF01–U+FF5E) become half-width and ASCII letters
//! are lowercased, so ０７３７ finds 0737 and `gb` finds `GB`. Runs of ASCII (or other non-Han)
//! letters and digits are indexed as whole words. Whitespace and punctuation, ASCII and CJK
//! (，。、；：“”《》（）【】…), separate tokens and are never indexed; no token crosses them.
//! Normalisation maps each character to exactly one character, so positions found on the
//! normalised text are valid on the original, which is what snippets display.
//!
//! **Matching.** A document matches when it contains every query term (AND, including across
//! space-separated parts of the query). A document that has all the bigrams of a phrase such as
//! 散装水泥 but only in separate places (散装…水泥…装水) still matches, but ranks below every
//! document containing the phrase contiguously.
//!
//! **Ranking.** BM25 (k1 = 1.2, b = 0.75) summed over the query terms, where a title occurrence
//! counts twice (in term frequency and document length), plus, for every query phrase of three
//! or more Han characters found contiguously in the title or body, a bonus larger than any BM25
//! sum for that query. Ties keep insertion order, so results are deterministic.
//!
//! **Data structures.** Postings are sorted `Vec<u32>` document ids with a parallel `Vec<u8>` of
//! weighted term frequencies; a query intersects them starting from the shortest list, galloping
//! through the longer ones. Document lengths are precomputed. Removal tombstones the document
//! (its ids stay in the postings, live document frequencies are updated) and the index rebuilds
//! itself once tombstones outnumber live documents. Snippets are computed only for the
//! requested page of hits. An [`Index`] is plain data: `Send + Sync + Clone`.
//!
//! ```
//! use qingdan_search::{Doc, Index, SearchOptions};
//!
//! let index = Index::build([Doc {
//!     kind: "item".into(),
//!     reference: "一.6.4".into(),
//!     title: "散装水泥专项资金征收".into(),
//!     body: "负责散装水泥专项资金的征收和管理。".into(),
//! }]);
//! let results = index.search("水泥", &SearchOptions::default());
//! assert_eq!(results.total, 1);
//! assert_eq!(
//!     results.hits[0].snippet.to_html(),
//!     "负责散装<mark>水泥</mark>专项资金的征收和管理。"
//! );
//! ```
#![deny(missing_docs)]

mod hash;
mod index;
mod query;
mod snippet;
mod text;

pub use index::{Doc, Hit, Index, SearchOptions, SearchResults, is_searchable};
pub use snippet::{ELLIPSIS, Fragment, SNIPPET_CHARS, Snippet};
