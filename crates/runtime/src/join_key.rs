//! Join keys: the values a sequence or a sample groups its events by, in the form the
//! [`sequence`](crate::sequence) and [`sample`](crate::sample) engines compare and hash.
//!
//! The caller evaluates each stage's `by` fields and hands the engines one key per combination
//! of values, so a multi-valued field arrives as several keys.

use std::cmp::Ordering;

use crate::value::Value;

/// The values of one event's `by` fields for one stage, in `by` order: the global
/// `sequence by` / `sample by` fields first, then the stage's own.
pub type JoinKey = Vec<KeyPart>;

/// The value of one `by` field, as a join compares it.
///
/// Equality is Elasticsearch's: values of different types never join (`1` and `1.0` differ),
/// strings compare case-sensitively, doubles compare like Java's `Double.equals`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum KeyPart {
    /// The value of a `?optional` field that has none. Elasticsearch joins such events on the
    /// value null, so two nulls are equal. A non-optional field without a value never reaches
    /// the engines: the caller drops the event for that stage.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Long(i64),
    /// A double, by its bits; build it with [`KeyPart::double`], which makes every NaN one
    /// value and keeps `0.0` and `-0.0` apart, as Java's `Double.equals` does.
    Double(u64),
    /// A string.
    Str(Box<str>),
}

impl KeyPart {
    /// The key part for the double `value`.
    pub fn double(value: f64) -> KeyPart {
        let value = if value.is_nan() { f64::NAN } else { value };
        KeyPart::Double(value.to_bits())
    }

    /// The key part for the string `text`.
    pub fn str(text: &str) -> KeyPart {
        KeyPart::Str(text.into())
    }

    fn rank(&self) -> u8 {
        match self {
            KeyPart::Null => 0,
            KeyPart::Bool(_) => 1,
            KeyPart::Long(_) => 2,
            KeyPart::Double(_) => 3,
            KeyPart::Str(_) => 4,
        }
    }
}

/// The key part for a field's value; [`Value::Null`] becomes [`KeyPart::Null`], which only an
/// optional field may produce.
impl From<&Value<'_>> for KeyPart {
    fn from(value: &Value<'_>) -> KeyPart {
        match value {
            Value::Null => KeyPart::Null,
            Value::Bool(value) => KeyPart::Bool(*value),
            Value::Long(value) => KeyPart::Long(*value),
            Value::Double(value) => KeyPart::double(*value),
            Value::Str(text) => KeyPart::str(text),
        }
    }
}

impl From<&str> for KeyPart {
    fn from(text: &str) -> KeyPart {
        KeyPart::str(text)
    }
}

impl From<i64> for KeyPart {
    fn from(value: i64) -> KeyPart {
        KeyPart::Long(value)
    }
}

/// Ascending order as Elasticsearch's composite aggregation lists sample keys: null first,
/// then values, strings by their UTF-8 bytes. Values of different types order by type (bool,
/// long, double, string), which a field of one mapping type never needs.
impl Ord for KeyPart {
    fn cmp(&self, other: &KeyPart) -> Ordering {
        match (self, other) {
            (KeyPart::Bool(left), KeyPart::Bool(right)) => left.cmp(right),
            (KeyPart::Long(left), KeyPart::Long(right)) => left.cmp(right),
            (KeyPart::Double(left), KeyPart::Double(right)) => {
                f64::from_bits(*left).total_cmp(&f64::from_bits(*right))
            }
            (KeyPart::Str(left), KeyPart::Str(right)) => left.cmp(right),
            (
                KeyPart::Null
                | KeyPart::Bool(_)
                | KeyPart::Long(_)
                | KeyPart::Double(_)
                | KeyPart::Str(_),
                KeyPart::Null
                | KeyPart::Bool(_)
                | KeyPart::Long(_)
                | KeyPart::Double(_)
                | KeyPart::Str(_),
            ) => self.rank().cmp(&other.rank()),
        }
    }
}

impl PartialOrd for KeyPart {
    fn partial_cmp(&self, other: &KeyPart) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_join_like_java_double_equals() {
        assert_eq!(KeyPart::double(f64::NAN), KeyPart::double(-f64::NAN));
        assert_ne!(KeyPart::double(0.0), KeyPart::double(-0.0));
        assert_ne!(KeyPart::double(1.0), KeyPart::Long(1));
    }

    #[test]
    fn null_orders_first_and_strings_by_bytes() {
        let mut parts = vec![KeyPart::str("doom"), KeyPart::Null, KeyPart::str("GTA")];

        parts.sort();

        assert_eq!(parts, vec![KeyPart::Null, KeyPart::str("GTA"), KeyPart::str("doom")]);
    }

    #[test]
    fn values_convert_to_key_parts() {
        assert_eq!(KeyPart::from(&Value::Null), KeyPart::Null);
        assert_eq!(KeyPart::from(&Value::str("x")), KeyPart::str("x"));
        assert_eq!(KeyPart::from(&Value::Long(7)), KeyPart::Long(7));
    }
}
