//! Binance-shaped errors and request parameters: raw query string plus form body,
//! percent-decoded, query winning over body (binance.md §1 Transport).

use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::binance::protocol::{self, ErrorCode};

/// An error the simulator answers with `{"code":..,"msg":..}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimError {
    /// HTTP status.
    pub status: u16,
    /// Binance code (negative).
    pub code: i64,
    /// Message with placeholders filled.
    pub msg: String,
}

impl SimError {
    /// Fills the `%s` placeholders of `e.msg` in order.
    pub fn new(e: ErrorCode, args: &[&str]) -> Self {
        let mut msg = String::with_capacity(e.msg.len());
        let mut parts = e.msg.split("%s");
        let mut args = args.iter();
        if let Some(first) = parts.next() {
            msg.push_str(first);
        }
        for part in parts {
            msg.push_str(args.next().copied().unwrap_or(""));
            msg.push_str(part);
        }
        Self {
            status: e.http_status,
            code: e.code,
            msg,
        }
    }

    /// The error without arguments.
    pub fn of(e: ErrorCode) -> Self {
        Self::new(e, &[])
    }
}

/// The legal-range text Binance prints for decimal amounts.
pub const DECIMAL_RANGE: &str = "^([0-9]{1,20})(\\.[0-9]{1,20})?$";
/// Largest accepted body; bigger bodies are refused with -1100.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// At most this many parameters per source (Binance caps params too, -1101 "Too many").
const MAX_PARAMS: usize = 64;

/// Decoded parameters of one request.
#[derive(Debug, Default, Clone)]
pub struct Params {
    map: BTreeMap<String, String>,
}

/// Which keys may repeat inside one source (their values are joined with commas):
/// `asset` on `/asset/dust` (binance.md §3.2, "accepting the repeated form is harmless").
pub type Repeatable<'a> = &'a [&'a str];

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Form-urlencoding decode: `+` is a space, `%XX` a byte; the result must be UTF-8.
fn decode(raw: &[u8]) -> Option<String> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hi = raw.get(i + 1).copied().and_then(hex_val)?;
                let lo = raw.get(i + 2).copied().and_then(hex_val)?;
                out.push(hi * 16 + lo);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

fn illegal(param: &str) -> SimError {
    let shown: String = param.chars().take(32).collect();
    SimError::new(
        protocol::ILLEGAL_CHARS,
        &[&shown, "^[\\w\\-._&@=,%+]{1,1024}$"],
    )
}

/// Parses one `k=v&k2=v2` source.
fn parse_source(raw: &[u8], repeatable: Repeatable) -> Result<BTreeMap<String, String>, SimError> {
    let mut map: BTreeMap<String, String> = BTreeMap::new();
    for seg in raw.split(|b| *b == b'&').filter(|s| !s.is_empty()) {
        let (k, v) = match seg.iter().position(|b| *b == b'=') {
            Some(p) => (&seg[..p], &seg[p + 1..]),
            None => (seg, &b""[..]),
        };
        let key = decode(k).ok_or_else(|| illegal(&String::from_utf8_lossy(k)))?;
        let val = decode(v).ok_or_else(|| illegal(&key))?;
        if key.is_empty() || key.chars().any(char::is_control) || val.chars().any(char::is_control)
        {
            return Err(illegal(&key));
        }
        match map.get_mut(&key) {
            Some(prev) if repeatable.contains(&key.as_str()) => {
                prev.push(',');
                prev.push_str(&val);
            }
            Some(_) => return Err(SimError::of(protocol::DUPLICATE_PARAM)),
            None => {
                if map.len() >= MAX_PARAMS {
                    return Err(SimError::of(protocol::DUPLICATE_PARAM));
                }
                map.insert(key, val);
            }
        }
    }
    Ok(map)
}

impl Params {
    /// Merges the query string and the form body; the query wins on a key in both.
    pub fn parse(query: &[u8], body: &[u8], repeatable: Repeatable) -> Result<Self, SimError> {
        let mut map = parse_source(body, repeatable)?;
        map.extend(parse_source(query, repeatable)?);
        Ok(Self { map })
    }

    /// A raw value, if sent (possibly empty).
    pub fn raw(&self, key: &str) -> Option<&str> {
        self.map.get(key).map(String::as_str)
    }

    /// A non-empty value, or `None` if absent; present but empty → -1105.
    pub fn opt(&self, key: &str) -> Result<Option<&str>, SimError> {
        match self.raw(key) {
            None => Ok(None),
            Some("") => Err(SimError::new(protocol::PARAM_EMPTY, &[key])),
            Some(v) => Ok(Some(v)),
        }
    }

    /// A mandatory value (-1102 when absent or empty).
    pub fn req(&self, key: &str) -> Result<&str, SimError> {
        match self.raw(key) {
            None | Some("") => Err(SimError::new(protocol::MANDATORY_PARAM, &[key])),
            Some(v) => Ok(v),
        }
    }

    /// An optional millisecond timestamp (digits only, fits i64), else -1102 "malformed".
    pub fn opt_ms(&self, key: &str) -> Result<Option<i64>, SimError> {
        match self.opt(key)? {
            None => Ok(None),
            Some(v) => parse_int(v)
                .map(Some)
                .ok_or_else(|| SimError::new(protocol::MANDATORY_PARAM, &[key])),
        }
    }

    /// A mandatory millisecond timestamp.
    pub fn req_ms(&self, key: &str) -> Result<i64, SimError> {
        self.opt_ms(key)?
            .ok_or_else(|| SimError::new(protocol::MANDATORY_PARAM, &[key]))
    }

    /// An optional boolean `true`/`false` (case-insensitive), else -1100.
    pub fn opt_bool(&self, key: &str) -> Result<Option<bool>, SimError> {
        match self.opt(key)? {
            None => Ok(None),
            Some(v) if v.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(v) if v.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(_) => Err(SimError::new(protocol::ILLEGAL_CHARS, &[key, "true|false"])),
        }
    }

    /// An optional positive decimal amount, strictly `digits[.digits]`, else -1100.
    pub fn opt_amount(&self, key: &str) -> Result<Option<Decimal>, SimError> {
        match self.opt(key)? {
            None => Ok(None),
            Some(v) => parse_amount(v)
                .map(Some)
                .ok_or_else(|| SimError::new(protocol::ILLEGAL_CHARS, &[key, DECIMAL_RANGE])),
        }
    }

    /// An optional `accountType`; only SPOT is simulated.
    pub fn spot_account_type(&self) -> Result<(), SimError> {
        match self.opt("accountType")? {
            None | Some("SPOT") => Ok(()),
            Some(_) => Err(SimError::new(
                protocol::ILLEGAL_CHARS,
                &["accountType", "SPOT"],
            )),
        }
    }
}

/// Digits only, at most 18 of them (no overflow, no sign, no exponent).
pub fn parse_int(v: &str) -> Option<i64> {
    if v.is_empty() || v.len() > 18 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok()
}

/// `^([0-9]{1,20})(\.[0-9]{1,20})?$` as Binance documents it, and representable.
pub fn parse_amount(v: &str) -> Option<Decimal> {
    let (int, frac) = match v.split_once('.') {
        Some((i, f)) if !f.is_empty() => (i, f),
        Some(_) => return None,
        None => (v, ""),
    };
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || int.len() > 20 || frac.len() > 20 || !digits(int) || !digits(frac) {
        return None;
    }
    Decimal::from_str(v).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_wins_over_body_and_commas_decode() {
        let p = Params::parse(b"asset=A%2CB&x=1", b"x=2&y=3", &[]).expect("parses");
        assert_eq!(p.raw("asset"), Some("A,B"));
        assert_eq!(p.raw("x"), Some("1"));
        assert_eq!(p.raw("y"), Some("3"));
    }

    #[test]
    fn duplicates_inside_one_source_are_refused_unless_repeatable() {
        let e = Params::parse(b"a=1&a=2", b"", &[]).expect_err("dup");
        assert_eq!(e.code, -1101);
        let p = Params::parse(b"asset=A&asset=B", b"", &["asset"]).expect("ok");
        assert_eq!(p.raw("asset"), Some("A,B"));
    }

    #[test]
    fn bad_percent_and_invalid_utf8_are_illegal_chars() {
        assert_eq!(
            Params::parse(b"a=%zz", b"", &[])
                .map(|_| ())
                .expect_err("x")
                .code,
            -1100
        );
        assert_eq!(
            Params::parse(b"a=%ff", b"", &[])
                .map(|_| ())
                .expect_err("x")
                .code,
            -1100
        );
    }

    #[test]
    fn amounts_are_strict() {
        assert!(parse_amount("0.005").is_some());
        for bad in [
            "1e5",
            "-1",
            "1.",
            ".5",
            "NaN",
            "99999999999999999999999",
            "1.2.3",
        ] {
            assert!(parse_amount(bad).is_none(), "{bad}");
        }
    }
}

/// What an endpoint sees.
#[derive(Debug)]
pub struct Ctx<'a> {
    /// Merged parameters.
    pub params: &'a Params,
    /// The authenticated account (signed endpoints only).
    pub account: Option<usize>,
    /// Sim time (ms).
    pub now: i64,
}

impl Ctx<'_> {
    /// The authenticated account index; signed endpoints always have one.
    pub fn account(&self) -> Result<usize, SimError> {
        self.account
            .ok_or_else(|| SimError::of(protocol::INVALID_API_KEY_IP_OR_PERMISSIONS))
    }
}
