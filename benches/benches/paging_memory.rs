//! Peak memory of paging: reads 20 and then 200 pages of 100 Datadog events through the
//! generated `stream()` and through the `reqwest` baseline, and prints the peak of live heap
//! bytes above what was live before each read (a counting global allocator). The peak must
//! not grow with the number of pages. `cargo bench -p benches --bench paging_memory`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use benches::paging;

/// The system allocator, counting live bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to `System` unchanged; only counters are updated.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `read` and returns (items read, peak live bytes above the bytes live at the start).
fn peak_of(
    runtime: &tokio::runtime::Runtime,
    read: impl std::future::Future<Output = usize>,
) -> (usize, usize) {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let items = runtime.block_on(read);
    (items, PEAK.load(Ordering::Relaxed).saturating_sub(base))
}

fn mib(bytes: usize) -> String {
    format!("{:.2} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn main() {
    let runtime = paging::client_runtime();
    println!("peak live heap while paging (100 events a page), above the heap live before:");
    for pages in [20, 200] {
        // The server's precomputed pages are allocated before the measurement starts.
        let server = paging::serve_datadog_pages(pages);
        let base_url = server.base_url();
        let client = paging::testops_datadog(&base_url);
        let http = paging::baseline_http();
        // One warm-up read each, so connection pools and lazy statics exist already.
        runtime.block_on(paging::read_with_stream(&client));
        runtime.block_on(paging::read_with_reqwest(&http, &base_url));
        let (items, stream) = peak_of(&runtime, paging::read_with_stream(&client));
        let (_, baseline) = peak_of(&runtime, paging::read_with_reqwest(&http, &base_url));
        println!(
            "  {pages:>3} pages ({items} events): stream {}, reqwest loop {}",
            mib(stream),
            mib(baseline)
        );
    }
}
