//! Java's number parsing, as `number()` relies on it: `Long.parseLong` with a radix and
//! `Double.valueOf`, with their leniencies (`+` signs, surrounding whitespace and an `f` or `d`
//! suffix for doubles, hexadecimal floating point) and their strictness (no `_`, no `,`).

/// Java's `Long.parseLong(text, radix)`: an optional `+` or `-`, then at least one digit of the
/// radix (`0-9`, then `a-z` or `A-Z`), within 64 bits. `None` where Java throws
/// `NumberFormatException`, including for a radix outside 2..=36.
//
// FIXME: Java's `Character.digit` also accepts every Unicode decimal digit (Arabic-Indic,
// Devanagari, ...), which would need the Unicode `Nd` table; only ASCII and fullwidth digits and
// letters are read here.
pub fn parse_long(text: &str, radix: u32) -> Option<i64> {
    if !(2..=36).contains(&radix) {
        return None;
    }
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() {
        return None;
    }

    let mut value: i64 = 0;
    for c in digits.chars() {
        let digit = java_digit(c, radix)?;
        value = value.checked_mul(i64::from(radix))?.checked_sub(i64::from(digit))?;
    }
    if negative { Some(value) } else { value.checked_neg() }
}

/// Java's `Character.digit` for ASCII and fullwidth forms.
fn java_digit(c: char, radix: u32) -> Option<u32> {
    let code = u32::from(c);
    let digit = match code {
        0xFF10..=0xFF19 => code - 0xFF10,
        0xFF21..=0xFF3A => code - 0xFF21 + 10,
        0xFF41..=0xFF5A => code - 0xFF41 + 10,
        _ => c.to_digit(36)?,
    };
    (digit < radix).then_some(digit)
}

/// Java's `Double.valueOf(text)`.
///
/// Leading and trailing characters up to U+0020 are ignored (`String.trim`); then an optional
/// sign and one of: `NaN`, `Infinity`, a decimal (`1`, `1.`, `.5`, `1e-3`) or a hexadecimal
/// floating-point literal (`0x1.8p1`, the `p` exponent required), the last two optionally
/// followed by one of `f`, `F`, `d`, `D`. `None` where Java throws `NumberFormatException`.
pub fn parse_double(text: &str) -> Option<f64> {
    let text = text.trim_matches(|c: char| c <= ' ');
    let (negative, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };

    let magnitude = match body {
        "NaN" => return Some(f64::NAN),
        "Infinity" => f64::INFINITY,
        _ => match body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
            Some(hex) => parse_hex_float(strip_type_suffix(hex))?,
            None => parse_decimal(strip_type_suffix(body))?,
        },
    };
    Some(if negative { -magnitude } else { magnitude })
}

fn strip_type_suffix(text: &str) -> &str {
    text.strip_suffix(['f', 'F', 'd', 'D']).unwrap_or(text)
}

/// `digits [. digits] [(e|E) [sign] digits]`, with at least one mantissa digit.
fn parse_decimal(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let digits_from = |mut at: usize| {
        while bytes.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        at
    };

    let integer_end = digits_from(0);
    let mut at = integer_end;
    let mut mantissa_digits = integer_end;
    if bytes.get(at) == Some(&b'.') {
        let fraction_end = digits_from(at + 1);
        mantissa_digits += fraction_end - at - 1;
        at = fraction_end;
    }
    if mantissa_digits == 0 {
        return None;
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(bytes.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        let exponent_end = digits_from(at);
        if exponent_end == at {
            return None;
        }
        at = exponent_end;
    }
    if at != bytes.len() {
        return None;
    }

    text.parse().ok()
}

/// The part of a hexadecimal floating-point literal after `0x`: hex digits with an optional
/// point, then `p`, an optional sign and decimal digits.
//
// FIXME: a result below the smallest normal double is rounded twice (to 64 bits, then to the
// subnormal), which can differ from Java in the last bit.
fn parse_hex_float(text: &str) -> Option<f64> {
    let (mantissa, exponent) = text.split_once(['p', 'P'])?;
    let (integer, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let is_hex = |part: &str| part.bytes().all(|byte| byte.is_ascii_hexdigit());
    if integer.len() + fraction.len() == 0 || !is_hex(integer) || !is_hex(fraction) {
        return None;
    }
    let exponent_digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    if exponent_digits.is_empty() || !exponent_digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }

    let exponent_magnitude = exponent_digits.parse::<i64>().unwrap_or(i64::MAX).min(1 << 20);
    let mut binary_exponent =
        if exponent.starts_with('-') { -exponent_magnitude } else { exponent_magnitude };
    binary_exponent -= 4 * i64::try_from(fraction.len()).ok()?;

    let mut significand: u64 = 0;
    let mut kept = 0;
    for digit in integer.chars().chain(fraction.chars()).filter_map(|c| c.to_digit(16)) {
        if kept == 0 && digit == 0 {
            continue;
        }
        if kept < 16 {
            significand = significand << 4 | u64::from(digit);
            kept += 1;
        } else {
            binary_exponent += 4;
            significand |= u64::from(digit != 0);
        }
    }

    if significand == 0 {
        return Some(0.0);
    }
    Some(scale_by_power_of_two(significand as f64, binary_exponent))
}

/// `value * 2^exponent`, in steps that keep each factor exact.
fn scale_by_power_of_two(mut value: f64, mut exponent: i64) -> f64 {
    while exponent > 1000 && value.is_finite() && value != 0.0 {
        value *= 2f64.powi(1000);
        exponent -= 1000;
    }
    while exponent < -1000 && value != 0.0 {
        value *= 2f64.powi(-1000);
        exponent += 1000;
    }
    let exponent = i32::try_from(exponent.clamp(-1100, 1100)).unwrap_or(0);
    value * 2f64.powi(exponent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longs_parse_as_java_parse_long() {
        assert_eq!(parse_long("1337", 10), Some(1337));
        assert_eq!(parse_long("+5", 10), Some(5));
        assert_eq!(parse_long("-5", 10), Some(-5));
        assert_eq!(parse_long("ff", 16), Some(255));
        assert_eq!(parse_long("FF", 16), Some(255));
        assert_eq!(parse_long("-ff", 16), Some(-255));
        assert_eq!(parse_long("zz", 36), Some(1295));
        assert_eq!(parse_long("777", 8), Some(511));
        assert_eq!(parse_long("9223372036854775807", 10), Some(i64::MAX));
        assert_eq!(parse_long("-9223372036854775808", 10), Some(i64::MIN));
        assert_eq!(parse_long("１２", 10), Some(12), "fullwidth digits");
        for (text, radix) in [
            ("9223372036854775808", 10),
            ("", 10),
            ("-", 10),
            ("+", 10),
            ("+-1", 10),
            (" 1", 10),
            ("1 ", 10),
            ("1_000", 10),
            ("1,000", 10),
            ("8", 8),
            ("g", 16),
            ("0x10", 16),
            ("1", 1),
            ("1", 37),
        ] {
            assert_eq!(parse_long(text, radix), None, "{text:?} in base {radix}");
        }
    }

    #[test]
    fn doubles_parse_as_java_double_value_of() {
        assert_eq!(parse_double("1.5"), Some(1.5));
        assert_eq!(parse_double(" 1337 "), Some(1337.0), "String.trim");
        assert_eq!(parse_double("\t\n1\u{0}"), Some(1.0), "every control character is trimmed");
        assert_eq!(parse_double("1."), Some(1.0));
        assert_eq!(parse_double(".5"), Some(0.5));
        assert_eq!(parse_double("-.5e1"), Some(-5.0));
        assert_eq!(parse_double("1.e2"), Some(100.0));
        assert_eq!(parse_double("1e-3"), Some(0.001));
        assert_eq!(parse_double("+2E+2"), Some(200.0));
        assert_eq!(parse_double("1.5f"), Some(1.5));
        assert_eq!(parse_double("2D"), Some(2.0));
        assert_eq!(parse_double("9223372036854775808"), Some(9.223_372_036_854_776e18));
        assert_eq!(parse_double("Infinity"), Some(f64::INFINITY));
        assert_eq!(parse_double("-Infinity"), Some(f64::NEG_INFINITY));
        assert!(parse_double("NaN").is_some_and(f64::is_nan));
        assert!(parse_double("-NaN").is_some_and(f64::is_nan));
        assert_eq!(parse_double("0x1p3"), Some(8.0));
        assert_eq!(parse_double("-0x1.8p1"), Some(-3.0));
        assert_eq!(parse_double("0X.8P-1d"), Some(0.25));
        assert_eq!(parse_double("0x1.fffffffffffff8p0"), Some(2.0), "rounds half to even");
        assert_eq!(parse_double("0x1p-1074"), Some(f64::from_bits(1)));
        assert_eq!(parse_double("0x1p1024"), Some(f64::INFINITY));
        assert_eq!(parse_double("0x0p99999"), Some(0.0));
        for text in [
            "",
            " ",
            ".",
            "e5",
            "1e",
            "1e+",
            "1.5ff",
            "f",
            "inf",
            "infinity",
            "nan",
            "NaNf",
            "Infinityd",
            "1_0",
            "1,0",
            "0x10",
            "0x",
            "0xp1",
            "0x1p",
            "1 2",
            "٣",
        ] {
            assert_eq!(parse_double(text), None, "{text:?}");
        }
    }
}
