//! The EQL functions, computed as Elasticsearch's function processors compute them on a value:
//! `between`, `cidrMatch`, `concat`, `endsWith`, `indexOf`, `length`, `number`, `startsWith`,
//! `string`, `stringContains` and `substring` (the arithmetic ones are in
//! [`arithmetic`](crate::arithmetic)).
//!
//! A null argument gives a null result unless a function says otherwise. Strings are Java
//! strings: lengths and positions count UTF-16 code units, and the `~` forms compare
//! `toLowerCase(Locale.ROOT)` of both sides. Where Elasticsearch throws, the function returns an
//! [`EvalError`]; Elasticsearch then fails the whole search rather than treating the event as
//! a non-match, so a caller should report the error, not read it as null.
//
// FIXME: Elasticsearch does not run these processors when a function compares a field with a
// constant; it sends Lucene queries instead. `startsWith(field, "x")` becomes a prefix query,
// and `endsWith(field, "x")` and `stringContains(field, "x")` become the wildcard queries `*x`
// and `*x*` built without escaping `x`, so there `*`, `?` and `\` in `x` act as wildcard syntax
// ([`WildcardMatcher::lucene`](crate::wildcard::WildcardMatcher::lucene)), an empty `x` matches
// every value, and `~` folds characters one by one ([`fold_char`](crate::java_string::fold_char))
// instead of lowercasing whole strings. Derived from the query translator, not run.

use std::borrow::Cow;
use std::fmt;
use std::net::IpAddr;

use crate::cidr::{self, Cidr, CidrError};
use crate::java_number;
use crate::java_string::{self, Utf16Position};
use crate::value::Value;

/// Why a function could not compute a value, where Elasticsearch throws.
#[derive(Clone, Debug, PartialEq)]
pub enum EvalError {
    /// An argument has a type the function does not take (`length(5)`); Elasticsearch usually
    /// rejects these when it checks the query, and otherwise at run time.
    Type {
        /// The function or operator, as EQL spells it.
        function: &'static str,
        /// What the argument must be.
        expected: &'static str,
        /// What it was, as [`Value::type_name`] names it.
        found: &'static str,
    },
    /// Whole-number arithmetic left the 64-bit range (Java's `Math.addExact` and friends).
    Overflow {
        /// The function or operator.
        function: &'static str,
    },
    /// A whole-number division or remainder by zero.
    DivisionByZero {
        /// The function or operator.
        function: &'static str,
    },
    /// `number()` could not read its text in the base.
    NotANumber {
        /// The text, without a `0x` prefix that the base 16 consumed.
        text: String,
        /// The base.
        base: i32,
    },
    /// `cidrMatch()` was given something that is not an IP address or a CIDR block.
    Cidr(CidrError),
    /// `between()` computed a range that Java's `substring` rejects: the greedy form when the
    /// last `right` comes before the first `left` ends, or the `~` form when lowercasing changed
    /// the string's length.
    StringIndexOutOfBounds {
        /// The start, in UTF-16 units.
        begin: usize,
        /// The end, in UTF-16 units.
        end: usize,
        /// The string's length, in UTF-16 units.
        length: usize,
    },
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvalError::Type { function, expected, found } => {
                write!(f, "{function} needs a {expected} argument, not {found}")
            }
            EvalError::Overflow { function } => write!(f, "{function} overflows a 64-bit integer"),
            EvalError::DivisionByZero { function } => {
                write!(f, "{function} divides a whole number by zero")
            }
            EvalError::NotANumber { text, base } => {
                write!(f, "number cannot read `{text}` in base {base}")
            }
            EvalError::Cidr(error) => write!(f, "cidrMatch: {error}"),
            EvalError::StringIndexOutOfBounds { begin, end, length } => write!(
                f,
                "between takes the range {begin}..{end} of a string of length {length}, which \
                 Java rejects"
            ),
        }
    }
}

impl std::error::Error for EvalError {}

/// The string in `value`: `None` for null, an error for any other type.
fn string_arg<'v>(function: &'static str, value: &'v Value) -> Result<Option<&'v str>, EvalError> {
    match value {
        Value::Null => Ok(None),
        Value::Str(text) => Ok(Some(text)),
        Value::Bool(_) | Value::Long(_) | Value::Double(_) => {
            Err(type_error(function, "string", value))
        }
    }
}

/// The error for an argument `found` where `function` needs an `expected`.
pub(crate) fn type_error(
    function: &'static str,
    expected: &'static str,
    found: &Value,
) -> EvalError {
    EvalError::Type { function, expected, found: found.type_name() }
}

/// Java's `Number.intValue()` of a position argument: a `Long` keeps its low 32 bits, a
/// `Double` is truncated and saturated. `None` for null.
fn int_arg(function: &'static str, value: &Value) -> Result<Option<i64>, EvalError> {
    match value {
        Value::Null => Ok(None),
        Value::Long(value) => Ok(Some(i64::from(*value as i32))),
        Value::Double(value) => Ok(Some(i64::from(*value as i32))),
        Value::Bool(_) | Value::Str(_) => Err(type_error(function, "number", value)),
    }
}

/// Part of the string `source`, borrowing from the event when `source` does.
fn slice_value<'a>(source: &Cow<'a, str>, from: usize, to: usize) -> Value<'a> {
    match source {
        Cow::Borrowed(text) => {
            let text: &'a str = text;
            Value::Str(Cow::Borrowed(&text[from..to]))
        }
        Cow::Owned(text) => Value::string(text[from..to].to_string()),
    }
}

/// Java's `source.substring(start, end)` in UTF-16 units, as a value; `None` where Java throws.
fn utf16_slice_value<'a>(source: &Cow<'a, str>, start: usize, end: usize) -> Option<Value<'a>> {
    let bounds =
        (java_string::utf16_position(source, start), java_string::utf16_position(source, end));
    if let (Utf16Position::Boundary(from), Utf16Position::Boundary(to)) = bounds {
        return (from <= to).then(|| slice_value(source, from, to));
    }
    java_string::utf16_substring(source, start, end).map(|text| Value::string(text.into_owned()))
}

/// The string argument of a function that may return part of it: `None` for null, an error
/// for any other type.
fn string_source<'v, 'a>(
    function: &'static str,
    value: &'v Value<'a>,
) -> Result<Option<&'v Cow<'a, str>>, EvalError> {
    match value {
        Value::Null => Ok(None),
        Value::Str(text) => Ok(Some(text)),
        Value::Bool(_) | Value::Long(_) | Value::Double(_) => {
            Err(type_error(function, "string", value))
        }
    }
}

/// `text` as a `~` function compares it: lowercased (`toLowerCase(Locale.ROOT)`) for the
/// case-insensitive form.
fn cased(text: &str, case_insensitive: bool) -> Cow<'_, str> {
    if case_insensitive { java_string::to_lower_root(text) } else { Cow::Borrowed(text) }
}

/// `between(text, left, right, greedy)` and `between~`: the part of `text` after the first
/// `left` and before the next `right`, or before the last `right` when `greedy`.
///
/// `""` when `left` or `right` is not found; `text` itself when `text`, `left` or `right` is
/// empty. Pass `Value::Bool(false)` for an omitted `greedy`: a null `greedy` gives null. The
/// `~` form finds the bounds in the lowercased strings and cuts the original at those UTF-16
/// positions, as Elasticsearch does.
pub fn between<'a>(
    text: &Value<'a>,
    left: &Value,
    right: &Value,
    greedy: &Value,
    case_insensitive: bool,
) -> Result<Value<'a>, EvalError> {
    const NAME: &str = "between";
    if [text, left, right, greedy].iter().any(|value| value.is_null()) {
        return Ok(Value::Null);
    }
    let Some(source) = string_source(NAME, text)? else { return Ok(Value::Null) };
    let (Some(left), Some(right)) = (string_arg(NAME, left)?, string_arg(NAME, right)?) else {
        return Ok(Value::Null);
    };
    let Value::Bool(greedy) = *greedy else { return Err(type_error(NAME, "boolean", greedy)) };
    if source.is_empty() || left.is_empty() || right.is_empty() {
        return Ok(text.clone());
    }

    let haystack = cased(source, case_insensitive);
    let (left, right) = (cased(left, case_insensitive), cased(right, case_insensitive));
    let Some(left_at) = haystack.find(left.as_ref()) else { return Ok(Value::str("")) };
    let after_left = left_at + left.len();
    let right_at = if greedy {
        haystack.rfind(right.as_ref())
    } else {
        haystack[after_left..].find(right.as_ref()).map(|at| after_left + at)
    };
    let Some(right_at) = right_at else { return Ok(Value::str("")) };

    let begin = java_string::utf16_index(&haystack, after_left);
    let end = java_string::utf16_index(&haystack, right_at);
    utf16_slice_value(source, begin, end).ok_or_else(|| EvalError::StringIndexOutOfBounds {
        begin,
        end,
        length: java_string::utf16_len(source),
    })
}

/// `cidrMatch(ip, blocks...)`: whether the IPv4 or IPv6 address `ip` lies in one of the CIDR
/// blocks. An address or block that does not parse is an error, as in Elasticsearch.
pub fn cidr_match(ip: &Value, blocks: &[Value]) -> Result<Value<'static>, EvalError> {
    const NAME: &str = "cidrMatch";
    if ip.is_null() || blocks.iter().any(Value::is_null) {
        return Ok(Value::Null);
    }

    let mut parsed = Vec::with_capacity(blocks.len());
    for block in blocks {
        let Some(block) = string_arg(NAME, block)? else { return Ok(Value::Null) };
        parsed.push(cidr::parse_cidr(block).map_err(EvalError::Cidr)?);
    }
    cidr_match_parsed(ip, &parsed)
}

/// [`cidr_match`] with the blocks parsed once, ahead of time.
pub fn cidr_match_parsed(ip: &Value, blocks: &[Cidr]) -> Result<Value<'static>, EvalError> {
    let Some(ip) = string_arg("cidrMatch", ip)? else { return Ok(Value::Null) };
    let address: IpAddr = cidr::parse_ip(ip).map_err(EvalError::Cidr)?;

    Ok(Value::Bool(blocks.iter().any(|block| block.contains(address))))
}

/// `concat(values...)`: the values as Java prints them (`42`, `42.5`, `true`), joined. Null if
/// any value is null.
pub fn concat(values: &[Value]) -> Value<'static> {
    if values.iter().any(Value::is_null) {
        return Value::Null;
    }

    let mut text = String::new();
    for value in values {
        match value {
            Value::Str(part) => text.push_str(part),
            Value::Null | Value::Bool(_) | Value::Long(_) | Value::Double(_) => {
                text.push_str(&value.to_string());
            }
        }
    }
    Value::string(text)
}

/// `endsWith(text, suffix)` and `endsWith~`. `endsWith("", "")` is true.
pub fn ends_with(
    text: &Value,
    suffix: &Value,
    case_insensitive: bool,
) -> Result<Value<'static>, EvalError> {
    let Some((text, suffix)) = two_strings("endsWith", text, suffix)? else {
        return Ok(Value::Null);
    };

    let (text, suffix) = (cased(text, case_insensitive), cased(suffix, case_insensitive));
    Ok(Value::Bool(text.ends_with(suffix.as_ref())))
}

/// `startsWith(text, prefix)` and `startsWith~`.
pub fn starts_with(
    text: &Value,
    prefix: &Value,
    case_insensitive: bool,
) -> Result<Value<'static>, EvalError> {
    let Some((text, prefix)) = two_strings("startsWith", text, prefix)? else {
        return Ok(Value::Null);
    };

    let (text, prefix) = (cased(text, case_insensitive), cased(prefix, case_insensitive));
    Ok(Value::Bool(text.starts_with(prefix.as_ref())))
}

/// `stringContains(text, part)` and `stringContains~`: false when either string is empty.
pub fn string_contains(
    text: &Value,
    part: &Value,
    case_insensitive: bool,
) -> Result<Value<'static>, EvalError> {
    let Some((text, part)) = two_strings("stringContains", text, part)? else {
        return Ok(Value::Null);
    };
    if text.is_empty() || part.is_empty() {
        return Ok(Value::Bool(false));
    }

    let (text, part) = (cased(text, case_insensitive), cased(part, case_insensitive));
    Ok(Value::Bool(text.contains(part.as_ref())))
}

/// Both string arguments, checked in Elasticsearch's order: the first is null or must be a
/// string before the second is looked at.
fn two_strings<'v>(
    function: &'static str,
    first: &'v Value,
    second: &'v Value,
) -> Result<Option<(&'v str, &'v str)>, EvalError> {
    let Some(first) = string_arg(function, first)? else { return Ok(None) };
    let Some(second) = string_arg(function, second)? else { return Ok(None) };
    Ok(Some((first, second)))
}

/// `indexOf(text, part, start)` and `indexOf~`: the UTF-16 index of the first `part` in `text`
/// at or after `start`, or null when there is none.
///
/// Pass `Value::Null` for an omitted `start`: Elasticsearch fills an omitted `start` with a null
/// literal and reads null as 0 (its documentation says a null `start` gives null, but the two
/// cannot differ). A negative `start` counts as 0. Past the end, an empty `part` is found at the
/// end (Java's `indexOf`), any other is not. The `~` form returns the index in the lowercased
/// `text`.
pub fn index_of(
    text: &Value,
    part: &Value,
    start: &Value,
    case_insensitive: bool,
) -> Result<Value<'static>, EvalError> {
    const NAME: &str = "indexOf";
    let Some((text, part)) = two_strings(NAME, text, part)? else { return Ok(Value::Null) };
    let start = int_arg(NAME, start)?.unwrap_or(0);

    let (text, part) = (cased(text, case_insensitive), cased(part, case_insensitive));
    Ok(java_index_of(&text, &part, start).map_or(Value::Null, |index| Value::Long(index as i64)))
}

/// Java's `text.indexOf(part, from)`, in UTF-16 units.
fn java_index_of(text: &str, part: &str, from: i64) -> Option<usize> {
    let from = usize::try_from(from).unwrap_or(0);
    let length = java_string::utf16_len(text);
    if from >= length {
        return part.is_empty().then_some(length);
    }
    if part.is_empty() {
        return Some(from);
    }

    let byte = match java_string::utf16_position(text, from) {
        Utf16Position::Boundary(byte) => byte,
        Utf16Position::InsidePair(byte) => byte + text[byte..].chars().next()?.len_utf8(),
        Utf16Position::OutOfRange => return None,
    };
    let found = byte + text[byte..].find(part)?;
    Some(java_string::utf16_index(text, found))
}

/// `length(text)`: Java's `String.length()`, in UTF-16 code units (an emoji counts 2).
pub fn length(text: &Value) -> Result<Value<'static>, EvalError> {
    let Some(text) = string_arg("length", text)? else { return Ok(Value::Null) };

    Ok(Value::Long(java_string::utf16_len(text) as i64))
}

/// `number(text, base)`: the number written in `text`.
///
/// Pass `Value::Null` for an omitted `base` (a null base is the default, ES test
/// `numberStringConversion3`). The default base is 16 when `text` starts with `0x` (lowercase,
/// nothing before it), else 10. In base 16 a leading `0x` is dropped. Base 10 reads a `Long`
/// (`Long.parseLong`: optional sign, digits, nothing else) or else a `Double`
/// (`Double.valueOf`, which trims characters up to U+0020, so `" 1337 "` is `1337.0`); other
/// bases, 2 to 36, read a `Long`. Anything else is [`EvalError::NotANumber`].
pub fn number(text: &Value, base: &Value) -> Result<Value<'static>, EvalError> {
    const NAME: &str = "number";
    let Some(text) = string_arg(NAME, text)? else { return Ok(Value::Null) };
    let hex_prefix = text.starts_with("0x");
    let base = match base {
        Value::Null => {
            if hex_prefix {
                16
            } else {
                10
            }
        }
        Value::Long(base) => {
            i32::try_from(*base).map_err(|_| type_error(NAME, "integer", &Value::Long(*base)))?
        }
        Value::Bool(_) | Value::Double(_) | Value::Str(_) => {
            return Err(type_error(NAME, "integer", base));
        }
    };

    let digits = if hex_prefix && base == 16 { &text[2..] } else { text };
    let parsed = if base == 10 {
        java_number::parse_long(digits, 10)
            .map(Value::Long)
            .or_else(|| java_number::parse_double(digits).map(Value::Double))
    } else {
        u32::try_from(base)
            .ok()
            .and_then(|radix| java_number::parse_long(digits, radix))
            .map(Value::Long)
    };
    parsed.ok_or_else(|| EvalError::NotANumber { text: digits.to_string(), base })
}

/// `string(value)`: the value as Java prints it (`42`, `42.5`, `true`); null stays null.
pub fn string<'a>(value: &Value<'a>) -> Value<'a> {
    match value {
        Value::Null => Value::Null,
        Value::Str(_) => value.clone(),
        Value::Bool(_) | Value::Long(_) | Value::Double(_) => Value::string(value.to_string()),
    }
}

/// `substring(text, start, end)`: the UTF-16 units from `start` up to, not including, `end`,
/// Python-style: a negative position counts from the end, positions are clamped to the string,
/// and `start >= end` gives `""`.
///
/// Pass `Value::Null` for an omitted `end`, which means the end of the string. A null `start`
/// returns `text` unchanged. A position that splits a surrogate pair leaves half a character,
/// which becomes U+FFFD (Java keeps a lone surrogate).
pub fn substring<'a>(text: &Value<'a>, start: &Value, end: &Value) -> Result<Value<'a>, EvalError> {
    const NAME: &str = "substring";
    let Some(source) = string_source(NAME, text)? else { return Ok(Value::Null) };
    let Some(start) = int_arg(NAME, start)? else { return Ok(text.clone()) };
    let end = int_arg(NAME, end)?;
    if source.is_empty() {
        return Ok(text.clone());
    }

    let length = java_string::utf16_len(source) as i64;
    let end = end.unwrap_or(length);
    let start = if start < 0 { (start + length).max(0) } else { start };
    let end = if end < 0 { (end + length).max(0) } else { end.min(length) };
    if start >= end {
        return Ok(Value::str(""));
    }

    let (start, end) = (start as usize, end as usize);
    Ok(utf16_slice_value(source, start, end).unwrap_or(Value::str("")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Value<'_> {
        Value::str(text)
    }

    const NULL: Value<'static> = Value::Null;
    const FALSE: Value<'static> = Value::Bool(false);
    const TRUE: Value<'static> = Value::Bool(true);

    fn between_of(text: &str, left: &str, right: &str, greedy: bool, ci: bool) -> Value<'static> {
        between(&s(text), &s(left), &s(right), &Value::Bool(greedy), ci).unwrap().into_owned()
    }

    #[test]
    fn between_from_the_documentation() {
        let path = r"C:\Windows\System32\cmd.exe";
        assert_eq!(between_of(path, r"System32\", ".exe", false, false), s("cmd"));
        assert_eq!(between_of(path, r"system32\", ".exe", false, false), s(""));
        assert_eq!(between_of(path, r"workspace\", ".exe", false, false), s(""));
        assert_eq!(between_of(path, r"system32\", ".exe", false, true), s("cmd"));
        assert_eq!(between_of(path, r"\", r"\", false, false), s("Windows"));
        assert_eq!(between_of(path, r"\", r"\", true, false), s(r"Windows\System32"));
        assert_eq!(between_of("", r"System32\", ".exe", false, false), s(""));
        assert_eq!(between_of("", "", "", false, false), s(""));
        assert_eq!(between(&NULL, &s("a"), &s("b"), &FALSE, false), Ok(NULL));
    }

    #[test]
    fn between_edge_cases() {
        assert_eq!(between_of("abc", "", "c", false, false), s("abc"), "empty left gives the text");
        assert_eq!(
            between_of("abc", "a", "", false, false),
            s("abc"),
            "empty right gives the text"
        );
        assert_eq!(between_of("abc", "x", "c", false, false), s(""));
        assert_eq!(between_of("abc", "a", "x", false, false), s(""));
        assert_eq!(between_of("a😀b😀c", "a", "c", false, false), s("😀b😀"));
        assert_eq!(between(&s("abc"), &s("a"), &s("c"), &NULL, false), Ok(NULL), "null greedy");
        assert_eq!(between(&s("abc"), &NULL, &s("c"), &FALSE, false), Ok(NULL));
        assert!(matches!(
            between(&s("abc"), &s("a"), &s("c"), &s("yes"), false),
            Err(EvalError::Type { .. })
        ));
        assert!(matches!(
            between(&Value::Long(1), &s("a"), &s("c"), &FALSE, false),
            Err(EvalError::Type { .. })
        ));
    }

    #[test]
    fn between_throws_where_java_substring_does() {
        // Greedy: the last `a` (0) comes before the end of the first `b` (3).
        assert_eq!(
            between(&s("a.b"), &s("b"), &s("a"), &TRUE, false),
            Err(EvalError::StringIndexOutOfBounds { begin: 3, end: 0, length: 3 })
        );
        // `İ` lowercases to two units, so the bounds found in the lowercase text shift: Java
        // cuts the original at them, or throws past its end.
        assert_eq!(between_of("İxaYYb", "a", "b", false, true), s("Yb"));
        assert_eq!(
            between(&s("İİxy"), &s("x"), &s("y"), &FALSE, true),
            Err(EvalError::StringIndexOutOfBounds { begin: 5, end: 5, length: 4 })
        );
    }

    /// ES tests `betweenCaseInsensitive1` to `3`, `betweenCaseSensitive`, `between1` to `3`,
    /// `lengthCaseSensitive` and `length1`, on the process names and file path of the endgame
    /// events.
    #[test]
    fn between_from_the_elasticsearch_specs() {
        assert_eq!(between_of("System Idle Process", "s", "E", false, true), s("yst"));
        assert_eq!(between_of("System", "s", "E", false, true), s("yst"));
        assert_eq!(between_of("System Idle Process", "s", "e", false, false), s("t"));
        assert_eq!(between_of("TrustedInstaller.exe", "s", "e", false, false), s("t"));
        assert_eq!(between_of("System Idle Process", "S", "e", true, false), s("ystem Idle Proc"));
        assert_eq!(between_of("System Idle Process", "s", "e", true, true), s("ystem Idle Proc"));
        let path = r"C:\workspace\dev\TestLogs\something.json";
        assert_eq!(between_of(path, "dev", ".json", false, false), s(r"\TestLogs\something"));
        assert_eq!(between_of(path, "dev", ".json", true, false), s(r"\TestLogs\something"));
        let length_of = |text: &str, left: &str, right: &str| {
            length(&between_of(text, left, right, false, false)).unwrap()
        };
        assert_eq!(length_of("winlogon.exe", "g", "e"), Value::Long(3));
        assert_eq!(length_of("LogonUI.exe", "g", "e"), Value::Long(5));
        assert_eq!(length_of("VGAuthService.exe", "g", "e"), Value::Long(0), "case-sensitive `g`");
        assert_eq!(length_of("winlogon.exe", "g", "z"), Value::Long(0));
    }

    #[test]
    fn between_borrows_from_the_event() {
        let text = String::from("a[b]c");
        let value = Value::str(&text);
        let result = between(&value, &s("["), &s("]"), &FALSE, false).unwrap();
        assert!(matches!(result, Value::Str(Cow::Borrowed("b"))));
    }

    /// ES tests `cidrMatch1` to `4`, `stringCidrMatch1`, `cidrMatchAdditional2` to `5`; the
    /// events' `source_address` is `10.6.48.157`.
    #[test]
    fn cidr_match_from_the_elasticsearch_specs() {
        let ip = s("10.6.48.157");
        assert_eq!(cidr_match(&ip, &[s("10.6.48.157/8")]), Ok(TRUE));
        assert_eq!(cidr_match(&ip, &[s("192.168.0.0/16")]), Ok(FALSE));
        assert_eq!(cidr_match(&ip, &[s("192.168.0.0/16"), s("10.6.48.157/8")]), Ok(TRUE));
        assert_eq!(cidr_match(&ip, &[s("0.0.0.0/0")]), Ok(TRUE));
        assert_eq!(string(&cidr_match(&ip, &[s("10.6.48.157/8")]).unwrap()), s("true"));
    }

    #[test]
    fn cidr_match_edge_cases() {
        let ip = s("192.168.152.12");
        assert_eq!(cidr_match(&ip, &[s("10.0.0.0/8"), s("10.128.0.0/9")]), Ok(FALSE));
        assert_eq!(cidr_match(&s("fe80::1"), &[s("fe80::/10")]), Ok(TRUE));
        assert_eq!(cidr_match(&NULL, &[s("10.0.0.0/8")]), Ok(NULL));
        assert_eq!(cidr_match(&ip, &[NULL]), Ok(NULL));
        assert!(matches!(cidr_match(&s("not an ip"), &[s("10.0.0.0/8")]), Err(EvalError::Cidr(_))));
        assert!(matches!(cidr_match(&ip, &[s("10.0.0.0/33")]), Err(EvalError::Cidr(_))));
        assert!(matches!(
            cidr_match(&Value::Long(1), &[s("10.0.0.0/8")]),
            Err(EvalError::Type { .. })
        ));
    }

    /// Documentation examples and ES tests `concat1`, `concatEquals1` and `2`,
    /// `concatWithCondition1` to `4`.
    #[test]
    fn concat_stringifies_and_nulls() {
        assert_eq!(concat(&[s("process is "), s("regsvr32.exe")]), s("process is regsvr32.exe"));
        assert_eq!(concat(&[s("regsvr32.exe"), s(" "), Value::Long(42)]), s("regsvr32.exe 42"));
        assert_eq!(
            concat(&[s("regsvr32.exe"), s(" "), Value::Double(42.5)]),
            s("regsvr32.exe 42.5")
        );
        assert_eq!(concat(&[s("regsvr32.exe"), s(" "), TRUE]), s("regsvr32.exe true"));
        assert_eq!(concat(&[s("regsvr32.exe")]), s("regsvr32.exe"));
        assert_eq!(
            concat(&[Value::Long(5), s(":"), s("wininit.exe"), Value::Long(3)]),
            s("5:wininit.exe3")
        );
        assert_eq!(concat(&[Value::Long(1)]), s("1"));
        assert_eq!(concat(&[Value::Double(1.0)]), s("1.0"));
        assert_eq!(concat(&[NULL, s("regsvr32.exe")]), NULL);
        assert_eq!(concat(&[s("x"), NULL, NULL]), NULL);
        assert_eq!(concat(&[NULL]), NULL);
    }

    /// Documentation examples and ES tests `startsWithCaseSensitive`,
    /// `startsWithCaseInsensitive1` to `3`, `endsWith1` and `2`, `endsWithCaseInsensitive`,
    /// `endsWithAndCondition`; event 88 is `explorer.exe`, event 92 `EXPLORER.EXE-854AF04C.pf`.
    #[test]
    fn starts_and_ends_with() {
        let (e88, e92) = (s("explorer.exe"), s("EXPLORER.EXE-854AF04C.pf"));
        assert_eq!(starts_with(&e88, &s("explorer."), false), Ok(TRUE));
        assert_eq!(starts_with(&e92, &s("explorer."), false), Ok(FALSE));
        for prefix in ["explorer.", "exploRER.", "expLORER.ExE"] {
            assert_eq!(starts_with(&e88, &s(prefix), true), Ok(TRUE), "{prefix}");
            assert_eq!(starts_with(&e92, &s(prefix), true), Ok(TRUE), "{prefix}");
        }
        assert_eq!(ends_with(&e88, &s("lorer.exe"), false), Ok(TRUE));
        assert_eq!(ends_with(&e88, &s("loREr.exe"), true), Ok(TRUE));
        assert_eq!(ends_with(&e92, &s("loREr.exe"), true), Ok(FALSE));
        assert_eq!(starts_with(&s("explorer.exeaaaaaaaa"), &e88, false), Ok(TRUE));
        assert_eq!(starts_with(&s("explorer.exeaAAAA"), &s("EXPLORER.exe"), true), Ok(TRUE));

        assert_eq!(ends_with(&s("regsvr32.exe"), &s(".exe"), false), Ok(TRUE));
        assert_eq!(ends_with(&s("regsvr32.exe"), &s(".EXE"), false), Ok(FALSE));
        assert_eq!(ends_with(&s("regsvr32.exe"), &s(".EXE"), true), Ok(TRUE));
        assert_eq!(ends_with(&s(""), &s(""), false), Ok(TRUE));
        assert_eq!(ends_with(&s(""), &NULL, false), Ok(NULL));
        assert_eq!(ends_with(&NULL, &s(".exe"), false), Ok(NULL));
        assert_eq!(starts_with(&s("x"), &s(""), false), Ok(TRUE));
        assert!(matches!(starts_with(&Value::Long(5), &NULL, false), Err(EvalError::Type { .. })));
        assert!(matches!(ends_with(&s("5"), &Value::Long(5), false), Err(EvalError::Type { .. })));
    }

    #[test]
    fn case_insensitive_forms_lowercase_whole_strings() {
        // `İ` lowercases to `i` and a combining dot, so the lowercase text ends with the dot.
        assert_eq!(ends_with(&s("xİ"), &s("\u{307}"), true), Ok(TRUE));
        assert_eq!(starts_with(&s("ΣΑΣ"), &s("σας"), true), Ok(TRUE), "final sigma");
        assert_eq!(string_contains(&s("STRASSE"), &s("ß"), true), Ok(FALSE));
    }

    /// Documentation examples and ES tests `stringContains2`.
    #[test]
    fn string_contains_is_false_for_empty_strings() {
        assert_eq!(
            string_contains(&s("ABCDEFGHIexplorer.exeJKLMNOP"), &s("explorer.exe"), false),
            Ok(TRUE)
        );
        assert_eq!(
            string_contains(&s("ABCDEFGHIexplorer.exeJKLMNOP"), &s("EXPLORER.exe"), false),
            Ok(FALSE)
        );
        assert_eq!(
            string_contains(&s("ABCDEFGHIexplorer.exeJKLMNOP"), &s("EXPLORER.exe"), true),
            Ok(TRUE)
        );
        assert_eq!(string_contains(&s("x"), &s(""), false), Ok(FALSE), "Python eql says true");
        assert_eq!(string_contains(&s(""), &s(""), false), Ok(FALSE));
        assert_eq!(string_contains(&s(""), &s("x"), true), Ok(FALSE));
        assert_eq!(string_contains(&NULL, &s("x"), false), Ok(NULL));
        assert_eq!(string_contains(&s("x"), &NULL, false), Ok(NULL));
    }

    fn index(text: &str, part: &str, start: Value, ci: bool) -> Value<'static> {
        index_of(&s(text), &s(part), &start, ci).unwrap()
    }

    #[test]
    fn index_of_from_the_documentation() {
        let domain = "subdomain.example.com";
        assert_eq!(index(domain, "d", NULL, false), Value::Long(3));
        assert_eq!(index(domain, "D", NULL, false), NULL);
        assert_eq!(index(domain, ".", NULL, false), Value::Long(9));
        assert_eq!(index(domain, ".", Value::Long(9), false), Value::Long(9));
        assert_eq!(index(domain, ".", Value::Long(10), false), Value::Long(17));
        assert_eq!(index(domain, ".", Value::Long(-6), false), Value::Long(9));
        assert_eq!(index(domain, "D", NULL, true), Value::Long(3));
        assert_eq!(index("", "", NULL, false), Value::Long(0));
        assert_eq!(index(domain, "", NULL, false), Value::Long(0));
        assert_eq!(index(domain, "", Value::Long(9), false), Value::Long(9));
        assert_eq!(index(domain, "", Value::Long(10), false), Value::Long(10));
        assert_eq!(index(domain, "", Value::Long(-6), false), Value::Long(0));
        assert_eq!(index(domain, "z", NULL, false), NULL);
        assert_eq!(index(domain, "z", Value::Long(9), false), NULL);
        assert_eq!(index(domain, ".", Value::Long(30), false), NULL);
        assert_eq!(index_of(&NULL, &s("."), &Value::Long(9), false), Ok(NULL));
        assert_eq!(index_of(&s(domain), &NULL, &Value::Long(9), false), Ok(NULL));
    }

    #[test]
    fn index_of_edge_cases() {
        // Java's indexOf finds an empty string at the end when starting past it; the
        // documentation's "null past the end" holds for non-empty parts only.
        assert_eq!(index("abc", "", Value::Long(30), false), Value::Long(3));
        // A null start is the omitted start, 0, though the documentation says null.
        assert_eq!(index("abc", "b", NULL, false), Value::Long(1));
        // Java's intValue(): the low 32 bits of a long, a truncated double.
        assert_eq!(index("abcb", "b", Value::Long((1 << 32) + 2), false), Value::Long(3));
        assert_eq!(index("abcb", "b", Value::Double(2.9), false), Value::Long(3));
        // UTF-16 units: the emoji counts two.
        assert_eq!(index("😀x", "x", NULL, false), Value::Long(2));
        assert_eq!(
            index("😀x", "x", Value::Long(1), false),
            Value::Long(2),
            "start inside the pair"
        );
        assert_eq!(index("😀x", "", Value::Long(1), false), Value::Long(1));
        // The `~` form reports the index in the lowercase text.
        assert_eq!(index("İx", "x", NULL, true), Value::Long(2));
        assert!(matches!(index_of(&s("a"), &s("a"), &s("1"), false), Err(EvalError::Type { .. })));
        assert!(matches!(
            index_of(&Value::Long(5), &s("a"), &NULL, false),
            Err(EvalError::Type { .. })
        ));
    }

    /// ES tests `indexOfCaseInsensitive`, `indexOf1` to `11`, on `explorer.exe` (event 88) and
    /// `EXPLORER.EXE-854AF04C.pf` (event 92); and Elasticsearch's processor unit tests.
    #[test]
    fn index_of_from_the_elasticsearch_specs() {
        let (e88, e92) = ("explorer.exe", "EXPLORER.EXE-854AF04C.pf");
        assert_eq!(index(e88, "plore", NULL, true), Value::Long(2));
        assert_eq!(index(e88, ".pf", NULL, true), NULL);
        assert_eq!(index(e92, ".pf", NULL, true), Value::Long(21));
        assert_eq!(index(e88, "explorer.", NULL, false), Value::Long(0));
        assert_eq!(index(e88, "plore", Value::Long(100), false), NULL);
        for (ci, expected_92) in [(false, NULL), (true, Value::Long(2))] {
            assert_eq!(index(e88, "plorer.", Value::Long(0), ci), Value::Long(2));
            assert_eq!(index(e92, "plorer.", Value::Long(0), ci), expected_92);
            assert_eq!(index(e88, "plorer.", Value::Long(2), ci), Value::Long(2));
        }
        assert_eq!(index(e88, "plorer.", Value::Long(4), false), NULL);
        assert_eq!(index(e88, "thing that never happened", NULL, false), NULL);
        assert_eq!(index(e92, "pLOrer.", Value::Long(2), true), Value::Long(2));
        assert_eq!(index(e92, "explorer.", Value::Long(0), true), Value::Long(0));

        assert_eq!(index("foobarbar", "r", NULL, false), Value::Long(5));
        assert_eq!(index("foobaRbar", "r", NULL, false), Value::Long(8));
        assert_eq!(index("foobaRbar", "r", NULL, true), Value::Long(5));
        assert_eq!(index("foo", "oO", NULL, true), Value::Long(1));
        assert_eq!(index("", "bar", Value::Long(1), false), NULL);
        assert_eq!(index("foobarbaz", "ba", Value::Long(4), false), Value::Long(6));
    }

    #[test]
    fn length_counts_utf16_units() {
        assert_eq!(length(&s("explorer.exe")), Ok(Value::Long(12)));
        assert_eq!(length(&s("")), Ok(Value::Long(0)));
        assert_eq!(length(&s("é")), Ok(Value::Long(1)));
        assert_eq!(length(&s("😀")), Ok(Value::Long(2)));
        assert_eq!(length(&NULL), Ok(NULL));
        assert!(matches!(length(&Value::Long(5)), Err(EvalError::Type { .. })));
    }

    fn num(text: &str, base: Value) -> Result<Value<'static>, EvalError> {
        number(&s(text), &base)
    }

    /// Documentation examples, ES tests `stringNumberConversion1` to `3`,
    /// `numberStringConversion1` to `5`, `numberStringEquality`, and Elasticsearch's processor
    /// unit tests.
    #[test]
    fn number_reads_java_numbers() {
        assert_eq!(num("5", NULL), Ok(Value::Long(5)));
        assert_eq!(num("1337", NULL), Ok(Value::Long(1337)));
        assert_eq!(num("-1337", NULL), Ok(Value::Long(-1337)));
        assert_eq!(num("+1337", NULL), Ok(Value::Long(1337)));
        assert_eq!(num("1337.55", NULL), Ok(Value::Double(1337.55)));
        assert_eq!(num("1e3", NULL), Ok(Value::Double(1000.0)));
        assert_eq!(num(" 1337 ", NULL), Ok(Value::Double(1337.0)), "Double.valueOf trims");
        assert_eq!(compare_equal(&num(" 1337 ", NULL).unwrap(), 1337), Some(true));
        assert_eq!(num("0x32", Value::Long(16)), Ok(Value::Long(50)));
        assert_eq!(num("0x32", NULL), Ok(Value::Long(50)), "a 0x prefix defaults to base 16");
        assert_eq!(num("32", Value::Long(16)), Ok(Value::Long(50)));
        assert_eq!(num("ff", Value::Long(16)), Ok(Value::Long(255)));
        assert_eq!(num("FF", Value::Long(16)), Ok(Value::Long(255)));
        assert_eq!(num("-ff", Value::Long(16)), Ok(Value::Long(-255)));
        assert_eq!(num("17", Value::Long(10)), Ok(Value::Long(17)));
        assert_eq!(num("31", Value::Long(13)), Ok(Value::Long(40)));
        assert_eq!(num("11", Value::Long(16)), Ok(Value::Long(17)));
        assert_eq!(num("777", Value::Long(8)), Ok(Value::Long(511)));
        assert_eq!(num("101", Value::Long(2)), Ok(Value::Long(5)));
        assert_eq!(num("9223372036854775808", NULL), Ok(Value::Double(9.223_372_036_854_776e18)));
        assert_eq!(number(&NULL, &Value::Long(16)), Ok(NULL));
    }

    fn compare_equal(value: &Value, long: i64) -> Option<bool> {
        crate::compare::equals(value, &Value::Long(long))
    }

    #[test]
    fn number_errors() {
        for (text, base) in [
            ("", NULL),
            ("foo", NULL),
            ("foo", Value::Long(16)),
            ("1.2.3.4", Value::Long(10)),
            ("1,000", Value::Long(7)),
            ("1.5", Value::Long(16)),
            ("-0x1", Value::Long(16)),
            ("0X32", NULL),
            ("0x32", Value::Long(10)),
            ("0x", NULL),
            (" 5", Value::Long(16)),
            ("5", Value::Long(1)),
            ("5", Value::Long(37)),
            ("9223372036854775808", Value::Long(16)),
        ] {
            assert!(
                matches!(num(text, base.clone()), Err(EvalError::NotANumber { .. })),
                "{text:?} in base {base:?}"
            );
        }
        assert_eq!(
            num("foo", Value::Long(16)),
            Err(EvalError::NotANumber { text: "foo".to_string(), base: 16 })
        );
        assert!(matches!(number(&Value::Long(1), &NULL), Err(EvalError::Type { .. })));
        assert!(matches!(number(&TRUE, &NULL), Err(EvalError::Type { .. })));
        assert!(matches!(num("1", Value::Double(10.0)), Err(EvalError::Type { .. })));
        assert!(matches!(num("1", s("10")), Err(EvalError::Type { .. })));
        assert!(matches!(num("1", Value::Long(1 << 40)), Err(EvalError::Type { .. })));
    }

    #[test]
    fn string_prints_as_java() {
        assert_eq!(string(&Value::Long(42)), s("42"));
        assert_eq!(string(&Value::Double(42.5)), s("42.5"));
        assert_eq!(string(&TRUE), s("true"));
        assert_eq!(string(&s("x")), s("x"));
        assert_eq!(string(&NULL), NULL);
    }

    fn sub(text: &str, start: Value, end: Value) -> Value<'static> {
        substring(&s(text), &start, &end).unwrap().into_owned()
    }

    /// Documentation examples and ES tests `substring1` to `5`.
    #[test]
    fn substring_slices_like_python() {
        let name = "start regsvr32.exe";
        assert_eq!(sub(name, Value::Long(6), NULL), s("regsvr32.exe"));
        assert_eq!(sub(name, Value::Long(0), Value::Long(5)), s("start"));
        assert_eq!(sub(name, Value::Long(-4), NULL), s(".exe"));
        assert_eq!(sub(name, Value::Long(-4), Value::Long(-1)), s(".ex"));
        assert_eq!(sub(name, Value::Long(6), Value::Long(-4)), s("regsvr32"));
        assert_eq!(sub("explorer.exe", Value::Long(0), Value::Long(4)), s("expl"));
        assert_eq!(sub("explorer.exe", Value::Long(1), Value::Long(3)), s("xp"));
        assert_eq!(sub("EXPLORER.EXE-854AF04C.pf", Value::Long(1), Value::Long(3)), s("XP"));
        assert_eq!(sub("cmd.exe", Value::Long(-4), Value::Long(-1)), s(".ex"));
    }

    #[test]
    fn substring_edge_cases() {
        assert_eq!(sub("abc", Value::Long(2), Value::Long(1)), s(""), "start after end");
        assert_eq!(sub("abc", Value::Long(1), Value::Long(1)), s(""));
        assert_eq!(sub("abc", Value::Long(5), NULL), s(""), "start past the end");
        assert_eq!(sub("abc", Value::Long(-10), NULL), s("abc"), "clamped to the start");
        assert_eq!(sub("abc", Value::Long(0), Value::Long(10)), s("abc"), "clamped to the end");
        assert_eq!(sub("abc", Value::Long(0), Value::Long(-10)), s(""));
        assert_eq!(sub("", Value::Long(1), NULL), s(""));
        assert_eq!(sub("abc", NULL, Value::Long(1)), s("abc"), "a null start returns the text");
        assert_eq!(sub("a😀b", Value::Long(1), Value::Long(3)), s("😀"));
        assert_eq!(sub("a😀b", Value::Long(2), NULL), s("\u{FFFD}b"), "half a surrogate pair");
        assert_eq!(sub("abc", Value::Double(1.9), NULL), s("bc"), "intValue truncates");
        assert_eq!(substring(&NULL, &Value::Long(1), &NULL), Ok(NULL));
        assert!(matches!(substring(&s("abc"), &s("1"), &NULL), Err(EvalError::Type { .. })));
        assert!(matches!(
            substring(&s("abc"), &Value::Long(1), &TRUE),
            Err(EvalError::Type { .. })
        ));
        let owned = Value::string("abc".to_string());
        assert_eq!(substring(&owned, &Value::Long(1), &NULL), Ok(s("bc")));
    }
}
