//! Placement constraints (`--constraint`, `--constraint-add`) as swarmkit's
//! `manager/constraint` package parses and matches them.
//!
//! A constraint is `KEY==VALUE` or `KEY!=VALUE`. [`parse`] checks every
//! expression the way the manager validates a service spec, with its
//! messages (`constraint expected one operator from ==, !=`, `key 'x' is
//! invalid`, `value 'x' is invalid`); the daemon returns them as
//! `rpc error: code = Unknown desc = …`. [`Constraint::matches`] is
//! `NodeMatches`: values compare case-insensitively (label *names* are case
//! sensitive), and a key the package does not know matches no node.
//!
//! Keys: `node.id`, `node.hostname`, `node.ip` (an address or a CIDR
//! range), `node.role` (`manager`/`worker`), `node.platform.os`,
//! `node.platform.arch`, `node.labels.NAME` (set by `docker node update
//! --label-add`), `engine.labels.NAME` (the daemon's `--label`s).
//!
//! Not modelled: nothing of the package is left out; mesh's daemons have no
//! engine labels, so `engine.labels.X==v` matches no node and
//! `engine.labels.X!=v` every node, as on daemons started without labels.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};

/// `==` or `!=`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operator {
    Equal,
    NotEqual,
}

/// One parsed constraint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constraint {
    pub key: String,
    pub operator: Operator,
    pub value: String,
}

/// What a constraint can look at on a node (its `api.Node`).
#[derive(Clone, Debug)]
pub struct NodeFacts<'a> {
    pub id: &'a str,
    pub hostname: &'a str,
    /// `Status.Addr`.
    pub addr: Ipv4Addr,
    /// `manager` or `worker` (swarmkit compares `MANAGER`/`WORKER`
    /// case-insensitively).
    pub role: &'a str,
    pub os: &'a str,
    pub arch: &'a str,
    /// `Spec.Annotations.Labels`.
    pub labels: &'a BTreeMap<String, String>,
}

const NODE_LABEL_PREFIX: &str = "node.labels.";
const ENGINE_LABEL_PREFIX: &str = "engine.labels.";

/// `^(?i)[a-z_][a-z0-9\-_.]+$`
fn valid_key(key: &str) -> bool {
    let mut chars = key.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    let rest: Vec<char> = chars.collect();
    first_ok && !rest.is_empty() && rest.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// `^(?i)[a-z0-9:\-_\s\.\*\(\)\?\+\[\]\\\^\$\|\/]+$` (RE2's `\s` is
/// `[\t\n\f\r ]`).
fn valid_value(value: &str) -> bool {
    !value.is_empty()
        && value.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(
                    c,
                    ':' | '-' | '_' | '.' | '*' | '(' | ')' | '?' | '+' | '[' | ']' | '\\' | '^' | '$' | '|' | '/' | '\t' | '\n' | '\x0c' | '\r' | ' '
                )
        })
}

/// `constraint.Parse`: every expression, or the first error.
pub fn parse(exprs: &[String]) -> Result<Vec<Constraint>, String> {
    let mut out = Vec::new();
    for e in exprs {
        let found = [("==", Operator::Equal), ("!=", Operator::NotEqual)].into_iter().find(|(op, _)| e.contains(op));
        let Some((op, operator)) = found else {
            return Err("constraint expected one operator from ==, !=".to_string());
        };
        let Some((key, value)) = e.split_once(op) else {
            return Err(format!("invalid expr: {e}"));
        };
        let key = key.trim();
        if !valid_key(key) {
            return Err(format!("key '{key}' is invalid"));
        }
        let value = value.trim();
        if !valid_value(value) {
            return Err(format!("value '{value}' is invalid"));
        }
        out.push(Constraint { key: key.to_string(), operator, value: value.to_string() });
    }
    Ok(out)
}

/// `strings.EqualFold` on ASCII-or-Unicode text (simple case folding).
fn equal_fold(a: &str, b: &str) -> bool {
    a.chars().flat_map(char::to_lowercase).eq(b.chars().flat_map(char::to_lowercase))
}

/// Go's `net.IP.Equal` for a node's IPv4 address.
fn same_ip(ip: IpAddr, node: Ipv4Addr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4 == node,
        IpAddr::V6(v6) => v6.to_ipv4_mapped() == Some(node),
    }
}

/// `net.ParseCIDR(s)` containing `node`.
fn cidr_contains(s: &str, node: Ipv4Addr) -> Option<bool> {
    let (addr, len) = s.split_once('/')?;
    let len: u32 = len.parse().ok().filter(|_| !len.starts_with('+'))?;
    match addr.parse::<IpAddr>().ok()? {
        IpAddr::V4(net) if len <= 32 => {
            let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
            Some(u32::from(net) & mask == u32::from(node) & mask)
        }
        IpAddr::V6(_) if len <= 128 => Some(false),
        _ => None,
    }
}

impl Constraint {
    /// `Constraint.Match`: a case-insensitive comparison, negated by `!=`.
    fn compare(&self, what: &str) -> bool {
        let equal = equal_fold(&self.value, what);
        match self.operator {
            Operator::Equal => equal,
            Operator::NotEqual => !equal,
        }
    }

    /// Whether the node satisfies this constraint (one case of `NodeMatches`).
    pub fn matches(&self, node: &NodeFacts) -> bool {
        let key = self.key.as_str();
        let prefixed = |prefix: &str| key.len() > prefix.len() && key.is_char_boundary(prefix.len()) && equal_fold(&key[..prefix.len()], prefix);
        if equal_fold(key, "node.id") {
            self.compare(node.id)
        } else if equal_fold(key, "node.hostname") {
            self.compare(node.hostname)
        } else if equal_fold(key, "node.ip") {
            let within = match self.value.parse::<IpAddr>() {
                Ok(ip) => same_ip(ip, node.addr),
                Err(_) => match cidr_contains(&self.value, node.addr) {
                    Some(within) => within,
                    // A malformed address or network matches no node.
                    None => return false,
                },
            };
            within == (self.operator == Operator::Equal)
        } else if equal_fold(key, "node.role") {
            self.compare(node.role)
        } else if equal_fold(key, "node.platform.os") {
            self.compare(node.os)
        } else if equal_fold(key, "node.platform.arch") {
            self.compare(node.arch)
        } else if prefixed(NODE_LABEL_PREFIX) {
            let name = &key[NODE_LABEL_PREFIX.len()..];
            self.compare(node.labels.get(name).map_or("", String::as_str))
        } else if prefixed(ENGINE_LABEL_PREFIX) {
            self.compare("")
        } else {
            false
        }
    }
}

/// `NodeMatches`: the node satisfies every constraint.
pub fn node_matches(constraints: &[Constraint], node: &NodeFacts) -> bool {
    constraints.iter().all(|c| c.matches(node))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exprs(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    /// swarmkit's validation messages, expression by expression.
    #[test]
    fn parse_errors_are_swarmkits() {
        let cases = [
            ("node.role", "constraint expected one operator from ==, !="),
            ("node.role=manager", "constraint expected one operator from ==, !="),
            ("node.role>=manager", "constraint expected one operator from ==, !="),
            ("x==y", "key 'x' is invalid"),
            ("1node==y", "key '1node' is invalid"),
            (" ==manager", "key '' is invalid"),
            ("node.role!==manager", "key 'node.role!' is invalid"),
            ("node.role===manager", "value '=manager' is invalid"),
            ("node.role==", "value '' is invalid"),
            ("node.labels.zone==eu<west", "value 'eu<west' is invalid"),
        ];
        for (expr, want) in cases {
            assert_eq!(parse(&exprs(&[expr])), Err(want.to_string()), "{expr}");
        }
        let ok = parse(&exprs(&["  node.role == manager ", "node.labels.zone!=eu-west/1"])).expect("valid");
        assert_eq!(ok[0], Constraint { key: "node.role".into(), operator: Operator::Equal, value: "manager".into() });
        assert_eq!(ok[1].operator, Operator::NotEqual);
        assert_eq!(ok[1].value, "eu-west/1");
    }

    fn node(labels: &BTreeMap<String, String>) -> NodeFacts<'_> {
        NodeFacts {
            id: "u36el9nkyamqgihcwj5yk4cwe",
            hostname: "node1",
            addr: Ipv4Addr::new(172, 19, 177, 14),
            role: "manager",
            os: "linux",
            arch: "x86_64",
            labels,
        }
    }

    #[test]
    fn matching_follows_node_matches() {
        let labels = BTreeMap::from([("zone".to_string(), "EU".to_string())]);
        let n = node(&labels);
        let cases = [
            ("node.role==manager", true),
            ("node.role==MANAGER", true),
            ("NODE.ROLE!=worker", true),
            ("node.hostname==node2", false),
            ("node.hostname!=node2", true),
            ("node.id==u36el9nkyamqgihcwj5yk4cwe", true),
            ("node.platform.os==linux", true),
            ("node.platform.arch==x86_64", true),
            ("node.labels.zone==eu", true),
            ("node.labels.ZONE==eu", false),
            ("node.labels.missing!=x", true),
            ("node.labels.missing==x", false),
            ("engine.labels.disk==ssd", false),
            ("engine.labels.disk!=ssd", true),
            ("node.ip==172.19.177.14", true),
            ("node.ip!=172.19.177.14", false),
            ("node.ip==172.19.0.0/16", true),
            ("node.ip!=10.0.0.0/8", true),
            ("node.ip==not-an-ip", false),
            ("node.ip!=not-an-ip", false),
            ("node.color==red", false),
            ("node.color!=red", false),
        ];
        for (expr, want) in cases {
            let c = parse(&exprs(&[expr])).expect(expr);
            assert_eq!(node_matches(&c, &n), want, "{expr}");
        }
    }
}
