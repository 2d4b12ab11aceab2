//! Output formats, each written as items arrive: JSON arrays and NDJSON of any serialisable item,
//! CTRF and JUnit XML of test results, and a table that fits a terminal.

pub mod ctrf;
pub mod json;
pub mod junit;
pub mod table;

use std::fmt;
use std::str::FromStr;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A table for people, fitted to the terminal's width.
    Table,
    /// One JSON array.
    Json,
    /// One JSON object a line.
    Ndjson,
    /// A CTRF document (test results only).
    Ctrf,
    /// JUnit XML (test results only).
    Junit,
}

impl Format {
    /// Every format, by name.
    pub const ALL: [(&'static str, Format); 5] = [
        ("table", Format::Table),
        ("json", Format::Json),
        ("ndjson", Format::Ndjson),
        ("ctrf", Format::Ctrf),
        ("junit", Format::Junit),
    ];

    /// Whether the format holds test results only (CTRF, JUnit).
    pub fn tests_only(self) -> bool {
        matches!(self, Format::Ctrf | Format::Junit)
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .iter()
            .find(|(name, _)| *name == text)
            .map(|(_, format)| *format)
            .ok_or_else(|| format!("unknown format `{text}`: table, json, ndjson, ctrf or junit"))
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = Self::ALL
            .iter()
            .find(|(_, format)| format == self)
            .map_or("?", |(name, _)| name);
        f.write_str(name)
    }
}

/// Milliseconds since the Unix epoch.
pub(crate) fn epoch_ms(at: chrono::DateTime<chrono::Utc>) -> i64 {
    at.timestamp_millis()
}
