//! Parsing expressions: the precedence levels from `or` down to primaries,
//! the `in`, `:`, `like` and `regex` predicates, function calls and fields,
//! with a bound on nesting so no later pass can overflow the stack.

use ruleproof_diagnostics::{Diagnostic, Span};

use super::{MAX_DEPTH, PResult, Parser};
use crate::ast::*;
use crate::lexer::TokenKind;

/// An expression and the depth of its tree, which the parser bounds so that
/// every later recursive pass over the tree stays within its stack.
pub(super) struct Node {
    pub(super) expr: Expr,
    depth: usize,
}

impl Parser {
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

    /// Parses `or`, the loosest level. `depth` counts the parser's own
    /// recursion (parentheses, arguments, lists); [`Node::depth`] bounds the
    /// tree, which long `and`/`or` chains deepen without recursion.
    pub(super) fn expr(&mut self, depth: usize) -> PResult<Node> {
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
            self.report(
                Diagnostic::error(
                    "eql/function-arity",
                    span,
                    format!("`{}` takes {expected}, found {}", function.name(), args.len()),
                )
                .with_help(format!("call it as `{}`", function.signature())),
            );
        }
        self.node(
            ExprKind::Call(Call { function, case_insensitive: tilde, args, name_span }),
            span,
            deepest,
        )
    }
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
