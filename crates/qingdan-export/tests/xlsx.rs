#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]
//! The Anhua list exported to Excel and read back with calamine, as another program would.

use std::io::Cursor;

use calamine::{Data, Dimensions, Range, Reader, Xlsx, open_workbook_from_rs};
use qingdan_core::{BoundaryParty, Catalog, Duty, System, WorkItem, parse_list};
use qingdan_export::{ExportError, SHEET_NAMES, catalog_xlsx};

fn anhua() -> Catalog {
    parse_list(include_str!("../../../data/seeds/anhua.txt")).unwrap()
}

fn open(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes)).unwrap()
}

fn sheet(book: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Range<Data> {
    let range = book.worksheet_range(name).unwrap();
    assert_eq!(range.start(), Some((0, 0)), "{name} starts at A1");
    range
}

/// A cell as text: strings as they are, numbers as integers, blanks as "".
fn cell(range: &Range<Data>, row: usize, col: usize) -> String {
    match range.get((row, col)) {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => format!("{f}"),
        Some(Data::Int(i)) => i.to_string(),
        Some(other) => panic!("unexpected cell ({row}, {col}): {other:?}"),
    }
}

fn header(range: &Range<Data>) -> Vec<String> {
    (0..range.width()).map(|c| cell(range, 0, c)).collect()
}

/// The data rows (below the header).
fn rows(range: &Range<Data>) -> usize {
    range.height() - 1
}

/// The first data row whose column `col` is `value`.
fn find(range: &Range<Data>, col: usize, value: &str) -> usize {
    (1..range.height())
        .find(|&r| cell(range, r, col) == value)
        .unwrap_or_else(|| panic!("no row with {value:?} in column {col}"))
}

#[test]
fn sheets_are_named_in_chinese_in_order() {
    let book = open(catalog_xlsx(&anhua()).unwrap());
    assert_eq!(book.sheet_names(), SHEET_NAMES.map(str::to_owned).to_vec());
    assert_eq!(
        SHEET_NAMES,
        ["部门职责", "职责边界", "监管制度", "公共服务", "说明"]
    );
}

#[test]
fn duties_sheet_has_one_row_per_work_item() {
    let c = anhua();
    let mut book = open(catalog_xlsx(&c).unwrap());
    let s = sheet(&mut book, "部门职责");
    assert_eq!(
        header(&s),
        [
            "职责序号",
            "主要职责",
            "事项序号",
            "具体工作事项",
            "备注",
            "承办机构"
        ]
    );
    assert_eq!(rows(&s), 56);

    // Item 6.5 is carried by the bulk cement office, and its duty text is on its own row.
    let r = find(&s, 2, "6.5");
    assert_eq!(cell(&s, r, 0), "6");
    assert_eq!(cell(&s, r, 1), c.duty(6).unwrap().text);
    assert_eq!(cell(&s, r, 3), c.duty(6).unwrap().items[4].text);
    assert_eq!(cell(&s, r, 5), "县散装水泥办公室");

    // Every row repeats its duty and names an office, and the rows follow the catalog.
    let mut r = 1;
    for duty in &c.duties {
        for (item, office) in duty.items.iter().zip(duty.item_offices(&c.bureau)) {
            assert_eq!(cell(&s, r, 0), duty.no.to_string());
            assert_eq!(cell(&s, r, 1), duty.text);
            assert_eq!(cell(&s, r, 2), format!("{}.{}", duty.no, item.no));
            assert_eq!(cell(&s, r, 3), item.text);
            assert_eq!(cell(&s, r, 4), item.note);
            assert_eq!(cell(&s, r, 5), office);
            assert!(!office.is_empty());
            r += 1;
        }
    }
    // Items before any note belong to the bureau.
    assert_eq!(cell(&s, find(&s, 2, "1.1"), 5), "安化县工业和信息化局");
}

#[test]
fn boundaries_sheet_has_one_row_per_party_with_merged_matter() {
    let c = anhua();
    let mut book = open(catalog_xlsx(&c).unwrap());
    let s = sheet(&mut book, "职责边界");
    assert_eq!(
        header(&s),
        [
            "序号",
            "管理事项",
            "相关部门",
            "职责分工",
            "相关依据",
            "案例"
        ]
    );
    assert_eq!(rows(&s), 19);

    let merges = book.merge_cells_by_sheet_name("职责边界").unwrap();
    let mut r = 1;
    for b in &c.boundaries {
        // The first row of each boundary holds its values; the rows below are blank.
        assert_eq!(cell(&s, r, 0), b.no.to_string());
        assert_eq!(cell(&s, r, 1), b.matter);
        assert_eq!(cell(&s, r, 4), b.basis);
        assert_eq!(cell(&s, r, 5), b.example);
        let n = b.parties.len();
        for (i, p) in b.parties.iter().enumerate() {
            assert_eq!(cell(&s, r + i, 2), p.department);
            assert_eq!(cell(&s, r + i, 3), p.division);
            if i > 0 {
                for col in [0, 1, 4, 5] {
                    assert_eq!(cell(&s, r + i, col), "", "row {} col {col}", r + i);
                }
            }
        }
        let last = u32::try_from(r + n - 1).unwrap();
        let first = u32::try_from(r).unwrap();
        for col in [0, 1, 4, 5] {
            let merged = merges.contains(&Dimensions {
                start: (first, col),
                end: (last, col),
            });
            assert_eq!(merged, n > 1, "boundary {} column {col}", b.no);
        }
        r += n;
    }
    let expected_merges = c.boundaries.iter().filter(|b| b.parties.len() > 1).count() * 4;
    assert_eq!(merges.len(), expected_merges);

    let r8 = find(&s, 0, "8");
    assert!(
        cell(&s, r8, 4).contains("第二十三条"),
        "{}",
        cell(&s, r8, 4)
    );
}

#[test]
fn systems_sheet_has_one_row_per_section() {
    let c = anhua();
    let mut book = open(catalog_xlsx(&c).unwrap());
    let s = sheet(&mut book, "监管制度");
    assert_eq!(header(&s), ["制度", "制度名称", "节", "节标题", "内容"]);
    let sections: usize = c.systems.iter().map(|s| s.sections.len()).sum();
    let intros = c.systems.iter().filter(|s| !s.intro.is_empty()).count()
        + usize::from(!c.systems_intro.is_empty());
    assert!(sections > c.systems.len());
    assert_eq!(rows(&s), sections + intros);

    let five = c.system(5).unwrap();
    let r = find(&s, 0, "三(五)");
    assert_eq!(cell(&s, r, 1), five.title);
    let first = five.sections.first().unwrap();
    let r = if five.intro.is_empty() { r } else { r + 1 };
    assert_eq!(cell(&s, r, 2), first.numeral);
    assert_eq!(cell(&s, r, 3), first.title);
    assert_eq!(cell(&s, r, 4), first.text);
}

#[test]
fn services_sheet_keeps_phone_numbers_as_text() {
    let c = anhua();
    let mut book = open(catalog_xlsx(&c).unwrap());
    let s = sheet(&mut book, "公共服务");
    assert_eq!(
        header(&s),
        ["序号", "服务事项", "主要工作内容", "承办机构", "联系电话"]
    );
    assert_eq!(rows(&s), 3);
    let phones: Vec<_> = (1..=3).map(|r| s.get((r, 4)).cloned()).collect();
    assert!(
        phones.contains(&Some(Data::String("0737-7230976".to_owned()))),
        "{phones:?}"
    );
    for (r, service) in (1..).zip(&c.services) {
        assert_eq!(cell(&s, r, 0), service.no.to_string());
        assert_eq!(cell(&s, r, 1), service.name);
        assert_eq!(cell(&s, r, 2), service.content);
        assert_eq!(cell(&s, r, 3), service.office);
        assert_eq!(cell(&s, r, 4), service.phone);
    }
}

#[test]
fn about_sheet_names_the_list_and_its_counts() {
    let c = anhua();
    let mut book = open(catalog_xlsx(&c).unwrap());
    let s = sheet(&mut book, "说明");
    assert_eq!(header(&s), ["项目", "内容"]);
    let value = |label: &str| cell(&s, find(&s, 0, label), 1);
    assert_eq!(value("清单名称"), "安化县工业和信息化局责任清单");
    assert_eq!(value("部门"), "安化县工业和信息化局");
    assert_eq!(value("主要职责"), "11 项");
    assert_eq!(value("具体工作事项"), "56 项");
    assert_eq!(value("职责边界"), "8 项管理事项");
    assert_eq!(value("边界部门分工"), "19 条");
    assert_eq!(value("监管制度"), "8 项");
    assert_eq!(value("公共服务事项"), "3 项");
    assert!(value("导出").contains("Qingdan"));
    // No export time in any cell.
    for r in 0..s.height() {
        for col in 0..s.width() {
            assert!(!cell(&s, r, col).contains("导出时间"));
        }
    }
}

#[test]
fn export_is_deterministic() {
    let c = anhua();
    let a = catalog_xlsx(&c).unwrap();
    let b = catalog_xlsx(&c).unwrap();
    assert_eq!(a, b, "two exports of the same catalog differ");
    let again = catalog_xlsx(&anhua()).unwrap();
    assert_eq!(a, again);
    // A zip, as an .xlsx is.
    assert!(a.starts_with(b"PK\x03\x04"));
}

#[test]
fn a_different_catalog_gives_different_bytes() {
    let c = anhua();
    let mut d = c.clone();
    d.services[0].phone = "0737-0000000".to_owned();
    assert_ne!(catalog_xlsx(&c).unwrap(), catalog_xlsx(&d).unwrap());
}

fn tiny() -> Catalog {
    Catalog {
        title: "某局责任清单".to_owned(),
        bureau: "某局".to_owned(),
        parts: Vec::new(),
        duties: Vec::new(),
        boundaries: Vec::new(),
        systems_intro: String::new(),
        systems: Vec::new(),
        services: Vec::new(),
    }
}

#[test]
fn an_empty_catalog_exports_headers_only() {
    let mut book = open(catalog_xlsx(&tiny()).unwrap());
    for name in &SHEET_NAMES[..4] {
        let s = sheet(&mut book, name);
        assert_eq!(s.height(), 1, "{name}");
    }
    let s = sheet(&mut book, "说明");
    assert_eq!(cell(&s, find(&s, 0, "具体工作事项"), 1), "0 项");
}

#[test]
fn nothing_is_dropped_from_sparse_catalogs() {
    let mut c = tiny();
    c.duties.push(Duty {
        no: 1,
        text: "没有事项的职责".to_owned(),
        items: Vec::new(),
    });
    c.duties.push(Duty {
        no: 2,
        text: "有事项的职责".to_owned(),
        items: (1..=11)
            .map(|no| WorkItem {
                no,
                text: format!("事项{no}"),
                note: if no == 3 {
                    "某股".to_owned()
                } else {
                    String::new()
                },
            })
            .collect(),
    });
    c.boundaries.push(qingdan_core::Boundary {
        no: 1,
        matter: "无部门的事项".to_owned(),
        basis: "依据".to_owned(),
        example: String::new(),
        parties: Vec::new(),
    });
    c.boundaries.push(qingdan_core::Boundary {
        no: 2,
        matter: "长依据".to_owned(),
        basis: "第一条".repeat(400),
        example: "案例".to_owned(),
        parties: vec![
            BoundaryParty {
                department: "甲局".to_owned(),
                division: "甲".to_owned(),
            },
            BoundaryParty {
                department: "乙局".to_owned(),
                division: "乙".to_owned(),
            },
        ],
    });
    c.systems_intro = "总述".to_owned();
    c.systems.push(System {
        no: 1,
        title: "空制度".to_owned(),
        intro: "引言文字".to_owned(),
        sections: Vec::new(),
    });
    c.systems.push(System {
        no: 2,
        title: "什么都没有".to_owned(),
        intro: String::new(),
        sections: Vec::new(),
    });

    let mut book = open(catalog_xlsx(&c).unwrap());
    let duties = sheet(&mut book, "部门职责");
    assert_eq!(rows(&duties), 12);
    assert_eq!(cell(&duties, 1, 1), "没有事项的职责");
    assert_eq!(cell(&duties, 1, 2), "");
    // 2.10 stays text, not the number 2.1.
    assert_eq!(cell(&duties, find(&duties, 2, "2.10"), 5), "某股");
    assert_eq!(cell(&duties, find(&duties, 2, "2.2"), 5), "某局");

    let boundaries = sheet(&mut book, "职责边界");
    assert_eq!(rows(&boundaries), 3);
    assert_eq!(cell(&boundaries, 1, 1), "无部门的事项");
    assert_eq!(cell(&boundaries, 1, 4), "依据");
    assert_eq!(cell(&boundaries, 2, 4), "第一条".repeat(400));

    let systems = sheet(&mut book, "监管制度");
    assert_eq!(rows(&systems), 3);
    assert_eq!(cell(&systems, 1, 0), "三");
    assert_eq!(cell(&systems, 1, 2), "引言");
    assert_eq!(cell(&systems, 1, 4), "总述");
    assert_eq!(cell(&systems, 2, 0), "三(一)");
    assert_eq!(cell(&systems, 2, 2), "引言");
    assert_eq!(cell(&systems, 2, 4), "引言文字");
    assert_eq!(cell(&systems, 3, 1), "什么都没有");
}

#[test]
fn overlong_text_is_a_chinese_error_not_a_panic() {
    let mut c = tiny();
    c.services.push(qingdan_core::Service {
        no: 1,
        name: "服务".to_owned(),
        content: "字".repeat(32_768),
        office: "某局".to_owned(),
        phone: String::new(),
    });
    let err = catalog_xlsx(&c).unwrap_err();
    assert_eq!(
        err,
        ExportError::CellTooLong {
            sheet: "公共服务",
            row: 2,
            column: "主要工作内容",
            len: 32_768,
        }
    );
    let message = err.to_string();
    assert!(message.contains("公共服务"), "{message}");
    assert!(message.contains("第 2 行"), "{message}");

    // Exactly at the limit is fine.
    c.services[0].content = "字".repeat(32_767);
    assert!(catalog_xlsx(&c).is_ok());
}

/// One part of the .xlsx package, as XML text.
fn part(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut file = archive.by_name(name).unwrap();
    let mut xml = String::new();
    file.read_to_string(&mut xml).unwrap();
    xml
}

#[test]
fn sheets_have_frozen_bold_filtered_headers_and_widths() {
    let c = anhua();
    let bytes = catalog_xlsx(&c).unwrap();
    let sections: usize = c.systems.iter().map(|s| s.sections.len()).sum();
    let intros = c.systems.iter().filter(|s| !s.intro.is_empty()).count()
        + usize::from(!c.systems_intro.is_empty());
    let filters = [
        Some("A1:F57".to_owned()),
        Some("A1:F20".to_owned()),
        Some(format!("A1:E{}", 1 + sections + intros)),
        Some("A1:E4".to_owned()),
        None,
    ];
    for (i, filter) in filters.iter().enumerate() {
        let xml = part(&bytes, &format!("xl/worksheets/sheet{}.xml", i + 1));
        assert!(xml.contains(r#"ySplit="1""#), "sheet {i} header frozen");
        assert!(xml.contains(r#"state="frozen""#), "sheet {i} header frozen");
        assert!(xml.contains("<cols>"), "sheet {i} column widths");
        assert!(xml.contains(r#"orientation="landscape""#), "sheet {i}");
        match filter {
            Some(range) => assert!(
                xml.contains(&format!(r#"<autoFilter ref="{range}"/>"#)),
                "sheet {i}: {range}"
            ),
            None => assert!(!xml.contains("<autoFilter"), "sheet {i}"),
        }
    }
    let styles = part(&bytes, "xl/styles.xml");
    assert!(styles.contains("<b/>"), "a bold font for the headers");
    assert!(styles.contains(r#"wrapText="1""#), "wrapped text");
}

#[test]
fn document_properties_carry_the_title_and_a_fixed_date() {
    let bytes = catalog_xlsx(&anhua()).unwrap();
    let core = part(&bytes, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>安化县工业和信息化局责任清单</dc:title>"),
        "{core}"
    );
    assert!(core.contains("1980-01-01T00:00:00Z"), "{core}");
    let app = part(&bytes, "docProps/app.xml");
    assert!(
        app.contains("<Company>安化县工业和信息化局</Company>"),
        "{app}"
    );
}

#[test]
fn rows_are_tall_enough_for_their_text() {
    let c = anhua();
    let bytes = catalog_xlsx(&c).unwrap();
    let heights = |sheet: usize| -> Vec<f64> {
        let xml = part(&bytes, &format!("xl/worksheets/sheet{sheet}.xml"));
        xml.split("<row ")
            .skip(2) // before the first row, and the header
            .map(|row| {
                let tag = &row[..row.find('>').unwrap()];
                assert!(tag.contains(r#"customHeight="1""#), "{tag}");
                let ht = &tag[tag.find(r#"ht=""#).unwrap() + 4..];
                ht[..ht.find('"').unwrap()].parse().unwrap()
            })
            .collect()
    };
    let duties = heights(1);
    assert_eq!(duties.len(), 56);
    // Duty 1's text runs over several lines in its column.
    assert!(duties[0] > 60.0, "{}", duties[0]);

    // Boundary 8's two rows together hold its long merged basis.
    let boundaries = heights(2);
    assert_eq!(boundaries.len(), 19);
    let together: f64 = boundaries[17..].iter().sum();
    let basis_lines = c.boundary(8).unwrap().basis.lines().count();
    assert!(together >= 16.0 * basis_lines as f64, "{together}");
}
