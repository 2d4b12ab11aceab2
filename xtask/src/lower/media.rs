//! Media types: progenitor takes one request media type per operation (JSON, form, octet-stream
//! or plain text, each with a fixed schema shape) and types only `application/json` successes.
//! Documents offer several, or others; this picks what the client sends and reads.

use openapiv3::{MediaType, ReferenceOr, RequestBody, Schema, SchemaKind, StringType, Type};

/// How a success body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum SuccessMedia {
    /// JSON into the documented type (or no body).
    #[default]
    Json,
    /// Text (`text/*`), as a `String`.
    Text,
    /// Anything else (`*/*`, octet-stream, images, archives, undocumented), as bytes.
    Binary,
}

const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";
const OCTET_STREAM: &str = "application/octet-stream";
const TEXT: &str = "text/plain";

/// Whether a media type is JSON (`application/json`, `application/problem+json`, ...).
pub(crate) fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    essence == JSON || essence.ends_with("+json") || essence.ends_with("/json")
}

/// Keeps one media type of a request body, preferring JSON, then a form, then raw bytes, then
/// text; any other type (multipart, XML, an archive) is sent as raw bytes the caller supplies.
/// Returns the documented media type when the body is sent as raw bytes of another type.
pub(crate) fn choose_request_media(body: &mut RequestBody) -> Option<String> {
    let content = std::mem::take(&mut body.content);
    let pick = |wanted: &dyn Fn(&str) -> bool| {
        content
            .iter()
            .find(|(media_type, _)| wanted(media_type))
            .map(|(k, v)| (k.clone(), v.clone()))
    };
    let essence = |m: &str| m.split(';').next().unwrap_or_default().trim().to_string();
    let (media_type, mut media) = pick(&|m| is_json(m))
        .map(|(_, v)| (JSON.to_string(), v))
        .or_else(|| pick(&|m| essence(m) == FORM).map(|(_, v)| (FORM.to_string(), v)))
        .or_else(|| pick(&|m| essence(m) == OCTET_STREAM).map(|(_, v)| (OCTET_STREAM.into(), v)))
        .or_else(|| pick(&|m| essence(m) == TEXT).map(|(_, v)| (TEXT.to_string(), v)))
        .or_else(|| content.first().map(|(k, v)| (k.clone(), v.clone())))?;
    let mut raw_of = None;
    let kept = match media_type.as_str() {
        JSON | FORM => {
            if media.schema.is_none() {
                media.schema = Some(ReferenceOr::Item(any()));
            }
            media_type
        }
        TEXT => {
            media.schema = Some(ReferenceOr::Item(string(None)));
            media_type
        }
        OCTET_STREAM => {
            media.schema = Some(ReferenceOr::Item(binary()));
            media_type
        }
        _ => {
            raw_of = Some(media_type);
            media.schema = Some(ReferenceOr::Item(binary()));
            OCTET_STREAM.to_string()
        }
    };
    media.encoding.clear();
    body.content.insert(kept, media);
    raw_of
}

/// Keeps one media type of a success response and says how it is read: JSON (renamed to
/// `application/json`, which progenitor types), else text, else bytes.
pub(crate) fn choose_success_media(
    content: &mut indexmap::IndexMap<String, MediaType>,
) -> SuccessMedia {
    if let Some((_, media)) = content.iter().find(|(m, _)| is_json(m)) {
        let mut media = media.clone();
        media.encoding.clear();
        // JSON without a schema is any JSON value.
        media.schema.get_or_insert_with(|| ReferenceOr::Item(any()));
        content.clear();
        content.insert(JSON.to_string(), media);
        return SuccessMedia::Json;
    }
    if content.is_empty() {
        return SuccessMedia::Json;
    }
    let text = content.keys().any(|m| m.starts_with("text/"));
    // progenitor reads any other media type as raw bytes; one is enough for it.
    let (key, mut media) = content
        .iter()
        .next()
        .map(|(k, v)| (k.clone(), v.clone()))
        .unwrap_or_default();
    media.schema = None;
    media.encoding.clear();
    content.clear();
    content.insert(key, media);
    if text {
        SuccessMedia::Text
    } else {
        SuccessMedia::Binary
    }
}

fn any() -> Schema {
    Schema {
        schema_data: Default::default(),
        schema_kind: SchemaKind::Any(Default::default()),
    }
}

fn string(format: Option<openapiv3::StringFormat>) -> Schema {
    Schema {
        schema_data: Default::default(),
        schema_kind: SchemaKind::Type(Type::String(StringType {
            format: format.map_or(
                openapiv3::VariantOrUnknownOrEmpty::Empty,
                openapiv3::VariantOrUnknownOrEmpty::Item,
            ),
            ..Default::default()
        })),
    }
}

fn binary() -> Schema {
    string(Some(openapiv3::StringFormat::Binary))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(types: &[&str]) -> RequestBody {
        let mut body = RequestBody::default();
        for t in types {
            body.content.insert(t.to_string(), MediaType::default());
        }
        body
    }

    #[test]
    fn json_is_preferred_then_form_then_bytes() {
        let mut b = body(&[
            "application/x-www-form-urlencoded",
            "application/vnd.api+json",
        ]);
        assert_eq!(choose_request_media(&mut b), None);
        assert_eq!(b.content.keys().collect::<Vec<_>>(), ["application/json"]);
        let mut b = body(&["multipart/form-data", "application/x-www-form-urlencoded"]);
        assert_eq!(choose_request_media(&mut b), None);
        assert_eq!(b.content.keys().collect::<Vec<_>>(), [FORM]);
        let mut b = body(&["multipart/form-data"]);
        assert_eq!(
            choose_request_media(&mut b).as_deref(),
            Some("multipart/form-data")
        );
        assert_eq!(b.content.keys().collect::<Vec<_>>(), [OCTET_STREAM]);
    }

    #[test]
    fn successes_are_json_text_or_bytes() {
        let mut content = body(&["text/html", "application/problem+json"]).content;
        assert_eq!(choose_success_media(&mut content), SuccessMedia::Json);
        assert_eq!(content.keys().collect::<Vec<_>>(), ["application/json"]);
        let mut content = body(&["text/plain"]).content;
        assert_eq!(choose_success_media(&mut content), SuccessMedia::Text);
        let mut content = body(&["*/*"]).content;
        assert_eq!(choose_success_media(&mut content), SuccessMedia::Binary);
    }
}
