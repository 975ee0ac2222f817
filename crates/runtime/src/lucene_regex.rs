//! The pattern dialect of `regex` and `regex~`: Lucene's `RegExp` syntax, which Elasticsearch
//! compiles with every optional operator enabled and always matches against the whole value.
//!
//! [`compile`] translates a pattern into an anchored [`regex::Regex`]; the static checks use the
//! same translation to report patterns Elasticsearch would reject.

use std::fmt;

use regex::Regex;
use regex_syntax::hir::{
    Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Repetition,
};

/// Why a pattern cannot be compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegexError {
    /// Whether Elasticsearch rejects the pattern too, or only ruleproof.
    pub kind: RegexErrorKind,
    /// What is wrong, lowercase, without a trailing period.
    pub message: String,
    /// Byte offset into the pattern where the problem is.
    pub offset: usize,
}

/// The two reasons a pattern does not compile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegexErrorKind {
    /// Elasticsearch rejects the pattern: the query fails.
    Invalid,
    /// Elasticsearch accepts the pattern, but it uses an operator (complement `~`,
    /// intersection `&`) that ruleproof's regex engine cannot express, or is too large for it.
    Unsupported,
}

impl fmt::Display for RegexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {} of the pattern)", self.message, self.offset)
    }
}

impl std::error::Error for RegexError {}

/// Compiles a Lucene pattern into a regex that matches only whole values.
///
/// `case_insensitive` is `regex~`: letters written as single characters, in quoted strings or
/// alone in a character class match either case (Unicode simple case folding); ranges such as
/// `[a-z]` and the classes `\w`, `\d`, `\s` do not fold, as in Lucene.
//
// FIXME: Elasticsearch evaluates `regex` on a field with Lucene, but on a computed value
// (`substring(x, 5) regex "..."`) it runs a script that uses `java.util.regex` instead, where
// `\n`, lazy quantifiers and lookaround mean something else. Only the Lucene dialect is modelled.
//
// FIXME: this follows Lucene 10 (Elasticsearch 9). Elasticsearch 8 (Lucene 9) folds case for
// ASCII letters only and accepts `{n,m}` with n > m as a pattern matching nothing.
pub fn compile(pattern: &str, case_insensitive: bool) -> Result<Regex, RegexError> {
    let translated = translate(pattern, case_insensitive)?;

    Regex::new(&translated).map_err(|error| RegexError {
        kind: RegexErrorKind::Unsupported,
        message: format!("pattern is too large for ruleproof's regex engine: {error}"),
        offset: 0,
    })
}

/// Translates a Lucene pattern into the text of an equivalent `regex` crate pattern, anchored
/// as `^(?:...)$`. See [`compile`] for the meaning of `case_insensitive`.
pub fn translate(pattern: &str, case_insensitive: bool) -> Result<String, RegexError> {
    let mut parser =
        Parser { pattern, pos: 0, case_insensitive, undefined_automaton: None, unsupported: None };

    let hir = if pattern.is_empty() { Hir::empty() } else { parser.union()? };
    if parser.pos < pattern.len() {
        return Err(parser.invalid(parser.pos, "unmatched `)`: no group is open here"));
    }

    if let Some(error) = parser.undefined_automaton.or(parser.unsupported) {
        return Err(error);
    }
    Ok(format!("^(?:{hir})$"))
}

/// A recursive-descent parser over Lucene's grammar, building the equivalent `regex` syntax
/// tree as it goes. The precedence, loosest first: `|`, `&`, concatenation, repetition,
/// complement `~`, then atoms.
struct Parser<'p> {
    pattern: &'p str,
    /// Byte offset of the next character.
    pos: usize,
    case_insensitive: bool,
    /// Lucene parses `<name>` and fails only when it builds the automaton, after the parse.
    undefined_automaton: Option<RegexError>,
    /// The first operator ruleproof cannot express; reported if the pattern is otherwise valid.
    unsupported: Option<RegexError>,
}

impl Parser<'_> {
    fn union(&mut self) -> Result<Hir, RegexError> {
        let mut branches = vec![self.intersection()?];

        while self.eat('|') {
            branches.push(self.intersection()?);
        }
        Ok(Hir::alternation(branches))
    }

    fn intersection(&mut self) -> Result<Hir, RegexError> {
        let first = self.concatenation()?;

        while self.peek() == Some('&') {
            let at = self.pos;
            self.pos += 1;
            self.concatenation()?;
            self.note_unsupported(at, "intersection `&`");
        }
        Ok(first)
    }

    fn concatenation(&mut self) -> Result<Hir, RegexError> {
        let mut items = vec![self.repetition()?];

        while self.peek().is_some_and(|c| !matches!(c, ')' | '|' | '&')) {
            items.push(self.repetition()?);
        }
        Ok(Hir::concat(items))
    }

    fn repetition(&mut self) -> Result<Hir, RegexError> {
        let mut hir = self.complement()?;

        while let Some(operator @ ('?' | '*' | '+' | '{')) = self.peek() {
            self.pos += 1;
            let (min, max) = match operator {
                '?' => (0, Some(1)),
                '*' => (0, None),
                '+' => (1, None),
                _ => self.bounds()?,
            };
            hir = repeat(hir, min, max);
        }
        Ok(hir)
    }

    /// The inside of `{n}`, `{n,}` or `{n,m}`, after the `{`.
    fn bounds(&mut self) -> Result<(u32, Option<u32>), RegexError> {
        let open = self.pos - 1;

        let Some(min) = self.count()? else {
            return Err(self.invalid(self.pos, "expected a repetition count after `{`"));
        };
        let max = if self.eat(',') { self.count()? } else { Some(min) };
        if !self.eat('}') {
            return Err(self.invalid(self.pos, "expected `}` to close the repetition"));
        }

        if let Some(max) = max.filter(|&max| min > max) {
            let message = format!("repetition `{{{min},{max}}}` has its bounds out of order");
            return Err(self.invalid(open, &message));
        }
        Ok((min, max))
    }

    /// A decimal count, if digits follow; Lucene reads it as a Java `int`.
    fn count(&mut self) -> Result<Option<u32>, RegexError> {
        let start = self.pos;
        let digits = self.pattern[start..].bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Ok(None);
        }

        self.pos += digits;
        match self.pattern[start..self.pos].parse::<u32>() {
            Ok(count) if count <= i32::MAX as u32 => Ok(Some(count)),
            Ok(_) | Err(_) => Err(self.invalid(start, "repetition count is too large")),
        }
    }

    fn complement(&mut self) -> Result<Hir, RegexError> {
        if self.peek() != Some('~') {
            return self.class_or_atom();
        }

        let at = self.pos;
        self.pos += 1;
        self.complement()?;
        self.note_unsupported(at, "complement `~`");
        Ok(Hir::fail())
    }

    fn class_or_atom(&mut self) -> Result<Hir, RegexError> {
        let open = self.pos;
        if !self.eat('[') {
            return self.atom();
        }

        let negated = self.eat('^');
        let mut class = self.class_items()?;
        if !self.eat(']') {
            return Err(self.invalid(open, "`[` is never closed"));
        }

        if negated {
            class.negate();
        }
        Ok(Hir::class(Class::Unicode(class)))
    }

    /// The members of a character class, after `[` or `[^`. The first member is read
    /// whatever it is, so `[]a]` holds `]` and `a`.
    fn class_items(&mut self) -> Result<ClassUnicode, RegexError> {
        let mut class = ClassUnicode::empty();

        loop {
            let start = self.pos;
            if self.eat('\\') {
                let member = match self.predefined()? {
                    Some(predefined) => predefined,
                    None => single(self.next()?),
                };
                class.union(&member);
            } else {
                let first = self.next()?;
                if self.eat('-') {
                    let last = self.char_exp()?;
                    class.union(&self.range(start, first, last)?);
                } else {
                    class.union(&self.folded(first));
                }
            }

            if self.peek().is_none_or(|c| c == ']') {
                return Ok(class);
            }
        }
    }

    fn range(&self, start: usize, first: char, last: char) -> Result<ClassUnicode, RegexError> {
        if first > last {
            let message = format!("range `{first}-{last}` is out of order");
            return Err(self.invalid(start, &message));
        }
        Ok(ClassUnicode::new([ClassUnicodeRange::new(first, last)]))
    }

    fn atom(&mut self) -> Result<Hir, RegexError> {
        let start = self.pos;
        let Some(c) = self.peek() else {
            return Err(self.invalid(start, "pattern ends where an expression was expected"));
        };

        match c {
            '.' => {
                self.pos += 1;
                Ok(Hir::class(Class::Unicode(any_char())))
            }
            '#' => {
                self.pos += 1;
                Ok(Hir::fail())
            }
            '@' => {
                self.pos += 1;
                Ok(repeat(Hir::class(Class::Unicode(any_char())), 0, None))
            }
            '"' => self.quoted(),
            '(' => self.group(),
            '<' => self.angle(),
            '\\' => {
                self.pos += 1;
                match self.predefined()? {
                    Some(class) => Ok(Hir::class(Class::Unicode(class))),
                    None => {
                        let escaped = self.next()?;
                        Ok(Hir::class(Class::Unicode(self.folded(escaped))))
                    }
                }
            }
            _ => {
                self.pos += c.len_utf8();
                Ok(Hir::class(Class::Unicode(self.folded(c))))
            }
        }
    }

    /// `"..."`: the characters between the quotes, literally.
    fn quoted(&mut self) -> Result<Hir, RegexError> {
        let open = self.pos;
        self.pos += 1;

        let Some(length) = self.pattern[self.pos..].find('"') else {
            return Err(self.invalid(open, "`\"` is never closed"));
        };
        let text = &self.pattern[self.pos..self.pos + length];
        self.pos += length + 1;

        let chars = text.chars().map(|c| Hir::class(Class::Unicode(self.folded(c)))).collect();
        Ok(Hir::concat(chars))
    }

    /// `()` is the empty string; `(x)` groups.
    fn group(&mut self) -> Result<Hir, RegexError> {
        let open = self.pos;
        self.pos += 1;
        if self.eat(')') {
            return Ok(Hir::empty());
        }

        let inner = self.union()?;
        if !self.eat(')') {
            return Err(self.invalid(open, "`(` is never closed"));
        }
        Ok(inner)
    }

    /// `<n-m>` is a numeric interval; `<name>` names an automaton, which Elasticsearch never
    /// defines, so the query fails.
    fn angle(&mut self) -> Result<Hir, RegexError> {
        let open = self.pos;
        self.pos += 1;

        let Some(length) = self.pattern[self.pos..].find('>') else {
            return Err(self.invalid(open, "`<` is never closed; write `\\<` for a literal `<`"));
        };
        let inside = &self.pattern[self.pos..self.pos + length];
        self.pos += length + 1;

        let Some((low, high)) = inside.split_once('-') else {
            let message = format!(
                "`<{inside}>` names an automaton, which Elasticsearch does not define; \
                 write `\\<` for a literal `<`"
            );
            if self.undefined_automaton.is_none() {
                self.undefined_automaton = Some(self.invalid(open, &message));
            }
            return Ok(Hir::fail());
        };

        let bound = |text: &str| {
            let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
            text.parse::<u32>().ok().filter(|&value| digits && value <= i32::MAX as u32)
        };
        let (Some(low_value), Some(high_value)) = (bound(low), bound(high)) else {
            let message = format!("`<{inside}>` is not a numeric interval `<n-m>`");
            return Err(self.invalid(open, &message));
        };

        let width = if low.len() == high.len() { Some(low.len()) } else { None };
        Ok(interval(low_value.min(high_value), low_value.max(high_value), width))
    }

    /// After a `\`: the class `\d`, `\D`, `\s`, `\S`, `\w` or `\W`, a backslash for `\\`, an
    /// error for any other letter, and `None` when the next character is simply escaped.
    fn predefined(&mut self) -> Result<Option<ClassUnicode>, RegexError> {
        let escape = self.pos - 1;
        let Some(c) = self.peek() else {
            return Err(self.invalid(escape, "pattern ends after `\\`"));
        };

        let ranges: &[(char, char)] = match c {
            '\\' => &[('\\', '\\')],
            'd' | 'D' => &[('0', '9')],
            's' | 'S' => &[('\t', '\n'), ('\r', '\r'), (' ', ' ')],
            'w' | 'W' => &[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')],
            _ if c.is_ascii_alphabetic() => {
                let message = format!(
                    "`\\{c}` is not an escape Lucene knows: only `\\d`, `\\s`, `\\w` and their \
                     capitals are classes, and a backslash before any other letter is an error"
                );
                return Err(self.invalid(escape, &message));
            }
            _ => return Ok(None),
        };
        self.pos += 1;

        let mut class =
            ClassUnicode::new(ranges.iter().map(|&(low, high)| ClassUnicodeRange::new(low, high)));
        if c.is_ascii_uppercase() {
            class.negate();
        }
        Ok(Some(class))
    }

    /// A character, optionally escaped by `\`, as the end of a range.
    fn char_exp(&mut self) -> Result<char, RegexError> {
        self.eat('\\');
        self.next()
    }

    /// `c` alone, or with its other cases under `regex~`.
    fn folded(&self, c: char) -> ClassUnicode {
        let mut class = single(c);
        if self.case_insensitive {
            class.case_fold_simple();
        }
        class
    }

    fn peek(&self) -> Option<char> {
        self.pattern[self.pos..].chars().next()
    }

    fn eat(&mut self, expected: char) -> bool {
        let found = self.peek() == Some(expected);
        if found {
            self.pos += expected.len_utf8();
        }
        found
    }

    fn next(&mut self) -> Result<char, RegexError> {
        let Some(c) = self.peek() else {
            return Err(self.invalid(self.pos, "pattern ends where a character was expected"));
        };
        self.pos += c.len_utf8();
        Ok(c)
    }

    fn invalid(&self, offset: usize, message: &str) -> RegexError {
        RegexError { kind: RegexErrorKind::Invalid, message: message.to_string(), offset }
    }

    fn note_unsupported(&mut self, offset: usize, operator: &str) {
        if self.unsupported.is_some() {
            return;
        }

        let escaped = &self.pattern[offset..offset + 1];
        let message = format!(
            "{operator} is valid in Elasticsearch but ruleproof cannot evaluate it; \
             write `\\{escaped}` if a literal `{escaped}` was meant"
        );
        self.unsupported = Some(RegexError { kind: RegexErrorKind::Unsupported, message, offset });
    }
}

fn single(c: char) -> ClassUnicode {
    ClassUnicode::new([ClassUnicodeRange::new(c, c)])
}

fn any_char() -> ClassUnicode {
    ClassUnicode::new([ClassUnicodeRange::new('\0', char::MAX)])
}

/// `sub` repeated. Lucene stacks operators (`a+?` is `(a+)?`, never lazy), so a repeated
/// repetition is grouped to print that way.
fn repeat(sub: Hir, min: u32, max: Option<u32>) -> Hir {
    let sub = match sub.kind() {
        HirKind::Repetition(_) => {
            Hir::capture(Capture { index: 1, name: None, sub: Box::new(sub) })
        }
        HirKind::Empty
        | HirKind::Literal(_)
        | HirKind::Class(_)
        | HirKind::Look(_)
        | HirKind::Capture(_)
        | HirKind::Concat(_)
        | HirKind::Alternation(_) => sub,
    };
    Hir::repetition(Repetition { min, max, greedy: true, sub: Box::new(sub) })
}

/// Decimal numbers from `low` to `high`. With a `width`, exactly that many digits, zero-padded;
/// without, any number of leading zeros.
fn interval(low: u32, high: u32, width: Option<usize>) -> Hir {
    if let Some(width) = width {
        return fixed_width(&padded(low, width), &padded(high, width));
    }

    let mut lengths = Vec::new();
    let mut start = low;
    while start <= high {
        let digits = start.to_string().len();
        let end = 10u64.pow(digits as u32).saturating_sub(1).min(u64::from(high)) as u32;
        lengths.push(fixed_width(&padded(start, digits), &padded(end, digits)));
        match end.checked_add(1) {
            Some(next) => start = next,
            None => break,
        }
    }

    let zeros = repeat(digit_range(b'0', b'0'), 0, None);
    Hir::concat(vec![zeros, Hir::alternation(lengths)])
}

fn padded(value: u32, width: usize) -> Vec<u8> {
    format!("{value:0width$}").into_bytes()
}

/// Digit strings of one length from `low` to `high`, both as wide as each other.
fn fixed_width(low: &[u8], high: &[u8]) -> Hir {
    let (Some((&first_low, rest_low)), Some((&first_high, rest_high))) =
        (low.split_first(), high.split_first())
    else {
        return Hir::empty();
    };
    if first_low == first_high {
        return Hir::concat(vec![
            digit_range(first_low, first_low),
            fixed_width(rest_low, rest_high),
        ]);
    }

    let rest = rest_low.len();
    let low_is_floor = rest_low.iter().all(|&d| d == b'0');
    let high_is_ceiling = rest_high.iter().all(|&d| d == b'9');
    let middle_first = if low_is_floor { first_low } else { first_low + 1 };
    let middle_last = if high_is_ceiling { first_high } else { first_high - 1 };

    let mut branches = Vec::new();
    if !low_is_floor {
        let tail = fixed_width(rest_low, &vec![b'9'; rest]);
        branches.push(Hir::concat(vec![digit_range(first_low, first_low), tail]));
    }
    if middle_first <= middle_last {
        let any = repeat(digit_range(b'0', b'9'), rest as u32, Some(rest as u32));
        branches.push(Hir::concat(vec![digit_range(middle_first, middle_last), any]));
    }
    if !high_is_ceiling {
        let tail = fixed_width(&vec![b'0'; rest], rest_high);
        branches.push(Hir::concat(vec![digit_range(first_high, first_high), tail]));
    }
    Hir::alternation(branches)
}

fn digit_range(low: u8, high: u8) -> Hir {
    let range = ClassUnicodeRange::new(char::from(low), char::from(high));
    Hir::class(Class::Unicode(ClassUnicode::new([range])))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, value: &str) -> bool {
        compile(pattern, false).unwrap().is_match(value)
    }

    fn matches_insensitive(pattern: &str, value: &str) -> bool {
        compile(pattern, true).unwrap().is_match(value)
    }

    fn error(pattern: &str) -> RegexError {
        compile(pattern, false).unwrap_err()
    }

    #[test]
    fn the_whole_value_must_match() {
        assert!(matches("cmd", "cmd"));
        assert!(!matches("cmd", "cmd.exe"));
        assert!(!matches("cmd", "a cmd"));
        assert!(matches(".*\\.exe", "a.exe"));
        assert!(!matches(".*\\.exe", "a.exe.txt"));
        assert!(matches("", ""));
        assert!(!matches("", "a"));
    }

    #[test]
    fn anchors_are_literal_characters() {
        assert!(matches("^a$", "^a$"));
        assert!(!matches("^a$", "a"));
    }

    #[test]
    fn dot_matches_any_character_including_newline() {
        assert!(matches("a.c", "a\nc"));
        assert!(matches("a.c", "aéc"));
        assert!(!matches("a.c", "ac"));
    }

    #[test]
    fn predefined_classes_follow_lucene() {
        assert!(matches("\\d+", "123"));
        assert!(!matches("\\d+", "ddd"));
        assert!(!matches("\\d", "٣"), "only ASCII digits");
        assert!(matches("\\D", "x"));
        assert!(matches("a\\sb", "a\tb"));
        assert!(!matches("a\\sb", "a\u{b}b"), "vertical tab is not in \\s");
        assert!(matches("\\w+", "Ab_9"));
        assert!(!matches("\\w", "é"));
        assert!(matches("\\W", "-"));
        assert!(matches("[\\d_]+", "1_2"));
        assert!(matches("[^\\s]+", "abc"));
    }

    #[test]
    fn backslash_before_other_letters_is_an_error() {
        let error = error("a\\nb");
        assert_eq!((error.kind, error.offset), (RegexErrorKind::Invalid, 1));
        assert_eq!(compile("\\b", false).unwrap_err().offset, 0);
        assert_eq!(compile("[\\t]", false).unwrap_err().offset, 1);
    }

    #[test]
    fn backslash_escapes_any_other_character() {
        assert!(matches("\\.", "."));
        assert!(!matches("\\.", "x"));
        assert!(matches("\\\\", "\\"));
        assert!(matches("a\\*", "a*"));
        assert!(matches("\\\"", "\""));
        assert!(matches("\\<x\\>", "<x>"));
        assert_eq!(error("a\\").offset, 1);
    }

    #[test]
    fn repetition_operators() {
        assert!(matches("[0-9]{2,3}", "12"));
        assert!(matches("[0-9]{2,3}", "123"));
        assert!(!matches("[0-9]{2,3}", "1"));
        assert!(!matches("[0-9]{2,3}", "1234"));
        assert!(matches("a{2}", "aa"));
        assert!(matches("a{2,}", "aaaa"));
        assert!(!matches("a{2,}", "a"));
        assert!(matches("ab?c", "ac"));
        assert!(matches("ab+c", "abbc"));
        assert!(!matches("ab+c", "ac"));
    }

    #[test]
    fn repetitions_stack_instead_of_turning_lazy() {
        assert!(matches(".*?net1.*?", "cmd net1 user"));
        assert!(matches("a**", "aaa"));
        assert!(matches("a+?", ""));
        assert!(matches("(ab){2}{2}", "abababab"));
    }

    #[test]
    fn repetition_errors() {
        assert_eq!(error("a{").offset, 2);
        assert_eq!(error("a{,3}").offset, 2);
        assert_eq!(error("a{2").offset, 3);
        assert_eq!(error("a{3,1}").offset, 1);
        assert_eq!(error("a{99999999999}").offset, 2);
    }

    #[test]
    fn an_operator_with_nothing_before_it_is_a_literal() {
        assert!(matches("*a", "*a"));
        assert!(matches("+", "+"));
        assert!(matches("x|?", "?"));
    }

    #[test]
    fn alternation_and_groups() {
        assert!(matches("a|b", "a"));
        assert!(matches("a|b", "b"));
        assert!(!matches("a|b", "ab"));
        assert!(matches("(cmd|powershell)\\.exe", "powershell.exe"));
        assert!(matches("a()b", "ab"));
        assert!(matches("a||b", "|b"), "a `|` right after `|` is a literal");
    }

    #[test]
    fn unbalanced_parentheses_are_errors() {
        let unclosed = error("ab(cd");
        assert_eq!((unclosed.kind, unclosed.offset), (RegexErrorKind::Invalid, 2));
        assert!(unclosed.message.contains("never closed"), "{}", unclosed.message);
        assert_eq!(error("ab)").offset, 2);
        assert_eq!(error("(a|").offset, 3);
    }

    #[test]
    fn quoted_strings_are_literal() {
        assert!(matches("\"a.b\"", "a.b"));
        assert!(!matches("\"a.b\"", "axb"));
        assert!(matches("x\"(*)\"y", "x(*)y"));
        assert!(matches("\"\"", ""));
        assert_eq!(error("a\"bc").offset, 1);
    }

    #[test]
    fn character_classes() {
        assert!(matches("[abc]+", "cab"));
        assert!(matches("[a-c]", "b"));
        assert!(!matches("[a-c]", "d"));
        assert!(matches("[^a-c]", "d"));
        assert!(!matches("[^a-c]", "b"));
        assert!(!matches("[^a]", ""));
        assert!(matches("[.]", "."));
        assert!(!matches("[.]", "x"));
        assert!(matches("[]a]", "]"), "the first member is read whatever it is");
        assert!(matches("[-a]", "-"));
        assert!(matches("[\\]]", "]"));
        assert!(matches("[ʰ-˿]+", "ʰˇ"));
    }

    #[test]
    fn character_class_errors() {
        assert_eq!(error("[abc").offset, 0);
        assert_eq!(error("[z-a]").offset, 1);
        assert_eq!(error("[]").offset, 0);
        assert_eq!(error("[").offset, 1);
    }

    #[test]
    fn optional_operators_that_translate() {
        assert!(matches("a@", "anything"));
        assert!(matches("@", ""));
        assert!(!matches("a#", "a"));
        assert!(matches("a#|b", "b"));
    }

    #[test]
    fn numeric_intervals() {
        assert!(matches("foo<1-100>", "foo1"));
        assert!(matches("foo<1-100>", "foo100"));
        assert!(matches("foo<1-100>", "foo007"), "any leading zeros when widths differ");
        assert!(!matches("foo<1-100>", "foo101"));
        assert!(!matches("foo<1-100>", "foo0"));
        assert!(matches("<01-10>", "07"));
        assert!(!matches("<01-10>", "7"), "equal widths fix the width");
        assert!(matches("<10-1>", "5"), "bounds are swapped when reversed");
        assert!(matches("<0-2147483647>", "2147483647"));
        assert!(!matches("<0-2147483647>", "2147483648"));

        for value in 0..=1234 {
            let text = value.to_string();
            assert_eq!(matches("<17-1203>", &text), (17..=1203).contains(&value), "{text}");
        }
    }

    #[test]
    fn angle_bracket_errors() {
        let named = error("a<script>b");
        assert_eq!((named.kind, named.offset), (RegexErrorKind::Invalid, 1));
        assert_eq!(error("<1-2").offset, 0);
        assert_eq!(error("<1-x>").offset, 0);
        assert_eq!(error("<-2>").offset, 0);
    }

    #[test]
    fn complement_and_intersection_are_unsupported() {
        let complement = error("a~bc");
        assert_eq!((complement.kind, complement.offset), (RegexErrorKind::Unsupported, 1));
        let intersection = error("aaa.+&.+bbb");
        assert_eq!((intersection.kind, intersection.offset), (RegexErrorKind::Unsupported, 5));
        assert_eq!(error("a&b(").kind, RegexErrorKind::Invalid, "a syntax error wins");
        assert!(matches("&a", "&a"), "a leading `&` is a literal");
        assert!(matches("a\\~b", "a~b"));
    }

    #[test]
    fn case_insensitive_matching() {
        assert!(matches_insensitive("cmd\\.exe", "CMD.EXE"));
        assert!(!matches("cmd\\.exe", "CMD.EXE"));
        assert!(matches_insensitive("\"net\"", "NeT"));
        assert!(matches_insensitive("[abc]", "B"));
        assert!(matches_insensitive("[^a]", "b"));
        assert!(!matches_insensitive("[^a]", "A"));
        assert!(matches_insensitive("σ", "Σ"));
        assert!(!matches_insensitive("[a-z]", "A"), "ranges do not fold");
        assert!(!matches_insensitive("\\w", "é"));
    }

    #[test]
    fn elasticsearch_spec_patterns() {
        let command = "net1  localgroup administrators";
        assert!(matches(".*?net1[ ]+localgroup.*?", command));
        assert!(matches(".*?net1[ ]+[a-z]{4,15}[ ]+.*?", command));
        assert!(matches(".*?net[1]?  localgroup.*?", command));
        assert!(!matches(".*?net1[ ]+localgroup.*?", "NET1 LOCALGROUP"));
        assert!(matches_insensitive(".*?net1[ ]+localgroup.*?", "NET1 LOCALGROUP"));
    }

    #[test]
    fn translation_is_anchored() {
        let translated = translate("a|b", false).unwrap();
        assert!(translated.starts_with("^(?:") && translated.ends_with(")$"), "{translated}");
    }
}
