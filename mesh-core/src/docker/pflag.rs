//! spf13/pflag, the flag parser under cobra and the docker CLI: flag
//! definitions, argv parsing with pflag's exact error texts, and
//! `FlagUsagesWrapped`, which lays out the `Options:` block of `--help`.
//!
//! Parsing rules (pflag `parseArgs`): `--name=value`, `--name value`,
//! `--bool`, `--bool=false`; shorthands `-q`, `-qa` (grouped booleans),
//! `-p8080:80`, `-p=8080:80`, `-p 8080:80`; a value-taking flag takes the
//! next argument even when it starts with `-`; `--` ends the flags; `-` is a
//! positional argument. When the command is not *interspersed* (`service
//! create`, `exec`), the first positional argument ends flag parsing.
//! Every command inherits the hidden `--help`/`-h` flag; `-h` is a
//! deprecated shorthand and pflag says so on stdout.
//!
//! Not modelled: `NoOptDefVal` flags other than booleans, flag-name
//! normalisation, `count` flags; and the values of flags mesh does not act on
//! (mounts, secrets, resources, …) are kept as text without validation.

use super::ports;
use super::text::{go_quote, parse_bool, parse_int, parse_uint};

/// One flag of a command, as `flags.XxxVarP(&v, name, short, default,
/// usage)` declares it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FlagSpec {
    pub name: &'static str,
    pub short: Option<char>,
    /// The type name shown in `--help` (`string`, `list`, `uint`, `port`, …);
    /// empty for a boolean flag.
    pub varname: &'static str,
    pub usage: &'static str,
    /// The text pflag appends as ` (default …)` (already quoted for strings).
    pub default: Option<&'static str>,
}

/// Shorthand for the flag tables.
pub const fn flag(name: &'static str, short: Option<char>, varname: &'static str, usage: &'static str, default: Option<&'static str>) -> FlagSpec {
    FlagSpec { name, short, varname, usage, default }
}

/// How a flag's value is checked when it is set (the `Value.Set` of its
/// Go type).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ValueKind {
    Bool,
    /// docker's `Uint64Opt` (`--replicas`, `--max-concurrent`): base 10.
    Uint10,
    /// pflag `uint`/`uint64`: `strconv.ParseUint(s, 0, 64)`.
    Uint,
    Uint32,
    Int,
    Float,
    Duration,
    Filter,
    Port,
    Text,
}

impl FlagSpec {
    pub fn is_bool(&self) -> bool {
        self.varname.is_empty()
    }

    fn kind(&self) -> ValueKind {
        match (self.name, self.varname) {
            (_, "") => ValueKind::Bool,
            ("replicas" | "max-concurrent", _) => ValueKind::Uint10,
            (_, "uint") => ValueKind::Uint,
            (_, "uint32") => ValueKind::Uint32,
            (_, "int") => ValueKind::Int,
            (_, "float") => ValueKind::Float,
            (_, "duration") => ValueKind::Duration,
            (_, "filter") => ValueKind::Filter,
            (_, "port") => ValueKind::Port,
            _ => ValueKind::Text,
        }
    }

    /// The flag as pflag names it in errors: `-p, --publish` or `--name`.
    pub fn display_name(&self) -> String {
        match self.short {
            Some(c) => format!("-{c}, --{}", self.name),
            None => format!("--{}", self.name),
        }
    }

    /// Check a value the way the flag's Go type would on `Set`.
    fn check(&self, value: &str) -> Result<(), String> {
        match self.kind() {
            ValueKind::Bool => parse_bool(value).map(drop),
            ValueKind::Uint10 => parse_uint(value, false, 64).map(drop),
            ValueKind::Uint => parse_uint(value, true, 64).map(drop),
            ValueKind::Uint32 => parse_uint(value, true, 32).map(drop),
            ValueKind::Int => parse_int(value).map(drop),
            ValueKind::Float => value.parse::<f64>().map(drop).map_err(|_| format!("strconv.ParseFloat: parsing {}: invalid syntax", go_quote(value))),
            ValueKind::Duration => parse_go_duration(value).map(drop),
            ValueKind::Filter => {
                if value.is_empty() || value.contains('=') {
                    Ok(())
                } else {
                    Err("bad format of filter (expected name=value)".to_string())
                }
            }
            ValueKind::Port => ports::parse_publish(value).map(drop),
            ValueKind::Text => Ok(()),
        }
    }
}

/// Go's `time.ParseDuration`, in nanoseconds.
pub fn parse_go_duration(s: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {}", go_quote(s));
    let (negative, mut rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let number_len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        let number = &rest[..number_len];
        if number.is_empty() || number == "." {
            return Err(invalid());
        }
        let value: f64 = number.parse().map_err(|_| invalid())?;
        rest = &rest[number_len..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let scale = match unit {
            "" => return Err(format!("time: missing unit in duration {}", go_quote(s))),
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            other => {
                return Err(format!("time: unknown unit {} in duration {}", go_quote(other), go_quote(s)));
            }
        };
        total += value * scale;
    }
    if total > i64::MAX as f64 {
        return Err(invalid());
    }
    let nanos = total.round() as i64;
    Ok(if negative { -nanos } else { nanos })
}

/// The flags that were set, in the order they appeared, and the positional
/// arguments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// `(flag name, value)` for every occurrence; booleans as `true`/`false`.
    pub values: Vec<(&'static str, String)>,
    pub args: Vec<String>,
    /// `--help` or `-h` was given.
    pub help: bool,
    /// What pflag printed on stdout while parsing (the `-h` deprecation).
    pub notices: String,
}

impl Parsed {
    pub fn changed(&self, name: &str) -> bool {
        self.values.iter().any(|(n, _)| *n == name)
    }
    /// The last value of a flag.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.iter().rev().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }
    /// Every value of a repeatable flag, in order.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.values.iter().filter(|(n, _)| *n == name).map(|(_, v)| v.clone()).collect()
    }
    pub fn bool(&self, name: &str) -> bool {
        self.get(name).is_some_and(|v| parse_bool(v).unwrap_or(false))
    }
}

/// Parse `args` against `flags`. The error is pflag's message (the caller
/// adds cobra's `See '… --help'.`).
pub fn parse(flags: &[FlagSpec], interspersed: bool, args: &[String]) -> Result<Parsed, String> {
    let mut out = Parsed::default();
    let mut i = 0;
    while i < args.len() {
        let s = args[i].as_str();
        i += 1;
        if s.len() < 2 || !s.starts_with('-') {
            out.args.push(s.to_string());
            if !interspersed {
                out.args.extend(args[i..].iter().cloned());
                return Ok(out);
            }
            continue;
        }
        if let Some(long) = s.strip_prefix("--") {
            if long.is_empty() {
                out.args.extend(args[i..].iter().cloned());
                return Ok(out);
            }
            if long.starts_with('-') || long.starts_with('=') {
                return Err(format!("bad flag syntax: {s}"));
            }
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (long, None),
            };
            if name == "help" {
                out.help = inline.is_none_or(|v| parse_bool(v).unwrap_or(false));
                continue;
            }
            let Some(spec) = flags.iter().find(|f| f.name == name) else {
                return Err(format!("unknown flag: --{name}"));
            };
            let value = match inline {
                Some(v) => v.to_string(),
                None if spec.is_bool() => "true".to_string(),
                None if i < args.len() => {
                    i += 1;
                    args[i - 1].clone()
                }
                None => return Err(format!("flag needs an argument: {s}")),
            };
            set(spec, value, &mut out)?;
            continue;
        }
        // Shorthands: one or more letters after a single dash.
        let mut shorthands = &s[1..];
        while let Some(c) = shorthands.chars().next() {
            let after = &shorthands[c.len_utf8()..];
            let spec = flags.iter().find(|f| f.short == Some(c));
            let Some(spec) = spec else {
                if c == 'h' {
                    out.notices.push_str("Flag shorthand -h has been deprecated, please use --help\n");
                    out.help = true;
                    shorthands = after;
                    continue;
                }
                return Err(format!("unknown shorthand flag: '{c}' in -{shorthands}"));
            };
            let value;
            if let Some(v) = after.strip_prefix('=').filter(|_| after.len() > 1) {
                value = v.to_string();
                shorthands = "";
            } else if spec.is_bool() {
                value = "true".to_string();
                shorthands = after;
            } else if !after.is_empty() {
                value = after.to_string();
                shorthands = "";
            } else if i < args.len() {
                value = args[i].clone();
                i += 1;
                shorthands = "";
            } else {
                return Err(format!("flag needs an argument: '{c}' in -{shorthands}"));
            }
            set(spec, value, &mut out)?;
        }
    }
    Ok(out)
}

fn set(spec: &FlagSpec, value: String, out: &mut Parsed) -> Result<(), String> {
    if let Err(err) = spec.check(&value) {
        return Err(format!("invalid argument {} for {} flag: {err}", go_quote(&value), go_quote(&spec.display_name())));
    }
    let value = if spec.is_bool() { parse_bool(&value).unwrap_or(false).to_string() } else { value };
    out.values.push((spec.name, value));
    Ok(())
}

/// pflag's `FlagUsagesWrapped(cols)`: one entry per flag sorted by name,
/// descriptions aligned in one column and word-wrapped to `cols`.
pub fn flag_usages_wrapped(flags: &[FlagSpec], cols: usize) -> String {
    let mut sorted: Vec<&FlagSpec> = flags.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(b.name));
    let mut lines = Vec::new();
    let mut maxlen = 0;
    for f in sorted {
        let mut left = match f.short {
            Some(c) => format!("  -{c}, --{}", f.name),
            None => format!("      --{}", f.name),
        };
        if !f.varname.is_empty() {
            left.push(' ');
            left.push_str(f.varname);
        }
        // Go measures the line with the \x00 placeholder appended.
        maxlen = maxlen.max(left.len() + 1);
        let mut usage = f.usage.to_string();
        if let Some(default) = f.default {
            usage.push_str(&format!(" (default {default})"));
        }
        lines.push((left, usage));
    }
    let mut out = String::new();
    for (left, usage) in lines {
        // Fprintln(buf, left, spacing, wrapped): operands joined by spaces.
        out.push_str(&left);
        out.push(' ');
        out.push_str(&" ".repeat(maxlen - left.len()));
        out.push(' ');
        out.push_str(&wrap(maxlen + 2, cols, &usage));
        out.push('\n');
    }
    out
}

/// pflag's `wrap(i, w, s)`: wrap `s` to width `w`, continuation lines
/// indented by `i`.
fn wrap(indent: usize, width: usize, s: &str) -> String {
    if width == 0 {
        return s.replace('\n', &format!("\n{}", " ".repeat(indent)));
    }
    let mut indent = indent;
    let mut room = width as isize - indent as isize;
    let mut out = String::new();
    if room < 24 {
        indent = 16;
        room = width as isize - indent as isize;
        out.push('\n');
        out.push_str(&" ".repeat(indent));
    }
    if room < 24 {
        return s.replace('\n', &out);
    }
    let slop = 5;
    let room = (room - slop as isize) as usize;
    let pad = format!("\n{}", " ".repeat(indent));
    let (first, mut rest) = wrap_n(room, slop, s);
    out.push_str(&first.replace('\n', &pad));
    while !rest.is_empty() {
        let (line, remainder) = wrap_n(room, slop, rest);
        out.push_str(&pad);
        out.push_str(&line.replace('\n', &pad));
        rest = remainder;
    }
    out
}

/// pflag's `wrapN`: split at the last whitespace before `i` bytes (or at an
/// earlier newline), allowing `slop` bytes over when that ends the string.
fn wrap_n(i: usize, slop: usize, s: &str) -> (&str, &str) {
    if i + slop > s.len() {
        return (s, "");
    }
    let head = &s.as_bytes()[..i];
    let w = head.iter().rposition(|&b| b == b' ' || b == b'\t' || b == b'\n');
    let Some(w) = w.filter(|&w| w > 0) else {
        return (s, "");
    };
    if let Some(nl) = head.iter().rposition(|&b| b == b'\n')
        && nl > 0
        && nl < w
    {
        return (&s[..nl], &s[nl + 1..]);
    }
    (&s[..w], &s[w + 1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    const FLAGS: &[FlagSpec] = &[
        flag("quiet", Some('q'), "", "Only display IDs", None),
        flag("all", Some('a'), "", "Show all", None),
        flag("name", None, "string", "Service name", None),
        flag("publish", Some('p'), "port", "Publish a port as a node port", None),
        flag("replicas", None, "uint", "Number of tasks", None),
    ];

    fn argv(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn parses_long_short_grouped_and_inline_forms() {
        let p = parse(FLAGS, true, &argv("-qa --name=web img --replicas 2 -p8080:80 -p=81 x")).unwrap();
        assert!(p.bool("quiet") && p.bool("all"));
        assert_eq!(p.get("name"), Some("web"));
        assert_eq!(p.get("replicas"), Some("2"));
        assert_eq!(p.all("publish"), ["8080:80", "81"]);
        assert_eq!(p.args, ["img", "x"]);
    }

    #[test]
    fn non_interspersed_stops_at_first_argument_and_dash_dash_ends_flags() {
        let p = parse(FLAGS, false, &argv("--name web img -q --x")).unwrap();
        assert_eq!(p.args, ["img", "-q", "--x"]);
        let p = parse(FLAGS, true, &argv("-- -q")).unwrap();
        assert_eq!(p.args, ["-q"]);
        assert!(!p.bool("quiet"));
    }

    #[test]
    fn value_flags_take_the_next_argument_even_with_a_dash() {
        let err = parse(FLAGS, true, &argv("--replicas -1")).unwrap_err();
        assert_eq!(err, "invalid argument \"-1\" for \"--replicas\" flag: strconv.ParseUint: parsing \"-1\": invalid syntax");
    }

    #[test]
    fn error_texts_are_pflags() {
        let cases = [
            ("--foo", "unknown flag: --foo"),
            ("-x", "unknown shorthand flag: 'x' in -x"),
            ("-qx", "unknown shorthand flag: 'x' in -x"),
            ("--name", "flag needs an argument: --name"),
            ("-p", "flag needs an argument: 'p' in -p"),
            ("---x", "bad flag syntax: ---x"),
            ("--quiet=maybe", "invalid argument \"maybe\" for \"-q, --quiet\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax"),
            ("--replicas=x", "invalid argument \"x\" for \"--replicas\" flag: strconv.ParseUint: parsing \"x\": invalid syntax"),
        ];
        for (args, want) in cases {
            assert_eq!(parse(FLAGS, true, &argv(args)).unwrap_err(), want, "{args}");
        }
    }

    #[test]
    fn help_flags() {
        assert!(parse(FLAGS, true, &argv("--help")).unwrap().help);
        let p = parse(FLAGS, true, &argv("-h")).unwrap();
        assert!(p.help);
        assert_eq!(p.notices, "Flag shorthand -h has been deprecated, please use --help\n");
    }

    #[test]
    fn go_durations_parse() {
        assert_eq!(parse_go_duration("5s"), Ok(5_000_000_000));
        assert_eq!(parse_go_duration("1m30s"), Ok(90_000_000_000));
        assert_eq!(parse_go_duration("1.5h"), Ok(5_400_000_000_000));
        assert_eq!(parse_go_duration("0"), Ok(0));
        assert_eq!(parse_go_duration("x"), Err("time: invalid duration \"x\"".to_string()));
        assert_eq!(parse_go_duration("5"), Err("time: missing unit in duration \"5\"".to_string()));
        assert_eq!(parse_go_duration("5y"), Err("time: unknown unit \"y\" in duration \"5y\"".to_string()));
    }

    #[test]
    fn usages_align_and_wrap_like_pflag() {
        // `docker service scale --help`, byte for byte.
        let flags = [flag("detach", Some('d'), "", "Exit immediately instead of waiting for the service to converge", None)];
        let want = "  -d, --detach   Exit immediately instead of waiting for the service to\n                 converge\n";
        assert_eq!(flag_usages_wrapped(&flags, 79), want);
    }
}
