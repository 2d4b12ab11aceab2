//! A raw HTTP/1.1 server on 127.0.0.1 for tests that need the exact bytes on the wire: it
//! records every request (method, target, headers, body) and answers with bytes the test chooses,
//! which may be a truncated body, a lying `Content-Length`, or a body that stalls half-way.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// Largest request head read; the clients send far less.
const MAX_HEAD: usize = 64 * 1024;

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// `GET`, `POST`, ...
    pub method: String,
    /// Path and query.
    pub target: String,
    /// Header names (lower case) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Recorded {
    /// The first value of a header (`name` in lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What the server does after reading a request.
pub enum Reply {
    /// Writes these bytes, then closes the connection.
    Close(Vec<u8>),
    /// Writes these bytes, then keeps the connection open without writing more.
    Stall(Vec<u8>),
    /// Writes the first bytes, then `chunk` again and again until the client goes away.
    Endless(Vec<u8>, Vec<u8>),
}

type Respond = dyn Fn(usize, &Recorded) -> Reply + Send + Sync;

/// The server; stops when dropped.
pub struct RawServer {
    port: u16,
    requests: Arc<Mutex<Vec<Recorded>>>,
    held: Arc<Mutex<Vec<TcpStream>>>,
    task: JoinHandle<()>,
}

impl RawServer {
    /// Starts a server that answers request number `n` (from 0) with `respond(n, request)`.
    pub async fn start(
        respond: impl Fn(usize, &Recorded) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("local address").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let held = Arc::new(Mutex::new(Vec::new()));
        let respond: Arc<Respond> = Arc::new(respond);
        let counter = Arc::new(AtomicUsize::new(0));
        let task = {
            let (requests, held) = (requests.clone(), held.clone());
            tokio::spawn(async move {
                while let Ok((socket, _)) = listener.accept().await {
                    let (requests, held, respond, counter) = (
                        requests.clone(),
                        held.clone(),
                        respond.clone(),
                        counter.clone(),
                    );
                    tokio::spawn(async move {
                        serve(socket, &requests, &held, &*respond, &counter).await;
                    });
                }
            })
        };
        Self {
            port,
            requests,
            held,
            task,
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The requests received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().expect("requests lock").clone()
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
        if let Ok(mut held) = self.held.lock() {
            held.clear();
        }
    }
}

/// Serves the one request of a connection (every reply ends it or holds it).
async fn serve(
    mut socket: TcpStream,
    requests: &Mutex<Vec<Recorded>>,
    held: &Mutex<Vec<TcpStream>>,
    respond: &Respond,
    counter: &AtomicUsize,
) {
    let Some(request) = read_request(&mut socket).await else {
        return;
    };
    requests
        .lock()
        .expect("requests lock")
        .push(request.clone());
    match respond(counter.fetch_add(1, Ordering::SeqCst), &request) {
        Reply::Close(bytes) => {
            let _ = socket.write_all(&bytes).await;
            let _ = socket.shutdown().await;
        }
        Reply::Stall(bytes) => {
            let _ = socket.write_all(&bytes).await;
            let _ = socket.flush().await;
            held.lock().expect("held lock").push(socket);
        }
        Reply::Endless(head, chunk) => {
            if socket.write_all(&head).await.is_ok() {
                while socket.write_all(&chunk).await.is_ok() {}
            }
        }
    }
}

/// Reads one request (head, then a `Content-Length` body); `None` when the connection ends.
async fn read_request(socket: &mut TcpStream) -> Option<Recorded> {
    let mut buffer = Vec::new();
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        if buffer.len() > MAX_HEAD {
            return None;
        }
        let mut chunk = [0u8; 4096];
        let read = socket.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_string();
    let target = request_line.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    buffer.drain(..head_end + 4);
    while buffer.len() < length {
        let mut chunk = [0u8; 4096];
        let read = socket.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    let body = buffer.drain(..length).collect();
    Some(Recorded {
        method,
        target,
        headers,
        body,
    })
}

/// A complete response: status line, the headers, `Content-Length`, `Connection: close`, body.
pub fn response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = head(status, headers);
    out.extend_from_slice(format!("content-length: {}\r\n\r\n", body.len()).as_bytes());
    out.extend_from_slice(body);
    out
}

/// A status line and headers, with `Connection: close`, without the blank line that ends them.
pub fn head(status: u16, headers: &[(&str, &str)]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} Status\r\nconnection: close\r\n").into_bytes();
    for (name, value) in headers {
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// A JSON response with status 200.
pub fn json(body: &str) -> Vec<u8> {
    response(
        200,
        &[("content-type", "application/json")],
        body.as_bytes(),
    )
}

/// A redirect to `location`.
pub fn redirect(status: u16, location: &str) -> Vec<u8> {
    response(status, &[("location", location)], b"")
}
