//! Places in a hand-written YAML file found by following keys and indices down its indentation,
//! and text inserted there without rewriting a byte of what is already written: a block at the
//! end of a mapping or block sequence, or an item before the `]` of a flow sequence.
//!
//! It reads the block style our specs are written in (flow collections only as values that stay
//! on their line, such as `required: [id, name]`); a place it cannot write to safely is an
//! error, for a person to edit by hand.

/// One step from a node to a child: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    /// A mapping key.
    Key(String),
    /// A sequence index.
    Index(usize),
}

/// A line of the file.
#[derive(Debug, Clone, Copy)]
struct Line {
    /// Byte offset of its first character.
    start: usize,
    /// Byte offset just after its last character (before the line break).
    end: usize,
    /// Columns of leading spaces.
    indent: usize,
    /// Neither blank nor a comment.
    content: bool,
}

/// A node of the file: where its entries (or items) are written.
#[derive(Debug, Clone, Copy)]
struct Node {
    /// The line holding the node's key (or the `-` of its item); `None` for the root.
    head: Option<usize>,
    /// Column of the node's first entry or item key: where its children's keys start.
    column: usize,
    /// The first line after the head that belongs to the node's block.
    first: usize,
    /// The line after the last one of its block.
    last: usize,
}

/// A YAML file's text, indexed by line.
pub struct YamlText<'a> {
    text: &'a str,
    lines: Vec<Line>,
}

/// One insertion: `text` goes at byte `offset`. Where several go at the same offset (the end
/// of nested blocks), the more indented goes first, so that it stays in its own block; equal
/// ones keep their order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Insertion {
    /// Byte offset in the original text.
    pub offset: usize,
    /// The column of the block the text continues.
    pub column: usize,
    /// What is inserted.
    pub text: String,
}

/// The insertions in the order they are made.
pub fn ordered(insertions: &[Insertion]) -> Vec<&Insertion> {
    let mut sorted: Vec<&Insertion> = insertions.iter().collect();
    sorted.sort_by_key(|i| (i.offset, std::cmp::Reverse(i.column)));
    sorted
}

/// Applies insertions to `text`.
pub fn apply(text: &str, insertions: &[Insertion]) -> String {
    let sorted = ordered(insertions);
    let mut out =
        String::with_capacity(text.len() + sorted.iter().map(|i| i.text.len()).sum::<usize>());
    let mut at = 0;
    for insertion in sorted {
        let offset = insertion.offset.min(text.len());
        out.push_str(&text[at..offset]);
        out.push_str(&insertion.text);
        at = offset;
    }
    out.push_str(&text[at..]);
    out
}

impl<'a> YamlText<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        let mut lines = Vec::new();
        let mut start = 0;
        for raw in text.split_inclusive('\n') {
            let body = raw.trim_end_matches(['\n', '\r']);
            let trimmed = body.trim_start_matches(' ');
            lines.push(Line {
                start,
                end: start + body.len(),
                indent: body.len() - trimmed.len(),
                content: !trimmed.is_empty() && !trimmed.starts_with('#'),
            });
            start += raw.len();
        }
        YamlText { text, lines }
    }

    fn line_text(&self, index: usize) -> &'a str {
        self.lines
            .get(index)
            .map_or("", |l| &self.text[l.start..l.end])
    }

    fn root(&self) -> Node {
        let column = self
            .lines
            .iter()
            .find(|l| l.content)
            .map_or(0, |l| l.indent);
        Node {
            head: None,
            column,
            first: 0,
            last: self.lines.len(),
        }
    }

    /// The column where a line's key starts once `- ` item markers are skipped, and whether it
    /// has such a marker.
    fn key_column(&self, index: usize) -> (usize, bool) {
        let text = self.line_text(index);
        let mut column = self.lines.get(index).map_or(0, |l| l.indent);
        let mut dashed = false;
        loop {
            let rest = &text[column..];
            if let Some(after) = rest.strip_prefix("- ") {
                dashed = true;
                column += 2 + (after.len() - after.trim_start_matches(' ').len());
            } else if rest == "-" {
                dashed = true;
                column += 1;
                break;
            } else {
                break;
            }
        }
        (column, dashed)
    }

    /// Whether line `index` starts a sequence item.
    fn is_item(&self, index: usize) -> bool {
        let line = self.lines[index];
        let rest = &self.line_text(index)[line.indent..];
        line.content && (rest.starts_with("- ") || rest == "-")
    }

    /// The end of the block that starts with a key or item at line `head`, column `column`:
    /// the first content line after it that is indented at most `column` (or, when `item` is
    /// false, a `-` line at the same column, which still belongs to the key's value).
    fn block_end(&self, head: usize, column: usize, key: bool, limit: usize) -> usize {
        let mut index = head + 1;
        while index < limit {
            let line = self.lines[index];
            if line.content
                && line.indent <= column
                && !(key && line.indent == column && self.is_item(index))
            {
                return index;
            }
            index += 1;
        }
        limit
    }

    /// The key a line holds at `column`, unquoted, with the rest of the line after the colon.
    fn key_at(&self, index: usize, column: usize) -> Option<(String, &'a str)> {
        let text = self.line_text(index);
        let rest = text.get(column..)?;
        let (key, after) = if let Some(quoted) = rest.strip_prefix('"') {
            let close = quoted.find('"')?;
            (quoted[..close].to_string(), &quoted[close + 1..])
        } else if let Some(quoted) = rest.strip_prefix('\'') {
            let close = quoted.find('\'')?;
            (quoted[..close].to_string(), &quoted[close + 1..])
        } else {
            let colon = rest
                .char_indices()
                .find(|&(i, c)| c == ':' && rest[i + 1..].chars().next().is_none_or(|n| n == ' '))?
                .0;
            (rest[..colon].trim_end().to_string(), &rest[colon..])
        };
        let after = after.strip_prefix(':')?;
        Some((key, after))
    }

    /// Follows `path` from the root.
    fn find(&self, path: &[Step]) -> Result<Node, String> {
        let mut node = self.root();
        for (depth, step) in path.iter().enumerate() {
            node = self
                .child(node, step)
                .ok_or_else(|| format!("cannot find {} in the text", shown(&path[..=depth])))?;
        }
        Ok(node)
    }

    fn child(&self, node: Node, step: &Step) -> Option<Node> {
        match step {
            Step::Key(wanted) => {
                let mut index = node.head.map_or(node.first, |h| {
                    // An item's first key is on its `-` line.
                    if self.key_column(h) == (node.column, true) {
                        h
                    } else {
                        node.first
                    }
                });
                while index < node.last {
                    let (column, _) = self.key_column(index);
                    if self.lines[index].content && column == node.column {
                        if let Some((key, _)) = self.key_at(index, column) {
                            let end = self.block_end(index, column, true, node.last);
                            if &key == wanted {
                                return Some(self.body(index, column, end));
                            }
                            index = end;
                            continue;
                        }
                    }
                    index += 1;
                }
                None
            }
            Step::Index(wanted) => {
                let mut seen = 0;
                let mut index = node.first;
                while index < node.last {
                    let line = self.lines[index];
                    if line.indent == node.column && self.is_item(index) {
                        let end = self.block_end(index, line.indent, false, node.last);
                        if seen == *wanted {
                            let (mut column, _) = self.key_column(index);
                            if column >= self.line_text(index).len() {
                                // `-` alone: the item's entries start on the next line.
                                column = (index + 1..end)
                                    .find(|&i| self.lines[i].content)
                                    .map_or(column + 1, |i| self.lines[i].indent);
                            }
                            return Some(Node {
                                head: Some(index),
                                column,
                                first: index + 1,
                                last: end,
                            });
                        }
                        seen += 1;
                        index = end;
                        continue;
                    }
                    index += 1;
                }
                None
            }
        }
    }

    /// The node of the value of a key at line `head`, column `column`, whose block ends at `end`.
    fn body(&self, head: usize, column: usize, end: usize) -> Node {
        let child = (head + 1..end)
            .find(|&i| self.lines[i].content)
            .map_or(column + 2, |i| self.lines[i].indent);
        Node {
            head: Some(head),
            column: child,
            first: head + 1,
            last: end,
        }
    }

    /// The offset just after the last content line of a node's block (its head line when the
    /// block is empty).
    fn after_last(&self, node: Node) -> usize {
        let last = (node.first..node.last)
            .rev()
            .find(|&i| self.lines[i].content)
            .or(node.head)
            .unwrap_or(0);
        self.line_after(last)
    }

    fn line_after(&self, index: usize) -> usize {
        match self.lines.get(index + 1) {
            Some(next) => next.start,
            None => self.text.len(),
        }
    }

    /// Whether the node at `path` holds its value on its own line (`key: value`, `key: [a]`)
    /// rather than as a block below it.
    fn inline_value(&self, node: Node) -> Option<&'a str> {
        let head = node.head?;
        let (column, _) = self.key_column(head);
        let (_, after) = self.key_at(head, column)?;
        let value = strip_comment(after).trim();
        (!value.is_empty()).then_some(value)
    }

    /// Inserts mapping entries (`block`: lines without indentation, `key: ...` first) at the end
    /// of the mapping at `path`.
    pub fn append_entries(&self, path: &[Step], block: &str) -> Result<Insertion, String> {
        let node = self.find(path)?;
        if let Some(value) = self.inline_value(node) {
            return Err(format!(
                "{} is written on one line (`{value}`); add to it by hand",
                shown(path)
            ));
        }
        let holds_entries = match node.head {
            None => true,
            Some(head) => {
                self.is_item(head) || (node.first..node.last).any(|i| self.lines[i].content)
            }
        };
        if !holds_entries {
            return Err(format!("{} has no entries to follow", shown(path)));
        }
        Ok(Insertion {
            offset: self.after_last(node),
            column: node.column,
            text: indent(block, node.column),
        })
    }

    /// Inserts one item (`block`: its lines without indentation or `- `) at the end of the
    /// sequence at `path`: a block item, or before the `]` of a flow sequence (`scalar` is then
    /// the item's flow text).
    pub fn append_item(
        &self,
        path: &[Step],
        block: &str,
        scalar: Option<&str>,
    ) -> Result<Insertion, String> {
        let node = self.find(path)?;
        if let Some(value) = self.inline_value(node) {
            let Some(flow) = scalar else {
                return Err(format!(
                    "{} is a flow sequence; add to it by hand",
                    shown(path)
                ));
            };
            return self.append_flow(node, value, flow, path);
        }
        let items = (node.first..node.last).find(|&i| self.lines[i].content);
        let Some(first) = items else {
            return Err(format!("{} has no items to follow", shown(path)));
        };
        let column = self.lines[first].indent;
        let mut text = String::new();
        for (n, line) in block.lines().enumerate() {
            let prefix = if n == 0 { "- " } else { "  " };
            if line.is_empty() {
                text.push('\n');
            } else {
                text.push_str(&format!("{}{prefix}{line}\n", " ".repeat(column)));
            }
        }
        Ok(Insertion {
            offset: self.after_last(node),
            column,
            text,
        })
    }

    /// `, item` before the `]` of a one-line flow sequence (or `item` in `[]`).
    fn append_flow(
        &self,
        node: Node,
        value: &str,
        item: &str,
        path: &[Step],
    ) -> Result<Insertion, String> {
        let head = node.head.unwrap_or(0);
        let line = self.line_text(head);
        if !value.starts_with('[') || !value.ends_with(']') {
            return Err(format!(
                "{} is not a one-line `[...]` sequence; add to it by hand",
                shown(path)
            ));
        }
        let value_start = line.find(value).unwrap_or(0);
        let close = value_start + value.len() - 1;
        let inside = value[1..value.len() - 1].trim();
        let before = line[..close].trim_end().len();
        let text = if inside.is_empty() {
            item.to_string()
        } else {
            format!(", {item}")
        };
        Ok(Insertion {
            offset: self.lines[head].start + before,
            column: before,
            text,
        })
    }
}

/// `block`'s lines indented by `column` spaces (blank lines stay empty).
pub fn indent(block: &str, column: usize) -> String {
    let pad = " ".repeat(column);
    let mut out = String::new();
    for line in block.lines() {
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// A line's value without a trailing ` # comment` (outside quotes).
fn strip_comment(value: &str) -> &str {
    let mut quote = None;
    let mut previous = ' ';
    for (i, c) in value.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && previous == ' ' => return &value[..i],
            None => {}
        }
        previous = c;
    }
    value
}

/// A path for messages: `paths./pets.get.parameters[2]`.
pub fn shown(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Step::Index(index) => out.push_str(&format!("[{index}]")),
        }
    }
    if out.is_empty() {
        "the document's root".to_string()
    } else {
        out
    }
}
