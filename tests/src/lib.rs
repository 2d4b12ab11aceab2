//! The tests live in one binary, `tests/tests/behaviour/` (a module per area, sharing
//! `tests/tests/behaviour/support/`; see `tests/README.md` for where a new test goes), the
//! fixtures in `tests/fixtures/`, the fixture client in `tests/generated/`; this library only
//! compiles the root README's quick starts as doc tests.

/// The root README, whose quick starts are compiled as this crate's doc tests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeQuickStarts;

/// How user code stays compatible when a spec grows: every type of a generated `types` module
/// is `#[non_exhaustive]`, so code that compiles today keeps compiling when a spec adds an
/// optional field, an enum value or a `oneOf` member. Reading fields, matching with a wildcard
/// arm and building values with `builder()` compile:
///
/// ```
/// use testops_widgets::types::{Widget, WidgetColor};
///
/// fn label(widget: &Widget) -> String {
///     let color = match &widget.color {
///         WidgetColor::Red => "red".to_string(),
///         WidgetColor::Green => "green".to_string(),
///         // Values the client does not know yet, and variants added later.
///         other => other.to_string(),
///     };
///     format!("{} ({color})", widget.id)
/// }
///
/// let widget = Widget::try_from(Widget::builder().id("w1").color(WidgetColor::Red)).unwrap();
/// assert_eq!(label(&widget), "w1 (red)");
/// ```
///
/// A struct literal would stop compiling with the next optional field, so it is refused now:
///
/// ```compile_fail,E0639
/// use testops_widgets::types::{Widget, WidgetColor};
///
/// let widget = Widget {
///     color: WidgetColor::Red,
///     finish: None,
///     id: "w1".to_string(),
///     shape: None,
///     size: None,
/// };
/// ```
///
/// and so is a match without a wildcard arm, which the next enum value would break:
///
/// ```compile_fail,E0004
/// use testops_widgets::types::WidgetColor;
///
/// fn code(color: &WidgetColor) -> u8 {
///     match color {
///         WidgetColor::Red => 1,
///         WidgetColor::Green => 2,
///         WidgetColor::Unknown(_) => 0,
///     }
/// }
/// ```
#[cfg(doctest)]
pub struct ForwardCompatibleTypes;
