//! JSON (one array, one item a line inside it) and NDJSON (one item a line), written as items
//! arrive.

use std::io::{self, Write};

use serde::Serialize;

/// Writes items as one JSON array or as NDJSON.
#[derive(Debug)]
pub struct JsonWriter<W: Write> {
    out: W,
    array: bool,
    written: usize,
}

impl<W: Write> JsonWriter<W> {
    /// A JSON array writer.
    pub fn array(out: W) -> Self {
        Self {
            out,
            array: true,
            written: 0,
        }
    }

    /// An NDJSON writer.
    pub fn lines(out: W) -> Self {
        Self {
            out,
            array: false,
            written: 0,
        }
    }

    /// Writes one item.
    pub fn write<T: Serialize>(&mut self, item: &T) -> io::Result<()> {
        if self.array {
            self.out
                .write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
        }
        serde_json::to_writer(&mut self.out, item)?;
        if !self.array {
            self.out.write_all(b"\n")?;
        }
        self.written += 1;
        Ok(())
    }

    /// Ends the output (closes the array) and returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        if self.array {
            self.out
                .write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_and_lines_parse() {
        let mut array = JsonWriter::array(Vec::new());
        array.write(&1).unwrap();
        array.write(&"two").unwrap();
        let text = String::from_utf8(array.finish().unwrap()).unwrap();
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed, serde_json::json!([1, "two"]));
        let empty = JsonWriter::array(Vec::new()).finish().unwrap();
        assert_eq!(empty, b"[]\n");
        let mut lines = JsonWriter::lines(Vec::new());
        lines.write(&serde_json::json!({"a": 1})).unwrap();
        lines.write(&serde_json::json!({"a": 2})).unwrap();
        let text = String::from_utf8(lines.finish().unwrap()).unwrap();
        assert_eq!(text, "{\"a\":1}\n{\"a\":2}\n");
    }
}
