//! The error of a spec that cannot be used: the file, the place in it and what is wrong.

use std::fmt;
use std::path::PathBuf;

/// A problem with a spec, located in the file as precisely as we can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// The spec file.
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// What is wrong, naming the place in the document (operation, `$ref`, extension).
    pub message: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for SpecError {}

/// Something in a document the generator works around rather than refuses, for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecWarning {
    /// What kind of thing it is, for summaries (`unresolved $ref`, ...).
    pub kind: &'static str,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// What was found and what is done about it.
    pub message: String,
}
