//! One difference between two documents, and how much it matters to a client's user.

use std::fmt;

use serde::Serialize;

/// What a change does to code that uses a client generated from the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// Code that compiled and worked may stop doing so (a removed operation or field, a changed
    /// type, a request field that becomes required...).
    Breaking,
    /// Something new the generated types absorb (an operation, an optional field, an enum value,
    /// a `oneOf` member).
    Compatible,
    /// Descriptions, summaries and examples: nothing a program sees.
    Documentation,
}

impl Class {
    /// The heading word: `breaking`, `compatible`, `documentation`.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Compatible => "compatible",
            Class::Documentation => "documentation",
        }
    }
}

/// The kind of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// An operation appeared.
    OperationAdded,
    /// An operation went away.
    OperationRemoved,
    /// An operation's `operationId` (a client's method name) changed.
    OperationIdChanged,
    /// A parameter appeared.
    ParameterAdded,
    /// A parameter went away.
    ParameterRemoved,
    /// A request body appeared.
    RequestBodyAdded,
    /// The request body went away.
    RequestBodyRemoved,
    /// A response status appeared.
    StatusAdded,
    /// A response status went away.
    StatusRemoved,
    /// A field of an object appeared.
    FieldAdded,
    /// A field of an object went away.
    FieldRemoved,
    /// A value became required, or stopped being.
    RequiredChanged,
    /// A value became nullable, or stopped being.
    NullableChanged,
    /// The type (or a typing format) of a value changed.
    TypeChanged,
    /// An enum value appeared.
    EnumValueAdded,
    /// An enum value went away.
    EnumValueRemoved,
    /// A `oneOf` / `anyOf` member appeared.
    VariantAdded,
    /// A `oneOf` / `anyOf` member went away.
    VariantRemoved,
    /// A limit (`maxLength`, `minimum`...) changed.
    LimitChanged,
    /// A default value changed.
    DefaultChanged,
    /// A description, summary or deprecation flag changed.
    DescriptionChanged,
}

impl Kind {
    /// A few words for the text report.
    pub fn words(self) -> &'static str {
        match self {
            Kind::OperationAdded => "operation added",
            Kind::OperationRemoved => "operation removed",
            Kind::OperationIdChanged => "operation id changed",
            Kind::ParameterAdded => "parameter added",
            Kind::ParameterRemoved => "parameter removed",
            Kind::RequestBodyAdded => "request body added",
            Kind::RequestBodyRemoved => "request body removed",
            Kind::StatusAdded => "status added",
            Kind::StatusRemoved => "status removed",
            Kind::FieldAdded => "field added",
            Kind::FieldRemoved => "field removed",
            Kind::RequiredChanged => "required changed",
            Kind::NullableChanged => "nullable changed",
            Kind::TypeChanged => "type changed",
            Kind::EnumValueAdded => "enum value added",
            Kind::EnumValueRemoved => "enum value removed",
            Kind::VariantAdded => "oneOf member added",
            Kind::VariantRemoved => "oneOf member removed",
            Kind::LimitChanged => "limit changed",
            Kind::DefaultChanged => "default changed",
            Kind::DescriptionChanged => "description changed",
        }
    }
}

/// One change, where it is and what it was before and after.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    /// How much it matters.
    pub class: Class,
    /// What happened.
    pub kind: Kind,
    /// `METHOD /path` of the operation (as the newer document writes it), or empty for a change
    /// reported once for a named schema.
    pub operation: String,
    /// The operation's `operationId` in the newer document (the older one for a removal).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
    /// The component schema the change is in, when it is reported once for the schema.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Where inside: `query page-token`, `request name`, `200 items[].status`, or empty.
    pub at: String,
    /// The value before, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    /// The value after, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// Where in the two documents' data the change was found (for the import).
    #[serde(skip)]
    pub(crate) anchor: Anchor,
}

/// The values of the two documents a schema change was found at, by address (both documents
/// outlive the diff's use of them), so that the import can find the place to write to.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Anchor {
    /// The older document's schema at the change (the one holding the field, enum or `oneOf`).
    pub old: usize,
    /// The newer document's value: the schema at the change, the added property's schema or
    /// the added `oneOf` member.
    pub new: usize,
    /// The added property's name.
    pub name: String,
}

impl Anchor {
    /// The address of a value, as recorded in an anchor.
    pub(crate) fn address(value: &serde_json::Value) -> usize {
        std::ptr::from_ref(value) as usize
    }
}

impl Change {
    /// This change found at `old` (older document) and `new` (newer document).
    pub(crate) fn anchored(
        mut self,
        old: &serde_json::Value,
        new: &serde_json::Value,
        name: &str,
    ) -> Self {
        self.anchor = Anchor {
            old: Anchor::address(old),
            new: Anchor::address(new),
            name: name.to_string(),
        };
        self
    }
}

impl Change {
    /// Where the change is: the operation (with its id) or the schema, then the place inside.
    pub fn place(&self) -> String {
        let mut place = match (&self.schema, &self.operation_id) {
            (Some(schema), _) => format!("schema {schema}"),
            (None, Some(id)) => format!("{} ({id})", self.operation),
            (None, None) => self.operation.clone(),
        };
        if !self.at.is_empty() {
            place.push_str(": ");
            place.push_str(&self.at);
        }
        place
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place(), self.kind.words())?;
        match (&self.old, &self.new) {
            (Some(old), Some(new)) => write!(f, " ({old} -> {new})"),
            (Some(old), None) => write!(f, " ({old})"),
            (None, Some(new)) => write!(f, " ({new})"),
            (None, None) => Ok(()),
        }
    }
}
