//! Behaviour of `qingdan-search` through its public API.

use qingdan_search::{Doc, Fragment, Index, SearchOptions, SearchResults, Snippet, is_searchable};

fn doc(kind: &str, reference: &str, title: &str, body: &str) -> Doc {
    Doc {
        kind: kind.into(),
        reference: reference.into(),
        title: title.into(),
        body: body.into(),
    }
}

fn all() -> SearchOptions {
    SearchOptions {
        limit: usize::MAX,
        ..SearchOptions::default()
    }
}

fn refs(r: &SearchResults) -> Vec<&str> {
    r.hits.iter().map(|h| h.reference.as_str()).collect()
}

fn sample() -> Index {
    Index::build([
        doc(
            "item",
            "一.6.4",
            "散装水泥专项资金征收",
            "负责散装水泥专项资金的征收、管理和使用的监督检查。",
        ),
        doc(
            "duty",
            "三(五)",
            "工业节能降耗",
            "组织推进工业节能降耗和资源综合利用，推广新型墙体材料。",
        ),
        doc(
            "boundary",
            "二.1",
            "无线电管理",
            "负责无线电频率的规划、分配和管理，查处非法设台。联系电话：0737-4225103",
        ),
        doc(
            "service",
            "四.2",
            "中小企业服务",
            "为中小企业提供信息安全咨询，执行GB32100标准。",
        ),
    ])
}

#[test]
fn two_character_words_match_inside_longer_text() {
    let index = sample();
    assert_eq!(refs(&index.search("水泥", &all())), vec!["一.6.4"]);
    assert_eq!(refs(&index.search("节能", &all())), vec!["三(五)"]);
    assert_eq!(refs(&index.search("墙体", &all())), vec!["三(五)"]);
}

#[test]
fn phrase_matches_documents_containing_it() {
    let index = sample();
    assert_eq!(refs(&index.search("散装水泥", &all())), vec!["一.6.4"]);
    assert_eq!(refs(&index.search("新型墙体材料", &all())), vec!["三(五)"]);
    assert_eq!(index.search("散装节能", &all()).total, 0);
}

#[test]
fn one_character_query_uses_unigrams() {
    let index = sample();
    assert_eq!(refs(&index.search("泥", &all())), vec!["一.6.4"]);
    let r = index.search("管", &all());
    let mut found = refs(&r);
    found.sort_unstable();
    assert_eq!(found, vec!["一.6.4", "二.1"]);
    // 无线电管理 has 管 in its title and twice in all: it ranks first.
    assert_eq!(r.hits[0].reference, "二.1");
    // Two separate one-character parts are both required.
    assert_eq!(refs(&index.search("泥 征", &all())), vec!["一.6.4"]);
}

#[test]
fn space_separated_terms_are_all_required() {
    let index = sample();
    assert_eq!(refs(&index.search("水泥 监督检查", &all())), vec!["一.6.4"]);
    assert_eq!(index.search("水泥 节能", &all()).total, 0);
    assert_eq!(
        refs(&index.search("  节能，墙体材料 ", &all())),
        vec!["三(五)"]
    );
}

#[test]
fn tokens_do_not_cross_punctuation() {
    let index = Index::build([doc("item", "1", "", "水，泥。散装 水泥")]);
    assert_eq!(index.search("泥散", &all()).total, 0);
    assert_eq!(index.search("水泥", &all()).total, 1);
    let index = Index::build([doc("item", "1", "", "水，泥")]);
    assert_eq!(index.search("水泥", &all()).total, 0);
    assert_eq!(index.search("水", &all()).total, 1);
}

#[test]
fn ascii_words_and_full_width_digits() {
    let index = sample();
    assert_eq!(refs(&index.search("0737", &all())), vec!["二.1"]);
    assert_eq!(refs(&index.search("０７３７", &all())), vec!["二.1"]);
    assert_eq!(refs(&index.search("gb32100", &all())), vec!["四.2"]);
    assert_eq!(refs(&index.search("ＧＢ３２１００", &all())), vec!["四.2"]);
    // Whole words only.
    assert_eq!(index.search("073", &all()).total, 0);
    assert_eq!(index.search("gb", &all()).total, 0);

    let index = Index::build([doc("item", "1", "", "电话０７３７－４２２５１０３")]);
    let r = index.search("0737", &all());
    assert_eq!(r.total, 1);
    let hit = &r.hits[0];
    assert_eq!(
        hit.snippet.to_html(),
        "电话<mark>０７３７</mark>－４２２５１０３"
    );
}

#[test]
fn title_phrase_outranks_single_occurrence_in_long_body() {
    let long_body = format!(
        "{}散装水泥{}",
        "各级人民政府应当加强监督检查。".repeat(10),
        "依法实施行政处罚。".repeat(10)
    );
    let index = Index::build([
        doc("item", "body", "专项检查", &long_body),
        doc("item", "title", "散装水泥管理", "负责有关工作。"),
    ]);
    let r = index.search("散装水泥", &all());
    assert_eq!(refs(&r), vec!["title", "body"]);
    assert!(r.hits[0].score > r.hits[1].score);
}

#[test]
fn exact_phrase_outranks_scattered_bigrams() {
    let index = Index::build([
        // All three bigrams of 散装水泥, never contiguous; and many of them.
        doc(
            "item",
            "scattered",
            "散装散装",
            "散装、水泥、装水、散装水、装水泥，水泥水泥装水",
        ),
        doc(
            "item",
            "exact",
            "专项资金",
            "用于推广散装水泥的专项资金，以及其他大量无关的文字内容用于拉长正文长度。",
        ),
    ]);
    let r = index.search("散装水泥", &all());
    assert_eq!(r.total, 2);
    assert_eq!(refs(&r), vec!["exact", "scattered"]);
}

#[test]
fn upsert_replaces_by_kind_and_reference() {
    let mut index = sample();
    assert_eq!(index.len(), 4);
    index.upsert(doc("item", "一.6.4", "预拌混凝土", "预拌混凝土质量监督。"));
    assert_eq!(index.len(), 4);
    assert_eq!(index.search("水泥", &all()).total, 0);
    assert_eq!(refs(&index.search("混凝土", &all())), vec!["一.6.4"]);
    // The same reference under another kind is another document.
    index.upsert(doc("duty", "一.6.4", "预拌混凝土", "另一种类。"));
    assert_eq!(index.len(), 5);
    assert_eq!(index.search("混凝土", &all()).total, 2);
    assert_eq!(
        index.get("item", "一.6.4").map(|d| d.title.as_str()),
        Some("预拌混凝土")
    );
}

#[test]
fn remove_removes() {
    let mut index = sample();
    assert!(index.remove("item", "一.6.4"));
    assert!(!index.remove("item", "一.6.4"));
    assert!(!index.remove("nope", "一.6.4"));
    assert!(!index.remove("duty", "一.6.4"));
    assert_eq!(index.len(), 3);
    assert_eq!(index.search("水泥", &all()).total, 0);
    assert_eq!(index.search("监督检查", &all()).total, 0);
    assert_eq!(index.search("节能", &all()).total, 1);
    assert!(index.remove("duty", "三(五)"));
    assert!(index.remove("boundary", "二.1"));
    assert!(index.remove("service", "四.2"));
    assert!(index.is_empty());
    assert_eq!(index.search("管理", &all()).total, 0);
}

#[test]
fn kinds_filter() {
    let index = Index::build([
        doc("duty", "1", "水泥", ""),
        doc("item", "2", "水泥", ""),
        doc("complaint", "3", "水泥", ""),
    ]);
    let opts = |kinds: &[&str]| SearchOptions {
        kinds: Some(kinds.iter().map(|k| k.to_string()).collect()),
        ..all()
    };
    assert_eq!(refs(&index.search("水泥", &opts(&["item"]))), vec!["2"]);
    assert_eq!(
        refs(&index.search("水泥", &opts(&["duty", "complaint"]))),
        vec!["1", "3"]
    );
    assert_eq!(index.search("水泥", &opts(&["case"])).total, 0);
    assert_eq!(index.search("水泥", &all()).total, 3);
}

#[test]
fn offset_limit_and_total() {
    let index =
        Index::build((0..45).map(|i| doc("item", &i.to_string(), "节能", &format!("第{i}项"))));
    let r = index.search("节能", &SearchOptions::default());
    assert_eq!(r.total, 45);
    assert_eq!(r.hits.len(), 20);
    assert_eq!(r.hits[0].reference, "0");
    let page = |offset, limit| {
        index.search(
            "节能",
            &SearchOptions {
                limit,
                offset,
                kinds: None,
            },
        )
    };
    let r = page(40, 20);
    assert_eq!(r.total, 45);
    assert_eq!(refs(&r), vec!["40", "41", "42", "43", "44"]);
    let r = page(20, 3);
    assert_eq!(refs(&r), vec!["20", "21", "22"]);
    let r = page(100, 3);
    assert_eq!((r.total, r.hits.len()), (45, 0));
    let r = page(0, 0);
    assert_eq!((r.total, r.hits.len()), (45, 0));
}

#[test]
fn snippet_marks_are_merged_and_escaped() {
    let index = Index::build([doc(
        "complaint",
        "1",
        "关于散装水泥的<投诉>",
        "<script>alert(1)</script>有人反映散装水泥运输 & 储存问题",
    )]);
    let r = index.search("散装水泥", &all());
    let hit = &r.hits[0];
    assert_eq!(
        hit.snippet.to_html(),
        "&lt;script&gt;alert(1)&lt;/script&gt;有人反映<mark>散装水泥</mark>运输 &amp; 储存问题"
    );
    assert_eq!(
        hit.title_marked.to_html(),
        "关于<mark>散装水泥</mark>的&lt;投诉&gt;"
    );
    assert_eq!(hit.title_marked.plain(), hit.title);
    assert_eq!(
        hit.snippet.fragments.iter().filter(|f| f.hit).count(),
        1,
        "one merged mark, not one per bigram"
    );
}

#[test]
fn snippet_marks_every_occurrence_and_cuts_long_bodies() {
    let body = format!(
        "{}。节能减排和节能降耗，以及水泥节能。{}",
        "前言".repeat(50),
        "后记".repeat(50)
    );
    let index = Index::build([doc("item", "1", "无关标题", &body)]);
    let r = index.search("节能", &all());
    let s = &r.hits[0].snippet;
    let plain = s.plain();
    assert!(plain.starts_with('…') && plain.ends_with('…'), "{plain}");
    let marks: Vec<&str> = s
        .fragments
        .iter()
        .filter(|f| f.hit)
        .map(|f| f.text.as_str())
        .collect();
    assert_eq!(marks, vec!["节能", "节能", "节能"]);
    assert!(plain.chars().count() <= qingdan_search::SNIPPET_CHARS + 2);
}

#[test]
fn title_only_match_shows_body_start() {
    let body = "本条规定适用于全市范围内的各类建设工程项目。".repeat(5);
    let index = Index::build([doc("item", "1", "散装水泥", &body)]);
    let r = index.search("散装水泥", &all());
    let hit = &r.hits[0];
    let expected: String = body.chars().take(qingdan_search::SNIPPET_CHARS).collect();
    assert_eq!(
        hit.snippet,
        Snippet {
            fragments: vec![Fragment {
                text: format!("{expected}…"),
                hit: false,
            }]
        }
    );
    assert_eq!(hit.title_marked.to_html(), "<mark>散装水泥</mark>");
}

#[test]
fn snippets_cut_on_char_boundaries() {
    let nasty = "𠀀𠀁e\u{301}👨‍👩‍👧水泥\u{0}\u{FEFF}🇨🇳".repeat(30);
    let index = Index::build([doc("item", "1", &nasty, &nasty)]);
    for q in ["水泥", "𠀀𠀁", "e", "泥", "👨", "🇨🇳"] {
        let r = index.search(q, &all());
        for hit in &r.hits {
            let plain = hit.snippet.plain();
            let core = plain.trim_start_matches('…').trim_end_matches('…');
            assert!(nasty.contains(core));
            let _ = hit.snippet.to_html();
        }
    }
    assert_eq!(index.search("水泥", &all()).total, 1);
    assert_eq!(index.search("𠀀𠀁", &all()).total, 1);
}

#[test]
fn unsearchable_queries_return_nothing() {
    let index = sample();
    for q in [
        "",
        "   ",
        "，。、；：“”《》（）【】",
        "!?.-_/",
        "\u{3000}\t\n",
    ] {
        assert!(!is_searchable(q), "{q:?}");
        let r = index.search(q, &all());
        assert_eq!((r.total, r.hits.len()), (0, 0));
    }
    assert!(is_searchable("水"));
    assert!(is_searchable("《水泥》"));
    assert!(is_searchable("０"));
    assert_eq!(index.search("《水泥》", &all()).total, 1);
}

#[test]
fn unknown_terms_and_empty_index() {
    assert_eq!(Index::new().search("水泥", &all()).total, 0);
    assert!(Index::new().is_empty());
    assert_eq!(sample().search("核电站", &all()).total, 0);
}

#[test]
fn build_keeps_last_duplicate() {
    let index = Index::build([doc("item", "1", "水泥", ""), doc("item", "1", "节能", "")]);
    assert_eq!(index.len(), 1);
    assert_eq!(index.search("水泥", &all()).total, 0);
    assert_eq!(index.search("节能", &all()).total, 1);
}

#[test]
fn index_is_send_sync_clone() {
    fn check<T: Send + Sync + Clone + 'static>() {}
    check::<Index>();
    check::<SearchResults>();
}
