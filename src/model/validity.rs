//! Validity period: UTC times, words relative to the evaluation time, lifetime.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::findings::{Finding, Severity};
use crate::diag::Code;

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// Where the evaluation time falls relative to the validity period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValidityState {
    /// Within notBefore..=notAfter.
    Valid,
    /// After notAfter.
    Expired,
    /// Before notBefore.
    NotYetValid,
}

/// Validity against the evaluation time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidityView {
    /// The state.
    pub state: ValidityState,
    /// Whole days to expiry (valid), since expiry (expired) or until start (not yet valid).
    pub days: i64,
    /// Plain words: "expires in 30 days", "expired 3 days ago", "not valid yet: starts 2027-01-01 (in 39 days)".
    pub text: String,
    /// notBefore, Unix seconds (UTC). The UI converts to local time.
    pub not_before_unix: i64,
    /// notAfter, Unix seconds (UTC).
    pub not_after_unix: i64,
    /// Total lifetime, whole days (notAfter - notBefore).
    pub lifetime_days: i64,
    /// Total lifetime in words: "545 days (about 1 year 6 months)".
    pub lifetime_text: String,
}

/// Validity of a period against `at` (all Unix seconds).
pub fn validity(not_before: i64, not_after: i64, at: i64) -> ValidityView {
    let (state, days, text) = if at < not_before {
        let days = not_before.saturating_sub(at).saturating_add(DAY - 1) / DAY;
        (
            ValidityState::NotYetValid,
            days,
            format!("not valid yet: starts {} (in {})", date_only(not_before), plural_days(days)),
        )
    } else if at > not_after {
        let days = at.saturating_sub(not_after) / DAY;
        let text = if days == 0 { "expired today".to_string() } else { ["expired ", &plural_days(days), " ago"].concat() };
        (ValidityState::Expired, days, text)
    } else {
        let days = not_after.saturating_sub(at) / DAY;
        let text = if days == 0 { "expires today".to_string() } else { ["expires in ", &plural_days(days)].concat() };
        (ValidityState::Valid, days, text)
    };
    let lifetime_days = not_after.saturating_sub(not_before) / DAY;
    ValidityView {
        state,
        days,
        text,
        not_before_unix: not_before,
        not_after_unix: not_after,
        lifetime_days,
        lifetime_text: lifetime_words(lifetime_days),
    }
}

fn lifetime_words(days: i64) -> String {
    if days < 0 {
        return "negative: notAfter is before notBefore".into();
    }
    if days < 60 {
        return plural_days(days);
    }
    // Calendar-free approximation, enough for "about". Written piece by piece: every view
    // and every listed row says it (`format!` took ~1,000 instructions a number).
    let months = (days * 12 + 182) / 365;
    let (y, m) = (months / 12, months % 12);
    let mut out = plural_days(days);
    out.push_str(" (about ");
    if y > 0 {
        push_int(&mut out, y);
        out.push_str(if y == 1 { " year" } else { " years" });
    }
    if m > 0 || y == 0 {
        if y > 0 {
            out.push(' ');
        }
        push_int(&mut out, m);
        out.push_str(if m == 1 && y > 0 { " month" } else { " months" });
    }
    out.push(')');
    out
}

/// `n` in decimal.
fn push_int(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    crate::der::push_decimal(out, n.unsigned_abs(), 1);
}

/// Largest lifetime browsers accept for a publicly trusted TLS server certificate, by issue date.
/// (issued on or after, Unix seconds; maximum days; the rule's date in words).
const TLS_LIFETIME_LIMITS: [(i64, i64, &str); 5] = [
    (1_868_227_200, 47, "2029-03-15"),  // CA/Browser Forum ballot SC-081
    (1_805_068_800, 100, "2027-03-15"), // SC-081
    (1_773_532_800, 200, "2026-03-15"), // SC-081
    (1_598_918_400, 398, "2020-09-01"), // browsers' 398-day rule
    (1_519_862_400, 825, "2018-03-01"), // ballot 193
];

/// Warnings about the lifetime of a TLS server certificate (`tls-lifetime-too-long`).
pub fn tls_lifetime_findings(v: &ValidityView) -> Vec<Finding> {
    let lifetime = v.not_after_unix.saturating_sub(v.not_before_unix);
    TLS_LIFETIME_LIMITS
        .iter()
        .find(|(from, _, _)| v.not_before_unix >= *from)
        .filter(|(_, max_days, _)| lifetime > max_days * DAY)
        .map(|(_, max_days, date)| {
            Finding::new(
                Code::TlsLifetimeTooLong,
                Severity::Warning,
                format!(
                    "valid for {} days, but a TLS server certificate issued on or after {date} may be valid for at most {max_days} days: browsers reject it when it chains to a public root (private roots are not affected)",
                    v.lifetime_days
                ),
            )
        })
        .into_iter()
        .collect()
}

/// RFC 3339 in UTC, seconds precision.
pub fn rfc3339(t: OffsetDateTime) -> String {
    // Written digit by digit (certificates carry two dates and every view writes them; the
    // formatting machinery took ~3,000 instructions a date): `format!`'s
    // `{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z`, a negative year's sign inside its four places.
    let t = t.to_offset(time::UtcOffset::UTC);
    let mut out = String::with_capacity(20);
    let year = t.year();
    if year < 0 {
        out.push('-');
        crate::der::push_decimal(&mut out, u64::from(year.unsigned_abs()), 3);
    } else {
        crate::der::push_decimal(&mut out, u64::from(year.unsigned_abs()), 4);
    }
    for (sep, n) in [('-', u8::from(t.month())), ('-', t.day()), ('T', t.hour()), (':', t.minute()), (':', t.second())] {
        out.push(sep);
        crate::der::push_decimal(&mut out, u64::from(n), 2);
    }
    out.push('Z');
    out
}


/// Unix seconds to RFC 3339 (UTC); out-of-range values are clamped to the epoch.
pub fn rfc3339_from_unix(secs: i64) -> String {
    rfc3339(OffsetDateTime::from_unix_timestamp(secs).unwrap_or(OffsetDateTime::UNIX_EPOCH))
}

/// An RFC 3339 UTC timestamp as people read it, to the minute: `2026-11-23 14:05 UTC` (the
/// text unchanged when it is not one).
pub fn utc_text(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..16)) {
        (Some(date), Some(time)) => format!("{date} {time} UTC"),
        _ => rfc3339.to_string(),
    }
}

/// Unix seconds as a sentence says them ([`utc_text`]): findings read as the cards' validity
/// period does; the JSON's time fields stay RFC 3339.
pub fn utc_minutes(secs: i64) -> String {
    utc_text(&rfc3339_from_unix(secs))
}

/// `YYYY-MM-DD` of Unix seconds.
pub fn date_only(secs: i64) -> String {
    rfc3339_from_unix(secs).get(..10).unwrap_or_default().to_string()
}

/// "1 day", "3 days", "7,305 days".
pub fn plural_days(n: i64) -> String {
    if n == 1 {
        return "1 day".into();
    }
    // Most lifetimes and most days left are under 1,000: written piece by piece, without
    // `format!` (every view and every listed row says them); the rest grouped as every count.
    if n.unsigned_abs() >= 1000 {
        return [crate::text::grouped(n).as_str(), " days"].concat();
    }
    let mut out = String::with_capacity(16);
    push_int(&mut out, n);
    out.push_str(" days");
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn validity_words() {
        assert_eq!(validity(0, 10 * DAY, 0).text, "expires in 10 days");
        assert_eq!(validity(0, 10 * DAY, 11 * DAY).text, "expired 1 day ago");
        assert_eq!(validity(5 * DAY, 10 * DAY, 0).state, ValidityState::NotYetValid);
        assert_eq!(validity(0, 10 * DAY, 0).lifetime_days, 10);
        assert_eq!(validity(0, 545 * DAY, 0).lifetime_text, "545 days (about 1 year 6 months)");
        assert_eq!(validity(0, 7305 * DAY, 0).lifetime_text, "7,305 days (about 20 years)");
        assert_eq!(validity(i64::MIN, i64::MAX, 0).state, ValidityState::Valid);
    }

    #[test]
    fn tls_lifetime_rules() {
        let sept_2020 = 1_598_918_400;
        let ok = validity(sept_2020, sept_2020 + 398 * DAY, sept_2020);
        assert!(tls_lifetime_findings(&ok).is_empty());
        let long = validity(sept_2020, sept_2020 + 399 * DAY, sept_2020);
        let f = tls_lifetime_findings(&long);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("at most 398 days"), "{}", f[0].message);
        // Issued before 2020-09-01: 825 days still fine.
        let old = validity(sept_2020 - DAY, sept_2020 + 800 * DAY, sept_2020);
        assert!(tls_lifetime_findings(&old).is_empty());
        // Issued 2026-06-01: 200-day rule.
        let new = validity(1_780_272_000, 1_780_272_000 + 201 * DAY, 1_780_272_000);
        assert!(tls_lifetime_findings(&new)[0].message.contains("200 days"));
    }

    #[test]
    fn dates() {
        assert_eq!(rfc3339_from_unix(1_795_392_000), "2026-11-23T00:00:00Z");
        assert_eq!(date_only(1_773_532_800), "2026-03-15");
        assert_eq!(date_only(1_805_068_800), "2027-03-15");
        assert_eq!(date_only(1_868_227_200), "2029-03-15");
        assert_eq!(date_only(1_519_862_400), "2018-03-01");
    }

    /// The words of a validity and a lifetime, written piece by piece, are those `format!` made.
    #[test]
    fn validity_words_written_piece_by_piece_match_format() {
        fn plural_days_reference(n: i64) -> String {
            if n == 1 { "1 day".into() } else { format!("{} days", crate::text::grouped(n)) }
        }
        fn lifetime_reference(days: i64) -> String {
            if days < 0 {
                return "negative: notAfter is before notBefore".into();
            }
            if days < 60 {
                return plural_days_reference(days);
            }
            let months = (days * 12 + 182) / 365;
            let (y, m) = (months / 12, months % 12);
            let approx = match (y, m) {
                (0, m) => format!("{m} months"),
                (1, 0) => "1 year".into(),
                (y, 0) => format!("{y} years"),
                (1, m) => format!("1 year {m} month{}", if m == 1 { "" } else { "s" }),
                (y, m) => format!("{y} years {m} month{}", if m == 1 { "" } else { "s" }),
            };
            format!("{} (about {approx})", plural_days_reference(days))
        }
        let mut days: Vec<i64> = (-3..5_000).collect();
        days.extend([9_999, 10_000, 36_524, 36_525, 100_000, 3_652_425, i64::MAX / 13, i64::MIN, i64::MAX]);
        for d in days {
            assert_eq!(plural_days(d), plural_days_reference(d), "{d}");
            if d.checked_mul(12).is_some_and(|x| x.checked_add(182).is_some()) {
                assert_eq!(lifetime_words(d), lifetime_reference(d), "{d}");
            }
        }
        let at = 1_780_000_000;
        for (nb, na) in [(at - 10 * DAY, at + 5 * DAY), (at - 10 * DAY, at - 3 * DAY), (at - 10 * DAY, at), (at - 10 * DAY, at - DAY)] {
            let v = validity(nb, na, at);
            let days = v.days;
            let expected = match v.state {
                ValidityState::Expired if days == 0 => "expired today".to_string(),
                ValidityState::Expired => format!("expired {} ago", plural_days_reference(days)),
                ValidityState::Valid if days == 0 => "expires today".to_string(),
                ValidityState::Valid => format!("expires in {}", plural_days_reference(days)),
                ValidityState::NotYetValid => v.text.clone(),
            };
            assert_eq!(v.text, expected);
        }
    }

    /// The digit-by-digit dates are those of the formatting machinery, for every year the
    /// `time` crate holds (negative years and years past 9999 included) and odd seconds.
    #[test]
    fn dates_written_digit_by_digit_match_format() {
        let reference = |t: OffsetDateTime| {
            format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute(), t.second())
        };
        let (first, last) = (OffsetDateTime::new_utc(time::Date::MIN, time::Time::MIDNIGHT), OffsetDateTime::new_utc(time::Date::MAX, time::Time::MIDNIGHT));
        let mut secs = first.unix_timestamp();
        while secs <= last.unix_timestamp() {
            let t = OffsetDateTime::from_unix_timestamp(secs).unwrap();
            assert_eq!(rfc3339(t), reference(t), "{secs}");
            secs += 86_400 * 37 + 3_661 * 7 + 13;
        }
        for year in [-1, 0, 1, 999, 1000, 9999] {
            let t = OffsetDateTime::new_utc(time::Date::from_calendar_date(year, time::Month::December, 31).unwrap(), time::Time::from_hms(23, 59, 59).unwrap());
            assert_eq!(rfc3339(t), reference(t));
        }
    }
}
