//! Pipe tables (`| a | b |`) as pages print them: cells trimmed, the separator row dropped,
//! ragged rows tolerated.

/// A table: its header cells and its data rows.
#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    /// Header cells, trimmed.
    pub header: Vec<String>,
    /// Data rows, each a list of trimmed cells (possibly fewer or more than the header).
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// Index of the header cell equal (ignoring case) to `name`.
    pub(crate) fn column(&self, name: &str) -> Option<usize> {
        self.header
            .iter()
            .position(|cell| cell.eq_ignore_ascii_case(name))
    }
}

/// Whether a line is a table row.
pub(crate) fn is_row(line: &str) -> bool {
    line.trim_start().starts_with('|')
}

/// Splits a row into trimmed cells; `\|` inside a cell is kept as `|`.
pub(crate) fn cells(line: &str) -> Vec<String> {
    let trimmed = line.trim();
    let inner = trimmed.strip_prefix('|').unwrap_or(trimmed);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                current.push('|');
                chars.next();
            }
            '|' => out.push(std::mem::take(&mut current).trim().to_string()),
            _ => current.push(c),
        }
    }
    out.push(current.trim().to_string());
    out
}

/// Whether a row is the `|---|---|` line under a header.
fn is_separator(cells: &[String]) -> bool {
    !cells.is_empty()
        && cells
            .iter()
            .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
}

/// Reads the table starting at `lines[start]` and returns it with the index of the first line
/// after it. Rows that carry no text at all (a lone `|`) are skipped.
pub(crate) fn read(lines: &[&str], start: usize) -> (Table, usize) {
    let mut table = Table::default();
    let mut index = start;
    while let Some(line) = lines.get(index) {
        if !is_row(line) {
            break;
        }
        index += 1;
        let row = cells(line);
        if row.iter().all(String::is_empty) || is_separator(&row) {
            continue;
        }
        if table.header.is_empty() {
            table.header = row;
        } else {
            table.rows.push(row);
        }
    }
    (table, index)
}
