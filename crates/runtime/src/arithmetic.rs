//! Arithmetic: the operators `+ - * / %`, unary `-`, and the functions `add`, `subtract`,
//! `multiply`, `divide` and `modulo`, which are the same operations.
//!
//! Java's rules, as Elasticsearch's `Arithmetics` applies them: two `Long`s give a `Long`, with
//! overflow an error (`Math.addExact`), division truncating toward zero and the remainder taking
//! the dividend's sign (`-7 / 2 == -3`, `-10 % 6 == -4`, `10 % -6 == 4`); a `Double` on either
//! side makes the operation a `Double` one, where dividing by zero gives an infinity or NaN.
//! Null on either side gives null.
//
// FIXME: Elasticsearch keeps 32-bit `int`s apart from `long`s (a literal that fits 32 bits is an
// `int`), and `int` arithmetic overflows at 32 bits: `2147483647 + 1` fails there. `Value` has
// no `int`, so every whole number here is 64-bit.

use crate::functions::{EvalError, type_error};
use crate::value::Value;

/// A number taken from a value.
#[derive(Clone, Copy)]
enum Number {
    Long(i64),
    Double(f64),
}

/// Both operands as numbers: `None` if either is null, an error if either is not a number.
fn operands(
    function: &'static str,
    a: &Value,
    b: &Value,
) -> Result<Option<(Number, Number)>, EvalError> {
    if a.is_null() || b.is_null() {
        return Ok(None);
    }
    Ok(Some((number(function, a)?, number(function, b)?)))
}

fn number(function: &'static str, value: &Value) -> Result<Number, EvalError> {
    match value {
        Value::Long(value) => Ok(Number::Long(*value)),
        Value::Double(value) => Ok(Number::Double(*value)),
        Value::Null | Value::Bool(_) | Value::Str(_) => Err(type_error(function, "number", value)),
    }
}

fn as_double(number: Number) -> f64 {
    match number {
        Number::Long(value) => value as f64,
        Number::Double(value) => value,
    }
}

/// Applies `long` to two `Long`s, or `double` to both widened to `Double`.
fn apply(
    function: &'static str,
    a: &Value,
    b: &Value,
    long: impl FnOnce(i64, i64) -> Result<i64, EvalError>,
    double: impl FnOnce(f64, f64) -> f64,
) -> Result<Value<'static>, EvalError> {
    let Some((a, b)) = operands(function, a, b)? else { return Ok(Value::Null) };

    match (a, b) {
        (Number::Long(a), Number::Long(b)) => long(a, b).map(Value::Long),
        (Number::Long(_) | Number::Double(_), _) => {
            Ok(Value::Double(double(as_double(a), as_double(b))))
        }
    }
}

/// `a + b`, `add(a, b)`.
pub fn add(a: &Value, b: &Value) -> Result<Value<'static>, EvalError> {
    const NAME: &str = "add";
    let overflow = EvalError::Overflow { function: NAME };
    apply(NAME, a, b, |a, b| a.checked_add(b).ok_or(overflow), |a, b| a + b)
}

/// `a - b`, `subtract(a, b)`.
pub fn subtract(a: &Value, b: &Value) -> Result<Value<'static>, EvalError> {
    const NAME: &str = "subtract";
    let overflow = EvalError::Overflow { function: NAME };
    apply(NAME, a, b, |a, b| a.checked_sub(b).ok_or(overflow), |a, b| a - b)
}

/// `a * b`, `multiply(a, b)`.
pub fn multiply(a: &Value, b: &Value) -> Result<Value<'static>, EvalError> {
    const NAME: &str = "multiply";
    let overflow = EvalError::Overflow { function: NAME };
    apply(NAME, a, b, |a, b| a.checked_mul(b).ok_or(overflow), |a, b| a * b)
}

/// `a / b`, `divide(a, b)`: whole numbers truncate toward zero (`divide(-7, 2) == -3`; Java's
/// `Long.MIN_VALUE / -1` wraps to `Long.MIN_VALUE`); dividing a whole number by zero is an error.
pub fn divide(a: &Value, b: &Value) -> Result<Value<'static>, EvalError> {
    const NAME: &str = "divide";
    let long = |a: i64, b: i64| {
        if b == 0 {
            Err(EvalError::DivisionByZero { function: NAME })
        } else {
            Ok(a.wrapping_div(b))
        }
    };
    apply(NAME, a, b, long, |a, b| a / b)
}

/// `a % b`, `modulo(a, b)`: Java's remainder, with the sign of the dividend
/// (`modulo(-10, 6) == -4`, `modulo(10, -6) == 4`, `modulo(10, 0.5) == 0.0`); a whole-number
/// remainder by zero is an error.
pub fn modulo(a: &Value, b: &Value) -> Result<Value<'static>, EvalError> {
    const NAME: &str = "modulo";
    let long = |a: i64, b: i64| {
        if b == 0 {
            Err(EvalError::DivisionByZero { function: NAME })
        } else {
            Ok(a.wrapping_rem(b))
        }
    };
    apply(NAME, a, b, long, |a, b| a % b)
}

/// Unary `-a`. Negating `Long.MIN_VALUE` overflows; and, as in Elasticsearch, so does negating
/// the smallest positive double (`Double.MIN_VALUE`, 4.9E-324), which its `negate` rejects.
pub fn negate(a: &Value) -> Result<Value<'static>, EvalError> {
    const NAME: &str = "negate";
    if a.is_null() {
        return Ok(Value::Null);
    }

    match number(NAME, a)? {
        Number::Long(value) => {
            value.checked_neg().map(Value::Long).ok_or(EvalError::Overflow { function: NAME })
        }
        Number::Double(value) if value == f64::from_bits(1) => {
            Err(EvalError::Overflow { function: NAME })
        }
        Number::Double(value) => Ok(Value::Double(-value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NULL: Value<'static> = Value::Null;

    fn long(value: i64) -> Value<'static> {
        Value::Long(value)
    }

    fn double(value: f64) -> Value<'static> {
        Value::Double(value)
    }

    /// Documentation examples of `add` and ES tests `twoAdds`, `additionalMathWithFields3`.
    #[test]
    fn add_examples() {
        assert_eq!(add(&long(4), &long(5)), Ok(long(9)));
        assert_eq!(add(&long(4), &double(0.5)), Ok(double(4.5)));
        assert_eq!(add(&double(0.5), &double(0.25)), Ok(double(0.75)));
        assert_eq!(add(&long(4), &long(-2)), Ok(long(2)));
        assert_eq!(add(&long(-2), &long(-2)), Ok(long(-4)));
        assert_eq!(add(&long(1), &long(82)), Ok(long(83)));
        assert_eq!(add(&NULL, &long(4)), Ok(NULL));
        assert_eq!(add(&long(4), &NULL), Ok(NULL));
    }

    /// ES tests `subtract`, `additionalMathWithFields2`, `fieldMath1`.
    #[test]
    fn subtract_examples() {
        assert_eq!(subtract(&long(1), &long(-5)), Ok(long(6)));
        assert_eq!(subtract(&long(83), &long(82)), Ok(long(1)));
        assert_eq!(subtract(&long(82), &long(1)), Ok(long(81)));
        assert_eq!(subtract(&double(0.5), &long(1)), Ok(double(-0.5)));
    }

    /// ES tests `multiplyAndDivide`, `fieldMath3`, `additionalMathWithFields5`.
    #[test]
    fn multiply_examples() {
        assert_eq!(multiply(&long(6), &long(5)), Ok(long(30)));
        assert_eq!(multiply(&long(2), &long(82)), Ok(long(164)));
        assert_eq!(multiply(&double(1.5), &long(2)), Ok(double(3.0)));
    }

    /// Documentation examples of `divide` and ES tests `multiplyAndDivide`, `fieldMath4` and
    /// `5`, `additionalMathWithFields1` and `6`.
    #[test]
    fn divide_examples() {
        assert_eq!(divide(&long(4), &long(2)), Ok(long(2)));
        assert_eq!(divide(&long(4), &long(3)), Ok(long(1)));
        assert_eq!(divide(&long(4), &double(3.0)), Ok(double(4.0 / 3.0)));
        assert_eq!(divide(&long(4), &double(0.5)), Ok(double(8.0)));
        assert_eq!(divide(&double(0.5), &long(4)), Ok(double(0.125)));
        assert_eq!(divide(&double(0.5), &double(0.25)), Ok(double(2.0)));
        assert_eq!(divide(&long(4), &long(-2)), Ok(long(-2)));
        assert_eq!(divide(&long(-4), &long(-2)), Ok(long(2)));
        assert_eq!(divide(&long(30), &double(4.0)), Ok(double(7.5)));
        assert_eq!(divide(&long(82), &long(2)), Ok(long(41)));
        assert_eq!(divide(&long(83), &long(2)), Ok(long(41)));
        assert_eq!(divide(&long(83), &double(2.0)), Ok(double(41.5)));
        assert_eq!(divide(&double(66.0), &long(66)), Ok(double(1.0)));
        assert_eq!(divide(&NULL, &long(4)), Ok(NULL));
        assert_eq!(divide(&long(4), &NULL), Ok(NULL));
    }

    /// Java truncates where Python floors.
    #[test]
    fn divide_truncates_toward_zero() {
        assert_eq!(divide(&long(-7), &long(2)), Ok(long(-3)));
        assert_eq!(divide(&long(7), &long(-2)), Ok(long(-3)));
        assert_eq!(divide(&long(i64::MIN), &long(-1)), Ok(long(i64::MIN)), "Java wraps");
    }

    #[test]
    fn division_by_zero() {
        assert_eq!(
            divide(&long(1), &long(0)),
            Err(EvalError::DivisionByZero { function: "divide" })
        );
        assert_eq!(
            modulo(&long(1), &long(0)),
            Err(EvalError::DivisionByZero { function: "modulo" })
        );
        assert_eq!(divide(&double(1.0), &long(0)), Ok(double(f64::INFINITY)));
        assert_eq!(divide(&long(-1), &double(0.0)), Ok(double(f64::NEG_INFINITY)));
        assert!(
            matches!(divide(&double(0.0), &long(0)), Ok(Value::Double(value)) if value.is_nan())
        );
        assert!(
            matches!(modulo(&double(1.0), &long(0)), Ok(Value::Double(value)) if value.is_nan())
        );
    }

    /// Documentation examples of `modulo`, ES tests `moduloEqualsField` and `fieldMath6`, and
    /// Java's remainder against Python's modulo.
    #[test]
    fn modulo_takes_the_sign_of_the_dividend() {
        assert_eq!(modulo(&long(10), &long(6)), Ok(long(4)));
        assert_eq!(modulo(&long(10), &long(-6)), Ok(long(4)));
        assert_eq!(modulo(&long(-10), &long(6)), Ok(long(-4)));
        assert_eq!(modulo(&long(-10), &long(-6)), Ok(long(-4)));
        assert_eq!(modulo(&long(10), &double(0.5)), Ok(double(0.0)));
        assert_eq!(modulo(&double(-10.5), &long(3)), Ok(double(-1.5)));
        assert_eq!(modulo(&long(11), &long(10)), Ok(long(1)));
        assert_eq!(modulo(&long(82), &long(40)), Ok(long(2)));
        assert_eq!(modulo(&long(i64::MIN), &long(-1)), Ok(long(0)));
        assert_eq!(modulo(&NULL, &long(3)), Ok(NULL));
    }

    #[test]
    fn long_overflow_is_an_error() {
        assert_eq!(add(&long(i64::MAX), &long(1)), Err(EvalError::Overflow { function: "add" }));
        assert_eq!(
            subtract(&long(i64::MIN), &long(1)),
            Err(EvalError::Overflow { function: "subtract" })
        );
        assert_eq!(
            multiply(&long(i64::MAX), &long(2)),
            Err(EvalError::Overflow { function: "multiply" })
        );
        assert_eq!(add(&double(f64::MAX), &double(f64::MAX)), Ok(double(f64::INFINITY)));
    }

    /// ES test `additionalMathWithFields4`: `-serial_event_id + 100 == 18` for event 82.
    #[test]
    fn negation() {
        assert_eq!(add(&negate(&long(82)).unwrap(), &long(100)), Ok(long(18)));
        assert_eq!(negate(&double(1.5)), Ok(double(-1.5)));
        assert_eq!(negate(&NULL), Ok(NULL));
        assert_eq!(negate(&long(i64::MIN)), Err(EvalError::Overflow { function: "negate" }));
        assert_eq!(
            negate(&double(f64::from_bits(1))),
            Err(EvalError::Overflow { function: "negate" })
        );
        assert_eq!(negate(&double(-f64::from_bits(1))), Ok(double(f64::from_bits(1))));
    }

    /// ES test `additionalMathWithFields7`:
    /// `serial_event_id + ((1 + 3) * 2 / (3 - 1)) * 2 == 54 or 70 + serial_event_id < 100`.
    #[test]
    fn nested_expression_from_the_elasticsearch_specs() {
        let compute = |id: i64| {
            let inner = divide(
                &multiply(&add(&long(1), &long(3))?, &long(2))?,
                &subtract(&long(3), &long(1))?,
            )?;
            add(&long(id), &multiply(&inner, &long(2))?)
        };
        let ids: Vec<i64> = (1..=98)
            .filter(|id| {
                compute(*id) == Ok(long(54))
                    || add(&long(70), &long(*id)).is_ok_and(|sum| sum.as_long() < Some(100))
            })
            .collect();
        let mut expected: Vec<i64> = (1..=29).collect();
        expected.push(46);
        assert_eq!(ids, expected);
    }

    #[test]
    fn operands_must_be_numbers() {
        assert!(matches!(
            add(&Value::str("1"), &long(1)),
            Err(EvalError::Type { expected: "number", .. })
        ));
        assert!(matches!(divide(&long(1), &Value::Bool(true)), Err(EvalError::Type { .. })));
        assert!(matches!(negate(&Value::str("1")), Err(EvalError::Type { .. })));
    }

    trait AsLong {
        fn as_long(&self) -> Option<i64>;
    }

    impl AsLong for Value<'_> {
        fn as_long(&self) -> Option<i64> {
            match self {
                Value::Long(value) => Some(*value),
                Value::Null | Value::Bool(_) | Value::Double(_) | Value::Str(_) => None,
            }
        }
    }
}
