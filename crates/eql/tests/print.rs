//! The canonical printer, specified on hand-built trees: one test per precedence rule,
//! then literals, names and the layout of whole queries.
//!
//! The round trip through the parser over generated trees lives in the root package's
//! `tests/roundtrip.rs`, which can turn on the `arbitrary` feature.

use ruleproof_diagnostics::Span;
use ruleproof_eql::ast::{
    ArithmeticOp, Call, Category, CompareOp, EventQuery, Expr, ExprKind, Field, Function, InExpr,
    Literal, LogicalOp, MatchExpr, MatchOp, Maxspan, Pattern, Pipe, PipeKind, Presence, Query,
    QueryBody, Runs, Sample, SampleStage, Sequence, SequenceStage, TimeUnit, UnaryOp, UntilStage,
};
use ruleproof_eql::print;

fn expr(kind: ExprKind) -> Expr {
    Expr { kind, span: Span::default() }
}

fn field(name: &str) -> Expr {
    expr(ExprKind::Field(key(name)))
}

fn key(name: &str) -> Field {
    Field { name: name.to_string(), optional: false, span: Span::default() }
}

fn int(value: i64) -> Expr {
    expr(ExprKind::Literal(Literal::Integer(value)))
}

fn float(value: f64) -> Expr {
    expr(ExprKind::Literal(Literal::Float(value)))
}

fn string(value: &str) -> Expr {
    expr(ExprKind::Literal(Literal::String(value.to_string())))
}

fn yes() -> Expr {
    expr(ExprKind::Literal(Literal::Bool(true)))
}

fn and(left: Expr, right: Expr) -> Expr {
    expr(ExprKind::Logical(LogicalOp::And, Box::new(left), Box::new(right)))
}

fn or(left: Expr, right: Expr) -> Expr {
    expr(ExprKind::Logical(LogicalOp::Or, Box::new(left), Box::new(right)))
}

fn not(operand: Expr) -> Expr {
    expr(ExprKind::Not(Box::new(operand)))
}

fn compare(op: CompareOp, left: Expr, right: Expr) -> Expr {
    expr(ExprKind::Compare(op, Box::new(left), Box::new(right)))
}

fn arithmetic(op: ArithmeticOp, left: Expr, right: Expr) -> Expr {
    expr(ExprKind::Arithmetic(op, Box::new(left), Box::new(right)))
}

fn unary(op: UnaryOp, operand: Expr) -> Expr {
    expr(ExprKind::Unary(op, Box::new(operand)))
}

fn member(operand: Expr, values: Vec<Expr>, case_insensitive: bool, negated: bool) -> Expr {
    let operand = Box::new(operand);
    expr(ExprKind::In(InExpr { operand, values, case_insensitive, negated }))
}

fn matches(operand: Expr, op: MatchOp, patterns: &[&str]) -> Expr {
    let patterns = patterns
        .iter()
        .map(|text| Pattern { value: Literal::String(text.to_string()), span: Span::default() })
        .collect();
    expr(ExprKind::Match(MatchExpr { operand: Box::new(operand), op, patterns }))
}

fn call(function: Function, case_insensitive: bool, args: Vec<Expr>) -> Expr {
    expr(ExprKind::Call(Call { function, case_insensitive, args, name_span: Span::default() }))
}

fn event(category: &str, condition: Expr) -> EventQuery {
    let category = Category::Named(category.to_string(), Span::default());
    EventQuery { category, condition, span: Span::default() }
}

fn query(body: QueryBody) -> Query {
    Query { body, pipes: Vec::new(), span: Span::default() }
}

/// The printed condition of `any where <condition>`.
fn show(condition: Expr) -> String {
    let category = Category::Any(Span::default());
    let printed =
        print(&query(QueryBody::Event(EventQuery { category, condition, span: Span::default() })));
    printed.strip_prefix("any where ").expect("an event query prints its category first").into()
}

#[test]
fn and_binds_tighter_than_or() {
    assert_eq!(show(or(field("a"), and(field("b"), field("c")))), "a or b and c");
    assert_eq!(show(and(or(field("a"), field("b")), field("c"))), "(a or b) and c");
    assert_eq!(show(and(field("a"), or(field("b"), field("c")))), "a and (b or c)");
}

#[test]
fn logical_operators_are_left_associative() {
    assert_eq!(show(and(and(field("a"), field("b")), field("c"))), "a and b and c");
    assert_eq!(show(and(field("a"), and(field("b"), field("c")))), "a and (b and c)");
    assert_eq!(show(or(or(field("a"), field("b")), field("c"))), "a or b or c");
    assert_eq!(show(or(field("a"), or(field("b"), field("c")))), "a or (b or c)");
}

#[test]
fn not_binds_looser_than_a_comparison_and_tighter_than_and() {
    let x_is_1 = || compare(CompareOp::Eq, field("x"), int(1));

    assert_eq!(show(not(x_is_1())), "not x == 1");
    assert_eq!(show(not(and(field("a"), field("b")))), "not (a and b)");
    assert_eq!(show(and(not(field("a")), field("b"))), "not a and b");
    assert_eq!(show(or(field("a"), not(field("b")))), "a or not b");
    assert_eq!(show(not(not(field("a")))), "not not a");
    assert_eq!(show(compare(CompareOp::Eq, not(field("a")), yes())), "(not a) == true");
}

#[test]
fn a_comparison_never_chains() {
    let x_below_1 = compare(CompareOp::Lt, field("x"), int(1));
    let y_at_least_2 = compare(CompareOp::GtEq, field("y"), int(2));

    assert_eq!(show(compare(CompareOp::Eq, x_below_1, yes())), "(x < 1) == true");
    assert_eq!(show(compare(CompareOp::NotEq, yes(), y_at_least_2)), "true != (y >= 2)");
}

#[test]
fn arithmetic_binds_tighter_than_a_comparison() {
    let sum = arithmetic(ArithmeticOp::Add, field("a"), int(1));

    assert_eq!(show(compare(CompareOp::Gt, sum, int(2))), "a + 1 > 2");
}

#[test]
fn products_bind_tighter_than_sums() {
    let sum = || arithmetic(ArithmeticOp::Add, field("a"), field("b"));
    let product = || arithmetic(ArithmeticOp::Multiply, field("b"), field("c"));

    assert_eq!(show(arithmetic(ArithmeticOp::Multiply, sum(), field("c"))), "(a + b) * c");
    assert_eq!(show(arithmetic(ArithmeticOp::Add, field("a"), product())), "a + b * c");
    assert_eq!(show(arithmetic(ArithmeticOp::Remainder, field("a"), sum())), "a % (a + b)");
}

#[test]
fn arithmetic_is_left_associative() {
    let difference = || arithmetic(ArithmeticOp::Subtract, field("a"), field("b"));
    let quotient = || arithmetic(ArithmeticOp::Divide, field("a"), field("b"));

    let left = arithmetic(ArithmeticOp::Subtract, difference(), field("c"));
    assert_eq!(show(left), "a - b - c");
    let right = arithmetic(ArithmeticOp::Subtract, field("c"), difference());
    assert_eq!(show(right), "c - (a - b)");
    let mixed = arithmetic(ArithmeticOp::Multiply, field("c"), quotient());
    assert_eq!(show(mixed), "c * (a / b)");
    let mixed = arithmetic(ArithmeticOp::Divide, quotient(), field("c"));
    assert_eq!(show(mixed), "a / b / c");
}

#[test]
fn unary_operators_bind_tighter_than_products() {
    let negated = unary(UnaryOp::Negate, field("a"));
    assert_eq!(show(arithmetic(ArithmeticOp::Multiply, negated, field("b"))), "-a * b");

    let sum = arithmetic(ArithmeticOp::Add, field("a"), field("b"));
    assert_eq!(show(unary(UnaryOp::Negate, sum)), "-(a + b)");

    let product = arithmetic(ArithmeticOp::Multiply, field("a"), field("b"));
    assert_eq!(show(unary(UnaryOp::Plus, product)), "+(a * b)");

    let negated = unary(UnaryOp::Negate, int(1));
    assert_eq!(show(arithmetic(ArithmeticOp::Subtract, field("a"), negated)), "a - -1");
}

#[test]
fn a_sign_never_touches_the_same_sign() {
    assert_eq!(show(unary(UnaryOp::Negate, unary(UnaryOp::Negate, int(1)))), "- -1");
    assert_eq!(show(unary(UnaryOp::Plus, unary(UnaryOp::Plus, int(1)))), "+ +1");
    assert_eq!(show(unary(UnaryOp::Negate, unary(UnaryOp::Plus, int(1)))), "-+1");
    assert_eq!(show(unary(UnaryOp::Plus, unary(UnaryOp::Negate, int(1)))), "+-1");
}

#[test]
fn negative_numbers_print_as_negations() {
    assert_eq!(show(unary(UnaryOp::Negate, int(-5))), "- -5");
    assert_eq!(show(unary(UnaryOp::Negate, float(-0.5))), "- -0.5");
    assert_eq!(show(arithmetic(ArithmeticOp::Multiply, int(-5), field("a"))), "-5 * a");
    assert_eq!(show(member(int(-5), vec![int(1)], false, false)), "(-5) in (1)");
}

#[test]
fn a_predicate_takes_only_a_primary_operand() {
    let sum = arithmetic(ArithmeticOp::Add, field("a"), field("b"));
    assert_eq!(show(matches(sum, MatchOp::Colon, &["x"])), r#"(a + b) : "x""#);

    let negated = unary(UnaryOp::Negate, field("a"));
    assert_eq!(show(member(negated, vec![int(1), int(2)], false, false)), "(-a) in (1, 2)");

    let inner = member(field("a"), vec![int(1)], false, false);
    assert_eq!(show(member(inner, vec![yes()], false, true)), "(a in (1)) not in (true)");

    let length = call(Function::Length, false, vec![field("a")]);
    assert_eq!(show(matches(length, MatchOp::Like, &["1*"])), r#"length(a) like "1*""#);
}

#[test]
fn a_predicate_binds_tighter_than_a_sign() {
    let inside = member(field("a"), vec![int(1)], false, false);
    assert_eq!(show(unary(UnaryOp::Negate, inside)), "-a in (1)");
}

#[test]
fn membership_spells_negation_and_case() {
    let values = || vec![string("a"), string("b")];

    assert_eq!(show(member(field("x"), values(), false, false)), r#"x in ("a", "b")"#);
    assert_eq!(show(member(field("x"), values(), true, false)), r#"x in~ ("a", "b")"#);
    assert_eq!(show(member(field("x"), values(), false, true)), r#"x not in ("a", "b")"#);
    assert_eq!(show(member(field("x"), values(), true, true)), r#"x not in~ ("a", "b")"#);
}

#[test]
fn one_pattern_goes_bare_and_several_in_parentheses() {
    assert_eq!(show(matches(field("x"), MatchOp::Colon, &["a*"])), r#"x : "a*""#);
    let several = matches(field("x"), MatchOp::LikeInsensitive, &["a*", "?b"]);
    assert_eq!(show(several), r#"x like~ ("a*", "?b")"#);
    assert_eq!(show(matches(field("x"), MatchOp::Regex, &[".*"])), r#"x regex ".*""#);
    assert_eq!(show(matches(field("x"), MatchOp::RegexInsensitive, &["a"])), r#"x regex~ "a""#);
}

#[test]
fn functions_use_their_canonical_name() {
    let starts = call(Function::StartsWith, true, vec![field("x"), string("a")]);
    assert_eq!(show(starts), r#"startsWith~(x, "a")"#);

    let cidr = call(Function::CidrMatch, false, vec![field("ip"), string("10.0.0.0/8")]);
    assert_eq!(show(cidr), r#"cidrMatch(ip, "10.0.0.0/8")"#);

    let sum = arithmetic(ArithmeticOp::Add, int(1), int(2));
    let nested = call(Function::Length, false, vec![call(Function::String, false, vec![sum])]);
    assert_eq!(show(nested), "length(string(1 + 2))");
}

#[test]
fn strings_escape_quotes_backslashes_and_controls() {
    assert_eq!(show(string(r#"a"b\c"#)), r#""a\"b\\c""#);
    assert_eq!(show(string("\n\r\t")), r#""\n\r\t""#);
    assert_eq!(show(string("\u{1}\u{7f}")), r#""\u{01}\u{7F}""#);
    assert_eq!(show(string("日本 🦀 *?")), r#""日本 🦀 *?""#);
    assert_eq!(show(string("")), r#""""#);
}

#[test]
fn numbers_read_back_as_the_same_kind() {
    assert_eq!(show(int(0)), "0");
    assert_eq!(show(int(i64::MAX)), "9223372036854775807");
    assert_eq!(show(float(1.0)), "1.0");
    assert_eq!(show(float(0.1)), "0.1");
    assert_eq!(show(float(1e300)), "1e300");
    assert_eq!(show(float(1e-7)), "1e-7");
    assert_eq!(show(float(1e16)), "1e16");
}

#[test]
fn fields_go_bare_only_when_every_segment_is_an_identifier() {
    assert_eq!(show(field("process.name")), "process.name");
    assert_eq!(show(field("@timestamp")), "@timestamp");
    assert_eq!(show(field("my-field.name")), "`my-field.name`");
    assert_eq!(show(field("process.in")), "`process.in`");
    assert_eq!(show(field("a`b")), "`a``b`");
    assert_eq!(show(field("1x")), "`1x`");

    let optional = Field { name: "dll.name".into(), optional: true, span: Span::default() };
    assert_eq!(show(expr(ExprKind::Field(optional))), "?dll.name");
    let optional = Field { name: "a b".into(), optional: true, span: Span::default() };
    assert_eq!(show(expr(ExprKind::Field(optional))), "?`a b`");
}

#[test]
fn categories_are_quoted_unless_plain() {
    let printed = |category: &str| print(&query(QueryBody::Event(event(category, yes()))));

    assert_eq!(printed("process"), "process where true");
    assert_eq!(printed("any"), r#""any" where true"#);
    assert_eq!(printed("my-cat"), r#""my-cat" where true"#);
    assert_eq!(printed("a\"b"), r#""a\"b" where true"#);
}

#[test]
fn a_sequence_puts_each_stage_on_its_own_line() {
    let stage = |presence, category, by: &[&str], runs: Option<u32>| SequenceStage {
        presence,
        query: event(category, yes()),
        by: by.iter().map(|name| key(name)).collect(),
        runs: runs.map(|count| Runs { count, span: Span::default() }),
        span: Span::default(),
    };
    let sequence = Sequence {
        by: vec![key("host.id"), key("user.name")],
        maxspan: Some(Maxspan { value: 30, unit: TimeUnit::Seconds, span: Span::default() }),
        stages: vec![
            stage(Presence::Present, "process", &["process.pid"], Some(3)),
            stage(Presence::Missing, "file", &["process.pid"], None),
            stage(Presence::Present, "network", &["source.pid"], None),
        ],
        until: Some(UntilStage {
            query: event("process", compare(CompareOp::Eq, field("event.type"), string("end"))),
            by: vec![key("process.pid")],
            span: Span::default(),
        }),
        span: Span::default(),
    };
    let pipes = vec![
        Pipe { kind: PipeKind::Head, count: 5, span: Span::default() },
        Pipe { kind: PipeKind::Tail, count: 1, span: Span::default() },
    ];

    let printed =
        print(&Query { body: QueryBody::Sequence(sequence), pipes, span: Span::default() });
    insta::assert_snapshot!(printed, @r#"
    sequence by host.id, user.name with maxspan=30s
      [process where true] by process.pid with runs=3
      ![file where true] by process.pid
      [network where true] by source.pid
    until [process where event.type == "end"] by process.pid
    | head 5
    | tail 1
    "#);
}

#[test]
fn a_bare_sequence_has_a_bare_header() {
    let stage = |category| SequenceStage {
        presence: Presence::Present,
        query: event(category, yes()),
        by: Vec::new(),
        runs: None,
        span: Span::default(),
    };
    let stages = vec![stage("process"), stage("file")];
    let sequence =
        Sequence { by: Vec::new(), maxspan: None, stages, until: None, span: Span::default() };

    insta::assert_snapshot!(print(&query(QueryBody::Sequence(sequence))), @r"
    sequence
      [process where true]
      [file where true]
    ");
}

#[test]
fn a_sample_lists_its_stages_like_a_sequence() {
    let stage = |category, by| SampleStage {
        query: event(category, yes()),
        by: vec![key(by)],
        span: Span::default(),
    };
    let sample = Sample {
        by: vec![key("host.id")],
        stages: vec![stage("process", "process.pid"), stage("network", "source.pid")],
        span: Span::default(),
    };

    insta::assert_snapshot!(print(&query(QueryBody::Sample(sample))), @r"
    sample by host.id
      [process where true] by process.pid
      [network where true] by source.pid
    ");
}

#[test]
fn an_event_query_prints_on_one_line_and_pipes_below() {
    let condition = and(
        matches(field("process.name"), MatchOp::Colon, &["cmd.exe", "powershell.exe"]),
        not(member(field("process.args"), vec![string("/c")], true, false)),
    );
    let pipes = vec![Pipe { kind: PipeKind::Tail, count: 10, span: Span::default() }];
    let body = QueryBody::Event(event("process", condition));

    insta::assert_snapshot!(print(&Query { body, pipes, span: Span::default() }), @r#"
    process where process.name : ("cmd.exe", "powershell.exe") and not process.args in~ ("/c")
    | tail 10
    "#);
}

#[test]
fn the_same_shape_ignores_spans_but_not_float_bits() {
    let at = |start, end, condition| Query {
        body: QueryBody::Event(EventQuery {
            category: Category::Any(Span::new(start, end)),
            condition,
            span: Span::new(start, end),
        }),
        pipes: Vec::new(),
        span: Span::new(start, end),
    };

    assert!(at(0, 3, float(0.5)).same_shape(&at(4, 9, float(0.5))));
    assert!(!at(0, 3, float(0.0)).same_shape(&at(0, 3, float(-0.0))));
    assert!(at(0, 3, float(f64::NAN)).same_shape(&at(0, 3, float(f64::NAN))));
    assert!(!at(0, 3, int(1)).same_shape(&at(0, 3, float(1.0))));
    assert_eq!(at(4, 9, int(1)).without_spans(), at(0, 0, int(1)));
}
