//! Small text helpers the docker CLI takes from Go libraries, reproduced to
//! the byte: go-units `HumanDuration`/`BytesSize`, `sortorder.NaturalLess`,
//! the CLI's `TruncateID`, `Ellipsis` and `PrettyPrint`, Go's `%q` quoting,
//! `time.Duration.String()`, RFC 3339 timestamps and `strconv` errors.
//!
//! Not modelled: East-Asian wide characters (Go's `Ellipsis` counts them as
//! two columns; here every character is one column).

use std::cmp::Ordering;

/// go-units `HumanDuration`: the approximate, human wording docker prints
/// after a state (`Running 14 seconds ago`) or in `CREATED`.
///
/// Thresholds: under 1 s `Less than a second`; `1 second`; `N seconds`
/// below a minute; `About a minute` for 1 minute; `N minutes` below an hour;
/// hours are *rounded* (`About an hour`, `N hours` below 48); then days
/// (below two weeks), weeks (below two months), months (below two years),
/// years.
pub fn human_duration(nanos: u64) -> String {
    let seconds = nanos / 1_000_000_000;
    if seconds < 1 {
        return "Less than a second".to_string();
    }
    if seconds == 1 {
        return "1 second".to_string();
    }
    if seconds < 60 {
        return format!("{seconds} seconds");
    }
    let minutes = nanos / 60_000_000_000;
    if minutes == 1 {
        return "About a minute".to_string();
    }
    if minutes < 60 {
        return format!("{minutes} minutes");
    }
    // int(d.Hours() + 0.5): rounded to the nearest hour.
    let hours = (nanos + 1_800_000_000_000) / 3_600_000_000_000;
    if hours == 1 {
        return "About an hour".to_string();
    }
    if hours < 48 {
        return format!("{hours} hours");
    }
    if hours < 24 * 7 * 2 {
        return format!("{} days", hours / 24);
    }
    if hours < 24 * 30 * 2 {
        return format!("{} weeks", hours / 24 / 7);
    }
    if hours < 24 * 365 * 2 {
        return format!("{} months", hours / 24 / 30);
    }
    // int(d.Hours()) truncates here.
    format!("{} years", nanos / 3_600_000_000_000 / 24 / 365)
}

/// `fvbommel/sortorder.NaturalLess`: digit runs compare as numbers, so
/// `node2` < `node10`; digits sort before other bytes.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (da, db) = (a[i].is_ascii_digit(), b[j].is_ascii_digit());
        if da != db {
            return if da { Ordering::Less } else { Ordering::Greater };
        }
        if !da {
            if a[i] != b[j] {
                return a[i].cmp(&b[j]);
            }
            i += 1;
            j += 1;
            continue;
        }
        while i < a.len() && a[i] == b'0' {
            i += 1;
        }
        while j < b.len() && b[j] == b'0' {
            j += 1;
        }
        let (nz_a, nz_b) = (i, j);
        while i < a.len() && a[i].is_ascii_digit() {
            i += 1;
        }
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        let (len_a, len_b) = (i - nz_a, j - nz_b);
        if len_a != len_b {
            return len_a.cmp(&len_b);
        }
        let (na, nb) = (&a[nz_a..i], &b[nz_b..j]);
        if na != nb {
            return na.cmp(nb);
        }
        if nz_a != nz_b {
            return nz_a.cmp(&nz_b);
        }
    }
    // Identical so far and one has ended: the shorter sorts first.
    a.len().cmp(&b.len())
}

/// The CLI's `TruncateID`: the first 12 characters of an ID (after an
/// optional `algo:` prefix).
pub fn truncate_id(id: &str) -> String {
    let id = id.split_once(':').map_or(id, |(_, rest)| rest);
    id.chars().take(12).collect()
}

/// The CLI's `Ellipsis`: cut to `max` characters, the last one replaced by
/// `…`.
pub fn ellipsis(s: &str, max: usize) -> String {
    if max == 0 {
        return String::new();
    }
    let count = s.chars().count();
    if count <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// The CLI's `PrettyPrint`: the first letter capitalised (`running` →
/// `Running`).
pub fn capitalize_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Go's `%q` / `strconv.Quote` for the strings the CLI quotes (commands in
/// `docker ps`, values in error messages): printable characters as they are,
/// `"` and `\` escaped, control characters as `\n`, `\t`, `\x01`, `\u00ad`.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x0b' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if c.is_control() => {
                if (c as u32) < 0x10000 {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                } else {
                    out.push_str(&format!("\\U{:08x}", c as u32));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The error texts of Go's `strconv.ParseUint`/`ParseInt`/`ParseBool`.
pub fn strconv_error(func: &str, input: &str, out_of_range: bool) -> String {
    let reason = if out_of_range { "value out of range" } else { "invalid syntax" };
    format!("strconv.{func}: parsing {}: {reason}", go_quote(input))
}

/// `strconv.ParseUint(s, base, bits)` for base 10 or base 0 (which also
/// accepts `0x`, `0o`, `0b` and a leading-`0` octal form, and `_` separators).
pub fn parse_uint(s: &str, base0: bool, bits: u32) -> Result<u64, String> {
    let syntax = || strconv_error("ParseUint", s, false);
    let range = || strconv_error("ParseUint", s, true);
    if s.is_empty() {
        return Err(syntax());
    }
    let (digits, radix) = if base0 {
        let lower = s.to_ascii_lowercase();
        if lower.starts_with("0x") {
            (&s[2..], 16)
        } else if lower.starts_with("0o") {
            (&s[2..], 8)
        } else if lower.starts_with("0b") {
            (&s[2..], 2)
        } else if s.len() > 1 && s.starts_with('0') {
            (&s[1..], 8)
        } else {
            (s, 10)
        }
    } else {
        (s, 10)
    };
    let digits: String = if base0 { digits.replace('_', "") } else { digits.to_string() };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return Err(syntax());
    }
    let value = u64::from_str_radix(&digits, radix).map_err(|_| range())?;
    if bits < 64 && value >= (1u64 << bits) {
        return Err(range());
    }
    Ok(value)
}

/// `strconv.ParseInt(s, 0, 64)` as pflag's `int` flags use it.
pub fn parse_int(s: &str) -> Result<i64, String> {
    let (negative, unsigned) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let value = parse_uint(unsigned, true, 64).map_err(|e| e.replace("ParseUint", "ParseInt").replace(&go_quote(unsigned), &go_quote(s)))?;
    let limit = if negative { 1u64 << 63 } else { (1u64 << 63) - 1 };
    if value > limit {
        return Err(strconv_error("ParseInt", s, true));
    }
    Ok(if negative { (value as i64).wrapping_neg() } else { value as i64 })
}

/// `strconv.ParseBool`.
pub fn parse_bool(s: &str) -> Result<bool, String> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Ok(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Ok(false),
        _ => Err(strconv_error("ParseBool", s, false)),
    }
}

/// Go's `time.Duration.String()`: `5s`, `1m30s`, `2h0m0s`, `1.5s`, `300ms`,
/// `0s`.
pub fn go_duration(nanos: i64) -> String {
    if nanos == 0 {
        return "0s".to_string();
    }
    let negative = nanos < 0;
    let u = nanos.unsigned_abs();
    let mut out = String::new();
    if u < 1_000_000_000 {
        // Sub-second: ns, µs or ms with a fraction.
        let (unit, scale) = if u < 1_000 {
            ("ns", 1)
        } else if u < 1_000_000 {
            ("µs", 1_000)
        } else {
            ("ms", 1_000_000)
        };
        out.push_str(&fraction(u, scale));
        out.push_str(unit);
    } else {
        let total_secs = u / 1_000_000_000;
        let frac = u % 1_000_000_000;
        let hours = total_secs / 3600;
        let minutes = (total_secs % 3600) / 60;
        let secs = total_secs % 60;
        if hours > 0 {
            out.push_str(&format!("{hours}h{minutes}m"));
        } else if minutes > 0 {
            out.push_str(&format!("{minutes}m"));
        }
        out.push_str(&fraction(secs * 1_000_000_000 + frac, 1_000_000_000));
        out.push('s');
    }
    if negative {
        out.insert(0, '-');
    }
    out
}

/// `value / scale` with the fractional digits Go prints (trailing zeros
/// dropped).
fn fraction(value: u64, scale: u64) -> String {
    let whole = value / scale;
    let rest = value % scale;
    if rest == 0 {
        return whole.to_string();
    }
    let width = scale.to_string().len() - 1;
    let digits = format!("{rest:0width$}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// Go's `%v` of a float (`strconv.FormatFloat(f, 'g', -1, 64)` for the
/// ordinary range): `0`, `0.2`, `1.5`.
pub fn go_float(value: f64) -> String {
    if value == value.trunc() && value.abs() < 1e21 {
        return format!("{}", value as i64);
    }
    format!("{value}")
}

/// A wall-clock instant as Go's `time.Time` marshals it to JSON: RFC 3339
/// with nanoseconds, trailing zeros of the fraction dropped, in UTC (`Z`).
pub fn rfc3339_nano(unix_nanos: i64) -> String {
    let secs = unix_nanos.div_euclid(1_000_000_000);
    let nanos = unix_nanos.rem_euclid(1_000_000_000);
    let (y, mo, d, h, mi, s) = civil_from_unix(secs);
    let mut out = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}");
    if nanos != 0 {
        let digits = format!("{nanos:09}");
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
    out.push('Z');
    out
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil_from_unix(secs: i64) -> (i64, u32, u32, u32, u32, u32) {
    let days = secs.div_euclid(86_400);
    let tod = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = if m <= 2 { y + 1 } else { y };
    (y, m, d, (tod / 3600) as u32, ((tod % 3600) / 60) as u32, (tod % 60) as u32)
}

/// go-units `BytesSize`: binary units with up to 4 significant digits
/// (`512MiB`, `1.5GiB`).
pub fn bytes_size(bytes: f64) -> String {
    const UNITS: [&str; 9] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];
    let mut value = bytes;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{}{}", go_g4(value), UNITS[unit])
}

/// Go's `%.4g` without exponent (enough for sizes).
fn go_g4(value: f64) -> String {
    let digits_before = if value < 1.0 { 1 } else { (value.log10().floor() as i32 + 1).max(1) };
    let decimals = (4 - digits_before).max(0) as usize;
    let s = format!("{value:.decimals$}");
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEC: u64 = 1_000_000_000;

    #[test]
    fn human_duration_thresholds() {
        let cases: &[(u64, &str)] = &[
            (0, "Less than a second"),
            (SEC - 1, "Less than a second"),
            (SEC, "1 second"),
            (2 * SEC, "2 seconds"),
            (14 * SEC, "14 seconds"),
            (59 * SEC, "59 seconds"),
            (60 * SEC, "About a minute"),
            (119 * SEC, "About a minute"),
            (120 * SEC, "2 minutes"),
            (59 * 60 * SEC, "59 minutes"),
            (60 * 60 * SEC, "About an hour"),
            (89 * 60 * SEC, "About an hour"),
            (90 * 60 * SEC, "2 hours"),
            (47 * 3600 * SEC, "47 hours"),
            (48 * 3600 * SEC, "2 days"),
            (14 * 24 * 3600 * SEC, "2 weeks"),
            (60 * 24 * 3600 * SEC, "2 months"),
            (730 * 24 * 3600 * SEC, "2 years"),
        ];
        for (nanos, want) in cases {
            assert_eq!(human_duration(*nanos), *want, "{nanos}");
        }
    }

    #[test]
    fn natural_order() {
        let mut names = vec!["web.10", "web.2", "web.1", "node10", "node2", "node1", "a", "a0", "a00"];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(names, ["a", "a0", "a00", "node1", "node2", "node10", "web.1", "web.2", "web.10"]);
        assert_eq!(natural_cmp("x", "x"), Ordering::Equal);
        assert_eq!(natural_cmp("1a", "a"), Ordering::Less);
    }

    #[test]
    fn ids_and_ellipsis() {
        assert_eq!(truncate_id("q9s4ggh2oaq2xyzxyzxyzxyzx"), "q9s4ggh2oaq2");
        assert_eq!(truncate_id("sha256:0123456789abcdef"), "0123456789ab");
        assert_eq!(ellipsis("/whoami --port 80 --verbose", 20), "/whoami --port 80 -…");
        assert_eq!(ellipsis("short", 20), "short");
        assert_eq!(capitalize_first("running"), "Running");
    }

    #[test]
    fn go_quoting_and_strconv() {
        assert_eq!(go_quote("a\"b\\c\n\u{1}"), "\"a\\\"b\\\\c\\n\\x01\"");
        assert_eq!(parse_uint("x", false, 64), Err("strconv.ParseUint: parsing \"x\": invalid syntax".to_string()));
        assert_eq!(parse_uint("-1", false, 64), Err("strconv.ParseUint: parsing \"-1\": invalid syntax".to_string()));
        assert_eq!(parse_uint("70000", false, 16), Err("strconv.ParseUint: parsing \"70000\": value out of range".to_string()));
        assert_eq!(parse_uint("0x10", true, 32), Ok(16));
        assert_eq!(parse_int("-1"), Ok(-1));
        assert_eq!(parse_int("z"), Err("strconv.ParseInt: parsing \"z\": invalid syntax".to_string()));
        assert_eq!(parse_bool("maybe"), Err("strconv.ParseBool: parsing \"maybe\": invalid syntax".to_string()));
    }

    #[test]
    fn go_durations() {
        assert_eq!(go_duration(5_000_000_000), "5s");
        assert_eq!(go_duration(0), "0s");
        assert_eq!(go_duration(90_000_000_000), "1m30s");
        assert_eq!(go_duration(2160 * 3600 * 1_000_000_000), "2160h0m0s");
        assert_eq!(go_duration(1_500_000_000), "1.5s");
        assert_eq!(go_duration(300_000_000), "300ms");
    }

    #[test]
    fn timestamps_and_sizes() {
        assert_eq!(rfc3339_nano(1_700_212_020_959_710_462), "2023-11-17T09:07:00.959710462Z");
        assert_eq!(rfc3339_nano(1_700_212_020_000_000_000), "2023-11-17T09:07:00Z");
        assert_eq!(rfc3339_nano(1_700_212_020_500_000_000), "2023-11-17T09:07:00.5Z");
        assert_eq!(bytes_size(512.0 * 1024.0 * 1024.0), "512MiB");
        assert_eq!(bytes_size(1.5 * 1024.0 * 1024.0 * 1024.0), "1.5GiB");
        assert_eq!(go_float(0.0), "0");
        assert_eq!(go_float(0.25), "0.25");
    }
}
