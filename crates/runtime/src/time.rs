//! Event time: the instant an event happened, as sequences order events and
//! measure `maxspan` with it, and the text forms a `date` field accepts.

use std::fmt;

/// Nanoseconds since the Unix epoch. Elasticsearch measures `maxspan`
/// inclusively in nanoseconds, so ordering and spans are exact to the
/// nanosecond for ISO-8601 times and to the millisecond for epoch numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The instant `millis` milliseconds after the epoch.
    pub const fn from_millis(millis: i64) -> Timestamp {
        Timestamp(millis.saturating_mul(1_000_000))
    }

    /// Nanoseconds from `earlier` to `self`, negative when `self` is before it.
    pub fn nanos_since(self, earlier: Timestamp) -> i64 {
        self.0.saturating_sub(earlier.0)
    }
}

/// Why a text is not a timestamp.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimestampParseError {
    /// The text read.
    pub text: String,
    /// What is wrong with it, lowercase, without a trailing period.
    pub reason: String,
}

impl fmt::Display for TimestampParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a timestamp: {}", self.text, self.reason)
    }
}

impl std::error::Error for TimestampParseError {}

/// The earliest and latest instants a [`Timestamp`] holds, for error messages.
const RANGE: &str = "1677-09-21T00:12:43Z to 2262-04-11T23:47:16Z";

impl Timestamp {
    /// The instant `millis` milliseconds after the epoch, or `None` past the nanosecond range.
    pub fn checked_from_millis(millis: i64) -> Option<Timestamp> {
        millis.checked_mul(1_000_000).map(Timestamp)
    }

    /// The instant `millis` (fractional) milliseconds after the epoch, rounded to the
    /// nanosecond, or `None` when it is not finite or past the nanosecond range.
    pub fn from_fractional_millis(millis: f64) -> Option<Timestamp> {
        let nanos = (millis * 1_000_000.0).round();
        let in_range = nanos.is_finite() && nanos >= i64::MIN as f64 && nanos < i64::MAX as f64;
        in_range.then_some(Timestamp(nanos as i64))
    }

    /// Reads `text` the way Elasticsearch reads a `date` field in its default format,
    /// `strict_date_optional_time||epoch_millis`.
    ///
    /// The date is `yyyy`, `yyyy-MM` or `yyyy-MM-dd`; after a full date may come `T` (or a
    /// space) and `HH`, `HH:mm`, `HH:mm:ss` or `HH:mm:ss.f` with 1 to 9 fraction digits, then
    /// `Z` or an offset `+HH:mm`, `+HHmm`, `+HH`. Without an offset the time is UTC. A text
    /// that is not such a date but a decimal number (`1700000000000`, `-5`, `12.5`, at most 6
    /// fraction digits) is epoch milliseconds, so a four-digit text is a year, as in
    /// Elasticsearch.
    pub fn parse(text: &str) -> Result<Timestamp, TimestampParseError> {
        let iso = parse_iso(text);
        let result = match iso {
            Ok(timestamp) => Ok(timestamp),
            Err(reason) => match parse_epoch_millis(text) {
                Some(millis) => millis,
                None => Err(reason),
            },
        };

        result.map_err(|reason| TimestampParseError { text: text.to_string(), reason })
    }
}

/// Reads an ISO-8601 date or date-time, giving the reason when `text` is not one.
fn parse_iso(text: &str) -> Result<Timestamp, String> {
    let mut cursor = Cursor { bytes: text.as_bytes(), at: 0 };
    let year = cursor.digits(4, "a 4-digit year")?;
    let mut month = 1;
    let mut day = 1;
    let mut full_date = false;
    if cursor.eat(b'-') {
        month = cursor.digits(2, "a 2-digit month")?;
        if cursor.eat(b'-') {
            day = cursor.digits(2, "a 2-digit day")?;
            full_date = true;
        }
    }
    if !(1..=12).contains(&month) {
        return Err(format!("month {month} is not 1 to 12"));
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err(format!("{year:04}-{month:02} has no day {day}"));
    }

    let mut seconds_of_day = 0;
    let mut nanos = 0;
    let mut offset_seconds = 0;
    if full_date && cursor.eat_any(b"Tt ") {
        (seconds_of_day, nanos) = parse_time_of_day(&mut cursor)?;
        offset_seconds = parse_offset(&mut cursor)?;
    }
    if let Some(byte) = cursor.peek() {
        return Err(format!("unexpected `{}` at byte {}", char::from(byte), cursor.at + 1));
    }

    let days = days_from_civil(i64::from(year), month, day);
    let seconds = days * 86_400 + i64::from(seconds_of_day) - i64::from(offset_seconds);
    seconds
        .checked_mul(1_000_000_000)
        .and_then(|whole| whole.checked_add(i64::from(nanos)))
        .map(Timestamp)
        .ok_or_else(|| format!("it lies outside {RANGE}"))
}

/// Reads `HH[:mm[:ss[.f]]]`, giving the seconds into the day and the nanoseconds.
fn parse_time_of_day(cursor: &mut Cursor<'_>) -> Result<(u32, u32), String> {
    let hour = cursor.digits(2, "a 2-digit hour")?;
    let mut minute = 0;
    let mut second = 0;
    let mut nanos = 0;
    if cursor.eat(b':') {
        minute = cursor.digits(2, "2-digit minutes")?;
        if cursor.eat(b':') {
            second = cursor.digits(2, "2-digit seconds")?;
            if cursor.eat_any(b".,") {
                nanos = cursor.fraction_nanos()?;
            }
        }
    }

    if hour > 23 {
        return Err(format!("hour {hour} is not 0 to 23"));
    }
    if minute > 59 {
        return Err(format!("minute {minute} is not 0 to 59"));
    }
    if second > 59 {
        return Err(format!("second {second} is not 0 to 59"));
    }
    Ok((hour * 3600 + minute * 60 + second, nanos))
}

/// Reads an optional `Z`, `+HH:mm`, `+HHmm` or `+HH` (or `-`), giving seconds east of UTC.
fn parse_offset(cursor: &mut Cursor<'_>) -> Result<i32, String> {
    if cursor.eat_any(b"Zz") {
        return Ok(0);
    }
    let sign = if cursor.eat(b'+') {
        1
    } else if cursor.eat(b'-') {
        -1
    } else {
        return Ok(0);
    };

    let hours = cursor.digits(2, "2-digit offset hours")?;
    let colon = cursor.eat(b':');
    let minutes_follow = colon || cursor.peek().is_some_and(|byte| byte.is_ascii_digit());
    let minutes = if minutes_follow { cursor.digits(2, "2-digit offset minutes")? } else { 0 };
    if hours > 18 || minutes > 59 || hours * 60 + minutes > 18 * 60 {
        return Err(format!("offset {hours:02}:{minutes:02} is beyond 18:00"));
    }
    Ok(sign * (hours * 3600 + minutes * 60) as i32)
}

/// Reads `[-+]digits[.digits]` as epoch milliseconds; `None` when `text` is no such number.
fn parse_epoch_millis(text: &str) -> Option<Result<Timestamp, String>> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let is_digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
    if whole.is_empty() || !is_digits(whole) || !is_digits(fraction) {
        return None;
    }
    if fraction.len() > 6 {
        return Some(Err("epoch milliseconds take at most 6 fraction digits".to_string()));
    }

    let negative = text.starts_with('-');
    let padded = format!("{fraction:0<6}");
    let sub_millis: i64 = padded.parse().unwrap_or(0);
    let nanos = whole
        .parse::<i64>()
        .ok()
        .and_then(|millis| millis.checked_mul(1_000_000))
        .and_then(|nanos| nanos.checked_add(sub_millis))
        .map(|nanos| if negative { -nanos } else { nanos });
    Some(nanos.map(Timestamp).ok_or_else(|| format!("it lies outside {RANGE}")))
}

/// Days from 1970-01-01 to the given proleptic Gregorian date.
///
/// Counts in 400-year eras starting on March 1st, so that the leap day falls at the end of
/// a year and every era has the same 146 097 days.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let march_year = if month <= 2 { year - 1 } else { year };
    let era = march_year.div_euclid(400);
    let year_of_era = march_year - era * 400;

    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;

    const DAYS_FROM_ERA_ZERO_TO_1970: i64 = 719_468;
    era * 146_097 + day_of_era - DAYS_FROM_ERA_ZERO_TO_1970
}

/// The number of days in `month` of `year`, with Gregorian leap years.
fn days_in_month(year: u32, month: u32) -> u32 {
    // Every fourth year, but of the centuries only every fourth (`is_multiple_of` is newer
    // than the workspace's minimum Rust).
    let leap = matches!((year % 4, year % 100, year % 400), (0, 1.., _) | (_, _, 0));
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A position in a date text being read.
struct Cursor<'t> {
    bytes: &'t [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Consumes `byte` if it comes next.
    fn eat(&mut self, byte: u8) -> bool {
        self.eat_any(&[byte])
    }

    /// Consumes the next byte if it is one of `bytes`.
    fn eat_any(&mut self, bytes: &[u8]) -> bool {
        let found = self.peek().is_some_and(|next| bytes.contains(&next));
        if found {
            self.at += 1;
        }
        found
    }

    /// Reads exactly `count` digits, described as `what` when they are missing.
    fn digits(&mut self, count: usize, what: &str) -> Result<u32, String> {
        let end = self.at + count;
        let digits = self.bytes.get(self.at..end).filter(|run| run.iter().all(u8::is_ascii_digit));
        let Some(digits) = digits else {
            return Err(format!("expected {what} at byte {}", self.at + 1));
        };

        self.at = end;
        Ok(digits.iter().fold(0, |number, digit| number * 10 + u32::from(digit - b'0')))
    }

    /// Reads 1 to 9 digits of a decimal fraction of a second, in nanoseconds.
    fn fraction_nanos(&mut self) -> Result<u32, String> {
        let start = self.at;
        while self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
            self.at += 1;
        }
        let count = self.at - start;
        if count == 0 || count > 9 {
            return Err(format!("expected 1 to 9 fraction digits at byte {}", start + 1));
        }

        let digits = self.bytes[start..self.at].iter();
        let value = digits.fold(0, |number, digit| number * 10 + u32::from(digit - b'0'));
        Ok(value * 10u32.pow((9 - count) as u32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: i64 = 1_000_000_000;

    fn parse(text: &str) -> i64 {
        Timestamp::parse(text).unwrap_or_else(|error| panic!("{error}")).0
    }

    fn reason(text: &str) -> String {
        Timestamp::parse(text).expect_err(text).to_string()
    }

    #[test]
    fn utc_date_times() {
        assert_eq!(parse("1970-01-01T00:00:00Z"), 0);
        assert_eq!(parse("2024-05-01T12:34:56Z"), 1_714_566_896 * SECOND);
        assert_eq!(parse("2024-05-01t12:34:56z"), 1_714_566_896 * SECOND);
        assert_eq!(parse("2024-05-01T12:34:56"), 1_714_566_896 * SECOND, "no offset means UTC");
        assert_eq!(parse("2024-05-01 12:34:56Z"), 1_714_566_896 * SECOND);
        assert_eq!(parse("2024-05-01T12:34Z"), 1_714_566_840 * SECOND);
        assert_eq!(parse("2024-05-01T12"), 1_714_564_800 * SECOND);
    }

    #[test]
    fn fractions_reach_the_nanosecond() {
        let base = 1_714_566_896 * SECOND;
        assert_eq!(parse("2024-05-01T12:34:56.5Z"), base + 500_000_000);
        assert_eq!(parse("2024-05-01T12:34:56.123Z"), base + 123_000_000);
        assert_eq!(parse("2024-05-01T12:34:56.123456789Z"), base + 123_456_789);
        assert_eq!(parse("2024-05-01T12:34:56,25Z"), base + 250_000_000);
        assert!(reason("2024-05-01T12:34:56.1234567890Z").contains("1 to 9 fraction digits"));
        assert!(reason("2024-05-01T12:34:56.Z").contains("fraction digits"));
    }

    #[test]
    fn offsets_shift_to_utc() {
        let utc = parse("2024-05-01T12:34:56Z");
        assert_eq!(parse("2024-05-01T14:34:56+02:00"), utc);
        assert_eq!(parse("2024-05-01T14:34:56+0200"), utc);
        assert_eq!(parse("2024-05-01T14:34:56+02"), utc);
        assert_eq!(parse("2024-05-01T07:04:56-05:30"), utc);
        assert_eq!(parse("2024-05-01T14:34:56.000+02:00"), utc);
        assert!(reason("2024-05-01T12:34:56+19:00").contains("beyond 18:00"));
        assert!(reason("2024-05-01T12:34:56+02:").contains("offset minutes"));
    }

    #[test]
    fn dates_alone_are_midnight_utc() {
        assert_eq!(parse("2024-05-01"), 1_714_521_600 * SECOND);
        assert_eq!(parse("2024-01"), 1_704_067_200 * SECOND);
        assert_eq!(parse("2024"), 1_704_067_200 * SECOND, "four digits are a year");
    }

    #[test]
    fn leap_days_follow_the_gregorian_calendar() {
        assert_eq!(parse("2024-02-29"), 1_709_164_800 * SECOND);
        assert_eq!(parse("2000-02-29"), 951_782_400 * SECOND);
        assert_eq!(reason("2023-02-29"), "`2023-02-29` is not a timestamp: 2023-02 has no day 29");
        assert!(reason("1900-02-29").contains("1900-02 has no day 29"));
        assert!(reason("2024-04-31").contains("2024-04 has no day 31"));
        assert!(reason("2024-05-00").contains("has no day 0"));
        assert!(reason("2024-13-01").contains("month 13 is not 1 to 12"));
    }

    #[test]
    fn times_before_1970_are_negative() {
        assert_eq!(parse("1969-12-31T23:59:59.999Z"), -1_000_000);
        assert_eq!(parse("1900-01-01T00:00:00Z"), -2_208_988_800 * SECOND);
    }

    #[test]
    fn numbers_are_epoch_milliseconds() {
        assert_eq!(parse("1700000000000"), 1_700_000_000 * SECOND);
        assert_eq!(parse("-1500"), -1_500_000_000);
        assert_eq!(parse("12.5"), 12_500_000);
        assert_eq!(parse("0.000001"), 1);
        assert!(reason("1.1234567").contains("at most 6 fraction digits"));
        assert!(reason("99999999999999999").contains("outside"));
    }

    #[test]
    fn other_texts_are_rejected_with_the_reason() {
        assert_eq!(reason(""), "`` is not a timestamp: expected a 4-digit year at byte 1");
        assert!(reason("yesterday").contains("expected a 4-digit year"));
        assert!(reason("2024-05-01T25:00").contains("hour 25 is not 0 to 23"));
        assert!(reason("2024-05-01T12:60").contains("minute 60"));
        assert!(reason("2024-05-01T12:00:60").contains("second 60"));
        assert!(reason("2024-05-01T").contains("2-digit hour"));
        assert!(reason("2024-05T12:00").contains("unexpected `T` at byte 8"));
        assert!(reason("2024-05-01T12:34:56Zjunk").contains("unexpected `j`"));
        assert!(reason("9999-01-01").contains("outside 1677"));
    }

    #[test]
    fn day_numbers_advance_by_one_every_day() {
        let mut expected = days_from_civil(1600, 1, 1);
        for year in 1600..2400 {
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    assert_eq!(days_from_civil(i64::from(year), month, day), expected);
                    expected += 1;
                }
            }
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
    }

    #[test]
    fn fractional_millis_round_to_the_nanosecond() {
        assert_eq!(Timestamp::from_fractional_millis(1.5), Some(Timestamp(1_500_000)));
        assert_eq!(Timestamp::from_fractional_millis(-0.25), Some(Timestamp(-250_000)));
        assert_eq!(Timestamp::from_fractional_millis(f64::NAN), None);
        assert_eq!(Timestamp::from_fractional_millis(1e300), None);
        assert_eq!(Timestamp::checked_from_millis(i64::MAX), None);
    }
}
