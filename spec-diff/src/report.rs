//! The result of a diff, as text for a person or JSON for a program.

use serde::Serialize;

use crate::change::{Change, Class, Kind};

/// Everything that changed between two documents.
#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    /// Operations of the older document.
    pub old_operations: usize,
    /// Operations of the newer document.
    pub new_operations: usize,
    /// The changes, breaking first.
    pub changes: Vec<Change>,
}

impl Diff {
    /// No change at all.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Something breaks code using a client of the older document.
    pub fn breaks(&self) -> bool {
        self.changes.iter().any(|c| c.class == Class::Breaking)
    }

    /// The changes of one class.
    pub fn of(&self, class: Class) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.class == class)
    }

    /// How many changes of `kind` there are.
    pub fn count(&self, kind: Kind) -> usize {
        self.changes.iter().filter(|c| c.kind == kind).count()
    }

    /// The report as text: a summary line, then the changes by class.
    pub fn to_text(&self, old_name: &str, new_name: &str) -> String {
        let mut out = format!(
            "{old_name} -> {new_name}: {} -> {} operations ({} added, {} removed)\n",
            self.old_operations,
            self.new_operations,
            self.count(Kind::OperationAdded),
            self.count(Kind::OperationRemoved),
        );
        for class in [Class::Breaking, Class::Compatible, Class::Documentation] {
            let changes: Vec<&Change> = self.of(class).collect();
            if changes.is_empty() {
                continue;
            }
            out.push_str(&format!("\n{} ({}):\n", class.as_str(), changes.len()));
            for change in changes {
                out.push_str(&format!("  {change}\n"));
            }
        }
        let breaking = self.of(Class::Breaking).count();
        out.push_str(&if self.is_empty() {
            "\nno change\n".to_string()
        } else if breaking > 0 {
            format!("\nBREAKING: {breaking} change(s) break code using the older version\n")
        } else {
            "\nnothing breaks\n".to_string()
        });
        out
    }

    /// The report as pretty JSON.
    pub fn to_json(&self, old_name: &str, new_name: &str) -> String {
        #[derive(Serialize)]
        struct Out<'a> {
            old: &'a str,
            new: &'a str,
            breaking: usize,
            compatible: usize,
            documentation: usize,
            #[serde(flatten)]
            diff: &'a Diff,
        }
        let out = Out {
            old: old_name,
            new: new_name,
            breaking: self.of(Class::Breaking).count(),
            compatible: self.of(Class::Compatible).count(),
            documentation: self.of(Class::Documentation).count(),
            diff: self,
        };
        serde_json::to_string_pretty(&out).unwrap_or_default()
    }
}
