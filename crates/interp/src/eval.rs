//! Evaluating compiled conditions on one event, with Elasticsearch's
//! semantics: predicates hold when any value of a multi-valued field
//! satisfies them, nulls propagate inside a predicate, and [`Logic`] decides
//! how predicate results combine.

use std::borrow::Cow;
use std::cell::Cell;
use std::cmp::Ordering;

use ruleproof_eql::plan::Comparison;
use ruleproof_runtime::compare;
use ruleproof_runtime::event::{Event, FieldValues};
use ruleproof_runtime::logic::{Logic, Truth};
use ruleproof_runtime::value::Value;

use crate::compile::{CCond, CExpr, CPredicate, millis};
use crate::functions::call;

/// Most value combinations one predicate tries on multi-valued fields;
/// beyond it the rest are not evaluated and the predicate counts an error.
const MAX_COMBINATIONS: usize = 4096;

/// The values an expression takes on one event. Most expressions take one, which is held
/// without allocating, as a single-valued field's is.
type Values<'e> = FieldValues<'e>;

/// What evaluation needs besides the event.
pub(crate) struct Evaluator<'a> {
    /// How predicate results combine.
    pub logic: Logic,
    /// The field `process where` tests.
    pub category_field: &'a str,
    /// Evaluation errors (overflow, division by zero, too many combinations),
    /// each of which Elasticsearch would report as a failed query.
    pub errors: &'a Cell<u64>,
}

impl Evaluator<'_> {
    /// Whether `event` passes `cond`.
    pub fn matches(&self, cond: &CCond, event: &Event) -> bool {
        self.cond(cond, event, self.logic).is_true()
    }

    fn cond(&self, cond: &CCond, event: &Event, logic: Logic) -> Truth {
        match cond {
            CCond::Const(value) => Truth::from_bool(*value),
            CCond::Category(name) => {
                let field = event.field(self.category_field);
                Truth::from_bool(field.iter().any(|value| value.as_str() == Some(name)))
            }
            CCond::And(parts) => {
                let mut truth = Truth::True;
                for part in parts {
                    truth = truth.and(self.cond(part, event, logic));
                    if truth == Truth::False {
                        break;
                    }
                }
                truth
            }
            CCond::Or(parts) => {
                let mut truth = Truth::False;
                for part in parts {
                    truth = truth.or(self.cond(part, event, logic));
                    if truth == Truth::True {
                        break;
                    }
                }
                truth
            }
            CCond::Not(inner) => !self.cond(inner, event, logic),
            CCond::Predicate(predicate) => logic.predicate(self.predicate(predicate, event)),
        }
    }

    /// One predicate in three-valued logic: true when some combination of
    /// values satisfies it, else unknown when some value was null.
    fn predicate(&self, predicate: &CPredicate, event: &Event) -> Truth {
        match predicate {
            CPredicate::Compare(comparison, left, right) => {
                let (left, right) = (self.values(left, event), self.values(right, event));
                any(left
                    .iter()
                    .flat_map(|a| right.iter().map(move |b| compare_values(*comparison, a, b))))
            }
            CPredicate::IsNull(value) => {
                Truth::from_bool(self.values(value, event).iter().all(Value::is_null))
            }
            CPredicate::In { value, set, case_insensitive } => {
                let members: Vec<Value> =
                    set.iter().flat_map(|member| self.values(member, event)).collect();
                any(self.values(value, event).iter().map(|candidate| {
                    any(members.iter().map(|member| {
                        let equal = if *case_insensitive {
                            compare::equals_insensitive(candidate, member)
                        } else {
                            compare::equals(candidate, member)
                        };
                        truth_of(equal)
                    }))
                }))
            }
            CPredicate::Wildcard { value, matchers } => {
                any(self.values(value, event).iter().map(|value| match value {
                    Value::Null => Truth::Unknown,
                    Value::Str(text) => {
                        Truth::from_bool(matchers.iter().any(|matcher| matcher.matches(text)))
                    }
                    Value::Bool(_) | Value::Long(_) | Value::Double(_) => {
                        let text = value.to_string();
                        Truth::from_bool(matchers.iter().any(|matcher| matcher.matches(&text)))
                    }
                }))
            }
            CPredicate::Regex { value, regex } => {
                any(self.values(value, event).iter().map(|value| match value {
                    Value::Null => Truth::Unknown,
                    Value::Str(text) => Truth::from_bool(regex.is_match(text)),
                    Value::Bool(_) | Value::Long(_) | Value::Double(_) => {
                        Truth::from_bool(regex.is_match(&value.to_string()))
                    }
                }))
            }
            CPredicate::Truthy(value) => {
                any(self.values(value, event).iter().map(|value| match value {
                    Value::Null => Truth::Unknown,
                    Value::Bool(flag) => Truth::from_bool(*flag),
                    Value::Long(_) | Value::Double(_) | Value::Str(_) => Truth::False,
                }))
            }
        }
    }

    /// Every value `expr` takes on `event`: one per value of a multi-valued
    /// field, one per combination for a call; `[Null]` when there is none.
    fn values<'e>(&self, expr: &'e CExpr, event: &'e Event) -> Values<'e> {
        match expr {
            CExpr::Literal(value) => Values::from(borrowed(value)),
            CExpr::Field { name, date: true } => Values::from(match event.timestamp(name) {
                Ok(instant) => Value::Long(millis(instant)),
                Err(_) => Value::Null,
            }),
            CExpr::Field { name, date: false } => {
                let values = event.field(name);
                if values.is_empty() { Values::from(Value::Null) } else { values }
            }
            CExpr::Call { function, case_insensitive, args } => {
                let arg_values: Vec<Vec<Value<'e>>> =
                    args.iter().map(|arg| self.values(arg, event).into_iter().collect()).collect();
                let mut results = Vec::new();
                for combination in Combinations::new(&arg_values) {
                    if results.len() == MAX_COMBINATIONS {
                        self.errors.set(self.errors.get() + 1);
                        break;
                    }
                    match call(*function, *case_insensitive, &combination) {
                        Ok(value) => results.push(value),
                        Err(_) => {
                            self.errors.set(self.errors.get() + 1);
                            results.push(Value::Null);
                        }
                    }
                }
                results.into_iter().collect()
            }
            CExpr::Cond(cond) => {
                // A condition inside an expression runs as a script in
                // Elasticsearch, where nulls propagate through `not` too.
                Values::from(match self.cond(cond, event, Logic::ThreeValued) {
                    Truth::True => Value::Bool(true),
                    Truth::False => Value::Bool(false),
                    Truth::Unknown => Value::Null,
                })
            }
        }
    }
}

/// A constant of the plan as a value borrowing its string, which spares copying the string on
/// every event.
fn borrowed<'e>(value: &'e Value<'_>) -> Value<'e> {
    match value {
        Value::Null => Value::Null,
        Value::Bool(flag) => Value::Bool(*flag),
        Value::Long(number) => Value::Long(*number),
        Value::Double(number) => Value::Double(*number),
        Value::Str(text) => Value::Str(Cow::Borrowed(text)),
    }
}

/// True if any is true; else unknown if any is unknown; else false.
fn any(truths: impl IntoIterator<Item = Truth>) -> Truth {
    let mut result = Truth::False;
    for truth in truths {
        result = result.or(truth);
        if result == Truth::True {
            break;
        }
    }
    result
}

fn truth_of(value: Option<bool>) -> Truth {
    match value {
        Some(flag) => Truth::from_bool(flag),
        None => Truth::Unknown,
    }
}

fn compare_values(comparison: Comparison, a: &Value, b: &Value) -> Truth {
    match comparison {
        Comparison::Eq => truth_of(compare::equals(a, b)),
        Comparison::Lt => truth_of(compare::order(a, b).map(|order| order == Ordering::Less)),
        Comparison::LtEq => truth_of(compare::order(a, b).map(|order| order != Ordering::Greater)),
        Comparison::Gt => truth_of(compare::order(a, b).map(|order| order == Ordering::Greater)),
        Comparison::GtEq => truth_of(compare::order(a, b).map(|order| order != Ordering::Less)),
    }
}

/// The cartesian product of argument values, as owned argument lists.
struct Combinations<'v, 'e> {
    choices: &'v [Vec<Value<'e>>],
    next: Option<Vec<usize>>,
}

impl<'v, 'e> Combinations<'v, 'e> {
    fn new(choices: &'v [Vec<Value<'e>>]) -> Self {
        let start = choices.iter().all(|values| !values.is_empty()).then(|| vec![0; choices.len()]);
        Combinations { choices, next: start }
    }
}

impl<'e> Iterator for Combinations<'_, 'e> {
    type Item = Vec<Value<'e>>;

    fn next(&mut self) -> Option<Self::Item> {
        let indexes = self.next.as_mut()?;
        let item = indexes.iter().zip(self.choices).map(|(&i, values)| values[i].clone()).collect();

        let mut position = indexes.len();
        loop {
            if position == 0 {
                self.next = None;
                break;
            }
            position -= 1;
            indexes[position] += 1;
            if indexes[position] < self.choices[position].len() {
                break;
            }
            indexes[position] = 0;
        }
        Some(item)
    }
}
