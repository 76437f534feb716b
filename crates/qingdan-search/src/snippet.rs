//! Highlighted snippets.
//!
//! Matching happens on the normalised characters, display uses the original ones: normalisation
//! maps one character to one character, so positions agree. Snippet text is therefore always a
//! piece of the *original* text (plus "…" where it was cut).

use serde::{Deserialize, Serialize};

use crate::query::Query;
use crate::text::{for_each_token, normalize_char};

/// About how many characters of the body a snippet shows.
pub const SNIPPET_CHARS: usize = 60;
/// How many characters of context a snippet tries to show before the first highlighted term.
const CONTEXT_BEFORE: usize = 20;
/// At most this many highlighted places are considered as the snippet's anchor.
const MAX_ANCHORS: usize = 16;
/// The mark put where a snippet cuts the text.
pub const ELLIPSIS: &str = "…";

/// A piece of text, highlighted or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fragment {
    /// The original (not normalised) text of the fragment.
    pub text: String,
    /// Whether this fragment is an occurrence of a query term.
    pub hit: bool,
}

/// A short text made of fragments, some of them highlighted. Adjacent fragments never have the
/// same `hit` flag, and no fragment is empty.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Snippet {
    /// The fragments, in text order.
    pub fragments: Vec<Fragment>,
}

impl Snippet {
    /// The snippet as HTML: every fragment HTML-escaped, hits wrapped in `<mark>…</mark>`.
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        for f in &self.fragments {
            if f.hit {
                out.push_str("<mark>");
                escape_html_into(&f.text, &mut out);
                out.push_str("</mark>");
            } else {
                escape_html_into(&f.text, &mut out);
            }
        }
        out
    }

    /// The snippet as plain text (fragments concatenated).
    pub fn plain(&self) -> String {
        self.fragments.iter().map(|f| f.text.as_str()).collect()
    }

    /// Appends text, merging it into the last fragment when the `hit` flag is the same.
    fn push(&mut self, text: &str, hit: bool) {
        if text.is_empty() {
            return;
        }
        match self.fragments.last_mut() {
            Some(last) if last.hit == hit => last.text.push_str(text),
            _ => self.fragments.push(Fragment {
                text: text.to_owned(),
                hit,
            }),
        }
    }
}

/// Escapes `&`, `<`, `>`, `"` and `'`.
fn escape_html_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// One occurrence of query term `term` at characters `start..end`.
#[derive(Debug, Clone, Copy)]
struct Occ {
    start: usize,
    end: usize,
    term: usize,
}

/// Scratch buffers, reused across the hits of one search.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    orig: Vec<char>,
    norm: Vec<char>,
    occs: Vec<Occ>,
    marks: Vec<(usize, usize)>,
    seen: Vec<bool>,
}

impl Scratch {
    /// Loads `text`, finds every occurrence of the query's terms, and merges overlapping or
    /// touching occurrences into marks (so 散装水泥 is one mark, not three bigrams).
    fn load(&mut self, text: &str, q: &Query) {
        self.orig.clear();
        self.orig.extend(text.chars());
        self.norm.clear();
        self.norm
            .extend(self.orig.iter().map(|&c| normalize_char(c)));
        self.occs.clear();
        let occs = &mut self.occs;
        for_each_token(&self.norm, |tok, start, end| {
            if let Some(term) = q.term_of(tok) {
                occs.push(Occ { start, end, term });
            }
        });
        // Tokens come out ordered by start already.
        self.marks.clear();
        for o in &self.occs {
            match self.marks.last_mut() {
                Some(last) if o.start <= last.1 => last.1 = last.1.max(o.end),
                _ => self.marks.push((o.start, o.end)),
            }
        }
        // Where the text holds a query phrase whole, mark only the places that do: for 散装水泥
        // the 装水泥 inside 袋装水泥 (bagged, the opposite) is not a hit.
        if !q.phrases.is_empty() {
            let norm = &self.norm;
            let holds_phrase = |&(ms, me): &(usize, usize)| {
                let text: String = norm
                    .get(ms..me)
                    .map(|cs| cs.iter().collect())
                    .unwrap_or_default();
                q.phrases.iter().any(|p| text.contains(p.as_str()))
            };
            if self.marks.iter().any(holds_phrase) {
                self.marks.retain(holds_phrase);
            }
        }
    }

    /// Builds a snippet of `orig[ws..we]` with the marks clipped to it.
    fn build(&self, ws: usize, we: usize) -> Snippet {
        let mut s = Snippet::default();
        let len = self.orig.len();
        let slice = |a: usize, b: usize| -> String {
            self.orig
                .get(a..b)
                .map(|cs| cs.iter().collect())
                .unwrap_or_default()
        };
        if ws > 0 {
            s.push(ELLIPSIS, false);
        }
        let mut pos = ws;
        for &(ms, me) in &self.marks {
            let (ms, me) = (ms.max(ws), me.min(we));
            if ms >= me {
                continue;
            }
            s.push(&slice(pos, ms), false);
            s.push(&slice(ms, me), true);
            pos = me;
        }
        s.push(&slice(pos, we), false);
        if we < len {
            s.push(ELLIPSIS, false);
        }
        s
    }

    /// The window of about [`SNIPPET_CHARS`] characters around the best place: the candidate
    /// anchor (one of the first marks) whose window holds the most distinct query terms, then
    /// the longest mark, then the earliest.
    fn best_window(&mut self, term_count: usize) -> (usize, usize) {
        let len = self.orig.len();
        let window = |anchor: usize| {
            let start = anchor.saturating_sub(CONTEXT_BEFORE);
            let end = (start + SNIPPET_CHARS).min(len);
            (end.saturating_sub(SNIPPET_CHARS), end)
        };
        let mut best: Option<((usize, usize), (usize, usize))> = None;
        for &(ms, me) in self.marks.iter().take(MAX_ANCHORS) {
            let (ws, we) = window(ms);
            self.seen.clear();
            self.seen.resize(term_count, false);
            for o in &self.occs {
                if o.start >= ws
                    && o.end <= we
                    && let Some(flag) = self.seen.get_mut(o.term)
                {
                    *flag = true;
                }
            }
            let distinct = self.seen.iter().filter(|&&b| b).count();
            let key = (distinct, me - ms);
            if best.is_none_or(|(k, _)| key > k) {
                best = Some((key, (ws, we)));
            }
        }
        best.map_or((0, SNIPPET_CHARS.min(len)), |(_, w)| w)
    }

    /// A body snippet: about [`SNIPPET_CHARS`] characters around the best occurrence of the query
    /// terms, or the start of the text when it has none.
    pub(crate) fn snippet(&mut self, text: &str, q: &Query) -> Snippet {
        self.load(text, q);
        let (ws, we) = self.best_window(q.term_count());
        self.build(ws, we)
    }

    /// The whole text with every occurrence of the query terms marked (for titles).
    pub(crate) fn mark_all(&mut self, text: &str, q: &Query) -> Snippet {
        self.load(text, q);
        self.build(0, self.orig.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frags(s: &Snippet) -> Vec<(&str, bool)> {
        s.fragments
            .iter()
            .map(|f| (f.text.as_str(), f.hit))
            .collect()
    }

    #[test]
    fn a_part_of_the_phrase_elsewhere_is_not_marked() {
        let q = Query::parse("散装水泥");
        let mut scratch = Scratch::default();
        let s = scratch.snippet("违法使用袋装水泥的，推广散装水泥", &q);
        let marked: Vec<&str> = frags(&s).into_iter().filter(|f| f.1).map(|f| f.0).collect();
        assert_eq!(marked, ["散装水泥"]);
    }

    #[test]
    fn phrase_is_one_mark() {
        let q = Query::parse("散装水泥");
        let s = Scratch::default().mark_all("推广散装水泥工作", &q);
        assert_eq!(
            frags(&s),
            vec![("推广", false), ("散装水泥", true), ("工作", false)]
        );
        assert_eq!(s.to_html(), "推广<mark>散装水泥</mark>工作");
    }

    #[test]
    fn full_width_hit_shows_original() {
        let q = Query::parse("0737");
        let s = Scratch::default().mark_all("电话：０７３７-1234", &q);
        assert_eq!(
            frags(&s),
            vec![("电话：", false), ("０７３７", true), ("-1234", false)]
        );
    }

    #[test]
    fn html_is_escaped() {
        let q = Query::parse("水泥");
        let s = Scratch::default().mark_all("<script>alert('水泥&')</script>", &q);
        assert_eq!(
            s.to_html(),
            "&lt;script&gt;alert(&#39;<mark>水泥</mark>&amp;&#39;)&lt;/script&gt;"
        );
    }

    #[test]
    fn long_body_is_cut_with_ellipses() {
        let body = format!("{}散装水泥{}", "甲".repeat(100), "乙".repeat(100));
        let q = Query::parse("散装水泥");
        let s = Scratch::default().snippet(&body, &q);
        let plain = s.plain();
        assert!(plain.starts_with(ELLIPSIS) && plain.ends_with(ELLIPSIS));
        assert_eq!(plain.chars().count(), SNIPPET_CHARS + 2);
        assert_eq!(s.fragments.iter().filter(|f| f.hit).count(), 1);
        assert_eq!(
            plain.chars().position(|c| c == '散'),
            Some(1 + CONTEXT_BEFORE)
        );
    }

    #[test]
    fn no_hit_gives_start() {
        let body = "乙".repeat(100);
        let s = Scratch::default().snippet(&body, &Query::parse("水泥"));
        assert_eq!(
            frags(&s),
            vec![(format!("{}…", "乙".repeat(SNIPPET_CHARS)).as_str(), false)]
        );
    }

    #[test]
    fn window_prefers_place_with_more_terms() {
        let body = format!("水泥{}水泥节能{}", "甲".repeat(80), "乙".repeat(80));
        let s = Scratch::default().snippet(&body, &Query::parse("水泥 节能"));
        let hits: Vec<_> = s.fragments.iter().filter(|f| f.hit).collect();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits.first().map(|f| f.text.as_str()), Some("水泥节能"));
    }
}
