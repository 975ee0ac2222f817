//! Reading events from a byte stream: NDJSON (one object per line) or one JSON array of
//! objects, told apart by the first byte that is not whitespace.
//!
//! Both forms are read one event at a time, so memory is bounded by the largest event, not the
//! input. A malformed event is reported with its line and column and skipped; reading goes on.

use std::fmt;
use std::io::{self, BufRead};

use crate::event::{Event, EventError};

/// One event read, with the line it starts on.
#[derive(Clone, Debug, PartialEq)]
pub struct InputEvent {
    /// The event.
    pub event: Event,
    /// The 1-based line of the input where the event starts.
    pub line: usize,
}

/// A part of the input that is not an event, or a failure to read the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// The 1-based line of the problem.
    pub line: usize,
    /// The 1-based column of the problem, counted in bytes as serde_json counts them.
    pub column: usize,
    /// What is wrong, as serde_json or the reader puts it, without a trailing period.
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for InputError {}

/// Reads events from NDJSON or a JSON array, one at a time.
///
/// The first byte that is not whitespace (after an optional UTF-8 byte order mark) picks the
/// form: `[` opens one JSON array whose elements are events; anything else starts NDJSON,
/// one event per line, where blank lines are skipped. Lines may end in `\n` or `\r\n`.
///
/// Iteration yields each event or an [`InputError`] for each malformed one (a syntax error or
/// a JSON value that is not an object) and then carries on with the next. A failure of the
/// underlying reader, or anything after the array's closing `]`, ends the iteration after its
/// error. The reader counts what it yields: [`EventReader::events_read`] and
/// [`EventReader::rejected`].
#[derive(Debug)]
pub struct EventReader<R> {
    reader: R,
    form: Form,
    /// The bytes of the current line or array element; reused, so it grows only to the
    /// largest one.
    buffer: Vec<u8>,
    position: Position,
    /// An error found together with the event just yielded, to yield next.
    pending: Option<InputError>,
    done: bool,
    events_read: usize,
    rejected: usize,
}

impl<R: BufRead> EventReader<R> {
    /// A reader of the events in `reader`.
    pub fn new(reader: R) -> EventReader<R> {
        EventReader {
            reader,
            form: Form::Unknown,
            buffer: Vec::new(),
            position: Position { newlines: 0, column: 1 },
            pending: None,
            done: false,
            events_read: 0,
            rejected: 0,
        }
    }

    /// How many lines of input have been read so far, blank ones and a last line without a
    /// line break included.
    pub fn lines_read(&self) -> usize {
        self.position.newlines + usize::from(self.position.column > 1)
    }

    /// How many events have been yielded so far.
    pub fn events_read(&self) -> usize {
        self.events_read
    }

    /// How many errors have been yielded so far: one per malformed line or array element,
    /// plus one for a failure to read or for a broken array frame (a missing `]`, a stray
    /// `,`, data after the array). Blank lines are neither events nor rejected.
    pub fn rejected(&self) -> usize {
        self.rejected
    }

    fn read_next(&mut self) -> Option<Result<InputEvent, InputError>> {
        if let Some(error) = self.pending.take() {
            return Some(Err(error));
        }
        if self.done {
            return None;
        }

        if let Form::Unknown = self.form {
            match self.detect_form() {
                Ok(form) => self.form = form,
                Err(error) => return Some(Err(self.finish(error))),
            }
        }
        match self.form {
            Form::Unknown => None,
            Form::Lines => self.next_line(),
            Form::Array(_) => self.next_element(),
        }
    }

    /// Skips the byte order mark and leading whitespace, and consumes a `[` if one follows.
    /// Leaves the form [`Form::Unknown`] and the reader done when the input is blank.
    fn detect_form(&mut self) -> Result<Form, InputError> {
        const BOM: &[u8] = b"\xEF\xBB\xBF";
        let not_utf8 = |position: &Position| position.error("the input is not UTF-8".to_string());
        let mut bom_matched = 0;
        let mut examined = 0;
        loop {
            let chunk = fill_buf(&mut self.reader).map_err(|error| self.position.io(&error))?;
            if chunk.is_empty() && (1..BOM.len()).contains(&bom_matched) {
                return Err(not_utf8(&self.position));
            }
            if chunk.is_empty() {
                self.done = true;
                return Ok(Form::Unknown);
            }

            let mut used = 0;
            let mut form = None;
            for &byte in chunk {
                if examined == bom_matched && bom_matched < BOM.len() && byte == BOM[bom_matched] {
                    bom_matched += 1;
                    examined += 1;
                    used += 1;
                    continue;
                }
                if (1..BOM.len()).contains(&bom_matched) {
                    return Err(not_utf8(&self.position));
                }
                examined += 1;

                if byte == b'[' {
                    self.position.advance(byte);
                    used += 1;
                    form = Some(Form::Array(ArrayScan::new()));
                    break;
                }
                if !is_whitespace(byte) {
                    form = Some(Form::Lines);
                    break;
                }
                self.position.advance(byte);
                used += 1;
            }

            self.reader.consume(used);
            if let Some(form) = form {
                return Ok(form);
            }
        }
    }

    /// Reads NDJSON lines up to the next one that is not blank.
    fn next_line(&mut self) -> Option<Result<InputEvent, InputError>> {
        loop {
            self.buffer.clear();
            let read = match self.reader.read_until(b'\n', &mut self.buffer) {
                Ok(read) => read,
                Err(error) => return Some(Err(self.finish(self.position.io(&error)))),
            };
            if read == 0 {
                self.done = true;
                return None;
            }

            let start = (self.position.line(), self.position.column);
            if self.buffer.ends_with(b"\n") {
                self.position.newlines += 1;
                self.position.column = 1;
            } else {
                self.position.column += read;
            }

            let text = self.buffer.strip_suffix(b"\n").unwrap_or(&self.buffer);
            let text = text.strip_suffix(b"\r").unwrap_or(text);
            if text.iter().all(|&byte| is_whitespace(byte)) {
                continue;
            }
            return Some(parse_event(text, start));
        }
    }

    /// Scans the array up to the end of its next element and parses it.
    fn next_element(&mut self) -> Option<Result<InputEvent, InputError>> {
        let Form::Array(scan) = &mut self.form else {
            return None;
        };
        loop {
            let chunk = match fill_buf(&mut self.reader) {
                Ok(chunk) => chunk,
                Err(error) => {
                    let error = self.position.io(&error);
                    self.done = true;
                    return Some(Err(error));
                }
            };
            if chunk.is_empty() {
                self.done = true;
                return scan.end_of_input(&self.buffer, &self.position, &mut self.pending);
            }

            let (used, found) = scan.feed(chunk, &mut self.buffer, &mut self.position);
            self.reader.consume(used);
            match found {
                None => {}
                Some(Found::Element) => return Some(parse_event(&self.buffer, scan.start)),
                Some(Found::Error(error)) => return Some(Err(error)),
                Some(Found::TrailingData(error)) => {
                    self.done = true;
                    return Some(Err(error));
                }
            }
        }
    }

    /// Ends the iteration after `error`.
    fn finish(&mut self, error: InputError) -> InputError {
        self.done = true;
        error
    }
}

impl<R: BufRead> Iterator for EventReader<R> {
    type Item = Result<InputEvent, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        let item = self.read_next()?;
        match &item {
            Ok(_) => self.events_read += 1,
            Err(_) => self.rejected += 1,
        }
        Some(item)
    }
}

/// The form of the input, once its first byte has been seen.
#[derive(Debug)]
enum Form {
    /// Nothing seen yet, or a blank input.
    Unknown,
    /// NDJSON.
    Lines,
    /// One JSON array, its `[` consumed.
    Array(ArrayScan),
}

/// Where reading has reached: the line and column of the next byte.
#[derive(Debug)]
struct Position {
    /// Line breaks read so far.
    newlines: usize,
    /// The 1-based column of the next byte, in bytes.
    column: usize,
}

impl Position {
    fn line(&self) -> usize {
        self.newlines + 1
    }

    fn advance(&mut self, byte: u8) {
        if byte == b'\n' {
            self.newlines += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
    }

    fn error(&self, message: String) -> InputError {
        InputError { line: self.line(), column: self.column, message }
    }

    fn io(&self, error: &io::Error) -> InputError {
        self.error(format!("cannot read the input: {error}"))
    }
}

/// The state of the scan through a JSON array, which finds where each element's bytes begin
/// and end without parsing them.
#[derive(Debug)]
struct ArrayScan {
    place: Place,
    /// Open `{` and `[` inside the current element.
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// Line and column of the current element's first byte.
    start: (usize, usize),
}

/// Where in the array the scan is.
#[derive(Debug, PartialEq, Eq)]
enum Place {
    /// Just after the opening `[`.
    Open,
    /// Just after a `,`.
    Comma,
    /// Inside an element.
    Element,
    /// After the closing `]`.
    Closed,
}

/// What a scan found before the chunk ran out.
#[derive(Debug)]
enum Found {
    /// The current element is complete in the buffer.
    Element,
    /// A stray `,` or `]`; scanning can go on.
    Error(InputError),
    /// Data after the closing `]`; scanning stops.
    TrailingData(InputError),
}

impl ArrayScan {
    fn new() -> ArrayScan {
        ArrayScan { place: Place::Open, depth: 0, in_string: false, escaped: false, start: (1, 1) }
    }

    /// Scans `chunk` until an element ends or something is found, appending element bytes to
    /// `buffer`. Returns how many bytes of `chunk` were used, and what was found.
    fn feed(
        &mut self,
        chunk: &[u8],
        buffer: &mut Vec<u8>,
        position: &mut Position,
    ) -> (usize, Option<Found>) {
        let mut index = 0;
        while index < chunk.len() {
            let byte = chunk[index];
            let at = (position.line(), position.column);
            let error =
                |message: &str| InputError { line: at.0, column: at.1, message: message.into() };
            match self.place {
                Place::Element => {
                    let rest = &chunk[index..];
                    let Some(end) = self.element_end(rest, position) else {
                        buffer.extend_from_slice(rest);
                        return (chunk.len(), None);
                    };

                    buffer.extend_from_slice(&rest[..end]);
                    self.place = if rest[end] == b',' { Place::Comma } else { Place::Closed };
                    return (index + end + 1, Some(Found::Element));
                }
                Place::Open | Place::Comma | Place::Closed if is_whitespace(byte) => {}
                Place::Open | Place::Comma if byte == b',' => {
                    position.advance(byte);
                    return (index + 1, Some(Found::Error(error("expected an event before `,`"))));
                }
                Place::Open if byte == b']' => self.place = Place::Closed,
                Place::Comma if byte == b']' => {
                    position.advance(byte);
                    self.place = Place::Closed;
                    let found = Found::Error(error("expected an event after `,`, found `]`"));
                    return (index + 1, Some(found));
                }
                Place::Open | Place::Comma => {
                    self.place = Place::Element;
                    self.start = at;
                    (self.depth, self.in_string, self.escaped) = (0, false, false);
                    buffer.clear();
                    continue;
                }
                Place::Closed => {
                    position.advance(byte);
                    let found = Found::TrailingData(error("unexpected data after the array's `]`"));
                    return (index + 1, Some(found));
                }
            }
            position.advance(byte);
            index += 1;
        }
        (chunk.len(), None)
    }

    /// The index in `bytes` of the `,` or `]` that ends the current element, if they hold it.
    /// Moves `position` past that byte, or past all of `bytes`.
    fn element_end(&mut self, bytes: &[u8], position: &mut Position) -> Option<usize> {
        let mut line_start = None;
        let mut index = 0;
        let end = loop {
            let Some(&byte) = bytes.get(index) else {
                break None;
            };
            index += 1;

            if byte == b'\n' {
                position.newlines += 1;
                line_start = Some(index);
            }
            if self.escaped {
                self.escaped = false;
                continue;
            }
            if self.in_string {
                match byte {
                    b'\\' => self.escaped = true,
                    // A raw line break cannot be in a string: end the string there, so that
                    // an unterminated one does not swallow the elements after it.
                    b'"' | b'\n' => self.in_string = false,
                    // Most of an event is the inside of strings: skip it in one go.
                    _ => index += plain_len(&bytes[index..]),
                }
                continue;
            }
            match byte {
                b'"' => self.in_string = true,
                b'{' | b'[' => self.depth += 1,
                b'}' | b']' if self.depth > 0 => self.depth -= 1,
                b',' | b']' if self.depth == 0 => break Some(index - 1),
                _ => {}
            }
        };

        match line_start {
            Some(start) => position.column = index - start + 1,
            None => position.column += index,
        }
        end
    }

    /// What the end of the input means where the scan is: nothing after the `]`, an error
    /// otherwise. An element cut short by the end is still parsed, and if it is whole the
    /// missing `]` is reported through `pending`, after it.
    fn end_of_input(
        &self,
        buffer: &[u8],
        position: &Position,
        pending: &mut Option<InputError>,
    ) -> Option<Result<InputEvent, InputError>> {
        let unclosed = position.error("the input ends before the array's closing `]`".into());
        match self.place {
            Place::Closed => None,
            Place::Open | Place::Comma => Some(Err(unclosed)),
            Place::Element => {
                let parsed = parse_event(buffer, self.start);
                if parsed.is_ok() {
                    *pending = Some(unclosed);
                }
                Some(parsed)
            }
        }
    }
}

/// Reads the bytes of one event, which start at line and column `start` of the input.
fn parse_event(bytes: &[u8], start: (usize, usize)) -> Result<InputEvent, InputError> {
    let (line, column) = start;
    let error = match Event::from_slice(bytes) {
        Ok(event) => return Ok(InputEvent { event, line }),
        Err(error) => error,
    };

    match error {
        EventError::Syntax { line: inner_line, column: inner_column, message } => {
            let (line, column) = match inner_line {
                0 | 1 => (line, (column + inner_column).saturating_sub(1)),
                _ => (line + inner_line - 1, inner_column),
            };
            Err(InputError { line, column: column.max(1), message })
        }
        EventError::NotAnObject { .. } | EventError::TooLarge { .. } => {
            let indent = bytes.iter().take_while(|&&byte| is_whitespace(byte)).count();
            Err(InputError { line, column: column + indent, message: error.to_string() })
        }
    }
}

/// How many bytes of string contents start `bytes`: those before the first `"`, `\` or line
/// feed. Tests eight bytes at a time.
fn plain_len(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // The high bit of each zero byte of `word`, and perhaps of bytes above the lowest one.
    let zero_bytes = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS;

    let mut index = 0;
    for eight in bytes.chunks_exact(8) {
        let mut word = [0; 8];
        word.copy_from_slice(eight);
        let word = u64::from_le_bytes(word);

        let special = zero_bytes(word ^ (ONES * u64::from(b'"')))
            | zero_bytes(word ^ (ONES * u64::from(b'\\')))
            | zero_bytes(word ^ (ONES * u64::from(b'\n')));
        if special != 0 {
            return index + special.trailing_zeros() as usize / 8;
        }
        index += 8;
    }

    let rest = &bytes[index..];
    index + rest.iter().position(|byte| matches!(byte, b'"' | b'\\' | b'\n')).unwrap_or(rest.len())
}

/// `BufRead::fill_buf`, retried when interrupted.
///
/// The buffer is filled in the loop and borrowed after it, because returning the borrow from
/// inside the loop does not pass today's borrow checker; the second call only hands back what
/// the first buffered.
fn fill_buf<R: BufRead>(reader: &mut R) -> io::Result<&[u8]> {
    loop {
        match reader.fill_buf() {
            Ok(_) => break,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        }
    }
    reader.fill_buf()
}

/// JSON's whitespace: space, tab, line feed, carriage return.
fn is_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

#[cfg(test)]
mod tests {
    use super::*;
    use io::{BufReader, Read};
    use serde_json::json;

    /// What reading `input` yields, as `line: json` for events and `line:column message` for
    /// errors, through a buffer of `capacity` bytes.
    fn read_with(input: &[u8], capacity: usize) -> Vec<String> {
        let reader = EventReader::new(BufReader::with_capacity(capacity, input));
        reader
            .map(|item| match item {
                Ok(InputEvent { event, line }) => format!("{line}: {}", event.json()),
                Err(InputError { line, column, message }) => format!("{line}:{column} {message}"),
            })
            .collect()
    }

    /// [`read_with`], checking that every buffer size from one byte up reads the same.
    fn read(input: &str) -> Vec<String> {
        let expected = read_with(input.as_bytes(), 8192);
        for capacity in [1, 2, 3, 5, 16] {
            assert_eq!(read_with(input.as_bytes(), capacity), expected, "capacity {capacity}");
        }
        expected
    }

    #[test]
    fn ndjson_is_one_event_per_line() {
        let input = "{\"a\":1}\n{\"b\":{\"c\":[2]}}\n";
        assert_eq!(read(input), ["1: {\"a\":1}", "2: {\"b\":{\"c\":[2]}}"]);

        let mut reader = EventReader::new(input.as_bytes());
        let first = reader.next().unwrap().unwrap();
        assert_eq!(first.event.field("a").first(), Some(&crate::value::Value::Long(1)));
        assert_eq!(reader.by_ref().count(), 1);
        assert_eq!((reader.lines_read(), reader.events_read(), reader.rejected()), (2, 2, 0));
    }

    #[test]
    fn blank_lines_are_skipped_but_keep_their_numbers() {
        let input = "\n{\"a\":1}\n   \n\t\n{\"a\":2}";
        assert_eq!(read(input), ["2: {\"a\":1}", "5: {\"a\":2}"]);

        let mut reader = EventReader::new(input.as_bytes());
        reader.by_ref().for_each(drop);
        assert_eq!((reader.lines_read(), reader.events_read(), reader.rejected()), (5, 2, 0));
        assert_eq!(read("\n  \n"), Vec::<String>::new());
        assert_eq!(read(""), Vec::<String>::new());
    }

    #[test]
    fn a_malformed_line_is_reported_and_reading_goes_on() {
        let input = "{\"a\":1}\n{\"a\" 2}\n[1]\n  \"x\"\n{\"a\":3}\n{\"a\":\n";
        assert_eq!(
            read(input),
            [
                "1: {\"a\":1}",
                "2:6 expected `:`",
                "3:1 an event must be a JSON object, found a JSON array",
                "4:3 an event must be a JSON object, found a JSON string",
                "5: {\"a\":3}",
                "6:5 EOF while parsing a value",
            ]
        );

        let mut reader = EventReader::new(input.as_bytes());
        reader.by_ref().for_each(drop);
        assert_eq!((reader.lines_read(), reader.events_read(), reader.rejected()), (6, 2, 4));
    }

    #[test]
    fn invalid_utf8_is_a_malformed_line() {
        let input = b"{\"a\":\"\xff\"}\n{}\n";
        assert_eq!(read_with(input, 8192), ["1:7 invalid UTF-8", "2: {}"]);
    }

    #[test]
    fn crlf_line_ends_and_a_byte_order_mark_are_accepted() {
        let input = "\u{feff}{\"a\":1}\r\n\r\n{\"a\" 2}\r\n{\"a\":3}\r\n";
        assert_eq!(read(input), ["1: {\"a\":1}", "3:6 expected `:`", "4: {\"a\":3}"]);
        assert_eq!(read("\u{feff}[{\"a\":1}]"), ["1: {\"a\":1}"]);
        assert_eq!(read("\u{feff}  {\"a\" 1}"), ["1:8 expected `:`"], "columns skip the mark");
        assert_eq!(read_with(b"\xef\xbb{}", 8192), ["1:1 the input is not UTF-8"]);
    }

    #[test]
    fn leading_whitespace_counts_in_columns() {
        assert_eq!(read("\n   {\"a\" 1}\n"), ["2:9 expected `:`"]);
        let element = "2:5 an event must be a JSON object, found a JSON number";
        assert_eq!(read("\n   [1]\n"), [element], "`[` opens an array");
    }

    #[test]
    fn an_array_is_read_element_by_element() {
        let input = "[\n  {\"a\": 1},\n  {\"a\": 2}, {\"a\": 3}\n]\n";
        assert_eq!(read(input), ["2: {\"a\":1}", "3: {\"a\":2}", "3: {\"a\":3}"]);
        assert_eq!(read("[]"), Vec::<String>::new());
        assert_eq!(read(" \r\n[ \r\n ] \n"), Vec::<String>::new());
    }

    #[test]
    fn brackets_and_quotes_inside_strings_do_not_end_an_element() {
        let input = r#"[{"s": "a],\"}{[", "t": "\\"}, {"u": ["]", {"v": "}"}]}]"#;
        let events: Vec<_> = EventReader::new(input.as_bytes()).map(Result::unwrap).collect();
        assert_eq!(events[0].event.json(), &json!({"s": "a],\"}{[", "t": "\\"}));
        assert_eq!(events[1].event.json(), &json!({"u": ["]", {"v": "}"}]}));
        assert_eq!(events.len(), 2);
    }

    #[test]
    fn a_malformed_element_is_reported_and_reading_goes_on() {
        let input = "[\n {\"a\": 1},\n {\"a\" 2},\n \"str\",\n {\"a\":\n  x},\n {\"a\": 3}\n]";
        assert_eq!(
            read(input),
            [
                "2: {\"a\":1}",
                "3:7 expected `:`",
                "4:2 an event must be a JSON object, found a JSON string",
                "6:3 expected value",
                "7: {\"a\":3}",
            ]
        );

        let mut reader = EventReader::new(input.as_bytes());
        reader.by_ref().for_each(drop);
        assert_eq!((reader.lines_read(), reader.events_read(), reader.rejected()), (8, 2, 3));
    }

    #[test]
    fn line_breaks_in_malformed_strings_still_count() {
        let input = "[{\"a\": \"x\\\ny\"},\n {\"b\" 1}]";
        assert_eq!(read(input), ["2:1 invalid escape", "3:7 expected `:`"]);
    }

    #[test]
    fn a_broken_array_frame_is_reported() {
        assert_eq!(read("[,{}]"), ["1:2 expected an event before `,`", "1: {}"]);
        assert_eq!(read("[{}, ,{}]"), ["1: {}", "1:6 expected an event before `,`", "1: {}"]);
        assert_eq!(read("[{},\n]"), ["1: {}", "2:1 expected an event after `,`, found `]`"]);
        assert_eq!(read("[{}] x {}"), ["1: {}", "1:6 unexpected data after the array's `]`"]);
        assert_eq!(read("[{}\n"), ["1: {}", "2:1 the input ends before the array's closing `]`"]);
        assert_eq!(read("[{}, "), ["1: {}", "1:6 the input ends before the array's closing `]`"]);
        assert_eq!(read("["), ["1:2 the input ends before the array's closing `]`"]);
        assert_eq!(read("[{\"a\": "), ["1:7 EOF while parsing a value"]);
    }

    #[test]
    fn memory_is_bounded_by_the_largest_event() {
        let element = r#"{"process": {"name": "cmd.exe", "args": ["/c", "whoami"]}}"#;
        let count = 20_000;
        let array = format!("[{}]", vec![element; count].join(",\n"));
        let lines = vec![element; count].join("\n");

        for input in [array, lines] {
            let mut reader = EventReader::new(BufReader::new(input.as_bytes()));
            assert_eq!(reader.by_ref().filter(Result::is_ok).count(), count);
            assert!(reader.buffer.capacity() < 4 * element.len(), "{}", reader.buffer.capacity());
        }
    }

    #[test]
    fn plain_string_contents_end_at_a_quote_backslash_or_line_feed() {
        assert_eq!(plain_len(b""), 0);
        assert_eq!(plain_len(b"abc"), 3);
        assert_eq!(plain_len(b"\"abcdefghij"), 0);
        for at in 0..20 {
            for special in [b'"', b'\\', b'\n'] {
                let mut bytes = vec![b'x'; 24];
                bytes[at] = special;
                bytes[at + 2] = b'"';
                assert_eq!(plain_len(&bytes), at, "{} at {at}", special as char);
            }
        }
        assert_eq!(plain_len("é€😀 ok".as_bytes()), 12, "no byte of UTF-8 text is special");
    }

    #[test]
    fn a_read_failure_ends_the_input() {
        struct Failing;
        impl Read for Failing {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("disk on fire"))
            }
        }

        let mut reader = EventReader::new(BufReader::new(b"{}\n".chain(Failing)));
        assert_eq!(reader.next().unwrap().unwrap().line, 1);
        let error = reader.next().unwrap().unwrap_err();
        assert_eq!(error.to_string(), "line 2, column 1: cannot read the input: disk on fire");
        assert!(reader.next().is_none());
        assert_eq!(reader.rejected(), 1);

        let mut reader = EventReader::new(BufReader::new(b"[{}, ".chain(Failing)));
        assert!(reader.next().unwrap().is_ok());
        assert!(reader.next().unwrap().unwrap_err().message.contains("disk on fire"));
        assert!(reader.next().is_none());
    }
}
