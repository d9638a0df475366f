//! Who may talk to the local page's server. Any local process and any web page the user visits
//! can reach 127.0.0.1, so:
//! - every request must name this server in its `Host` (no DNS rebinding);
//! - every request but the first visit must carry this start's secret in a cookie whose name is
//!   this server's own (`lb-<port>-<random>`): browsers share one cookie jar for every port of
//!   127.0.0.1, so a fixed name would let a second server, or any page on 127.0.0.1 that sets a
//!   cookie of that name, overwrite it; and the right value is accepted among several of the
//!   same name (a page can add one with a longer path, which the browser then sends first);
//! - a state-changing request must come from this server's own page (`Origin`);
//! - the first visit carries a one-time login token (never the secret), exchanged for the
//!   cookie and then invalid;
//! - a second start recognises a running server by a challenge only the secret answers
//!   ([`answer`]), and never sends the secret to a peer that has not answered it.
//!
//! Pure functions, tested one attack at a time.

use sha2::{Digest, Sha256};

/// The prefix of the cookie's name.
pub const COOKIE_PREFIX: &str = "lb-";

/// What a request says about itself.
#[derive(Debug, Default, Clone)]
pub struct Asked<'a> {
    pub method: &'a str,
    pub host: Option<&'a str>,
    pub origin: Option<&'a str>,
    /// Every `Cookie` header of the request.
    pub cookies: Vec<&'a str>,
}

/// Why a request is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// `Host` is not this server (a rebound name, another port).
    Host,
    /// No secret, or a wrong one.
    Secret,
    /// A state-changing request from another page.
    Origin,
}

/// The secret and the cookie name of one start.
#[derive(Debug, Clone)]
pub struct Keys {
    /// This server's port.
    pub port: u16,
    /// The secret (128 bits, hex).
    pub secret: String,
    /// The cookie's name: `lb-<port>-<8 hex>`.
    pub cookie: String,
}

impl Keys {
    /// Keys for a server on `port` with `secret`; the cookie's random part is `tag`.
    pub fn new(port: u16, secret: String, tag: &str) -> Keys {
        Keys {
            port,
            secret,
            cookie: format!("{COOKIE_PREFIX}{port}-{tag}"),
        }
    }

    /// The `Set-Cookie` value of the first visit (a session cookie).
    pub fn set_cookie(&self) -> String {
        format!(
            "{}={}; HttpOnly; SameSite=Strict; Path=/",
            self.cookie, self.secret
        )
    }

    /// The hosts this server answers to.
    fn own_hosts(&self) -> [String; 2] {
        [
            format!("127.0.0.1:{}", self.port),
            format!("localhost:{}", self.port),
        ]
    }

    /// Whether `host` is this server.
    pub fn is_own_host(&self, host: Option<&str>) -> bool {
        let hosts = self.own_hosts();
        host.is_some_and(|h| hosts.iter().any(|o| o == h))
    }

    /// Whether a request carries the secret in this server's cookie (among any others, and
    /// among other cookies of the same name).
    pub fn has_secret(&self, cookies: &[&str]) -> bool {
        cookies
            .iter()
            .flat_map(|c| cookie_values(c, &self.cookie))
            .any(|v| same(v, &self.secret))
    }

    /// Whether a request may be served: the `Host`, then the secret, then (for anything but
    /// GET and HEAD) the `Origin`.
    pub fn check(&self, asked: &Asked) -> Result<(), Refusal> {
        if !self.is_own_host(asked.host) {
            return Err(Refusal::Host);
        }
        if !self.has_secret(&asked.cookies) {
            return Err(Refusal::Secret);
        }
        if !matches!(asked.method, "GET" | "HEAD") && !self.own_origin(asked.origin) {
            return Err(Refusal::Origin);
        }
        Ok(())
    }

    /// Whether `origin` is this server's page.
    pub fn own_origin(&self, origin: Option<&str>) -> bool {
        origin.is_some_and(|o| self.own_hosts().iter().any(|h| o == format!("http://{h}")))
    }
}

/// Compares in time independent of where the first difference is.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// The values of every cookie named `name` in a `Cookie` header.
pub fn cookie_values<'a>(header: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    header.split(';').filter_map(move |kv| {
        let (k, v) = kv.trim().split_once('=')?;
        (k == name).then_some(v)
    })
}

/// The one-time login token of a first visit (`?k=`), if the query has one.
pub fn login_token(query: &str) -> Option<&str> {
    query.split('&').find_map(|kv| kv.strip_prefix("k="))
}

/// HMAC-SHA256 (RFC 2104) of `message` under `key`, in hex.
pub fn hmac_hex(key: &[u8], message: &[u8]) -> String {
    const BLOCK: usize = 64;
    let mut k = [0u8; BLOCK];
    if key.len() > BLOCK {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| k.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    let outer = Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize();
    outer.iter().map(|b| format!("{b:02x}")).collect()
}

/// The answer to a liveness challenge: only a holder of `secret` can give it for a fresh
/// `nonce` (the asker checks it before trusting, and so before sending, anything).
pub fn answer(secret: &str, nonce: &str) -> String {
    hmac_hex(
        secret.as_bytes(),
        format!("labour-brand alive {nonce}").as_bytes(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: &str = "0123456789abcdef0123456789abcdef";

    fn keys() -> Keys {
        Keys::new(5000, S.into(), "a1b2c3d4")
    }

    fn asked<'a>(
        method: &'a str,
        host: &'a str,
        origin: Option<&'a str>,
        cookie: Option<&'a str>,
    ) -> Asked<'a> {
        Asked {
            method,
            host: Some(host),
            origin,
            cookies: cookie.into_iter().collect(),
        }
    }

    #[test]
    fn each_attack_is_refused_and_the_own_page_is_served() {
        let k = keys();
        let ok = format!("{}={S}", k.cookie);
        assert_eq!(
            k.check(&asked("GET", "127.0.0.1:5000", None, Some(&ok))),
            Ok(())
        );
        assert_eq!(
            k.check(&asked(
                "POST",
                "localhost:5000",
                Some("http://localhost:5000"),
                Some(&ok)
            )),
            Ok(())
        );
        // DNS rebinding: a name that resolves here, but is not ours; another port.
        for host in [
            "evil.example:5000",
            "127.0.0.1:5001",
            "127.1:5000",
            "[::1]:5000",
        ] {
            assert_eq!(
                k.check(&asked("GET", host, None, Some(&ok))),
                Err(Refusal::Host),
                "{host}"
            );
        }
        assert_eq!(
            k.check(&Asked {
                method: "GET",
                ..Default::default()
            }),
            Err(Refusal::Host)
        );
        // No secret, a wrong one, a prefix of it, the right one under another name.
        let wrong = format!("{}={}", k.cookie, "f".repeat(32));
        let prefix = format!("{}={}", k.cookie, &S[..16]);
        let other_name = format!("lb={S}");
        for c in [None, Some(wrong.as_str()), Some(&prefix), Some(&other_name)] {
            assert_eq!(
                k.check(&asked("GET", "127.0.0.1:5000", None, c)),
                Err(Refusal::Secret),
                "{c:?}"
            );
        }
        // Another page posting with the user's cookie (CSRF), or without an Origin, or from
        // another port of 127.0.0.1 (same-site for the browser).
        for origin in [
            Some("https://evil.example"),
            None,
            Some("http://127.0.0.1:5001"),
        ] {
            assert_eq!(
                k.check(&asked("POST", "127.0.0.1:5000", origin, Some(&ok))),
                Err(Refusal::Origin),
                "{origin:?}"
            );
        }
    }

    /// Cookie tossing: a page on another port of 127.0.0.1 sets a cookie of our name with a
    /// longer path, which the browser sends first — or in a second `Cookie` header. The right
    /// value is still found; a second server's cookie (other name) is not taken for ours.
    #[test]
    fn the_secret_is_found_among_tossed_cookies_of_the_same_name() {
        let k = keys();
        let tossed = format!("{}=000; {}={S}; other=1", k.cookie, k.cookie);
        assert!(k.has_secret(&[&tossed]));
        assert!(k.has_secret(&[&format!("{}=000", k.cookie), &format!("{}={S}", k.cookie)]));
        let second_server = Keys::new(5001, "f".repeat(32), "99999999");
        let jar = format!(
            "{}={}; {}={S}",
            second_server.cookie, second_server.secret, k.cookie
        );
        assert!(k.has_secret(&[&jar]) && second_server.has_secret(&[&jar]));
        assert!(!k.has_secret(&[&format!("{}=000", k.cookie)]));
        assert_eq!(
            cookie_values("a=1; lb-5000-x=2", "lb-5000-x").collect::<Vec<_>>(),
            ["2"]
        );
        assert!(
            k.set_cookie().starts_with("lb-5000-a1b2c3d4=") && k.set_cookie().contains("HttpOnly")
        );
    }

    #[test]
    fn the_login_token_is_read_from_the_query() {
        assert_eq!(login_token("k=abc"), Some("abc"));
        assert_eq!(login_token("x=1&k=abc"), Some("abc"));
        assert_eq!(login_token(""), None);
    }

    /// RFC 4231 test case 2, and the challenge: only the secret answers it.
    #[test]
    fn hmac_matches_the_rfc_and_the_challenge_needs_the_secret() {
        assert_eq!(
            hmac_hex(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        let long_key = [0xaau8; 131];
        assert_eq!(
            hmac_hex(
                &long_key,
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            ),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
        assert_eq!(answer(S, "n1"), answer(S, "n1"));
        assert_ne!(answer(S, "n1"), answer(S, "n2"));
        assert_ne!(answer(S, "n1"), answer(&"f".repeat(32), "n1"));
    }
}
