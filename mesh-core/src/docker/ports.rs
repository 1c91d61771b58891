//! The `-p/--publish` option of `docker service create|update`
//! (docker/cli 24 `opts.PortOpt`), with go-connections' `nat.ParsePortSpec`
//! (v0.4, capitalised errors) for the short syntax.
//!
//! Short syntax: `[published:]target[/protocol]`, either side may be a range
//! `8080-8081`; `80` alone leaves the published port 0, which swarmkit
//! replaces by a port from 30000–32767. A host IP is refused (`hostip is
//! not supported`). Long syntax (any `key=value` list):
//! `published=8080,target=80,protocol=udp,mode=host`; keys and values are
//! case-insensitive; `target` is mandatory; protocol defaults to `tcp`, mode
//! to `ingress`.
//!
//! Difference from Go: the short syntax yields its ports in target-port
//! order (Go iterates a map, so a range comes out in random order).

use super::text::parse_uint;

/// `swarm.PortConfigProtocol`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    Tcp,
    Udp,
    Sctp,
}

impl Protocol {
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
            Protocol::Sctp => "sctp",
        }
    }
    fn parse(s: &str) -> Option<Protocol> {
        match s {
            "tcp" => Some(Protocol::Tcp),
            "udp" => Some(Protocol::Udp),
            "sctp" => Some(Protocol::Sctp),
            _ => None,
        }
    }
}

/// `swarm.PortConfigPublishMode`: published on every node through the
/// routing mesh (`ingress`) or only on the nodes running a task (`host`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PublishMode {
    Ingress,
    Host,
}

impl PublishMode {
    pub fn as_str(self) -> &'static str {
        match self {
            PublishMode::Ingress => "ingress",
            PublishMode::Host => "host",
        }
    }
}

/// `swarm.PortConfig` (Go fields `Name`, `Protocol`, `TargetPort`,
/// `PublishedPort`, `PublishMode`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PortConfig {
    pub name: String,
    pub protocol: Protocol,
    pub target_port: u32,
    /// 0 = let swarmkit pick one.
    pub published_port: u32,
    pub publish_mode: PublishMode,
}

/// Parse one `--publish` value; the error is the text pflag puts after
/// `invalid argument "…" for "-p, --publish" flag: `.
pub fn parse_publish(value: &str) -> Result<Vec<PortConfig>, String> {
    if is_long_syntax(value) { parse_long(value).map(|p| vec![p]) } else { parse_short(value) }
}

/// Go: `regexp.MatchString(`\w+=\w+(,\w+=\w+)*`, value)` — unanchored, so
/// any `word=word` inside the value selects the long syntax.
fn is_long_syntax(value: &str) -> bool {
    let b = value.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    (1..b.len().saturating_sub(1)).any(|i| b[i] == b'=' && word(b[i - 1]) && word(b[i + 1]))
}

fn parse_long(value: &str) -> Result<PortConfig, String> {
    let mut port = PortConfig { name: String::new(), protocol: Protocol::Tcp, target_port: 0, published_port: 0, publish_mode: PublishMode::Ingress };
    for field in split_csv_record(value)? {
        let lower = field.to_lowercase();
        let (key, val) = match lower.split_once('=') {
            Some((k, v)) if !k.is_empty() => (k.to_string(), v.to_string()),
            _ => return Err(format!("invalid field {field}")),
        };
        match key.as_str() {
            "protocol" => port.protocol = Protocol::parse(&val).ok_or_else(|| format!("invalid protocol value {val}"))?,
            "mode" => {
                port.publish_mode = match val.as_str() {
                    "ingress" => PublishMode::Ingress,
                    "host" => PublishMode::Host,
                    _ => return Err(format!("invalid publish mode value {val}")),
                }
            }
            "target" => port.target_port = parse_uint(&val, false, 16)? as u32,
            "published" => port.published_port = parse_uint(&val, false, 16)? as u32,
            _ => return Err(format!("invalid field key {key}")),
        }
    }
    if port.target_port == 0 {
        return Err("missing mandatory field \"target\"".to_string());
    }
    Ok(port)
}

/// One record of Go's `encoding/csv` reader (fields split on commas,
/// double-quoted fields allowed).
fn split_csv_record(value: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = value.chars().peekable();
    let mut quoted = false;
    let mut at_field_start = true;
    let mut column = 0;
    while let Some(c) = chars.next() {
        column += 1;
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            ',' => {
                fields.push(std::mem::take(&mut field));
                at_field_start = true;
                continue;
            }
            '"' if at_field_start => quoted = true,
            '"' => {
                return Err(format!("parse error on line 1, column {column}: bare \" in non-quoted-field"));
            }
            c => field.push(c),
        }
        at_field_start = false;
    }
    if quoted {
        return Err("record on line 1; parse error on line 2, column 0: extraneous or missing \" in quoted-field".to_string());
    }
    fields.push(field);
    Ok(fields)
}

/// `nat.ParsePortRange`.
fn parse_port_range(ports: &str) -> Result<(u64, u64), String> {
    if ports.is_empty() {
        return Err("Empty string specified for ports.".to_string());
    }
    match ports.split_once('-') {
        None => {
            let p = parse_uint(ports, false, 16)?;
            Ok((p, p))
        }
        Some((start, rest)) => {
            let end = rest.split('-').next().unwrap_or(rest);
            let start = parse_uint(start, false, 16)?;
            let end = parse_uint(end, false, 16)?;
            if end < start {
                return Err(format!("Invalid range specified for the Port: {ports}"));
            }
            Ok((start, end))
        }
    }
}

fn parse_short(raw: &str) -> Result<Vec<PortConfig>, String> {
    // splitParts: ip:host:container (anything before the last two is the IP).
    let parts: Vec<&str> = raw.split(':').collect();
    let n = parts.len();
    let container = parts[n - 1];
    let (ip, host) = match n {
        1 => (String::new(), ""),
        2 => (String::new(), parts[0]),
        _ => (parts[..n - 2].join(":"), parts[n - 2]),
    };
    // SplitProtoPort.
    let (proto, container) = {
        let pieces: Vec<&str> = container.split('/').collect();
        if container.is_empty() || pieces[0].is_empty() {
            ("", "")
        } else if pieces.len() == 1 {
            ("tcp", container)
        } else if pieces[1].is_empty() {
            ("tcp", pieces[0])
        } else {
            (pieces[1], pieces[0])
        }
    };
    let ip = ip.strip_prefix('[').and_then(|s| s.strip_suffix(']')).map(str::to_string).unwrap_or(ip);
    if !ip.is_empty() && ip.parse::<std::net::IpAddr>().is_err() {
        return Err(format!("Invalid ip address: {ip}"));
    }
    if container.is_empty() {
        return Err(format!("No port specified: {raw}<empty>"));
    }
    let (start, end) = parse_port_range(container).map_err(|_| format!("Invalid containerPort: {container}"))?;
    let (mut host_start, mut host_end) = (0, 0);
    if !host.is_empty() {
        (host_start, host_end) = parse_port_range(host).map_err(|_| format!("Invalid hostPort: {host}"))?;
    }
    if !host.is_empty() && end - start != host_end - host_start && end != start {
        return Err(format!("Invalid ranges specified for container and host Ports: {container} and {host}"));
    }
    let protocol = Protocol::parse(&proto.to_lowercase()).ok_or_else(|| format!("Invalid proto: {proto}"))?;
    if !ip.is_empty() {
        return Err("hostip is not supported".to_string());
    }
    let mut ports = Vec::new();
    for offset in 0..=(end - start) {
        let target = (start + offset) as u32;
        if host.is_empty() {
            ports.push(PortConfig { name: String::new(), protocol, target_port: target, published_port: 0, publish_mode: PublishMode::Ingress });
        } else if start == end {
            // One container port and a host range: every host port maps to it.
            for published in host_start..=host_end {
                ports.push(PortConfig {
                    name: String::new(),
                    protocol,
                    target_port: target,
                    published_port: published as u32,
                    publish_mode: PublishMode::Ingress,
                });
            }
        } else {
            let published = (host_start + offset) as u32;
            ports.push(PortConfig { name: String::new(), protocol, target_port: target, published_port: published, publish_mode: PublishMode::Ingress });
        }
    }
    Ok(ports)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(proto: Protocol, target: u32, published: u32, mode: PublishMode) -> PortConfig {
        PortConfig { name: String::new(), protocol: proto, target_port: target, published_port: published, publish_mode: mode }
    }

    #[test]
    fn short_syntax() {
        assert_eq!(parse_publish("8080:80").unwrap(), [one(Protocol::Tcp, 80, 8080, PublishMode::Ingress)]);
        assert_eq!(parse_publish("8080:80/udp").unwrap(), [one(Protocol::Udp, 80, 8080, PublishMode::Ingress)]);
        assert_eq!(parse_publish("80").unwrap(), [one(Protocol::Tcp, 80, 0, PublishMode::Ingress)]);
        assert_eq!(
            parse_publish("8080-8081:80-81").unwrap(),
            [one(Protocol::Tcp, 80, 8080, PublishMode::Ingress), one(Protocol::Tcp, 81, 8081, PublishMode::Ingress)]
        );
        assert_eq!(
            parse_publish("8080-8081:80").unwrap(),
            [one(Protocol::Tcp, 80, 8080, PublishMode::Ingress), one(Protocol::Tcp, 80, 8081, PublishMode::Ingress)]
        );
    }

    #[test]
    fn long_syntax() {
        assert_eq!(parse_publish("published=8080,target=80,protocol=udp,mode=host").unwrap(), [one(Protocol::Udp, 80, 8080, PublishMode::Host)]);
        assert_eq!(parse_publish("Target=80").unwrap(), [one(Protocol::Tcp, 80, 0, PublishMode::Ingress)]);
    }

    #[test]
    fn errors_are_docker_24s() {
        let cases = [
            ("x", "Invalid containerPort: x"),
            ("8080:x", "Invalid containerPort: x"),
            ("x:80", "Invalid hostPort: x"),
            ("80/foo", "Invalid proto: foo"),
            ("70000", "Invalid containerPort: 70000"),
            ("", "No port specified: <empty>"),
            ("1.2.3.4:80:80", "hostip is not supported"),
            ("bad.ip:80:80", "Invalid ip address: bad.ip"),
            ("8080-8082:80-81", "Invalid ranges specified for container and host Ports: 80-81 and 8080-8082"),
            ("published=8080", "missing mandatory field \"target\""),
            ("target=80,protocol=icmp", "invalid protocol value icmp"),
            ("target=80,mode=foo", "invalid publish mode value foo"),
            ("target=x", "strconv.ParseUint: parsing \"x\": invalid syntax"),
            ("target=80,foo=1", "invalid field key foo"),
            ("target=80,bar", "invalid field bar"),
        ];
        for (value, want) in cases {
            assert_eq!(parse_publish(value).unwrap_err(), want, "{value}");
        }
    }
}
