//! Java `String` behaviour on Rust strings, as Elasticsearch's EQL functions observe it:
//! lengths and indices counted in UTF-16 code units, `compareTo` order, `toLowerCase(Locale.ROOT)`
//! and the per-character case equivalence behind `in~`, `:` and the `~` functions.
//!
//! [`compare`](crate::compare), [`wildcard`](crate::wildcard) and
//! [`functions`](crate::functions) build on these helpers; nothing here knows about EQL.

use std::borrow::Cow;
use std::cmp::Ordering;

/// The Unicode replacement character, standing in for half of a surrogate pair that Java would
/// keep as a lone surrogate but a Rust string cannot hold.
pub const LONE_SURROGATE: char = '\u{FFFD}';

/// Java's `String.length()`: the number of UTF-16 code units, so a character outside the Basic
/// Multilingual Plane (an emoji, say) counts as two.
pub fn utf16_len(text: &str) -> usize {
    text.bytes().map(|byte| usize::from(byte & 0xC0 != 0x80) + usize::from(byte >= 0xF0)).sum()
}

/// The UTF-16 index of the character starting at byte offset `byte` of `text`.
pub fn utf16_index(text: &str, byte: usize) -> usize {
    utf16_len(&text[..byte])
}

/// Where a UTF-16 index falls in a Rust string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Utf16Position {
    /// On a character boundary, at this byte offset.
    Boundary(usize),
    /// Between the two halves of the surrogate pair of the character starting at this byte
    /// offset.
    InsidePair(usize),
    /// Past the end of the string.
    OutOfRange,
}

/// Locates UTF-16 index `index` in `text`.
pub fn utf16_position(text: &str, index: usize) -> Utf16Position {
    if text.is_ascii() {
        return if index <= text.len() {
            Utf16Position::Boundary(index)
        } else {
            Utf16Position::OutOfRange
        };
    }

    let mut units = 0;
    for (byte, c) in text.char_indices() {
        if units == index {
            return Utf16Position::Boundary(byte);
        }
        units += c.len_utf16();
        if units > index {
            return Utf16Position::InsidePair(byte);
        }
    }
    if units == index { Utf16Position::Boundary(text.len()) } else { Utf16Position::OutOfRange }
}

/// Java's `s.substring(start, end)` for `0 <= start <= end <= s.length()`, in UTF-16 units.
///
/// Returns `None` when the range is out of bounds, where Java throws
/// `StringIndexOutOfBoundsException`. A bound that splits a surrogate pair leaves half a
/// character, which Java keeps as a lone surrogate; here it becomes [`LONE_SURROGATE`].
pub fn utf16_substring(text: &str, start: usize, end: usize) -> Option<Cow<'_, str>> {
    if start > end {
        return None;
    }
    let (first, last) = (utf16_position(text, start), utf16_position(text, end));
    match (first, last) {
        (Utf16Position::OutOfRange, _) | (_, Utf16Position::OutOfRange) => None,
        (Utf16Position::Boundary(from), Utf16Position::Boundary(to)) => {
            Some(Cow::Borrowed(&text[from..to]))
        }
        (Utf16Position::Boundary(_) | Utf16Position::InsidePair(_), _) => {
            Some(Cow::Owned(split_pair_substring(text, start, end)))
        }
    }
}

/// The slow path of [`utf16_substring`]: walks the characters and keeps whatever part of each
/// overlaps `start..end`.
fn split_pair_substring(text: &str, start: usize, end: usize) -> String {
    let mut result = String::new();
    let mut units = 0;
    for c in text.chars() {
        let width = c.len_utf16();
        let (from, to) = (units.max(start), (units + width).min(end));
        if from < to {
            result.push(if to - from == width { c } else { LONE_SURROGATE });
        }
        units += width;
    }
    result
}

/// Java's `String.compareTo`: lexicographic over UTF-16 code units.
///
/// This is Rust's byte (and code point) order except between a character above U+FFFF, whose
/// first unit is a surrogate (0xD800..0xDBFF), and one in U+E000..U+FFFF, which Java sorts
/// after it.
pub fn compare_utf16(a: &str, b: &str) -> Ordering {
    let Some(mismatch) = a.bytes().zip(b.bytes()).position(|(x, y)| x != y) else {
        return a.len().cmp(&b.len());
    };

    let mut start = mismatch;
    while !a.is_char_boundary(start) {
        start -= 1;
    }
    match (a[start..].chars().next(), b[start..].chars().next()) {
        (Some(x), Some(y)) => utf16_key(x).cmp(&utf16_key(y)),
        (None, _) | (_, None) => a.len().cmp(&b.len()),
    }
}

/// A key whose order between two characters is the order of their UTF-16 encodings: characters
/// U+E000..U+FFFF move above every supplementary character.
fn utf16_key(c: char) -> u32 {
    let code = u32::from(c);
    if (0xE000..=0xFFFF).contains(&code) { code + 0x11_0000 } else { code }
}

/// Java's `toLowerCase(Locale.ROOT)`: the full Unicode lowercase mapping, context-sensitive
/// final sigma included, which may change the length (`İ` becomes `i̇`, two units).
pub fn to_lower_root(text: &str) -> Cow<'_, str> {
    if text.bytes().all(|byte| byte.is_ascii() && !byte.is_ascii_uppercase()) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.to_lowercase())
    }
}

/// The representative of `c`'s case class: Java's
/// `Character.toLowerCase(Character.toUpperCase(c))`, both simple (one-to-one) mappings.
///
/// Two characters are equal ignoring case exactly when their folds are equal. This is Java's
/// `String.compareToIgnoreCase` (the script path of `in~` and `:`), and, but for three pairs
/// that only Lucene joins (U+0390/U+1FD3, U+03B0/U+1FE3, U+FB05/U+FB06), the character classes
/// of Lucene 10's case-insensitive term, prefix and wildcard queries (the field path): `k`, `K`
/// and the Kelvin sign fold together, as do `s`, `S` and `ſ`, `σ`, `ς` and `Σ`, and `i`, `I`,
/// `İ` and `ı`.
//
// FIXME: Elasticsearch 8 (Lucene 9) builds its case-insensitive queries from one alternative
// per character (`toUpperCase` of a lowercase letter, else `toLowerCase`), so there `k` does
// not match the Kelvin sign nor `σ` the final `ς`. Modelling both versions would need a
// version switch.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    simple_lowercase(simple_uppercase(c))
}

/// Java's `Character.toUpperCase`: the simple mapping, so a character whose full uppercase is
/// several characters (`ß`, `ŉ`) maps to itself.
fn simple_uppercase(c: char) -> char {
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(single), None) => single,
        (Some(_), Some(_)) | (None, _) => c,
    }
}

/// Java's `Character.toLowerCase`: the simple mapping. Only `İ` has a longer full lowercase
/// (`i̇`); its simple lowercase is `i`.
fn simple_lowercase(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(single), None) => single,
        (Some(first), Some(_)) => first,
        (None, _) => c,
    }
}

/// Whether `a` and `b` are equal ignoring case, character by character (see [`fold_char`]).
pub fn eq_ignore_case(a: &str, b: &str) -> bool {
    if a.len() == b.len() && a.eq_ignore_ascii_case(b) {
        return true;
    }
    a.chars().map(fold_char).eq(b.chars().map(fold_char))
}

/// `text` with every character replaced by its [`fold_char`], borrowed when nothing changes.
pub fn fold(text: &str) -> Cow<'_, str> {
    if text.bytes().all(|byte| byte.is_ascii() && !byte.is_ascii_uppercase()) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().map(fold_char).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};

    #[test]
    fn lengths_count_utf16_units() {
        assert_eq!(utf16_len(""), 0);
        assert_eq!(utf16_len("abc"), 3);
        assert_eq!(utf16_len("é"), 1);
        assert_eq!(utf16_len("€"), 1);
        assert_eq!(utf16_len("😀"), 2);
        assert_eq!(utf16_len("a😀b"), 4);
        for text in ["", "a", "é€😀x", "\u{10FFFF}\u{FFFF}"] {
            assert_eq!(utf16_len(text), text.encode_utf16().count(), "{text:?}");
        }
    }

    #[test]
    fn positions_inside_a_surrogate_pair() {
        assert_eq!(utf16_position("a😀b", 0), Utf16Position::Boundary(0));
        assert_eq!(utf16_position("a😀b", 1), Utf16Position::Boundary(1));
        assert_eq!(utf16_position("a😀b", 2), Utf16Position::InsidePair(1));
        assert_eq!(utf16_position("a😀b", 3), Utf16Position::Boundary(5));
        assert_eq!(utf16_position("a😀b", 4), Utf16Position::Boundary(6));
        assert_eq!(utf16_position("a😀b", 5), Utf16Position::OutOfRange);
        assert_eq!(utf16_position("ab", 3), Utf16Position::OutOfRange);
    }

    #[test]
    fn substrings_by_utf16_units() {
        assert_eq!(utf16_substring("a😀b", 1, 3).as_deref(), Some("😀"));
        assert_eq!(utf16_substring("a😀b", 0, 2).as_deref(), Some("a\u{FFFD}"));
        assert_eq!(utf16_substring("a😀b", 2, 4).as_deref(), Some("\u{FFFD}b"));
        assert_eq!(utf16_substring("😀", 1, 1).as_deref(), Some(""));
        assert_eq!(utf16_substring("abc", 2, 1), None, "begin after end throws in Java");
        assert_eq!(utf16_substring("abc", 1, 4), None, "end past the length throws in Java");
        assert!(matches!(utf16_substring("abc", 1, 2), Some(Cow::Borrowed("b"))));
    }

    #[test]
    fn comparison_follows_utf16_code_units() {
        assert_eq!(compare_utf16("a", "b"), Ordering::Less);
        assert_eq!(compare_utf16("ab", "a"), Ordering::Greater);
        assert_eq!(compare_utf16("", ""), Ordering::Equal);
        assert_eq!(compare_utf16("S", "s"), Ordering::Less, "0x53 < 0x73");
        assert_eq!(compare_utf16("System", "System Idle Process"), Ordering::Less);
        // Rust orders U+FF21 before U+1F600; Java's surrogate 0xD83D sorts before 0xFF21.
        assert_eq!("\u{FF21}".cmp("\u{1F600}"), Ordering::Less);
        assert_eq!(compare_utf16("\u{FF21}", "\u{1F600}"), Ordering::Greater);
        assert_eq!(compare_utf16("x\u{E000}", "x\u{10000}"), Ordering::Greater);
        assert_eq!(compare_utf16("\u{D7FF}", "\u{10000}"), Ordering::Less);
        assert_eq!(compare_utf16("\u{10000}", "\u{10001}"), Ordering::Less);
    }

    #[test]
    fn comparison_agrees_with_utf16_encoding_on_generated_strings() {
        let alphabet =
            ['a', 'é', '\u{D7FF}', '\u{E000}', '\u{FFFF}', '\u{10000}', '😀', '\u{10FFFF}'];
        let mut state = 0x2545_F491_u64;
        let mut next = |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % bound as u64).unwrap_or(0)
        };
        for _ in 0..2000 {
            let a: String = (0..next(4)).map(|_| alphabet[next(alphabet.len())]).collect();
            let b: String = (0..next(4)).map(|_| alphabet[next(alphabet.len())]).collect();
            let expected = a.encode_utf16().cmp(b.encode_utf16());
            assert_eq!(compare_utf16(&a, &b), expected, "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn lowercase_is_the_full_root_locale_mapping() {
        assert_eq!(to_lower_root("EXPLORER.EXE"), "explorer.exe");
        assert!(matches!(to_lower_root("already"), Cow::Borrowed(_)));
        assert_eq!(to_lower_root("İ"), "i\u{307}", "two UTF-16 units, as in Java");
        assert_eq!(to_lower_root("ΟΔΟΣ"), "οδος", "final sigma");
    }

    #[test]
    fn folding_groups_the_case_variants_java_and_lucene_accept() {
        for (a, b) in [
            ('a', 'A'),
            ('k', '\u{212A}'),
            ('s', 'ſ'),
            ('σ', 'ς'),
            ('Σ', 'ς'),
            ('i', 'İ'),
            ('I', 'ı'),
            ('ß', 'ẞ'),
            ('µ', 'μ'),
            ('ǅ', 'ǆ'),
            ('\u{1F80}', '\u{1F88}'),
            ('𐐀', '𐐨'),
        ] {
            assert_eq!(fold_char(a), fold_char(b), "{a:?} and {b:?}");
        }
        assert_ne!(fold_char('a'), fold_char('b'));
        assert_ne!(fold_char('ß'), fold_char('s'), "no full case folding: ß is not ss");
        assert!(eq_ignore_case("EXPLORER.exe", "explorer.EXE"));
        assert!(eq_ignore_case("ΣΊΣΥΦΟΣ", "σίσυφος"));
        assert!(!eq_ignore_case("strasse", "straße"));
        assert_eq!(fold("WinINIT.exe"), "wininit.exe");
    }

    #[test]
    fn folding_is_idempotent() {
        for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
            assert_eq!(fold_char(fold_char(c)), fold_char(c), "{c:?} U+{:04X}", u32::from(c));
        }
    }

    /// Every simple case-folding class (Unicode `CaseFolding.txt`, which Lucene 10's
    /// case-insensitive automata follow) folds to one representative, bar the three pairs that
    /// Java's simple case mappings keep apart.
    #[test]
    fn folding_agrees_with_unicode_simple_case_folding() {
        let mut disagreements = Vec::new();
        for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
            let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
            class.case_fold_simple();
            for range in class.iter() {
                for other in range.start()..=range.end() {
                    if fold_char(other) != fold_char(c) && c < other {
                        disagreements.push((c, other));
                    }
                }
            }
        }
        let lucene_only = [('\u{390}', '\u{1FD3}'), ('\u{3B0}', '\u{1FE3}'), ('ﬅ', 'ﬆ')];
        assert_eq!(disagreements, lucene_only);
    }
}
