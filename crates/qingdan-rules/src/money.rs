//! Money: `rust_decimal::Decimal` in yuan, rounded to the fen half away from zero (四舍五入),
//! always carried with two decimal places so it prints as the contract's strings (“750.00”).

use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds to the fen (0.01 yuan), half away from zero, with scale 2.
pub fn round_yuan(d: Decimal) -> Decimal {
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r
}

/// Two decimal places, as the contract's strings (“750.00”).
pub fn fmt_yuan(d: Decimal) -> String {
    round_yuan(d).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_half_away_from_zero_to_the_fen() {
        assert_eq!(fmt_yuan(Decimal::new(12345, 3)), "12.35");
        assert_eq!(fmt_yuan(Decimal::new(12344, 3)), "12.34");
        assert_eq!(fmt_yuan(Decimal::from(750)), "750.00");
        assert_eq!(fmt_yuan(Decimal::new(5, 3)), "0.01");
    }
}
