//! Compares a documented shape (body, field or parameter) with the spec's schema for it, field
//! by field: types, required flags, nullability, enum values, `oneOf` variants, map values.
//!
//! Type rules: an integer without a format is taken as `int64` and a number without one as
//! `double` (what the generator produces); only the formats that change the generated Rust type
//! are compared (`date-time`, `date`, `uuid`, `int32` vs `int64`).

use std::collections::BTreeSet;

use serde_json::Value;

use crate::json_schema::{self, Additional, Kind, Resolve, View};
use crate::page::{Constraints, FieldPath, Segment, Shape, Ty};
use crate::report::{Findings, Kind as FindingKind};

/// Where the compared shape sits: the operation, and a prefix for the finding's location
/// (`200`, `request`, `query sort`).
pub(crate) struct Place<'a> {
    /// The operation label.
    pub operation: &'a str,
    /// Prefix of every location reported.
    pub prefix: String,
}

impl Place<'_> {
    fn at(&self, path: &FieldPath) -> String {
        match path.0.first() {
            None => self.prefix.clone(),
            Some(Segment::Field(_)) => format!("{} {path}", self.prefix),
            Some(_) => format!("{}{path}", self.prefix),
        }
    }
}

/// Compares `page` with the spec schema `spec`, recording differences.
pub(crate) fn compare(
    page: &Shape,
    spec: &Value,
    resolver: &dyn Resolve,
    place: &Place<'_>,
    findings: &mut Findings,
) {
    compare_at(
        page,
        spec,
        resolver,
        place,
        &FieldPath::default(),
        findings,
        0,
    );
}

const MAX_DEPTH: usize = 40;

fn compare_at(
    page: &Shape,
    spec: &Value,
    resolver: &dyn Resolve,
    place: &Place<'_>,
    path: &FieldPath,
    findings: &mut Findings,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let view = json_schema::view(spec, resolver);
    let kind = view.kind();
    if kind == Kind::Unresolved {
        findings.notes.push(format!(
            "{}: {}: the spec schema has a `$ref` that does not resolve",
            place.operation,
            place.at(path)
        ));
        return;
    }
    if page.ty != Ty::OneOf && page.ty != Ty::Unknown && kind == Kind::Variants {
        match best_variant(page, &view.variants, resolver, 0) {
            Some(index) => {
                if let Some(variant) = view.variants.get(index) {
                    compare_at(page, variant, resolver, place, path, findings, depth + 1);
                }
            }
            None => findings.add_unless_accepted(
                place.operation,
                FindingKind::TypeDiffers,
                place.at(path),
                Some(page.describe()),
                Some(describe(&view)),
                view.deviation,
            ),
        }
        return;
    }
    if let Some((documented, declared)) = mismatch(page, &view) {
        findings.add_unless_accepted(
            place.operation,
            FindingKind::TypeDiffers,
            place.at(path),
            Some(documented),
            Some(declared),
            view.deviation,
        );
        return;
    }
    if page.nullable && !view.nullable && kind != Kind::Any {
        findings.add_unless_accepted(
            place.operation,
            FindingKind::NullableDiffers,
            place.at(path),
            Some("nullable".to_string()),
            Some("not nullable".to_string()),
            view.deviation,
        );
    }
    compare_enum(page, &view, place, path, findings);
    if let Some(documented) = &page.constraints {
        compare_constraints(documented, &view, place, path, findings);
    }
    if page.ty == Ty::OneOf && !page.variants.is_empty() {
        compare_variants(page, &view, resolver, place, path, findings, depth);
    }
    compare_properties(page, &view, resolver, place, path, findings, depth);
    if let (Some(items), Some(spec_items)) = (&page.items, view.items) {
        if page.ty == Ty::Array {
            let items_path = path.join(Segment::Items);
            compare_at(
                items,
                spec_items,
                resolver,
                place,
                &items_path,
                findings,
                depth + 1,
            );
        }
    }
    if let Some(values) = &page.additional {
        match view.additional {
            Additional::Schema(spec_values) => {
                let values_path = path.join(Segment::AnyKey);
                compare_at(
                    values,
                    spec_values,
                    resolver,
                    place,
                    &values_path,
                    findings,
                    depth + 1,
                );
            }
            Additional::Any => {}
            // An absent `additionalProperties` allows any value, as documented.
            Additional::Absent if values.ty == Ty::Unknown => {}
            Additional::Absent | Additional::Forbidden if kind != Kind::Any => findings
                .add_unless_accepted(
                    place.operation,
                    FindingKind::TypeDiffers,
                    place.at(path),
                    Some(format!("map of {}", values.describe())),
                    Some("object without additionalProperties".to_string()),
                    view.deviation,
                ),
            _ => {}
        }
    }
}

fn compare_enum(
    page: &Shape,
    view: &View<'_>,
    place: &Place<'_>,
    path: &FieldPath,
    findings: &mut Findings,
) {
    if page.enum_values.is_empty() {
        if !view.enum_values.is_empty() && page.ty != Ty::Unknown {
            findings.add(
                place.operation,
                FindingKind::SpecOnlyEnumValues,
                place.at(path),
                None,
                Some(view.enum_values.join(", ")),
            );
        }
        return;
    }
    let missing: Vec<&str> = page
        .enum_values
        .iter()
        .filter(|v| !view.enum_values.contains(v))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() && view.kind() != Kind::Any {
        findings.add_unless_accepted(
            place.operation,
            FindingKind::MissingEnumValues,
            place.at(path),
            Some(missing.join(", ")),
            (!view.enum_values.is_empty()).then(|| view.enum_values.join(", ")),
            view.deviation,
        );
    }
    let extra: Vec<&str> = view
        .enum_values
        .iter()
        .filter(|v| !page.enum_values.contains(v))
        .map(String::as_str)
        .collect();
    if !extra.is_empty() {
        findings.add(
            place.operation,
            FindingKind::SpecOnlyEnumValues,
            place.at(path),
            None,
            Some(extra.join(", ")),
        );
    }
}

fn compare_constraints(
    documented: &Constraints,
    view: &View<'_>,
    place: &Place<'_>,
    path: &FieldPath,
    findings: &mut Findings,
) {
    let stated = documented.values.iter().zip(&view.constraints.values);
    for ((page, spec), keyword) in stated.zip(Constraints::KEYWORDS) {
        if same_value(page.as_ref(), spec.as_ref()) {
            continue;
        }
        let kind = match (keyword, page) {
            ("default", None) => FindingKind::SpecOnlyDefault,
            ("default", Some(_)) => FindingKind::DefaultDiffers,
            _ => FindingKind::LimitDiffers,
        };
        let text = |value: Option<&Value>| {
            let value = match value {
                None => "none".to_string(),
                Some(Value::String(text)) => text.clone(),
                Some(other) => other.to_string(),
            };
            format!("{keyword} {value}")
        };
        findings.add_unless_accepted(
            place.operation,
            kind,
            place.at(path),
            Some(text(page.as_ref())),
            Some(text(spec.as_ref())),
            view.deviation,
        );
    }
}

/// Whether two stated values are the same: equal JSON, or equal numbers (`100` and `100.0`).
fn same_value(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x.as_f64() == y.as_f64(),
        (a, b) => a == b,
    }
}

/// The spec property a documented field name stands for: the property of that name, else the
/// one whose `x-aliases` list the name, else (under the spec's `x-property-spellings` rule) the
/// one spelled the other way (`vcs_type` for `vcs-type`).
fn spec_property<'a, 'v>(
    view: &'a View<'v>,
    name: &str,
    resolver: &dyn Resolve,
) -> Option<&'a (String, &'v Value)> {
    let mut properties = view.properties.iter();
    let respelled = other_spelling(view, name, resolver);
    properties
        .clone()
        .find(|(own, _)| own == name)
        .or_else(|| {
            properties
                .clone()
                .find(|(_, schema)| aliases(schema, resolver).iter().any(|a| a == name))
        })
        .or_else(|| properties.find(|(own, _)| Some(own) == respelled.as_ref()))
}

/// `name` spelled the other way (kebab-case and snake_case swapped) when the spec's
/// `x-property-spellings` rule (at its root or on a schema of `view`) makes both spellings one
/// property.
fn other_spelling(view: &View<'_>, name: &str, resolver: &dyn Resolve) -> Option<String> {
    let rule = spec_model::extensions::PROPERTY_SPELLINGS;
    let has_rule = resolver.lookup(&format!("#/{rule}")).is_some()
        || view
            .refs
            .iter()
            .any(|r| resolver.lookup(r).is_some_and(|s| s.get(rule).is_some()));
    if !has_rule {
        return None;
    }
    match (name.contains('-'), name.contains('_')) {
        (true, false) => Some(name.replace('-', "_")),
        (false, true) => Some(name.replace('_', "-")),
        _ => None,
    }
}

fn aliases(schema: &Value, resolver: &dyn Resolve) -> Vec<String> {
    json_schema::view(schema, resolver).aliases
}

fn compare_properties(
    page: &Shape,
    view: &View<'_>,
    resolver: &dyn Resolve,
    place: &Place<'_>,
    path: &FieldPath,
    findings: &mut Findings,
    depth: usize,
) {
    if page.properties.is_empty() {
        return;
    }
    for property in &page.properties {
        let field_path = path.join(Segment::Field(property.name.clone()));
        let Some((spec_name, spec_property)) = spec_property(view, &property.name, resolver) else {
            findings.add_unless_accepted(
                place.operation,
                FindingKind::MissingField,
                place.at(&field_path),
                Some(property.shape.describe()),
                None,
                view.deviation,
            );
            continue;
        };
        if let Some(required) = property.required {
            let spec_required = view.required.contains(spec_name);
            if required != spec_required {
                let own = json_schema::view(spec_property, resolver).deviation;
                findings.add_unless_accepted(
                    place.operation,
                    FindingKind::RequiredDiffers,
                    place.at(&field_path),
                    Some(required_word(required)),
                    Some(required_word(spec_required)),
                    own.or(view.deviation),
                );
            }
        }
        compare_at(
            &property.shape,
            spec_property,
            resolver,
            place,
            &field_path,
            findings,
            depth + 1,
        );
    }
    for (name, schema) in &view.properties {
        let documented = page.property(name).is_some()
            || aliases(schema, resolver)
                .iter()
                .any(|alias| page.property(alias).is_some())
            || other_spelling(view, name, resolver).is_some_and(|n| page.property(&n).is_some());
        if !documented {
            findings.add(
                place.operation,
                FindingKind::SpecOnlyField,
                place.at(&path.join(Segment::Field(name.clone()))),
                None,
                None,
            );
        }
    }
}

/// `required` or `optional`.
pub(crate) fn required_word(required: bool) -> String {
    if required { "required" } else { "optional" }.to_string()
}

fn compare_variants(
    page: &Shape,
    view: &View<'_>,
    resolver: &dyn Resolve,
    place: &Place<'_>,
    path: &FieldPath,
    findings: &mut Findings,
    depth: usize,
) {
    let pairs = pair_variants(&page.variants, &view.variants, resolver);
    for (index, variant) in page.variants.iter().enumerate() {
        let variant_path = path.join(Segment::Variant(index + 1));
        match pairs.get(index).copied().flatten() {
            Some(chosen) => {
                if let Some(spec_variant) = view.variants.get(chosen) {
                    compare_at(
                        variant,
                        spec_variant,
                        resolver,
                        place,
                        &variant_path,
                        findings,
                        depth + 1,
                    );
                }
            }
            None => findings.add_unless_accepted(
                place.operation,
                FindingKind::MissingVariant,
                place.at(&variant_path),
                Some(variant.describe()),
                None,
                view.deviation,
            ),
        }
    }
    for index in 0..view.variants.len() {
        if !pairs.contains(&Some(index)) {
            findings.add(
                place.operation,
                FindingKind::SpecOnlyVariant,
                place.at(&path.join(Segment::Variant(index + 1))),
                None,
                None,
            );
        }
    }
}

/// Pairs documented variants with spec variants, one to one: best-scoring pairs first, a pair at
/// the same position winning a tie. A documented variant nothing fits stays unpaired.
fn pair_variants(page: &[Shape], spec: &[&Value], resolver: &dyn Resolve) -> Vec<Option<usize>> {
    let mut candidates: Vec<(i64, bool, usize, usize)> = Vec::new();
    for (i, documented) in page.iter().enumerate() {
        for (j, declared) in spec.iter().enumerate() {
            if let Some(score) = fit(documented, declared, resolver, 0) {
                candidates.push((score, i == j, i, j));
            }
        }
    }
    candidates.sort_by(|a, b| (b.0, b.1, a.2, a.3).cmp(&(a.0, a.1, b.2, b.3)));
    let mut pairs = vec![None; page.len()];
    let mut taken = BTreeSet::new();
    for (_, _, i, j) in candidates {
        if pairs.get(i).is_some_and(Option::is_none) && !taken.contains(&j) {
            if let Some(slot) = pairs.get_mut(i) {
                *slot = Some(j);
            }
            taken.insert(j);
        }
    }
    pairs
}

/// The spec variant a documented shape fits best, if any fits.
fn best_variant(
    page: &Shape,
    variants: &[&Value],
    resolver: &dyn Resolve,
    depth: usize,
) -> Option<usize> {
    let mut best: Option<(i64, usize)> = None;
    for (index, variant) in variants.iter().enumerate() {
        if let Some(score) = fit(page, variant, resolver, depth) {
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, index));
            }
        }
    }
    best.map(|(_, index)| index)
}

/// How well a documented shape fits a spec schema, or `None` when it does not: the types must
/// agree and, for objects, at least half of the documented fields must be there.
/// Unions nested deeper than this (`oneOf` members that are unions, or a union that lists
/// itself) do not fit.
const MAX_UNION_DEPTH: usize = 8;

fn fit(page: &Shape, spec: &Value, resolver: &dyn Resolve, depth: usize) -> Option<i64> {
    if depth > MAX_UNION_DEPTH {
        return None;
    }
    let view = json_schema::view(spec, resolver);
    let compatible = if view.kind() == Kind::Variants && page.ty != Ty::OneOf {
        best_variant(page, &view.variants, resolver, depth + 1).is_some()
    } else {
        mismatch(page, &view).is_none()
    };
    let shared = page
        .properties
        .iter()
        .filter(|p| view.property(&p.name).is_some())
        .count();
    let enough_fields = page.properties.is_empty()
        || (view.properties.is_empty() && view.kind() != Kind::Object)
        || shared * 2 >= page.properties.len();
    (compatible && enough_fields).then(|| similarity(page, spec, resolver))
}

/// How much of `page` the spec schema shows: shared fields, shared enum values, nested.
/// Used to pair documented variants and CircleCI schemas with spec schemas.
pub(crate) fn similarity(page: &Shape, spec: &Value, resolver: &dyn Resolve) -> i64 {
    similarity_at(page, spec, resolver, 0)
}

fn similarity_at(page: &Shape, spec: &Value, resolver: &dyn Resolve, depth: usize) -> i64 {
    if depth > 4 {
        return 0;
    }
    let view = json_schema::view(spec, resolver);
    let mut score = if mismatch(page, &view).is_none() {
        1
    } else {
        -2
    };
    for property in &page.properties {
        match view.property(&property.name) {
            Some(child) => {
                let same_flag = property
                    .required
                    .is_none_or(|r| r == view.required.contains(&property.name));
                score += 2 + i64::from(same_flag);
                score += similarity_at(&property.shape, child, resolver, depth + 1);
            }
            None => score -= 1,
        }
    }
    let shared = page
        .enum_values
        .iter()
        .filter(|v| view.enum_values.contains(v))
        .count();
    score += 3 * i64::try_from(shared).unwrap_or(0);
    if let (Some(items), Some(spec_items)) = (&page.items, view.items) {
        score += similarity_at(items, spec_items, resolver, depth + 1);
    }
    score
}

/// `Some((page type, spec type))` when the spec's type cannot hold what the page documents.
pub(crate) fn mismatch(page: &Shape, view: &View<'_>) -> Option<(String, String)> {
    let kind = view.kind();
    let differs = || Some((page.describe(), describe(view)));
    if kind == Kind::Unresolved {
        return None;
    }
    let fits = match page.ty {
        Ty::Unknown => true,
        Ty::OneOf => !view.variants.is_empty(),
        Ty::Enum => matches!(kind, Kind::String | Kind::Integer | Kind::Number),
        Ty::String => kind == Kind::String && string_format_fits(page, view),
        Ty::Integer => kind == Kind::Integer && integer_format_fits(page, view),
        Ty::Number => kind == Kind::Number,
        Ty::Numeric => matches!(kind, Kind::Integer | Kind::Number),
        Ty::Boolean => kind == Kind::Boolean,
        Ty::Object => {
            kind == Kind::Object
                || (kind == Kind::Any && page.properties.is_empty() && page.additional.is_none())
        }
        Ty::Array => kind == Kind::Array,
    };
    if fits {
        None
    } else {
        differs()
    }
}

fn string_format_fits(page: &Shape, view: &View<'_>) -> bool {
    match page.format.as_deref() {
        Some(format @ ("date-time" | "date" | "uuid")) => view.format.as_deref() == Some(format),
        _ => true,
    }
}

fn integer_format_fits(page: &Shape, view: &View<'_>) -> bool {
    !(page.format.as_deref() == Some("int64") && view.format.as_deref() == Some("int32"))
}

/// Short description of a spec schema's type, like [`Shape::describe`].
pub(crate) fn describe(view: &View<'_>) -> String {
    let mut text = view.kind().as_str().to_string();
    if let Some(format) = &view.format {
        text = format!("{text}<{format}>");
    }
    if view.nullable {
        text.push_str(" | null");
    }
    text
}
