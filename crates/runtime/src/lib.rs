//! The meaning of each EQL primitive, in one place: what the reference interpreter and the
//! generated rule code both execute.
//!
//! Each module pins one primitive to Elasticsearch's behaviour: [`lucene_regex`] the pattern
//! dialect of `regex` and `regex~`, [`cidr`] the blocks and addresses of `cidrMatch`,
//! [`value`] the values expressions compute with, [`time`] the instants sequences order by,
//! [`logic`] how predicate results combine under `and`, `or` and `not`, [`event`] the fields
//! an event holds, [`input`] how events are read from NDJSON or a JSON array.
//! The multi-event engines sit beside them: [`reorder`] puts events back in time order,
//! [`join_key`] the values sequences and samples join on, [`sequence`] and [`sample`] how those
//! queries match events.
//! The operators and functions: [`compare`] `==`, `<`, `in` and `in~`, [`wildcard`] the patterns
//! of `:` and `like`, [`arithmetic`] `+ - * / %`, [`functions`] the named functions, on top of
//! [`java_string`] and [`java_number`], Java's string and number semantics.

pub mod arithmetic;
pub mod cidr;
pub mod compare;
pub mod event;
pub mod functions;
pub mod input;
pub mod java_number;
pub mod java_string;
pub mod join_key;
pub mod logic;
pub mod lucene_regex;
pub mod reorder;
pub mod sample;
pub mod sequence;
mod slots;
pub mod time;
pub mod value;
pub mod wildcard;
