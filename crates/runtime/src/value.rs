//! Values as EQL computes with them: what a field read, a constant or a
//! function call produces, and the null that stands for "no value".
//!
//! Strings borrow from the event where they can, so reading a field does not
//! allocate; function results own theirs.

use std::borrow::Cow;
use std::fmt;

/// One EQL value.
///
/// Numbers follow the Elasticsearch mapping types they come from: whole
/// numbers are `long`, everything else `double`.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    /// No value: a missing field, or a null result.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number (Java `long`).
    Long(i64),
    /// A floating-point number (Java `double`).
    Double(f64),
    /// A string.
    Str(Cow<'a, str>),
}

impl<'a> Value<'a> {
    /// A string value borrowing `text`.
    pub fn str(text: &'a str) -> Value<'a> {
        Value::Str(Cow::Borrowed(text))
    }

    /// A string value owning `text`.
    pub fn string(text: String) -> Value<'static> {
        Value::Str(Cow::Owned(text))
    }

    /// Whether this is [`Value::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(text) => Some(text),
            Value::Null | Value::Bool(_) | Value::Long(_) | Value::Double(_) => None,
        }
    }

    /// The same value, owning its string.
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Null => Value::Null,
            Value::Bool(value) => Value::Bool(value),
            Value::Long(value) => Value::Long(value),
            Value::Double(value) => Value::Double(value),
            Value::Str(text) => Value::Str(Cow::Owned(text.into_owned())),
        }
    }

    /// The value's type, as diagnostics name it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Long(_) => "integer",
            Value::Double(_) => "number",
            Value::Str(_) => "string",
        }
    }
}

/// Formats the value the way Java's `String.valueOf` does, which is what
/// `string()` and `concat()` produce: `42`, `42.5`, `1.0`, `true`, `null`.
impl fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(value) => write!(f, "{value}"),
            Value::Long(value) => write!(f, "{value}"),
            Value::Double(value) => f.write_str(&java_double(*value)),
            Value::Str(text) => f.write_str(text),
        }
    }
}

/// Java's `Double.toString`: shortest digits that read back, always with a
/// fraction, scientific notation outside 10^-3 .. 10^7.
fn java_double(value: f64) -> String {
    if value.is_nan() {
        return "NaN".to_string();
    }
    if value.is_infinite() {
        return if value > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    let magnitude = value.abs();
    if magnitude == 0.0 || (1e-3..1e7).contains(&magnitude) {
        let text = format!("{value:?}");
        return if text.contains('.') { text } else { format!("{text}.0") };
    }

    let text = format!("{value:e}");
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let mantissa =
        if mantissa.contains('.') { mantissa.to_string() } else { format!("{mantissa}.0") };
    format!("{mantissa}E{exponent}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_print_as_java_prints_them() {
        assert_eq!(Value::Long(42).to_string(), "42");
        assert_eq!(Value::Double(42.5).to_string(), "42.5");
        assert_eq!(Value::Double(1.0).to_string(), "1.0");
        assert_eq!(Value::Double(-0.0).to_string(), "-0.0");
        assert_eq!(Value::Double(1e7).to_string(), "1.0E7");
        assert_eq!(Value::Double(1.5e-4).to_string(), "1.5E-4");
        assert_eq!(Value::Bool(true).to_string(), "true");
        assert_eq!(Value::str("a").to_string(), "a");
    }
}
