#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]
//! No input panics an importer, and every report accounts for every row.

mod common;

use common::{X, check_invariant, codes, xlsx};
use proptest::prelude::*;
use qingdan_registry::{Format, import_certificates, import_enterprises, import_projects};

fn all_importers(bytes: &[u8], format: Format) {
    let mut calls = 0usize;
    let mut progress = |_: usize, _: Option<usize>| calls += 1;
    check_invariant(&import_enterprises(bytes, format, &mut progress));
    check_invariant(&import_projects(bytes, format, &mut progress));
    check_invariant(&import_certificates(bytes, format, &mut progress));
}

/// Pieces CSV-like text is made of: the column names, delimiters, quotes, line ends, valid and
/// broken codes, dates, yes/no, Chinese text, and bytes that are not UTF-8.
fn piece() -> impl Strategy<Value = Vec<u8>> {
    let code = codes(99, 4);
    prop_oneof![
        4 => Just(b",".to_vec()),
        2 => Just(b"\"".to_vec()),
        2 => Just(b"\r\n".to_vec()),
        2 => Just(b"\n".to_vec()),
        1 => Just(b"\r".to_vec()),
        1 => Just(b"\t".to_vec()),
        2 => prop::sample::select(vec![
            "统一社会信用代码", "企业名称", "类别", "地址", "联系人", "联系电话",
            "项目编号", "项目名称", "建设单位统一社会信用代码", "建设地点",
            "是否在禁止现场搅拌区域", "开工日期", "是否申请基金返退",
            "证书编号", "产品名称", "有效期起", "有效期至",
        ]).prop_map(|s| s.as_bytes().to_vec()),
        3 => prop::sample::select(code).prop_map(String::into_bytes),
        2 => prop::sample::select(vec![
            "其他", "预拌混凝土企业", "是", "否", "2024-03-01", "2024/2/30", "13812345678",
            "914403001922038217", "东坪镇", " ", "\u{3000}", "\u{feff}", "#N/A",
        ]).prop_map(|s| s.as_bytes().to_vec()),
        1 => prop::collection::vec(any::<u8>(), 1..4),
        1 => "\\PC{1,6}".prop_map(String::into_bytes),
    ]
}

fn csv_like() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(piece(), 0..80).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Arbitrary bytes, read as CSV and as a workbook.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2_000)) {
        all_importers(&bytes, Format::Csv);
        all_importers(&bytes, Format::Xlsx);
    }

    /// Text that looks like a registry file, with every kind of damage.
    #[test]
    fn csv_like_text_never_panics_and_is_accounted_for(bytes in csv_like()) {
        all_importers(&bytes, Format::Csv);
        let mut with_header = "统一社会信用代码,企业名称,类别,地址,联系电话\n".as_bytes().to_vec();
        with_header.extend_from_slice(&bytes);
        all_importers(&with_header, Format::Csv);
    }

    /// A real workbook with bytes overwritten or cut off.
    #[test]
    fn damaged_workbooks_never_panic(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut book = sample_book().to_vec();
        for (at, byte) in edits {
            let i = at.index(book.len());
            book[i] = byte;
        }
        if truncate {
            book.truncate(cut.index(book.len()));
        }
        all_importers(&book, Format::Xlsx);
    }
}

/// An edit to a part of a workbook's package.
#[derive(Debug, Clone)]
enum Edit {
    Replace(prop::sample::Index, u8),
    Insert(prop::sample::Index, &'static str),
    Delete(prop::sample::Index, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (
            any::<prop::sample::Index>(),
            prop::sample::select(b"<>\"/=A9 \0\xFF".to_vec())
        )
            .prop_map(|(i, b)| Edit::Replace(i, b)),
        (
            any::<prop::sample::Index>(),
            prop::sample::select(vec![
                "r=\"XFDXFDXFD1\" ",
                "<c r=\"AAAAAAAAAAAAAAA1\"><v>1</v></c>",
                "<c r=\"A4294967296\"><v>1</v></c>",
                "<row r=\"0\">",
                "<row r=\"99999999999\">",
                "</row>",
                "<c t=\"s\"><v>999999</v></c>",
                "<c t=\"e\"><v>#N/A</v></c>",
                "<c t=\"d\"><v>not-a-date</v></c>",
                "<c s=\"99999\"><v>45000</v></c>",
                "<c t=\"inlineStr\"><is><t>甲</t></is></c>",
                "&#xFFFFFF;",
                "&bogus;",
                "<dimension ref=\"A1:XFD1048576\"/>",
                "<![CDATA[",
                "<!--",
            ]),
        )
            .prop_map(|(i, s)| Edit::Insert(i, s)),
        (any::<prop::sample::Index>(), 1usize..40).prop_map(|(i, n)| Edit::Delete(i, n)),
    ]
}

/// The sample workbook with `change` applied to the bytes of one of its parts, repackaged with
/// valid checksums so that the damage reaches the XML reader.
fn repackaged(part: &str, change: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    use std::io::{Cursor, Read, Write};
    let mut archive = zip::ZipArchive::new(Cursor::new(sample_book())).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut change = Some(change);
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().into_owned();
        let mut data = Vec::new();
        file.read_to_end(&mut data).unwrap();
        if name == part
            && let Some(change) = change.take()
        {
            change(&mut data);
        }
        out.start_file(name, options).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn apply(data: &mut Vec<u8>, edits: &[Edit]) {
    for e in edits {
        match e {
            Edit::Replace(at, b) => {
                let i = at.index(data.len().max(1));
                if let Some(slot) = data.get_mut(i) {
                    *slot = *b;
                }
            }
            Edit::Insert(at, s) => {
                let i = at.index(data.len() + 1);
                data.splice(i..i, s.bytes());
            }
            Edit::Delete(at, n) => {
                let i = at.index(data.len().max(1)).min(data.len());
                let j = (i + n).min(data.len());
                data.drain(i..j);
            }
        }
    }
}

/// `insert` placed right after `<sheetData>`.
fn with_sheet_data(insert: &str) -> Vec<u8> {
    repackaged("xl/worksheets/sheet1.xml", |data| {
        let text = String::from_utf8(data.clone()).unwrap();
        let at = text.find("<sheetData>").unwrap() + "<sheetData>".len();
        data.splice(at..at, insert.bytes());
    })
}

/// `insert` placed right before `</sheetData>`.
fn at_sheet_end(insert: &str) -> Vec<u8> {
    repackaged("xl/worksheets/sheet1.xml", |data| {
        let text = String::from_utf8(data.clone()).unwrap();
        let at = text.find("</sheetData>").unwrap();
        data.splice(at..at, insert.bytes());
    })
}

/// A sheet that breaks after some rows: the rows read are kept, the next row is refused with
/// the reason, and the report still accounts for every row it counts.
#[test]
fn a_sheet_broken_part_way() {
    let book = at_sheet_end("<row r=\"2\"><c r=\"A2\"><v>1</v></c></row>");
    let r = import_enterprises(&book, Format::Xlsx, &mut |_, _| {});
    check_invariant(&r);
    assert_eq!((r.total_rows, r.accepted.len()), (4, 3));
    assert_eq!(
        common::errors(&r.rejected),
        vec![(
            5,
            "整行",
            "从本行起没有读取：工作表的行顺序错乱（第2行出现在第4行之后），文件可能已损坏"
        )]
    );
    let book = at_sheet_end("<row r=\"5\"><c r=\"AAAAAAAAAAAAAAA5\"><v>1</v></c></row>");
    let r = import_enterprises(&book, Format::Xlsx, &mut |_, _| {});
    check_invariant(&r);
    if cfg!(debug_assertions) {
        // calamine's column arithmetic overflows (a panic in a debug build), caught. The row
        // being assembled (4) had not been handed over, so it is the one refused.
        assert_eq!(r.accepted.len(), 2);
        assert_eq!(
            common::errors(&r.rejected),
            vec![(
                4,
                "整行",
                "从本行起没有读取：Excel 工作簿已损坏（读取时出错）"
            )]
        );
    }
}

#[test]
fn hostile_cell_references_do_not_panic() {
    for insert in [
        "<row r=\"1\"><c r=\"AAAAAAAAAAAAAAA1\"><v>1</v></c></row>",
        "<row r=\"1\"><c r=\"A99999999999\"><v>1</v></c></row>",
        "<row r=\"99999999999\"><c><v>1</v></c></row>",
        "<row r=\"1\"><c r=\"XFE1\" t=\"inlineStr\"><is><t>x</t></is></c></row>",
        "<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><t>x</t></is></c></row>",
    ] {
        let book = with_sheet_data(insert);
        all_importers(&book, Format::Xlsx);
        let r = import_enterprises(&book, Format::Xlsx, &mut |_, _| {});
        assert!(r.file_rejected(), "{insert}: {:?}", r.rejected);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Damaged worksheet, shared-string and style XML inside an intact package.
    #[test]
    fn damaged_workbook_xml_never_panics(
        part in prop::sample::select(vec![
            "xl/worksheets/sheet1.xml",
            "xl/sharedStrings.xml",
            "xl/styles.xml",
            "xl/workbook.xml",
        ]),
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        all_importers(&repackaged(part, |data| apply(data, &edits)), Format::Xlsx);
    }
}

fn sample_book() -> &'static [u8] {
    use std::sync::OnceLock;
    static BOOK: OnceLock<Vec<u8>> = OnceLock::new();
    BOOK.get_or_init(|| {
        let c = codes(98, 3);
        let mut rows = vec![vec![
            X::S("统一社会信用代码"),
            X::S("企业名称"),
            X::S("类别"),
            X::S("地址"),
            X::S("有效期起"),
        ]];
        for code in c {
            rows.push(vec![
                X::T(code),
                X::S("甲"),
                X::S("其他"),
                X::S("东坪镇"),
                X::D(2024, 1, 1),
            ]);
        }
        xlsx(&rows)
    })
}
