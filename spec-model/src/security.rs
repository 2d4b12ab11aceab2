//! Security: the credentials a document's operations accept, as plain data. A `security`
//! requirement is a list of alternatives (a user supplies one); each alternative names schemes
//! that are sent together. Operations may override the document's requirement (`[]`: nothing).

use heck::ToShoutySnakeCase;
use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityRequirement, SecurityScheme};
use serde_json::Value;

use crate::operations::operations;
use crate::{Locator, SpecError};

/// One credential.
#[derive(Debug, Clone)]
pub struct AuthScheme {
    /// The scheme's key under `components.securitySchemes`.
    pub name: String,
    /// How it is sent.
    pub kind: AuthKind,
    /// The environment variable read by `from_env()`: `x-env`, else the document's file stem
    /// and the scheme's key in upper snake case (`GITLAB_PRIVATE_TOKEN`).
    pub env: String,
    /// `x-name`: what the vendor calls the secret, in snake_case (`api_key`, `token`); the
    /// generated credentials field. Without it the field is named after the scheme's key.
    pub field: Option<String>,
    /// The scheme's description, for docs.
    pub description: Option<String>,
}

/// How a credential is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthKind {
    /// A raw header value.
    Header(String),
    /// `Authorization: Bearer <secret>` (HTTP bearer, OAuth2 and OpenID Connect tokens).
    Bearer,
    /// `Authorization: Basic <base64 of the secret>`; the secret is `username:password`.
    Basic,
    /// A query parameter.
    Query(String),
    /// A cookie.
    Cookie(String),
}

/// Which credentials the document's operations accept.
#[derive(Debug, Clone, Default)]
pub struct Security {
    /// Every scheme any requirement names, in first-named order.
    pub schemes: Vec<AuthScheme>,
    /// The document's alternatives: each lists the schemes (by index into `schemes`) sent
    /// together. An empty alternative means "no credentials" is accepted too.
    pub alternatives: Vec<Vec<usize>>,
    /// Operations whose own requirement is `[]`: they send no credentials.
    pub anonymous_operations: Vec<String>,
}

impl Security {
    /// Whether the document accepts exactly one set of credentials, each always sent (then
    /// every credential is required; otherwise the user supplies one alternative).
    pub fn single(&self) -> bool {
        match self.alternatives.as_slice() {
            [] => self.schemes.is_empty(),
            [only] => only.len() == self.schemes.len(),
            _ => false,
        }
    }
}

/// Reads the document's security; `stem` (the file stem) names derived environment variables.
pub(crate) fn parse(
    openapi: &OpenAPI,
    locator: &Locator,
    stem: &str,
) -> Result<Security, SpecError> {
    let declared = openapi
        .components
        .as_ref()
        .map(|c| c.security_schemes.clone())
        .unwrap_or_default();
    let mut security = Security::default();
    let mut index_of = |name: &str, security: &mut Security| -> Result<usize, SpecError> {
        if let Some(i) = security.schemes.iter().position(|s| s.name == name) {
            return Ok(i);
        }
        let Some(ReferenceOr::Item(scheme)) = declared.get(name) else {
            return Err(locator.at(
                &["security"],
                format!("security requirement `{name}` has no entry in components.securitySchemes"),
            ));
        };
        let at = ["components", "securitySchemes", name];
        let scheme = scheme_of(name, scheme, stem)
            .map_err(|m| locator.at(&at, format!("security scheme `{name}`: {m}")))?;
        security.schemes.push(scheme);
        Ok(security.schemes.len() - 1)
    };
    let mut alternatives = Vec::new();
    for requirement in openapi.security.iter().flatten() {
        alternatives.push(indices(requirement, &mut security, &mut index_of)?);
    }
    for operation in operations(openapi) {
        match &operation.op.security {
            Some(requirements) if requirements.is_empty() => security
                .anonymous_operations
                .push(operation.id().to_string()),
            Some(requirements) => {
                // Schemes only some operations name still become credentials a user can supply.
                for requirement in requirements {
                    indices(requirement, &mut security, &mut index_of)?;
                }
            }
            None => {}
        }
    }
    security.alternatives = alternatives;
    Ok(security)
}

fn indices(
    requirement: &SecurityRequirement,
    security: &mut Security,
    index_of: &mut impl FnMut(&str, &mut Security) -> Result<usize, SpecError>,
) -> Result<Vec<usize>, SpecError> {
    requirement
        .keys()
        .map(|name| index_of(name, security))
        .collect()
}

fn scheme_of(name: &str, scheme: &SecurityScheme, stem: &str) -> Result<AuthScheme, String> {
    let (kind, description, extensions) = match scheme {
        SecurityScheme::APIKey {
            location,
            name: key,
            description,
            extensions,
        } => {
            let kind = match location {
                APIKeyLocation::Header => AuthKind::Header(key.clone()),
                APIKeyLocation::Query => AuthKind::Query(key.clone()),
                APIKeyLocation::Cookie => AuthKind::Cookie(key.clone()),
            };
            (kind, description, extensions)
        }
        SecurityScheme::HTTP {
            scheme,
            description,
            extensions,
            ..
        } => {
            let kind = if scheme.eq_ignore_ascii_case("bearer") {
                AuthKind::Bearer
            } else if scheme.eq_ignore_ascii_case("basic") {
                AuthKind::Basic
            } else {
                // Another HTTP scheme (digest, ...): the whole header value is the secret.
                AuthKind::Header("Authorization".into())
            };
            (kind, description, extensions)
        }
        SecurityScheme::OAuth2 {
            description,
            extensions,
            ..
        }
        | SecurityScheme::OpenIDConnect {
            description,
            extensions,
            ..
        } => (AuthKind::Bearer, description, extensions),
    };
    let env = env_extension(extensions)?.unwrap_or_else(|| {
        format!(
            "{}_{}",
            stem.to_shouty_snake_case(),
            name.to_shouty_snake_case()
        )
    });
    Ok(AuthScheme {
        name: name.to_string(),
        kind,
        env,
        field: name_extension(extensions)?,
        description: description.clone(),
    })
}

/// `x-env`: an environment variable name in UPPER_SNAKE_CASE.
pub(crate) fn env_extension(
    extensions: &indexmap::IndexMap<String, Value>,
) -> Result<Option<String>, String> {
    match extensions.get("x-env") {
        None => Ok(None),
        Some(Value::String(s))
            if !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_') =>
        {
            Ok(Some(s.clone()))
        }
        Some(other) => Err(format!(
            "`x-env` must be an environment variable name in UPPER_SNAKE_CASE, found {other}"
        )),
    }
}

fn name_extension(
    extensions: &indexmap::IndexMap<String, Value>,
) -> Result<Option<String>, String> {
    match extensions.get("x-name") {
        None => Ok(None),
        Some(Value::String(s))
            if s.starts_with(|c: char| c.is_ascii_lowercase())
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                && !crate::naming::is_keyword(s) =>
        {
            Ok(Some(s.clone()))
        }
        Some(other) => Err(format!(
            "`x-name` must be a snake_case name starting with a letter, not a Rust keyword, \
             found {other}"
        )),
    }
}
