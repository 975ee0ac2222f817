//! Calling an EQL function: the plan names it, the runtime defines it; this
//! maps one to the other and fills in omitted optional arguments the way
//! Elasticsearch does.

use ruleproof_eql::ast::Function;
use ruleproof_runtime::arithmetic;
use ruleproof_runtime::functions::{self, EvalError};
use ruleproof_runtime::value::Value;

/// Applies `function` to `args`; arity was checked when the query parsed.
pub(crate) fn call<'a>(
    function: Function,
    case_insensitive: bool,
    args: &[Value<'a>],
) -> Result<Value<'a>, EvalError> {
    let arg = |index: usize| args.get(index).cloned().unwrap_or(Value::Null);
    match function {
        Function::Add => arithmetic::add(&arg(0), &arg(1)),
        Function::Subtract => arithmetic::subtract(&arg(0), &arg(1)),
        Function::Multiply => arithmetic::multiply(&arg(0), &arg(1)),
        Function::Divide => arithmetic::divide(&arg(0), &arg(1)),
        Function::Modulo => arithmetic::modulo(&arg(0), &arg(1)),
        Function::Between => {
            let greedy = args.get(3).cloned().unwrap_or(Value::Bool(false));
            functions::between(&arg(0), &arg(1), &arg(2), &greedy, case_insensitive)
        }
        Function::CidrMatch => functions::cidr_match(&arg(0), &args[1.min(args.len())..]),
        Function::Concat => Ok(functions::concat(args)),
        Function::EndsWith => functions::ends_with(&arg(0), &arg(1), case_insensitive),
        Function::StartsWith => functions::starts_with(&arg(0), &arg(1), case_insensitive),
        Function::StringContains => functions::string_contains(&arg(0), &arg(1), case_insensitive),
        Function::IndexOf => functions::index_of(&arg(0), &arg(1), &arg(2), case_insensitive),
        Function::Length => functions::length(&arg(0)),
        Function::Number => functions::number(&arg(0), &arg(1)),
        Function::String => Ok(functions::string(&arg(0))),
        Function::Substring => functions::substring(&arg(0), &arg(1), &arg(2)),
    }
}
