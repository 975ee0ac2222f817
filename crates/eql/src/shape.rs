//! Comparing queries by shape: the same tree, whatever text it was parsed from.
//!
//! Round-trip tests and the fuzzer parse a query, print it and parse the print; the two
//! trees must agree on everything but spans. Every node is taken apart with all of its
//! fields named, so a field added to the AST fails to compile here until it is handled.

use ruleproof_diagnostics::Span;

use crate::ast::{
    Call, Category, EventQuery, Expr, ExprKind, Field, InExpr, Literal, MatchExpr, Maxspan,
    Pattern, Pipe, Query, QueryBody, Runs, Sample, SampleStage, Sequence, SequenceStage,
    UntilStage,
};

impl Query {
    /// Whether `self` and `other` are the same query apart from their spans.
    ///
    /// Floats compare by their bits, so `0.0` and `-0.0` differ and a NaN equals itself.
    pub fn same_shape(&self, other: &Query) -> bool {
        let (left, left_floats) = self.without_spans_and_floats();
        let (right, right_floats) = other.without_spans_and_floats();

        left == right && left_floats == right_floats
    }

    /// A copy of this query with every span set to `Span::default()`.
    pub fn without_spans(&self) -> Query {
        let mut query = self.clone();

        Eraser { on_float: &mut |_| {} }.query(&mut query);
        query
    }

    /// A copy without spans whose floats are all `0.0`, and the bits of the original
    /// floats in tree order, so that trees compare with `==` and floats by bits.
    fn without_spans_and_floats(&self) -> (Query, Vec<u64>) {
        let mut query = self.clone();
        let mut floats = Vec::new();

        let mut take = |value: &mut f64| {
            floats.push(value.to_bits());
            *value = 0.0;
        };
        Eraser { on_float: &mut take }.query(&mut query);
        (query, floats)
    }
}

/// Walks a tree in place, zeroing spans and handing every float to `on_float`.
struct Eraser<'a> {
    on_float: &'a mut dyn FnMut(&mut f64),
}

impl Eraser<'_> {
    fn query(&mut self, query: &mut Query) {
        let Query { body, pipes, span } = query;
        *span = Span::default();

        match body {
            QueryBody::Event(event) => self.event_query(event),
            QueryBody::Sequence(sequence) => self.sequence(sequence),
            QueryBody::Sample(sample) => self.sample(sample),
        }

        for Pipe { kind: _, count: _, span } in pipes {
            *span = Span::default();
        }
    }

    fn sequence(&mut self, sequence: &mut Sequence) {
        let Sequence { by, maxspan, stages, until, span } = sequence;
        *span = Span::default();

        self.fields(by);
        if let Some(Maxspan { value: _, unit: _, span }) = maxspan {
            *span = Span::default();
        }

        for SequenceStage { presence: _, query, by, runs, span } in stages {
            *span = Span::default();
            self.event_query(query);
            self.fields(by);
            if let Some(Runs { count: _, span }) = runs {
                *span = Span::default();
            }
        }

        if let Some(UntilStage { query, by, span }) = until {
            *span = Span::default();
            self.event_query(query);
            self.fields(by);
        }
    }

    fn sample(&mut self, sample: &mut Sample) {
        let Sample { by, stages, span } = sample;
        *span = Span::default();

        self.fields(by);
        for SampleStage { query, by, span } in stages {
            *span = Span::default();
            self.event_query(query);
            self.fields(by);
        }
    }

    fn event_query(&mut self, query: &mut EventQuery) {
        let EventQuery { category, condition, span } = query;
        *span = Span::default();

        match category {
            Category::Any(span) | Category::Named(_, span) => *span = Span::default(),
        }
        self.expr(condition);
    }

    fn fields(&mut self, fields: &mut [Field]) {
        for field in fields {
            self.field(field);
        }
    }

    fn field(&mut self, field: &mut Field) {
        let Field { name: _, optional: _, span } = field;
        *span = Span::default();
    }

    fn expr(&mut self, expr: &mut Expr) {
        let Expr { kind, span } = expr;
        *span = Span::default();

        match kind {
            ExprKind::Literal(literal) => self.literal(literal),
            ExprKind::Field(field) => self.field(field),
            ExprKind::Call(Call { function: _, case_insensitive: _, args, name_span }) => {
                *name_span = Span::default();
                self.exprs(args);
            }
            ExprKind::Not(operand) | ExprKind::Unary(_, operand) => self.expr(operand),
            ExprKind::Logical(_, left, right)
            | ExprKind::Compare(_, left, right)
            | ExprKind::Arithmetic(_, left, right) => {
                self.expr(left);
                self.expr(right);
            }
            ExprKind::In(InExpr { operand, values, case_insensitive: _, negated: _ }) => {
                self.expr(operand);
                self.exprs(values);
            }
            ExprKind::Match(MatchExpr { operand, op: _, patterns }) => {
                self.expr(operand);
                for Pattern { value, span } in patterns {
                    *span = Span::default();
                    self.literal(value);
                }
            }
        }
    }

    fn exprs(&mut self, exprs: &mut [Expr]) {
        for expr in exprs {
            self.expr(expr);
        }
    }

    fn literal(&mut self, literal: &mut Literal) {
        match literal {
            Literal::Float(value) => (self.on_float)(value),
            Literal::Null | Literal::Bool(_) | Literal::Integer(_) | Literal::String(_) => {}
        }
    }
}
