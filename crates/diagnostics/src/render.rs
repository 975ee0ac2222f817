//! Human-readable rendering of a diagnostic: the location, the offending line
//! with its span underlined, and the suggested fix.

use std::fmt::Write;

use crate::{Diagnostic, SourceFile};

/// Renders `diagnostic`, whose span is an offset range in `file`, the way a
/// compiler would:
///
/// ```text
/// error[eql/unknown-function]: unknown function `lenght`
///   --> rules/x.toml:12:5
///    |
/// 12 |     lenght(process.name) > 3
///    |     ^^^^^^
///    = help: did you mean `length`?
/// ```
pub fn render(diagnostic: &Diagnostic, file: &SourceFile) -> String {
    let start = file.line_col(diagnostic.span.start);
    let end = file.line_col(diagnostic.span.end);
    let line_text = file.line_text(start.line);
    let gutter = start.line.to_string().len();
    let pad = " ".repeat(gutter);

    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}[{}]: {}",
        diagnostic.severity.as_str(),
        diagnostic.code,
        diagnostic.message
    );
    let _ = writeln!(out, "{pad}--> {}:{}:{}", file.path().display(), start.line, start.column);
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(out, "{} | {}", start.line, line_text.replace('\t', " "));

    let line_chars = line_text.chars().count();
    let underline_end = if end.line == start.line { end.column } else { line_chars + 1 };
    let width = underline_end.saturating_sub(start.column).max(1);
    let _ = writeln!(out, "{pad} | {}{}", " ".repeat(start.column - 1), "^".repeat(width));
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "{pad} = help: {help}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Span;

    #[test]
    fn underlines_the_span_on_its_line() {
        let file = SourceFile::new("rules/x.toml", "a = 1\nquery = 'lenght(x)'\n");
        let diagnostic = Diagnostic::error(
            "eql/unknown-function",
            Span::new(15, 21),
            "unknown function `lenght`",
        )
        .with_help("did you mean `length`?");

        let rendered = render(&diagnostic, &file);

        assert_eq!(
            rendered,
            "error[eql/unknown-function]: unknown function `lenght`\n \
             --> rules/x.toml:2:10\n  |\n2 | query = 'lenght(x)'\n  |          ^^^^^^\n  \
             = help: did you mean `length`?\n"
        );
    }
}
