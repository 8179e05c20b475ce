//! Reading what a proxy forwards: RFC 7239 `Forwarded` (`for=`, `proto=`, `host=`), else
//! `X-Forwarded-For` / `X-Forwarded-Proto` / `X-Forwarded-Host`. Only called for a
//! trusted peer (see [`super::client`]).

use axum::http::HeaderMap;
use std::net::{IpAddr, SocketAddr};

/// What the forwarding headers say, nearest hop last.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Forwarded {
    /// The `for=` (or `X-Forwarded-For`) hops, leftmost first; `None` for a hop that is
    /// not an address (`unknown`, an obfuscated name, garbage).
    pub hops: Vec<Option<IpAddr>>,
    /// The scheme the nearest proxy was reached over, when it says.
    pub https: Option<bool>,
    /// The host the nearest proxy was asked for, when it says.
    pub host: Option<String>,
}

/// Reads the forwarding headers; `Forwarded` wins when it names any hop.
pub fn parse(headers: &HeaderMap) -> Forwarded {
    let mut result = Forwarded::default();
    for element in values(headers, "forwarded") {
        for pair in element.split(';') {
            let Some((name, value)) = pair.split_once('=') else {
                continue;
            };
            let value = value.trim().trim_matches('"');
            match name.trim().to_ascii_lowercase().as_str() {
                "for" => result.hops.push(address(value)),
                "proto" => result.https = Some(value.eq_ignore_ascii_case("https")),
                "host" if !value.is_empty() => result.host = Some(value.to_owned()),
                _ => {}
            }
        }
    }
    if result.hops.is_empty() {
        result.hops = values(headers, "x-forwarded-for")
            .map(|value| address(value.trim_matches('"')))
            .collect();
    }
    if result.https.is_none() {
        result.https = values(headers, "x-forwarded-proto")
            .last()
            .map(|value| value.eq_ignore_ascii_case("https"));
    }
    if result.host.is_none() {
        result.host = values(headers, "x-forwarded-host")
            .last()
            .filter(|value| !value.is_empty())
            .map(str::to_owned);
    }
    result
}

/// Every comma-separated value of every instance of a header, in order, trimmed.
fn values<'a>(headers: &'a HeaderMap, name: &'static str) -> impl Iterator<Item = &'a str> {
    headers
        .get_all(name)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .filter(|value| !value.is_empty())
}

/// An address from `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1` or `[2001:db8::1]:4711`.
fn address(value: &str) -> Option<IpAddr> {
    value
        .parse::<IpAddr>()
        .ok()
        .or_else(|| value.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| {
            let inner = value.strip_prefix('[')?.split(']').next()?;
            inner.parse().ok()
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    fn ip(text: &str) -> Option<IpAddr> {
        Some(text.parse().expect("ip"))
    }

    #[test]
    fn rfc7239_elements_quotes_ports_and_ipv6() {
        let parsed = parse(&headers(&[
            ("forwarded", "for=192.0.2.60;proto=http;by=203.0.113.43"),
            (
                "forwarded",
                "for=\"[2001:db8:cafe::17]:4711\", for=unknown;proto=https;host=example.org",
            ),
        ]));
        assert_eq!(
            parsed.hops,
            vec![ip("192.0.2.60"), ip("2001:db8:cafe::17"), None]
        );
        assert_eq!(parsed.https, Some(true));
        assert_eq!(parsed.host.as_deref(), Some("example.org"));
    }

    #[test]
    fn x_forwarded_headers_when_forwarded_names_no_hop() {
        let parsed = parse(&headers(&[
            ("forwarded", "proto=http"),
            ("x-forwarded-for", "198.51.100.7, 10.0.0.2:1234"),
            ("x-forwarded-for", "garbage"),
            ("x-forwarded-proto", "https"),
            ("x-forwarded-host", "campaign.example"),
        ]));
        assert_eq!(parsed.hops, vec![ip("198.51.100.7"), ip("10.0.0.2"), None]);
        assert_eq!(parsed.https, Some(false), "Forwarded proto= wins");
        assert_eq!(parsed.host.as_deref(), Some("campaign.example"));
    }

    #[test]
    fn nothing_forwarded() {
        assert_eq!(parse(&HeaderMap::new()), Forwarded::default());
    }
}
