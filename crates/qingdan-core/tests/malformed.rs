//! Broken lists: each gets a Chinese error naming the line, never a panic.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use proptest::prelude::*;
use qingdan_core::{ImportErrorKind, parse_any, parse_json, parse_list};

const ANHUA: &str = include_str!("../../../data/seeds/anhua.txt");

/// The 1-based line of the first occurrence of `needle` in the Anhua list.
fn line_of(needle: &str) -> usize {
    ANHUA
        .split('\n')
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap()
}

#[test]
fn a_row_missing_a_cell_names_the_row() {
    // Drop the 备注 cell of duty 2's first row: that row now has three cells.
    let broken = ANHUA.replacen(
        "\t协调解决经济运行中的重大问题\n\t\n",
        "\t协调解决经济运行中的重大问题\n",
        1,
    );
    let broken = if broken == ANHUA {
        // The line ends differently; remove the empty cell after the item instead.
        let at = ANHUA.find("调节经济日常运行").unwrap();
        let end = at + ANHUA[at..].find("\n\t\n").unwrap();
        format!("{}{}", &ANHUA[..end + 1], &ANHUA[end + 3..])
    } else {
        broken
    };
    let e = parse_list(&broken).unwrap_err();
    assert!(
        matches!(
            e.kind,
            ImportErrorKind::ShortRow {
                found: 3,
                expected: 4
            }
        ),
        "{e}"
    );
    let row = ANHUA
        .split('\n')
        .position(|l| l == "\t2")
        .map(|i| i + 1)
        .unwrap();
    assert_eq!(e.line, Some(row));
    assert!(e.to_string().starts_with(&format!("第{row}行：")));
    assert!(e.to_string().contains("只有3个单元格，应为4个"));
}

#[test]
fn a_row_with_an_extra_cell_is_refused() {
    let broken = ANHUA.replacen(
        "\t培育工业和信息化领域新的经济增长点\n\t\n",
        "\t培育工业和信息化领域新的经济增长点\n\t\n\t多余\n",
        1,
    );
    assert_ne!(broken, ANHUA);
    let e = parse_list(&broken).unwrap_err();
    assert!(
        matches!(e.kind, ImportErrorKind::LongRow { expected: 4 }),
        "{e}"
    );
    assert_eq!(
        e.line,
        Some(line_of("培育工业和信息化领域新的经济增长点") + 2)
    );
}

#[test]
fn a_wrong_header_is_named() {
    let broken = ANHUA.replacen("\t主要职责\n", "\t主要责任\n", 1);
    let e = parse_list(&broken).unwrap_err();
    assert!(matches!(e.kind, ImportErrorKind::BadHeader { .. }), "{e}");
    assert_eq!(e.line, Some(line_of("\t序号")));
    assert!(
        e.to_string()
            .contains("表头应为“序号、主要职责、具体工作事项、备注”")
    );
}

#[test]
fn a_number_that_is_not_a_number() {
    let broken = ANHUA.replacen("\t3\n", "\t三\n", 1);
    let e = parse_list(&broken).unwrap_err();
    assert!(matches!(e.kind, ImportErrorKind::BadNumber { .. }), "{e}");
    assert_eq!(
        e.to_string(),
        format!("第{}行：序号“三”不是正整数", line_of("\t3"))
    );
}

#[test]
fn numbers_out_of_sequence() {
    let broken = ANHUA.replacen("\t3\n", "\t4\n", 1);
    let e = parse_list(&broken).unwrap_err();
    assert!(
        matches!(
            e.kind,
            ImportErrorKind::OutOfSequence {
                expected: 3,
                found: 4
            }
        ),
        "{e}"
    );
}

#[test]
fn a_missing_part_is_named() {
    let cut = ANHUA.find("四、公共服务事项").unwrap();
    let e = parse_list(&ANHUA[..cut]).unwrap_err();
    assert!(matches!(e.kind, ImportErrorKind::MissingPart { .. }), "{e}");
    assert!(e.to_string().contains("缺少第四部分“公共服务事项”"));
}

#[test]
fn empty_and_blank_files() {
    for src in ["", "\n\n  \n", "\u{feff}"] {
        let e = parse_list(src).unwrap_err();
        assert_eq!(e.kind, ImportErrorKind::Empty);
        assert!(e.to_string().contains("文件是空的"));
    }
}

#[test]
fn a_table_cell_in_the_systems_part() {
    let broken = ANHUA.replacen("一、监督检查对象", "\t一、监督检查对象", 1);
    let e = parse_list(&broken).unwrap_err();
    assert_eq!(e.kind, ImportErrorKind::CellInSystems, "{e}");
    assert_eq!(e.line, Some(line_of("一、监督检查对象")));
}

#[test]
fn broken_json_names_its_line() {
    let e = parse_json("{\n  \"title\": \"x\",\n  oops\n}").unwrap_err();
    assert_eq!(e.line, Some(3));
    assert!(e.to_string().starts_with("第3行：JSON 格式错误"));
    let e = parse_any("{\"title\":\"\",\"bureau\":\"\",\"parts\":[],\"duties\":[],\"boundaries\":[],\"systems\":[],\"services\":[]}").unwrap_err();
    assert!(matches!(e.kind, ImportErrorKind::Invalid(_)), "{e}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Garbage of any kind: an error or a catalog, never a panic.
    #[test]
    fn arbitrary_text_never_panics(s in "\\PC*") {
        let _ = parse_any(&s);
    }

    /// Text shaped like the format (tabs, blank lines, headings, numbers) is the harder garbage.
    #[test]
    fn format_shaped_garbage_never_panics(lines in prop::collection::vec(
        prop_oneof![
            Just(String::new()), Just("\t".to_string()), Just("\t1".to_string()),
            Just("一、部门职责".to_string()), Just("二、边界".to_string()), Just("三、制度".to_string()),
            Just("四、服务".to_string()), Just("（一）制度".to_string()), Just("一、对象".to_string()),
            Just("\t序号".to_string()), "\t[\\p{Han}0-9]{0,6}", "[\\p{Han}、（）一二三]{0,8}",
        ], 0..80)) {
        let _ = parse_list(&lines.join("\n"));
    }

    /// Deleting any one line of the real list gives a catalog or a line-named error.
    #[test]
    fn deleting_a_line_never_panics(k in 0usize..700) {
        let lines: Vec<&str> = ANHUA.split('\n').collect();
        let k = k % lines.len();
        let mut kept = lines.clone();
        kept.remove(k);
        if let Err(e) = parse_list(&kept.join("\n")) {
            prop_assert!(e.line.is_some(), "{e}");
        }
    }

    /// Whatever imports, renders to a list that imports to the same catalog.
    #[test]
    fn what_imports_renders_back(k in 0usize..700, junk in "[\\p{Han}]{1,5}") {
        let mut lines: Vec<String> = ANHUA.split('\n').map(str::to_string).collect();
        let k = k % lines.len();
        lines[k].push_str(&junk);
        if let Ok(c) = parse_list(&lines.join("\n")) {
            prop_assert_eq!(parse_list(&qingdan_core::render(&c)).unwrap(), c);
        }
    }
}
