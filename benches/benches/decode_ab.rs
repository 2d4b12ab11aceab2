//! The decoding comparison of `decode.rs`, interleaved: for each page, rounds that time every
//! parser once (in a rotating order), so load from other processes on a shared machine hits all
//! of them alike; prints the median time, MiB/s, and the medians of the per-round ratios to
//! `serde_json::Value` and to typed `serde_json`.
//! `cargo bench -p benches --bench decode_ab [-- ROUNDS] [PAGE]`, where `PAGE` keeps the pages
//! whose name contains it. With `DECODE_PAGES_DIR=DIR` set, each page's body is also written to
//! `DIR/<page>.json`, to decode the same bytes with another client.

use std::time::{Duration, Instant};

use benches::decode::{pages, Parser};

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Time of one decode, from a batch long enough (about 100 ms) to be measured well.
fn time(page: &benches::decode::Page, parser: Parser, iters: u32) -> Duration {
    let start = Instant::now();
    for _ in 0..iters {
        (page.decode)(parser, &page.body);
    }
    start.elapsed() / iters
}

fn main() {
    let rounds: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(30);
    let only = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-') && a.parse::<usize>().is_err());
    println!("{rounds} interleaved rounds per page; median time, MiB/s, median ratios to Value and to typed serde_json");
    for page in pages() {
        if only
            .as_ref()
            .is_some_and(|only| !page.name.contains(only.as_str()))
        {
            continue;
        }
        for problem in (page.check)(&page.body) {
            println!("  {}: {problem}", page.name);
        }
        if let Some(dir) = std::env::var_os("DECODE_PAGES_DIR") {
            let path = std::path::Path::new(&dir).join(format!("{}.json", page.name));
            std::fs::write(&path, &page.body).expect("the page is written");
        }
        let mib = page.body.len() as f64 / (1024.0 * 1024.0);
        let once = time(&page, Parser::SerdeJson, 1);
        let iters = (Duration::from_millis(100).as_secs_f64() / once.as_secs_f64()).ceil() as u32;
        let n = Parser::ALL.len();
        let mut times = vec![Vec::new(); n];
        for round in 0..=rounds {
            for k in 0..n {
                let which = (round + k) % n;
                let took = time(&page, Parser::ALL[which], iters.max(1)).as_secs_f64();
                // Round 0 warms up.
                if round > 0 {
                    times[which].push(took);
                }
            }
        }
        println!("{} ({mib:.2} MiB):", page.name);
        // Median over rounds of the ratio of `base`'s time to `which`'s.
        let ratio = |base: usize, which: usize| {
            median(
                times[base]
                    .iter()
                    .zip(&times[which])
                    .map(|(b, t)| b / t)
                    .collect(),
            )
        };
        for (which, parser) in Parser::ALL.iter().enumerate() {
            let t = median(times[which].clone());
            println!(
                "  {:<15} {:8.3} ms  {:6.0} MiB/s  {:.2}x Value  {:.2}x serde_json",
                parser.name(),
                t * 1000.0,
                mib / t,
                ratio(0, which),
                ratio(1, which),
            );
        }
    }
}
