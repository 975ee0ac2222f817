//! Lexing: query text to tokens with spans, the first step of the front end.
//!
//! Whitespace and comments (`//` to end of line, nestable `/* */`) are
//! dropped. String escapes are resolved here, so the parser sees values.

use ruleproof_diagnostics::{Diagnostic, Span};

/// One token and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

/// What a token is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TokenKind {
    /// `[A-Za-z_@][A-Za-z0-9_]*`, keywords included; `tilde` when a `~`
    /// follows directly, as in `in~` or `startsWith~`.
    Ident {
        name: String,
        tilde: bool,
    },
    /// A backtick-quoted name, with doubled backticks undone.
    QuotedIdent(String),
    /// A `"..."` or `"""..."""` string, escapes resolved.
    Str(String),
    /// Digits only.
    Integer(String),
    /// Digits with a fraction or exponent.
    Decimal(String),
    EqEq,
    NotEq,
    Lt,
    LtEq,
    Gt,
    GtEq,
    /// `=`, only valid in `maxspan=` and `runs=`.
    Assign,
    Colon,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Dot,
    Comma,
    LBracket,
    /// `![`, opening a missing-event stage.
    MissingOpen,
    RBracket,
    LParen,
    RParen,
    Pipe,
    /// `?` before a field name.
    Question,
    Eof,
}

impl TokenKind {
    /// How the token reads in an "expected X, found Y" message.
    pub fn describe(&self) -> String {
        match self {
            TokenKind::Ident { name, tilde } => {
                format!("`{name}{}`", if *tilde { "~" } else { "" })
            }
            TokenKind::QuotedIdent(name) => format!("`` `{name}` ``"),
            TokenKind::Str(_) => "a string".to_string(),
            TokenKind::Integer(text) | TokenKind::Decimal(text) => format!("`{text}`"),
            TokenKind::EqEq => "`==`".to_string(),
            TokenKind::NotEq => "`!=`".to_string(),
            TokenKind::Lt => "`<`".to_string(),
            TokenKind::LtEq => "`<=`".to_string(),
            TokenKind::Gt => "`>`".to_string(),
            TokenKind::GtEq => "`>=`".to_string(),
            TokenKind::Assign => "`=`".to_string(),
            TokenKind::Colon => "`:`".to_string(),
            TokenKind::Plus => "`+`".to_string(),
            TokenKind::Minus => "`-`".to_string(),
            TokenKind::Star => "`*`".to_string(),
            TokenKind::Slash => "`/`".to_string(),
            TokenKind::Percent => "`%`".to_string(),
            TokenKind::Dot => "`.`".to_string(),
            TokenKind::Comma => "`,`".to_string(),
            TokenKind::LBracket => "`[`".to_string(),
            TokenKind::MissingOpen => "`![`".to_string(),
            TokenKind::RBracket => "`]`".to_string(),
            TokenKind::LParen => "`(`".to_string(),
            TokenKind::RParen => "`)`".to_string(),
            TokenKind::Pipe => "`|`".to_string(),
            TokenKind::Question => "`?`".to_string(),
            TokenKind::Eof => "the end of the query".to_string(),
        }
    }
}

/// Splits `text` into tokens ending with [`TokenKind::Eof`], or returns the
/// first lexical error.
pub(crate) fn lex(text: &str) -> Result<Vec<Token>, Diagnostic> {
    let mut lexer = Lexer { text, bytes: text.as_bytes(), pos: 0, tokens: Vec::new() };
    lexer.run()?;
    Ok(lexer.tokens)
}

struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    tokens: Vec<Token>,
}

impl Lexer<'_> {
    fn run(&mut self) -> Result<(), Diagnostic> {
        loop {
            self.skip_trivia()?;
            let start = self.pos;
            let Some(&byte) = self.bytes.get(start) else {
                // "Found the end of the query" reads best right after the last token.
                let end = self.tokens.last().map_or(0, |token| token.span.end);
                self.tokens.push(Token { kind: TokenKind::Eof, span: Span::at(end) });
                return Ok(());
            };
            let kind = self.token(byte)?;
            assert!(self.pos > start, "the lexer must consume input for every token");
            self.tokens.push(Token { kind, span: Span::new(start, self.pos) });
        }
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    fn skip_trivia(&mut self) -> Result<(), Diagnostic> {
        loop {
            match (self.peek(0), self.peek(1)) {
                (Some(b' ' | b'\t' | b'\r' | b'\n'), _) => self.pos += 1,
                (Some(b'/'), Some(b'/')) => {
                    while self.peek(0).is_some_and(|b| b != b'\n') {
                        self.pos += 1;
                    }
                }
                (Some(b'/'), Some(b'*')) => self.block_comment()?,
                _ => return Ok(()),
            }
        }
    }

    fn block_comment(&mut self) -> Result<(), Diagnostic> {
        let start = self.pos;
        let mut depth = 0usize;
        loop {
            match (self.peek(0), self.peek(1)) {
                (Some(b'/'), Some(b'*')) => {
                    depth += 1;
                    self.pos += 2;
                }
                (Some(b'*'), Some(b'/')) => {
                    depth -= 1;
                    self.pos += 2;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                (Some(_), _) => self.pos += 1,
                (None, _) => {
                    return Err(Diagnostic::error(
                        "eql/unterminated-comment",
                        Span::new(start, start + 2),
                        "block comment is never closed",
                    )
                    .with_help("close it with `*/`; block comments nest, so each `/*` needs one"));
                }
            }
        }
    }

    fn token(&mut self, byte: u8) -> Result<TokenKind, Diagnostic> {
        let start = self.pos;
        let two = |lexer: &mut Self, kind: TokenKind| {
            lexer.pos += 2;
            Ok(kind)
        };
        let one = |lexer: &mut Self, kind: TokenKind| {
            lexer.pos += 1;
            Ok(kind)
        };
        match (byte, self.peek(1)) {
            (b'=', Some(b'=')) => two(self, TokenKind::EqEq),
            (b'=', _) => one(self, TokenKind::Assign),
            (b'!', Some(b'=')) => two(self, TokenKind::NotEq),
            (b'!', Some(b'[')) => two(self, TokenKind::MissingOpen),
            (b'!', Some(b':')) => Err(Diagnostic::error(
                "eql/unknown-operator",
                Span::new(start, start + 2),
                "`!:` is not an operator",
            )
            .with_help("negate the whole comparison instead: `not field : \"pattern\"`")),
            (b'!', _) => Err(Diagnostic::error(
                "eql/unknown-operator",
                Span::new(start, start + 1),
                "`!` is not an operator on its own",
            )
            .with_help(
                "use `not` to negate, `!=` for inequality, or `![ ... ]` for a missing event",
            )),
            (b'<', Some(b'=')) => two(self, TokenKind::LtEq),
            (b'<', _) => one(self, TokenKind::Lt),
            (b'>', Some(b'=')) => two(self, TokenKind::GtEq),
            (b'>', _) => one(self, TokenKind::Gt),
            (b':', _) => one(self, TokenKind::Colon),
            (b'+', _) => one(self, TokenKind::Plus),
            (b'-', _) => one(self, TokenKind::Minus),
            (b'*', _) => one(self, TokenKind::Star),
            (b'/', _) => one(self, TokenKind::Slash),
            (b'%', _) => one(self, TokenKind::Percent),
            (b'.', Some(b'0'..=b'9')) => Ok(self.number()),
            (b'.', _) => one(self, TokenKind::Dot),
            (b',', _) => one(self, TokenKind::Comma),
            (b'[', _) => one(self, TokenKind::LBracket),
            (b']', _) => one(self, TokenKind::RBracket),
            (b'(', _) => one(self, TokenKind::LParen),
            (b')', _) => one(self, TokenKind::RParen),
            (b'|', _) => one(self, TokenKind::Pipe),
            (b'?', Some(b'"' | b'\'')) => Err(self.rejected_string(
                "`?\"...\"` strings are not supported by Elasticsearch",
                "use a raw string `\"\"\"...\"\"\"`, which needs no escapes",
            )),
            (b'?', _) => one(self, TokenKind::Question),
            (b'\'', _) => Err(self.rejected_string(
                "single-quoted strings are not supported by Elasticsearch",
                "write the string in double quotes",
            )),
            (b'"', _) => self.string(),
            (b'`', _) => self.quoted_ident(),
            (b'0'..=b'9', _) => Ok(self.number()),
            (b'A'..=b'Z' | b'a'..=b'z' | b'_' | b'@', _) => Ok(self.ident()),
            _ => {
                let ch = self.text[start..].chars().next().unwrap_or('\u{fffd}');
                Err(Diagnostic::error(
                    "eql/unexpected-character",
                    Span::new(start, start + ch.len_utf8()),
                    format!("unexpected character `{}`", ch.escape_debug()),
                )
                .with_help("names with other characters must be quoted in backticks: `my-field`"))
            }
        }
    }

    fn ident(&mut self) -> TokenKind {
        let start = self.pos;
        // The first character may be `@`, which cannot follow it.
        self.pos += 1;
        while self.peek(0).is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
            self.pos += 1;
        }
        let name = self.text[start..self.pos].to_string();
        let tilde = self.peek(0) == Some(b'~');
        if tilde {
            self.pos += 1;
        }
        TokenKind::Ident { name, tilde }
    }

    fn number(&mut self) -> TokenKind {
        let start = self.pos;
        let digits = |lexer: &mut Self| {
            let before = lexer.pos;
            while lexer.peek(0).is_some_and(|b| b.is_ascii_digit()) {
                lexer.pos += 1;
            }
            lexer.pos > before
        };

        digits(self);
        let mut decimal = false;
        if self.peek(0) == Some(b'.') {
            self.pos += 1;
            digits(self);
            decimal = true;
        }
        if matches!(self.peek(0), Some(b'e' | b'E')) {
            let mark = self.pos;
            self.pos += 1;
            if matches!(self.peek(0), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if digits(self) {
                decimal = true;
            } else {
                self.pos = mark;
            }
        }

        let text = self.text[start..self.pos].to_string();
        if decimal { TokenKind::Decimal(text) } else { TokenKind::Integer(text) }
    }

    fn quoted_ident(&mut self) -> Result<TokenKind, Diagnostic> {
        let start = self.pos;
        self.pos += 1;
        let mut name = String::new();
        loop {
            match (self.peek(0), self.peek(1)) {
                (Some(b'`'), Some(b'`')) => {
                    name.push('`');
                    self.pos += 2;
                }
                (Some(b'`'), _) => {
                    self.pos += 1;
                    if name.is_empty() {
                        return Err(Diagnostic::error(
                            "eql/empty-name",
                            Span::new(start, self.pos),
                            "a backtick-quoted name cannot be empty",
                        )
                        .with_help("write the field's name between the backticks"));
                    }
                    return Ok(TokenKind::QuotedIdent(name));
                }
                (Some(_), _) => {
                    let ch = self.next_char();
                    name.push(ch);
                }
                (None, _) => {
                    return Err(Diagnostic::error(
                        "eql/unterminated-name",
                        Span::new(start, self.pos),
                        "backtick-quoted name is never closed",
                    )
                    .with_help(
                        "close the name with a backtick; write a backtick inside it as ``",
                    ));
                }
            }
        }
    }

    fn next_char(&mut self) -> char {
        let ch = self.text[self.pos..].chars().next().unwrap_or('\u{fffd}');
        self.pos += ch.len_utf8();
        ch
    }

    fn string(&mut self) -> Result<TokenKind, Diagnostic> {
        if self.text[self.pos..].starts_with("\"\"\"") {
            return self.raw_string();
        }
        let start = self.pos;
        self.pos += 1;
        let mut value = String::new();
        loop {
            match self.peek(0) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(TokenKind::Str(value));
                }
                Some(b'\\') => value.push(self.escape()?),
                Some(b'\r' | b'\n') | None => {
                    return Err(Diagnostic::error(
                        "eql/unterminated-string",
                        Span::new(start, self.pos),
                        "string is never closed",
                    )
                    .with_help(
                        "close the string with `\"` on the same line; write a line break as `\\n`",
                    ));
                }
                Some(_) => {
                    let ch = self.next_char();
                    value.push(ch);
                }
            }
        }
    }

    fn escape(&mut self) -> Result<char, Diagnostic> {
        let start = self.pos;
        self.pos += 1;
        let simple = match self.peek(0) {
            Some(b'n') => Some('\n'),
            Some(b'r') => Some('\r'),
            Some(b't') => Some('\t'),
            Some(b'b') => Some('\u{8}'),
            Some(b'f') => Some('\u{c}'),
            Some(b'\\') => Some('\\'),
            Some(b'"') => Some('"'),
            Some(b'\'') => Some('\''),
            Some(b'u') => None,
            _ => {
                let shown =
                    self.text[self.pos..].chars().next().map_or(String::new(), String::from);
                return Err(Diagnostic::error(
                    "eql/invalid-escape",
                    Span::new(start, self.pos + shown.len()),
                    format!("unknown escape sequence `\\{shown}`"),
                )
                .with_help(
                    "valid escapes are \\n \\r \\t \\b \\f \\\\ \\\" \\' and \\u{XXXX}; \
                     write a backslash as `\\\\`, or use a raw string \"\"\"...\"\"\"",
                ));
            }
        };
        if let Some(ch) = simple {
            self.pos += 1;
            return Ok(ch);
        }

        self.pos += 1;
        let bad = |lexer: &Self, message: &str| {
            Diagnostic::error(
                "eql/invalid-escape",
                Span::new(start, lexer.pos),
                message.to_string(),
            )
            .with_help(
                "write a code point as \\u{XX} to \\u{XXXXXXXX}: 2 to 8 hex digits in braces",
            )
        };
        if self.peek(0) != Some(b'{') {
            return Err(bad(self, "`\\u` must be followed by `{`"));
        }
        self.pos += 1;
        let digits_start = self.pos;
        while self.peek(0).is_some_and(|b| b.is_ascii_hexdigit()) {
            self.pos += 1;
        }
        let digits = &self.text[digits_start..self.pos];
        if self.peek(0) != Some(b'}') {
            return Err(bad(self, "unicode escape is missing its closing `}`"));
        }
        self.pos += 1;
        if !(2..=8).contains(&digits.len()) {
            return Err(bad(self, "unicode escape needs 2 to 8 hex digits"));
        }
        u32::from_str_radix(digits, 16)
            .ok()
            .and_then(char::from_u32)
            .ok_or_else(|| bad(self, "unicode escape is not a valid code point"))
    }

    fn raw_string(&mut self) -> Result<TokenKind, Diagnostic> {
        let start = self.pos;
        self.pos += 3;
        let content_start = self.pos;
        loop {
            match self.peek(0) {
                Some(b'"') if self.text[self.pos..].starts_with("\"\"\"") => {
                    let run = self.bytes[self.pos..].iter().take_while(|&&b| b == b'"').count();
                    let extra = (run - 3).min(2);
                    let value = self.text[content_start..self.pos + extra].to_string();
                    self.pos += extra + 3;
                    return Ok(TokenKind::Str(value));
                }
                Some(b'\r' | b'\n') | None => {
                    return Err(Diagnostic::error(
                        "eql/unterminated-string",
                        Span::new(start, self.pos),
                        "raw string is never closed",
                    )
                    .with_help(
                        "close it with `\"\"\"` on the same line; raw strings cannot span lines",
                    ));
                }
                Some(_) => {
                    self.next_char();
                }
            }
        }
    }

    fn rejected_string(&mut self, message: &str, help: &str) -> Diagnostic {
        let start = self.pos;
        let quote_at = if self.bytes[start] == b'?' { start + 1 } else { start };
        let quote = self.bytes[quote_at];
        let end = self.bytes[quote_at + 1..]
            .iter()
            .position(|&b| b == quote || b == b'\n')
            .map_or(self.bytes.len(), |i| quote_at + 2 + i);
        Diagnostic::error("eql/unsupported-string", Span::new(start, end), message.to_string())
            .with_help(help.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<TokenKind> {
        lex(text).unwrap().into_iter().map(|token| token.kind).collect()
    }

    fn ident(name: &str) -> TokenKind {
        TokenKind::Ident { name: name.to_string(), tilde: false }
    }

    #[test]
    fn strings_resolve_escapes_and_raw_strings_keep_backslashes() {
        assert_eq!(kinds(r#""a\\b\"\u{41}""#)[0], TokenKind::Str("a\\b\"A".to_string()));
        assert_eq!(kinds(r#""""C:\x\y.*""""#)[0], TokenKind::Str("C:\\x\\y.*".to_string()));
        // Up to two quotes before the closing delimiter belong to the content.
        assert_eq!(kinds(r#""""x"""""#)[0], TokenKind::Str("x\"".to_string()));
        assert_eq!(kinds(r#""""x""""""#)[0], TokenKind::Str("x\"\"".to_string()));
    }

    #[test]
    fn numbers_units_and_tilde_names() {
        assert_eq!(
            kinds("30s 1.5 .5 1e3 2e in~ f~"),
            vec![
                TokenKind::Integer("30".into()),
                ident("s"),
                TokenKind::Decimal("1.5".into()),
                TokenKind::Decimal(".5".into()),
                TokenKind::Decimal("1e3".into()),
                TokenKind::Integer("2".into()),
                ident("e"),
                TokenKind::Ident { name: "in".into(), tilde: true },
                TokenKind::Ident { name: "f".into(), tilde: true },
                TokenKind::Eof,
            ]
        );
    }

    #[test]
    fn comments_nest_and_vanish() {
        assert_eq!(
            kinds("a /* x /* y */ z */ // rest\n b"),
            vec![ident("a"), ident("b"), TokenKind::Eof]
        );
        assert_eq!(lex("a /* /* */").unwrap_err().code, "eql/unterminated-comment");
    }

    #[test]
    fn at_sign_starts_a_name() {
        assert_eq!(kinds("@timestamp @"), vec![ident("@timestamp"), ident("@"), TokenKind::Eof]);
    }

    #[test]
    fn backticks_double_to_escape() {
        assert_eq!(kinds("`a``b`.c")[0], TokenKind::QuotedIdent("a`b".to_string()));
    }

    #[test]
    fn lexical_errors_have_codes_and_spans() {
        let cases = [
            (r#"x == "\d""#, "eql/invalid-escape", 6, 8),
            (r#"x == "\u{1}""#, "eql/invalid-escape", 6, 11),
            (r#"x == "abc"#, "eql/unterminated-string", 5, 9),
            ("x == 'a'", "eql/unsupported-string", 5, 8),
            (r#"x == ?"a""#, "eql/unsupported-string", 5, 9),
            ("x !: 1", "eql/unknown-operator", 2, 4),
            ("x == é", "eql/unexpected-character", 5, 7),
            ("`` == 1", "eql/empty-name", 0, 2),
        ];
        for (text, code, start, end) in cases {
            let error = lex(text).unwrap_err();
            assert_eq!((error.code, error.span), (code, Span::new(start, end)), "{text}");
        }
    }
}
