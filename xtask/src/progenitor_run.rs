//! Runs progenitor on a lowered spec, turning its panics into errors that name the spec and,
//! where the panic message allows, the operation.

use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;

use progenitor_impl::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TypeImpl};
use proc_macro2::TokenStream;
use quote::quote;

use crate::lower::Lowered;
use crate::schema_path::rust_type_name;

/// Panics are caught with a silent hook; the hook is process-wide, so runs are serialised.
static PANIC_HOOK: Mutex<()> = Mutex::new(());

/// Generates progenitor's tokens (builder interface, our hooks and context type).
pub fn run(lowered: &Lowered) -> Result<TokenStream, String> {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_hooks(HooksMode::Expected)
        .with_inner_type(quote!(runtime::Context))
        .with_derive("PartialEq");
    for name in lowered.enums.keys() {
        let rust = rust_type_name(name);
        settings.with_replacement(
            &rust,
            format!("crate::types::{rust}"),
            [TypeImpl::FromStr, TypeImpl::Display].into_iter(),
        );
    }
    let openapi = &lowered.openapi;
    let _guard = PANIC_HOOK.lock().unwrap_or_else(|e| e.into_inner());
    let previous = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        Generator::new(&settings).generate_tokens(openapi)
    }));
    panic::set_hook(previous);
    match result {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(e)) => Err(format!("progenitor rejected the spec: {e}")),
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown panic".to_string());
            let operation = lowered
                .operations
                .keys()
                .find(|id| message.contains(id.as_str()))
                .map(|id| format!(" in operation `{id}`"))
                .unwrap_or_default();
            Err(format!("progenitor failed{operation}: {message}"))
        }
    }
}
