//! The Anhua list, imported: counts, the cells that run over several lines, and losslessness.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use qingdan_core::{Catalog, PartKind, parse_any, parse_json, parse_list, render};

const ANHUA: &str = include_str!("../../../data/seeds/anhua.txt");

fn anhua() -> Catalog {
    parse_list(ANHUA).expect("the Anhua list imports")
}

fn non_blank(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn counts_are_11_56_8_8_3() {
    let c = anhua();
    let n = c.counts();
    assert_eq!(
        (n.duties, n.items, n.boundaries, n.systems, n.services),
        (11, 56, 8, 8, 3)
    );
    let parties: usize = c.boundaries.iter().map(|b| b.parties.len()).sum();
    assert_eq!(parties, 19, "19 department rows across the 8 boundaries");
    let per_duty: Vec<usize> = c.duties.iter().map(|d| d.items.len()).collect();
    assert_eq!(per_duty, [6, 5, 3, 4, 6, 6, 6, 6, 8, 3, 3]);
}

#[test]
fn title_bureau_and_parts() {
    let c = anhua();
    assert_eq!(c.title, "安化县工业和信息化局责任清单");
    assert_eq!(c.bureau, "安化县工业和信息化局");
    let parts: Vec<(&str, &str)> = c
        .parts
        .iter()
        .map(|p| (p.numeral.as_str(), p.title.as_str()))
        .collect();
    assert_eq!(
        parts,
        [
            ("一", "部门职责"),
            ("二", "与相关部门的职责边界"),
            ("三", "事中事后监管制度"),
            ("四", "公共服务事项")
        ]
    );
    assert_eq!(c.part(PartKind::Services).unwrap().columns.len(), 5);
}

#[test]
fn every_non_blank_character_lands_in_the_catalog() {
    let c = anhua();
    assert_eq!(non_blank(&render(&c)), non_blank(ANHUA));
    // And the rendered text is itself a list that imports to the same catalog.
    assert_eq!(parse_list(&render(&c)).unwrap(), c);
}

#[test]
fn notes_and_offices_of_duty_6_and_8() {
    let c = anhua();
    let d6 = c.duty(6).unwrap();
    assert_eq!(d6.items[0].note, "县墙体材料改革办公室");
    assert_eq!(d6.items[3].note, "县散装水泥办公室");
    assert_eq!(
        d6.item_offices(&c.bureau),
        [
            "县墙体材料改革办公室",
            "县墙体材料改革办公室",
            "县墙体材料改革办公室",
            "县散装水泥办公室",
            "县散装水泥办公室",
            "县散装水泥办公室"
        ]
    );
    let d8 = c.duty(8).unwrap();
    assert_eq!(d8.items[2].note, "县无线电管理办公室");
    assert_eq!(d8.items[4].note, "县无线电管理办公室");
    assert_eq!(d8.item_offices(&c.bureau)[0], "安化县工业和信息化局");
    // A trailing space in the source cell is not part of the text.
    assert!(c.duty(11).unwrap().items[0].text.ends_with("军民融合"));
}

#[test]
fn boundary_cells_that_run_over_several_lines() {
    let c = anhua();
    let b7 = c.boundary(7).unwrap();
    assert_eq!(
        b7.basis,
        "1、《中华人民共和国循环经济促进法》\n2、《湖南省新型墙体材料推广应用条例》\n3、《民用建筑节能条例》"
    );
    assert!(b7.example.starts_with("如某种非粘土砖"));
    let departments: Vec<&str> = b7.parties.iter().map(|p| p.department.as_str()).collect();
    assert_eq!(departments, ["县工信局", "县住建局", "县国土局"]);

    let b8 = c.boundary(8).unwrap();
    let paras: Vec<&str> = b8.basis.split('\n').collect();
    assert_eq!(paras.len(), 4, "two articles, each with two paragraphs");
    assert!(paras[0].starts_with("1、《湖南省散装水泥条例》第二十三条"));
    assert!(paras[1].starts_with("违反本条例第十四条第四款"));
    assert!(paras[3].ends_with("每立方米十元的标准处以罚款"));
    assert!(
        b8.example
            .contains("县散装办对施工方违法使用袋装水泥行为进行行政处罚")
    );
    assert_eq!(b8.parties[1].department, "县住建局");
    assert_eq!(b8.parties[1].division, "检查违法进行现场搅拌混凝土行为");

    let b6 = c.boundary(6).unwrap();
    assert_eq!(b6.parties.len(), 4);
    assert_eq!(b6.parties[3].department, "县交通运输局");
}

#[test]
fn systems_split_into_sections_with_clauses_kept() {
    let c = anhua();
    let titles: Vec<&str> = c.systems.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles[4], "建筑工程散装水泥使用情况的监督检查");
    assert_eq!(titles[5], "散装水泥推广应用情况的监督检查");
    assert_eq!(titles[7], "规范行政处罚裁量权");
    assert_eq!(c.systems[4].mark(), "三(五)");

    let s1 = &c.systems[0];
    assert!(s1.intro.starts_with("县工信局主要负责日常监督检查"));
    let sec: Vec<&str> = s1.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        sec,
        [
            "监督检查对象",
            "监督检查内容",
            "监督检查方式及程序",
            "监督检查处理"
        ]
    );
    // The twelve fault types are twelve clauses of §三(一)四, each its own paragraph.
    let faults = s1.sections[3]
        .text
        .split('\n')
        .filter(|p| p.starts_with('（'))
        .count();
    assert_eq!(faults, 12);
    // §三(一)二 has eight clauses (一)…(八), none mistaken for a new system.
    assert_eq!(s1.sections[1].text.split('\n').count(), 9);

    // §三(三)五 keeps its seven numbered revocation conditions.
    let s3 = &c.systems[2];
    let conditions = s3.sections[4]
        .text
        .split('\n')
        .filter(|p| p.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .count();
    assert_eq!(conditions, 7);
    for s in &c.systems {
        assert!(s.sections.len() >= 4, "{} has its sections", s.title);
    }
    let s7 = &c.systems[6];
    assert!(s7.sections[2].text.contains("入企业检查须经县优办批准"));
    assert_eq!(c.systems[7].sections.len(), 5);
}

#[test]
fn services_with_office_and_phone() {
    let c = anhua();
    let phones: Vec<&str> = c.services.iter().map(|s| s.phone.as_str()).collect();
    assert_eq!(phones, ["0737-7230976", "0737-7223260", "0737-7228008"]);
    assert_eq!(
        c.services[1].office, "中小企业服务中心",
        "the full-width space is trimmed"
    );
}

#[test]
fn json_export_round_trips() {
    let c = anhua();
    let json = serde_json::to_string_pretty(&c).unwrap();
    assert_eq!(parse_json(&json).unwrap(), c);
    assert_eq!(parse_any(&json).unwrap(), c);
    assert_eq!(parse_any(ANHUA).unwrap(), c);
}

#[test]
fn windows_line_endings_and_a_bom_import_the_same() {
    let crlf = format!("\u{feff}{}", ANHUA.replace('\n', "\r\n"));
    assert_eq!(parse_list(&crlf).unwrap(), anhua());
}

#[test]
fn the_offices_the_list_names() {
    assert_eq!(
        anhua().offices(),
        [
            "县墙体材料改革办公室",
            "县散装水泥办公室",
            "县无线电管理办公室",
            "政工股",
            "中小企业服务中心",
            "法制安全股"
        ]
    );
}
