//! What a documentation page says about an API, independent of the page's format: operations,
//! their parameters, request body, responses, and the shape of every documented field.

use std::fmt;

/// The documentation formats the audit reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageFormat {
    /// Datadog's API reference (Markdown with parameter tables and "Model" field tables).
    Datadog,
    /// CircleCI's reference text (operation blocks with tables, then named JSON schemas).
    Circleci,
    /// A Mintlify reference page, as used by Checkly and Empirical (curl, example, parameter blocks).
    Mintlify,
    /// A vendor's published OpenAPI 3.0 document (JSON or YAML).
    #[serde(rename = "openapi")]
    OpenApi,
}

impl fmt::Display for PageFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PageFormat::Datadog => "Datadog reference page",
            PageFormat::Circleci => "CircleCI reference page",
            PageFormat::Mintlify => "Mintlify reference page",
            PageFormat::OpenApi => "OpenAPI document",
        })
    }
}

/// Everything the audit learned from one page.
#[derive(Debug, Clone)]
pub struct Page {
    /// The format the page was recognised as.
    pub format: PageFormat,
    /// Path prefix of the API's base URL shown on the page (CircleCI's `/api/v2`), or empty.
    pub base_path: String,
    /// The documented operations, in page order.
    pub operations: Vec<Operation>,
    /// Authentication headers the page requires (Mintlify's "Authorizations" section).
    pub auth_headers: Vec<String>,
    /// Named JSON schemas printed on the page but not attached to an operation (CircleCI).
    pub schemas: Vec<NamedSchema>,
    /// Things the parser skipped on purpose, worth telling the reader.
    pub notes: Vec<String>,
}

/// One documented operation.
#[derive(Debug, Clone, Default)]
pub struct Operation {
    /// Upper-case HTTP method.
    pub method: String,
    /// Path as documented, relative to the page's base path.
    pub path: String,
    /// Parameters (path, query, header).
    pub params: Vec<Param>,
    /// The request body, when the page documents one.
    pub request: Option<RequestBody>,
    /// Responses whose status the page states.
    pub responses: Vec<Response>,
    /// How many responses the page describes in prose (CircleCI lists descriptions without codes).
    pub described_responses: Option<usize>,
    /// The name the page gives the request body schema (CircleCI).
    pub request_schema_name: Option<String>,
}

impl Operation {
    /// `METHOD /path`, as the page shows it.
    pub fn label(&self, base_path: &str) -> String {
        format!("{} {}{}", self.method, base_path, self.path)
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamLocation {
    /// A `{name}` segment of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

impl ParamLocation {
    /// The OpenAPI `in` value.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }

    /// Parses an OpenAPI `in` value or a page's location word.
    pub fn parse(word: &str) -> Option<Self> {
        match word.trim().to_ascii_lowercase().as_str() {
            "path" => Some(ParamLocation::Path),
            "query" => Some(ParamLocation::Query),
            "header" => Some(ParamLocation::Header),
            "cookie" => Some(ParamLocation::Cookie),
            _ => None,
        }
    }
}

/// One documented parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// The name; `None` when the page lost it (a parameter block without a name line).
    pub name: Option<String>,
    /// Where it goes.
    pub location: ParamLocation,
    /// Whether the page marks it required (path parameters always are).
    pub required: bool,
    /// Its type and allowed values.
    pub shape: Shape,
}

/// A documented request body.
#[derive(Debug, Clone)]
pub struct RequestBody {
    /// Whether the page says the body is required, when it says.
    pub required: Option<bool>,
    /// Its fields.
    pub shape: Shape,
}

/// A response status as a page states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// An HTTP status code.
    Code(u16),
    /// OpenAPI's `default` response.
    Default,
    /// A success response whose code the page does not show (matches any 2xx).
    Success,
    /// A range of codes (`4XX`), by its first digit.
    Range(u16),
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Code(code) => write!(f, "{code}"),
            Status::Default => f.write_str("default"),
            Status::Success => f.write_str("2xx"),
            Status::Range(class) => write!(f, "{class}XX"),
        }
    }
}

/// A documented response.
#[derive(Debug, Clone)]
pub struct Response {
    /// Its status.
    pub status: Status,
    /// The body's shape; `None` when the page shows no schema for it.
    pub shape: Option<Shape>,
}

/// A JSON schema printed under its own name (CircleCI's schema section).
#[derive(Debug, Clone)]
pub struct NamedSchema {
    /// The name printed above it.
    pub name: String,
    /// The schema as printed, for `$ref` resolution between page schemas.
    pub value: serde_json::Value,
}

/// The kind of value a field or parameter holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Ty {
    /// Not stated (or any JSON).
    Unknown,
    /// A string.
    String,
    /// An integer.
    Integer,
    /// A floating-point number.
    Number,
    /// A number seen only in an example: integer or floating point.
    Numeric,
    /// `true` or `false`.
    Boolean,
    /// A JSON object.
    Object,
    /// A JSON array.
    Array,
    /// One of several documented variants.
    OneOf,
    /// An enumeration whose underlying type the page does not state.
    Enum,
}

/// The documented shape of a value: its type and, for containers, what is inside.
#[derive(Debug, Clone)]
pub struct Shape {
    /// The kind of value.
    pub ty: Ty,
    /// The format that matters for typing (`date-time`, `uuid`, `int32`, ...).
    pub format: Option<String>,
    /// The page says the value may be `null`.
    pub nullable: bool,
    /// Allowed values, as text.
    pub enum_values: Vec<String>,
    /// Object fields, in page order.
    pub properties: Vec<Property>,
    /// Array items.
    pub items: Option<Box<Shape>>,
    /// Map values (`additionalProperties`, `<any-key>`).
    pub additional: Option<Box<Shape>>,
    /// `oneOf` variants, in page order ("Option 1" first).
    pub variants: Vec<Shape>,
    /// Limits and default, when the document states them completely (a parameter of an OpenAPI
    /// document); `None` when the format does not say, so nothing is compared.
    pub constraints: Option<Constraints>,
}

/// The limits and default of a value; an absent keyword means "no limit" / "no default".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `minimum`, `maximum`, `minLength`, `maxLength`, `minItems`, `maxItems`, `default`, in
    /// that order, as stated.
    pub values: [Option<serde_json::Value>; 7],
}

impl Constraints {
    /// The keywords of [`Constraints::values`], in order.
    pub const KEYWORDS: [&'static str; 7] = [
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "default",
    ];

    /// Reads the keywords from a schema object; other keys are ignored.
    pub fn of(schema: &serde_json::Map<String, serde_json::Value>) -> Self {
        Constraints {
            values: Self::KEYWORDS.map(|keyword| schema.get(keyword).cloned()),
        }
    }

    /// Fills the keywords still unset from `schema` (the first statement wins).
    pub fn fill_from(&mut self, schema: &serde_json::Map<String, serde_json::Value>) {
        for (slot, keyword) in self.values.iter_mut().zip(Self::KEYWORDS) {
            if slot.is_none() {
                *slot = schema.get(keyword).cloned();
            }
        }
    }
}

impl Shape {
    /// A shape of the given type with nothing else known.
    pub fn of(ty: Ty) -> Self {
        Shape {
            ty,
            format: None,
            nullable: false,
            enum_values: Vec::new(),
            properties: Vec::new(),
            items: None,
            additional: None,
            variants: Vec::new(),
            constraints: None,
        }
    }

    /// An array of `items`.
    pub fn array_of(items: Shape) -> Self {
        let mut shape = Shape::of(Ty::Array);
        shape.items = Some(Box::new(items));
        shape
    }

    /// The shape that holds fields or allowed values: through any number of array levels.
    pub fn innermost_mut(&mut self) -> &mut Shape {
        match self {
            Shape {
                ty: Ty::Array,
                items: Some(items),
                ..
            } => items.innermost_mut(),
            other => other,
        }
    }

    /// See [`Shape::innermost_mut`].
    pub fn innermost(&self) -> &Shape {
        match self {
            Shape {
                ty: Ty::Array,
                items: Some(items),
                ..
            } => items.innermost(),
            other => other,
        }
    }

    /// The property called `name`, if documented.
    pub fn property(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name == name)
    }

    /// Short human description of the type, e.g. `string<date-time>`, `[integer]`, `oneOf`.
    pub fn describe(&self) -> String {
        let base = match self.ty {
            Ty::Unknown => "any".to_string(),
            Ty::String => "string".to_string(),
            Ty::Integer => "integer".to_string(),
            Ty::Number => "number".to_string(),
            Ty::Numeric => "number".to_string(),
            Ty::Boolean => "boolean".to_string(),
            Ty::Object => "object".to_string(),
            Ty::Array => format!(
                "[{}]",
                self.items
                    .as_ref()
                    .map_or("any".to_string(), |i| i.describe())
            ),
            Ty::OneOf => "oneOf".to_string(),
            Ty::Enum => "enum".to_string(),
        };
        let with_format = match &self.format {
            Some(format) if self.ty != Ty::Array => format!("{base}<{format}>"),
            _ => base,
        };
        if self.nullable {
            format!("{with_format} | null")
        } else {
            with_format
        }
    }
}

/// A field of a documented object.
#[derive(Debug, Clone)]
pub struct Property {
    /// The JSON key.
    pub name: String,
    /// Whether the page marks it required; `None` when the page cannot say (examples).
    pub required: Option<bool>,
    /// Its shape.
    pub shape: Shape,
}

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    /// An object field.
    Field(String),
    /// The items of an array, shown as `[]`.
    Items,
    /// The values of a map, shown as `.<any-key>`.
    AnyKey,
    /// The n-th (1-based) variant of a `oneOf`, shown as `<option n>`.
    Variant(usize),
}

/// Where a field sits inside a body, e.g. `data[].attributes.test_level`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FieldPath(pub Vec<Segment>);

impl FieldPath {
    /// This path extended by one segment.
    pub(crate) fn join(&self, segment: Segment) -> FieldPath {
        let mut segments = self.0.clone();
        segments.push(segment);
        FieldPath(segments)
    }

    /// The path with only fields and `[]`, as an example document would show it.
    pub(crate) fn plain(&self) -> String {
        let mut out = String::new();
        for segment in &self.0 {
            match segment {
                Segment::Field(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                Segment::Items => out.push_str("[]"),
                Segment::AnyKey | Segment::Variant(_) => {}
            }
        }
        out
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for segment in &self.0 {
            match segment {
                Segment::Field(name) if first => f.write_str(name)?,
                Segment::Field(name) => write!(f, ".{name}")?,
                Segment::Items => f.write_str("[]")?,
                Segment::AnyKey if first => f.write_str("<any-key>")?,
                Segment::AnyKey => f.write_str(".<any-key>")?,
                Segment::Variant(n) => write!(f, "<option {n}>")?,
            }
            first = false;
        }
        Ok(())
    }
}
