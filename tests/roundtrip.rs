//! The printer and the parser agree: every generated query prints as text that parses
//! without errors back to the same shape, and printing that parse gives the same text.
//!
//! Queries come from the `arbitrary` generator of `ruleproof-eql`, fed deterministic
//! pseudo-random bytes, so a failure names a case that fails again on every run.

use arbitrary::{Arbitrary, Unstructured};
use ruleproof_eql::ast::{Query, QueryBody};
use ruleproof_eql::{parse, print};

/// Generated queries per run: 20,000, about two seconds in a debug build.
const CASES: u64 = 20_000;

/// Longest input handed to the generator; most trees use far fewer bytes.
const MAX_INPUT: u64 = 2_048;

/// Marsaglia's xorshift64: small, deterministic and good enough to drive a generator.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn bytes(&mut self, len: u64) -> Vec<u8> {
        (0..len).flat_map(|_| self.next().to_le_bytes()).take(len as usize).collect()
    }
}

/// How many generated queries were of each kind, to show the generator's reach.
#[derive(Debug, Default)]
struct Kinds {
    events: u64,
    sequences: u64,
    samples: u64,
}

#[test]
fn printed_queries_parse_back_to_the_same_shape() {
    let mut random = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut kinds = Kinds::default();

    for case in 0..CASES {
        let len = 1 + random.next() % MAX_INPUT;
        let input = random.bytes(len);
        let query = Query::arbitrary(&mut Unstructured::new(&input))
            .expect("the generator falls back to leaves when out of bytes");
        match &query.body {
            QueryBody::Event(_) => kinds.events += 1,
            QueryBody::Sequence(_) => kinds.sequences += 1,
            QueryBody::Sample(_) => kinds.samples += 1,
        }

        let text = print(&query);
        let parsed = parse(&text);

        let errors: Vec<_> = parsed.diagnostics.iter().filter(|found| found.is_error()).collect();
        assert!(errors.is_empty(), "case {case}: errors parsing\n{text}\n{errors:#?}");
        let reparsed = parsed.query.expect("a query parsed without errors");
        assert!(
            reparsed.same_shape(&query),
            "case {case}: another shape after parsing\n{text}\nprinted\n{query:#?}\nparsed\n{:#?}",
            reparsed.without_spans(),
        );
        assert_eq!(print(&reparsed), text, "case {case}: printing the parse changed the text");
    }

    let Kinds { events, sequences, samples } = kinds;
    assert!(events.min(sequences).min(samples) > CASES / 10, "lopsided generator: {kinds:?}");
}
