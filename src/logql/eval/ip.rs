//! `ip("...")` filters, found in text the way Loki finds them: at each byte
//! an IPv4 hint (a digit with a '.' in the next three bytes) or an IPv6
//! hint (`::h`, `h:`, `hh:`, `hhh:`, `hhhh:`) starts a run of address
//! characters, and the whole run must parse as an address. A hint needs
//! four (IPv4) or five (IPv6) bytes from its start to the end of the text.

use std::net::IpAddr;

#[derive(Clone, Debug)]
pub enum IpMatcher {
    One(IpAddr),
    Prefix(IpAddr, u8),
    Range(IpAddr, IpAddr),
}

/// Go's `netip.ParseAddr`: no zone here, no leading zeros in IPv4 parts.
fn parse_addr(s: &str) -> Option<IpAddr> {
    s.parse().ok()
}

impl IpMatcher {
    /// A single address, a CIDR prefix or an `a-b` range, as Loki reads
    /// them (no spaces allowed).
    pub fn parse(s: &str) -> Result<IpMatcher, String> {
        let bad = || format!("ip: invalid pattern: {}", crate::core::gofmt::quoted(s));
        if let Some(a) = parse_addr(s) {
            return Ok(IpMatcher::One(a));
        }
        if let Some((a, bits)) = s.split_once('/') {
            let ip = parse_addr(a).ok_or_else(bad)?;
            let max = if ip.is_ipv4() { 32 } else { 128 };
            let ok_digits =
                !bits.is_empty() && bits.bytes().all(|b| b.is_ascii_digit()) && (bits == "0" || !bits.starts_with('0'));
            let n: u8 = bits.parse().ok().filter(|n| ok_digits && *n <= max).ok_or_else(bad)?;
            return Ok(IpMatcher::Prefix(ip, n));
        }
        if let Some((a, b)) = s.split_once('-') {
            let (a, b) = (parse_addr(a).ok_or_else(bad)?, parse_addr(b).ok_or_else(bad)?);
            if a.is_ipv4() != b.is_ipv4() || bits(b).0 < bits(a).0 {
                return Err(bad());
            }
            return Ok(IpMatcher::Range(a, b));
        }
        Err(bad())
    }

    fn contains(&self, ip: IpAddr) -> bool {
        let (x, v4x) = bits(ip);
        match *self {
            IpMatcher::One(a) => a == ip,
            IpMatcher::Prefix(net, n) => {
                let (a, v4a) = bits(net);
                if v4a != v4x {
                    return false;
                }
                let width = if v4a { 32 } else { 128 };
                n == 0 || (a >> (width - n as u32)) == (x >> (width - n as u32))
            }
            IpMatcher::Range(lo, hi) => {
                let (l, v4l) = bits(lo);
                v4l == v4x && l <= x && x <= bits(hi).0
            }
        }
    }

    /// Is one of the addresses Loki finds in `text` inside this matcher?
    pub fn in_text(&self, text: &str) -> bool {
        let b = text.as_bytes();
        let n = b.len();
        let mut i = 0;
        while i < n {
            let set: Option<fn(u8) -> bool> = if i + 3 < n && v4_hint(&b[i..i + 4]) {
                Some(|c: u8| c.is_ascii_digit() || c == b'.')
            } else if i + 4 < n && v6_hint(&b[i..i + 5]) {
                Some(|c: u8| c.is_ascii_hexdigit() || c == b':' || c == b'.')
            } else {
                None
            };
            if let Some(set) = set {
                let len = b[i..].iter().take_while(|c| set(**c)).count();
                if parse_addr(&text[i..i + len]).is_some_and(|ip| self.contains(ip)) {
                    return true;
                }
                i += len;
            }
            i += 1;
        }
        false
    }
}

fn bits(ip: IpAddr) -> (u128, bool) {
    match ip {
        IpAddr::V4(v) => (u32::from(v) as u128, true),
        IpAddr::V6(v) => (u128::from(v), false),
    }
}

fn v4_hint(p: &[u8]) -> bool {
    p[0].is_ascii_digit() && (p[1] == b'.' || p[2] == b'.' || p[3] == b'.')
}

fn v6_hint(p: &[u8]) -> bool {
    let h = |c: u8| c.is_ascii_hexdigit();
    (p[0] == b':' && p[1] == b':' && h(p[2]))
        || (h(p[0]) && p[1] == b':')
        || (h(p[0]) && h(p[1]) && p[2] == b':')
        || (h(p[0]) && h(p[1]) && h(p[2]) && p[3] == b':')
        || (h(p[0]) && h(p[1]) && h(p[2]) && h(p[3]) && p[4] == b':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_like_loki() {
        let m = IpMatcher::parse("10.0.0.0/8").unwrap();
        assert!(m.in_text("connection from 10.1.2.3:5432 to x"));
        assert!(m.in_text("x10.1.2.3 y"));
        assert!(m.in_text("10.0.0.0/8"));
        assert!(!m.in_text("11.1.2.3 ok"));
        let one = IpMatcher::parse("::1").unwrap();
        assert!(!one.in_text("::1"));
        assert!(one.in_text("ip=::1 level=info"));
        assert!(IpMatcher::parse("1.2.3.4 - 1.2.3.9").is_err());
        assert!(IpMatcher::parse("1.2.3.4-1.2.3.9").unwrap().in_text("at 1.2.3.5 now"));
    }
}
