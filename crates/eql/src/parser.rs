//! Parsing: tokens to a spanned [`Query`], rejecting what Elasticsearch
//! rejects with its reason.
//!
//! Syntax errors stop the parse; restrictions Elasticsearch applies after
//! parsing (join keys, `runs` bounds, key counts, field comparisons) are
//! reported without stopping, so one run shows every such problem at once.

use ruleproof_diagnostics::{Diagnostic, Span};

use crate::ast::*;
use crate::lexer::{Token, TokenKind, lex};

/// The result of parsing one query.
#[derive(Clone, Debug)]
pub struct Parsed {
    /// The syntax tree, present unless a syntax error stopped the parse.
    pub query: Option<Query>,
    /// Errors and warnings, spans relative to the query text.
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parses `text` as an Elasticsearch EQL query.
pub fn parse(text: &str) -> Parsed {
    let tokens = match lex(text) {
        Ok(tokens) => tokens,
        Err(error) => return Parsed { query: None, diagnostics: vec![error] },
    };
    let mut parser = Parser { tokens, pos: 0, diagnostics: Vec::new() };

    match parser.query() {
        Ok(query) => Parsed { query: Some(query), diagnostics: parser.diagnostics },
        Err(error) => {
            parser.diagnostics.push(error);
            Parsed { query: None, diagnostics: parser.diagnostics }
        }
    }
}

type PResult<T> = Result<T, Diagnostic>;

/// Most runs a sequence stage may repeat, as Elasticsearch enforces.
const MAX_RUNS: u64 = 100;

/// Nesting deeper than this is rejected rather than risking the stack. The
/// deepest corpus rule nests 28 levels.
const MAX_DEPTH: usize = 100;

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    diagnostics: Vec<Diagnostic>,
}

impl Parser {
    // ---- token helpers ----

    fn peek(&self) -> &Token {
        &self.tokens[self.pos]
    }

    fn peek_kind(&self) -> &TokenKind {
        &self.tokens[self.pos].kind
    }

    fn peek_at(&self, ahead: usize) -> &TokenKind {
        let index = (self.pos + ahead).min(self.tokens.len() - 1);
        &self.tokens[index].kind
    }

    fn bump(&mut self) -> Token {
        let token = self.tokens[self.pos].clone();
        if self.pos + 1 < self.tokens.len() {
            self.pos += 1;
        }
        token
    }

    fn previous_end(&self) -> usize {
        if self.pos == 0 { 0 } else { self.tokens[self.pos - 1].span.end }
    }

    fn at_keyword(&self, keyword: &str) -> bool {
        matches!(self.peek_kind(), TokenKind::Ident { name, tilde: false } if name == keyword)
    }

    fn eat_keyword(&mut self, keyword: &str) -> Option<Span> {
        self.at_keyword(keyword).then(|| self.bump().span)
    }

    fn eat(&mut self, kind: &TokenKind) -> Option<Span> {
        (self.peek_kind() == kind).then(|| self.bump().span)
    }

    fn expect(&mut self, kind: &TokenKind, context: &str) -> PResult<Span> {
        match self.eat(kind) {
            Some(span) => Ok(span),
            None => Err(self.unexpected(&format!("{} {context}", kind.describe()))),
        }
    }

    fn expect_keyword(&mut self, keyword: &str, context: &str) -> PResult<Span> {
        match self.eat_keyword(keyword) {
            Some(span) => Ok(span),
            None => Err(self.unexpected(&format!("`{keyword}` {context}"))),
        }
    }

    /// "expected X, found Y" at the current token.
    fn unexpected(&self, expected: &str) -> Diagnostic {
        let token = self.peek();
        let code = match token.kind {
            TokenKind::Eof => "eql/unexpected-end",
            _ => "eql/unexpected-token",
        };
        Diagnostic::error(
            code,
            token.span,
            format!("expected {expected}, found {}", token.kind.describe()),
        )
    }

    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Stops the parser recursing without bound on input such as `((((...`.
    fn check_depth(&self, depth: usize, span: Span) -> PResult<()> {
        if depth > MAX_DEPTH {
            return Err(Diagnostic::error(
                "eql/too-deep",
                span,
                format!("the expression nests deeper than {MAX_DEPTH} levels"),
            )
            .with_help("split the condition, or flatten long lists into one `in` or `:` list"));
        }
        Ok(())
    }

    /// A node one level above children whose deepest is `child_depth`.
    fn node(&self, kind: ExprKind, span: Span, child_depth: usize) -> PResult<Node> {
        let depth = child_depth + 1;
        self.check_depth(depth, span)?;
        Ok(Node { expr: Expr { kind, span }, depth })
    }

    fn binary<Op>(
        &self,
        make: fn(Op, Box<Expr>, Box<Expr>) -> ExprKind,
        op: Op,
        left: Node,
        right: Node,
    ) -> PResult<Node> {
        let span = left.expr.span.to(right.expr.span);
        let depth = left.depth.max(right.depth);
        self.node(make(op, Box::new(left.expr), Box::new(right.expr)), span, depth)
    }

    // ---- queries ----

    fn query(&mut self) -> PResult<Query> {
        let start = self.peek().span.start;
        let body = if self.at_keyword("sequence") {
            QueryBody::Sequence(self.sequence()?)
        } else if self.at_keyword("sample") {
            QueryBody::Sample(self.sample()?)
        } else if self.at_keyword("join") {
            return Err(Diagnostic::error(
                "eql/unsupported-join",
                self.peek().span,
                "`join` is not supported by Elasticsearch",
            )
            .with_help("use a `sequence` or a `sample` joined `by` the shared fields"));
        } else {
            QueryBody::Event(self.event_query()?)
        };

        let mut pipes = Vec::new();
        while self.peek_kind() == &TokenKind::Pipe {
            pipes.push(self.pipe()?);
        }
        if self.peek_kind() != &TokenKind::Eof {
            return Err(self.unexpected(match body {
                QueryBody::Sequence(_) => {
                    "a `[` stage, `until`, a `|` pipe or the end of the query"
                }
                QueryBody::Sample(_) => "a `[` stage, a `|` pipe or the end of the query",
                QueryBody::Event(_) => "an operator, a `|` pipe or the end of the query",
            }));
        }
        Ok(Query { body, pipes, span: Span::new(start, self.previous_end()) })
    }

    fn event_query(&mut self) -> PResult<EventQuery> {
        let start = self.peek().span.start;
        let category = self.category()?;
        self.expect_keyword("where", "after the event category")?;
        let condition = self.expr(0)?.expr;
        Ok(EventQuery { category, condition, span: Span::new(start, self.previous_end()) })
    }

    fn category(&mut self) -> PResult<Category> {
        let token = self.peek().clone();
        match &token.kind {
            TokenKind::Ident { name, tilde: false } if name == "any" => {
                self.bump();
                Ok(Category::Any(token.span))
            }
            TokenKind::Ident { name, tilde: false } if !is_keyword(name) => {
                self.bump();
                Ok(Category::Named(name.clone(), token.span))
            }
            TokenKind::Str(name) => {
                self.bump();
                Ok(Category::Named(name.clone(), token.span))
            }
            _ => Err(self
                .unexpected("an event category such as `process`, `any` or \"my-category\"")
                .with_help("an event query reads `<category> where <condition>`")),
        }
    }

    fn sequence(&mut self) -> PResult<Sequence> {
        let start = self.bump().span.start;
        let mut by = self.join_keys_opt()?;
        let maxspan = self.maxspan_opt()?;
        if let Some(late) = self.eat_keyword("by") {
            self.report(
                Diagnostic::error(
                    "eql/by-after-with",
                    late,
                    "`by` must come before `with maxspan` in a sequence",
                )
                .with_help("write `sequence by <keys> with maxspan=<span>`"),
            );
            // Keep the keys so that the key-count check does not report twice.
            by.extend(self.join_key_list()?);
        }

        let mut stages = Vec::new();
        while matches!(self.peek_kind(), TokenKind::LBracket | TokenKind::MissingOpen) {
            stages.push(self.sequence_stage()?);
        }
        if stages.is_empty() {
            return Err(self.unexpected("a `[` sequence stage"));
        }
        let until = match self.eat_keyword("until") {
            Some(until_span) => Some(self.until_stage(until_span)?),
            None => None,
        };

        let sequence =
            Sequence { by, maxspan, stages, until, span: Span::new(start, self.previous_end()) };
        self.validate_sequence(&sequence);
        Ok(sequence)
    }

    fn maxspan_opt(&mut self) -> PResult<Option<Maxspan>> {
        if !self.at_keyword("with") {
            return Ok(None);
        }
        self.bump();
        if !self.at_keyword("maxspan") {
            return Err(self.unexpected("`maxspan` after `with`"));
        }
        self.bump();
        self.expect(&TokenKind::Assign, "after `maxspan`")?;

        let number = self.bump();
        let (value, decimal) = match &number.kind {
            TokenKind::Integer(text) => (text.parse::<u64>().ok(), false),
            TokenKind::Decimal(_) => (None, true),
            _ => {
                self.pos -= 1;
                return Err(self.unexpected("a time span such as `30s` after `maxspan=`"));
            }
        };
        let unit_token = match self.peek_kind() {
            TokenKind::Ident { tilde: false, .. } if !self.at_keyword("by") => Some(self.bump()),
            _ => None,
        };
        let span = Span::new(number.span.start, self.previous_end());

        if decimal {
            return Err(Diagnostic::error(
                "eql/invalid-maxspan",
                span,
                "decimal time intervals are not supported",
            )
            .with_help("use a whole number of a smaller unit, e.g. `1500ms` for 1.5 seconds"));
        }
        let Some(unit_token) = unit_token else {
            return Err(Diagnostic::error("eql/invalid-maxspan", span, "no time unit specified")
                .with_help("add one of the units ms, s, m, h, d, e.g. `maxspan=30s`"));
        };
        let TokenKind::Ident { name: unit_name, .. } = &unit_token.kind else {
            unreachable!("the unit token was matched as an identifier above");
        };
        let Some(unit) = TimeUnit::from_name(unit_name) else {
            return Err(Diagnostic::error(
                "eql/invalid-maxspan",
                unit_token.span,
                format!("unrecognized time unit `{unit_name}`"),
            )
            .with_help("use one of ms, s, m, h, d"));
        };
        match value {
            Some(value) if value > 0 => Ok(Some(Maxspan { value, unit, span })),
            _ => Err(Diagnostic::error(
                "eql/invalid-maxspan",
                number.span,
                "maxspan must be a positive whole number that fits 64 bits",
            )),
        }
    }

    fn sequence_stage(&mut self) -> PResult<SequenceStage> {
        let open = self.bump();
        let presence = match open.kind {
            TokenKind::MissingOpen => Presence::Missing,
            _ => Presence::Present,
        };
        let query = self.event_query()?;
        self.expect(&TokenKind::RBracket, "to close the sequence stage")?;
        let mut by = self.join_keys_opt()?;

        let mut runs = None;
        if self.at_keyword("with") {
            let with_span = self.bump().span;
            let is_runs = matches!(self.peek_kind(), TokenKind::Ident { name, tilde: false } if name == "runs");
            if !is_runs {
                return Err(self.unexpected("`runs` after `with` on a stage").with_help(
                    "`maxspan` belongs after `sequence by <keys>`, before the first stage",
                ));
            }
            self.bump();
            self.expect(&TokenKind::Assign, "after `runs`")?;
            let count_token = self.bump();
            let count = match &count_token.kind {
                TokenKind::Integer(text) => text.parse::<u64>().unwrap_or(u64::MAX),
                _ => {
                    self.pos -= 1;
                    return Err(self.unexpected("a whole number after `runs=`"));
                }
            };
            let span = with_span.to(count_token.span);
            if !(1..=MAX_RUNS).contains(&count) {
                self.report(Diagnostic::error(
                    "eql/invalid-runs",
                    count_token.span,
                    format!(
                        "`runs` must be between 1 and {MAX_RUNS}, found {}",
                        count_token_text(&count_token)
                    ),
                ));
            }
            if presence == Presence::Missing {
                self.report(Diagnostic::error(
                    "eql/runs-on-missing-stage",
                    span,
                    "a missing-event stage cannot repeat with `runs`",
                ));
            }
            runs = Some(Runs { count: count.clamp(1, MAX_RUNS) as u32, span });
            if let Some(late) = self.eat_keyword("by") {
                self.report(
                    Diagnostic::error(
                        "eql/by-after-with",
                        late,
                        "`by` must come before `with runs`",
                    )
                    .with_help("write `[...] by <keys> with runs=<n>`"),
                );
                by.extend(self.join_key_list()?);
            }
        }
        Ok(SequenceStage {
            presence,
            query,
            by,
            runs,
            span: Span::new(open.span.start, self.previous_end()),
        })
    }

    fn until_stage(&mut self, until_span: Span) -> PResult<UntilStage> {
        if self.peek_kind() == &TokenKind::MissingOpen {
            return Err(Diagnostic::error(
                "eql/missing-until",
                self.peek().span,
                "the `until` stage cannot be a missing-event stage",
            ));
        }
        self.expect(&TokenKind::LBracket, "after `until`")?;
        let query = self.event_query()?;
        self.expect(&TokenKind::RBracket, "to close the `until` stage")?;
        let by = self.join_keys_opt()?;
        if self.at_keyword("with") {
            return Err(Diagnostic::error(
                "eql/unexpected-token",
                self.peek().span,
                "the `until` stage takes no `with` options",
            ));
        }
        Ok(UntilStage { query, by, span: Span::new(until_span.start, self.previous_end()) })
    }

    fn validate_sequence(&mut self, sequence: &Sequence) {
        let expanded: u64 = sequence
            .stages
            .iter()
            .map(|stage| stage.runs.map_or(1, |runs| u64::from(runs.count)))
            .sum();
        if expanded < 2 {
            self.report(
                Diagnostic::error(
                    "eql/single-stage-sequence",
                    sequence.stages[0].span,
                    "a sequence needs at least 2 stages",
                )
                .with_help(
                    "add a stage, repeat this one with `with runs=<n>`, or use an event query",
                ),
            );
        }

        let missing: Vec<&SequenceStage> =
            sequence.stages.iter().filter(|stage| stage.presence == Presence::Missing).collect();
        if let Some(first_missing) = missing.first() {
            if sequence.maxspan.is_none() {
                self.report(
                    Diagnostic::error(
                        "eql/missing-stage-needs-maxspan",
                        first_missing.span,
                        "a sequence with a missing-event stage needs `with maxspan`",
                    )
                    .with_help("add `with maxspan=<span>` after `sequence by <keys>`"),
                );
            }
            if missing.len() == sequence.stages.len() {
                self.report(Diagnostic::error(
                    "eql/no-present-stage",
                    sequence.span,
                    "a sequence needs at least one stage that is not a missing-event stage",
                ));
            }
        }

        let mut key_counts =
            sequence.stages.iter().map(|stage| (stage.by.len(), stage.span)).collect::<Vec<_>>();
        if let Some(until) = &sequence.until {
            key_counts.push((until.by.len(), until.span));
        }
        self.validate_key_counts(&key_counts);
    }

    fn validate_key_counts(&mut self, counts: &[(usize, Span)]) {
        let Some(&(expected, _)) = counts.first() else { return };
        for &(found, span) in &counts[1..] {
            if found != expected {
                self.report(
                    Diagnostic::error(
                        "eql/join-key-count",
                        span,
                        format!(
                            "inconsistent number of join keys: expected {expected} like the first stage, found {found}"
                        ),
                    )
                    .with_help("every stage must be joined by the same number of keys"),
                );
            }
        }
    }

    fn sample(&mut self) -> PResult<Sample> {
        let start = self.bump().span.start;
        let by = self.join_keys_opt()?;
        if self.at_keyword("with") {
            return Err(Diagnostic::error(
                "eql/sample-option",
                self.peek().span,
                "`sample` takes no `with` options: maxspan and runs are sequence options",
            ));
        }

        let mut stages = Vec::new();
        loop {
            match self.peek_kind() {
                TokenKind::LBracket => {}
                TokenKind::MissingOpen => {
                    return Err(Diagnostic::error(
                        "eql/sample-missing-stage",
                        self.peek().span,
                        "missing-event stages `![...]` are only allowed in sequences",
                    ));
                }
                _ => break,
            }
            let open = self.bump().span;
            let query = self.event_query()?;
            self.expect(&TokenKind::RBracket, "to close the sample stage")?;
            let stage_by = self.join_keys_opt()?;
            stages.push(SampleStage {
                query,
                by: stage_by,
                span: Span::new(open.start, self.previous_end()),
            });
        }
        if stages.is_empty() {
            return Err(self.unexpected("a `[` sample stage"));
        }
        if self.at_keyword("until") {
            return Err(Diagnostic::error(
                "eql/sample-option",
                self.peek().span,
                "`until` is only allowed in sequences",
            ));
        }

        let span = Span::new(start, self.previous_end());
        if stages.len() < 2 {
            self.report(Diagnostic::error(
                "eql/single-stage-sample",
                span,
                "a sample needs at least 2 stages",
            ));
        }
        let counts: Vec<(usize, Span)> =
            stages.iter().map(|stage| (stage.by.len(), stage.span)).collect();
        self.validate_key_counts(&counts);
        Ok(Sample { by, stages, span })
    }

    fn pipe(&mut self) -> PResult<Pipe> {
        let start = self.bump().span.start;
        let name_token = self.peek().clone();
        let kind = match &name_token.kind {
            TokenKind::Ident { name, tilde: false } if name == "head" => PipeKind::Head,
            TokenKind::Ident { name, tilde: false } if name == "tail" => PipeKind::Tail,
            TokenKind::Ident { name, .. } => {
                return Err(Diagnostic::error(
                    "eql/unsupported-pipe",
                    name_token.span,
                    format!("pipe `{name}` is not supported by Elasticsearch"),
                )
                .with_help("only `| head N` and `| tail N` are supported"));
            }
            _ => return Err(self.unexpected("a pipe name, `head` or `tail`")),
        };
        self.bump();

        let count_token = self.peek().clone();
        let count = match &count_token.kind {
            TokenKind::Integer(text) => text.parse::<u64>().ok().filter(|&count| count > 0),
            _ => {
                return Err(self.unexpected(&format!(
                    "a positive number of results after `{}`",
                    kind.as_str()
                )));
            }
        };
        self.bump();
        let Some(count) = count else {
            return Err(Diagnostic::error(
                "eql/invalid-pipe",
                count_token.span,
                format!("`{}` needs a positive number of results", kind.as_str()),
            ));
        };
        Ok(Pipe { kind, count, span: Span::new(start, self.previous_end()) })
    }

    fn join_keys_opt(&mut self) -> PResult<Vec<Field>> {
        if self.eat_keyword("by").is_none() {
            return Ok(Vec::new());
        }
        self.join_key_list()
    }

    fn join_key_list(&mut self) -> PResult<Vec<Field>> {
        let mut keys = Vec::new();
        loop {
            let key = self.expr(0)?.expr;
            match key.kind {
                ExprKind::Field(field) => keys.push(field),
                _ => self.report(
                    Diagnostic::error(
                        "eql/unsupported-join-key",
                        key.span,
                        "join keys must be fields",
                    )
                    .with_help("Elasticsearch joins on field values only; name a field here"),
                ),
            }
            if self.eat(&TokenKind::Comma).is_none() {
                return Ok(keys);
            }
        }
    }

    // ---- expressions ----

    /// Parses `or`, the loosest level. `depth` counts the parser's own
    /// recursion (parentheses, arguments, lists); [`Node::depth`] bounds the
    /// tree, which long `and`/`or` chains deepen without recursion.
    fn expr(&mut self, depth: usize) -> PResult<Node> {
        self.check_depth(depth, self.peek().span)?;
        let mut left = self.and_expr(depth)?;
        while self.eat_keyword("or").is_some() {
            let right = self.and_expr(depth)?;
            left = self.binary(ExprKind::Logical, LogicalOp::Or, left, right)?;
        }
        Ok(left)
    }

    fn and_expr(&mut self, depth: usize) -> PResult<Node> {
        let mut left = self.not_expr(depth)?;
        while self.eat_keyword("and").is_some() {
            let right = self.not_expr(depth)?;
            left = self.binary(ExprKind::Logical, LogicalOp::And, left, right)?;
        }
        Ok(left)
    }

    fn not_expr(&mut self, depth: usize) -> PResult<Node> {
        if let Some(not_span) = self.eat_keyword("not") {
            self.check_depth(depth, not_span)?;
            if self.at_keyword("in") {
                return Err(self.unexpected("an expression after `not`").with_help(
                    "`not in` follows the value it tests: `field not in (\"a\", \"b\")`",
                ));
            }
            let operand = self.not_expr(depth + 1)?;
            let span = not_span.to(operand.expr.span);
            return self.node(ExprKind::Not(Box::new(operand.expr)), span, operand.depth);
        }
        self.comparison(depth)
    }

    fn comparison(&mut self, depth: usize) -> PResult<Node> {
        let left = self.additive(depth)?;
        let Some(op) = self.compare_op() else {
            if self.peek_kind() == &TokenKind::Assign {
                return Err(Diagnostic::error(
                    "eql/single-equals",
                    self.peek().span,
                    "`=` is not a comparison operator",
                )
                .with_help(
                    "use `==` for case-sensitive equality or `:` for case-insensitive matching",
                ));
            }
            return Ok(left);
        };
        self.bump();
        let right = self.additive(depth)?;
        if let Some(again) = self.compare_op() {
            return Err(Diagnostic::error(
                "eql/chained-comparison",
                self.peek().span,
                format!(
                    "comparisons cannot be chained: `{}` after `{}`",
                    again.as_str(),
                    op.as_str()
                ),
            )
            .with_help("split it with `and`: `a < b and b < c`"));
        }
        self.reject_field_comparison(&left.expr, std::slice::from_ref(&right.expr), op.as_str());
        self.binary(ExprKind::Compare, op, left, right)
    }

    fn compare_op(&self) -> Option<CompareOp> {
        Some(match self.peek_kind() {
            TokenKind::EqEq => CompareOp::Eq,
            TokenKind::NotEq => CompareOp::NotEq,
            TokenKind::Lt => CompareOp::Lt,
            TokenKind::LtEq => CompareOp::LtEq,
            TokenKind::Gt => CompareOp::Gt,
            TokenKind::GtEq => CompareOp::GtEq,
            _ => return None,
        })
    }

    /// Elasticsearch compiles comparisons to queries on one field against
    /// constants, so a field on both sides is rejected.
    fn reject_field_comparison(&mut self, left: &Expr, right: &[Expr], op: &str) {
        if !references_field(left) {
            return;
        }
        for value in right.iter().filter(|value| references_field(value)) {
            self.report(
                Diagnostic::error(
                    "eql/field-comparison",
                    value.span,
                    format!("comparisons against fields are not supported: `{op}` has a field on both sides"),
                )
                .with_help("compare the field with a constant; to relate two events, join them in a sequence `by` the fields"),
            );
        }
    }

    fn additive(&mut self, depth: usize) -> PResult<Node> {
        let mut left = self.multiplicative(depth)?;
        loop {
            let op = match self.peek_kind() {
                TokenKind::Plus => ArithmeticOp::Add,
                TokenKind::Minus => ArithmeticOp::Subtract,
                _ => return Ok(left),
            };
            self.bump();
            let right = self.multiplicative(depth)?;
            left = self.binary(ExprKind::Arithmetic, op, left, right)?;
        }
    }

    fn multiplicative(&mut self, depth: usize) -> PResult<Node> {
        let mut left = self.unary(depth)?;
        loop {
            let op = match self.peek_kind() {
                TokenKind::Star => ArithmeticOp::Multiply,
                TokenKind::Slash => ArithmeticOp::Divide,
                TokenKind::Percent => ArithmeticOp::Remainder,
                _ => return Ok(left),
            };
            self.bump();
            let right = self.unary(depth)?;
            left = self.binary(ExprKind::Arithmetic, op, left, right)?;
        }
    }

    fn unary(&mut self, depth: usize) -> PResult<Node> {
        let op = match self.peek_kind() {
            TokenKind::Minus => UnaryOp::Negate,
            TokenKind::Plus => UnaryOp::Plus,
            _ => return self.predicate(depth),
        };
        let op_span = self.bump().span;
        self.check_depth(depth, op_span)?;
        let operand = self.unary(depth + 1)?;
        let span = op_span.to(operand.expr.span);
        self.node(ExprKind::Unary(op, Box::new(operand.expr)), span, operand.depth)
    }

    /// A primary expression and the `in`, `:`, `like` or `regex` test after it.
    fn predicate(&mut self, depth: usize) -> PResult<Node> {
        let operand = self.primary(depth)?;

        let negated = self.at_keyword("not")
            && matches!(self.peek_at(1), TokenKind::Ident { name, .. } if name == "in");
        if negated {
            self.bump();
        }
        let keyword = match self.peek_kind() {
            TokenKind::Ident { name, tilde } => Some((name.clone(), *tilde)),
            TokenKind::Colon => Some((":".to_string(), false)),
            _ => None,
        };
        let Some((keyword, tilde)) = keyword else { return Ok(operand) };

        let match_op = match (keyword.as_str(), tilde) {
            ("in", case_insensitive) => {
                return self.in_list(depth, operand, negated, case_insensitive);
            }
            (":", _) => MatchOp::Colon,
            ("like", false) => MatchOp::Like,
            ("like", true) => MatchOp::LikeInsensitive,
            ("regex", false) => MatchOp::Regex,
            ("regex", true) => MatchOp::RegexInsensitive,
            _ => return Ok(operand),
        };
        self.bump();
        let patterns = self.patterns(match_op, depth)?;
        let span = Span::new(operand.expr.span.start, self.previous_end());
        let kind =
            ExprKind::Match(MatchExpr { operand: Box::new(operand.expr), op: match_op, patterns });
        self.node(kind, span, operand.depth)
    }

    fn in_list(
        &mut self,
        depth: usize,
        operand: Node,
        negated: bool,
        case_insensitive: bool,
    ) -> PResult<Node> {
        self.bump();
        self.expect(&TokenKind::LParen, "to open the `in` list")?;
        let mut values = Vec::new();
        let mut deepest = operand.depth;
        if self.peek_kind() == &TokenKind::RParen {
            return Err(self.unexpected("at least one value in the `in` list"));
        }
        loop {
            let value = self.expr(depth + 1)?;
            deepest = deepest.max(value.depth);
            values.push(value.expr);
            if self.eat(&TokenKind::Comma).is_none() {
                break;
            }
        }
        self.expect(&TokenKind::RParen, "to close the `in` list")?;

        let op = if case_insensitive { "in~" } else { "in" };
        self.reject_field_comparison(&operand.expr, &values, op);
        let span = Span::new(operand.expr.span.start, self.previous_end());
        let operand = Box::new(operand.expr);
        self.node(
            ExprKind::In(InExpr { operand, values, case_insensitive, negated }),
            span,
            deepest,
        )
    }

    fn patterns(&mut self, op: MatchOp, depth: usize) -> PResult<Vec<Pattern>> {
        if self.eat(&TokenKind::LParen).is_none() {
            return Ok(vec![self.pattern(op, depth)?]);
        }
        let mut patterns = Vec::new();
        loop {
            patterns.push(self.pattern(op, depth)?);
            if self.eat(&TokenKind::Comma).is_none() {
                break;
            }
        }
        self.expect(&TokenKind::RParen, "to close the pattern list")?;
        Ok(patterns)
    }

    fn pattern(&mut self, op: MatchOp, depth: usize) -> PResult<Pattern> {
        let token = self.peek().clone();
        if let Some(value) = self.literal_token(&token.kind)? {
            self.bump();
            return Ok(Pattern { value, span: token.span });
        }
        let start = token.span.start;
        // Parsed only to underline the whole offending expression.
        let found = self.primary(depth + 1);
        let span = match &found {
            Ok(node) => node.expr.span,
            Err(_) => Span::new(start, self.peek().span.end),
        };
        Err(Diagnostic::error(
            "eql/non-constant-pattern",
            span,
            format!(
                "the right side of `{}` must be a constant or a list of constants",
                op.as_str()
            ),
        )
        .with_help(
            "Elasticsearch matches a field against fixed patterns; put the pattern in quotes",
        ))
    }

    /// The literal a token stands for, or `None` when it is not a constant.
    fn literal_token(&self, kind: &TokenKind) -> PResult<Option<Literal>> {
        Ok(Some(match kind {
            TokenKind::Str(value) => Literal::String(value.clone()),
            TokenKind::Integer(text) => match text.parse::<i64>() {
                Ok(value) => Literal::Integer(value),
                Err(_) => Literal::Float(text.parse::<f64>().unwrap_or(f64::INFINITY)),
            },
            TokenKind::Decimal(text) => {
                let value = text.parse::<f64>().unwrap_or(f64::INFINITY);
                if !value.is_finite() {
                    return Err(Diagnostic::error(
                        "eql/number-out-of-range",
                        self.peek().span,
                        format!("number `{text}` is too large"),
                    ));
                }
                Literal::Float(value)
            }
            TokenKind::Ident { name, tilde: false } if name == "true" => Literal::Bool(true),
            TokenKind::Ident { name, tilde: false } if name == "false" => Literal::Bool(false),
            TokenKind::Ident { name, tilde: false } if name == "null" => Literal::Null,
            _ => return Ok(None),
        }))
    }

    fn primary(&mut self, depth: usize) -> PResult<Node> {
        let token = self.peek().clone();
        if let Some(literal) = self.literal_token(&token.kind)? {
            if let Literal::Float(value) = literal
                && !value.is_finite()
            {
                return Err(Diagnostic::error(
                    "eql/number-out-of-range",
                    token.span,
                    "number is too large",
                ));
            }
            self.bump();
            return self.node(ExprKind::Literal(literal), token.span, 0);
        }

        match &token.kind {
            TokenKind::LParen => {
                self.bump();
                let inner = self.expr(depth + 1)?;
                let close = self.expect(&TokenKind::RParen, "to close the parenthesis")?;
                Ok(Node { expr: Expr { kind: inner.expr.kind, span: token.span.to(close) }, ..inner })
            }
            TokenKind::Ident { name, tilde } if self.peek_at(1) == &TokenKind::LParen => {
                let (name, tilde) = (name.clone(), *tilde);
                self.call(depth, &name, tilde, token.span)
            }
            TokenKind::Ident { name, tilde: true } => Err(Diagnostic::error(
                "eql/unexpected-token",
                token.span,
                format!("`{name}~` is not an operator or function call"),
            )
            .with_help("`~` marks case-insensitive operators (`in~`, `like~`, `regex~`) and functions (`startsWith~(...)`)")),
            TokenKind::Ident { name, tilde: false } if is_keyword(name) => {
                Err(self.unexpected("a value, field or function call").with_help(format!(
                    "`{name}` is a keyword; to use it as a field name, quote it in backticks: `` `{name}` ``"
                )))
            }
            TokenKind::Ident { .. } | TokenKind::QuotedIdent(_) | TokenKind::Question => {
                let field = self.field()?;
                let span = field.span;
                self.node(ExprKind::Field(field), span, 0)
            }
            _ => Err(self.unexpected("a value, field or function call")),
        }
    }

    fn field(&mut self) -> PResult<Field> {
        let start = self.peek().span.start;
        let optional = self.eat(&TokenKind::Question).is_some();
        let mut name = String::new();
        loop {
            let token = self.peek().clone();
            match &token.kind {
                TokenKind::Ident { name: part, tilde: false }
                    if !is_keyword(part) || !name.is_empty() =>
                {
                    name.push_str(part);
                }
                TokenKind::QuotedIdent(part) => name.push_str(part),
                _ => {
                    return Err(self.unexpected(if optional && name.is_empty() {
                        "a field name after `?`"
                    } else {
                        "a field name"
                    }));
                }
            }
            self.bump();

            if self.peek_kind() == &TokenKind::LBracket
                && matches!(self.peek_at(1), TokenKind::Integer(_))
            {
                return Err(Diagnostic::error(
                    "eql/array-index",
                    Span::new(self.peek().span.start, self.tokens[self.pos + 1].span.end + 1),
                    "array indexes are not supported",
                )
                .with_help("comparisons on an array field hold when any of its values matches"));
            }
            if self.peek_kind() != &TokenKind::Dot {
                break;
            }
            self.bump();
            name.push('.');
        }
        Ok(Field { name, optional, span: Span::new(start, self.previous_end()) })
    }

    fn call(&mut self, depth: usize, name: &str, tilde: bool, name_span: Span) -> PResult<Node> {
        self.bump();
        self.bump();
        let mut args = Vec::new();
        let mut deepest = 0;
        if self.peek_kind() != &TokenKind::RParen {
            loop {
                let arg = self.expr(depth + 1)?;
                deepest = deepest.max(arg.depth);
                args.push(arg.expr);
                if self.eat(&TokenKind::Comma).is_none() {
                    break;
                }
            }
        }
        let close = self.expect(&TokenKind::RParen, "to close the argument list")?;
        let span = name_span.to(close);

        let Some(function) = Function::from_name(name) else {
            let mut error = Diagnostic::error(
                "eql/unknown-function",
                name_span,
                format!("unknown function `{name}`"),
            );
            error = match closest_function(name) {
                Some(known) => error.with_help(format!("did you mean `{}`?", known.name())),
                None => error.with_help(format!(
                    "Elasticsearch EQL functions are: {}",
                    Function::ALL.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ")
                )),
            };
            return Err(error);
        };
        if tilde && !function.is_case_aware() {
            self.report(
                Diagnostic::error(
                    "eql/case-insensitive-function",
                    name_span,
                    format!("`{}` has no case-insensitive `~` form", function.name()),
                )
                .with_help(format!("call `{}(...)` without `~`", function.name())),
            );
        }
        let (min, max) = function.arity();
        if args.len() < min || args.len() > max {
            let expected = match (min, max) {
                (1, 1) => "1 argument".to_string(),
                (min, max) if min == max => format!("{min} arguments"),
                (min, usize::MAX) => format!("at least {min} arguments"),
                (min, max) => format!("{min} to {max} arguments"),
            };
            self.report(Diagnostic::error(
                "eql/function-arity",
                span,
                format!("`{}` takes {expected}, found {}", function.name(), args.len()),
            ));
        }
        self.node(
            ExprKind::Call(Call { function, case_insensitive: tilde, args, name_span }),
            span,
            deepest,
        )
    }
}

fn count_token_text(token: &Token) -> String {
    match &token.kind {
        TokenKind::Integer(text) => text.clone(),
        other => other.describe(),
    }
}

/// An expression and the depth of its tree, which the parser bounds so that
/// every later recursive pass over the tree stays within its stack.
struct Node {
    expr: Expr,
    depth: usize,
}

/// Whether evaluating `expr` reads a field of the event.
fn references_field(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::Literal(_) => false,
        ExprKind::Field(_) => true,
        ExprKind::Call(call) => call.args.iter().any(references_field),
        ExprKind::Not(inner) | ExprKind::Unary(_, inner) => references_field(inner),
        ExprKind::Logical(_, left, right)
        | ExprKind::Compare(_, left, right)
        | ExprKind::Arithmetic(_, left, right) => references_field(left) || references_field(right),
        ExprKind::In(in_expr) => {
            references_field(&in_expr.operand) || in_expr.values.iter().any(references_field)
        }
        ExprKind::Match(match_expr) => references_field(&match_expr.operand),
    }
}

/// The known function nearest to a misspelt `name`, if it is close enough to
/// be a likely typo.
fn closest_function(name: &str) -> Option<Function> {
    let lowered = name.to_ascii_lowercase();
    Function::ALL
        .iter()
        .map(|&function| (edit_distance(&lowered, &function.name().to_ascii_lowercase()), function))
        .filter(|&(distance, _)| distance <= 2)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, function)| function)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb)).min(row[j] + 1).min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}
