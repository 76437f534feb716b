//! The router answers only from the catalog it is given: a rule whose boundary, department or
//! quoted sentence is missing is dropped, and other bureaus' lists never get Anhua's answers.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use qingdan_core::{Boundary, BoundaryParty, Catalog};
use qingdan_routing::{RULES, Router};

fn anhua() -> Catalog {
    qingdan_core::parse_list(include_str!("../../../data/seeds/anhua.txt")).unwrap()
}

fn department(router: &Router, text: &str) -> Option<String> {
    router.resolve(text).unwrap().department
}

fn party(department: &str, division: &str) -> BoundaryParty {
    BoundaryParty {
        department: department.into(),
        division: division.into(),
    }
}

/// A market-regulation bureau's list: one boundary, nothing in common with Anhua's.
fn market_bureau() -> Catalog {
    let mut c = anhua();
    c.title = "某县市场监督管理局责任清单".into();
    c.bureau = "某县市场监督管理局".into();
    c.duties.clear();
    c.systems.clear();
    c.services.clear();
    c.boundaries = vec![Boundary {
        no: 1,
        matter: "食品安全监管".into(),
        basis: "《中华人民共和国食品安全法》".into(),
        example: String::new(),
        parties: vec![
            party(
                "县市场监管局",
                "负责食品生产、流通和餐饮服务环节的食品安全监督管理",
            ),
            party(
                "县农业农村局",
                "负责食用农产品从种植养殖环节到进入批发、零售市场或者生产加工企业前的质量安全监督管理",
            ),
        ],
    }];
    c
}

#[test]
fn a_list_without_boundaries_routes_nothing() {
    let mut c = anhua();
    c.boundaries.clear();
    let router = Router::new(&c);
    assert_eq!(router.active_rules().count(), 0);
    for text in [
        "施工现场搅拌砼",
        "工地用袋装的水泥",
        "我想开网店",
        "省经信委批的项目",
    ] {
        let r = router.resolve(text).unwrap();
        assert_eq!(r.department, None, "{text}");
        assert_eq!(r.boundary_no, None, "{text}");
        assert!(r.explanation.contains("没有涉及"), "{}", r.explanation);
    }
}

#[test]
fn another_bureau_never_gets_anhua_answers() {
    let router = Router::new(&market_bureau());
    assert_eq!(router.active_rules().count(), 0, "no Anhua rule fits");
    for text in [
        "施工现场搅拌砼",
        "工地用袋装的水泥",
        "想把厂里的运输外包出去",
        "省发改委立项",
        "工地上还在用红砖",
        "跑运输要办什么证",
    ] {
        assert_eq!(department(&router, text), None, "{text}");
    }
    let r = router.resolve("施工现场搅拌砼").unwrap();
    assert!(
        r.explanation.contains("建议咨询某县市场监督管理局"),
        "{}",
        r.explanation
    );
    assert!(
        r.explanation.contains("食品安全监管"),
        "lists the boundaries it has: {}",
        r.explanation
    );
}

#[test]
fn another_bureau_routes_near_quotations_of_its_divisions() {
    let router = Router::new(&market_bureau());
    let r = router
        .resolve("食用农产品种植养殖环节的质量安全监督管理归哪个部门")
        .unwrap();
    assert_eq!(
        r.department.as_deref(),
        Some("县农业农村局"),
        "{}",
        r.explanation
    );
    assert_eq!(r.boundary_no, Some(1));
    assert_eq!(r.rule.as_deref(), Some("division-similarity"));
    let r = router.resolve("餐饮服务环节的食品安全监督管理").unwrap();
    assert_eq!(
        r.department.as_deref(),
        Some("县市场监管局"),
        "{}",
        r.explanation
    );
    // Naming only the matter gives the boundary and both divisions, no department.
    let r = router.resolve("食品安全监管归谁").unwrap();
    assert_eq!(
        (r.department, r.boundary_no),
        (None, Some(1)),
        "{}",
        r.explanation
    );
    assert_eq!(r.rule.as_deref(), Some("matter-only"));
    assert!(r.explanation.contains("县农业农村局"), "{}", r.explanation);
}

#[test]
fn a_missing_department_drops_its_rules() {
    let mut c = anhua();
    let b8 = c.boundaries.iter_mut().find(|b| b.no == 8).unwrap();
    b8.parties.retain(|p| p.department != "县住建局");
    let router = Router::new(&c);
    assert!(
        router
            .active_rules()
            .all(|r| r.department != "县住建局" || r.boundary_no != 8)
    );
    assert_ne!(
        department(&router, "施工现场搅拌砼").as_deref(),
        Some("县住建局")
    );
    assert_eq!(
        department(&router, "工地用袋装的水泥").as_deref(),
        Some("县工信局")
    );
    // Other boundaries are untouched.
    assert_eq!(
        department(&router, "用新型墙材的建筑工程竣工验收谁管").as_deref(),
        Some("县住建局")
    );
}

#[test]
fn a_renamed_department_drops_its_rules() {
    let mut c = anhua();
    for b in &mut c.boundaries {
        for p in &mut b.parties {
            if p.department == "县工信局" {
                p.department = "县工业和信息化局".into();
            }
        }
    }
    let router = Router::new(&c);
    assert!(router.active_rules().all(|r| r.department != "县工信局"));
    for text in [
        "工地用袋装的水泥",
        "想把厂里的运输外包出去",
        "省经信委批的项目找谁申报",
    ] {
        let d = department(&router, text);
        assert!(d.as_deref() != Some("县工信局"), "{text}: {d:?}");
    }
}

#[test]
fn a_rule_whose_quoted_sentence_is_gone_is_dropped() {
    let mut c = anhua();
    let b8 = c.boundaries.iter_mut().find(|b| b.no == 8).unwrap();
    b8.example = "（案例从略）".into();
    let router = Router::new(&c);
    let active: Vec<&str> = router.active_rules().map(|r| r.id).collect();
    assert!(!active.contains(&"b8-bagged-use"), "quotes the case");
    assert!(!active.contains(&"b8-site-mixing"), "quotes the case");
    assert!(
        active.contains(&"b8-bagged-mention"),
        "quotes only the division"
    );
    assert_eq!(active.len(), RULES.len() - 2);
    assert_eq!(
        department(&router, "袋装水泥归谁管").as_deref(),
        Some("县工信局")
    );
}

#[test]
fn renumbered_boundaries_are_found_by_their_matter() {
    let mut c = anhua();
    for b in &mut c.boundaries {
        b.no += 10;
    }
    let router = Router::new(&c);
    assert_eq!(router.active_rules().count(), RULES.len());
    let r = router.resolve("施工现场搅拌砼").unwrap();
    assert_eq!(r.department.as_deref(), Some("县住建局"));
    assert_eq!(
        r.boundary_no,
        Some(18),
        "the catalog's number, not the table's"
    );
}

#[test]
fn a_boundary_whose_number_now_names_another_matter_is_not_confused() {
    // Boundary 8 removed; boundary 7 renumbered 8. Bulk-cement rules must go, wall rules stay.
    let mut c = anhua();
    c.boundaries.retain(|b| b.no != 8);
    if let Some(b7) = c.boundaries.iter_mut().find(|b| b.no == 7) {
        b7.no = 8;
    }
    let router = Router::new(&c);
    assert!(router.active_rules().all(|r| r.boundary_no != 8));
    assert_eq!(department(&router, "施工现场搅拌砼"), None);
    let r = router.resolve("工地上还在用红砖").unwrap();
    assert_eq!(
        (r.department.as_deref(), r.boundary_no),
        (Some("县工信局"), Some(8))
    );
}
