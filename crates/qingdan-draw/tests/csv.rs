//! Reading candidate ids from the first column of a CSV text.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use qingdan_draw::{DrawError, read_candidates_csv};

fn ok(text: &str) -> Vec<String> {
    read_candidates_csv(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

#[test]
fn reads_the_first_column() {
    let cases: &[(&str, &str, &[&str])] = &[
        ("one per line", "a\nb\nc", &["a", "b", "c"]),
        ("trailing newline", "a\nb\n", &["a", "b"]),
        ("CRLF", "a,x\r\nb,y\r\n", &["a", "b"]),
        ("BOM", "\u{feff}a\nb", &["a", "b"]),
        (
            "BOM and header",
            "\u{feff}编号,名称\r\n1,甲\r\n2,乙\r\n",
            &["1", "2"],
        ),
        ("blank lines", "\n\na\n\n  \nb\n\n", &["a", "b"]),
        (
            "spreadsheet empty rows",
            "a,1\n,,\n , \nb,2\n,,\n",
            &["a", "b"],
        ),
        ("trimmed", " a \n\u{3000}b\t\n", &["a", "b"]),
        ("quoted", "\"a,1\",x\n\"b\"\"q\"\"\",y", &["a,1", "b\"q\""]),
        ("quote inside unquoted", "a\"b,x\n", &["a\"b"]),
        ("spaces around quotes", "  \"a\"  ,x\n\"b\" \n", &["a", "b"]),
        (
            "later quoted column with comma and newline",
            "a,\"x,\ny\"\nb,z\n",
            &["a", "b"],
        ),
        ("empty later columns", "a,,,\nb,", &["a", "b"]),
        ("no final newline, CR", "a\r\nb\r", &["a", "b"]),
        ("header id", "id\na", &["a"]),
        ("header ID", "ID,name\na", &["a"]),
        ("header Uscc", "Uscc\na", &["a"]),
        (
            "header 统一社会信用代码",
            "统一社会信用代码,企业名称\n91430923MA4L000001,甲",
            &["91430923MA4L000001"],
        ),
        ("header 名称", "名称\n安化县某厂", &["安化县某厂"]),
        ("header after blank lines", "\n\n编号\na", &["a"]),
        ("quoted header", "\"编号\"\na", &["a"]),
        ("not a header: other word", "序号\na", &["序号", "a"]),
        ("not a header: only the first row", "a\nid", &["a", "id"]),
        ("not a header: padded id still is", " id \na", &["a"]),
    ];
    for (name, text, expected) in cases {
        assert_eq!(ok(text), *expected, "{name}");
    }
}

#[test]
fn errors_name_the_line() {
    let cases: &[(&str, &str, DrawError, &str)] = &[
        (
            "unclosed quote",
            "a\nb\n\"c,\nd\n",
            DrawError::CsvUnclosedQuote { line: 3 },
            "第 3 行：引号未闭合",
        ),
        (
            "text after quote",
            "a\n\"b\"c,x\n",
            DrawError::CsvTextAfterQuote { line: 2 },
            "第 2 行：引号之后",
        ),
        (
            "empty first cell",
            "编号,名称\na,甲\n,乙\n",
            DrawError::CsvEmptyId { line: 3 },
            "第 3 行：第一列（编号）为空",
        ),
        (
            "quoted blank first cell",
            "a\n\"  \",x\n",
            DrawError::CsvEmptyId { line: 2 },
            "第 2 行",
        ),
        (
            "duplicate",
            "编号\nA1\nB2\nC3\nB2\nA1\n",
            DrawError::CsvDuplicateId {
                line: 5,
                first: 3,
                id: "B2".into(),
            },
            "第 5 行的编号“B2”与第 3 行重复",
        ),
        (
            "duplicate after trimming, CRLF",
            "x\r\n a\r\ny\r\na \r\n",
            DrawError::CsvDuplicateId {
                line: 4,
                first: 2,
                id: "a".into(),
            },
            "第 4 行",
        ),
        (
            "line break inside a quoted id",
            "a\n\"b\nc\",x\nd\n",
            DrawError::CsvControlCharacter {
                line: 2,
                id: "b\\u{a}c".into(),
            },
            "第 2 行",
        ),
        (
            "tab-separated",
            "a\tb\n",
            DrawError::CsvControlCharacter {
                line: 1,
                id: "a\\u{9}b".into(),
            },
            "英文逗号",
        ),
        ("empty", "", DrawError::NoCandidates, "候选名单为空"),
        (
            "only a header",
            "编号\r\n\r\n",
            DrawError::NoCandidates,
            "候选名单为空",
        ),
        (
            "only blank rows",
            ",,\n\n",
            DrawError::NoCandidates,
            "候选名单为空",
        ),
    ];
    for (name, text, expected, message) in cases {
        let e = read_candidates_csv(text).unwrap_err();
        assert_eq!(&e, expected, "{name}");
        assert!(e.to_string().contains(message), "{name}: {e}");
        assert_eq!(e.field(), "candidates", "{name}");
    }
}

#[test]
fn lines_count_inside_quoted_fields() {
    // The quoted second column spans lines 2–4; the duplicate is on line 5.
    let text = "a,x\nb,\"1\n2\r\n3\"\na,y\n";
    assert_eq!(
        read_candidates_csv(text),
        Err(DrawError::CsvDuplicateId {
            line: 5,
            first: 1,
            id: "a".into()
        })
    );
}

#[test]
fn feeds_a_draw() {
    let text = "\u{feff}统一社会信用代码,企业名称\r\n\
                91430923MA4L0A1B2C,甲\r\n91430923MA4L0A1B3D,乙\r\n91430923MA4L0A1B4E,丙\r\n";
    let ids = read_candidates_csv(text).unwrap();
    let record = qingdan_draw::draw(&ids, &[], 2, &"ab".repeat(16)).unwrap();
    assert_eq!(record.candidate_count, 3);
    qingdan_draw::verify(&record, &ids, &[]).unwrap();
}
