//! Truth values and how `and`, `or` and `not` combine them, including the one
//! decision that changes which events match: what `not` does to a predicate
//! on a field the event does not have.
//!
//! Every engine combines predicate results through [`Logic`], so the choice
//! lives here and nowhere else.

/// The result of a predicate: SQL-style three-valued truth.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Truth {
    /// The predicate holds.
    True,
    /// The predicate does not hold.
    False,
    /// The predicate read a null (a missing field, a null function result).
    Unknown,
}

impl Truth {
    /// `true` as [`Truth::True`], `false` as [`Truth::False`].
    pub fn from_bool(value: bool) -> Truth {
        if value { Truth::True } else { Truth::False }
    }

    /// Kleene conjunction: false wins, then unknown.
    pub fn and(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::False, _) | (_, Truth::False) => Truth::False,
            (Truth::Unknown, _) | (_, Truth::Unknown) => Truth::Unknown,
            (Truth::True, Truth::True) => Truth::True,
        }
    }

    /// Kleene disjunction: true wins, then unknown.
    pub fn or(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::True, _) | (_, Truth::True) => Truth::True,
            (Truth::Unknown, _) | (_, Truth::Unknown) => Truth::Unknown,
            (Truth::False, Truth::False) => Truth::False,
        }
    }

    /// Whether a `where` clause keeps the event: only a definite true does.
    pub fn is_true(self) -> bool {
        self == Truth::True
    }
}

/// Kleene negation: unknown stays unknown.
impl std::ops::Not for Truth {
    type Output = Truth;

    fn not(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }
}

/// How predicate results combine under `and`, `or` and `not`.
///
/// The difference shows on `not` over a predicate that read a missing field,
/// such as `not process.name : "x"` or `process.name != "x"` on an event
/// without `process.name`:
///
/// - [`Logic::Elasticsearch`] (the default) matches such events.
///   Elasticsearch compiles each predicate to a Lucene query (a term,
///   wildcard, range or script query) and `not` to `bool.must_not`. A
///   predicate on a missing field simply does not match its document, so its
///   negation does. Inside one predicate, nulls still propagate: the null
///   only turns into "no match" where the predicate meets the boolean layer.
/// - [`Logic::ThreeValued`] follows the three-valued logic of the EQL
///   language definition: `not unknown` is unknown, and `where` drops it.
///   This is what the Python `eql` library and the endgame test suite expect.
///
/// Elasticsearch's public specs contain no active case that tells the two
/// apart (the ones that would are commented out there), so ruleproof follows
/// the query translation, which is what runs when a rule executes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Logic {
    /// A predicate that reads null does not match, so `not` of it does.
    #[default]
    Elasticsearch,
    /// Kleene logic throughout: `not` of unknown is unknown.
    ThreeValued,
}

impl Logic {
    /// The truth of one predicate as the boolean layer sees it.
    pub fn predicate(self, truth: Truth) -> Truth {
        match (self, truth) {
            (Logic::Elasticsearch, Truth::Unknown) => Truth::False,
            (Logic::Elasticsearch, Truth::True | Truth::False) | (Logic::ThreeValued, _) => truth,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negating_a_predicate_on_a_missing_field_depends_on_the_logic() {
        let missing_field = Truth::Unknown;

        assert!((!Logic::Elasticsearch.predicate(missing_field)).is_true());
        assert!(!(!Logic::ThreeValued.predicate(missing_field)).is_true());
        assert!(!Logic::Elasticsearch.predicate(missing_field).is_true());
        assert!(!Logic::ThreeValued.predicate(missing_field).is_true());
    }

    #[test]
    fn kleene_tables() {
        use Truth::*;
        assert_eq!(Unknown.and(False), False);
        assert_eq!(Unknown.and(True), Unknown);
        assert_eq!(Unknown.or(True), True);
        assert_eq!(Unknown.or(False), Unknown);
        assert_eq!(!Unknown, Unknown);
    }
}
