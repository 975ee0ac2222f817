//! Wildcard patterns of `:`, `like` and `like~`: `*` matches any run of characters (none
//! included), `?` exactly one character (one Unicode scalar value, as in Lucene's automata), and
//! every other character itself. Nothing escapes: Elasticsearch's `toLikePattern` leaves no way
//! to write a literal `*` or `?`.
//!
//! [`WildcardMatcher`] picks a strategy when built (exact, prefix, suffix, contains, or the
//! general matcher), and the strategies are public functions too, so generated code can call the
//! one a pattern needs. [`WildcardSet`] matches a list of patterns, `: ("a*", "*b")`.

use std::borrow::Cow;
use std::collections::HashSet;

use crate::java_string::{eq_ignore_case, fold, fold_char};

/// A compiled wildcard pattern.
///
/// Case-insensitive matching compares characters by [`fold_char`]: the case-insensitive term and
/// wildcard queries Elasticsearch runs on `keyword` fields, which accept every case variant of
/// each pattern character.
//
// FIXME: on a computed value (`substring(x, 1) : "a*"`) Elasticsearch runs a script instead,
// matching with `java.util.regex` compiled from the pattern: `?` and `*` then do not match line
// terminators (`\n`, `\r`, U+0085, U+2028, U+2029), and `~` folds ASCII letters only. Only the
// field behaviour is modelled.
#[derive(Clone, Debug)]
pub struct WildcardMatcher {
    case_insensitive: bool,
    /// Literals are stored folded when `case_insensitive`.
    strategy: Strategy,
}

/// What a pattern reduces to, for a code generator choosing the call to emit.
///
/// Literals are the pattern's own text, folded by [`fold_char`] for a case-insensitive matcher
/// (a folded literal matches exactly what the original does).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WildcardShape<'a> {
    /// Only stars: every string matches. Elasticsearch rewrites such a match to `IS NOT NULL`,
    /// which is false, not null, on a missing value.
    Any,
    /// No wildcard: equality ([`exact_insensitive`] when case-insensitive). Elasticsearch
    /// rewrites such a match to `==` (or its case-insensitive form).
    Exact(&'a str),
    /// `literal*`: [`str::starts_with`] or [`starts_with_insensitive`].
    Prefix(&'a str),
    /// `*literal`: [`str::ends_with`] or [`ends_with_insensitive`].
    Suffix(&'a str),
    /// `*literal*`: [`str::contains`] or [`contains_insensitive`].
    Contains(&'a str),
    /// Anything else: only [`WildcardMatcher::matches`].
    General,
}

#[derive(Clone, Debug)]
enum Strategy {
    Any,
    Exact(String),
    Prefix(String),
    Suffix(String),
    Contains(String),
    General(General),
}

/// One element of a parsed pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token {
    Char(char),
    AnyChar,
    AnyRun,
}

/// A pattern as its star-free segments: the first must match at the start of the text unless
/// the pattern starts with a star, the last at the end unless it ends with one, and the others
/// in order in between. Each middle segment is taken at its leftmost place, which never loses a
/// match, so there is no backtracking.
#[derive(Clone, Debug)]
struct General {
    segments: Vec<Segment>,
    has_star: bool,
    anchored_start: bool,
    anchored_end: bool,
}

#[derive(Clone, Debug)]
struct Segment {
    /// `None` for `?`.
    chars: Vec<Option<char>>,
    /// The segment as text when it has no `?`, for a fast substring search.
    literal: Option<String>,
}

impl WildcardMatcher {
    /// Compiles an EQL pattern, where `*` and `?` are always wildcards.
    pub fn new(pattern: &str, case_insensitive: bool) -> WildcardMatcher {
        let tokens = pattern.chars().map(|c| match c {
            '*' => Token::AnyRun,
            '?' => Token::AnyChar,
            c => Token::Char(c),
        });
        WildcardMatcher::from_tokens(tokens.collect(), case_insensitive)
    }

    /// Compiles a pattern in Lucene's `wildcard` query syntax, where `\` makes the next
    /// character literal (a trailing `\` is itself). This is the syntax Elasticsearch hands
    /// Lucene when it turns `endsWith(field, "x")` and `stringContains(field, "x")` into
    /// `*x` and `*x*` wildcard queries without escaping `x`.
    //
    // FIXME: in a case-insensitive Lucene query an escaped character matches its own case only;
    // here it folds like the others. Matching it exactly would need per-character folding in
    // the general matcher instead of folding the whole text.
    pub fn lucene(pattern: &str, case_insensitive: bool) -> WildcardMatcher {
        let mut tokens = Vec::new();
        let mut chars = pattern.chars();
        while let Some(c) = chars.next() {
            tokens.push(match c {
                '*' => Token::AnyRun,
                '?' => Token::AnyChar,
                '\\' => Token::Char(chars.next().unwrap_or('\\')),
                c => Token::Char(c),
            });
        }
        WildcardMatcher::from_tokens(tokens, case_insensitive)
    }

    fn from_tokens(mut tokens: Vec<Token>, case_insensitive: bool) -> WildcardMatcher {
        if case_insensitive {
            for token in &mut tokens {
                if let Token::Char(c) = token {
                    *c = fold_char(*c);
                }
            }
        }

        let strategy = specialise(&tokens).unwrap_or_else(|| Strategy::General(general(&tokens)));
        WildcardMatcher { case_insensitive, strategy }
    }

    /// Whether `text` matches the whole pattern.
    pub fn matches(&self, text: &str) -> bool {
        match (&self.strategy, self.case_insensitive) {
            (Strategy::Any, _) => true,
            (Strategy::Exact(literal), false) => text == literal,
            (Strategy::Exact(literal), true) => eq_ignore_case(text, literal),
            (Strategy::Prefix(literal), false) => text.starts_with(literal.as_str()),
            (Strategy::Prefix(literal), true) => starts_with_insensitive(text, literal),
            (Strategy::Suffix(literal), false) => text.ends_with(literal.as_str()),
            (Strategy::Suffix(literal), true) => ends_with_insensitive(text, literal),
            (Strategy::Contains(literal), false) => text.contains(literal.as_str()),
            (Strategy::Contains(literal), true) => contains_insensitive(text, literal),
            (Strategy::General(general), false) => general.matches(text),
            (Strategy::General(general), true) => general.matches(&fold(text)),
        }
    }

    /// [`matches`](Self::matches) on a text already folded when the matcher is
    /// case-insensitive: a plain case-sensitive match against the folded pattern.
    fn matches_prepared(&self, text: &str) -> bool {
        match &self.strategy {
            Strategy::Any => true,
            Strategy::Exact(literal) => text == literal,
            Strategy::Prefix(literal) => text.starts_with(literal.as_str()),
            Strategy::Suffix(literal) => text.ends_with(literal.as_str()),
            Strategy::Contains(literal) => text.contains(literal.as_str()),
            Strategy::General(general) => general.matches(text),
        }
    }

    /// The strategy the pattern reduced to.
    pub fn shape(&self) -> WildcardShape<'_> {
        match &self.strategy {
            Strategy::Any => WildcardShape::Any,
            Strategy::Exact(literal) => WildcardShape::Exact(literal),
            Strategy::Prefix(literal) => WildcardShape::Prefix(literal),
            Strategy::Suffix(literal) => WildcardShape::Suffix(literal),
            Strategy::Contains(literal) => WildcardShape::Contains(literal),
            Strategy::General(_) => WildcardShape::General,
        }
    }

    /// Whether the matcher ignores case.
    pub fn is_case_insensitive(&self) -> bool {
        self.case_insensitive
    }
}

/// The strategy of a pattern whose only wildcards are stars at its ends, if it is one.
fn specialise(tokens: &[Token]) -> Option<Strategy> {
    let starts_with_star = tokens.first() == Some(&Token::AnyRun);
    let ends_with_star = tokens.last() == Some(&Token::AnyRun);
    let start = tokens.iter().position(|token| *token != Token::AnyRun).unwrap_or(tokens.len());
    let end = tokens.iter().rposition(|token| *token != Token::AnyRun).map_or(start, |at| at + 1);
    let literal: String = tokens[start..end]
        .iter()
        .map(|token| match token {
            Token::Char(c) => Some(*c),
            Token::AnyChar | Token::AnyRun => None,
        })
        .collect::<Option<String>>()?;

    Some(match (starts_with_star, ends_with_star) {
        _ if literal.is_empty() && (starts_with_star || ends_with_star) => Strategy::Any,
        (false, false) => Strategy::Exact(literal),
        (false, true) => Strategy::Prefix(literal),
        (true, false) => Strategy::Suffix(literal),
        (true, true) => Strategy::Contains(literal),
    })
}

fn general(tokens: &[Token]) -> General {
    let segments = tokens
        .split(|token| *token == Token::AnyRun)
        .filter(|segment| !segment.is_empty())
        .map(|segment| {
            let chars: Vec<Option<char>> = segment
                .iter()
                .map(|token| match token {
                    Token::Char(c) => Some(*c),
                    Token::AnyChar | Token::AnyRun => None,
                })
                .collect();
            let literal = chars.iter().copied().collect();
            Segment { chars, literal }
        })
        .collect();

    General {
        segments,
        has_star: tokens.contains(&Token::AnyRun),
        anchored_start: tokens.first() != Some(&Token::AnyRun),
        anchored_end: tokens.last() != Some(&Token::AnyRun),
    }
}

impl General {
    fn matches(&self, text: &str) -> bool {
        if !self.has_star {
            let at_end = match self.segments.first() {
                Some(segment) => segment.match_at(text, 0),
                None => Some(0),
            };
            return at_end == Some(text.len());
        }

        let mut segments = self.segments.as_slice();
        let mut start = 0;
        let mut end = text.len();
        if self.anchored_start {
            let Some((first, rest)) = segments.split_first() else { return false };
            let Some(after) = first.match_at(text, 0) else { return false };
            start = after;
            segments = rest;
        }
        if self.anchored_end {
            let Some((last, rest)) = segments.split_last() else { return false };
            match last.match_before(text) {
                Some(before) if before >= start => end = before,
                Some(_) | None => return false,
            }
            segments = rest;
        }

        for segment in segments {
            let Some(after) = segment.find(&text[..end], start) else { return false };
            start = after;
        }
        true
    }
}

impl Segment {
    /// The byte offset where the segment ends when it matches `text` at byte offset `at`.
    fn match_at(&self, text: &str, at: usize) -> Option<usize> {
        let mut rest = text[at..].char_indices();
        for expected in &self.chars {
            let (_, c) = rest.next()?;
            if expected.is_some_and(|expected| expected != c) {
                return None;
            }
        }
        Some(rest.next().map_or(text.len(), |(offset, _)| at + offset))
    }

    /// The byte offset where the segment starts when it matches the end of `text`.
    fn match_before(&self, text: &str) -> Option<usize> {
        let mut rest = text.char_indices().rev();
        let mut start = text.len();
        for expected in self.chars.iter().rev() {
            let (offset, c) = rest.next()?;
            if expected.is_some_and(|expected| expected != c) {
                return None;
            }
            start = offset;
        }
        Some(start)
    }

    /// The end of the leftmost match in `text` starting at or after byte offset `from`.
    fn find(&self, text: &str, from: usize) -> Option<usize> {
        if let Some(literal) = &self.literal {
            return text[from..].find(literal.as_str()).map(|at| from + at + literal.len());
        }
        let mut at = from;
        loop {
            if let Some(end) = self.match_at(text, at) {
                return Some(end);
            }
            at += text[at..].chars().next()?.len_utf8();
        }
    }
}

/// Whether `text` equals `literal` ignoring case (see [`fold_char`]); no wildcards.
pub fn exact_insensitive(text: &str, literal: &str) -> bool {
    eq_ignore_case(text, literal)
}

/// Whether `text` starts with `prefix` ignoring case (see [`fold_char`]).
pub fn starts_with_insensitive(text: &str, prefix: &str) -> bool {
    if prefix.is_ascii() {
        match text.as_bytes().get(..prefix.len()) {
            Some(head) if head.is_ascii() => return head.eq_ignore_ascii_case(prefix.as_bytes()),
            Some(_) => {}
            None => return false,
        }
    }

    let mut chars = text.chars();
    prefix.chars().all(|p| chars.next().is_some_and(|c| fold_char(c) == fold_char(p)))
}

/// Whether `text` ends with `suffix` ignoring case (see [`fold_char`]).
pub fn ends_with_insensitive(text: &str, suffix: &str) -> bool {
    if suffix.is_ascii() {
        let Some(cut) = text.len().checked_sub(suffix.len()) else { return false };
        let tail = &text.as_bytes()[cut..];
        if tail.is_ascii() {
            return tail.eq_ignore_ascii_case(suffix.as_bytes());
        }
    }

    let mut chars = text.chars().rev();
    suffix.chars().rev().all(|s| chars.next().is_some_and(|c| fold_char(c) == fold_char(s)))
}

/// Whether `text` contains `needle` ignoring case (see [`fold_char`]); an empty needle is
/// contained in every text.
pub fn contains_insensitive(text: &str, needle: &str) -> bool {
    let Some((&first, rest)) = needle.as_bytes().split_first() else { return true };
    if !(needle.is_ascii() && text.is_ascii()) {
        return fold(text).contains(fold(needle).as_ref());
    }

    let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    let haystack = text.as_bytes();
    let Some(last_start) = haystack.len().checked_sub(needle.len()) else { return false };
    (0..=last_start).any(|at| {
        let byte = haystack[at];
        (byte == lower || byte == upper)
            && haystack[at + 1..at + needle.len()].eq_ignore_ascii_case(rest)
    })
}

/// A list of patterns, as in `field : ("a*", "*b", "c")`: matches when any pattern does.
///
/// Exact patterns are looked up in a hash set; a case-insensitive set folds the text once for
/// all its patterns.
#[derive(Clone, Debug)]
pub struct WildcardSet {
    case_insensitive: bool,
    matches_all: bool,
    /// Patterns without wildcards, folded when `case_insensitive`.
    exact: HashSet<String>,
    others: Vec<WildcardMatcher>,
}

impl WildcardSet {
    /// Compiles EQL patterns (see [`WildcardMatcher::new`]).
    pub fn new<'p>(
        patterns: impl IntoIterator<Item = &'p str>,
        case_insensitive: bool,
    ) -> WildcardSet {
        let mut set = WildcardSet {
            case_insensitive,
            matches_all: false,
            exact: HashSet::new(),
            others: Vec::new(),
        };
        for pattern in patterns {
            let matcher = WildcardMatcher::new(pattern, case_insensitive);
            match matcher.strategy {
                Strategy::Any => set.matches_all = true,
                Strategy::Exact(literal) => {
                    set.exact.insert(literal);
                }
                Strategy::Prefix(_)
                | Strategy::Suffix(_)
                | Strategy::Contains(_)
                | Strategy::General(_) => set.others.push(matcher),
            }
        }
        set
    }

    /// Whether `text` matches some pattern.
    pub fn matches(&self, text: &str) -> bool {
        if self.matches_all {
            return true;
        }

        let text: Cow<'_, str> =
            if self.case_insensitive { fold(text) } else { Cow::Borrowed(text) };
        self.exact.contains(text.as_ref()) || self.others.iter().any(|m| m.matches_prepared(&text))
    }

    /// Whether some pattern is only stars, so that every string matches.
    pub fn matches_all(&self) -> bool {
        self.matches_all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, text: &str) -> bool {
        WildcardMatcher::new(pattern, false).matches(text)
    }

    fn matches_insensitive(pattern: &str, text: &str) -> bool {
        WildcardMatcher::new(pattern, true).matches(text)
    }

    /// The pattern compiled to the general matcher, whatever its shape.
    fn general_only(pattern: &str, case_insensitive: bool) -> WildcardMatcher {
        let mut matcher = WildcardMatcher::new(pattern, case_insensitive);
        let tokens: Vec<Token> = pattern
            .chars()
            .map(|c| match c {
                '*' => Token::AnyRun,
                '?' => Token::AnyChar,
                c if case_insensitive => Token::Char(fold_char(c)),
                c => Token::Char(c),
            })
            .collect();
        matcher.strategy = Strategy::General(general(&tokens));
        matcher
    }

    /// A regex with the pattern's meaning: the oracle for the generated cases.
    fn oracle(pattern: &str, text: &str, case_insensitive: bool) -> bool {
        let (pattern, text) = if case_insensitive {
            (fold(pattern).into_owned(), fold(text).into_owned())
        } else {
            (pattern.to_string(), text.to_string())
        };
        let mut regex = String::from("(?s)^");
        for c in pattern.chars() {
            match c {
                '*' => regex.push_str(".*"),
                '?' => regex.push('.'),
                c => regex.push_str(&regex::escape(&c.to_string())),
            }
        }
        regex.push('$');
        regex::Regex::new(&regex).unwrap().is_match(&text)
    }

    #[test]
    fn star_matches_any_run_including_none() {
        assert!(matches("*", ""));
        assert!(matches("*", "anything"));
        assert!(matches("a*", "a"));
        assert!(matches("a*", "abc"));
        assert!(!matches("a*", "ba"));
        assert!(matches("*c", "abc"));
        assert!(matches("*b*", "abc"));
        assert!(matches("a*c", "ac"));
        assert!(matches("a*b*c", "aXbYc"));
        assert!(!matches("a*b*c", "aXcYb"));
        assert!(matches("**", ""));
    }

    #[test]
    fn question_mark_matches_exactly_one_character() {
        assert!(matches("?", "a"));
        assert!(!matches("?", ""));
        assert!(!matches("?", "ab"));
        assert!(matches("?", "é"), "one scalar, two bytes");
        assert!(matches("?", "😀"), "one scalar, two UTF-16 units");
        assert!(matches("a?c", "a😀c"));
        assert!(matches("*?", "x"));
        assert!(!matches("*??", "x"));
    }

    #[test]
    fn backslash_is_an_ordinary_character() {
        let pattern =
            r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Schedule\TaskCache\Tasks\*\Actions";
        let key = pattern.replace('*', "{ABC}");
        assert!(matches(pattern, &key));
        assert!(matches_insensitive(r"*\system32\*", r"C:\Windows\System32\cmd.exe"));
    }

    #[test]
    fn case_sensitivity() {
        assert!(!matches("explorer.*", "EXPLORER.EXE"));
        assert!(matches_insensitive("explorer.*", "EXPLORER.EXE"));
        assert!(matches_insensitive("*\u{212A}*", "kelvin"), "Kelvin sign folds with k");
        assert!(matches_insensitive("İ*", "iz"));
        assert!(matches_insensitive("σ?ς", "ΣΑΣ"));
        assert!(!matches_insensitive("ß", "ss"));
    }

    /// ES tests `seqSingleArgPattern`, `seqSingleArgPatternQuestionMark`,
    /// `seqMultipleArgsWildcardPattern(QuestionMark)`, `likeMultipleArgWithPattern(Insensitive)`
    /// and `likeMultipleArgsWildcardPatternQuestionMark(Insensitive)`.
    #[test]
    fn elasticsearch_spec_patterns() {
        let ids: Vec<u32> = (1..=30).filter(|id| matches("1*", &id.to_string())).collect();
        assert_eq!(ids, [1, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
        let ids: Vec<u32> = (1..=30).filter(|id| matches("1?", &id.to_string())).collect();
        assert_eq!(ids, [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);

        let set = WildcardSet::new(["winini*.exe", "lsass.*"], true);
        assert!(
            set.matches("wininit.exe") && set.matches("lsass.exe") && !set.matches("svchost.exe")
        );
        let set = WildcardSet::new(["winini?.exe", "lsass.e?e"], false);
        assert!(set.matches("wininit.exe") && set.matches("lsass.exe"));
        let set = WildcardSet::new(["winINI?.exE", "lSasS.E?E"], true);
        assert!(set.matches("wininit.exe") && set.matches("lsass.exe"));
        let set = WildcardSet::new(["winIni*.exe", "lSaSs.*"], false);
        assert!(!set.matches("wininit.exe") && !set.matches("lsass.exe"));
        // `concatCaseInsensitive`: `: "5:winINIT.exe3"`, an exact pattern.
        assert!(matches_insensitive("5:winINIT.exe3", "5:wininit.exe3"));
        // `between2`: `: "\\TestLogs\\something"` on `\TestLogs\something`.
        assert!(matches_insensitive(r"\TestLogs\something", r"\TestLogs\something"));
    }

    #[test]
    fn shapes() {
        let shape = |pattern: &str, ci: bool| {
            let matcher = WildcardMatcher::new(pattern, ci);
            format!("{:?}", matcher.shape())
        };
        assert_eq!(shape("*", false), "Any");
        assert_eq!(shape("***", false), "Any");
        assert_eq!(shape("", false), "Exact(\"\")");
        assert_eq!(shape("abc", false), "Exact(\"abc\")");
        assert_eq!(shape("ABC*", true), "Prefix(\"abc\")");
        assert_eq!(shape("**.exe", false), "Suffix(\".exe\")");
        assert_eq!(shape("*cmd*", false), "Contains(\"cmd\")");
        assert_eq!(shape("a*b", false), "General");
        assert_eq!(shape("a?", false), "General");
        assert_eq!(shape("?", false), "General");
    }

    #[test]
    fn lucene_syntax_escapes_with_backslash() {
        let matcher = WildcardMatcher::lucene(r"*\System32\cmd.exe", false);
        assert!(matcher.matches("xSystem32cmd.exe"), "`\\S` is a literal S");
        assert!(!matcher.matches(r"C:\Windows\System32\cmd.exe"));
        assert!(WildcardMatcher::lucene(r"a\*", false).matches("a*"));
        assert!(!WildcardMatcher::lucene(r"a\*", false).matches("ab"));
        assert!(WildcardMatcher::lucene("a\\", false).matches("a\\"), "a trailing backslash");
        assert!(WildcardMatcher::lucene("**", false).matches(""));
    }

    #[test]
    fn insensitive_strategies() {
        assert!(starts_with_insensitive("EXPLORER.EXE", "explorer."));
        assert!(starts_with_insensitive("\u{212A}elvin", "k"));
        assert!(starts_with_insensitive("k", "\u{212A}"), "prefix longer in bytes than text");
        assert!(!starts_with_insensitive("ex", "explorer"));
        assert!(starts_with_insensitive("", ""));
        assert!(ends_with_insensitive("cmd.EXE", ".exe"));
        assert!(ends_with_insensitive("aé", "É"));
        assert!(!ends_with_insensitive("exe", ".exe"));
        assert!(ends_with_insensitive("ſ", "S"));
        assert!(contains_insensitive("C:\\WINDOWS\\system32", "windows"));
        assert!(contains_insensitive("x", ""));
        assert!(contains_insensitive("aİb", "I"));
        assert!(!contains_insensitive("ab", "abc"));
        assert!(exact_insensitive("LSASS.exe", "lsass.EXE"));
    }

    struct Rng(u64);

    impl Rng {
        fn below(&mut self, bound: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            usize::try_from(self.0 % bound as u64).unwrap()
        }

        fn string(&mut self, alphabet: &[char], max: usize) -> String {
            (0..self.below(max + 1)).map(|_| alphabet[self.below(alphabet.len())]).collect()
        }
    }

    const TEXT_ALPHABET: &[char] = &[
        'a', 'b', 'A', 'B', 'é', 'É', '😀', 'k', 'K', '\u{212A}', 's', 'ſ', 'S', 'i', 'İ', 'ı',
        '\\',
    ];

    fn pattern_alphabet() -> Vec<char> {
        let mut alphabet = TEXT_ALPHABET.to_vec();
        alphabet.extend(['*', '*', '?']);
        alphabet
    }

    /// Every strategy agrees with the general matcher and with a regex, on generated patterns
    /// and texts made of multibyte characters, case variants, `*` and `?`.
    #[test]
    fn strategies_agree_with_the_general_matcher_and_a_regex() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let alphabet = pattern_alphabet();
        for round in 0..3000 {
            let mut pattern = rng.string(&alphabet, 5);
            match round % 4 {
                0 => pattern.push('*'),
                1 => pattern.insert(0, '*'),
                2 => pattern = format!("*{pattern}*"),
                _ => {}
            }
            let case_insensitive = round % 3 == 0;
            let matcher = WildcardMatcher::new(&pattern, case_insensitive);
            let general = general_only(&pattern, case_insensitive);
            for _ in 0..10 {
                let mut text = rng.string(TEXT_ALPHABET, 8);
                if rng.below(2) == 0 {
                    let literal: String = pattern.chars().filter(|c| !"*?".contains(*c)).collect();
                    text.insert_str(rng.below(2) * text.len(), &literal);
                }
                let expected = oracle(&pattern, &text, case_insensitive);
                assert_eq!(
                    matcher.matches(&text),
                    expected,
                    "{pattern:?} on {text:?} ci={case_insensitive}"
                );
                assert_eq!(general.matches(&text), expected, "general {pattern:?} on {text:?}");
                let set = WildcardSet::new([pattern.as_str(), "\u{0}never"], case_insensitive);
                assert_eq!(set.matches(&text), expected, "set {pattern:?} on {text:?}");
            }
        }
    }

    #[test]
    fn insensitive_functions_agree_with_folding_both_sides() {
        let mut rng = Rng(0xD1B5_4A32_D192_ED03);
        for _ in 0..20_000 {
            let text = rng.string(TEXT_ALPHABET, 6);
            let literal = rng.string(TEXT_ALPHABET, 3);
            let (folded_text, folded_literal) = (fold(&text), fold(&literal));
            let (t, l) = (folded_text.as_ref(), folded_literal.as_ref());
            assert_eq!(exact_insensitive(&text, &literal), t == l, "{text:?} {literal:?}");
            assert_eq!(
                starts_with_insensitive(&text, &literal),
                t.starts_with(l),
                "{text:?} {literal:?}"
            );
            assert_eq!(
                ends_with_insensitive(&text, &literal),
                t.ends_with(l),
                "{text:?} {literal:?}"
            );
            assert_eq!(
                contains_insensitive(&text, &literal),
                t.contains(l),
                "{text:?} {literal:?}"
            );
        }
    }

    #[test]
    fn sets_mix_exact_and_wildcard_patterns() {
        let set = WildcardSet::new(["cmd.exe", "*.ps1", "power*"], true);
        assert!(set.matches("CMD.EXE"));
        assert!(set.matches("Script.PS1"));
        assert!(set.matches("PowerShell.exe"));
        assert!(!set.matches("cmd.exe.bak"));
        assert!(!set.matches_all());
        assert!(WildcardSet::new(["x", "*"], false).matches_all());
        assert!(!WildcardSet::new([], false).matches("x"));
    }
}
