//! The EQL front end: lexing, parsing, printing and static checks for the
//! Elasticsearch dialect of the Event Query Language.
//!
//! [`parse`] turns query text into a spanned [`ast::Query`] plus diagnostics;
//! [`print`] writes an AST back as canonical EQL; [`check`] finds literal
//! type errors and likely bugs that need no field schema; [`lower`] turns a
//! query into the [`Plan`] every engine executes.

pub mod ast;
pub mod check;
mod lexer;
mod parser;
pub mod plan;
pub mod print;
mod shape;

#[cfg(feature = "arbitrary")]
pub mod generate;

pub use parser::{Parsed, parse};
pub use plan::{Plan, lower};
pub use print::print;
