//! A vendor's published OpenAPI document read as a [`Page`] through the one walker
//! ([`crate::openapi`]): its operations, parameters (with their limits and defaults), request
//! bodies and responses, so that the same comparison serves pages and documents.

use serde_json::Value;

use crate::json_schema;
use crate::openapi::{DocOperation, Document};
use crate::page::{
    Operation, Page, PageFormat, Param, ParamLocation, RequestBody, Response, Shape, Status, Ty,
};

/// The document's operations as a page. The audit reads OpenAPI 3.0 documents only.
pub(crate) fn parse(doc: &Document) -> Result<Page, String> {
    let version = doc.version();
    if !version.starts_with("3.0") {
        return Err(format!(
            "expected OpenAPI 3.0.x, found `openapi: {version}`"
        ));
    }
    if !doc.root().get("paths").is_some_and(Value::is_object) {
        return Err("no `paths` object".to_string());
    }
    let mut page = Page {
        format: PageFormat::OpenApi,
        base_path: doc.first_base(),
        operations: Vec::new(),
        auth_headers: doc.auth_headers(),
        schemas: Vec::new(),
        notes: Vec::new(),
    };
    for op in doc.operations() {
        let mut operation = Operation {
            method: op.method.clone(),
            path: op.path.to_string(),
            ..Operation::default()
        };
        let label = operation.label(&page.base_path);
        operation.params = params(doc, &op, &label, &mut page.notes);
        operation.request = doc.request_body(&op).map(|body| RequestBody {
            required: Some(body.required),
            shape: shape(doc, body.schema),
        });
        operation.responses = responses(doc, &op, &label, &mut page.notes);
        page.operations.push(operation);
    }
    Ok(page)
}

fn shape(doc: &Document, schema: Option<&Value>) -> Shape {
    schema.map_or_else(
        || Shape::of(Ty::Unknown),
        |schema| json_schema::to_shape(schema, doc),
    )
}

fn params(
    doc: &Document,
    op: &DocOperation<'_>,
    label: &str,
    notes: &mut Vec<String>,
) -> Vec<Param> {
    for _ in 0..doc.unnamed_params(op) {
        notes.push(format!("{label}: a parameter without a name; not compared"));
    }
    let mut out = Vec::new();
    for param in doc.params(op) {
        let Some(location) = param.location else {
            notes.push(format!(
                "{label}: parameter `{}` has no known `in`; not compared",
                param.name
            ));
            continue;
        };
        let mut shape = shape(doc, param.schema);
        shape.constraints = Some(
            param
                .schema
                .map(|schema| json_schema::view(schema, doc).constraints)
                .unwrap_or_default(),
        );
        out.push(Param {
            name: Some(param.name.to_string()),
            location,
            required: location == ParamLocation::Path || param.required,
            shape,
        });
    }
    out
}

fn responses(
    doc: &Document,
    op: &DocOperation<'_>,
    label: &str,
    notes: &mut Vec<String>,
) -> Vec<Response> {
    let mut out = Vec::new();
    for response in doc.responses(op) {
        let Some(status) = status_of(&response.key) else {
            notes.push(format!(
                "{label}: response `{}` is not a status; not compared",
                response.key
            ));
            continue;
        };
        out.push(Response {
            status,
            shape: response.schema.map(|schema| shape(doc, Some(schema))),
        });
    }
    out
}

/// `200` -> a code, `4XX` -> a range, `default` -> the default response.
fn status_of(key: &str) -> Option<Status> {
    if key == "default" {
        return Some(Status::Default);
    }
    match key.as_bytes() {
        [class @ b'1'..=b'5', x, y]
            if x.eq_ignore_ascii_case(&b'x') && y.eq_ignore_ascii_case(&b'x') =>
        {
            Some(Status::Range(u16::from(class - b'0')))
        }
        _ => key
            .parse::<u16>()
            .ok()
            .filter(|code| (100..600).contains(code))
            .map(Status::Code),
    }
}
