//! Runs progenitor on a lowered spec, turning its panics into errors that name the spec and,
//! where the panic message allows, the operation.

use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;

use proc_macro2::TokenStream;
use progenitor_impl::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TypeImpl};
use quote::quote;

use crate::lower::Lowered;
use spec_model::naming::rust_type_name;

/// Panics are caught with a silent hook; the hook is process-wide, so runs are serialised.
static PANIC_HOOK: Mutex<()> = Mutex::new(());

/// Generates progenitor's tokens (builder interface, our hooks and context type).
pub(crate) fn run(lowered: &Lowered) -> Result<TokenStream, String> {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_hooks(HooksMode::Expected)
        .with_inner_type(quote!(runtime::Context))
        .with_derive("PartialEq");
    for (name, _) in lowered.enums.iter().filter(|(_, def)| !def.closed) {
        let rust = rust_type_name(name);
        settings.with_replacement(
            &rust,
            format!("crate::types::{rust}"),
            [TypeImpl::FromStr, TypeImpl::Display].into_iter(),
        );
    }
    quietly(|| {
        let result = generate(&settings, &lowered.openapi);
        match result {
            Err(Failure::Panic(message)) => {
                // Find the operation: generate each one alone until one fails the same way.
                let operation = single_operations(&lowered.openapi)
                    .find(|(_, spec)| matches!(generate(&settings, spec), Err(Failure::Panic(_))))
                    .map(|(id, _)| format!(" in operation `{id}`"))
                    .unwrap_or_default();
                Err(format!("progenitor failed{operation}: {message}"))
            }
            Err(Failure::Error(message)) => Err(format!("progenitor rejected the spec: {message}")),
            Ok(tokens) => Ok(tokens),
        }
    })
}

/// Runs `f` with panics silenced (they are caught and reported by the caller); the panic hook
/// is process-wide, so such runs are serialised.
pub(crate) fn quietly<T>(f: impl FnOnce() -> T) -> T {
    let _guard = PANIC_HOOK.lock().unwrap_or_else(|e| e.into_inner());
    let previous = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let result = f();
    panic::set_hook(previous);
    result
}

enum Failure {
    Panic(String),
    Error(String),
}

fn generate(
    settings: &GenerationSettings,
    openapi: &openapiv3::OpenAPI,
) -> Result<TokenStream, Failure> {
    match panic::catch_unwind(AssertUnwindSafe(|| {
        Generator::new(settings).generate_tokens(openapi)
    })) {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(e)) => Err(Failure::Error(e.to_string())),
        Err(payload) => Err(Failure::Panic(
            payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown panic".to_string()),
        )),
    }
}

/// The spec reduced to each one of its operations in turn: (operation id, reduced spec).
fn single_operations(
    openapi: &openapiv3::OpenAPI,
) -> impl Iterator<Item = (String, openapiv3::OpenAPI)> + '_ {
    spec_model::operations(openapi)
        .into_iter()
        .map(move |operation| {
            let mut item = openapiv3::PathItem::default();
            *operation.method.slot(&mut item) = Some(operation.op.clone());
            let mut reduced = openapi.clone();
            reduced.paths.paths.clear();
            reduced.paths.paths.insert(
                operation.path.to_string(),
                openapiv3::ReferenceOr::Item(item),
            );
            (operation.id().to_string(), reduced)
        })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn generator_panics_become_errors_naming_the_operation() {
        // Unlowered, two success bodies make progenitor panic; the panic is caught and the
        // operation found.
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/features/lowering-200-and-201.yaml");
        let spec = spec_model::load(&path).unwrap();
        let mut lowered = crate::lower::lower(&spec.openapi).unwrap();
        lowered.openapi = spec.openapi.clone();
        let message = super::run(&lowered).unwrap_err();
        assert!(
            message.starts_with("progenitor failed in operation `create_thing`: "),
            "{message}"
        );
    }
}
