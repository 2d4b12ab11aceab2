//! Macros that generated crates expand for the code every client has alike, so that each
//! crate's source carries only what differs between APIs.

/// The hooks progenitor's request builders call on a generated `Client`: every request goes
/// through the client's [`Context`](crate::Context) (credentials, retries, rate-limit gate,
/// tracing). Inherent and crate-private, so the context is not reachable from a client.
#[doc(hidden)]
#[macro_export]
macro_rules! client_hooks {
    ($client:ident) => {
        impl $client {
            pub(crate) async fn pre<E>(
                &self,
                _request: &mut $crate::__private::reqwest::Request,
                _info: &$crate::__private::progenitor_client::OperationInfo,
            ) -> ::std::result::Result<(), $crate::__private::progenitor_client::Error<E>> {
                Ok(())
            }

            pub(crate) async fn exec(
                &self,
                request: $crate::__private::reqwest::Request,
                info: &$crate::__private::progenitor_client::OperationInfo,
            ) -> $crate::__private::reqwest::Result<$crate::__private::reqwest::Response> {
                self.inner
                    .execute(&self.client, request, info.operation_id)
                    .await
            }

            pub(crate) async fn post<E>(
                &self,
                _result: &$crate::__private::reqwest::Result<$crate::__private::reqwest::Response>,
                _info: &$crate::__private::progenitor_client::OperationInfo,
            ) -> ::std::result::Result<(), $crate::__private::progenitor_client::Error<E>> {
                Ok(())
            }
        }
    };
}

/// A generated crate's `MockServer` (feature `mock`): the struct and what every API's mock
/// server does alike. The crate adds `credentials()` (its fake credentials) and one method per
/// operation.
#[doc(hidden)]
#[macro_export]
macro_rules! mock_server {
    ($server:ident for $client:path) => {
        /// A mock server of the API on 127.0.0.1: expect requests with the method named after
        /// each operation, run the code under test with [`client`](Self::client), then check
        /// with [`verify`](Self::verify) and [`Expectation::hits`]($crate::mock::Expectation::hits).
        #[derive(Debug)]
        pub struct $server {
            inner: $crate::mock::Server,
        }

        impl $server {
            /// Starts a server on 127.0.0.1 (a free port).
            pub async fn start() -> Self {
                Self {
                    inner: $crate::mock::Server::start().await,
                }
            }

            /// A client builder pointed at this server, with fake credentials and fast retries
            /// (milliseconds apart); adjust it before `build()`.
            pub fn client_builder(&self) -> $crate::ClientBuilder<$client> {
                <$client>::builder(Self::credentials())
                    .base_url(self.inner.base_url())
                    .retry($crate::mock::fast_retries())
            }

            /// A client pointed at this server, with fake credentials and fast retries.
            pub fn client(&self) -> $client {
                self.client_builder()
                    .build()
                    .expect("a client for the mock server builds")
            }

            /// `http://127.0.0.1:<port>`.
            pub fn base_url(&self) -> ::std::string::String {
                self.inner.base_url()
            }

            /// The underlying httpmock server, for what typed expectations cannot say.
            pub fn http(&self) -> &$crate::__private::httpmock::MockServer {
                self.inner.http()
            }

            /// Requests that matched no expectation (method, path and query, body excerpt).
            pub fn unmatched(&self) -> ::std::vec::Vec<::std::string::String> {
                self.inner.unmatched()
            }

            /// Every expectation with how often it matched, and the requests that matched none.
            pub fn report(&self) -> ::std::string::String {
                self.inner.report()
            }

            /// Panics with [`report`](Self::report) if any request matched no expectation.
            #[track_caller]
            pub fn verify(&self) {
                self.inner.verify()
            }
        }
    };
}
