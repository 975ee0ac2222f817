//! Parsing: tokens to a spanned [`Query`], rejecting what Elasticsearch
//! rejects with its reason.
//!
//! Syntax errors stop the parse; restrictions Elasticsearch applies after
//! parsing (join keys, `runs` bounds, key counts, field comparisons) are
//! reported without stopping, so one run shows every such problem at once.

use ruleproof_diagnostics::{Diagnostic, Span};

use crate::ast::*;
use crate::lexer::{Token, TokenKind, lex};

mod expr;

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
            )
            .with_help("write a span such as `30s`, `5m` or `1h`")),
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
                self.report(
                    Diagnostic::error(
                        "eql/invalid-runs",
                        count_token.span,
                        format!(
                            "`runs` must be between 1 and {MAX_RUNS}, found {}",
                            count_token_text(&count_token)
                        ),
                    )
                    .with_help("Elasticsearch repeats a stage 1 to 100 times"),
                );
            }
            if presence == Presence::Missing {
                self.report(
                    Diagnostic::error(
                        "eql/runs-on-missing-stage",
                        span,
                        "a missing-event stage cannot repeat with `runs`",
                    )
                    .with_help("remove `with runs`: one missing stage already means no such event"),
                );
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
            )
            .with_help(
                "write `until [...]`; to require that an event is absent, add a `![...]` stage",
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
                self.report(
                    Diagnostic::error(
                        "eql/no-present-stage",
                        sequence.span,
                        "a sequence needs at least one stage that is not a missing-event stage",
                    )
                    .with_help("add a `[...]` stage for the event whose neighbourhood is checked"),
                );
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
            )
            .with_help("remove the `with` clause, or use a `sequence` if order and time matter"));
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
                    )
                    .with_help(
                        "use a `sequence ... with maxspan=...` to require an event's absence",
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
            )
            .with_help("remove the `until` stage, or use a `sequence`"));
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
            )
            .with_help(format!("write `| {} 1` or more", kind.as_str())));
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
}

fn count_token_text(token: &Token) -> String {
    match &token.kind {
        TokenKind::Integer(text) => text.clone(),
        other => other.describe(),
    }
}
