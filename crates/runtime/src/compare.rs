//! Comparison of two values: `==`, `!=`, `<`, `<=`, `>`, `>=`, `in` and `in~`, as Elasticsearch
//! evaluates them (its `Comparisons` and `InProcessor` utilities, and `compareToIgnoreCase` for
//! the case-insensitive forms).
//!
//! Every comparison is three-valued: `None` when either side is null, and also when the two
//! values have types that do not compare (a string and a number), where Java's `compareTo`
//! throws `ClassCastException` and Elasticsearch answers null.

use std::cmp::Ordering;

use crate::java_string;
use crate::value::Value;

/// `a == b`: case-sensitive for strings, numeric across `Long` and `Double`.
///
/// Numbers compare as Java's `Double.compare` once either side is a `Double`: the `Long` is
/// widened (losing precision above 2^53), `NaN` equals `NaN`, and `-0.0` differs from `0.0`.
pub fn equals(a: &Value, b: &Value) -> Option<bool> {
    if let (Value::Str(a), Value::Str(b)) = (a, b) {
        return Some(a == b);
    }
    order(a, b).map(Ordering::is_eq)
}

/// `a == b` for `in~` and for `:` with a pattern without wildcards: strings equal ignoring case
/// ([`java_string::fold_char`]), never as a pattern, so `*` and `?` are ordinary characters.
///
/// Only strings compare this way; `None` when either side is null or not a string, where
/// Elasticsearch rejects the comparison.
pub fn equals_insensitive(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Str(a), Value::Str(b)) => Some(java_string::eq_ignore_case(a, b)),
        (Value::Null | Value::Bool(_) | Value::Long(_) | Value::Double(_) | Value::Str(_), _) => {
            None
        }
    }
}

/// The order of `a` and `b` for `<`, `<=`, `>` and `>=`.
///
/// Numbers compare numerically (see [`equals`]), strings as Java's `String.compareTo` (UTF-16
/// code units, case-sensitive: `"S" < "s"`), booleans with `false` before `true`. Anything else
/// is `None`.
pub fn order(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Long(a), Value::Long(b)) => Some(a.cmp(b)),
        (Value::Long(a), Value::Double(b)) => Some(java_double_compare(*a as f64, *b)),
        (Value::Double(a), Value::Long(b)) => Some(java_double_compare(*a, *b as f64)),
        (Value::Double(a), Value::Double(b)) => Some(java_double_compare(*a, *b)),
        (Value::Str(a), Value::Str(b)) => Some(java_string::compare_utf16(a, b)),
        (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
        (Value::Null | Value::Bool(_) | Value::Long(_) | Value::Double(_) | Value::Str(_), _) => {
            None
        }
    }
}

/// Java's `Double.compare`: a total order with `-0.0 < 0.0` and `NaN` equal to itself and
/// above every other value.
fn java_double_compare(a: f64, b: f64) -> Ordering {
    match a.partial_cmp(&b) {
        Some(Ordering::Equal) if a == 0.0 => a.is_sign_positive().cmp(&b.is_sign_positive()),
        Some(ordering) => ordering,
        None => a.is_nan().cmp(&b.is_nan()),
    }
}

/// `x == null`, which Elasticsearch rewrites to `IS NULL`: true or false, never null.
pub fn is_null(value: &Value) -> bool {
    value.is_null()
}

/// `value in (members...)`: true when some member [`equals`] `value`; otherwise null when some
/// comparison was null (a null value or member, or a member of another type); otherwise false.
pub fn in_list(value: &Value, members: &[Value]) -> Option<bool> {
    any_member(members, |member| equals(value, member))
}

/// `value in~ (members...)`: [`in_list`] with [`equals_insensitive`].
pub fn in_list_insensitive(value: &Value, members: &[Value]) -> Option<bool> {
    any_member(members, |member| equals_insensitive(value, member))
}

fn any_member(members: &[Value], mut equal: impl FnMut(&Value) -> Option<bool>) -> Option<bool> {
    let mut result = Some(false);
    for member in members {
        match equal(member) {
            Some(true) => return Some(true),
            Some(false) => {}
            None => result = None,
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Value<'_> {
        Value::str(text)
    }

    #[test]
    fn strings_compare_case_sensitively() {
        assert_eq!(equals(&s("cmd.exe"), &s("cmd.exe")), Some(true));
        assert_eq!(equals(&s("cmd.exe"), &s("CMD.EXE")), Some(false));
        assert_eq!(equals(&s(""), &s("")), Some(true));
        assert_eq!(equals(&s("a*"), &s("abc")), Some(false), "no wildcards in ==");
    }

    #[test]
    fn numbers_compare_across_long_and_double() {
        assert_eq!(equals(&Value::Long(7), &Value::Double(7.0)), Some(true));
        assert_eq!(equals(&Value::Double(7.5), &Value::Long(7)), Some(false));
        assert_eq!(order(&Value::Long(-1), &Value::Double(-0.5)), Some(Ordering::Less));
        assert_eq!(order(&Value::Long(i64::MAX), &Value::Long(i64::MIN)), Some(Ordering::Greater));
        // The long widens to a double first, as Java does.
        assert_eq!(
            equals(&Value::Long(9_007_199_254_740_993), &Value::Double(9.007_199_254_740_992e15)),
            Some(true)
        );
    }

    #[test]
    fn doubles_compare_as_java_double_compare() {
        assert_eq!(equals(&Value::Double(f64::NAN), &Value::Double(f64::NAN)), Some(true));
        assert_eq!(
            order(&Value::Double(f64::NAN), &Value::Double(f64::INFINITY)),
            Some(Ordering::Greater)
        );
        assert_eq!(order(&Value::Double(1.0), &Value::Double(f64::NAN)), Some(Ordering::Less));
        assert_eq!(equals(&Value::Double(0.0), &Value::Double(-0.0)), Some(false));
        assert_eq!(order(&Value::Double(-0.0), &Value::Long(0)), Some(Ordering::Less));
        assert_eq!(equals(&Value::Long(0), &Value::Double(0.0)), Some(true));
    }

    #[test]
    fn null_compares_as_null() {
        assert_eq!(equals(&Value::Null, &Value::Long(1)), None);
        assert_eq!(equals(&s("a"), &Value::Null), None);
        assert_eq!(equals(&Value::Null, &Value::Null), None, "null == null is IS NULL, not this");
        assert_eq!(order(&Value::Null, &Value::Long(0)), None, "ES test exitCodeGteZero");
        assert!(is_null(&Value::Null));
        assert!(!is_null(&s("")));
    }

    #[test]
    fn mismatched_types_compare_as_null() {
        assert_eq!(equals(&s("1"), &Value::Long(1)), None);
        assert_eq!(equals(&Value::Bool(true), &Value::Long(1)), None);
        assert_eq!(order(&s("true"), &Value::Bool(true)), None);
        assert_eq!(equals_insensitive(&Value::Long(1), &Value::Long(1)), None);
    }

    #[test]
    fn booleans_order_false_first() {
        assert_eq!(order(&Value::Bool(false), &Value::Bool(true)), Some(Ordering::Less));
        assert_eq!(equals(&Value::Bool(true), &Value::Bool(true)), Some(true));
    }

    /// ES tests `processWithStringComparison1` to `7` and
    /// `processWithStringComparisonCaseSensitive1`,
    /// on the process names `System Idle Process` (event 1) and `System` (event 2).
    #[test]
    fn string_ranges_from_the_elasticsearch_specs() {
        let names = ["System Idle Process", "System"];
        let between = |low: &str, low_inclusive: bool, high: &str, high_inclusive: bool| {
            let mut ids = Vec::new();
            for (id, name) in names.iter().enumerate() {
                let above =
                    order(&s(name), &s(low)).map(|o| o.is_gt() || (low_inclusive && o.is_eq()));
                let below =
                    order(&s(name), &s(high)).map(|o| o.is_lt() || (high_inclusive && o.is_eq()));
                if above == Some(true) && below == Some(true) {
                    ids.push(id + 1);
                }
            }
            ids
        };
        assert_eq!(between("System", true, "System Idle Process", true), [1, 2]);
        assert_eq!(between("System", true, "System Idle Process", false), [2]);
        assert_eq!(between("System", false, "System Idle Process", true), [1]);
        assert_eq!(between("System", false, "System Idle Process", false), [] as [usize; 0]);
        assert_eq!(between("Syste", true, "Systez", true), [1, 2]);
        assert_eq!(between("System", false, "Systez", false), [1]);
        assert_eq!(between("System Idle Process", true, "System Idle Process", true), [1]);
        assert_eq!(
            between("system idle process", true, "System Idle Process", true),
            [] as [usize; 0]
        );
    }

    #[test]
    fn strings_order_by_utf16_code_units() {
        assert_eq!(order(&s("\u{FF21}"), &s("😀")), Some(Ordering::Greater));
    }

    /// ES tests `insensitiveInSingleArg`, `insensitiveInSingleArgPatternVerbatimMatch`,
    /// `insensitiveInSingleArgPatternQuestionMarkVerbatimMatch` and `insensitiveInMultipleArgs`.
    #[test]
    fn in_insensitive_is_verbatim() {
        assert_eq!(in_list_insensitive(&s("1"), &[s("1")]), Some(true));
        assert_eq!(in_list_insensitive(&s("12"), &[s("1*")]), Some(false));
        assert_eq!(in_list_insensitive(&s("12"), &[s("1?")]), Some(false));
        assert_eq!(in_list_insensitive(&s("1*"), &[s("1*")]), Some(true));
        assert_eq!(
            in_list_insensitive(&s("LSASS.exe"), &[s("wininit.exe"), s("lsass.exe")]),
            Some(true)
        );
        assert_eq!(
            in_list_insensitive(&s("lsass.exe"), &[s("winini*.exe"), s("lsass.e?e")]),
            Some(false)
        );
    }

    #[test]
    fn in_is_three_valued() {
        assert_eq!(in_list(&s("a"), &[s("b"), s("a")]), Some(true));
        assert_eq!(in_list(&s("A"), &[s("a")]), Some(false), "case-sensitive");
        assert_eq!(in_list(&s("a"), &[s("b")]), Some(false));
        assert_eq!(in_list(&s("a"), &[Value::Null, s("b")]), None);
        assert_eq!(in_list(&s("a"), &[Value::Null, s("a")]), Some(true));
        assert_eq!(in_list(&Value::Null, &[s("a")]), None);
        assert_eq!(in_list(&Value::Long(2), &[Value::Double(2.0)]), Some(true));
        assert_eq!(in_list(&s("a"), &[]), Some(false));
    }
}
