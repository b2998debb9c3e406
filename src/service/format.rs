//! Number, duration and time formatting shared by the service's replies. Numbers are
//! formatted here (not by Fluent) so every frontend shows the same digits.

use std::time::Duration;

use chrono::{DateTime, Utc};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::reply::Text;

/// A crypto amount: at most 8 decimals, rounded toward zero, trailing zeros dropped.
pub fn amount(d: Decimal) -> String {
    let d = d
        .round_dp_with_strategy(8, RoundingStrategy::ToZero)
        .normalize();
    d.to_string()
}

/// A rate: like [`amount`], but a rate under 0.0001 keeps 4 significant digits, so
/// 1 SHIB = 0.000000005207 ETH does not read as 0.
pub fn rate(d: Decimal) -> String {
    if d.is_zero() || d.abs() >= Decimal::new(1, 4) {
        return amount(d);
    }
    let mut dp = 4;
    while dp < 20 && d.abs() * Decimal::from(10u64.pow(dp)) < Decimal::from(1000) {
        dp += 1;
    }
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
        .to_string()
}

/// A USD value: 2 decimals, or 2 significant digits below a cent, so $0.004 is not "$0.00".
pub fn usd(d: Decimal) -> String {
    let cents = Decimal::new(1, 2);
    if d.is_zero() || d.abs() >= cents {
        let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        r.rescale(2);
        return r.to_string();
    }
    let mut dp = 2;
    while dp < 12 && (d.abs() * Decimal::from(10u64.pow(dp))) < Decimal::from(10) {
        dp += 1;
    }
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
        .to_string()
}

/// A span like `5 h 59 min`, `3 min 20 s` or `40 s`, as a localized text (the units are
/// the locale's).
pub fn span(d: Duration) -> Text {
    let secs = d.as_secs();
    let (h, m, s) = (secs / 3600, (secs % 3600) / 60, secs % 60);
    let int = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    match (h, m) {
        (0, 0) => Text::new("span-s").int("s", int(s)),
        (0, _) if s > 0 => Text::new("span-min-s").int("m", int(m)).int("s", int(s)),
        (0, _) => Text::new("span-min").int("m", int(m)),
        _ if m > 0 => Text::new("span-h-min").int("h", int(h)).int("m", int(m)),
        _ => Text::new("span-h").int("h", int(h)),
    }
}

/// A date and time in the user's timezone (`UTC` when the name is unknown).
pub fn datetime(t: DateTime<Utc>, timezone: &str) -> String {
    match timezone.parse::<chrono_tz::Tz>() {
        Ok(tz) => t.with_timezone(&tz).format("%Y-%m-%d %H:%M %Z").to_string(),
        Err(_) => t.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

/// "Submitted; confirming the result with EXCHANGE…": the answer was lost or is not final
/// yet, and nothing will be sent twice.
pub(crate) fn submitted_unknown(exchange: crate::domain::ExchangeId) -> Text {
    Text::new("convert-submitted-unknown").arg("exchange", exchange.name())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn amounts_and_values_read_well() {
        assert_eq!(amount(dec!(0.00500000)), "0.005");
        assert_eq!(amount(dec!(1.123456789)), "1.12345678");
        assert_eq!(usd(dec!(0.404)), "0.40");
        assert_eq!(usd(dec!(0.004123)), "0.0041");
        assert_eq!(usd(dec!(12)), "12.00");
        assert_eq!(rate(dec!(0.00012937)), "0.00012937");
        assert_eq!(rate(dec!(0.0000000052071234)), "0.000000005207");
        assert_eq!(rate(dec!(0.00003538)), "0.00003538");
        let en = |t| crate::i18n::locales().render("en", &t, &|s: &str| s.to_owned());
        assert_eq!(en(span(Duration::from_secs(6 * 3600 - 60))), "5 h 59 min");
        assert_eq!(en(span(Duration::from_secs(200))), "3 min 20 s");
        assert_eq!(en(span(Duration::from_secs(40))), "40 s");
        let t = DateTime::parse_from_rfc3339("2026-11-24T18:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(datetime(t, "Europe/Berlin"), "2026-11-24 19:00 CET");
        assert_eq!(datetime(t, "Nowhere/Else"), "2026-11-24 18:00 UTC");
    }
}
