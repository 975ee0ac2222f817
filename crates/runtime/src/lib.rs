//! The meaning of each EQL primitive, in one place: what the reference interpreter and the
//! generated rule code both execute.
//!
//! Each module pins one primitive to Elasticsearch's behaviour: [`lucene_regex`] the pattern
//! dialect of `regex` and `regex~`, [`cidr`] the blocks and addresses of `cidrMatch`.

pub mod cidr;
pub mod lucene_regex;
