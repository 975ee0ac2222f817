//! Events as rules read them: one JSON object, and the values found at a field path.
//!
//! A path such as `process.parent.name` reaches its values through nested objects, dotted keys
//! or any mix of the two, and through arrays, as Elasticsearch sees a document once it has
//! flattened it. An event keeps its JSON text and a compact tree of where each key and value
//! lies in it, so reading one allocates nothing per string, and a lookup walks only the keys on
//! its path.

mod tree;

use std::borrow::Cow;
use std::fmt;
use std::iter::Chain;
use std::sync::OnceLock;
use std::{option, slice, vec};

use serde_json::{Map, Value as Json};

use crate::time::Timestamp;
use crate::value::Value;
use tree::{Member, Node, Span, Text, Tree};

/// One event: a JSON object.
#[derive(Clone)]
pub struct Event {
    /// The JSON text the event was read from.
    text: String,
    /// Where each key and value of `text` lies, plus the fields inserted since.
    tree: Tree,
    /// The members of the event's top-level object, in `tree.members`.
    root: Span,
    /// Fields inserted before [`Event::json`] was first asked for, to add to it then.
    inserted: Vec<(String, Json)>,
    /// The event as a `serde_json` value, decoded from `text` when first asked for.
    json: OnceLock<Json>,
    /// The first timestamp field read, and what it held.
    timestamp: OnceLock<(Box<str>, Result<Timestamp, TimestampError>)>,
}

impl Event {
    /// Reads an event from its JSON text, which must be one object.
    pub fn from_slice(bytes: &[u8]) -> Result<Event, EventError> {
        let text = String::from_utf8(bytes.to_vec()).map_err(|error| {
            let valid = &bytes[..error.utf8_error().valid_up_to()];
            let line_start = valid.iter().rposition(|&byte| byte == b'\n').map_or(0, |at| at + 1);
            let line = 1 + valid.iter().filter(|&&byte| byte == b'\n').count();
            let column = valid.len() - line_start + 1;
            EventError::Syntax { line, column, message: "invalid UTF-8".to_string() }
        })?;
        Event::from_text(text)
    }

    /// Reads an event from its JSON text, which must be one object.
    pub fn from_text(text: String) -> Result<Event, EventError> {
        let (tree, root) = Tree::decode(&text)?;
        Ok(Event {
            text,
            tree,
            root,
            inserted: Vec::new(),
            json: OnceLock::new(),
            timestamp: OnceLock::new(),
        })
    }

    /// Wraps a decoded JSON value, which must be an object.
    pub fn from_json(json: Json) -> Result<Event, EventError> {
        match json {
            Json::Object(_) => {}
            Json::Null | Json::Bool(_) | Json::Number(_) | Json::String(_) | Json::Array(_) => {
                return Err(EventError::NotAnObject { found: json_type(&json) });
            }
        }

        let event = Event::from_text(json.to_string())?;
        // The value is at hand, so `json()` need not decode the text again.
        let _ = event.json.set(json);
        Ok(event)
    }

    /// The JSON text the event was read from, byte for byte, without the fields
    /// [`Event::insert`]ed since: the event as given, for printing a match.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The event as given, plus the fields [`Event::insert`]ed since, for printing a match.
    ///
    /// Decoded on the first call, so a reader that only matches never pays for it. Of a key
    /// repeated in one object, only the last value shows here.
    pub fn json(&self) -> &Json {
        self.json.get_or_init(|| {
            // The text decoded once already, into the tree; it cannot fail now.
            let mut json = serde_json::from_str(&self.text).unwrap_or(Json::Object(Map::new()));
            if let Json::Object(map) = &mut json {
                for (path, value) in &self.inserted {
                    map.insert(path.clone(), value.clone());
                }
            }
            json
        })
    }

    /// Every value at the dotted `path`, in the way Elasticsearch indexes a document.
    ///
    /// Each level may spell the path with nested objects (`{"process": {"name": ..}}`), dotted
    /// keys (`{"process.name": ..}`) or a mix (`{"process": {"pe.original_file_name": ..}}`);
    /// every spelling present contributes, in document order, and so does every member of a
    /// key repeated in one object. Arrays hold several values: they are flattened at the end
    /// of the path, and the path continues into each object they hold. JSON `null`, empty
    /// arrays and objects at the end of the path contribute no value: Elasticsearch indexes
    /// no value for the first two, and an object is not a field value but a parent of fields.
    pub fn field(&self, path: &str) -> FieldValues<'_> {
        let mut values = FieldValues::default();
        self.collect_in_object(self.root, path, &mut values);
        values
    }

    /// Sets the top-level key `path` (dots and all) to `value`, replacing that key if present,
    /// so a harness can add a field or alias one (`event.category` for `event_type`).
    ///
    /// Values the event holds at the same path in other spellings stay visible to
    /// [`Event::field`].
    ///
    /// # Panics
    ///
    /// When the event's strings, members or elements pass 4 GiB.
    pub fn insert(&mut self, path: &str, value: Json) {
        let node = self.tree.add_json(&value);
        let key = self.tree.add_decoded(path);
        let kept: Vec<Member> = self.tree.members[self.root.range()]
            .iter()
            .filter(|member| self.str(member.key) != path)
            .copied()
            .collect();

        let start = self.tree.members.len();
        self.tree.members.extend(kept);
        self.tree.members.push(Member { key, value: node });
        self.root = Span::new(start, self.tree.members.len() - start);

        self.timestamp = OnceLock::new();
        match self.json.get_mut() {
            Some(Json::Object(map)) => {
                map.insert(path.to_string(), value);
            }
            Some(_) | None => self.inserted.push((path.to_string(), value)),
        }
    }

    /// The instant in the single value of `field`: epoch milliseconds (a JSON number or a
    /// numeric string) or an ISO-8601 text, as [`Timestamp::parse`] reads it.
    ///
    /// Every rule run over an event reads its timestamp, so the first field asked for is
    /// remembered with its answer.
    pub fn timestamp(&self, field: &str) -> Result<Timestamp, TimestampError> {
        let (cached_field, cached) =
            self.timestamp.get_or_init(|| (field.into(), self.read_timestamp(field)));
        if cached_field.as_ref() == field { cached.clone() } else { self.read_timestamp(field) }
    }

    fn read_timestamp(&self, field: &str) -> Result<Timestamp, TimestampError> {
        let values = self.field(field);
        let value = match (values.first(), values.len()) {
            (None, _) => return Err(TimestampError::Missing { field: field.to_string() }),
            (Some(value), 1) => value,
            (Some(_), count) => {
                return Err(TimestampError::MultiValued { field: field.to_string(), count });
            }
        };

        let invalid = |reason: String| TimestampError::Invalid {
            field: field.to_string(),
            found: describe(value),
            reason,
        };
        let out_of_range = || invalid("it lies outside the nanosecond range".to_string());
        match value {
            Value::Long(millis) => Timestamp::checked_from_millis(*millis).ok_or_else(out_of_range),
            Value::Double(millis) => {
                Timestamp::from_fractional_millis(*millis).ok_or_else(out_of_range)
            }
            Value::Str(text) => Timestamp::parse(text).map_err(|error| invalid(error.reason)),
            Value::Null | Value::Bool(_) => {
                Err(invalid("expected epoch milliseconds or an ISO-8601 text".to_string()))
            }
        }
    }

    /// Adds the values `path` reaches from `node`, a non-empty part of the path still to go.
    fn collect_path<'e>(&'e self, node: Node, path: &str, values: &mut FieldValues<'e>) {
        match node {
            Node::Object(members) => self.collect_in_object(members, path, values),
            Node::Array(elements) => {
                for &element in &self.tree.elements[elements.range()] {
                    self.collect_path(element, path, values);
                }
            }
            Node::Null | Node::Bool(_) | Node::Long(_) | Node::Double(_) | Node::Str(_) => {}
        }
    }

    /// Follows every member whose key is `path` or starts it up to a dot.
    fn collect_in_object<'e>(&'e self, members: Span, path: &str, values: &mut FieldValues<'e>) {
        for member in &self.tree.members[members.range()] {
            let key = self.bytes(member.key);
            // Most keys differ from the path in their first byte; testing it first spares a
            // call to compare the rest.
            if key.first().is_some_and(|first| path.as_bytes().first() != Some(first)) {
                continue;
            }
            if !path.as_bytes().starts_with(key) {
                continue;
            }
            let Some(rest) = path.get(key.len()..) else {
                continue;
            };
            if rest.is_empty() {
                self.collect_leaf(member.value, values);
            } else if let Some(rest) = rest.strip_prefix('.') {
                self.collect_path(member.value, rest, values);
            }
        }
    }

    /// Adds the scalar values held at the end of a path.
    fn collect_leaf<'e>(&'e self, node: Node, values: &mut FieldValues<'e>) {
        match node {
            Node::Null | Node::Object(_) => {}
            Node::Bool(value) => values.push(Value::Bool(value)),
            Node::Long(value) => values.push(Value::Long(value)),
            Node::Double(value) => values.push(Value::Double(value)),
            Node::Str(text) => values.push(Value::Str(Cow::Borrowed(self.str(text)))),
            Node::Array(elements) => {
                for &element in &self.tree.elements[elements.range()] {
                    self.collect_leaf(element, values);
                }
            }
        }
    }

    /// The bytes of a string, for comparing without checking where characters start.
    fn bytes(&self, text: Text) -> &[u8] {
        match text {
            Text::Raw(span) => &self.text.as_bytes()[span.range()],
            Text::Decoded(span) => &self.tree.decoded.as_bytes()[span.range()],
        }
    }

    fn str(&self, text: Text) -> &str {
        match text {
            Text::Raw(span) => &self.text[span.range()],
            Text::Decoded(span) => &self.tree.decoded[span.range()],
        }
    }
}

/// Shows the event as JSON.
impl fmt::Debug for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Event").field(self.json()).finish()
    }
}

/// Events are equal when their JSON is.
impl PartialEq for Event {
    fn eq(&self, other: &Event) -> bool {
        self.json() == other.json()
    }
}

/// Why a JSON text or value is not an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventError {
    /// The text is not JSON, or not UTF-8.
    Syntax {
        /// The 1-based line of the problem within the text.
        line: usize,
        /// The 1-based column of the problem, in bytes.
        column: usize,
        /// What is wrong, as serde_json says it.
        message: String,
    },
    /// The JSON is a value other than an object.
    NotAnObject {
        /// Its JSON type: `array`, `string`, ..
        found: &'static str,
    },
    /// The text is past the 4 GiB an event can hold.
    TooLarge {
        /// Its length in bytes.
        bytes: usize,
    },
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventError::Syntax { line, column, message } => {
                write!(f, "{message} at line {line}, column {column}")
            }
            EventError::NotAnObject { found } => {
                write!(f, "an event must be a JSON object, found a JSON {found}")
            }
            EventError::TooLarge { bytes } => {
                write!(f, "an event of {bytes} bytes is past the 4 GiB limit")
            }
        }
    }
}

impl std::error::Error for EventError {}

/// Why an event has no usable timestamp.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimestampError {
    /// The field has no value: absent, `null` or an empty array.
    Missing {
        /// The field path asked for.
        field: String,
    },
    /// The field holds more than one value.
    MultiValued {
        /// The field path asked for.
        field: String,
        /// How many values it holds.
        count: usize,
    },
    /// The field's value is not a time.
    Invalid {
        /// The field path asked for.
        field: String,
        /// The value found, as JSON would write it.
        found: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimestampError::Missing { field } => write!(f, "the event has no `{field}`"),
            TimestampError::MultiValued { field, count } => {
                write!(f, "`{field}` holds {count} values, a timestamp needs exactly one")
            }
            TimestampError::Invalid { field, found, reason } => {
                write!(f, "`{field}` is not a timestamp: found {found}: {reason}")
            }
        }
    }
}

impl std::error::Error for TimestampError {}

/// The values found at one field path: usually none or one, sometimes several.
///
/// Strings borrow from the event. One value is held without allocating.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FieldValues<'a> {
    first: Option<Value<'a>>,
    rest: Vec<Value<'a>>,
}

impl<'a> FieldValues<'a> {
    /// Whether the path holds no value (a missing field, in EQL's terms).
    pub fn is_empty(&self) -> bool {
        self.first.is_none()
    }

    /// How many values the path holds.
    pub fn len(&self) -> usize {
        usize::from(self.first.is_some()) + self.rest.len()
    }

    /// The first value, if any.
    pub fn first(&self) -> Option<&Value<'a>> {
        self.first.as_ref()
    }

    /// The values in order.
    pub fn iter(&self) -> Iter<'_, 'a> {
        Iter { inner: self.first.iter().chain(self.rest.iter()) }
    }

    fn push(&mut self, value: Value<'a>) {
        match self.first {
            None => self.first = Some(value),
            Some(_) => self.rest.push(value),
        }
    }
}

/// Exactly `value`, without allocating: how an evaluator holds the one value of a constant or
/// a single-valued field.
impl<'a> From<Value<'a>> for FieldValues<'a> {
    fn from(value: Value<'a>) -> FieldValues<'a> {
        FieldValues { first: Some(value), rest: Vec::new() }
    }
}

/// The values in order, nulls included.
impl<'a> FromIterator<Value<'a>> for FieldValues<'a> {
    fn from_iter<I: IntoIterator<Item = Value<'a>>>(values: I) -> FieldValues<'a> {
        let mut collected = FieldValues::default();
        for value in values {
            collected.push(value);
        }
        collected
    }
}

/// Borrowing iterator over [`FieldValues`].
#[derive(Clone, Debug)]
pub struct Iter<'v, 'a> {
    inner: Chain<option::Iter<'v, Value<'a>>, slice::Iter<'v, Value<'a>>>,
}

impl<'v, 'a> Iterator for Iter<'v, 'a> {
    type Item = &'v Value<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        self.inner.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

/// Owning iterator over [`FieldValues`].
#[derive(Debug)]
pub struct IntoIter<'a> {
    inner: Chain<option::IntoIter<Value<'a>>, vec::IntoIter<Value<'a>>>,
}

impl<'a> Iterator for IntoIter<'a> {
    type Item = Value<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        self.inner.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<'a> IntoIterator for FieldValues<'a> {
    type Item = Value<'a>;
    type IntoIter = IntoIter<'a>;

    fn into_iter(self) -> IntoIter<'a> {
        IntoIter { inner: self.first.into_iter().chain(self.rest) }
    }
}

impl<'v, 'a> IntoIterator for &'v FieldValues<'a> {
    type Item = &'v Value<'a>;
    type IntoIter = Iter<'v, 'a>;

    fn into_iter(self) -> Iter<'v, 'a> {
        self.iter()
    }
}

/// A value as JSON would write it, for error messages.
fn describe(value: &Value<'_>) -> String {
    match value {
        Value::Str(text) => Json::String(text.to_string()).to_string(),
        Value::Null | Value::Bool(_) | Value::Long(_) | Value::Double(_) => value.to_string(),
    }
}

/// The JSON type name of `json`.
fn json_type(json: &Json) -> &'static str {
    match json {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(json: Json) -> Event {
        Event::from_json(json).unwrap()
    }

    fn values(event: &Event, path: &str) -> Vec<Value<'static>> {
        event.field(path).into_iter().map(Value::into_owned).collect()
    }

    fn strs(texts: &[&'static str]) -> Vec<Value<'static>> {
        texts.iter().map(|text| Value::str(text)).collect()
    }

    #[test]
    fn only_objects_are_events() {
        let error = Event::from_json(json!([1])).unwrap_err();
        assert_eq!(error.to_string(), "an event must be a JSON object, found a JSON array");
        assert_eq!(
            Event::from_json(json!("x")).unwrap_err(),
            EventError::NotAnObject { found: "string" }
        );
        assert_eq!(
            Event::from_slice(b" 12 ").unwrap_err(),
            EventError::NotAnObject { found: "number" }
        );
        assert_eq!(
            Event::from_text("{\"a\" 1}".into()).unwrap_err(),
            EventError::Syntax { line: 1, column: 6, message: "expected `:`".into() }
        );
        assert_eq!(
            Event::from_slice(b"{\"a\":\n\"\xff\"}").unwrap_err().to_string(),
            "invalid UTF-8 at line 2, column 2"
        );
        assert!(Event::from_text("{} {}".into()).unwrap_err().to_string().contains("trailing"));
    }

    #[test]
    fn nested_and_dotted_spellings_reach_the_same_field() {
        let nested = event(json!({"process": {"parent": {"name": "cmd.exe"}}}));
        let dotted = event(json!({"process.parent.name": "cmd.exe"}));
        let mixed = event(json!({"process": {"parent.name": "cmd.exe"}}));
        let mixed_top = event(json!({"process.parent": {"name": "cmd.exe"}}));
        for event in [&nested, &dotted, &mixed, &mixed_top] {
            assert_eq!(values(event, "process.parent.name"), strs(&["cmd.exe"]), "{event:?}");
        }
        assert!(nested.field("process.parent.pid").is_empty());
        assert!(nested.field("process.name").is_empty());
        assert!(nested.field("process.parent.name.x").is_empty());
    }

    #[test]
    fn every_spelling_present_contributes() {
        let event = event(json!({
            "process.name": "dotted",
            "process": {"name": "nested", "pe": {"original_file_name": "deep"}},
            "process.pe": {"original_file_name": "mixed"}
        }));
        assert_eq!(values(&event, "process.name"), strs(&["nested", "dotted"]));
        assert_eq!(values(&event, "process.pe.original_file_name"), strs(&["deep", "mixed"]));
    }

    #[test]
    fn arrays_are_multi_valued() {
        let event = event(json!({
            "event": {"category": ["process", "network"]},
            "tags": [["a", "b"], "c", [], null],
            "hits": [{"name": "x"}, {"name": ["y", "z"]}, {"other": 1}, 7, [{"name": "w"}]],
            "deep": [{"a": [{"b.c": 1}, {"b": {"c": 2}}]}]
        }));
        assert_eq!(values(&event, "event.category"), strs(&["process", "network"]));
        assert_eq!(values(&event, "tags"), strs(&["a", "b", "c"]));
        assert_eq!(values(&event, "hits.name"), strs(&["x", "y", "z", "w"]));
        assert_eq!(values(&event, "deep.a.b.c"), [Value::Long(1), Value::Long(2)]);
    }

    #[test]
    fn null_empty_arrays_and_objects_hold_no_value() {
        let event = event(json!({"a": null, "b": [], "c": [null, []], "d": {"e": 1}, "f": [{}]}));
        for path in ["a", "b", "c", "d", "f", "missing", ""] {
            let values = event.field(path);
            assert!(values.is_empty(), "{path}");
            assert_eq!(values.len(), 0);
            assert_eq!(values.first(), None);
            assert_eq!(values.iter().count(), 0);
        }
    }

    #[test]
    fn numbers_keep_their_kind() {
        let event = event(json!({
            "long": -42, "big": 9_223_372_036_854_775_807_i64, "past_long": u64::MAX,
            "double": 42.5, "whole_double": 1.0, "bool": true
        }));
        assert_eq!(values(&event, "long"), [Value::Long(-42)]);
        assert_eq!(values(&event, "big"), [Value::Long(i64::MAX)]);
        assert_eq!(values(&event, "past_long"), [Value::Double(u64::MAX as f64)]);
        assert_eq!(values(&event, "double"), [Value::Double(42.5)]);
        assert_eq!(values(&event, "whole_double"), [Value::Double(1.0)]);
        assert_eq!(values(&event, "bool"), [Value::Bool(true)]);
    }

    #[test]
    fn escaped_keys_and_strings_are_decoded() {
        let text = r#"{"path": "C:\\Windows\\cmd.exe", "k\u00e9y": "\"q\"", "plain": "a\/b"}"#;
        let event = Event::from_text(text.to_string()).unwrap();
        assert_eq!(values(&event, "path"), strs(&["C:\\Windows\\cmd.exe"]));
        assert_eq!(values(&event, "k\u{e9}y"), strs(&["\"q\""]));
        assert_eq!(values(&event, "plain"), strs(&["a/b"]));
    }

    #[test]
    fn a_repeated_key_contributes_every_value() {
        let event = Event::from_text(r#"{"a": 1, "a": 2}"#.to_string()).unwrap();
        assert_eq!(values(&event, "a"), [Value::Long(1), Value::Long(2)]);
        assert_eq!(event.json(), &json!({"a": 2}), "serde_json keeps the last");
    }

    #[test]
    fn an_evaluator_builds_values_of_its_own() {
        let one = FieldValues::from(Value::Null);
        assert_eq!((one.len(), one.first()), (1, Some(&Value::Null)));
        let many: FieldValues = [Value::Long(1), Value::Null].into_iter().collect();
        assert_eq!(many.into_iter().collect::<Vec<_>>(), [Value::Long(1), Value::Null]);
    }

    #[test]
    fn strings_borrow_from_the_event() {
        let event = event(json!({"a": ["x", "y"]}));
        let values = event.field("a");
        assert_eq!(values.len(), 2);
        assert!(matches!(values.first(), Some(Value::Str(Cow::Borrowed("x")))));
        let borrowed: Vec<_> = (&values).into_iter().collect();
        assert!(matches!(borrowed[1], Value::Str(Cow::Borrowed("y"))));
    }

    #[test]
    fn json_is_the_event_as_given_and_insert_adds_a_key() {
        let given = json!({"event_type": "process", "event": {"kind": "event"}});
        let mut event = event(given.clone());
        assert_eq!(event.json(), &given);

        event.insert("event.category", json!("process"));
        assert_eq!(values(&event, "event.category"), strs(&["process"]));
        assert_eq!(event.json()["event.category"], json!("process"));
        event.insert("event.category", json!("file"));
        assert_eq!(values(&event, "event.category"), strs(&["file"]), "insert replaces the key");
    }

    #[test]
    fn inserted_values_are_fields_and_json() {
        let text = r#"{"event_type": "process", "process": {"name": "a"}}"#;
        let mut event = Event::from_text(text.to_string()).unwrap();
        event.insert("process.name", json!(["b", null, {"x": 1}]));
        event.insert("host", json!({"os": {"type": "linux"}, "ip": ["10.0.0.1"]}));

        assert_eq!(values(&event, "process.name"), strs(&["a", "b"]));
        assert_eq!(values(&event, "host.os.type"), strs(&["linux"]));
        assert_eq!(values(&event, "host.ip"), strs(&["10.0.0.1"]));
        assert_eq!(values(&event, "process.name.x"), [Value::Long(1)]);
        assert_eq!(values(&event, "event_type"), strs(&["process"]));
        let expected = json!({
            "event_type": "process", "process": {"name": "a"},
            "process.name": ["b", null, {"x": 1}],
            "host": {"os": {"type": "linux"}, "ip": ["10.0.0.1"]}
        });
        assert_eq!(event.json(), &expected);

        event.insert("@timestamp", json!(5));
        assert_eq!(event.json()["@timestamp"], json!(5), "after the JSON was decoded");
        assert_eq!(event.timestamp("@timestamp"), Ok(Timestamp(5_000_000)));
    }

    #[test]
    fn timestamps_read_epoch_millis_and_iso_texts() {
        let event = event(json!({
            "ms": 1_700_000_000_000_i64, "fractional": 1.5, "numeric_text": "1700000000000",
            "iso": "2023-11-14T23:13:20.5+01:00", "date": "2023-11-14", "nested": {"ts": -1},
            "list": [1], "pre_1970": "1969-12-31T23:59:59Z"
        }));
        let nanos = |field: &str| event.timestamp(field).unwrap().0;
        assert_eq!(nanos("ms"), 1_700_000_000_000_000_000);
        assert_eq!(nanos("fractional"), 1_500_000);
        assert_eq!(nanos("numeric_text"), 1_700_000_000_000_000_000);
        assert_eq!(nanos("iso"), 1_700_000_000_500_000_000);
        assert_eq!(nanos("date"), 1_699_920_000_000_000_000);
        assert_eq!(nanos("nested.ts"), -1_000_000);
        assert_eq!(nanos("list"), 1_000_000, "a one-element array is one value");
        assert_eq!(nanos("pre_1970"), -1_000_000_000);
    }

    #[test]
    fn timestamp_errors_say_what_was_found() {
        let event = event(json!({
            "null": null, "two": [1, 2], "leap": "2023-02-29", "flag": true, "huge": i64::MAX
        }));
        let error = |field: &str| event.timestamp(field).unwrap_err();

        assert_eq!(error("@timestamp"), TimestampError::Missing { field: "@timestamp".into() });
        assert!(matches!(error("null"), TimestampError::Missing { .. }));
        assert_eq!(error("two"), TimestampError::MultiValued { field: "two".into(), count: 2 });
        assert_eq!(
            error("leap").to_string(),
            "`leap` is not a timestamp: found \"2023-02-29\": 2023-02 has no day 29"
        );
        assert_eq!(
            error("flag").to_string(),
            "`flag` is not a timestamp: found true: expected epoch milliseconds or an ISO-8601 text"
        );
        assert!(error("huge").to_string().contains("outside the nanosecond range"));
        assert_eq!(error("@timestamp").to_string(), "the event has no `@timestamp`");
    }
}
