//! Late fees, table-driven: each row cites its provision and says what it proves.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use jiff::civil::date;
use qingdan_rules::{LateFeeInput, LateFeeKind, Law, late_fee};
use rust_decimal::Decimal;
use std::str::FromStr;

#[test]
fn table() {
    use LateFeeKind::*;
    // (proves, kind, principal, due, paid_on, days, amount, capped)
    let rows = [
        (
            "PRODUCT.md 例：2016-01-31 应缴，2016-03-01 缴纳，闰年2月29天，共30天；万分之五",
            WallFund,
            "10000",
            date(2016, 1, 31),
            date(2016, 3, 1),
            30,
            "150.00",
            false,
        ),
        (
            "平年跨月末：2015-01-31 至 2015-03-01 共29天",
            WallFund,
            "10000",
            date(2015, 1, 31),
            date(2015, 3, 1),
            29,
            "145.00",
            false,
        ),
        (
            "当日缴纳不滞纳",
            WallFund,
            "10000",
            date(2016, 1, 31),
            date(2016, 1, 31),
            0,
            "0.00",
            false,
        ),
        (
            "行政强制法第四十五条：滞纳金不超过本金",
            WallFund,
            "100",
            date(2010, 1, 1),
            date(2016, 1, 1),
            2191,
            "100.00",
            true,
        ),
        (
            "基金2017-04-01取消后，此前欠缴的滞纳金照计",
            WallFund,
            "10000",
            date(2017, 3, 31),
            date(2017, 4, 30),
            30,
            "150.00",
            false,
        ),
        (
            "行政处罚法第七十二条：每日3%",
            Fine,
            "1000",
            date(2026, 1, 15),
            date(2026, 1, 16),
            1,
            "30.00",
            false,
        ),
        (
            "33天：990元，未达本金",
            Fine,
            "1000",
            date(2026, 1, 15),
            date(2026, 2, 17),
            33,
            "990.00",
            false,
        ),
        (
            "34天：1020元超过本金，以1000元为限（行政强制法第四十五条）",
            Fine,
            "1000",
            date(2026, 1, 15),
            date(2026, 2, 18),
            34,
            "1000.00",
            true,
        ),
        (
            "跨闰年年末：2023-12-31 至 2024-03-01 共61天",
            Fine,
            "100",
            date(2023, 12, 31),
            date(2024, 3, 1),
            61,
            "100.00",
            true,
        ),
        (
            "分位四舍五入：333.33×3%×1 = 9.9999 → 10.00",
            Fine,
            "333.33",
            date(2026, 1, 15),
            date(2026, 1, 16),
            1,
            "10.00",
            false,
        ),
    ];
    let law = Law::current();
    for (proves, kind, principal, due, paid_on, days, amount, capped) in rows {
        let fee = late_fee(
            &law,
            &LateFeeInput {
                kind,
                principal: Decimal::from_str(principal).unwrap(),
                due,
                paid_on,
                excluded_days: 0,
            },
        )
        .unwrap_or_else(|e| panic!("{proves}: {e}"));
        assert_eq!(fee.days, days, "{proves}");
        assert_eq!(fee.amount.to_string(), amount, "{proves}");
        assert_eq!(fee.capped, capped, "{proves}");
        assert!(!fee.basis.is_empty() && !fee.reasons.is_empty(), "{proves}");
    }
}

#[test]
fn review_time_is_not_counted() {
    // 行政处罚法第七十三条：复议、诉讼期间不计加处罚款。
    let fee = late_fee(
        &Law::current(),
        &LateFeeInput {
            kind: LateFeeKind::Fine,
            principal: Decimal::from(1000),
            due: date(2026, 1, 15),
            paid_on: date(2026, 2, 17),
            excluded_days: 30,
        },
    )
    .unwrap();
    assert_eq!(fee.days, 3);
    assert_eq!(fee.amount.to_string(), "90.00");
}

#[test]
fn refused_inputs_name_their_field() {
    let law = Law::current();
    let base = LateFeeInput {
        kind: LateFeeKind::WallFund,
        principal: Decimal::from(100),
        due: date(2016, 1, 31),
        paid_on: date(2016, 3, 1),
        excluded_days: 0,
    };
    let cases = [
        (
            LateFeeInput {
                paid_on: date(2016, 1, 30),
                ..base.clone()
            },
            "paid_on",
            "早于",
        ),
        (
            LateFeeInput {
                principal: Decimal::ZERO,
                ..base.clone()
            },
            "principal",
            "大于 0",
        ),
        (
            LateFeeInput {
                principal: Decimal::from(-5),
                ..base.clone()
            },
            "principal",
            "大于 0",
        ),
        (
            LateFeeInput {
                due: date(2017, 4, 1),
                paid_on: date(2017, 5, 1),
                ..base.clone()
            },
            "due",
            "取消征收",
        ),
        (
            LateFeeInput {
                due: date(2009, 1, 1),
                ..base.clone()
            },
            "due",
            "施行期间",
        ),
        (
            LateFeeInput {
                excluded_days: -1,
                ..base.clone()
            },
            "excluded_days",
            "负数",
        ),
    ];
    for (input, field, words) in cases {
        let e = late_fee(&law, &input).unwrap_err();
        assert_eq!(e.field(), Some(field), "{e}");
        assert!(e.to_string().contains(words), "{e}");
    }
}

#[test]
fn the_funds_end_on_their_dates() {
    use qingdan_rules::conditions::{Fund, fund_levy};
    // 财税〔2016〕11号：散装水泥专项资金自2016年2月1日起停征。
    assert!(fund_levy(Fund::BulkCement, date(2016, 1, 31)).is_ok());
    let e = fund_levy(Fund::BulkCement, date(2016, 2, 1)).unwrap_err();
    assert!(
        e.to_string()
            .contains("散装水泥专项资金自 2016-02-01 起不再征收"),
        "{e}"
    );
    // 新型墙体材料专项基金自2017年4月1日起取消。
    assert!(fund_levy(Fund::WallMaterials, date(2017, 3, 31)).is_ok());
    assert!(fund_levy(Fund::WallMaterials, date(2017, 4, 1)).is_err());
}
