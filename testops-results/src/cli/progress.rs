//! A one-line progress display on stderr for long reads, shown only when stderr is a terminal.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use testops_results::Vendor;

/// How often the line is redrawn at most.
const EVERY: Duration = Duration::from_millis(100);

/// Counts items read per vendor and redraws the line now and then.
#[derive(Debug)]
pub(super) struct Progress {
    shown: bool,
    counts: Vec<(Vendor, u64)>,
    drawn: Option<Instant>,
}

impl Progress {
    /// A display that draws only when stderr is a terminal.
    pub(super) fn new() -> Self {
        Self {
            shown: std::io::stderr().is_terminal(),
            counts: Vec::new(),
            drawn: None,
        }
    }

    /// Counts one item read from `vendor`.
    pub(super) fn tick(&mut self, vendor: Vendor) {
        match self.counts.iter_mut().find(|(v, _)| *v == vendor) {
            Some((_, count)) => *count += 1,
            None => self.counts.push((vendor, 1)),
        }
        if self.shown && self.drawn.is_none_or(|at| at.elapsed() >= EVERY) {
            self.draw();
        }
    }

    fn draw(&mut self) {
        let parts: Vec<String> = self
            .counts
            .iter()
            .map(|(vendor, count)| format!("{vendor} {count}"))
            .collect();
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2Kreading: {}", parts.join(" · "));
        let _ = err.flush();
        self.drawn = Some(Instant::now());
    }

    /// Clears the line.
    pub(super) fn finish(&mut self) {
        if self.shown && self.drawn.is_some() {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
            self.drawn = None;
        }
    }
}
