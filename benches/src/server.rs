//! A tiny HTTP/1.1 keep-alive server on 127.0.0.1 that answers every `GET` with one of a
//! list of precomputed responses, chosen by the cursor in the query string. It parses only the
//! request line and does no allocation per response, so the client side is what a bench measures.

use std::net::SocketAddr;

use bytes::Bytes;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A running server; it serves until the process exits.
pub struct PageServer {
    addr: SocketAddr,
}

impl PageServer {
    /// Starts serving `bodies` (JSON documents) on a thread of its own. A request without a
    /// cursor gets body 0; a request whose query has `<cursor_param>=c<i>` gets body `i`.
    /// `cursor_param` is the parameter as it appears on the wire (percent-encoded).
    pub fn start(bodies: Vec<Vec<u8>>, cursor_param: &'static str) -> Self {
        let responses: Vec<Bytes> = bodies.into_iter().map(response).collect();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let addr = listener.local_addr().expect("local address");
        std::thread::Builder::new()
            .name("page-server".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_io()
                    .build()
                    .expect("server runtime");
                runtime.block_on(serve(listener, responses, cursor_param));
            })
            .expect("server thread");
        Self { addr }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// The bytes of a `200` response carrying `body`.
fn response(body: Vec<u8>) -> Bytes {
    let mut out = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(&body);
    Bytes::from(out)
}

const NOT_FOUND: &[u8] = b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n";

async fn serve(listener: std::net::TcpListener, responses: Vec<Bytes>, cursor_param: &'static str) {
    let listener = TcpListener::from_std(listener).expect("tokio listener");
    loop {
        let Ok((socket, _)) = listener.accept().await else {
            continue;
        };
        let _ = socket.set_nodelay(true);
        let responses = responses.clone();
        tokio::spawn(async move {
            let _ = connection(socket, &responses, cursor_param).await;
        });
    }
}

/// Answers the requests of one connection until the client closes it.
async fn connection(
    mut socket: TcpStream,
    responses: &[Bytes],
    cursor_param: &str,
) -> std::io::Result<()> {
    let mut buf = vec![0u8; 16 * 1024];
    let mut filled = 0;
    loop {
        // Read until the end of the request head (a GET has no body).
        let end = loop {
            if let Some(pos) = find(&buf[..filled], b"\r\n\r\n") {
                break pos + 4;
            }
            if filled == buf.len() {
                buf.resize(buf.len() * 2, 0);
            }
            let n = socket.read(&mut buf[filled..]).await?;
            if n == 0 {
                return Ok(());
            }
            filled += n;
        };
        let page = page_of(&buf[..end], cursor_param);
        match page.and_then(|i| responses.get(i)) {
            Some(bytes) => socket.write_all(bytes).await?,
            None => socket.write_all(NOT_FOUND).await?,
        }
        buf.copy_within(end..filled, 0);
        filled -= end;
    }
}

/// The page a request head asks for: 0 without a cursor, `i` for cursor `c<i>`.
fn page_of(head: &[u8], cursor_param: &str) -> Option<usize> {
    let line_end = find(head, b"\r\n")?;
    let line = std::str::from_utf8(&head[..line_end]).ok()?;
    let target = line.split(' ').nth(1)?;
    let query = target.split_once('?').map_or("", |(_, q)| q);
    let cursor = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == cursor_param)
        .map(|(_, value)| value);
    match cursor {
        None => Some(0),
        Some(c) => c.strip_prefix('c')?.parse().ok(),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
