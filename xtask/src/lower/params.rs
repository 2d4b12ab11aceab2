//! Parameters: limits are recorded for the emitted checks and stripped from what progenitor sees;
//! inline enums are hoisted.

use std::collections::BTreeMap;

use heck::ToPascalCase;
use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, Type};

use super::enums::hoist_enums_in;
use super::{EnumDef, Limit, NewComponents, ParamLimits};

/// Records a parameter's limits, strips them (so typify makes plain types), hoists its enum.
pub(super) fn lower_parameter(
    param: &mut Parameter,
    prefix: &str,
    enums: &mut BTreeMap<String, EnumDef>,
    new_components: &mut NewComponents,
    limits: &mut Vec<ParamLimits>,
) {
    limits.extend(param_limits(param));
    send_as_written(param);
    let data = match param {
        Parameter::Query { parameter_data, .. }
        | Parameter::Header { parameter_data, .. }
        | Parameter::Path { parameter_data, .. }
        | Parameter::Cookie { parameter_data, .. } => parameter_data,
    };
    let name = format!("{prefix}{}", data.name.to_pascal_case());
    if let ParameterSchemaOrContent::Schema(schema) = &mut data.format {
        if let ReferenceOr::Item(s) = schema {
            strip_limits(s);
            if let SchemaKind::Type(Type::Array(a)) = &mut s.schema_kind {
                if let Some(ReferenceOr::Item(items)) = &mut a.items {
                    strip_limits(items);
                }
            }
        }
        hoist_enums_in(schema, &name, enums, new_components);
    }
}

/// A query parameter in a style the client does not encode itself (`explode: false` lists,
/// `deepObject`, space- or pipe-delimited) is sent as the string the caller writes, e.g. `a,b`
/// for a comma-separated list.
fn send_as_written(param: &mut Parameter) {
    let Parameter::Query {
        parameter_data,
        style,
        ..
    } = param
    else {
        return;
    };
    let form = matches!(style, openapiv3::QueryStyle::Form);
    if form && parameter_data.explode != Some(false) {
        return;
    }
    let ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) = &parameter_data.format else {
        *style = openapiv3::QueryStyle::Form;
        return;
    };
    let structured = matches!(
        schema.schema_kind,
        SchemaKind::Type(Type::Array(_)) | SchemaKind::Type(Type::Object(_))
    );
    *style = openapiv3::QueryStyle::Form;
    parameter_data.explode = None;
    if structured {
        let how = if form {
            "comma-separated values, e.g. `a,b`"
        } else {
            "the value as the API expects it encoded"
        };
        let note = format!("Sent as written: {how}.");
        parameter_data.description = Some(match parameter_data.description.take() {
            Some(d) => format!("{d}\n\n{note}"),
            None => note,
        });
        parameter_data.format = ParameterSchemaOrContent::Schema(ReferenceOr::Item(Schema {
            schema_data: Default::default(),
            schema_kind: SchemaKind::Type(Type::String(Default::default())),
        }));
    }
}

pub(super) fn param_limits(param: &Parameter) -> Option<ParamLimits> {
    let data = param.parameter_data_ref();
    let ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) = &data.format else {
        return None;
    };
    let mut limits = Vec::new();
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(t)) => {
            limits.extend(t.minimum.map(|m| Limit::Minimum(m as f64)));
            limits.extend(t.maximum.map(|m| Limit::Maximum(m as f64)));
        }
        SchemaKind::Type(Type::Number(t)) => {
            limits.extend(t.minimum.map(Limit::Minimum));
            limits.extend(t.maximum.map(Limit::Maximum));
        }
        SchemaKind::Type(Type::String(t)) => {
            // Lengths apply to strings the client keeps as text, not to a uuid or a date.
            if is_text(&t.format) {
                limits.extend(t.min_length.map(Limit::MinLength));
                limits.extend(t.max_length.map(Limit::MaxLength));
            }
            let plain = matches!(t.format, openapiv3::VariantOrUnknownOrEmpty::Empty)
                && t.enumeration.is_empty();
            if matches!(param, Parameter::Path { .. }) && plain {
                limits.push(Limit::PathSegment);
            }
        }
        SchemaKind::Type(Type::Array(t)) => {
            limits.extend(t.min_items.map(Limit::MinItems));
            limits.extend(t.max_items.map(Limit::MaxItems));
        }
        _ => {}
    }
    (!limits.is_empty()).then(|| ParamLimits {
        name: data.name.clone(),
        required: data.required,
        limits,
    })
}

/// Whether a string format leaves the value a `String` in the generated code.
fn is_text(format: &openapiv3::VariantOrUnknownOrEmpty<openapiv3::StringFormat>) -> bool {
    use openapiv3::{StringFormat, VariantOrUnknownOrEmpty};
    match format {
        VariantOrUnknownOrEmpty::Empty => true,
        VariantOrUnknownOrEmpty::Item(f) => matches!(f, StringFormat::Password),
        VariantOrUnknownOrEmpty::Unknown(f) => !matches!(
            f.as_str(),
            "uuid" | "date-time" | "date" | "ip" | "ipv4" | "ipv6"
        ),
    }
}

fn strip_limits(schema: &mut Schema) {
    match &mut schema.schema_kind {
        SchemaKind::Type(Type::Integer(t)) => {
            t.minimum = None;
            t.maximum = None;
            t.exclusive_minimum = false;
            t.exclusive_maximum = false;
        }
        SchemaKind::Type(Type::Number(t)) => {
            t.minimum = None;
            t.maximum = None;
            t.exclusive_minimum = false;
            t.exclusive_maximum = false;
        }
        SchemaKind::Type(Type::String(t)) => {
            t.min_length = None;
            t.max_length = None;
        }
        SchemaKind::Type(Type::Array(t)) => {
            t.min_items = None;
            t.max_items = None;
        }
        _ => {}
    }
}
