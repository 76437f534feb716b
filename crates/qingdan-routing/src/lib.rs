//! Routing (§二): given a matter in plain Chinese, name the responsible department.
//!
//! A responsibility list's part 二 (与相关部门的职责边界) names, for each matter several
//! departments share, what each one does (职责分工), on what basis (相关依据), and usually a
//! case example (案例) that draws the line. [`Router::resolve`] reads a question such as
//! “工地上自己拌混凝土归谁管？” and answers with the department, the boundary it comes from, its
//! basis, the case example and an explanation in Chinese that quotes the sentence it stands on.
//!
//! ```
//! let catalog = qingdan_core::parse_list(include_str!("../../../data/seeds/anhua.txt")).unwrap();
//! let router = qingdan_routing::Router::new(&catalog);
//! let r = router.resolve("工地上自己拌混凝土归谁管？").unwrap();
//! assert_eq!(r.department.as_deref(), Some("县住建局"));
//! assert_eq!(r.boundary_no, Some(8));
//! assert_eq!(router.resolve("我家的猫走丢了").unwrap().department, None);
//! ```
//!
//! # Design
//!
//! **The boundaries and their case examples are the rules.** [`RULES`] is a table, one row per
//! decision the list makes: its id, the boundary, the department it routes to, the cue phrases
//! that trigger it, phrases that rule it out, which other rules it takes precedence over (and
//! why), and the sentence of the 职责分工 or 案例 it stands on, quoted verbatim. Adding a decision
//! is adding a row and a test row; no code changes.
//!
//! **Only what the given list says.** [`Router::new`] keeps a rule only if the catalog has its
//! boundary (by 序号 and 管理事项, or by 管理事项 alone if renumbered), its department among that
//! boundary's parties, and every sentence the rule quotes. Another bureau's list, or a revised
//! one that no longer says it, never receives the Anhua answers. Answers always come from the
//! catalog: `basis`, `example` and `division` are its text.
//!
//! **Cues, not keywords.** A cue is a short pattern: alternatives (`现场|工地|施工现场`), parts
//! that may be a few characters apart (`工地…拌…混凝土` matches 工地上自己拌混凝土), and named
//! groups shared between rules (`{用}` = 使用、采用、用了 …). Text and cues are normalised alike
//! (黏→粘, 砼→混凝土, traditional→simplified for the words used, full-width→half-width, spaces
//! dropped), and a cue governed by a negator (没有现场搅拌, 不是袋装水泥, 非粘土砖) does not count,
//! while prohibitions and questions (不得使用, 有没有用) still do.
//!
//! **Scoring.** A rule's *specificity* is the number of characters its longest matching cue
//! covers; its *coverage* the characters all its matching cues cover. A rule needs a cue of at
//! least [`MIN_CUE_WEIGHT`] characters: a lone 物流 or 水泥 is not evidence. Candidates a
//! competing candidate takes precedence over are set aside (the case examples decide these:
//! bagged cement used → 县散装办 even where concrete is also mixed on site; bulk cement mixed on
//! site → 县住建局). The rest are ranked by specificity, then coverage. A tie between different
//! departments is reported as such — department `None`, both named — never guessed. When a
//! department wins over another that was also suggested, the explanation names the other and
//! says why.
//!
//! **Fallbacks.** If no rule fires, the text is compared with every party's 职责分工 by shared
//! character bigrams, leaving out those common to many divisions (负责, 工作, 发展). The bar is
//! high — at least 5 shared, at least 60 % of the text's bigrams, and 2 more than any other
//! department's division — so this fires only on near-quotations; it is what lets another
//! bureau's list route something without a rule table, and its explanation says the answer
//! rests on textual similarity. Failing that, a text naming a boundary's 管理事项
//! (“物流管理归谁管”) gets the boundary with every party's division and no department.
//! Otherwise the department is `None` and the explanation says the list does not cover the
//! matter, lists the boundaries it does cover, and suggests whom to ask.
//!
//! **Cost.** Cues are compiled once in [`Router::new`] (under 1 ms); all their fragments sit in
//! one table indexed by first character, so [`Router::resolve`] scans the text once and then
//! only chains occurrences: about 4 µs for a short question and about 50 µs for a
//! 500-character text dense with cue words (release build, measured on the 2-core machine).
//! The crate is pure: no I/O, no clock.
//!
//! **Limits.** One text gets one answer: a question mixing two matters is decided by the more
//! specific cue, or reported as a tie. Negation is a local heuristic (a negator within four
//! characters before a cue, or inside its gaps), not parsing. Cues cover the list's wording and
//! the everyday phrasings in the tests; a phrasing no cue anticipates gets `None`, not a guess.
#![deny(missing_docs)]

mod cue;
mod fallback;
mod normalize;
mod rules;

use qingdan_core::Catalog;
use serde::Serialize;

use crate::cue::{Match, Matcher, PatternId, Scan};
use crate::normalize::normalize;
pub use crate::rules::{GROUPS, RULES, Rule};

/// The longest text [`Router::resolve`] accepts, in characters.
pub const MAX_CHARS: usize = 500;

/// The fewest characters a rule's best cue must cover for the rule to count as evidence.
pub const MIN_CUE_WEIGHT: usize = 3;

/// Fallback: the fewest bigrams a text must share with a party's division.
const FALLBACK_MIN_SHARED: usize = 5;
/// Fallback: the share of the text's bigrams, in percent, found in that division.
const FALLBACK_MIN_PERCENT: usize = 60;
/// Fallback: how many more bigrams the best division must share than any other department's.
const FALLBACK_MIN_MARGIN: usize = 2;
/// Matter match: the share of the matter's bigrams, in percent, found in the text.
const MATTER_MIN_PERCENT: usize = 60;

/// Rule id reported when the department comes from the bigram fallback.
pub const RULE_DIVISION_SIMILARITY: &str = "division-similarity";
/// Rule id reported when only the boundary's 管理事项 was recognised.
pub const RULE_MATTER_ONLY: &str = "matter-only";
/// Rule id reported when rules for different departments tie.
pub const RULE_AMBIGUOUS: &str = "ambiguous";

/// Why a text cannot be routed at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoutingError {
    /// The text is empty or only whitespace.
    #[error("请输入要查询的事项")]
    Empty,
    /// The text is longer than `max` characters.
    #[error("查询内容过长，最多 {max} 个字")]
    TooLong {
        /// The limit, [`MAX_CHARS`].
        max: usize,
    },
    /// The text holds fewer than two Chinese characters: nothing a person could mean by a
    /// matter (`asdf`, `？？？`, `123456`). A real sentence the list does not cover is not an
    /// error: it gets no department and an explanation.
    #[error("无法识别的内容：请用中文描述要办理或反映的事项，如“工地上自己拌混凝土归谁管”")]
    Unrecognizable,
}

impl RoutingError {
    /// A stable machine-readable code: `empty` or `too_long`.
    pub fn code(&self) -> &'static str {
        match self {
            RoutingError::Empty => "empty",
            RoutingError::TooLong { .. } => "too_long",
            RoutingError::Unrecognizable => "unrecognizable",
        }
    }
}

/// The answer to a routing question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolution {
    /// The responsible department, e.g. `县住建局`; `None` when nothing in the list decides it.
    pub department: Option<String>,
    /// The boundary's 管理事项, e.g. `散装水泥推广应用监管`.
    pub matter: Option<String>,
    /// The boundary's 序号.
    pub boundary_no: Option<u32>,
    /// The boundary's 相关依据.
    pub basis: Option<String>,
    /// The boundary's 案例 (`None` when the list gives none).
    pub example: Option<String>,
    /// The department's 职责分工 row.
    pub division: Option<String>,
    /// Why this department, quoting the division of work or case example; or why none.
    pub explanation: String,
    /// Id of the decision rule that fired (a [`Rule::id`], or [`RULE_DIVISION_SIMILARITY`],
    /// [`RULE_MATTER_ONLY`], [`RULE_AMBIGUOUS`]); `None` when nothing matched.
    pub rule: Option<String>,
}

/// A boundary of the catalog, copied with its text normalised once.
#[derive(Debug, Clone)]
struct BoundaryInfo {
    no: u32,
    matter: String,
    basis: String,
    example: String,
    parties: Vec<(String, String)>,
    matter_bigrams: Vec<u64>,
}

/// A rule of [`RULES`] kept for this catalog, with its place in it and compiled cues.
#[derive(Debug, Clone)]
struct ActiveRule {
    rule: &'static Rule,
    boundary: usize,
    party: usize,
    cues: Vec<PatternId>,
    excludes: Vec<PatternId>,
    prevails_over: Vec<usize>,
}

/// A rule whose cues matched a text.
#[derive(Debug, Clone)]
struct Candidate {
    rule: usize,
    specificity: usize,
    coverage: usize,
    best: String,
    cues: Vec<String>,
}

/// Routes texts to departments by one catalog's boundaries. Build once; share freely
/// (`Send + Sync`, immutable).
#[derive(Debug, Clone)]
pub struct Router {
    bureau: String,
    boundaries: Vec<BoundaryInfo>,
    rules: Vec<ActiveRule>,
    matcher: Matcher,
    /// (boundary index, party index, bigrams of the party's division), generic ones removed.
    divisions: Vec<(usize, usize, Vec<u64>)>,
    /// Bigrams too common among the divisions to tell them apart (负责, 工作 …), sorted.
    generic: Vec<u64>,
}

impl Router {
    /// Builds a router for `catalog`: keeps the rules the catalog supports and compiles their
    /// cues, and indexes each party's division for the fallback.
    pub fn new(catalog: &Catalog) -> Router {
        let boundaries: Vec<BoundaryInfo> = catalog
            .boundaries
            .iter()
            .map(|b| BoundaryInfo {
                no: b.no,
                matter: b.matter.clone(),
                basis: b.basis.clone(),
                example: b.example.clone(),
                parties: b
                    .parties
                    .iter()
                    .map(|p| (p.department.trim().to_owned(), p.division.clone()))
                    .collect(),
                matter_bigrams: fallback::bigrams(&normalize(&b.matter)),
            })
            .collect();

        let mut matcher = Matcher::default();
        let mut rules: Vec<ActiveRule> = Vec::new();
        for rule in RULES {
            if let Some(active) = activate(rule, &boundaries, &mut matcher) {
                rules.push(active);
            }
        }
        let ids: Vec<&str> = rules.iter().map(|r| r.rule.id).collect();
        for active in &mut rules {
            active.prevails_over = active
                .rule
                .prevails_over
                .iter()
                .filter_map(|id| ids.iter().position(|x| x == id))
                .collect();
        }

        let mut divisions: Vec<(usize, usize, Vec<u64>)> = boundaries
            .iter()
            .enumerate()
            .flat_map(|(bi, b)| {
                b.parties
                    .iter()
                    .enumerate()
                    .map(move |(pi, (_, division))| {
                        (bi, pi, fallback::bigrams(&normalize(division)))
                    })
            })
            .collect();
        let generic = fallback::generic(divisions.iter().map(|(_, _, d)| d.as_slice()));
        for (_, _, d) in &mut divisions {
            d.retain(|g| generic.binary_search(g).is_err());
        }

        Router {
            bureau: catalog.bureau.trim().to_owned(),
            boundaries,
            rules,
            matcher,
            divisions,
            generic,
        }
    }

    /// The rules of [`RULES`] this catalog supports, in table order.
    pub fn active_rules(&self) -> impl Iterator<Item = &'static Rule> + '_ {
        self.rules.iter().map(|r| r.rule)
    }

    /// Names the department responsible for the matter `text` describes.
    ///
    /// # Errors
    /// [`RoutingError::Empty`] for an empty or blank text, [`RoutingError::TooLong`] for one
    /// over [`MAX_CHARS`] characters. Every other text gets a [`Resolution`], with
    /// `department: None` when the list does not decide it.
    pub fn resolve(&self, text: &str) -> Result<Resolution, RoutingError> {
        if text.chars().count() > MAX_CHARS {
            return Err(RoutingError::TooLong { max: MAX_CHARS });
        }
        if text.trim().is_empty() {
            return Err(RoutingError::Empty);
        }
        let normalized = normalize(text);
        let han = normalized
            .iter()
            .filter(|c| {
                ('\u{4e00}'..='\u{9fff}').contains(*c) || ('\u{3400}'..='\u{4dbf}').contains(*c)
            })
            .count();
        if han < 2 {
            return Err(RoutingError::Unrecognizable);
        }
        let scan = self.matcher.scan(&normalized);
        let candidates = self.candidates(&scan);
        if let Some(r) = self.decide(&candidates) {
            return Ok(r);
        }
        let bigrams = fallback::bigrams(&normalized);
        let specific: Vec<u64> = bigrams
            .iter()
            .copied()
            .filter(|g| self.generic.binary_search(g).is_err())
            .collect();
        if let Some(r) = self.by_division(&specific) {
            return Ok(r);
        }
        if let Some(r) = self.by_matter(&bigrams) {
            return Ok(r);
        }
        Ok(self.uncovered())
    }

    /// Every rule with a cue of at least [`MIN_CUE_WEIGHT`] characters and no exclusion.
    fn candidates(&self, scan: &Scan<'_>) -> Vec<Candidate> {
        let text = scan.text();
        let mut out = Vec::new();
        for (index, active) in self.rules.iter().enumerate() {
            let mut spans: Vec<(usize, usize)> = Vec::new();
            let mut best: Option<Match> = None;
            let mut matches: Vec<Match> = Vec::new();
            for &cue in &active.cues {
                for m in scan.matches(cue, true) {
                    spans.extend(m.spans.iter().copied());
                    if best.as_ref().is_none_or(|b| m.weight() > b.weight()) {
                        best = Some(m.clone());
                    }
                    matches.push(m);
                }
            }
            let Some(best) = best else { continue };
            if best.weight() < MIN_CUE_WEIGHT {
                continue;
            }
            if active
                .excludes
                .iter()
                .any(|&p| !scan.matches(p, false).is_empty())
            {
                continue;
            }
            // The phrases to show: each once, none that a longer match already contains.
            let mut cues: Vec<String> = Vec::new();
            for (i, m) in matches.iter().enumerate() {
                let inside_another = matches
                    .iter()
                    .enumerate()
                    .any(|(j, o)| j != i && m.within(o) && (!o.within(m) || j < i));
                let rendered = m.render(text);
                if !inside_another && !cues.contains(&rendered) {
                    cues.push(rendered);
                }
            }
            out.push(Candidate {
                rule: index,
                specificity: best.weight(),
                coverage: covered(&mut spans),
                best: best.render(text),
                cues,
            });
        }
        out
    }

    /// Picks the winning rule among the candidates, or reports a tie.
    fn decide(&self, candidates: &[Candidate]) -> Option<Resolution> {
        if candidates.is_empty() {
            return None;
        }
        let beaten_by = |c: &Candidate| {
            candidates
                .iter()
                .find(|o| o.rule != c.rule && self.rule(o.rule).prevails_over.contains(&c.rule))
        };
        let mut alive: Vec<&Candidate> = candidates
            .iter()
            .filter(|c| beaten_by(c).is_none())
            .collect();
        if alive.is_empty() {
            // Precedence in a cycle would set everything aside; rank them all instead.
            alive = candidates.iter().collect();
        }
        alive.sort_by_key(|c| {
            (
                std::cmp::Reverse(c.specificity),
                std::cmp::Reverse(c.coverage),
                c.rule,
            )
        });
        let winner = *alive.first()?;
        let department = self.department_of(winner.rule);
        if let Some(second) = alive.get(1)
            && self.department_of(second.rule) != department
            && (second.specificity, second.coverage) == (winner.specificity, winner.coverage)
        {
            return Some(self.ambiguous(winner, second));
        }

        // The best candidate of every other department, for the explanation.
        let mut considered: Vec<&Candidate> = Vec::new();
        let mut ranked: Vec<&Candidate> = candidates.iter().collect();
        ranked.sort_by_key(|c| {
            (
                std::cmp::Reverse(c.specificity),
                std::cmp::Reverse(c.coverage),
                c.rule,
            )
        });
        for c in ranked {
            let d = self.department_of(c.rule);
            if d != department && considered.iter().all(|k| self.department_of(k.rule) != d) {
                considered.push(c);
            }
        }
        let reasons: Vec<(&'static str, String)> = considered
            .iter()
            .map(|other| {
                let why = if self.rule(winner.rule).prevails_over.contains(&other.rule) {
                    self.rule(winner.rule).rule.precedence.to_owned()
                } else if let Some(by) = beaten_by(other) {
                    self.rule(by.rule).rule.precedence.to_owned()
                } else if other.specificity < winner.specificity {
                    format!("“{}”比“{}”更具体", winner.best, other.best)
                } else {
                    format!("指向{department}的表述更多")
                };
                let o = self.rule(other.rule).rule;
                let sentence = format!(
                    "所问内容也涉及{}（{}），但{}，故由{}负责。",
                    o.department, o.topic, why, department
                );
                (o.department, sentence)
            })
            .collect();
        Some(self.routed(winner, &reasons))
    }

    fn rule(&self, index: usize) -> &ActiveRule {
        // Candidates only hold indices of `self.rules`.
        &self.rules[index]
    }

    fn department_of(&self, index: usize) -> &'static str {
        self.rule(index).rule.department
    }

    /// The resolution for a winning rule.
    fn routed(&self, winner: &Candidate, considered: &[(&'static str, String)]) -> Resolution {
        let active = self.rule(winner.rule);
        let rule = active.rule;
        let b = &self.boundaries[active.boundary];
        let (department, division) = &b.parties[active.party];
        let mut explanation = format!(
            "所问事项涉及“{}”，属于清单“与相关部门的职责边界”第{}项“{}”，由{}负责。",
            rule.topic, b.no, b.matter, department
        );
        if !rule.division.is_empty() {
            explanation.push_str(&format!(
                "职责分工写明：{}“{}”。",
                department, rule.division
            ));
        }
        if !rule.case.is_empty() {
            explanation.push_str(&format!("清单案例：“{}”。", rule.case));
        }
        // A note pointing at another department is redundant once that department is discussed.
        if !considered.iter().any(|(d, _)| rule.note.contains(d)) {
            explanation.push_str(rule.note);
        }
        for (_, sentence) in considered {
            explanation.push_str(sentence);
        }
        explanation.push_str(&format!("（识别到的表述：“{}”。）", winner.cues.join("”“")));
        Resolution {
            department: Some(department.clone()),
            matter: Some(b.matter.clone()),
            boundary_no: Some(b.no),
            basis: Some(b.basis.clone()),
            example: non_empty(&b.example),
            division: Some(division.clone()),
            explanation,
            rule: Some(rule.id.to_owned()),
        }
    }

    /// Two rules for different departments, equally specific: say so, decide nothing.
    fn ambiguous(&self, a: &Candidate, b: &Candidate) -> Resolution {
        let (ra, rb) = (self.rule(a.rule), self.rule(b.rule));
        let explanation = format!(
            "所问事项同时涉及{}（{}，识别到“{}”）和{}（{}，识别到“{}”），两方面的表述同样具体，\
             清单无法据此确定由哪个部门负责，因此不作推断。请补充具体情形后再查询，或咨询{}。",
            ra.rule.department,
            ra.rule.topic,
            a.best,
            rb.rule.department,
            rb.rule.topic,
            b.best,
            self.whom()
        );
        let mut r = Resolution {
            department: None,
            matter: None,
            boundary_no: None,
            basis: None,
            example: None,
            division: None,
            explanation,
            rule: Some(RULE_AMBIGUOUS.to_owned()),
        };
        if ra.boundary == rb.boundary {
            let bd = &self.boundaries[ra.boundary];
            r.matter = Some(bd.matter.clone());
            r.boundary_no = Some(bd.no);
            r.basis = Some(bd.basis.clone());
            r.example = non_empty(&bd.example);
        }
        r
    }

    /// The fallback: a party whose division the text nearly quotes, clearly more than any other
    /// department's.
    fn by_division(&self, text: &[u64]) -> Option<Resolution> {
        if text.len() < FALLBACK_MIN_SHARED {
            return None;
        }
        let mut scored: Vec<(usize, usize, usize)> = self
            .divisions
            .iter()
            .map(|(bi, pi, d)| (fallback::shared(text, d), *bi, *pi))
            .collect();
        scored.sort_by_key(|&(n, bi, pi)| (std::cmp::Reverse(n), bi, pi));
        let &(shared, bi, pi) = scored.first()?;
        if shared < FALLBACK_MIN_SHARED || shared * 100 < text.len() * FALLBACK_MIN_PERCENT {
            return None;
        }
        let b = &self.boundaries[bi];
        let (department, division) = &b.parties[pi];
        let runner_up = scored
            .iter()
            .find(|&&(_, b2, p2)| self.boundaries[b2].parties[p2].0 != *department)
            .map_or(0, |&(n, _, _)| n);
        if shared < runner_up + FALLBACK_MIN_MARGIN {
            // Close to two departments' divisions: not decisive.
            return None;
        }
        let percent = shared * 100 / text.len().max(1);
        let explanation = format!(
            "所问事项与清单“与相关部门的职责边界”第{}项“{}”中{}的职责分工“{}”高度吻合\
             （所问文字的{}%与之相同），因此由{}负责。此结论依据文字相似度，未经专门规则确认，办理前请与该部门核实。",
            b.no, b.matter, department, division, percent, department
        );
        Some(Resolution {
            department: Some(department.clone()),
            matter: Some(b.matter.clone()),
            boundary_no: Some(b.no),
            basis: Some(b.basis.clone()),
            example: non_empty(&b.example),
            division: Some(division.clone()),
            explanation,
            rule: Some(RULE_DIVISION_SIMILARITY.to_owned()),
        })
    }

    /// A text that names a boundary's matter but nothing that decides between its parties.
    fn by_matter(&self, text: &[u64]) -> Option<Resolution> {
        let (bi, _) = self
            .boundaries
            .iter()
            .enumerate()
            .filter_map(|(bi, b)| {
                let m = b.matter_bigrams.len();
                let n = fallback::shared(text, &b.matter_bigrams);
                (m > 0 && n >= m.min(3) && n * 100 >= m * MATTER_MIN_PERCENT)
                    .then_some((bi, n * 1000 / m))
            })
            .max_by_key(|&(bi, score)| (score, std::cmp::Reverse(bi)))?;
        let b = &self.boundaries[bi];
        let parties: Vec<String> = b
            .parties
            .iter()
            .map(|(d, division)| format!("{d}：{division}"))
            .collect();
        let explanation = format!(
            "所问事项属于清单“与相关部门的职责边界”第{}项“{}”，该事项由多个部门分工负责——{}。\
             所问内容没有说明具体情形，无法确定由哪一个部门负责，请补充具体情形后再查询。",
            b.no,
            b.matter,
            parties.join("；")
        );
        Some(Resolution {
            department: None,
            matter: Some(b.matter.clone()),
            boundary_no: Some(b.no),
            basis: Some(b.basis.clone()),
            example: non_empty(&b.example),
            division: None,
            explanation,
            rule: Some(RULE_MATTER_ONLY.to_owned()),
        })
    }

    /// Nothing in the list covers the text.
    fn uncovered(&self) -> Resolution {
        let mut explanation = String::from(
            "清单的职责边界中没有涉及该事项的规定，无法据此确定责任部门，因此不作推断。",
        );
        if !self.boundaries.is_empty() {
            let matters: Vec<&str> = self.boundaries.iter().map(|b| b.matter.as_str()).collect();
            explanation.push_str(&format!(
                "清单列明的职责边界共{}项：{}。",
                matters.len(),
                matters
                    .iter()
                    .map(|m| format!("“{m}”"))
                    .collect::<Vec<_>>()
                    .join("、")
            ));
        }
        explanation.push_str(&format!(
            "建议咨询{}，或拨打12345政务服务便民热线。",
            self.whom()
        ));
        Resolution {
            department: None,
            matter: None,
            boundary_no: None,
            basis: None,
            example: None,
            division: None,
            explanation,
            rule: None,
        }
    }

    /// Whom to ask when the list does not answer.
    fn whom(&self) -> &str {
        if self.bureau.is_empty() {
            "相关主管部门"
        } else {
            &self.bureau
        }
    }
}

/// Keeps `rule` if the catalog supports it, compiling its cues into `matcher`.
fn activate(
    rule: &'static Rule,
    boundaries: &[BoundaryInfo],
    matcher: &mut Matcher,
) -> Option<ActiveRule> {
    let matter = normalize(rule.matter);
    let same_matter = |b: &BoundaryInfo| normalize(&b.matter) == matter;
    let boundary = boundaries
        .iter()
        .position(|b| b.no == rule.boundary_no && same_matter(b))
        .or_else(|| boundaries.iter().position(same_matter))?;
    let b = boundaries.get(boundary)?;
    let party = b.parties.iter().position(|(d, _)| d == rule.department)?;
    let (_, division) = b.parties.get(party)?;
    if !rule.division.is_empty() && !contains(&normalize(division), &normalize(rule.division)) {
        return None;
    }
    if !rule.case.is_empty() && !contains(&normalize(&b.example), &normalize(rule.case)) {
        return None;
    }
    let compile = |sources: &[&str], matcher: &mut Matcher| -> Option<Vec<PatternId>> {
        sources
            .iter()
            .map(|s| matcher.add(s, GROUPS).ok())
            .collect()
    };
    let cues = compile(rule.cues, matcher)?;
    let excludes = compile(rule.excludes, matcher)?;
    if cues.is_empty() {
        return None;
    }
    Some(ActiveRule {
        rule,
        boundary,
        party,
        cues,
        excludes,
        prevails_over: Vec::new(),
    })
}

/// Whether `needle` occurs in `haystack`.
fn contains(haystack: &[char], needle: &[char]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

/// How many characters the union of `spans` covers.
fn covered(spans: &mut [(usize, usize)]) -> usize {
    spans.sort_unstable();
    let mut total = 0;
    let mut reach = 0;
    for &(s, e) in spans.iter() {
        let s = s.max(reach);
        if e > s {
            total += e - s;
            reach = e;
        }
    }
    total
}

fn non_empty(s: &str) -> Option<String> {
    (!s.trim().is_empty()).then(|| s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anhua() -> Catalog {
        qingdan_core::parse_list(include_str!("../../../data/seeds/anhua.txt")).unwrap()
    }

    #[test]
    fn every_rule_is_supported_by_the_anhua_list() {
        let router = Router::new(&anhua());
        let active: Vec<&str> = router.active_rules().map(|r| r.id).collect();
        let all: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        assert_eq!(
            active, all,
            "a rule's boundary, department, quote or cue does not hold"
        );
    }

    #[test]
    fn every_cue_compiles() {
        let mut m = Matcher::default();
        for rule in RULES {
            for cue in rule.cues.iter().chain(rule.excludes) {
                assert!(m.add(cue, GROUPS).is_ok(), "{}: {cue}", rule.id);
            }
        }
    }

    #[test]
    fn rule_ids_are_unique_and_precedence_refers_to_known_rules() {
        for (i, rule) in RULES.iter().enumerate() {
            assert!(
                RULES.iter().skip(i + 1).all(|r| r.id != rule.id),
                "duplicate id {}",
                rule.id
            );
            assert!(
                !rule.division.is_empty() || !rule.case.is_empty(),
                "{} quotes nothing",
                rule.id
            );
            assert_eq!(
                rule.prevails_over.is_empty(),
                rule.precedence.is_empty(),
                "{}: precedence needs a reason and vice versa",
                rule.id
            );
            for id in rule.prevails_over {
                let other = RULES.iter().find(|r| r.id == *id);
                assert!(other.is_some(), "{} prevails over unknown {id}", rule.id);
            }
        }
    }

    #[test]
    fn precedence_has_no_cycles() {
        fn reaches(from: &str, to: &str, depth: usize) -> bool {
            depth < RULES.len()
                && RULES.iter().find(|r| r.id == from).is_some_and(|r| {
                    r.prevails_over
                        .iter()
                        .any(|&next| next == to || reaches(next, to, depth + 1))
                })
        }
        for rule in RULES {
            assert!(
                !reaches(rule.id, rule.id, 0),
                "{} prevails over itself",
                rule.id
            );
        }
    }

    #[test]
    fn covered_counts_the_union() {
        assert_eq!(covered(&mut [(0, 4), (2, 6), (8, 9)]), 7);
        assert_eq!(covered(&mut []), 0);
    }
}
