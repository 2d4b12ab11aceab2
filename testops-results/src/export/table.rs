//! A plain-text table fitted to a width: columns as wide as their widest cell, the widest
//! shrinkable ones cut (with `…`) until the table fits. A row may carry a link, printed whole on
//! the line under it.

use std::io::{self, Write};

/// A column: its header and whether it may be cut to fit.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    /// The header.
    pub header: &'static str,
    /// Whether cells may be cut to fit the width.
    pub shrink: bool,
    /// Whether the column holds numbers (aligned right).
    pub numeric: bool,
}

impl Column {
    /// A column that keeps its cells whole.
    pub const fn fixed(header: &'static str) -> Self {
        Self {
            header,
            shrink: false,
            numeric: false,
        }
    }

    /// A column whose cells may be cut.
    pub const fn flexible(header: &'static str) -> Self {
        Self {
            header,
            shrink: true,
            numeric: false,
        }
    }

    /// A column of numbers, aligned right.
    pub const fn number(header: &'static str) -> Self {
        Self {
            header,
            shrink: false,
            numeric: true,
        }
    }
}

/// The narrowest a shrinkable column gets.
const MIN_WIDTH: usize = 12;
const GAP: &str = "  ";

/// Rows under column headers.
#[derive(Clone, Debug)]
pub struct Table {
    columns: Vec<Column>,
    rows: Vec<Vec<String>>,
    links: Vec<Option<String>>,
}

impl Table {
    /// An empty table with these columns.
    pub fn new(columns: Vec<Column>) -> Self {
        Self {
            columns,
            rows: Vec::new(),
            links: Vec::new(),
        }
    }

    /// Adds a row with a link, printed whole under it.
    pub fn push_linked(&mut self, cells: Vec<String>, link: Option<String>) {
        self.push(cells);
        if let Some(last) = self.links.last_mut() {
            *last = link;
        }
    }

    /// Adds a row (missing cells are empty; line breaks become spaces).
    pub fn push(&mut self, cells: Vec<String>) {
        self.links.push(None);
        let mut cells: Vec<String> = cells
            .into_iter()
            .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        cells.resize(self.columns.len(), String::new());
        self.rows.push(cells);
    }

    /// How many rows it has.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether it has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The column widths that fit `width` as far as shrinking allows.
    fn widths(&self, width: usize) -> Vec<usize> {
        let mut widths: Vec<usize> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, column)| {
                self.rows
                    .iter()
                    .map(|row| row[i].chars().count())
                    .chain([column.header.chars().count()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let total =
            |widths: &[usize]| widths.iter().sum::<usize>() + GAP.len() * (widths.len() - 1);
        while total(&widths) > width {
            let widest = (0..widths.len())
                .filter(|&i| self.columns[i].shrink && widths[i] > MIN_WIDTH)
                .max_by_key(|&i| widths[i]);
            let Some(i) = widest else { break };
            let excess = total(&widths) - width;
            let second = (0..widths.len())
                .filter(|&j| j != i && self.columns[j].shrink)
                .map(|j| widths[j])
                .max()
                .unwrap_or(0);
            let step = excess.min(widths[i] - second.max(MIN_WIDTH)).max(1);
            widths[i] -= step.min(widths[i] - MIN_WIDTH);
        }
        widths
    }

    /// Writes the table fitted to `width` characters.
    pub fn write(&self, out: &mut impl Write, width: usize) -> io::Result<()> {
        let widths = self.widths(width);
        let headers: Vec<String> = self.columns.iter().map(|c| c.header.to_string()).collect();
        let links = std::iter::once(&None).chain(&self.links);
        for (row, link) in std::iter::once(&headers).chain(&self.rows).zip(links) {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                let last = i + 1 == row.len();
                let text = cut(cell, widths[i]);
                let pad = widths[i].saturating_sub(text.chars().count());
                if i > 0 {
                    line.push_str(GAP);
                }
                if self.columns[i].numeric {
                    line.push_str(&" ".repeat(pad));
                    line.push_str(&text);
                } else {
                    line.push_str(&text);
                    if !last {
                        line.push_str(&" ".repeat(pad));
                    }
                }
            }
            writeln!(out, "{}", line.trim_end())?;
            if let Some(link) = link {
                writeln!(out, "  {link}")?;
            }
        }
        Ok(())
    }
}

/// `text` cut to `width` characters, ending with `…` when cut.
fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(table: &Table, width: usize) -> String {
        let mut out = Vec::new();
        table.write(&mut out, width).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn shrinks_the_widest_flexible_column_and_keeps_links() {
        let mut table = Table::new(vec![
            Column::number("N"),
            Column::flexible("TEST"),
            Column::flexible("MESSAGE"),
            Column::fixed("RUN"),
        ]);
        table.push(vec![
            "1".into(),
            "a very long test name indeed".into(),
            "expected 1 to equal 2\nat line 3".into(),
            "https://example.test/run/1".into(),
        ]);
        table.push_linked(
            vec!["2".into(), "short".into(), "".into(), "job 2".into()],
            Some("https://example.test/run/2/with/a/long/path".into()),
        );
        let wide = render(&table, 200);
        assert!(wide.contains("a very long test name indeed"));
        assert!(wide.contains("expected 1 to equal 2 at line 3"));
        let narrow = render(&table, 70);
        for line in narrow.lines() {
            assert!(line.chars().count() <= 70, "{line}");
        }
        assert!(narrow.contains("https://example.test/run/1"));
        assert!(narrow.contains('…'));
        // Too narrow to fit: columns stop at their minimum, the link stays whole.
        let tiny = render(&table, 10);
        assert!(tiny.contains("https://example.test/run/1"));
        // A linked row: the link whole on the next line.
        let lines: Vec<&str> = narrow.lines().collect();
        assert!(lines[2].starts_with("2  short"));
        assert_eq!(lines[3], "  https://example.test/run/2/with/a/long/path");
    }
}
