//! Cue phrases: a tiny pattern language, compiled once, matched in one pass over the text.
//!
//! A cue is written as parts separated by gaps:
//! * `A|B|C` — alternatives of one part (at one position the longest alternative is tried
//!   first);
//! * `…` — the next part follows within [`WIDE_GAP`] characters;
//! * `~` — the next part follows within [`NARROW_GAP`] characters;
//! * `{名}` — a named group of alternatives from the rule table, spliced in textually.
//!
//! So `{工地}…{拌}…混凝土` matches 工地上自己拌混凝土 and 施工现场搅拌混凝土. A gap never
//! crosses the end of a clause (。！？； or a line break), so parts must belong to one clause.
//!
//! **Negation.** A match does not count when a negator stands in the few characters before it
//! (within the clause) or inside its gaps: 没有现场搅拌混凝土, 不是袋装水泥, 非粘土砖. Forms that look
//! like negation but are not are let through: prohibitions and modal questions (不得、不准、不许、
//! 不让、不能、不可、不应、不该、不要), A-not-A questions (有没有、是不是、能不能、用不用), 未经 (未经许可,
//! "without permission") and 非法/非常.
//!
//! Every fragment of every cue lives in one table indexed by its first character; a scan of
//! the text records where each fragment occurs, and a cue then only chains occurrences.

use std::collections::HashMap;

use crate::normalize::{is_hard_stop, is_punct, normalize};

/// Largest gap, in characters, that `…` allows between two parts.
pub(crate) const WIDE_GAP: usize = 8;
/// Largest gap, in characters, that `~` allows between two parts.
pub(crate) const NARROW_GAP: usize = 3;
/// How far back, in characters, a negator before a match is looked for.
const NEGATION_WINDOW: usize = 4;

/// Index of a compiled pattern in a [`Matcher`].
pub(crate) type PatternId = usize;

#[derive(Debug, Clone)]
struct Part {
    /// Fragment ids, longest first.
    alts: Vec<usize>,
    /// Largest gap allowed before this part (0 for the first).
    gap: usize,
}

#[derive(Debug, Clone)]
struct Pattern {
    parts: Vec<Part>,
}

/// All compiled cue patterns, with their fragments indexed by first character.
#[derive(Debug, Clone, Default)]
pub(crate) struct Matcher {
    fragments: Vec<Vec<char>>,
    ids: HashMap<Vec<char>, usize>,
    by_first: HashMap<char, Vec<usize>>,
    patterns: Vec<Pattern>,
}

/// One match of a pattern: the spans (start, end) of its parts in the normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Match {
    pub spans: Vec<(usize, usize)>,
}

impl Match {
    /// How many characters of the text the match's parts cover (gaps not counted).
    pub fn weight(&self) -> usize {
        self.spans.iter().map(|(s, e)| e - s).sum()
    }

    /// Whether every character this match covers is covered by `other` too.
    pub fn within(&self, other: &Match) -> bool {
        self.spans
            .iter()
            .all(|&(s, e)| (s..e).all(|i| other.spans.iter().any(|&(os, oe)| os <= i && i < oe)))
    }

    /// The matched parts joined by `…`, for explanations.
    pub fn render(&self, text: &[char]) -> String {
        let mut out = String::new();
        let mut previous_end = None;
        for &(s, e) in &self.spans {
            if previous_end.is_some_and(|p| p < s) {
                out.push('…');
            }
            previous_end = Some(e);
            out.extend(text.get(s..e).unwrap_or_default());
        }
        out
    }
}

/// Why a cue could not be compiled (only ever a defect of the rule table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CueError {
    /// `{name}` names no group.
    UnknownGroup(String),
    /// A part or an alternative is empty after normalisation.
    EmptyFragment,
}

impl Matcher {
    /// Compiles `source` (with `{group}`s from `groups`) and returns its id.
    pub fn add(&mut self, source: &str, groups: &[(&str, &str)]) -> Result<PatternId, CueError> {
        let expanded = expand(source, groups)?;
        let mut parts = Vec::new();
        let mut gap = 0;
        let mut current = String::new();
        let mut chars = expanded.chars().peekable();
        loop {
            let c = chars.next();
            match c {
                Some('…') | Some('~') | None => {
                    parts.push(self.part(&current, gap)?);
                    current.clear();
                    gap = if c == Some('~') { NARROW_GAP } else { WIDE_GAP };
                    if c.is_none() {
                        break;
                    }
                }
                Some(c) => current.push(c),
            }
        }
        self.patterns.push(Pattern { parts });
        Ok(self.patterns.len() - 1)
    }

    fn part(&mut self, source: &str, gap: usize) -> Result<Part, CueError> {
        let mut alts = Vec::new();
        for alt in source.split('|') {
            let chars = normalize(alt);
            if chars.is_empty() {
                return Err(CueError::EmptyFragment);
            }
            let id = match self.ids.get(&chars) {
                Some(&id) => id,
                None => {
                    let id = self.fragments.len();
                    if let Some(&first) = chars.first() {
                        self.by_first.entry(first).or_default().push(id);
                    }
                    self.ids.insert(chars.clone(), id);
                    self.fragments.push(chars);
                    id
                }
            };
            if !alts.contains(&id) {
                alts.push(id);
            }
        }
        let len = |id: &usize| self.fragments.get(*id).map_or(0, Vec::len);
        alts.sort_by_key(|id| std::cmp::Reverse(len(id)));
        Ok(Part { alts, gap })
    }

    /// Finds where every fragment occurs in `text` (normalised).
    pub fn scan<'a>(&'a self, text: &'a [char]) -> Scan<'a> {
        let mut occurrences: Vec<Vec<usize>> = vec![Vec::new(); self.fragments.len()];
        for (i, c) in text.iter().enumerate() {
            let Some(ids) = self.by_first.get(c) else {
                continue;
            };
            let rest = &text[i..];
            for &id in ids {
                if let (Some(fragment), Some(list)) =
                    (self.fragments.get(id), occurrences.get_mut(id))
                    && rest.starts_with(fragment)
                {
                    list.push(i);
                }
            }
        }
        Scan {
            matcher: self,
            text,
            occurrences,
        }
    }
}

/// Expands `{group}` references.
fn expand(source: &str, groups: &[(&str, &str)]) -> Result<String, CueError> {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let Some(close) = after.find('}') else {
            return Err(CueError::UnknownGroup(after.to_owned()));
        };
        let name = &after[..=close];
        let Some((_, alts)) = groups.iter().find(|(n, _)| *n == name) else {
            return Err(CueError::UnknownGroup(name.to_owned()));
        };
        out.push_str(alts);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The occurrences of every fragment in one text.
pub(crate) struct Scan<'a> {
    matcher: &'a Matcher,
    text: &'a [char],
    occurrences: Vec<Vec<usize>>,
}

impl Scan<'_> {
    /// The normalised text scanned.
    pub fn text(&self) -> &[char] {
        self.text
    }

    /// Whether any fragment of the pattern's first part occurs at all (a cheap pre-check).
    fn may_match(&self, pattern: &Pattern) -> bool {
        pattern.parts.iter().all(|part| {
            part.alts
                .iter()
                .any(|id| self.occurrences.get(*id).is_some_and(|o| !o.is_empty()))
        })
    }

    /// Every match of `pattern`, at most one per starting position (the longest first part that
    /// chains). With `negation`, matches a negator governs are left out.
    pub fn matches(&self, pattern: PatternId, negation: bool) -> Vec<Match> {
        let Some(pattern) = self.matcher.patterns.get(pattern) else {
            return Vec::new();
        };
        if !self.may_match(pattern) {
            return Vec::new();
        }
        let Some(first) = pattern.parts.first() else {
            return Vec::new();
        };
        let mut starts: Vec<(usize, usize)> = Vec::new();
        for &id in &first.alts {
            let len = self.fragment_len(id);
            if let Some(list) = self.occurrences.get(id) {
                starts.extend(list.iter().map(|&s| (s, len)));
            }
        }
        starts.sort_by_key(|&(s, len)| (s, std::cmp::Reverse(len)));
        let mut out = Vec::new();
        let mut done_at = None;
        for (s, len) in starts {
            if done_at == Some(s) {
                continue;
            }
            let mut spans = vec![(s, s + len)];
            if self.chain(pattern, 1, &mut spans, negation) {
                done_at = Some(s);
                out.push(Match { spans });
            }
        }
        out
    }

    /// Extends `spans` with parts `k..`; true when a whole (non-negated) chain was found.
    fn chain(
        &self,
        pattern: &Pattern,
        k: usize,
        spans: &mut Vec<(usize, usize)>,
        negation: bool,
    ) -> bool {
        let Some(part) = pattern.parts.get(k) else {
            return !negation || !self.negated(spans);
        };
        let Some(&(_, prev_end)) = spans.last() else {
            return false;
        };
        let mut next: Vec<(usize, usize)> = Vec::new();
        for &id in &part.alts {
            let len = self.fragment_len(id);
            let Some(list) = self.occurrences.get(id) else {
                continue;
            };
            let from = list.partition_point(|&s| s < prev_end);
            for &s in list.iter().skip(from) {
                if s > prev_end + part.gap {
                    break;
                }
                next.push((s, len));
            }
        }
        next.sort_by_key(|&(s, len)| (s, std::cmp::Reverse(len)));
        for (s, len) in next {
            let gap = self.text.get(prev_end..s).unwrap_or_default();
            if gap.iter().any(|&c| is_hard_stop(c)) {
                // Later starts only widen the gap.
                break;
            }
            spans.push((s, s + len));
            if self.chain(pattern, k + 1, spans, negation) {
                return true;
            }
            spans.pop();
        }
        false
    }

    fn fragment_len(&self, id: usize) -> usize {
        self.matcher.fragments.get(id).map_or(0, Vec::len)
    }

    /// Whether a negator governs the match: in the window before it or inside its gaps.
    fn negated(&self, spans: &[(usize, usize)]) -> bool {
        let Some(&(start, _)) = spans.first() else {
            return false;
        };
        let mut lo = start;
        while lo > 0 && start - lo < NEGATION_WINDOW {
            let Some(&c) = self.text.get(lo - 1) else {
                break;
            };
            if is_punct(c) || ends_negation_scope(c) {
                break;
            }
            lo -= 1;
        }
        if self.has_negator(lo, start) {
            return true;
        }
        spans.windows(2).any(|w| self.has_negator(w[0].1, w[1].0))
    }

    fn has_negator(&self, from: usize, to: usize) -> bool {
        let at = |i: usize| self.text.get(i).copied();
        (from..to).any(|i| {
            let prev = i.checked_sub(1).and_then(at);
            let next = at(i + 1);
            match at(i) {
                // A-not-A questions: 有没有, 是不是, 能不能, 用不用 …
                Some('没' | '不') if prev.is_some() && prev == next => false,
                Some('没') => true,
                Some('未') => next != Some('经'),
                Some('不') => !matches!(
                    next,
                    Some('得' | '准' | '许' | '让' | '能' | '可' | '应' | '该' | '要' | '知')
                ),
                Some('非') => !matches!(next, Some('法' | '常')),
                _ => false,
            }
        })
    }
}

/// Words after which an earlier negator no longer applies (没办证就用袋装水泥).
fn ends_negation_scope(c: char) -> bool {
    matches!(c, '就' | '却' | '但' | '而' | '还' | '又' | '才' | '再')
}

#[cfg(test)]
mod tests {
    use super::*;

    const GROUPS: &[(&str, &str)] = &[("{拌}", "搅拌|拌和|拌")];

    fn found(cue: &str, text: &str) -> Vec<String> {
        let mut m = Matcher::default();
        let id = m.add(cue, GROUPS).unwrap();
        let t = normalize(text);
        let scan = m.scan(&t);
        scan.matches(id, true)
            .iter()
            .map(|x| x.render(&t))
            .collect()
    }

    #[test]
    fn parts_chain_within_gaps() {
        assert_eq!(
            found("工地…{拌}…混凝土", "工地上自己拌混凝土"),
            ["工地…拌混凝土"]
        );
        assert_eq!(
            found("现场~{拌}", "现场搅拌"),
            ["现场搅拌"],
            "adjacent parts render joined"
        );
        assert!(
            found("现场~{拌}", "现场有一台机器在搅拌").is_empty(),
            "narrow gap"
        );
        assert!(
            found("工地…混凝土", "工地在哪。混凝土呢").is_empty(),
            "a clause ends"
        );
        assert_eq!(found("工地…混凝土", "工地上，混凝土"), ["工地…混凝土"]);
    }

    #[test]
    fn negation() {
        assert!(found("现场…搅拌", "没有在现场搅拌").is_empty());
        assert!(
            found("现场…搅拌", "现场并没搅拌").is_empty(),
            "negator in a gap"
        );
        assert!(found("袋装水泥", "不是袋装水泥").is_empty());
        assert!(found("粘土砖", "用非黏土砖").is_empty());
        assert_eq!(
            found("袋装水泥", "有没有用袋装水泥").len(),
            1,
            "A-not-A question"
        );
        assert_eq!(
            found("袋装水泥", "不得使用袋装水泥").len(),
            1,
            "a prohibition"
        );
        assert_eq!(
            found("袋装水泥", "没办证就用袋装水泥").len(),
            1,
            "scope ends at 就"
        );
        assert_eq!(
            found("袋装水泥", "没有，袋装水泥").len(),
            1,
            "scope ends at a comma"
        );
        assert_eq!(
            found("跑运输", "未经许可跑运输").len(),
            1,
            "未经 is not a negation"
        );
        assert_eq!(found("袋装水泥", "非法使用袋装水泥").len(), 1);
    }

    #[test]
    fn longest_alternative_first() {
        assert_eq!(found("{拌}…混凝土", "拌和混凝土"), ["拌和混凝土"]);
    }

    #[test]
    fn bad_cues_are_errors() {
        let mut m = Matcher::default();
        assert!(matches!(
            m.add("{无此组}", GROUPS),
            Err(CueError::UnknownGroup(_))
        ));
        assert_eq!(m.add("a||b", GROUPS), Err(CueError::EmptyFragment));
        assert_eq!(m.add("a…", GROUPS), Err(CueError::EmptyFragment));
    }
}
