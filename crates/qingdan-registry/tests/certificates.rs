#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]
//! Importing certificates, and their validity.

mod common;

use common::{X, check_invariant, codes, errors, run, xlsx};
use jiff::civil::date;
use qingdan_registry::{Certificate, Format, Uscc, import_certificates};

#[test]
fn a_good_file() {
    let c = codes(30, 2);
    let text = format!(
        "证书编号,统一社会信用代码,产品名称,有效期起,有效期至\n\
         湘墙认字（2024）第001号,{},烧结页岩多孔砖,2024-01-01,2026-12-31\n\
         湘墙认字（2024）第002号,{},蒸压加气混凝土砌块,2024/6/1,2027/5/31\n",
        c[0], c[1]
    );
    let (report, _) = run(import_certificates, text.as_bytes(), Format::Csv);
    check_invariant(&report);
    assert_eq!(report.rejected, vec![]);
    assert_eq!(
        report.accepted[0],
        Certificate {
            number: "湘墙认字（2024）第001号".into(),
            enterprise_uscc: Uscc::parse(&c[0]).unwrap(),
            product: "烧结页岩多孔砖".into(),
            valid_from: date(2024, 1, 1),
            valid_until: date(2026, 12, 31),
        }
    );
    assert_eq!(report.accepted[1].valid_until, date(2027, 5, 31));
}

#[test]
fn valid_on_includes_both_ends() {
    let cert = Certificate {
        number: "1".into(),
        enterprise_uscc: Uscc::parse("914403001922038216").unwrap(),
        product: "砖".into(),
        valid_from: date(2024, 1, 1),
        valid_until: date(2026, 12, 31),
    };
    for (day, valid) in [
        (date(2023, 12, 31), false),
        (date(2024, 1, 1), true),
        (date(2025, 6, 30), true),
        (date(2026, 12, 31), true),
        (date(2027, 1, 1), false),
    ] {
        assert_eq!(cert.valid_on(day), valid, "{day}");
    }
    let json = serde_json::to_string(&cert).unwrap();
    assert!(json.contains(r#""valid_from":"2024-01-01","valid_until":"2026-12-31""#));
    assert_eq!(serde_json::from_str::<Certificate>(&json).unwrap(), cert);
}

#[test]
fn each_kind_of_bad_row() {
    let c = codes(31, 1);
    let u = &c[0];
    let text = format!(
        "证书号,信用代码,产品,发证日期,到期日期\n\
         C1,{u},砖,2026-01-01,2024-01-01\n\
         C2,{u},砖,,2024-01-01\n\
         C3,9144030019220382,砖,2024-01-01,2026-01-01\n\
         C4,{u},,2024-01-01,2026-13-01\n\
         C1,{u},砖,2024-01-01,2026-01-01\n"
    );
    let (report, _) = run(import_certificates, text.as_bytes(), Format::Csv);
    check_invariant(&report);
    assert_eq!(report.accepted.len(), 0);
    assert_eq!(
        errors(&report.rejected),
        vec![
            (2, "到期日期", "早于有效期起（2026-01-01）"),
            (3, "发证日期", "不能为空"),
            (4, "信用代码", "统一社会信用代码应为18位，实际为16位"),
            (5, "产品", "不能为空"),
            (5, "到期日期", "2026年13月1日不存在"),
            (6, "证书号", "与第2行重复"),
        ]
    );
}

#[test]
fn a_workbook_with_date_cells() {
    let c = codes(32, 1);
    let book = xlsx(&[
        vec![
            X::S("证书编号"),
            X::S("统一社会信用代码"),
            X::S("产品名称"),
            X::S("有效期起"),
            X::S("有效期至"),
        ],
        vec![
            X::S("No.1"),
            X::T(c[0].clone()),
            X::S("混凝土空心砌块"),
            X::D(2024, 2, 29),
            X::S("2027-02-28"),
        ],
    ]);
    let (report, _) = run(import_certificates, &book, Format::Xlsx);
    check_invariant(&report);
    assert_eq!(report.rejected, vec![]);
    assert_eq!(report.accepted[0].valid_from, date(2024, 2, 29));
    assert_eq!(report.accepted[0].valid_until, date(2027, 2, 28));
}

#[test]
fn a_missing_column() {
    let (report, _) = run(
        import_certificates,
        "证书编号,统一社会信用代码,产品名称,有效期起\n".as_bytes(),
        Format::Csv,
    );
    assert_eq!(
        errors(&report.rejected),
        vec![(
            1,
            "有效期至",
            "表头缺少必需的列“有效期至”（也可写作：有效期止、截止日期、到期日期、失效日期）"
        )]
    );
}
