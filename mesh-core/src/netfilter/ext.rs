//! The option machinery shared by match and target extensions, modelled on
//! libxtables' "x6" option parser (`xtables_option_parse` and
//! `xtables_options_fcheck`): per-option "can only be used once", "cannot
//! be inverted", "must be specified", "also requires" and "cannot be used
//! together with" rules, and the typed value parsers whose error messages
//! iptables prints verbatim.

use super::error::Failure;
use super::names::parse_c_ulong;

/// One long option of an extension.
#[derive(Clone, Copy, Debug)]
pub(super) struct ExtOpt {
    pub name: &'static str,
    /// Options sharing an id are aliases (`--sport` / `--source-port`).
    pub id: u8,
    pub has_arg: bool,
    pub flags: u8,
    /// Ids that must also be given.
    pub also: u32,
    /// Ids that may not be given together with this one.
    pub excl: u32,
}

/// May be given more than once.
pub(super) const MULTI: u8 = 1;
/// May be preceded by `!`.
pub(super) const INVERT: u8 = 2;
/// Must be given.
pub(super) const MAND: u8 = 4;
/// Parsed by the extension itself with its own messages (the pre-x6
/// extensions: tcp); the generic checks are skipped.
pub(super) const LEGACY: u8 = 8;

/// Shorthand constructor for the option tables.
pub(super) const fn opt(name: &'static str, id: u8, has_arg: bool, flags: u8) -> ExtOpt {
    ExtOpt { name, id, has_arg, flags, also: 0, excl: 0 }
}

pub(super) const fn opt_rel(name: &'static str, id: u8, has_arg: bool, flags: u8, also: u32, excl: u32) -> ExtOpt {
    ExtOpt { name, id, has_arg, flags, also, excl }
}

/// The per-option checks `xtables_option_parse` does before the value is
/// parsed.
pub(super) fn pre_check(ext: &str, o: &ExtOpt, seen: u32, invert: bool) -> Result<(), Failure> {
    if o.flags & LEGACY != 0 {
        return Ok(());
    }
    if o.flags & MULTI == 0 && seen & (1 << o.id) != 0 {
        return Err(Failure::param(format!("{ext}: option \"--{}\" can only be used once.\n", o.name)));
    }
    if invert && o.flags & INVERT == 0 {
        return Err(Failure::param(format!("{ext}: option \"--{}\" cannot be inverted.\n", o.name)));
    }
    Ok(())
}

/// `xtables_options_fcheck`: mandatory, "also" and "exclusive" options.
pub(super) fn final_check(ext: &str, table: &[ExtOpt], seen: u32) -> Result<(), Failure> {
    let name_of = |id: u32| table.iter().find(|o| u32::from(o.id) == id).map(|o| o.name);
    for o in table {
        if o.flags & LEGACY != 0 {
            continue;
        }
        if o.flags & MAND != 0 && seen & (1 << o.id) == 0 {
            return Err(Failure::param(format!("{ext}: option \"--{}\" must be specified\n", o.name)));
        }
        if seen & (1 << o.id) == 0 {
            continue;
        }
        for i in 0..32u32 {
            if i == u32::from(o.id) || o.also & (1 << i) == 0 {
                continue;
            }
            if let Some(other) = name_of(i)
                && seen & (1 << i) == 0
            {
                return Err(Failure::param(format!("{ext}: option \"--{}\" also requires \"--{other}\".\n", o.name)));
            }
        }
        for i in 0..32u32 {
            if i == u32::from(o.id) || o.excl & (1 << i) == 0 {
                continue;
            }
            if let Some(other) = name_of(i)
                && seen & (1 << i) != 0
            {
                return Err(Failure::param(format!("{ext}: option \"--{}\" cannot be used together with \"--{other}\".\n", o.name)));
            }
        }
    }
    Ok(())
}

/// XTTYPE_UINT32 with a range.
pub(super) fn parse_u32(ext: &str, o: &str, arg: &str, min: u32, max: u32) -> Result<u32, Failure> {
    match parse_c_ulong(arg) {
        Some(v) if v >= u64::from(min) && v <= u64::from(max) => Ok(v as u32),
        _ => Err(Failure::param(format!("{ext}: bad value for option \"--{o}\", or out of range ({min}-{max}).\n"))),
    }
}

/// XTTYPE_MARKMASK32: `value[/mask]`, mask defaulting to all ones.
pub(super) fn parse_markmask(ext: &str, o: &str, arg: &str) -> Result<(u32, u32), Failure> {
    let bad = || Failure::param(format!("{ext}: bad integer value for option \"--{o}\", or out of range.\n"));
    let (v, m) = match arg.split_once('/') {
        Some((v, m)) => {
            if m.contains('/') {
                // strtoul stops at the second '/': the mask parses, then
                // there is text left over.
                let first = m.split('/').next().unwrap_or("");
                parse_c_ulong(first).filter(|x| *x <= u64::from(u32::MAX)).ok_or_else(bad)?;
                return Err(Failure::param(format!("{ext}: trailing garbage after value for option \"--{o}\".\n")));
            }
            (v, Some(m))
        }
        None => (arg, None),
    };
    let value = parse_c_ulong(v).filter(|x| *x <= u64::from(u32::MAX)).ok_or_else(bad)? as u32;
    let mask = match m {
        Some(m) => parse_c_ulong(m).filter(|x| *x <= u64::from(u32::MAX)).ok_or_else(bad)? as u32,
        None => u32::MAX,
    };
    Ok((value, mask))
}

/// XTTYPE_PORTRC: `port[:port]`, each a decimal number or a service name
/// of any protocol (`xtables_getportbyname`).
/// An empty side means 0 (left) or 65535 (right), as libxtables fills it.
pub(super) fn parse_port_range(ext: &str, o: &str, arg: &str) -> Result<(u16, u16), Failure> {
    let parts: Vec<&str> = arg.split(':').collect();
    if parts.len() > 2 {
        return Err(Failure::param(format!("{ext}: Too many components for option \"--{o}\" (max: 2)\n")));
    }
    let one = |s: &str, default: u16| -> Result<u16, Failure> {
        if s.is_empty() {
            return Ok(default);
        }
        super::names::getportbyname(s).ok_or_else(|| port_unresolved(s))
    };
    let lo = one(parts[0], 0)?;
    let hi = match parts.get(1) {
        Some(h) => one(h, u16::MAX)?,
        None => lo,
    };
    Ok((lo, hi))
}

fn port_unresolved(s: &str) -> Failure {
    Failure::param(format!("Port \"{s}\" does not resolve to anything.\n"))
}

/// XTTYPE_UINT32RC: `n[:m]`.
pub(super) fn parse_u32_range(ext: &str, o: &str, arg: &str) -> Result<(u32, u32), Failure> {
    let parts: Vec<&str> = arg.split(':').collect();
    if parts.len() > 2 {
        return Err(Failure::param(format!("{ext}: Too many components for option \"--{o}\" (max: 2)\n")));
    }
    let one = |s: &str| -> Result<u32, Failure> {
        parse_c_ulong(s)
            .filter(|v| *v <= u64::from(u32::MAX))
            .map(|v| v as u32)
            .ok_or_else(|| Failure::param(format!("{ext}: bad value for option \"--{o}\" near \"{s}\", or out of range (0-4294967295).\n")))
    };
    let lo = one(parts[0])?;
    let hi = match parts.get(1) {
        Some(h) => one(h)?,
        None => lo,
    };
    Ok((lo, hi))
}

/// `xtables_save_string`: bare if only `[A-Za-z0-9_-]`, else double-quoted
/// with `"`, `\` and `'` escaped.
pub(super) fn save_string(out: &mut String, value: &str) {
    let plain = !value.is_empty() && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    out.push(' ');
    if plain {
        out.push_str(value);
        return;
    }
    out.push('"');
    for c in value.chars() {
        if matches!(c, '"' | '\\' | '\'') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_string_quotes_like_libxtables() {
        let mut s = String::new();
        save_string(&mut s, "simple");
        save_string(&mut s, "hello world");
        save_string(&mut s, "a\"b");
        save_string(&mut s, "");
        assert_eq!(s, r#" simple "hello world" "a\"b" """#);
    }

    #[test]
    fn markmask_values() {
        assert_eq!(parse_markmask("mark", "mark", "0x10f").ok(), Some((0x10f, u32::MAX)));
        assert_eq!(parse_markmask("mark", "mark", "5/0xff").ok(), Some((5, 0xff)));
        assert!(parse_markmask("mark", "mark", "0x100000000").is_err());
        assert!(parse_markmask("mark", "mark", "1/").is_err());
    }
}
