//! Who may talk to the local page's server. Any local process and any web page the user visits
//! can reach 127.0.0.1, so every request must carry the secret of this start (a cookie set once
//! from the address the program printed), name this server in its `Host` (no DNS rebinding),
//! and a state-changing request must come from this server's own page (`Origin`). Pure
//! functions, tested one attack at a time.

/// The name of the cookie that carries the secret.
pub const COOKIE: &str = "lb";

/// What a request says about itself.
#[derive(Debug, Default, Clone)]
pub struct Asked<'a> {
    pub method: &'a str,
    pub host: Option<&'a str>,
    pub origin: Option<&'a str>,
    pub cookie: Option<&'a str>,
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

/// The hosts this server answers to.
fn own_hosts(port: u16) -> [String; 2] {
    [format!("127.0.0.1:{port}"), format!("localhost:{port}")]
}

/// Compares in time independent of where the first difference is.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// The secret in a `Cookie` header, if it is there.
pub fn cookie_secret(cookie: &str) -> Option<&str> {
    cookie
        .split(';')
        .map(str::trim)
        .find_map(|kv| kv.strip_prefix(COOKIE)?.strip_prefix('='))
}

/// Whether a request may be served: the `Host`, then the secret, then (for anything but GET
/// and HEAD) the `Origin`.
pub fn check(asked: &Asked, port: u16, secret: &str) -> Result<(), Refusal> {
    let hosts = own_hosts(port);
    if !asked.host.is_some_and(|h| hosts.iter().any(|o| o == h)) {
        return Err(Refusal::Host);
    }
    if !asked
        .cookie
        .and_then(cookie_secret)
        .is_some_and(|s| same(s, secret))
    {
        return Err(Refusal::Secret);
    }
    if !matches!(asked.method, "GET" | "HEAD") {
        let ok = asked
            .origin
            .is_some_and(|o| hosts.iter().any(|h| o == format!("http://{h}")));
        if !ok {
            return Err(Refusal::Origin);
        }
    }
    Ok(())
}

/// Whether a first visit's `?k=` is this start's secret (the only request without the cookie
/// that is answered: with the cookie and a redirect).
pub fn first_visit(query: &str, secret: &str) -> bool {
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix("k="))
        .is_some_and(|k| same(k, secret))
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: &str = "0123456789abcdef0123456789abcdef";

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
            cookie,
        }
    }

    #[test]
    fn each_attack_is_refused_and_the_own_page_is_served() {
        let ok = format!("{COOKIE}={S}");
        assert_eq!(
            check(&asked("GET", "127.0.0.1:5000", None, Some(&ok)), 5000, S),
            Ok(())
        );
        assert_eq!(
            check(
                &asked(
                    "POST",
                    "localhost:5000",
                    Some("http://localhost:5000"),
                    Some(&ok)
                ),
                5000,
                S
            ),
            Ok(())
        );
        // DNS rebinding: a name that resolves here, but is not ours.
        assert_eq!(
            check(&asked("GET", "evil.example:5000", None, Some(&ok)), 5000, S),
            Err(Refusal::Host)
        );
        assert_eq!(
            check(&asked("GET", "127.0.0.1:5001", None, Some(&ok)), 5000, S),
            Err(Refusal::Host)
        );
        assert_eq!(
            check(
                &Asked {
                    method: "GET",
                    ..Default::default()
                },
                5000,
                S
            ),
            Err(Refusal::Host)
        );
        // No secret, a wrong one, a prefix of it.
        assert_eq!(
            check(&asked("GET", "127.0.0.1:5000", None, None), 5000, S),
            Err(Refusal::Secret)
        );
        let wrong = format!("{COOKIE}={}", "f".repeat(32));
        assert_eq!(
            check(&asked("GET", "127.0.0.1:5000", None, Some(&wrong)), 5000, S),
            Err(Refusal::Secret)
        );
        let prefix = format!("{COOKIE}={}", &S[..16]);
        assert_eq!(
            check(
                &asked("GET", "127.0.0.1:5000", None, Some(&prefix)),
                5000,
                S
            ),
            Err(Refusal::Secret)
        );
        // Another page posting with the user's cookie (CSRF), or without an Origin.
        assert_eq!(
            check(
                &asked(
                    "POST",
                    "127.0.0.1:5000",
                    Some("https://evil.example"),
                    Some(&ok)
                ),
                5000,
                S
            ),
            Err(Refusal::Origin)
        );
        assert_eq!(
            check(&asked("POST", "127.0.0.1:5000", None, Some(&ok)), 5000, S),
            Err(Refusal::Origin)
        );
        assert_eq!(
            check(
                &asked(
                    "POST",
                    "127.0.0.1:5000",
                    Some("http://127.0.0.1:5001"),
                    Some(&ok)
                ),
                5000,
                S
            ),
            Err(Refusal::Origin)
        );
    }

    #[test]
    fn the_secret_is_found_among_other_cookies_and_in_the_first_visit() {
        assert_eq!(cookie_secret(&format!("a=1; {COOKIE}={S}; b=2")), Some(S));
        assert_eq!(cookie_secret("lbx=1"), None);
        assert!(first_visit(&format!("k={S}"), S));
        assert!(!first_visit("k=abc", S));
        assert!(!first_visit("", S));
    }
}
