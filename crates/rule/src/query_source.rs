//! The query as later stages see it, with the way back to the TOML file.
//!
//! The EQL front end reads the decoded query string and reports spans in it. [`QuerySource`]
//! re-decodes the raw TOML string token, recording where each decoded byte came from, so those
//! spans can be underlined in the rule file itself, through escapes and trimmed line breaks.

use ruleproof_diagnostics::{Diagnostic, Span};
use toml::Spanned;

use crate::model::Rule;

/// A rule's decoded query text and the map from its bytes to bytes of the TOML file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuerySource {
    /// The query, exactly as TOML decodes it.
    pub text: String,
    /// The whole string token in the file, delimiters included.
    token: Span,
    /// Where the decoded text starts in the file.
    content_start: usize,
    /// Runs of decoded text and the file bytes they come from, in order.
    pieces: Vec<Piece>,
}

/// A run of decoded bytes that came from one contiguous stretch of the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    /// Offset of the run's first byte in the decoded text.
    decoded: usize,
    /// The file bytes it came from.
    raw: Span,
    /// Whether the run is a byte-for-byte copy; if not, it is one escape sequence.
    verbatim: bool,
}

/// The four ways TOML writes a string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StringKind {
    /// `"..."`, with escapes.
    Basic,
    /// `"""..."""`, with escapes, line breaks and line-ending backslashes.
    MultilineBasic,
    /// `'...'`, taken as written.
    Literal,
    /// `'''...'''`, taken as written, line breaks included.
    MultilineLiteral,
}

impl StringKind {
    const ALL: [StringKind; 4] = [
        StringKind::MultilineBasic,
        StringKind::MultilineLiteral,
        StringKind::Basic,
        StringKind::Literal,
    ];

    fn delimiter(self) -> &'static str {
        match self {
            StringKind::Basic => "\"",
            StringKind::MultilineBasic => "\"\"\"",
            StringKind::Literal => "'",
            StringKind::MultilineLiteral => "'''",
        }
    }
}

impl Rule {
    /// The query with its map onto `file_text`, the text this rule was decoded from. `None`
    /// when the rule has no query, or `file_text` is not that text.
    pub fn query_source(&self, file_text: &str) -> Option<QuerySource> {
        QuerySource::from_toml(file_text, self.rule.query.as_ref()?)
    }
}

impl QuerySource {
    /// Rebuilds the offset map for `value`, a string that toml decoded from `file_text`.
    ///
    /// Returns `None` when the span of `value` is not a TOML string token of `file_text` whose
    /// decoding equals `value`. Debug builds assert that a token decodes to `value`: a difference
    /// is a bug in this decoder, or a `file_text` that `value` was not decoded from.
    pub fn from_toml(file_text: &str, value: &Spanned<String>) -> Option<QuerySource> {
        let range = value.span();
        let token = file_text.get(range.clone())?;
        let kind = StringKind::ALL.into_iter().find(|kind| {
            let delimiter = kind.delimiter();
            token.len() >= 2 * delimiter.len()
                && token.starts_with(delimiter)
                && token.ends_with(delimiter)
        })?;

        let delimiter = kind.delimiter().len();
        let mut content_start = range.start + delimiter;
        let content_end = range.end - delimiter;
        if matches!(kind, StringKind::MultilineBasic | StringKind::MultilineLiteral) {
            let content = &file_text[content_start..content_end];
            if content.starts_with('\n') {
                content_start += 1;
            } else if content.starts_with("\r\n") {
                content_start += 2;
            }
        }
        let content = &file_text[content_start..content_end];

        let (text, pieces) = match kind {
            StringKind::Literal | StringKind::MultilineLiteral => {
                let whole = Piece {
                    decoded: 0,
                    raw: Span::new(content_start, content_end),
                    verbatim: true,
                };
                (content.to_owned(), if content.is_empty() { Vec::new() } else { vec![whole] })
            }
            StringKind::Basic => decode_basic(content, content_start, false)?,
            StringKind::MultilineBasic => decode_basic(content, content_start, true)?,
        };

        debug_assert_eq!(&text, value.get_ref(), "re-decoded query differs from toml's");
        if text != *value.get_ref() {
            return None;
        }
        Some(QuerySource { text, token: Span::new(range.start, range.end), content_start, pieces })
    }

    /// The whole string token in the file, delimiters included.
    pub fn token_span(&self) -> Span {
        self.token
    }

    /// Maps `query_span`, a byte span of [`QuerySource::text`], onto the TOML file. A span that
    /// starts or ends inside an escape sequence widens to cover the whole sequence; offsets past
    /// the end of the text are clamped to it.
    pub fn to_file_span(&self, query_span: Span) -> Span {
        let start = query_span.start.min(self.text.len());
        let end = query_span.end.clamp(start, self.text.len());

        let file_start = self.file_offset_of_start(start);
        if end == start {
            return Span::at(file_start);
        }
        Span::new(file_start, self.file_offset_of_end(end))
    }

    /// The same diagnostic with its span, reported against the query text, moved onto the file.
    pub fn to_file_diagnostic(&self, diagnostic: Diagnostic) -> Diagnostic {
        Diagnostic { span: self.to_file_span(diagnostic.span), ..diagnostic }
    }

    /// File offset of the byte at decoded `offset`, or of the end of the content when `offset`
    /// is the text's length.
    fn file_offset_of_start(&self, offset: usize) -> usize {
        if offset == self.text.len() {
            return self.pieces.last().map_or(self.content_start, |piece| piece.raw.end);
        }
        let piece = self.pieces[self.piece_index(offset)];
        if piece.verbatim { piece.raw.start + (offset - piece.decoded) } else { piece.raw.start }
    }

    /// File offset just past the byte before decoded `offset`, which is at least 1.
    fn file_offset_of_end(&self, offset: usize) -> usize {
        let piece = self.pieces[self.piece_index(offset - 1)];
        if piece.verbatim { piece.raw.start + (offset - piece.decoded) } else { piece.raw.end }
    }

    /// Index of the piece holding the decoded byte at `offset`, which is in the text.
    fn piece_index(&self, offset: usize) -> usize {
        self.pieces.partition_point(|piece| piece.decoded <= offset) - 1
    }
}

/// Decodes the content of a basic string that starts at file offset `base`, recording a piece
/// for every verbatim run and every escape. Line-ending backslashes, allowed in multi-line
/// strings only, produce no text and so no piece.
fn decode_basic(content: &str, base: usize, multiline: bool) -> Option<(String, Vec<Piece>)> {
    let mut text = String::with_capacity(content.len());
    let mut pieces = Vec::new();
    let mut run_start = 0;
    let mut cursor = 0;

    while let Some(found) = content[cursor..].find('\\') {
        let escape_start = cursor + found;
        if escape_start > run_start {
            let raw = Span::new(base + run_start, base + escape_start);
            pieces.push(Piece { decoded: text.len(), raw, verbatim: true });
            text.push_str(&content[run_start..escape_start]);
        }

        let (length, decoded) = decode_escape(&content[escape_start..], multiline)?;
        if let Some(decoded) = decoded {
            let raw = Span::new(base + escape_start, base + escape_start + length);
            pieces.push(Piece { decoded: text.len(), raw, verbatim: false });
            text.push(decoded);
        }
        cursor = escape_start + length;
        run_start = cursor;
    }

    if content.len() > run_start {
        let raw = Span::new(base + run_start, base + content.len());
        pieces.push(Piece { decoded: text.len(), raw, verbatim: true });
        text.push_str(&content[run_start..]);
    }
    Some((text, pieces))
}

/// Decodes the escape sequence at the start of `rest`, which starts with a backslash: its length
/// in bytes and the character it stands for, or `None` for a line-ending backslash.
fn decode_escape(rest: &str, multiline: bool) -> Option<(usize, Option<char>)> {
    let simple = match rest[1..].chars().next()? {
        'b' => '\u{8}',
        't' => '\t',
        'n' => '\n',
        'f' => '\u{c}',
        'r' => '\r',
        'e' => '\u{1b}',
        '"' => '"',
        '\\' => '\\',
        'x' => return decode_hex(rest, 2),
        'u' => return decode_hex(rest, 4),
        'U' => return decode_hex(rest, 8),
        ' ' | '\t' | '\r' | '\n' if multiline => return skip_line_continuation(rest),
        _ => return None,
    };
    Some((2, Some(simple)))
}

/// Decodes `\x`, `\u` or `\U` followed by `digits` hexadecimal digits.
fn decode_hex(rest: &str, digits: usize) -> Option<(usize, Option<char>)> {
    let hex = rest.get(2..2 + digits)?;
    if !hex.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        return None;
    }
    let decoded = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
    Some((2 + digits, Some(decoded)))
}

/// Skips a line-ending backslash: spaces or tabs, a line break, then all whitespace and line
/// breaks up to the next other character.
fn skip_line_continuation(rest: &str) -> Option<(usize, Option<char>)> {
    let after_backslash = &rest[1..];
    let line_break = after_backslash.trim_start_matches([' ', '\t']);
    if !(line_break.starts_with('\n') || line_break.starts_with("\r\n")) {
        return None;
    }
    let next = line_break.trim_start_matches([' ', '\t', '\r', '\n']);
    Some((rest.len() - next.len(), None))
}
