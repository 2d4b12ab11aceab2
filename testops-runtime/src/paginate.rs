//! Pagination streams. A generated list operation supplies a `fetch` that sends one request and
//! says which request comes next; these functions turn it into a lazy stream of pages or items.
//! Only the current page is held in memory; cap a stream with `StreamExt::take`, which stops
//! fetching as soon as enough items arrived.

use std::future::Future;

use futures::stream::{self, Stream, StreamExt, TryStreamExt};

use crate::error::Error;

/// A boxed, `Send` stream, as returned by the generated `stream()` and `pages()` methods.
pub type BoxStream<'a, T> = futures::stream::BoxStream<'a, T>;

/// One fetched page and the request for the next one (`None` ends the stream).
pub type Fetched<R, P> = (P, Option<R>);

/// A stream of pages: calls `fetch` with `first`, then with each next request it returns.
pub fn pages<'a, R, P, E, F, Fut>(first: R, fetch: F) -> BoxStream<'a, Result<P, Error<E>>>
where
    R: Send + 'a,
    P: Send + 'a,
    E: Send + 'a,
    F: FnMut(R) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Fetched<R, P>, Error<E>>> + Send + 'a,
{
    stream::try_unfold((Some(first), fetch), |(next, mut fetch)| async move {
        let Some(request) = next else {
            return Ok(None);
        };
        let (page, next) = fetch(request).await?;
        Ok(Some((page, (next, fetch))))
    })
    .boxed()
}

/// A stream of the items of each page, in order.
pub fn items<'a, P, T, E>(
    pages: impl Stream<Item = Result<P, Error<E>>> + Send + 'a,
    extract: fn(P) -> Vec<T>,
) -> BoxStream<'a, Result<T, Error<E>>>
where
    P: Send + 'a,
    T: Send + 'a,
    E: Send + 'a,
{
    pages
        .map_ok(move |page| stream::iter(extract(page).into_iter().map(Ok)))
        .try_flatten()
        .boxed()
}

/// The next cursor, unless the page was empty or the cursor is missing or empty.
pub fn next_cursor(cursor: Option<String>, page_len: usize) -> Option<String> {
    cursor.filter(|c| !c.is_empty() && page_len > 0)
}

/// The next page number, unless the page was empty or `current` is the last page.
pub fn next_page(current: i64, total_pages: Option<i64>, page_len: usize) -> Option<i64> {
    if page_len == 0 || total_pages.is_some_and(|total| current >= total) {
        None
    } else {
        Some(current + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_and_page_numbers_end_where_they_should() {
        assert_eq!(next_cursor(Some("c".into()), 3), Some("c".into()));
        assert_eq!(next_cursor(Some(String::new()), 3), None);
        assert_eq!(next_cursor(None, 3), None);
        assert_eq!(next_cursor(Some("c".into()), 0), None);
        assert_eq!(next_page(1, Some(3), 10), Some(2));
        assert_eq!(next_page(3, Some(3), 10), None);
        assert_eq!(next_page(1, None, 10), Some(2));
        assert_eq!(next_page(1, Some(3), 0), None);
    }

    #[tokio::test]
    async fn items_flatten_pages_lazily() {
        let calls = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = calls.clone();
        let pages = pages(0u32, move |n: u32| {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            async move {
                let page = vec![n * 10, n * 10 + 1];
                Ok::<_, Error<()>>((page, (n < 4).then_some(n + 1)))
            }
        });
        let first: Vec<u32> = items(pages, |p| p).take(3).try_collect().await.unwrap();
        assert_eq!(first, vec![0, 1, 10]);
        assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 2);
    }
}
