//! Amounts as people type them: with a dot or, where it cannot be misread, a comma before
//! the decimals.
//!
//! The rule: a dot is always the decimal mark (`0.001`, `1.5`: the form the usage examples
//! show). A comma is the decimal mark when it is the only mark in the number and cannot be
//! a thousands separator: fewer or more than three digits follow it (`0,5`, `2,50`,
//! `0,0001`), or nothing but zeros precedes it (`0,001`, `,001`). Everything a thousands
//! separator could also explain (`1,000`, `12,345`) and every number with several marks
//! (`1.000,5`, `1,000.5`, `1,000,000`) is refused with an example: a misread amount is off
//! by a factor of a thousand, so we ask rather than guess.

use std::str::FromStr;

use rust_decimal::Decimal;

/// Why a typed amount was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AmountError {
    /// Not a number at all.
    NotANumber,
    /// A number that can be read two ways (`1,000`).
    Ambiguous,
}

/// Reads a typed amount (see the module's rule).
pub(crate) fn parse_amount(typed: &str) -> Result<Decimal, AmountError> {
    if !typed.contains(',') {
        return Decimal::from_str(typed).map_err(|_| AmountError::NotANumber);
    }
    let (sign, unsigned) = match typed.strip_prefix(['-', '+']) {
        Some(rest) => (&typed[..1], rest),
        None => ("", typed),
    };
    let pieces: Vec<&str> = unsigned.split([',', '.']).collect();
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let well_formed = pieces.iter().all(|p| digits(p)) && pieces[1..].iter().all(|p| !p.is_empty());
    match pieces.as_slice() {
        _ if !well_formed => Err(AmountError::NotANumber),
        [whole, fraction] => {
            let could_group_thousands = fraction.len() == 3 && whole.bytes().any(|b| b != b'0');
            if could_group_thousands {
                return Err(AmountError::Ambiguous);
            }
            Decimal::from_str(&format!("{sign}{whole}.{fraction}"))
                .map_err(|_| AmountError::NotANumber)
        }
        _ => Err(AmountError::Ambiguous),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn a_comma_is_read_as_the_decimal_mark_where_it_cannot_group_thousands() {
        for (typed, want) in [
            ("0,001", "0.001"),
            ("0,5", "0.5"),
            ("2,50", "2.50"),
            ("1,5", "1.5"),
            ("12,3456", "12.3456"),
            ("0,0001", "0.0001"),
            ("00,125", "0.125"),
            (",5", "0.5"),
            (",001", "0.001"),
            ("1000", "1000"),
            ("0.001", "0.001"),
            ("1.000", "1.000"),
            ("-1,5", "-1.5"),
        ] {
            assert_eq!(parse_amount(typed), Ok(d(want)), "{typed}");
        }
    }

    #[test]
    fn a_comma_that_could_group_thousands_or_several_marks_are_ambiguous() {
        for typed in [
            "1,000",
            "12,345",
            "100,000",
            "1.000,5",
            "1,000.5",
            "1,000,000",
            "1,2,3",
        ] {
            assert_eq!(parse_amount(typed), Err(AmountError::Ambiguous), "{typed}");
        }
    }

    #[test]
    fn what_is_no_number_is_not_a_number() {
        for typed in [
            "lots", "1,", ",", "1,5x", "x,5", "1,5,", "", "1 ,5", "1.000,",
        ] {
            assert_eq!(parse_amount(typed), Err(AmountError::NotANumber), "{typed}");
        }
    }
}
