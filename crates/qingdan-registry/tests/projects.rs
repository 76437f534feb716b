#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]
//! Importing construction projects from CSV and .xlsx.

mod common;

use common::{X, check_invariant, codes, errors, run, xlsx};
use jiff::civil::date;
use qingdan_registry::{Format, Project, Uscc, import_projects};

const HEADER: &str = "项目编号,项目名称,建设单位统一社会信用代码,建设地点,是否在禁止现场搅拌区域,开工日期,是否申请基金返退";

#[test]
fn a_good_file_with_the_usual_spellings() {
    let c = codes(20, 1);
    let b = &c[0];
    let text = format!(
        "{HEADER}\n\
         2024-430923-47-03-000001,安化县东坪镇安置房,{b},东坪镇,是,2024-03-01,否\n\
         AH-002,安化县第二中学教学楼,{b},梅城镇,否,2024/3/15,是\n\
         AH-003,资江大桥引桥,{b},小淹镇,Y,2024年4月1日,N\n\
         AH-004,黑茶产业园,{b},冷市镇,TRUE,,FALSE\n\
         AH-005,医院门诊楼,{b},东坪镇,√,20240501,×\n"
    );
    let (report, calls) = run(import_projects, text.as_bytes(), Format::Csv);
    check_invariant(&report);
    assert_eq!(report.rejected, vec![]);
    assert_eq!(calls, vec![(5, Some(5))]);
    let p = &report.accepted;
    assert_eq!(
        p[0],
        Project {
            code: "2024-430923-47-03-000001".into(),
            name: "安化县东坪镇安置房".into(),
            builder_uscc: Uscc::parse(b).unwrap(),
            location: "东坪镇".into(),
            no_site_mixing_zone: true,
            started_on: Some(date(2024, 3, 1)),
            applies_for_fund_refund: false,
        }
    );
    assert_eq!(
        p.iter()
            .map(|p| (
                p.no_site_mixing_zone,
                p.started_on,
                p.applies_for_fund_refund
            ))
            .collect::<Vec<_>>(),
        vec![
            (true, Some(date(2024, 3, 1)), false),
            (false, Some(date(2024, 3, 15)), true),
            (true, Some(date(2024, 4, 1)), false),
            (true, None, false),
            (true, Some(date(2024, 5, 1)), false),
        ]
    );
}

#[test]
fn each_kind_of_bad_row() {
    let c = codes(21, 1);
    let b = &c[0];
    let text = format!(
        "{HEADER}\n\
         ,无编号,{b},东坪镇,是,,否\n\
         P2,建设单位错,914403001922038217,东坪镇,是,,否\n\
         P3,禁搅空白,{b},东坪镇,,,否\n\
         P4,禁搅乱填,{b},东坪镇,也许,,否\n\
         P5,日期不存在,{b},东坪镇,是,2024-02-30,否\n\
         P6,日期乱填,{b},东坪镇,是,下个月,否\n\
         P7,年份笔误,{b},东坪镇,是,0224-03-01,否\n\
         P8,,{b},,是,,\n\
         P2,重复编号,{b},东坪镇,是,,否\n"
    );
    let (report, _) = run(import_projects, text.as_bytes(), Format::Csv);
    check_invariant(&report);
    assert_eq!(report.total_rows, 9);
    assert_eq!(report.accepted.len(), 0);
    assert_eq!(
        errors(&report.rejected),
        vec![
            (2, "项目编号", "不能为空"),
            (
                3,
                "建设单位统一社会信用代码",
                "校验码（第18位）应为“6”，实际为“7”，请逐位核对"
            ),
            (4, "是否在禁止现场搅拌区域", "不能为空，应填“是”或“否”"),
            (5, "是否在禁止现场搅拌区域", "应填“是”或“否”"),
            (6, "开工日期", "2024年2月30日不存在"),
            (
                7,
                "开工日期",
                "不是日期（应写作2024-03-01、2024/3/1或2024年3月1日）"
            ),
            (8, "开工日期", "年份224不合理（应在1950–2100年之间）"),
            (9, "项目名称", "不能为空"),
            (9, "建设地点", "不能为空"),
            (9, "是否申请基金返退", "不能为空，应填“是”或“否”"),
            (10, "项目编号", "与第3行重复"),
        ]
    );
}

#[test]
fn missing_columns() {
    let (report, _) = run(
        import_projects,
        "项目编号,项目名称,统一社会信用代码,地址,开工日期\n".as_bytes(),
        Format::Csv,
    );
    assert!(report.file_rejected());
    assert_eq!(
        report
            .rejected
            .iter()
            .map(|e| (e.row, e.field.as_str()))
            .collect::<Vec<_>>(),
        [(1, "是否在禁止现场搅拌区域"), (1, "是否申请基金返退")]
    );
}

#[test]
fn a_workbook_with_dates_and_logical_cells() {
    let c = codes(22, 1);
    let header: Vec<X> = HEADER.split(',').map(|h| X::T(h.to_owned())).collect();
    let book = xlsx(&[
        header,
        vec![
            X::N(2_024_001.0),
            X::S("东坪安置房"),
            X::T(c[0].clone()),
            X::S("东坪镇"),
            X::B(true),
            X::D(2024, 3, 1),
            X::N(0.0),
        ],
        vec![
            X::S("P2"),
            X::S("梅城学校"),
            X::T(c[0].clone()),
            X::S("梅城镇"),
            X::S("否"),
            X::N(20_240_315.0),
            X::B(true),
        ],
        vec![
            X::S("P3"),
            X::S("数字日期"),
            X::T(c[0].clone()),
            X::S("梅城镇"),
            X::S("否"),
            X::N(45_352.0),
            X::B(true),
        ],
    ]);
    let (report, _) = run(import_projects, &book, Format::Xlsx);
    check_invariant(&report);
    assert_eq!(report.accepted.len(), 2);
    assert_eq!(report.accepted[0].code, "2024001");
    assert!(report.accepted[0].no_site_mixing_zone);
    assert_eq!(report.accepted[0].started_on, Some(date(2024, 3, 1)));
    assert!(!report.accepted[0].applies_for_fund_refund);
    assert_eq!(report.accepted[1].started_on, Some(date(2024, 3, 15)));
    assert_eq!(
        errors(&report.rejected),
        vec![(
            4,
            "开工日期",
            "是数字而不是日期（请把单元格设为日期格式，或写作2024-03-01）"
        )]
    );
}

#[test]
fn projects_serialise_dates_as_text() {
    let p = Project {
        code: "P1".into(),
        name: "甲".into(),
        builder_uscc: Uscc::parse("914403001922038216").unwrap(),
        location: "东坪镇".into(),
        no_site_mixing_zone: true,
        started_on: Some(date(2024, 3, 1)),
        applies_for_fund_refund: false,
    };
    let json = serde_json::to_string(&p).unwrap();
    assert!(json.contains(r#""started_on":"2024-03-01""#), "{json}");
    assert_eq!(serde_json::from_str::<Project>(&json).unwrap(), p);
    let none = Project {
        started_on: None,
        ..p
    };
    let json = serde_json::to_string(&none).unwrap();
    assert!(json.contains(r#""started_on":null"#), "{json}");
    assert_eq!(serde_json::from_str::<Project>(&json).unwrap(), none);
    let without = json.replace(r#","started_on":null"#, "");
    assert_eq!(serde_json::from_str::<Project>(&without).unwrap(), none);
}
