//! The list's conditions, each row citing its clause.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use jiff::civil::date;
use qingdan_rules::Law;
use qingdan_rules::conditions::*;

#[test]
fn any_of_the_seven_conditions_withdraws_the_certificate() {
    // §三(三)五(二) 1–7.
    for c in RevocationCondition::ALL {
        let d = certificate_revocation(&[c]);
        assert!(d.applies, "{c:?}");
        assert_eq!(d.outcome, "收回认定证书");
        assert!(d.reasons[0].contains(c.text()));
        assert!(d.reasons[0].contains(&format!("第{}项", c.item())));
    }
    // §三(三)五(一): a problem without a condition is ordered corrected.
    let d = certificate_revocation(&[]);
    assert!(!d.applies);
    assert_eq!(d.outcome, "限期责令改正");
}

#[test]
fn any_of_the_four_conditions_denies_the_refund() {
    // §三(四)五(二) 1–4.
    for c in RefundDenial::ALL {
        let d = fund_refund(&[c]);
        assert!(d.applies);
        assert_eq!(d.outcome, "所缴纳新型墙体材料专项基金不予返退");
        assert!(d.reasons[0].contains(c.text()));
    }
    assert!(
        !fund_refund(&[]).applies,
        "§三(四)五(一): otherwise the builder is told how to claim"
    );
}

#[test]
fn special_fund_project_outcomes() {
    // §三(二)五 1–4.
    let rows = [
        (ProjectFinding::NotBuiltAsApplied, false, "责令改正"),
        (
            ProjectFinding::NotBuiltAsApplied,
            true,
            "责令改正，追回财政资金",
        ),
        (ProjectFinding::FundsMismanaged, false, "责令改正"),
        (
            ProjectFinding::FundsMismanaged,
            true,
            "责令改正，追回财政资金",
        ),
        (
            ProjectFinding::AcceptanceOverdue,
            false,
            "不再申报或安排相关专项资金",
        ),
        (
            ProjectFinding::FraudOrDiversion,
            false,
            "撤销项目，追回全部引导资金，取消今后获得各类财政资金支持的资格",
        ),
    ];
    for (finding, serious, outcome) in rows {
        assert_eq!(
            project_outcome(finding, serious).outcome,
            outcome,
            "{finding:?}"
        );
    }
}

#[test]
fn at_least_twenty_percent_of_certified_enterprises() {
    // §三(三)三：检查比例不少于认定企业总数的20%（不少于：向上取整）。
    let law = Law::current();
    let day = date(2026, 1, 1);
    for (certified, needed) in [
        (0, 0),
        (1, 1),
        (5, 1),
        (6, 2),
        (10, 2),
        (11, 3),
        (100, 20),
        (101, 21),
    ] {
        assert_eq!(
            certified_inspections_required(&law, day, certified).unwrap(),
            needed,
            "{certified}"
        );
    }
}

#[test]
fn twelve_faults_and_their_sanctions() {
    // §三(一)四 （一）–（十二）.
    assert_eq!(Fault::ALL.len(), 12);
    assert_eq!(Fault::Misconduct.clause(), "（十一）");
    let minor = fault_sanctions(Fault::WrongProcedure, Gravity::Minor, false, false, false);
    assert_eq!(minor.outcome, "批评教育；责令作出书面检查");
    let grave = fault_sanctions(Fault::Misconduct, Gravity::Grave, true, true, true);
    assert!(grave.outcome.contains("取消执法资格，收缴行政执法证件"));
    assert!(grave.outcome.contains("承担全部或者部分赔偿责任"));
    assert!(grave.reasons.iter().any(|r| r.contains("纪检部门")));
    assert!(grave.reasons.iter().any(|r| r.contains("移送司法机关")));
    // §三(八)五(二): abusing discretion.
    let d = fault_sanctions(
        Fault::DiscretionAbused,
        Gravity::Serious,
        false,
        false,
        false,
    );
    assert!(d.outcome.contains("暂扣或者收回执法证件"));
    assert!(d.basis.iter().any(|b| b.contains("§三(八)五")));
}

#[test]
fn the_shipped_benchmark_file_is_the_default_and_bad_files_are_refused() {
    use qingdan_rules::discretion::Benchmark;
    let shipped = include_str!("../../../data/discretion/benchmark-v1.json");
    let b = Benchmark::from_json(shipped).unwrap();
    let d = Benchmark::default_v1();
    assert_eq!(
        (
            b.lighter,
            b.ordinary,
            b.heavier,
            b.reduced_share,
            b.reduce_from
        ),
        (
            d.lighter,
            d.ordinary,
            d.heavier,
            d.reduced_share,
            d.reduce_from
        )
    );
    assert_eq!(b.version, "v1");
    for (broken, words) in [
        (
            shipped.replace("\"1/3\", \"2/3\"", "\"0.4\", \"2/3\""),
            "首尾相接",
        ),
        (shipped.replace("\"0.5\"", "\"1.5\""), "0 到 1"),
        (shipped.replace("\"0.5\"", "\"1\""), "小于 1"),
        (
            shipped.replace("\"reduce_from\": 2", "\"reduce_from\": 0"),
            "至少为 1",
        ),
        (shipped.replace("2010-01-01", "2010-13-01"), "YYYY-MM-DD"),
        ("{".to_string(), "格式错误"),
    ] {
        let e = Benchmark::from_json(&broken).unwrap_err();
        assert!(e.to_string().contains(words), "{e}");
        assert_eq!(e.field(), Some("benchmark"));
    }
}

#[test]
fn a_revised_benchmark_changes_the_suggested_fine() {
    use jiff::civil::date;
    use qingdan_rules::discretion::Benchmark;
    use qingdan_rules::{AssessInput, Code, Declared, Engine, PartyKind};
    let revised = include_str!("../../../data/discretion/benchmark-v1.json")
        .replace("\"v1\"", "\"v2\"")
        .replace("[\"0\", \"1/3\"]", "[\"0\", \"1/4\"]")
        .replace("[\"1/3\", \"2/3\"]", "[\"1/4\", \"3/4\"]")
        .replace("[\"2/3\", \"1\"]", "[\"3/4\", \"1\"]");
    let engine = Engine {
        benchmark: Benchmark::from_json(&revised).unwrap(),
        ..Engine::default()
    };
    let input = AssessInput {
        code: Code::ClayBrick,
        quantity: Some(100.into()),
        party: PartyKind::Organization,
        on: date(2026, 3, 1),
        decided_on: date(2026, 3, 1),
        declared: Declared {
            corrected_by_deadline: Some(false),
            first_offence: Some(true),
            ..Declared::default()
        },
        facts_clear: Some(true),
        no_objection: None,
        proposed_fine: None,
    };
    let a = engine.assess(&input).unwrap();
    // 从轻 under v2 is the lowest quarter: 3000 + 2000 × 1/8 = 3250.
    assert_eq!(a.fine.unwrap().amount.to_string(), "3250.00");
    assert!(a.reasons.iter().any(|r| r.contains("（v2）")));
}
