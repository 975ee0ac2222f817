//! The tree of an event's JSON: where each key and value lies in the text, built as serde_json
//! decodes it, so that [`Event`](super::Event) copies no string it can point at.
//!
//! Objects and arrays name runs of members and elements; each run is contiguous, so walking
//! one object touches one slice.

use std::fmt;
use std::ops::Range;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value as Json};

use super::EventError;

/// The tree of one event's JSON: spans into its text rather than copies.
#[derive(Clone, Debug, Default)]
pub(super) struct Tree {
    /// Strings whose JSON spelling differs from their value (escapes), and inserted strings,
    /// one after another.
    pub(super) decoded: String,
    /// Object members; each object's members are contiguous.
    pub(super) members: Vec<Member>,
    /// Array elements; each array's elements are contiguous.
    pub(super) elements: Vec<Node>,
}

/// A run of bytes or items. Offsets fit in `u32` because events are under 4 GiB.
#[derive(Clone, Copy, Debug)]
pub(super) struct Span {
    start: u32,
    len: u32,
}

/// Where a string lies: in the event's text or in [`Tree::decoded`].
#[derive(Clone, Copy, Debug)]
pub(super) enum Text {
    Raw(Span),
    Decoded(Span),
}

/// One JSON value; an object or array names its members or elements in the [`Tree`].
#[derive(Clone, Copy, Debug)]
pub(super) enum Node {
    Null,
    Bool(bool),
    Long(i64),
    Double(f64),
    Str(Text),
    Array(Span),
    Object(Span),
}

/// One key and its value in an object.
#[derive(Clone, Copy, Debug)]
pub(super) struct Member {
    pub(super) key: Text,
    pub(super) value: Node,
}

impl Span {
    pub(super) fn new(start: usize, len: usize) -> Span {
        let fit = |offset: usize| u32::try_from(offset).expect("event data under 4 GiB");
        Span { start: fit(start), len: fit(len) }
    }

    pub(super) fn range(self) -> Range<usize> {
        let start = self.start as usize;
        start..start + self.len as usize
    }
}

impl Node {
    fn number(number: &Number) -> Node {
        match number.as_i64() {
            Some(value) => Node::Long(value),
            None => Node::Double(number.as_f64().unwrap_or(f64::NAN)),
        }
    }

    fn json_type(self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Bool(_) => "boolean",
            Node::Long(_) | Node::Double(_) => "number",
            Node::Str(_) => "string",
            Node::Array(_) => "array",
            Node::Object(_) => "object",
        }
    }
}

impl Tree {
    /// The tree of `text`, and the members of its top-level object.
    pub(super) fn decode(text: &str) -> Result<(Tree, Span), EventError> {
        if u32::try_from(text.len()).is_err() {
            return Err(EventError::TooLarge { bytes: text.len() });
        }

        let mut builder = Builder {
            text,
            tree: Tree {
                decoded: String::new(),
                members: Vec::with_capacity(text.len() / 16),
                elements: Vec::new(),
            },
            open_members: Vec::new(),
            open_elements: Vec::new(),
        };
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let root = NodeSeed(&mut builder).deserialize(&mut deserializer);
        let root = root.and_then(|root| deserializer.end().map(|()| root)).map_err(syntax)?;

        match root {
            Node::Object(members) => Ok((builder.tree, members)),
            Node::Null
            | Node::Bool(_)
            | Node::Long(_)
            | Node::Double(_)
            | Node::Str(_)
            | Node::Array(_) => Err(EventError::NotAnObject { found: root.json_type() }),
        }
    }

    /// Stores a string that does not lie in the event's text.
    pub(super) fn add_decoded(&mut self, text: &str) -> Text {
        let start = self.decoded.len();
        self.decoded.push_str(text);
        Text::Decoded(Span::new(start, text.len()))
    }

    /// Adds a JSON value given as such.
    pub(super) fn add_json(&mut self, json: &Json) -> Node {
        match json {
            Json::Null => Node::Null,
            Json::Bool(value) => Node::Bool(*value),
            Json::Number(number) => Node::number(number),
            Json::String(text) => Node::Str(self.add_decoded(text)),
            Json::Array(items) => {
                let elements: Vec<Node> = items.iter().map(|item| self.add_json(item)).collect();
                let start = self.elements.len();
                self.elements.extend(elements);
                Node::Array(Span::new(start, items.len()))
            }
            Json::Object(map) => {
                let members: Vec<Member> = map
                    .iter()
                    .map(|(key, value)| Member {
                        key: self.add_decoded(key),
                        value: self.add_json(value),
                    })
                    .collect();
                let start = self.members.len();
                self.members.extend(members);
                Node::Object(Span::new(start, map.len()))
            }
        }
    }
}

/// The error serde_json gives for a text, positioned as it positions it.
fn syntax(error: serde_json::Error) -> EventError {
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    let message = message.strip_suffix(&position).unwrap_or(&message).to_string();
    EventError::Syntax { line: error.line(), column: error.column(), message }
}

/// Builds a [`Tree`] as serde_json decodes a text.
struct Builder<'t> {
    text: &'t str,
    tree: Tree,
    /// Members of the objects being decoded, innermost last, until each object is complete.
    open_members: Vec<Member>,
    /// Elements of the arrays being decoded, innermost last, until each array is complete.
    open_elements: Vec<Node>,
}

impl Builder<'_> {
    /// A string serde_json found in the text as it stands.
    fn borrowed(&mut self, text: &str) -> Text {
        let offset = (text.as_ptr() as usize).wrapping_sub(self.text.as_ptr() as usize);
        match self.text.get(offset..offset.wrapping_add(text.len())) {
            Some(_) => Text::Raw(Span::new(offset, text.len())),
            None => self.tree.add_decoded(text),
        }
    }
}

/// Decodes one value into the builder's tree.
struct NodeSeed<'b, 't>(&'b mut Builder<'t>);

impl<'de> DeserializeSeed<'de> for NodeSeed<'_, '_> {
    type Value = Node;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NodeSeed<'_, '_> {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_bool<E>(self, value: bool) -> Result<Node, E> {
        Ok(Node::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Node, E> {
        Ok(Node::Long(value))
    }

    /// Past `i64::MAX` a whole number is a `double`, as for any other number that is not a
    /// `long`.
    fn visit_u64<E>(self, value: u64) -> Result<Node, E> {
        Ok(i64::try_from(value).map_or(Node::Double(value as f64), Node::Long))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Node, E> {
        Ok(Node::Double(value))
    }

    fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Node, E> {
        Ok(Node::Str(self.0.borrowed(text)))
    }

    fn visit_str<E>(self, text: &str) -> Result<Node, E> {
        Ok(Node::Str(self.0.tree.add_decoded(text)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Node, A::Error> {
        let builder = self.0;
        let open = builder.open_elements.len();
        while let Some(element) = items.next_element_seed(NodeSeed(&mut *builder))? {
            builder.open_elements.push(element);
        }

        let start = builder.tree.elements.len();
        builder.tree.elements.extend(builder.open_elements.drain(open..));
        Ok(Node::Array(Span::new(start, builder.tree.elements.len() - start)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Node, A::Error> {
        let builder = self.0;
        let open = builder.open_members.len();
        while let Some(key) = entries.next_key_seed(KeySeed(&mut *builder))? {
            let value = entries.next_value_seed(NodeSeed(&mut *builder))?;
            builder.open_members.push(Member { key, value });
        }

        let start = builder.tree.members.len();
        builder.tree.members.extend(builder.open_members.drain(open..));
        Ok(Node::Object(Span::new(start, builder.tree.members.len() - start)))
    }
}

/// Decodes one object key into the builder's tree.
struct KeySeed<'b, 't>(&'b mut Builder<'t>);

impl<'de> DeserializeSeed<'de> for KeySeed<'_, '_> {
    type Value = Text;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Text, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_, '_> {
    type Value = Text;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Text, E> {
        Ok(self.0.borrowed(text))
    }

    fn visit_str<E>(self, text: &str) -> Result<Text, E> {
        Ok(self.0.tree.add_decoded(text))
    }
}
