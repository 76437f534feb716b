#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]
//! Importing enterprises from CSV and .xlsx: good files, each kind of bad row, missing columns,
//! duplicates, encodings, progress.

mod common;

use common::{X, check_invariant, codes, errors, run, xlsx};
use qingdan_registry::{Enterprise, Format, PartyKind, Uscc, import_enterprises};

fn csv(text: &str) -> qingdan_registry::ImportReport<Enterprise> {
    let (report, calls) = run(import_enterprises, text.as_bytes(), Format::Csv);
    check_invariant(&report);
    assert_eq!(
        calls.last().copied(),
        Some((calls.last().map_or(0, |c| c.0), calls.last().map(|c| c.0)))
    );
    report
}

#[test]
fn a_good_file() {
    let c = codes(1, 3);
    let text = format!(
        "统一社会信用代码,企业名称,类别,地址,联系人,联系电话\n\
         {},安化县东坪新型墙材有限公司,新型墙体材料生产企业,安化县东坪镇黄沙坪村,李明,0737-7221234\n\
         {},安化县梅城商品混凝土有限公司,ready-mix-concrete,\"安化县梅城镇启安路1号, 2栋\",,\n\
         {},国网湖南省电力有限公司安化县供电分公司,供电企业,安化县东坪镇,王芳,13812345678\n",
        c[0],
        c[1].to_lowercase(),
        c[2]
    );
    let (report, calls) = run(import_enterprises, text.as_bytes(), Format::Csv);
    assert_eq!(report.rejected, vec![]);
    assert_eq!(report.total_rows, 3);
    assert_eq!(
        report.accepted[0],
        Enterprise {
            uscc: Uscc::parse(&c[0]).unwrap(),
            name: "安化县东坪新型墙材有限公司".into(),
            kind: PartyKind::WallMaterialProducer,
            address: "安化县东坪镇黄沙坪村".into(),
            contact: Some("李明".into()),
            phone: Some("0737-7221234".into()),
        }
    );
    assert_eq!(report.accepted[1].uscc.as_str(), c[1]);
    assert_eq!(report.accepted[1].kind, PartyKind::ReadyMixConcrete);
    assert_eq!(report.accepted[1].address, "安化县梅城镇启安路1号, 2栋");
    assert_eq!(report.accepted[1].contact, None);
    assert_eq!(report.accepted[1].phone, None);
    assert_eq!(report.accepted[2].kind, PartyKind::PowerSupplier);
    assert_eq!(calls, vec![(3, Some(3))]);
}

#[test]
fn bom_crlf_title_row_aliases_and_any_column_order() {
    let c = codes(2, 2);
    let text = format!(
        "\u{feff}安化县预拌混凝土企业名录,,,,,\r\n\
         \r\n\
         序号,单位名称,社会信用代码 ,企业类别*,住所（必填）,电话,备注\r\n\
         1,甲公司,{},预拌混凝土企业,东坪镇,13812345678,\r\n\
         2,乙公司,{},其它,梅城镇,,停产\r\n",
        c[0], c[1]
    );
    let report = csv(&text);
    assert_eq!(report.rejected, vec![]);
    assert_eq!(report.total_rows, 2);
    assert_eq!(report.accepted[0].name, "甲公司");
    assert_eq!(report.accepted[0].kind, PartyKind::ReadyMixConcrete);
    assert_eq!(report.accepted[1].kind, PartyKind::Other);
}

/// Each kind of bad row, one per row, with the message a clerk will read.
#[test]
fn each_kind_of_bad_row() {
    let c = codes(3, 20);
    let long = "长".repeat(101);
    let rows: Vec<(String, (&str, &str))> = vec![
        (
            ",甲,其他,东坪镇,,".to_owned(),
            ("统一社会信用代码", "不能为空"),
        ),
        (
            format!("{},甲,其他,东坪镇,,", &c[0][..17]),
            ("统一社会信用代码", "统一社会信用代码应为18位，实际为17位"),
        ),
        (
            format!("{}I,甲,其他,东坪镇,,", &c[1][..17]),
            (
                "统一社会信用代码",
                "第18位的字符“I”不能用于统一社会信用代码（代码不使用字母I、O、S、V、Z，可能是数字1、0、5、U、2之误）",
            ),
        ),
        (
            "914403001922038217,甲,其他,东坪镇,,".to_owned(),
            (
                "统一社会信用代码",
                "校验码（第18位）应为“6”，实际为“7”，请逐位核对",
            ),
        ),
        (
            "914403001922038226,甲,其他,东坪镇,,".to_owned(),
            (
                "统一社会信用代码",
                "组织机构代码校验位（第17位）应为“1”，实际为“2”，请核对第9–17位",
            ),
        ),
        (format!("{},,其他,东坪镇,,", c[2]), ("企业名称", "不能为空")),
        (
            format!("{},{long},其他,东坪镇,,", c[3]),
            ("企业名称", "过长：101个字符，最多100个"),
        ),
        (
            format!("{},甲,砖厂,东坪镇,,", c[4]),
            (
                "类别",
                "类别“砖厂”不是已知的类别（应为：新型墙体材料生产企业、水泥生产企业、预拌混凝土企业、预拌砂浆企业、水泥制品企业、电力用户、供电企业、建设单位、其他）",
            ),
        ),
        (format!("{},甲,其他,  ,,", c[5]), ("地址", "不能为空")),
        (
            format!("{},甲,其他,东坪镇,,12345", c[6]),
            (
                "联系电话",
                "不是有效的电话号码（手机11位，座机如0737-1234567）",
            ),
        ),
        (
            format!("{},甲,其他,东坪镇,,,多余", c[7]),
            (
                "第7列",
                "表头中没有这一列，但本行在这里有内容（是否多了分隔符或少了列名？）",
            ),
        ),
        (
            format!("{},甲\u{1},其他,东坪镇,,", c[8]),
            ("企业名称", "含有控制字符 U+0001"),
        ),
        (
            format!("{},#N/A,其他,东坪镇,,", c[9]),
            ("企业名称", "单元格是 Excel 错误值 #N/A（公式出错）"),
        ),
        (
            "9.14403E+17,甲,其他,东坪镇,,".to_owned(),
            (
                "统一社会信用代码",
                "是科学计数法的数字：代码在 Excel 中被当成了数字，只剩15位有效数字；请把该列设为“文本”格式后重新录入",
            ),
        ),
    ];
    let mut text = "统一社会信用代码,企业名称,类别,地址,联系人,联系电话\n".to_owned();
    for (row, _) in &rows {
        text.push_str(row);
        text.push('\n');
    }
    // One good row at the end, and one row with two bad fields.
    text.push_str(&format!("{},好公司,其他,东坪镇,,\n", c[11]));
    text.push_str(",,其他,东坪镇,,\n");
    let report = csv(&text);
    assert_eq!(report.total_rows, rows.len() + 2);
    assert_eq!(report.accepted.len(), 1);
    assert_eq!(report.accepted[0].name, "好公司");
    let got = errors(&report.rejected);
    for (i, (_, (field, reason))) in rows.iter().enumerate() {
        let row = i + 2;
        assert!(
            got.contains(&(row, field, reason)),
            "row {row}: want {field}: {reason}\ngot {:#?}",
            got.iter().filter(|e| e.0 == row).collect::<Vec<_>>()
        );
        assert_eq!(got.iter().filter(|e| e.0 == row).count(), 1, "row {row}");
    }
    let last = rows.len() + 3;
    assert_eq!(
        got.iter().filter(|e| e.0 == last).collect::<Vec<_>>(),
        vec![
            &(last, "统一社会信用代码", "不能为空"),
            &(last, "企业名称", "不能为空")
        ]
    );
    // The value is reported as found.
    let e = report.rejected.iter().find(|e| e.row == 5).unwrap();
    assert_eq!(e.value, "914403001922038217");
    assert_eq!(
        e.to_string(),
        "第5行“统一社会信用代码”：校验码（第18位）应为“6”，实际为“7”，请逐位核对（值为“914403001922038217”）"
    );
}

#[test]
fn a_broken_quote_is_the_rows_problem() {
    let c = codes(4, 2);
    let text = format!(
        "统一社会信用代码,企业名称,类别,地址\n{},\"甲\"乙,其他,东坪镇\n{},\"丙,其他,东坪镇\n",
        c[0], c[1]
    );
    let report = csv(&text);
    assert_eq!(report.total_rows, 2);
    assert_eq!(report.accepted.len(), 0);
    assert_eq!(
        errors(&report.rejected)[0],
        (2, "整行", "第2列的引号之后还有字符")
    );
    assert!(
        report
            .rejected
            .iter()
            .any(|e| e.row == 3 && e.field == "整行" && e.reason.contains("引号没有闭合"))
    );
}

#[test]
fn a_missing_column_is_one_clear_error() {
    let c = codes(5, 1);
    let text = format!("统一社会信用代码,企业名称,地址\n{},甲,东坪镇\n", c[0]);
    let report = csv(&text);
    assert!(report.file_rejected());
    assert_eq!(report.total_rows, 0);
    assert!(report.accepted.is_empty());
    assert_eq!(
        errors(&report.rejected),
        vec![(
            1,
            "类别",
            "表头缺少必需的列“类别”（也可写作：企业类别、单位类别、类型、企业类型）"
        )]
    );

    let report = csv("企业名称,类别\n甲,其他\n");
    assert_eq!(
        report
            .rejected
            .iter()
            .map(|e| e.field.as_str())
            .collect::<Vec<_>>(),
        ["统一社会信用代码", "地址"]
    );
}

#[test]
fn no_header_empty_files_and_duplicate_columns() {
    let report = csv("code,name,kind,address\n1,2,3,4\n");
    assert_eq!(
        errors(&report.rejected),
        vec![(
            1,
            "表头",
            "找不到表头：没有一行含有“统一社会信用代码”“企业名称”“类别”“地址”等列名；第1行是：code，name，kind，address"
        )]
    );
    let report = csv("");
    assert_eq!(errors(&report.rejected), vec![(0, "文件", "文件为空")]);
    let report = csv("\n\r\n,,,\n");
    assert_eq!(
        errors(&report.rejected),
        vec![(0, "文件", "文件中没有任何内容（只有空行）")]
    );
    let report = csv("统一社会信用代码,企业名称,类别,地址,电话,手机\n");
    assert_eq!(
        errors(&report.rejected),
        vec![(
            1,
            "表头",
            "列名重复：“电话”和“手机”都表示“联系电话”，只能保留一列"
        )]
    );
    // A damaged header is the file's problem.
    let report = csv("统一社会信用代码,\"企业名称\"x,类别,地址\n");
    assert_eq!(
        errors(&report.rejected),
        vec![(1, "表头", "第2列的引号之后还有字符")]
    );
    // So is a title row whose quote swallows the rest of the file.
    let report = csv("\"名录,,,\n统一社会信用代码,企业名称,类别,地址\n");
    assert_eq!(
        errors(&report.rejected),
        vec![(
            1,
            "表头",
            "找不到表头：没有一行含有“统一社会信用代码”“企业名称”“类别”“地址”等列名；第1行是：名录,,,\n统一社会信用代码,企业名称,类别,地址\n（第1行：第1列的引号没有闭合，从本行起到文件末尾都被读成了这一个单元格）"
        )]
    );
    // A header and nothing else is an empty, successful import.
    let report = csv("统一社会信用代码,企业名称,类别,地址\n\n");
    assert!(!report.file_rejected());
    assert_eq!((report.total_rows, report.rejected.len()), (0, 0));
}

#[test]
fn duplicates_name_the_first_row() {
    let c = codes(6, 2);
    let text = format!(
        "统一社会信用代码,企业名称,类别,地址\n{a},甲,其他,东坪镇\n{b},乙,其他,东坪镇\n {al} ,丙,其他,东坪镇\n{a},丁,其他,东坪镇\n",
        a = c[0],
        b = c[1],
        al = c[0].to_lowercase()
    );
    let report = csv(&text);
    assert_eq!(report.accepted.len(), 2);
    assert_eq!(
        errors(&report.rejected),
        vec![
            (4, "统一社会信用代码", "与第2行重复"),
            (5, "统一社会信用代码", "与第2行重复")
        ]
    );
    // The first occurrence counts even when its row is refused for something else.
    let text = format!(
        "统一社会信用代码,企业名称,类别,地址\n{a},,其他,东坪镇\n{a},乙,其他,东坪镇\n",
        a = c[0]
    );
    let report = csv(&text);
    assert_eq!(
        errors(&report.rejected),
        vec![
            (2, "企业名称", "不能为空"),
            (3, "统一社会信用代码", "与第2行重复")
        ]
    );
}

#[test]
fn gbk_csv_from_chinese_excel() {
    let c = codes(7, 2);
    let text = format!(
        "统一社会信用代码,企业名称,类别,地址,联系人,联系电话\r\n{},安化县黑茶砖厂,新型墙体材料生产企业,安化县小淹镇,刘德华,0737-7221234\r\n{},湘中水泥,水泥生产企业,安化县冷市镇,,\r\n",
        c[0], c[1]
    );
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&gbk).is_err());
    let (report, _) = run(import_enterprises, &gbk, Format::Csv);
    assert_eq!(report.rejected, vec![]);
    assert_eq!(report.accepted.len(), 2);
    assert_eq!(report.accepted[0].name, "安化县黑茶砖厂");
    assert_eq!(report.accepted[0].contact.as_deref(), Some("刘德华"));
    assert_eq!(report.accepted[1].kind, PartyKind::CementProducer);
}

#[test]
fn undecodable_bytes_are_one_clear_error() {
    let mut bytes = b"USCC,name\r\n".to_vec();
    bytes.extend_from_slice(&[0x80, 0xFF, 0x80, b'\n']);
    let (report, _) = run(import_enterprises, &bytes, Format::Csv);
    assert_eq!(
        errors(&report.rejected),
        vec![(
            2,
            "文件",
            "文件编码无法识别：第2行有既不是 UTF-8 也不是 GBK/GB18030 的字节（0x80）；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入"
        )]
    );
    let (report, _) = run(import_enterprises, b"\xFF\xFEa\x00", Format::Csv);
    assert!(report.file_rejected());
    assert!(report.rejected[0].reason.contains("UTF-16"));
}

#[test]
fn a_damaged_byte_in_a_utf8_file_refuses_only_its_row() {
    let c = codes(8, 2);
    let mut bytes = format!(
        "统一社会信用代码,企业名称,类别,地址\n{},甲,其他,东坪镇\n{},乙",
        c[0], c[1]
    )
    .into_bytes();
    bytes.push(0xFF);
    bytes.extend_from_slice(",其他,东坪镇\n".as_bytes());
    let (report, _) = run(import_enterprises, &bytes, Format::Csv);
    assert_eq!(report.accepted.len(), 1);
    assert_eq!(
        errors(&report.rejected),
        vec![(
            3,
            "企业名称",
            "含有无法识别的字符（文件中的字节不是有效的 UTF-8）"
        )]
    );
}

#[test]
fn tab_separated_text() {
    let c = codes(9, 1);
    let text = format!(
        "统一社会信用代码\t企业名称\t类别\t地址\n{}\t甲,乙\t其他\t东坪镇\n",
        c[0]
    );
    let report = csv(&text);
    assert_eq!(report.rejected, vec![]);
    assert_eq!(report.accepted[0].name, "甲,乙");
}

#[test]
fn the_wrong_format_is_named() {
    let book = xlsx(&[vec![X::S("统一社会信用代码")]]);
    let (report, _) = run(import_enterprises, &book, Format::Csv);
    assert!(report.rejected[0].reason.contains("请按 XLSX 格式导入"));
    let (report, _) = run(
        import_enterprises,
        "统一社会信用代码\n".as_bytes(),
        Format::Xlsx,
    );
    assert!(report.rejected[0].reason.contains("不是 ZIP 格式"));
    let (report, _) = run(
        import_enterprises,
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        Format::Xlsx,
    );
    assert!(report.rejected[0].reason.contains(".xls"));
    let (report, _) = run(import_enterprises, b"PK\x03\x04garbage", Format::Xlsx);
    assert!(report.file_rejected());
    assert!(
        report.rejected[0]
            .reason
            .starts_with("无法打开 Excel 工作簿")
    );
    assert_eq!(Format::sniff(&book), Format::Xlsx);
    assert_eq!(Format::from_file_name("名录.XLSX"), Some(Format::Xlsx));
    assert_eq!(Format::from_file_name("名录.csv"), Some(Format::Csv));
    assert_eq!(Format::from_file_name("名录.xls"), None);
}

#[test]
fn a_good_workbook_with_a_title_row() {
    let c = codes(10, 3);
    let book = xlsx(&[
        vec![X::S("安化县新型墙材企业名录（2024年）")],
        vec![
            X::S("序号"),
            X::S("统一社会信用代码"),
            X::S("企业名称"),
            X::S("类别"),
            X::S("地址"),
            X::S("联系人"),
            X::S("联系电话"),
        ],
        vec![
            X::N(1.0),
            X::T(c[0].clone()),
            X::S("安化县东坪新型墙材有限公司"),
            X::S("新型墙体材料生产企业"),
            X::S("东坪镇"),
            X::S("李明"),
            X::N(13_812_345_678.0),
        ],
        vec![X::E],
        vec![
            X::N(2.0),
            X::T(c[1].clone()),
            X::S("安化县电力用户甲"),
            X::S("电力用户"),
            X::S("小淹镇"),
            X::E,
            X::S("0737-7221234"),
        ],
    ]);
    let (report, calls) = run(import_enterprises, &book, Format::Xlsx);
    check_invariant(&report);
    assert_eq!(report.rejected, vec![]);
    assert_eq!(report.total_rows, 2);
    assert_eq!(report.accepted[0].phone.as_deref(), Some("13812345678"));
    assert_eq!(report.accepted[1].kind, PartyKind::PowerUser);
    assert_eq!(calls.last(), Some(&(3, Some(3))));
}

#[test]
fn workbook_rows_are_numbered_as_excel_shows_them() {
    let c = codes(11, 2);
    let header = || {
        vec![
            X::S("统一社会信用代码"),
            X::S("企业名称"),
            X::S("类别"),
            X::S("地址"),
        ]
    };
    let book = xlsx(&[
        vec![X::S("名录")],
        header(),
        vec![X::T(c[0].clone()), X::S("甲"), X::S("其他"), X::S("东坪镇")],
        // An 18-digit code typed as a number: Excel keeps 15 digits.
        vec![
            X::N(914_403_001_922_038_216.0),
            X::S("乙"),
            X::S("其他"),
            X::S("东坪镇"),
        ],
        vec![
            X::T(c[1].clone()),
            X::D(2024, 3, 1),
            X::B(true),
            X::S("东坪镇"),
        ],
    ]);
    let (report, _) = run(import_enterprises, &book, Format::Xlsx);
    check_invariant(&report);
    assert_eq!(report.accepted.len(), 1);
    assert_eq!(
        errors(&report.rejected),
        vec![
            (
                4,
                "统一社会信用代码",
                "单元格是数字格式：Excel 只保存15位有效数字，18位的代码已被改动；请把该列设为“文本”格式后重新录入"
            ),
            (5, "企业名称", "应为文字，不能是日期、时间或逻辑值"),
            (5, "类别", "应为文字，不能是日期、时间或逻辑值"),
        ]
    );
    assert_eq!(report.rejected[1].value, "2024-03-01");
}

#[test]
fn a_workbook_missing_a_column() {
    let book = xlsx(&[vec![
        X::S("统一社会信用代码"),
        X::S("企业名称"),
        X::S("类别"),
    ]]);
    let (report, _) = run(import_enterprises, &book, Format::Xlsx);
    assert_eq!(
        errors(&report.rejected),
        vec![(
            1,
            "地址",
            "表头缺少必需的列“地址”（也可写作：企业地址、单位地址、住所、注册地址、经营地址、生产地址、详细地址）"
        )]
    );
}

#[test]
fn progress_every_ten_thousand_rows() {
    let mut text = "统一社会信用代码,企业名称,类别,地址\n".to_owned();
    for (i, c) in codes(12, 25_000).iter().enumerate() {
        text.push_str(&format!("{c},企业{i},其他,东坪镇\n"));
    }
    let (report, calls) = run(import_enterprises, text.as_bytes(), Format::Csv);
    assert_eq!(report.accepted.len(), 25_000);
    assert_eq!(
        calls,
        vec![
            (10_000, Some(25_000)),
            (20_000, Some(25_000)),
            (25_000, Some(25_000))
        ]
    );
}

#[test]
fn enterprises_serialise_as_json() {
    let e = Enterprise {
        uscc: Uscc::parse("914403001922038216").unwrap(),
        name: "甲".into(),
        kind: PartyKind::CementProductPlant,
        address: "东坪镇".into(),
        contact: None,
        phone: Some("13812345678".into()),
    };
    let json = serde_json::to_string(&e).unwrap();
    assert_eq!(
        json,
        r#"{"uscc":"914403001922038216","name":"甲","kind":"cement-product-plant","address":"东坪镇","contact":null,"phone":"13812345678"}"#
    );
    assert_eq!(serde_json::from_str::<Enterprise>(&json).unwrap(), e);
}

#[test]
fn party_kinds_parse_from_labels_and_codes() {
    for k in PartyKind::ALL {
        assert_eq!(PartyKind::parse(k.label()), Ok(k));
        assert_eq!(PartyKind::parse(k.code()), Ok(k));
        assert_eq!(
            PartyKind::parse(&k.code().replace('-', "_").to_uppercase()),
            Ok(k)
        );
        assert_eq!(k.to_string(), k.label());
    }
    assert_eq!(" 预拌砂浆企业 ".parse(), Ok(PartyKind::ReadyMixMortar));
    assert_eq!(PartyKind::parse("其它"), Ok(PartyKind::Other));
    assert!(PartyKind::parse("砖厂").is_err());
}
