//! IP addresses and CIDR blocks as `cidrMatch` reads them, IPv4 and IPv6.
//!
//! Elasticsearch keeps every address of an `ip` field in the IPv6 space, an IPv4 address
//! `a.b.c.d` being the IPv4-mapped `::ffff:a.b.c.d`; [`Cidr::contains`] compares in that space.

use std::fmt;
use std::net::IpAddr;

/// A block of addresses: `10.0.0.0/8`, `fe80::/10`, or one address written without a prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Cidr {
    /// The address as written, host bits included (`10.6.48.157/8` keeps `10.6.48.157`).
    address: IpAddr,
    /// The prefix length in the address's own family: up to 32 for IPv4, 128 for IPv6.
    prefix: u8,
}

/// Why a text is not an IP address or a CIDR block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CidrError {
    /// What is wrong, lowercase, without a trailing period.
    pub message: String,
}

impl fmt::Display for CidrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CidrError {}

/// Parses an IPv4 or IPv6 address. An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) comes back
/// as the IPv4 address, as Java's `InetAddress` (and so Elasticsearch) reads it.
pub fn parse_ip(text: &str) -> Result<IpAddr, CidrError> {
    let Ok(address) = text.parse::<IpAddr>() else {
        return Err(CidrError { message: format!("`{text}` is not an IP address") });
    };

    match address {
        IpAddr::V4(_) => Ok(address),
        IpAddr::V6(v6) => Ok(v6.to_ipv4_mapped().map_or(address, IpAddr::V4)),
    }
}

/// Parses `address/prefix`, or a bare address standing for itself alone (`/32` or `/128`).
///
/// As in Elasticsearch: host bits may be set (`10.6.48.157/8` is `10.0.0.0/8`); the prefix is
/// 0-32 for IPv4 and 0-128 for IPv6; a prefix on an IPv4-mapped address (`::ffff:0:0/96`) is
/// rejected, being ambiguous between the two families; and, since Java's `split` drops trailing
/// empty fields, `10.0.0.0/8/` is read as `10.0.0.0/8`.
pub fn parse_cidr(text: &str) -> Result<Cidr, CidrError> {
    let mut fields: Vec<&str> = text.split('/').collect();
    while fields.len() > 1 && fields.last() == Some(&"") {
        fields.pop();
    }

    let (address_text, prefix_text) = match fields.as_slice() {
        [address] if !text.contains('/') => {
            let address = parse_ip(address)?;
            return Ok(Cidr { address, prefix: family_bits(address) });
        }
        [address, prefix] => (*address, *prefix),
        _ => {
            let message = format!("`{text}` is not a CIDR block `address/prefix`");
            return Err(CidrError { message });
        }
    };

    let address = parse_ip(address_text)?;
    if address.is_ipv4() && address_text.contains(':') {
        let message = format!(
            "`{text}` puts a prefix on an IPv4-mapped IPv6 address, which Elasticsearch rejects \
             as ambiguous; write the block in IPv4 form"
        );
        return Err(CidrError { message });
    }

    let Some(prefix) = java_int(prefix_text) else {
        return Err(CidrError { message: format!("prefix `{prefix_text}` is not a number") });
    };
    let bits = family_bits(address);
    match u8::try_from(prefix) {
        Ok(prefix) if prefix <= bits => Ok(Cidr { address, prefix }),
        Ok(_) | Err(_) => {
            let message = format!(
                "prefix length {prefix} in `{text}` is out of range: 0-32 for IPv4, 0-128 for IPv6"
            );
            Err(CidrError { message })
        }
    }
}

impl Cidr {
    /// Whether `ip` lies in the block. IPv4 addresses and IPv4-mapped IPv6 addresses are the
    /// same; an IPv6 block such as `::/0` therefore holds IPv4 addresses too, while an IPv4
    /// block never holds an address outside `::ffff:0:0/96`.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let bits = u32::from(self.prefix) + 128 - u32::from(family_bits(self.address));
        let mask = u128::MAX.checked_shl(128 - bits).unwrap_or(0);

        (ipv6_space(ip) & mask) == (ipv6_space(self.address) & mask)
    }

    /// The address as written.
    pub fn address(&self) -> IpAddr {
        self.address
    }

    /// The prefix length, in the address's own family.
    pub fn prefix(&self) -> u8 {
        self.prefix
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.address, self.prefix)
    }
}

fn family_bits(address: IpAddr) -> u8 {
    match address {
        IpAddr::V4(_) => 32,
        IpAddr::V6(_) => 128,
    }
}

fn ipv6_space(address: IpAddr) -> u128 {
    match address {
        IpAddr::V4(v4) => u128::from(v4.to_ipv6_mapped()),
        IpAddr::V6(v6) => u128::from(v6),
    }
}

/// Java's `Integer.parseInt`: an optional sign, then decimal digits, within 32 bits.
fn java_int(text: &str) -> Option<i32> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn contains(cidr: &str, address: &str) -> bool {
        parse_cidr(cidr).unwrap().contains(ip(address))
    }

    #[test]
    fn ipv4_blocks() {
        assert!(contains("10.0.0.0/8", "10.255.1.2"));
        assert!(!contains("10.0.0.0/8", "11.0.0.0"));
        assert!(contains("192.168.0.0/16", "192.168.255.255"));
        assert!(!contains("192.168.0.0/16", "192.169.0.0"));
        assert!(contains("0.0.0.0/0", "8.8.8.8"));
        assert!(contains("10.6.48.157/8", "10.1.2.3"), "host bits are ignored");
        assert!(contains("1.2.3.4/32", "1.2.3.4"));
        assert!(!contains("1.2.3.4/32", "1.2.3.5"));
    }

    #[test]
    fn ipv6_blocks() {
        assert!(contains("::1/128", "::1"));
        assert!(!contains("::1/128", "::2"));
        assert!(contains("fe80::/10", "fe80::1"));
        assert!(contains("fe80::/10", "febf:ffff::1"));
        assert!(!contains("fe80::/10", "fec0::1"));
        assert!(contains("2001:db8::/32", "2001:db8:1::1"));
    }

    #[test]
    fn a_bare_address_is_a_single_address_block() {
        assert_eq!(parse_cidr("10.1.2.3").unwrap().prefix(), 32);
        assert_eq!(parse_cidr("::1").unwrap().prefix(), 128);
        assert!(contains("10.1.2.3", "10.1.2.3"));
        assert!(!contains("10.1.2.3", "10.1.2.4"));
        assert!(contains("::ffff:10.1.2.3", "10.1.2.3"));
    }

    #[test]
    fn ipv4_and_ipv4_mapped_addresses_are_the_same() {
        assert!(contains("10.0.0.0/8", "::ffff:10.1.2.3"));
        assert!(contains("::ffff:a01:203", "10.1.2.3"));
        assert!(contains("::/0", "10.1.2.3"), "an IPv6 block covers the mapped IPv4 space");
        assert!(!contains("0.0.0.0/0", "::1"), "an IPv4 block covers no other IPv6 address");
        assert!(!contains("10.0.0.0/8", "::a01:203"), "IPv4-compatible is not IPv4-mapped");
        assert_eq!(parse_ip("::ffff:10.1.2.3").unwrap(), ip("10.1.2.3"));
    }

    #[test]
    fn a_prefix_on_an_ipv4_mapped_address_is_rejected() {
        let error = parse_cidr("::ffff:0:0/96").unwrap_err();
        assert!(error.message.contains("IPv4-mapped"), "{error}");
        assert!(parse_cidr("::fffe:0:0/95").is_ok());
    }

    #[test]
    fn malformed_blocks() {
        for text in [
            "",
            "10.0.0.0/",
            "/8",
            "10.0.0.0//8",
            "10.0.0.0/8/9",
            "10.0.0.0/33",
            "::/129",
            "10.0.0.0/-1",
            "10.0.0.0/x",
            "10.0.0.0/ 8",
            "10.0.0/8",
            "010.0.0.0/8",
            "10.0.0.256",
            "host.example",
        ] {
            assert!(parse_cidr(text).is_err(), "{text:?} should be rejected");
        }
    }

    #[test]
    fn java_parsing_quirks() {
        assert_eq!(parse_cidr("10.0.0.0/8/").unwrap(), parse_cidr("10.0.0.0/8").unwrap());
        assert_eq!(parse_cidr("10.0.0.0/+8").unwrap().prefix(), 8);
        assert_eq!(parse_cidr("10.0.0.0/-0").unwrap().prefix(), 0);
    }

    #[test]
    fn display_shows_the_block_as_written() {
        assert_eq!(parse_cidr("10.6.48.157/8").unwrap().to_string(), "10.6.48.157/8");
        assert_eq!(parse_cidr("fe80::").unwrap().to_string(), "fe80::/128");
    }
}
