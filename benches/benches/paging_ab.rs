//! The paging comparison of `paging.rs`, interleaved: alternates the generated `stream()` and
//! the `reqwest` loop for a number of rounds (first one, then the other, swapping the order each
//! round) and prints the median and minimum of each, so load from other processes on a shared
//! machine hits both alike. `cargo bench -p benches --bench paging_ab [-- ROUNDS]`.

use std::time::{Duration, Instant};

use benches::paging::{self, PAGE_LEN};

const PAGES: usize = 200;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let rounds: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(20);
    let server = paging::serve_datadog_pages(PAGES);
    let base_url = server.base_url();
    let runtime = paging::client_runtime();
    let client = paging::testops_datadog(&base_url);
    let http = paging::baseline_http();
    let expected = PAGES * PAGE_LEN;
    let mut stream = Vec::new();
    let mut baseline = Vec::new();
    for round in 0..=rounds {
        for which in [round % 2, 1 - round % 2] {
            let start = Instant::now();
            let items = if which == 0 {
                runtime.block_on(paging::read_with_stream(&client))
            } else {
                runtime.block_on(paging::read_with_reqwest(&http, &base_url))
            };
            let took = start.elapsed();
            assert_eq!(items, expected);
            // Round 0 warms up.
            if round > 0 {
                if which == 0 {
                    stream.push(took)
                } else {
                    baseline.push(took)
                }
            }
        }
    }
    let (s_min, b_min) = (
        *stream.iter().min().unwrap(),
        *baseline.iter().min().unwrap(),
    );
    let (s_med, b_med) = (median(stream), median(baseline));
    println!("{PAGES} pages x {PAGE_LEN} events, {rounds} interleaved rounds:");
    println!(
        "  stream        median {:7.1} ms  min {:7.1} ms",
        ms(s_med),
        ms(s_min)
    );
    println!(
        "  reqwest loop  median {:7.1} ms  min {:7.1} ms",
        ms(b_med),
        ms(b_min)
    );
    println!(
        "  stream / loop: median {:.3}, min {:.3}",
        s_med.as_secs_f64() / b_med.as_secs_f64(),
        s_min.as_secs_f64() / b_min.as_secs_f64()
    );
}
