//! Naming rules: the Rust identifiers the generated code gives spec names (as typify does).

/// The Rust identifier typify gives a JSON property.
pub fn rust_field_name(property: &str) -> String {
    rust_ident(property, heck::ToSnakeCase::to_snake_case)
}

/// The Rust type name typify gives a component schema.
pub fn rust_type_name(schema: &str) -> String {
    rust_ident(schema, heck::ToPascalCase::to_pascal_case)
}

/// Whether `word` is a Rust keyword, which cannot name a method or field as it is.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Words that cannot be identifiers (strict, reserved and edition keywords).
const KEYWORDS: [&str; 51] = [
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "if", "impl", "in",
    "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

fn rust_ident(input: &str, case: fn(&str) -> String) -> String {
    let cleaned: String = input
        .replace('\'', "")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let mut out = case(&cleaned);
    if !out
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
    {
        out = format!("{}{}", case("x"), out);
    }
    if is_keyword(&out) || out == "_" {
        out.push('_');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_typify() {
        assert_eq!(rust_field_name("page[cursor]"), "page_cursor");
        assert_eq!(rust_field_name("type"), "type_");
        assert_eq!(rust_field_name("self"), "self_");
        assert_eq!(rust_field_name("2fa"), "x2fa");
        assert_eq!(rust_type_name("CIAppTestEvent"), "CiAppTestEvent");
        assert_eq!(rust_type_name("project-slug"), "ProjectSlug");
    }
}
