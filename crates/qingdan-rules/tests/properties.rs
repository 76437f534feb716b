//! Invariants over arbitrary facts: a fine is never negative, never outside its legal bounds
//! (below the minimum only when 减轻 applies), monotone in quantity; a late fee never exceeds
//! its principal; nothing panics.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use jiff::civil::{Date, date};
use proptest::prelude::*;
use qingdan_rules::{
    AssessInput, Circumstance, Code, Declared, Engine, Harm, LateFeeInput, LateFeeKind, Law,
    PartyKind, Tier, late_fee,
};
use rust_decimal::Decimal;

fn code() -> impl Strategy<Value = Code> {
    prop::sample::select(Code::ALL.to_vec())
}

fn harm() -> impl Strategy<Value = Option<Harm>> {
    prop::option::of(prop::sample::select(vec![
        Harm::None,
        Harm::Minor,
        Harm::Serious,
    ]))
}

fn circumstances() -> impl Strategy<Value = Vec<Circumstance>> {
    prop::sample::subsequence(Circumstance::ALL.to_vec(), 0..=4)
}

fn day() -> impl Strategy<Value = Date> {
    (0i32..6000).prop_map(|n| {
        date(2010, 1, 1)
            .checked_add(jiff::Span::new().days(n))
            .unwrap()
    })
}

/// A quantity in fen-precision between 0.01 and 100000.
fn quantity() -> impl Strategy<Value = Decimal> {
    (1i64..10_000_000).prop_map(|n| Decimal::new(n, 2))
}

#[allow(
    clippy::too_many_arguments,
    reason = "a test builder mirroring the input's fields"
)]
fn input(
    code: Code,
    q: Decimal,
    party: PartyKind,
    on: Date,
    corrected: Option<bool>,
    first: Option<bool>,
    harm: Option<Harm>,
    circumstances: Vec<Circumstance>,
) -> AssessInput {
    AssessInput {
        code,
        quantity: Some(if code == Code::BulkRate {
            q.min(Decimal::from(100))
        } else {
            q
        }),
        party,
        on,
        decided_on: on,
        declared: Declared {
            corrected_by_deadline: corrected,
            first_offence: first,
            harm,
            circumstances,
        },
        facts_clear: Some(true),
        no_objection: Some(true),
        proposed_fine: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn fines_stay_within_their_legal_bounds(
        code in code(), q in quantity(), citizen in any::<bool>(), on in day(),
        corrected in prop::option::of(any::<bool>()), first in prop::option::of(any::<bool>()),
        harm in harm(), circumstances in circumstances(),
    ) {
        let engine = Engine::default();
        let party = if citizen { PartyKind::Citizen } else { PartyKind::Organization };
        let Ok(a) = engine.assess(&input(code, q, party, on, corrected, first, harm, circumstances)) else {
            return Ok(()); // a refusal (e.g. a fund levy after 2017) is fine; a panic is not
        };
        if let Some(f) = a.fine {
            prop_assert!(f.amount > Decimal::ZERO, "{code}: {f:?}");
            prop_assert!(f.min >= Decimal::ZERO && f.min <= f.max);
            prop_assert!(f.amount <= f.max, "{code}: {f:?}");
            if a.tier == Some(Tier::Reduced) {
                prop_assert!(f.amount < f.min || f.min == Decimal::ZERO, "{code}: 减轻 below the minimum");
            } else {
                prop_assert!(f.amount >= f.min, "{code}: {f:?}");
            }
            prop_assert_eq!(f.amount.scale(), 2);
        }
        prop_assert!(!a.reasons.is_empty() && !a.basis.is_empty());
    }

    #[test]
    fn fines_are_monotone_in_quantity(
        code in code(), a in quantity(), b in quantity(), on in day(),
        corrected in prop::option::of(any::<bool>()), harm in harm(), circumstances in circumstances(),
    ) {
        let engine = Engine::default();
        let (small, large) = if a <= b { (a, b) } else { (b, a) };
        let party = PartyKind::Organization;
        let lo = engine.assess(&input(code, small, party, on, corrected, None, harm, circumstances.clone()));
        let hi = engine.assess(&input(code, large, party, on, corrected, None, harm, circumstances));
        if let (Ok(lo), Ok(hi)) = (lo, hi) {
            let amount = |x: &qingdan_rules::Assessment| x.fine.map(|f| f.amount).unwrap_or(Decimal::ZERO);
            if code != Code::BulkRate {
                prop_assert!(amount(&lo) <= amount(&hi), "{code}: {} > {}", amount(&lo), amount(&hi));
            }
        }
    }

    #[test]
    fn a_late_fee_never_exceeds_its_principal(
        wall in any::<bool>(), principal in quantity(), due in day(), later in 0i32..5000, excluded in 0i64..400,
    ) {
        let paid_on = due.checked_add(jiff::Span::new().days(later)).unwrap();
        let input = LateFeeInput {
            kind: if wall { LateFeeKind::WallFund } else { LateFeeKind::Fine },
            principal, due, paid_on, excluded_days: excluded,
        };
        if let Ok(fee) = late_fee(&Law::current(), &input) {
            prop_assert!(fee.amount >= Decimal::ZERO);
            prop_assert!(fee.amount <= principal.round_dp(2) + Decimal::new(1, 2), "{} > {}", fee.amount, principal);
            prop_assert!(fee.days <= i64::from(later));
            prop_assert_eq!(fee.capped, fee.amount == principal.round_dp(2) && fee.capped);
        }
    }
}
