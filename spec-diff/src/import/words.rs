//! Names and short descriptions for imported parts, made from names alone: the vendor's prose is
//! never copied.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// The words of a name, lower case: `ProjectSettings`, `project-settings`, `project_settings` ->
/// `project settings`.
pub(super) fn words(name: &str) -> String {
    let spaced: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    spaced.to_snake_case().replace('_', " ")
}

/// Our operation id for a vendor's: its snake_case (`listPipelines` -> `list_pipelines`), or
/// one from the method and path when the vendor gives none.
pub(super) fn operation_id(vendor: Option<&str>, method: &str, path: &str) -> String {
    match vendor {
        Some(id) => spec_model::method_name(id),
        None => spec_model::method_name(&format!("{} {path}", method.to_ascii_lowercase())),
    }
}

/// A component schema name in PascalCase (`context_list` -> `ContextList`).
pub(super) fn component_name(vendor: &str) -> String {
    let name = vendor.to_upper_camel_case();
    if name.starts_with(|c: char| c.is_ascii_digit()) || name.is_empty() {
        format!("Schema{name}")
    } else {
        name
    }
}

/// A Rust-style variant name for an enum value (`in-progress` -> `InProgress`).
pub(super) fn variant_name(value: &str) -> String {
    let name = words(value).to_upper_camel_case();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{name}")
    } else {
        name
    }
}

fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

/// An operation's summary from its id: `list_pipelines` -> `List pipelines.`
pub(super) fn summary(operation_id: &str) -> String {
    sentence(&words(operation_id))
}

/// An operation's description from its method and path.
pub(super) fn operation_description(method: &str, path: &str) -> String {
    format!("Sends `{} {path}`.", method.to_ascii_uppercase())
}

/// A parameter's description.
pub(super) fn parameter(name: &str, location: &str) -> String {
    match location {
        "path" => format!("The {} in the path.", words(name)),
        "header" => format!("The `{name}` header."),
        "cookie" => format!("The `{name}` cookie."),
        _ => format!("The `{name}` query parameter."),
    }
}

/// A property's description: ``The `created_at` of the pipeline.``
pub(super) fn property(name: &str, parent: &str) -> String {
    if parent.is_empty() {
        format!("The `{name}` field.")
    } else {
        format!("The `{name}` of the {}.", words(parent))
    }
}

/// A component schema's description.
pub(super) fn schema(name: &str, is_enum: bool) -> String {
    if is_enum {
        format!("Values of {}.", words(name))
    } else {
        sentence(&format!("a {}", words(name)))
    }
}

/// A response's description, from its status.
pub(super) fn response(status: &str) -> String {
    let text = match status {
        "200" => "OK",
        "201" => "Created",
        "202" => "Accepted",
        "204" => "No content",
        "400" => "Bad request",
        "401" => "Unauthorized",
        "403" => "Forbidden",
        "404" => "Not found",
        "405" => "Method not allowed",
        "409" => "Conflict",
        "410" => "Gone",
        "422" => "Unprocessable request",
        "429" => "Too many requests",
        "500" => "Internal server error",
        "502" => "Bad gateway",
        "503" => "Service unavailable",
        "default" => "Any other status",
        other if other.starts_with('2') => "Success",
        other if other.starts_with('4') => "Client error",
        other if other.starts_with('5') => "Server error",
        _ => "Response",
    };
    format!("{text}.")
}

/// A tag's description.
pub(super) fn tag(name: &str) -> String {
    format!("Operations on {}.", words(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_our_conventions() {
        assert_eq!(
            operation_id(Some("listPipelines"), "GET", "/p"),
            "list_pipelines"
        );
        assert_eq!(
            operation_id(Some("createProject1"), "POST", "/p"),
            "create_project1"
        );
        assert_eq!(
            operation_id(None, "GET", "/projects/{id}/builds"),
            "get_projects_id_builds"
        );
        assert_eq!(component_name("context_list"), "ContextList");
        assert_eq!(component_name("401_invalid_token"), "Schema401InvalidToken");
        assert_eq!(variant_name("in-progress"), "InProgress");
        assert_eq!(variant_name("-timestamp"), "Timestamp");
        assert_eq!(summary("list_pipelines"), "List pipelines.");
        assert_eq!(
            property("created_at", "PipelineDefinition"),
            "The `created_at` of the pipeline definition."
        );
        assert_eq!(schema("ProjectSettings", false), "A project settings.");
    }
}
