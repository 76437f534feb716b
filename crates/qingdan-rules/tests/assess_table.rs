//! Table-driven assessments: each row cites the provision it proves.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use jiff::civil::{Date, date};
use qingdan_rules::dated::Dated;
use qingdan_rules::{
    AssessInput, Circumstance, Code, Declared, Engine, Harm, PartyKind, Procedure, RuleError, Tier,
};
use rust_decimal::Decimal;
use std::str::FromStr;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// A row: what it proves, the input, and what must come out.
struct Row {
    proves: &'static str,
    code: Code,
    quantity: Option<&'static str>,
    party: PartyKind,
    corrected: Option<bool>,
    first: Option<bool>,
    harm: Option<Harm>,
    circumstances: &'static [Circumstance],
    facts_clear: bool,
    no_objection: bool,
    proposed: Option<&'static str>,
    // expectations
    fine: Option<&'static str>,
    range: Option<(&'static str, &'static str)>,
    tier: Option<Tier>,
    procedure: Procedure,
    refer_to: Option<&'static str>,
}

const ORG: PartyKind = PartyKind::Organization;
const CIT: PartyKind = PartyKind::Citizen;

fn row(proves: &'static str, code: Code, quantity: Option<&'static str>, party: PartyKind) -> Row {
    Row {
        proves,
        code,
        quantity,
        party,
        corrected: None,
        first: None,
        harm: None,
        circumstances: &[],
        facts_clear: true,
        no_objection: true,
        proposed: None,
        fine: None,
        range: None,
        tier: None,
        procedure: Procedure::General,
        refer_to: None,
    }
}

fn input(r: &Row, on: Date, decided_on: Date) -> AssessInput {
    AssessInput {
        code: r.code,
        quantity: r.quantity.map(dec),
        party: r.party,
        on,
        decided_on,
        declared: Declared {
            corrected_by_deadline: r.corrected,
            first_offence: r.first,
            harm: r.harm,
            circumstances: r.circumstances.to_vec(),
        },
        facts_clear: Some(r.facts_clear),
        no_objection: Some(r.no_objection),
        proposed_fine: r.proposed.map(dec),
    }
}

fn rows() -> Vec<Row> {
    use Circumstance::*;
    vec![
        Row {
            fine: Some("750.00"),
            range: Some(("750.00", "750.00")),
            tier: Some(Tier::Ordinary),
            procedure: Procedure::Simple,
            ..row(
                "湖南省散装水泥条例第二十三条第一款：每吨60元，12.5吨得750元；单位750元≤3000元可当场处罚（行政处罚法第五十一条）",
                Code::BaggedCement,
                Some("12.5"),
                ORG,
            )
        },
        Row {
            fine: Some("750.00"),
            range: Some(("750.00", "750.00")),
            tier: Some(Tier::Ordinary),
            procedure: Procedure::General,
            ..row(
                "同上，对公民750元超过200元，适用普通程序（第五十一条）",
                Code::BaggedCement,
                Some("12.5"),
                CIT,
            )
        },
        Row {
            fine: Some("3000.00"),
            range: Some(("3000.00", "3000.00")),
            tier: Some(Tier::Ordinary),
            procedure: Procedure::Simple,
            ..row(
                "第五十一条“3000元以下”含本数：单位恰好3000元仍可当场处罚",
                Code::BaggedCement,
                Some("50"),
                ORG,
            )
        },
        Row {
            fine: Some("3000.60"),
            range: Some(("3000.60", "3000.60")),
            tier: Some(Tier::Ordinary),
            procedure: Procedure::General,
            ..row(
                "超过3000元一分即为普通程序",
                Code::BaggedCement,
                Some("50.01"),
                ORG,
            )
        },
        Row {
            fine: Some("180.00"),
            range: Some(("180.00", "180.00")),
            tier: Some(Tier::Ordinary),
            procedure: Procedure::Simple,
            ..row(
                "公民180元≤200元可当场处罚",
                Code::BaggedCement,
                Some("3"),
                CIT,
            )
        },
        Row {
            facts_clear: false,
            fine: Some("180.00"),
            range: Some(("180.00", "180.00")),
            tier: Some(Tier::Ordinary),
            procedure: Procedure::General,
            ..row(
                "违法事实未确凿不适用简易程序（第五十一条）",
                Code::BaggedCement,
                Some("3"),
                CIT,
            )
        },
        Row {
            harm: Some(Harm::None),
            circumstances: &[PromptlyCorrected],
            tier: Some(Tier::Exempt),
            procedure: Procedure::Simple,
            range: Some(("60.00", "60.00")),
            ..row(
                "行政处罚法第三十三条第一款：轻微、及时改正、无危害后果，不予处罚",
                Code::BaggedCement,
                Some("1"),
                CIT,
            )
        },
        Row {
            range: Some(("300.00", "300.00")),
            procedure: Procedure::Simple,
            ..row(
                "第二十三条第二款：先责令改正、限期补办审批，期限未到不罚款",
                Code::BaggedCementUnapproved,
                Some("10"),
                ORG,
            )
        },
        Row {
            corrected: Some(false),
            fine: Some("300.00"),
            range: Some(("300.00", "300.00")),
            tier: Some(Tier::Ordinary),
            procedure: Procedure::Simple,
            ..row(
                "第二十三条第二款：逾期不改正，按每吨30元罚款",
                Code::BaggedCementUnapproved,
                Some("10"),
                ORG,
            )
        },
        Row {
            corrected: Some(true),
            range: Some(("300.00", "300.00")),
            procedure: Procedure::Simple,
            ..row(
                "第二十三条第二款：限期内改正，不罚款",
                Code::BaggedCementUnapproved,
                Some("10"),
                ORG,
            )
        },
        Row {
            range: Some(("2000.00", "2000.00")),
            refer_to: Some("县住建局"),
            procedure: Procedure::Simple,
            ..row(
                "第二十四条第一款与清单§二第8项：现场搅拌由县住建局查处，本局移送不罚（标准每立方米20元）",
                Code::SiteMixing,
                Some("100"),
                ORG,
            )
        },
        Row {
            corrected: Some(false),
            range: Some(("1000.00", "1000.00")),
            refer_to: Some("县住建局"),
            procedure: Procedure::Simple,
            ..row(
                "第二十四条第二款：每立方米10元，由县住建局查处",
                Code::SiteMixingUnapproved,
                Some("100"),
                ORG,
            )
        },
        Row {
            corrected: Some(false),
            fine: Some("4000.00"),
            range: Some(("3000.00", "5000.00")),
            tier: Some(Tier::Ordinary),
            procedure: Procedure::General,
            ..row(
                "清单§三(四)五(三)：每立方米30至50元，100立方米一般档取中4000元",
                Code::ClayBrick,
                Some("100"),
                ORG,
            )
        },
        Row {
            corrected: Some(false),
            first: Some(true),
            fine: Some("3333.33"),
            range: Some(("3000.00", "5000.00")),
            tier: Some(Tier::Lighter),
            procedure: Procedure::General,
            ..row(
                "裁量基准：初次违法从轻，取下三分之一档中点",
                Code::ClayBrick,
                Some("100"),
                ORG,
            )
        },
        Row {
            corrected: Some(false),
            circumstances: &[Repeat],
            fine: Some("4666.67"),
            range: Some(("3000.00", "5000.00")),
            tier: Some(Tier::Heavier),
            procedure: Procedure::General,
            ..row(
                "裁量基准：再次违法从重，取上三分之一档中点",
                Code::ClayBrick,
                Some("100"),
                ORG,
            )
        },
        Row {
            corrected: Some(false),
            circumstances: &[HarmRemoved, Confessed],
            fine: Some("1500.00"),
            range: Some(("3000.00", "5000.00")),
            tier: Some(Tier::Reduced),
            procedure: Procedure::Simple,
            ..row(
                "行政处罚法第三十二条：两项法定情节减轻处罚，低于法定下限（基准取下限一半）",
                Code::ClayBrick,
                Some("100"),
                ORG,
            )
        },
        Row {
            corrected: Some(false),
            circumstances: &[Coerced, Repeat],
            fine: Some("3333.33"),
            range: Some(("3000.00", "5000.00")),
            tier: Some(Tier::Lighter),
            procedure: Procedure::General,
            ..row(
                "第三十二条法定从轻情节与从重情节并存时仍应从轻",
                Code::ClayBrick,
                Some("100"),
                ORG,
            )
        },
        Row {
            corrected: Some(false),
            first: Some(true),
            circumstances: &[Obstruction],
            fine: Some("4000.00"),
            range: Some(("3000.00", "5000.00")),
            tier: Some(Tier::Ordinary),
            procedure: Procedure::General,
            ..row(
                "酌定从轻与从重并存，适用一般档",
                Code::ClayBrick,
                Some("100"),
                ORG,
            )
        },
        Row {
            corrected: Some(false),
            proposed: Some("3000"),
            fine: Some("3000.00"),
            range: Some(("3000.00", "5000.00")),
            tier: Some(Tier::Ordinary),
            procedure: Procedure::Simple,
            ..row(
                "“三十元以上”含本数：下限3000元可作为建议金额（偏离一般档须说明理由）",
                Code::ClayBrick,
                Some("100"),
                ORG,
            )
        },
        Row {
            corrected: Some(false),
            proposed: Some("5000"),
            fine: Some("5000.00"),
            range: Some(("3000.00", "5000.00")),
            tier: Some(Tier::Ordinary),
            procedure: Procedure::General,
            ..row(
                "“五十元以下”含本数：上限5000元可作为建议金额",
                Code::ClayBrick,
                Some("100"),
                ORG,
            )
        },
        Row {
            procedure: Procedure::Simple,
            ..row(
                "清单§三(六)五(一)：使用率65%未达70%，限期责令整改",
                Code::BulkRate,
                Some("65"),
                ORG,
            )
        },
        Row {
            fine: Some("2500.00"),
            range: Some(("0.00", "5000.00")),
            tier: Some(Tier::Ordinary),
            procedure: Procedure::General,
            ..row(
                "电力法第七十一条：应交电费1000元，五倍以下即0至5000元，一般档2500元；1000元以上按普通程序（§三(七)五）",
                Code::ElectricityTheft,
                Some("1000"),
                ORG,
            )
        },
        Row {
            proposed: Some("999"),
            fine: Some("999.00"),
            range: Some(("0.00", "5000.00")),
            tier: Some(Tier::Ordinary),
            procedure: Procedure::Simple,
            ..row(
                "§三(七)五(一)：事实清楚、无异议、1000元以下的电力案件现场处罚",
                Code::ElectricityTheft,
                Some("1000"),
                ORG,
            )
        },
        Row {
            proposed: Some("1000"),
            fine: Some("1000.00"),
            range: Some(("0.00", "5000.00")),
            tier: Some(Tier::Ordinary),
            procedure: Procedure::General,
            ..row(
                "恰为1000元：“以下”“以上”均含本数，取程序权利更多的普通程序",
                Code::ElectricityTheft,
                Some("1000"),
                ORG,
            )
        },
        Row {
            proposed: Some("999"),
            no_objection: false,
            fine: Some("999.00"),
            range: Some(("0.00", "5000.00")),
            tier: Some(Tier::Ordinary),
            procedure: Procedure::General,
            ..row(
                "当事人有异议的电力案件不得现场处罚",
                Code::ElectricityTheft,
                Some("1000"),
                ORG,
            )
        },
        Row {
            proposed: Some("999"),
            fine: Some("999.00"),
            range: Some(("0.00", "5000.00")),
            tier: Some(Tier::Ordinary),
            procedure: Procedure::General,
            ..row(
                "公民201至999元：清单1000元规则受第五十一条200元上限约束，适用普通程序",
                Code::ElectricityTheft,
                Some("1000"),
                CIT,
            )
        },
        Row {
            proposed: Some("200"),
            fine: Some("200.00"),
            range: Some(("0.00", "5000.00")),
            tier: Some(Tier::Ordinary),
            procedure: Procedure::Simple,
            ..row(
                "公民恰好200元：第五十一条“200元以下”含本数",
                Code::ElectricityTheft,
                Some("1000"),
                CIT,
            )
        },
        Row {
            proposed: Some("200.01"),
            fine: Some("200.01"),
            range: Some(("0.00", "5000.00")),
            tier: Some(Tier::Ordinary),
            procedure: Procedure::General,
            ..row(
                "公民200.01元超过当场处罚限额",
                Code::ElectricityTheft,
                Some("1000"),
                CIT,
            )
        },
        Row {
            range: Some(("0.00", "10000.00")),
            procedure: Procedure::Simple,
            ..row(
                "电力设施保护条例第二十七条：先责令改正，拒不改正方罚款",
                Code::PowerFacility,
                None,
                ORG,
            )
        },
        Row {
            corrected: Some(false),
            fine: Some("5000.00"),
            range: Some(("0.00", "10000.00")),
            tier: Some(Tier::Ordinary),
            procedure: Procedure::General,
            ..row(
                "第二十七条：拒不改正，1万元以下，一般档5000元",
                Code::PowerFacility,
                None,
                ORG,
            )
        },
        Row {
            range: Some(("0.00", "50000.00")),
            procedure: Procedure::Simple,
            ..row(
                "电力法第六十五条：情节不严重且未拒绝改正，责令改正、警告",
                Code::PowerOrder,
                None,
                ORG,
            )
        },
        Row {
            harm: Some(Harm::Serious),
            fine: Some("41666.67"),
            range: Some(("0.00", "50000.00")),
            tier: Some(Tier::Heavier),
            procedure: Procedure::General,
            ..row(
                "第六十五条：情节严重可处5万元以下，后果严重从重",
                Code::PowerOrder,
                None,
                ORG,
            )
        },
    ]
}

#[test]
fn every_row_of_the_table() {
    let engine = Engine::default();
    let on = date(2026, 3, 1);
    let decided = date(2026, 6, 1);
    for r in rows() {
        let a = engine
            .assess(&input(&r, on, decided))
            .unwrap_or_else(|e| panic!("{}: {e}", r.proves));
        let fine = a.fine.map(|f| f.amount.to_string());
        assert_eq!(
            fine.as_deref(),
            r.fine,
            "{}: fine\n{:#?}",
            r.proves,
            a.reasons
        );
        let range = a
            .fine
            .or(a.statutory_fine)
            .map(|f| (f.min.to_string(), f.max.to_string()));
        assert_eq!(
            range,
            r.range.map(|(a, b)| (a.to_string(), b.to_string())),
            "{}: range",
            r.proves
        );
        assert_eq!(a.tier, r.tier, "{}: tier\n{:#?}", r.proves, a.reasons);
        assert_eq!(
            a.procedure, r.procedure,
            "{}: procedure\n{:#?}",
            r.proves, a.reasons
        );
        assert_eq!(a.refer_to, r.refer_to, "{}: refer_to", r.proves);
        assert!(
            !a.basis.is_empty() && !a.reasons.is_empty(),
            "{}: explained",
            r.proves
        );
        assert!(a.reasons.iter().all(|s| !s.is_empty()));
    }
}

#[test]
fn measures_name_what_the_law_orders() {
    let engine = Engine::default();
    let on = date(2026, 3, 1);
    let bagged = engine
        .assess(&input(&row("", Code::BaggedCement, Some("1"), ORG), on, on))
        .unwrap();
    assert_eq!(bagged.measures, ["责令停止违法行为"]);
    assert_eq!(bagged.enforcer, "县散装水泥办公室（县工信局）");
    assert!(bagged.basis[0].contains("《湖南省散装水泥条例》第二十三条第一款"));
    let theft = engine
        .assess(&input(
            &row("", Code::ElectricityTheft, Some("100"), ORG),
            on,
            on,
        ))
        .unwrap();
    assert!(theft.measures.contains(&"追缴电费"));
    assert!(
        theft
            .basis
            .iter()
            .any(|b| b.contains("《中华人民共和国电力法》第七十一条"))
    );
    let mixing = engine
        .assess(&input(&row("", Code::SiteMixing, Some("5"), ORG), on, on))
        .unwrap();
    assert!(
        mixing.measures.contains(&"移送县住建局处理"),
        "{:?}",
        mixing.measures
    );
    let fund = engine
        .assess(&input(
            &row("", Code::WallFundArrears, Some("5"), ORG),
            on.min(date(2016, 5, 1)),
            date(2016, 5, 2),
        ))
        .unwrap();
    assert_eq!(
        fund.measures,
        ["责令限期缴纳", "加收滞纳金", "依法申请人民法院强制执行"]
    );
    let compliant = engine
        .assess(&input(&row("", Code::BulkRate, Some("70"), ORG), on, on))
        .unwrap();
    assert!(
        compliant.measures.is_empty(),
        "70% is 70% 以上 (民法典第一千二百五十九条)"
    );
    assert!(compliant.reasons.iter().any(|r| r.contains("不构成违法")));
}

#[test]
fn hearing_right_and_collection_on_the_spot() {
    let engine = Engine::default();
    let on = date(2026, 3, 1);
    // 湖南：公民1000元以上、单位2万元以上为较大数额（第六十三条）。
    let r = Row {
        proposed: Some("1000"),
        ..row("", Code::ElectricityTheft, Some("1000"), CIT)
    };
    assert!(engine.assess(&input(&r, on, on)).unwrap().hearing_right);
    let r = Row {
        proposed: Some("999.99"),
        ..row("", Code::ElectricityTheft, Some("1000"), CIT)
    };
    assert!(!engine.assess(&input(&r, on, on)).unwrap().hearing_right);
    let r = row("", Code::BaggedCement, Some("333.34"), ORG); // 20000.40
    assert!(engine.assess(&input(&r, on, on)).unwrap().hearing_right);
    let r = row("", Code::BaggedCement, Some("333.33"), ORG); // 19999.80
    assert!(!engine.assess(&input(&r, on, on)).unwrap().hearing_right);
    // 第六十八条：100元以下可当场收缴。
    let r = row("", Code::BaggedCement, Some("1"), CIT);
    assert!(
        engine
            .assess(&input(&r, on, on))
            .unwrap()
            .collect_on_the_spot
    );
    let r = row("", Code::BaggedCement, Some("2"), CIT);
    assert!(
        !engine
            .assess(&input(&r, on, on))
            .unwrap()
            .collect_on_the_spot
    );
}

#[test]
fn the_old_procedure_law_before_2021_07_15() {
    // 1996年行政处罚法第三十三条：公民50元以下、单位1000元以下可当场处罚。
    let engine = Engine::default();
    let r = row("", Code::BaggedCement, Some("1"), CIT); // 60 yuan
    let before = engine
        .assess(&input(&r, date(2021, 1, 1), date(2021, 7, 14)))
        .unwrap();
    assert_eq!(before.procedure, Procedure::General);
    assert!(before.reasons.iter().any(|s| s.contains("1996年版")));
    let after = engine
        .assess(&input(&r, date(2021, 1, 1), date(2021, 7, 15)))
        .unwrap();
    assert_eq!(after.procedure, Procedure::Simple);
}

fn changed_book(from: &str, to: &str) -> Engine {
    let mut engine = Engine::default();
    let dated = engine.book.rule(Code::BaggedCement).unwrap().clone();
    let mut first = dated.periods[0].clone();
    first.value.penalty = qingdan_rules::violation::Penalty::Rate { rate: dec(from) };
    let mut second = first.value.clone();
    second.penalty = qingdan_rules::violation::Penalty::Rate { rate: dec(to) };
    let changed = Dated::since("bagged-cement", first.from, first.value, first.source).then(
        date(2025, 1, 1),
        second,
        first.source,
    );
    assert!(changed.coverage_problems().is_empty());
    engine.book.set(Code::BaggedCement, changed);
    engine
}

#[test]
fn a_rate_changed_on_a_date_and_the_lighter_rule() {
    // 行政处罚法第三十七条：从旧兼从轻。
    let r = row("", Code::BaggedCement, Some("10"), ORG);
    let lowered = changed_book("60", "40");
    let a = lowered
        .assess(&input(&r, date(2024, 6, 1), date(2025, 6, 1)))
        .unwrap();
    assert_eq!(
        a.fine.unwrap().amount.to_string(),
        "400.00",
        "the later, lighter rate"
    );
    assert_eq!(a.rule_of, "decision");
    assert!(
        a.reasons
            .iter()
            .any(|s| s.contains("第三十七条") && s.contains("较轻"))
    );
    let a = lowered
        .assess(&input(&r, date(2025, 2, 1), date(2025, 6, 1)))
        .unwrap();
    assert_eq!(
        a.fine.unwrap().amount.to_string(),
        "400.00",
        "an act after the change"
    );

    let raised = changed_book("40", "60");
    let a = raised
        .assess(&input(&r, date(2024, 6, 1), date(2025, 6, 1)))
        .unwrap();
    assert_eq!(
        a.fine.unwrap().amount.to_string(),
        "400.00",
        "the old rate stays"
    );
    assert_eq!(a.rule_of, "act");
    assert!(
        a.reasons
            .iter()
            .any(|s| s.contains("适用违法行为发生时的规定"))
    );
}

#[test]
fn bad_input_names_the_field_in_chinese() {
    let engine = Engine::default();
    let on = date(2026, 3, 1);
    let cases: Vec<(Row, Date, &str, &str)> = vec![
        (
            row("", Code::BaggedCement, None, ORG),
            on,
            "quantity",
            "请填写数量",
        ),
        (
            row("", Code::BaggedCement, Some("-1"), ORG),
            on,
            "quantity",
            "应大于 0",
        ),
        (
            row("", Code::BaggedCement, Some("0"), ORG),
            on,
            "quantity",
            "应大于 0",
        ),
        (
            row("", Code::BulkRate, Some("101"), ORG),
            on,
            "quantity",
            "0 到 100",
        ),
        (
            Row {
                corrected: Some(false),
                proposed: Some("5000.01"),
                ..row("", Code::ClayBrick, Some("100"), ORG)
            },
            on,
            "facts.proposed_fine",
            "超过法定上限",
        ),
        (
            Row {
                corrected: Some(false),
                proposed: Some("2999.99"),
                ..row("", Code::ClayBrick, Some("100"), ORG)
            },
            on,
            "facts.proposed_fine",
            "低于法定下限",
        ),
        (
            Row {
                proposed: Some("-5"),
                ..row("", Code::ElectricityTheft, Some("100"), ORG)
            },
            on,
            "facts.proposed_fine",
            "应大于 0",
        ),
        (
            row("", Code::WallFundArrears, Some("100"), ORG),
            date(2017, 4, 1),
            "on",
            "取消征收",
        ),
        (
            row("", Code::BaggedCement, Some("1"), ORG),
            date(1999, 1, 1),
            "on",
            "尚无",
        ),
    ];
    for (r, day, field, words) in cases {
        let e = engine.assess(&input(&r, day, on.max(day))).unwrap_err();
        assert_eq!(e.field(), Some(field), "{e}");
        assert!(e.to_string().contains(words), "{e}");
    }
    let r = row("", Code::BaggedCement, Some("1"), ORG);
    let e: RuleError = engine.assess(&input(&r, on, date(2026, 2, 1))).unwrap_err();
    assert_eq!(e.field(), Some("decided_on"));
}

#[test]
fn every_rule_and_parameter_is_covered_without_gaps() {
    let engine = Engine::default();
    for (code, dated) in engine.book.rules() {
        assert!(dated.coverage_problems().is_empty(), "{code}");
        assert!(!dated.periods.is_empty());
    }
    let law = &engine.law;
    assert!(law.simple_cap.coverage_problems().is_empty());
    assert!(law.spot_collection_cap.coverage_problems().is_empty());
    assert!(law.fine_surcharge_rate.coverage_problems().is_empty());
    assert_eq!(
        Code::ALL.len(),
        engine.book.rules().count(),
        "every code has a rule"
    );
}
