//! Properties over arbitrary input: never a panic, never a department outside its boundary,
//! the length limit, and indifference to spacing.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::sync::OnceLock;

use proptest::prelude::*;
use qingdan_core::Catalog;
use qingdan_routing::{MAX_CHARS, Resolution, Router, RoutingError};

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        qingdan_core::parse_list(include_str!("../../../data/seeds/anhua.txt")).unwrap()
    })
}

fn router() -> &'static Router {
    static ROUTER: OnceLock<Router> = OnceLock::new();
    ROUTER.get_or_init(|| Router::new(catalog()))
}

/// The characters of the list's boundaries, so random texts hit the cues often.
fn boundary_chars() -> Vec<char> {
    let mut chars: Vec<char> = catalog()
        .boundaries
        .iter()
        .flat_map(|b| {
            let parties = b
                .parties
                .iter()
                .flat_map(|p| [p.department.as_str(), p.division.as_str()]);
            [b.matter.as_str(), b.example.as_str()]
                .into_iter()
                .chain(parties)
        })
        .flat_map(str::chars)
        .chain("没不未非有是用了袋装散砼黏红砖网店跑运输外包，。？ ".chars())
        .collect();
    chars.sort_unstable();
    chars.dedup();
    chars
}

/// Random texts from the list's own characters, up to the limit.
fn domain_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(boundary_chars()), 0..=60)
        .prop_map(|v| v.into_iter().collect())
}

/// Random texts built from the list's phrases (so that rules really fire), glued by noise.
fn phrase_text() -> impl Strategy<Value = String> {
    let phrases: Vec<String> = catalog()
        .boundaries
        .iter()
        .flat_map(|b| {
            let parties: Vec<String> = b.parties.iter().map(|p| p.division.clone()).collect();
            [b.matter.clone(), b.example.clone()]
                .into_iter()
                .chain(parties)
        })
        .flat_map(|s| {
            s.split(['，', '；', '、', '。'])
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|s| !s.is_empty())
        .collect();
    prop::collection::vec(
        (prop::sample::select(phrases), "[没不了的和 ，？]{0,3}"),
        1..6,
    )
    .prop_map(|parts| {
        parts
            .into_iter()
            .map(|(p, glue)| p + &glue)
            .collect::<String>()
    })
    .prop_map(|s| s.chars().take(MAX_CHARS).collect())
}

/// A department is always one of the parties of the boundary returned, with its division.
fn assert_well_formed(text: &str, r: &Resolution) -> Result<(), TestCaseError> {
    prop_assert!(!r.explanation.is_empty());
    if let Some(department) = &r.department {
        let no = r.boundary_no;
        prop_assert!(no.is_some(), "{text}: department without a boundary");
        let b = catalog().boundaries.iter().find(|b| Some(b.no) == no);
        prop_assert!(b.is_some(), "{text}: boundary {no:?} not in the catalog");
        let party = b.and_then(|b| b.parties.iter().find(|p| &p.department == department));
        prop_assert!(
            party.is_some(),
            "{text}: {department} is not a party of {no:?}"
        );
        prop_assert_eq!(r.division.as_deref(), party.map(|p| p.division.as_str()));
        prop_assert!(r.rule.is_some());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_text_up_to_the_limit_resolves_well_formed(text in "\\PC{0,500}") {
        match router().resolve(&text) {
            Ok(r) => assert_well_formed(&text, &r)?,
            Err(e) => prop_assert!(
                (e == RoutingError::Empty && text.trim().is_empty())
                    || e == RoutingError::Unrecognizable,
                "{text:?}: {e}"
            ),
        }
    }

    #[test]
    fn any_unicode_including_controls_never_panics(text in any::<String>()) {
        let text: String = text.chars().take(MAX_CHARS).collect();
        if let Ok(r) = router().resolve(&text) {
            assert_well_formed(&text, &r)?;
        }
    }

    #[test]
    fn texts_from_the_lists_own_characters_resolve_well_formed(text in domain_text()) {
        if let Ok(r) = router().resolve(&text) {
            assert_well_formed(&text, &r)?;
        }
    }

    #[test]
    fn texts_from_the_lists_own_phrases_resolve_well_formed(text in phrase_text()) {
        let r = router().resolve(&text).unwrap();
        assert_well_formed(&text, &r)?;
    }

    #[test]
    fn over_the_limit_is_too_long(text in "\\PC{501,700}") {
        prop_assume!(text.chars().count() > MAX_CHARS);
        prop_assert_eq!(router().resolve(&text), Err(RoutingError::TooLong { max: MAX_CHARS }));
    }

    #[test]
    fn spacing_does_not_change_the_answer(text in phrase_text()) {
        let text: String = text.chars().take(MAX_CHARS / 2).collect();
        let spaced: String = text.chars().flat_map(|c| [c, ' ']).collect();
        prop_assert_eq!(router().resolve(&text), router().resolve(&spaced));
    }

    #[test]
    fn full_width_letters_and_digits_do_not_change_the_answer(text in "[a-zA-Z0-9 袋装水泥工地用现场搅拌混凝土]{1,60}") {
        let wide: String = text
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { char::from_u32(c as u32 + 0xFEE0).unwrap() } else { c })
            .collect();
        prop_assert_eq!(router().resolve(&text), router().resolve(&wide));
    }
}
