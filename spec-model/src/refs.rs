//! `$ref` resolution, in one place: local references into `components`.

use openapiv3::{OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema};

/// A section of `components` that a `$ref` can point into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// `#/components/schemas/`.
    Schemas,
    /// `#/components/responses/`.
    Responses,
    /// `#/components/requestBodies/`.
    RequestBodies,
    /// `#/components/parameters/`.
    Parameters,
}

impl Section {
    /// The reference prefix of the section.
    pub fn prefix(self) -> &'static str {
        match self {
            Section::Schemas => "#/components/schemas/",
            Section::Responses => "#/components/responses/",
            Section::RequestBodies => "#/components/requestBodies/",
            Section::Parameters => "#/components/parameters/",
        }
    }

    /// A reference to `name` in this section.
    pub fn reference(self, name: &str) -> String {
        format!("{}{name}", self.prefix())
    }
}

/// The component name a reference points at in `section`, if it points there.
pub fn component_name(reference: &str, section: Section) -> Option<&str> {
    reference.strip_prefix(section.prefix())
}

/// The name of the schema a schema `$ref` points at.
pub fn schema_name(reference: &str) -> Option<&str> {
    component_name(reference, Section::Schemas)
}

/// Follows `$ref`s to a schema.
pub fn schema<'a>(openapi: &'a OpenAPI, schema: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
    let mut current = schema;
    for _ in 0..32 {
        match current {
            ReferenceOr::Item(s) => return Some(s),
            ReferenceOr::Reference { reference } => {
                let name = schema_name(reference)?;
                current = openapi.components.as_ref()?.schemas.get(name)?;
            }
        }
    }
    None
}

/// Follows `$ref`s on a boxed schema; also gives the component name when it was a reference.
pub fn boxed_schema<'a>(
    openapi: &'a OpenAPI,
    schema: &'a ReferenceOr<Box<Schema>>,
) -> Option<(&'a Schema, Option<&'a str>)> {
    match schema {
        ReferenceOr::Item(s) => Some((s, None)),
        ReferenceOr::Reference { reference } => {
            let name = schema_name(reference)?;
            let target = openapi.components.as_ref()?.schemas.get(name)?;
            self::schema(openapi, target).map(|s| (s, Some(name)))
        }
    }
}

/// A response, following one `$ref` into `components.responses`.
pub fn response<'a>(
    openapi: &'a OpenAPI,
    response: &'a ReferenceOr<Response>,
) -> Option<&'a Response> {
    match response {
        ReferenceOr::Item(r) => Some(r),
        ReferenceOr::Reference { reference } => {
            let name = component_name(reference, Section::Responses)?;
            openapi.components.as_ref()?.responses.get(name)?.as_item()
        }
    }
}

/// A request body, following one `$ref` into `components.requestBodies`.
pub fn request_body<'a>(
    openapi: &'a OpenAPI,
    body: &'a ReferenceOr<RequestBody>,
) -> Option<&'a RequestBody> {
    match body {
        ReferenceOr::Item(b) => Some(b),
        ReferenceOr::Reference { reference } => {
            let name = component_name(reference, Section::RequestBodies)?;
            openapi
                .components
                .as_ref()?
                .request_bodies
                .get(name)?
                .as_item()
        }
    }
}

/// A parameter, following one `$ref` into `components.parameters`.
pub fn parameter<'a>(
    openapi: &'a OpenAPI,
    parameter: &'a ReferenceOr<Parameter>,
) -> Option<&'a Parameter> {
    match parameter {
        ReferenceOr::Item(p) => Some(p),
        ReferenceOr::Reference { reference } => {
            let name = component_name(reference, Section::Parameters)?;
            openapi.components.as_ref()?.parameters.get(name)?.as_item()
        }
    }
}
