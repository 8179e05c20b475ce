//! Who the client is: its address (for the rate limiter only; never logged or stored)
//! and whether it came over HTTPS, computed once per request from the TCP peer and,
//! only when that peer is a trusted proxy, from `Forwarded` / `X-Forwarded-*`.

use axum::extract::{ConnectInfo, Request};
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

/// The client of one request, put in the request extensions by [`identify`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientInfo {
    /// The client's address: the peer, or the rightmost untrusted forwarded hop.
    /// Only the rate limiter reads it (through a salted hash); never log or store it.
    pub ip: IpAddr,
    /// The request came over HTTPS (the peer's TLS is not ours: a trusted proxy says so).
    pub https: bool,
    /// The host the client asked for (`Forwarded host=` / `X-Forwarded-Host` from a
    /// trusted proxy, else `Host`), used to recognise same-origin posts.
    pub host: Option<String>,
}

impl ClientInfo {
    /// The origin the client sees this server at, e.g. `https://example.org`.
    pub fn origin(&self) -> Option<String> {
        let scheme = if self.https { "https" } else { "http" };
        self.host.as_ref().map(|host| format!("{scheme}://{host}"))
    }
}

/// The proxies whose forwarding headers are believed.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Vec<IpNet>);

/// Parses one `--trusted-proxy` value: a CIDR (`10.0.0.0/8`, `::1/128`) or a single
/// address; the error says what is wrong.
pub fn parse_cidr(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
        .map(|net| net.trunc())
        .map_err(|_| {
            format!("trusted proxy {text:?} is not a CIDR such as 127.0.0.1/32 or 10.0.0.0/8")
        })
}

impl TrustedProxies {
    /// The given networks.
    pub fn new(nets: Vec<IpNet>) -> Self {
        Self(nets)
    }

    /// Whether `ip` is a trusted proxy (IPv4-mapped IPv6 counts as IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client behind `peer`: without a trusted peer the headers are ignored.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> ClientInfo {
        let peer = peer.to_canonical();
        let host = header_str(headers, header::HOST).map(str::to_owned);
        if !self.contains(peer) {
            return ClientInfo {
                ip: peer,
                https: false,
                host,
            };
        }
        let forwarded = super::forwarded::parse(headers);
        // Walk from the right (the hop nearest to us); the first untrusted one is the
        // client. If every hop is trusted, the leftmost is the best there is.
        // A hop that is not an address (`unknown`) ends the walk: that client cannot be
        // told apart, so it shares the bucket of the last trusted hop.
        let mut ip = peer;
        for hop in forwarded.hops.iter().rev() {
            let Some(hop) = hop else { break };
            ip = hop.to_canonical();
            if !self.contains(ip) {
                break;
            }
        }
        ClientInfo {
            ip,
            https: forwarded.https.unwrap_or(false),
            host: forwarded.host.or(host),
        }
    }
}

/// The first value of a header as text, if it is visible ASCII.
pub(super) fn header_str(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// Middleware: puts the [`ClientInfo`] of the request in its extensions. Without
/// connection info (in-process use) the peer counts as `0.0.0.0`.
pub async fn identify(proxies: Arc<TrustedProxies>, mut request: Request, next: Next) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());
    let info = proxies.client(peer, request.headers());
    request.extensions_mut().insert(info);
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn proxies(list: &[&str]) -> TrustedProxies {
        TrustedProxies::new(list.iter().map(|c| parse_cidr(c).expect("cidr")).collect())
    }

    fn xff(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_static(value));
        headers.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        headers.insert(header::HOST, HeaderValue::from_static("inner:8080"));
        headers.insert("x-forwarded-host", HeaderValue::from_static("example.org"));
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("ip")
    }

    #[test]
    fn untrusted_peer_headers_ignored() {
        let info = proxies(&["10.0.0.0/8"]).client(ip("192.0.2.9"), &xff("198.51.100.1"));
        assert_eq!(info.ip, ip("192.0.2.9"));
        assert!(!info.https);
        assert_eq!(info.origin().as_deref(), Some("http://inner:8080"));
    }

    #[test]
    fn rightmost_untrusted_hop_wins() {
        let trusted = proxies(&["127.0.0.1", "10.0.0.0/8"]);
        let headers = xff("203.0.113.5, 198.51.100.1, 10.1.2.3");
        let info = trusted.client(ip("::ffff:127.0.0.1"), &headers);
        assert_eq!(info.ip, ip("198.51.100.1"), "never the spoofable leftmost");
        assert!(info.https);
        assert_eq!(info.origin().as_deref(), Some("https://example.org"));
    }

    #[test]
    fn all_trusted_or_unknown_hops() {
        let trusted = proxies(&["10.0.0.0/8"]);
        assert_eq!(
            trusted
                .client(ip("10.0.0.1"), &xff("10.0.0.3, 10.0.0.2"))
                .ip,
            ip("10.0.0.3")
        );
        assert_eq!(
            trusted
                .client(ip("10.0.0.1"), &xff("198.51.100.1, unknown"))
                .ip,
            ip("10.0.0.1")
        );
    }

    #[test]
    fn cidr_errors_are_clear() {
        assert_eq!(
            parse_cidr("10.1.2.3/8"),
            Ok("10.0.0.0/8".parse().expect("net"))
        );
        assert_eq!(parse_cidr("::1"), Ok("::1/128".parse().expect("net")));
        let error = parse_cidr("10.0.0.0/33").expect_err("invalid");
        assert!(
            error.contains("10.0.0.0/33") && error.contains("CIDR"),
            "{error}"
        );
    }
}
