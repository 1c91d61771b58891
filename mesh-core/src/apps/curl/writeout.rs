//! `-w`/`--write-out FORMAT` (the tool's `src/tool_writeout.c`): after the
//! transfer, FORMAT is written to stdout with `%{variable}`s replaced by
//! what the transfer measured, `\n` `\r` `\t` turned into their control
//! characters and `%%` into `%`. Any other `%x` or `\x` is written as is; an
//! unknown variable is reported on stderr (`curl: unknown --write-out
//! variable: 'name'`) and replaced by nothing.
//!
//! Per version: 7.58.0 writes times with `%.6f`, sizes with `%.0f` and
//! speeds with `%.3f` (libcurl's doubles); 7.88.1 writes times as
//! seconds.microseconds and sizes and speeds as integers, and adds
//! `%{stdout}`/`%{stderr}` (switch the stream), `%{onerror}` (stop here
//! unless the transfer failed), `%{exitcode}`, `%{errormsg}`, `%{method}`,
//! `%{url}`, `%{num_headers}`, `%header{name}` and more.
//!
//! Not modelled: `%{json}` and `%{header_json}` (mesh says so on stderr);
//! TLS, proxy, FTP and redirect variables are what a plain HTTP transfer
//! without redirects gives (zero or nothing).

use std::net::Ipv4Addr;

use super::CurlVersion;
use crate::output::Stream;

/// What one transfer measured, for `-w`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TransferInfo {
    /// The response's status code (0 when none arrived).
    pub http_code: u16,
    /// The response's HTTP version (major, minor), when one arrived.
    pub http_version: Option<(u8, u8)>,
    /// The peer of the connection, once connected.
    pub remote: Option<(Ipv4Addr, u16)>,
    /// curl's own end of the connection, once connected.
    pub local: Option<(Ipv4Addr, u16)>,
    pub num_connects: u32,
    pub size_download: i64,
    pub size_upload: i64,
    /// Bytes of response headers received.
    pub size_header: i64,
    /// Bytes of the request sent (headers and body).
    pub size_request: i64,
    /// Average speeds, bytes per second, from the progress meter.
    pub speed_download: i64,
    pub speed_upload: i64,
    /// Microseconds from the start: name resolved, connected, request
    /// about to be sent, first response byte, the end.
    pub time_namelookup: i64,
    pub time_connect: i64,
    pub time_pretransfer: i64,
    pub time_starttransfer: i64,
    pub time_total: i64,
    /// The URL as given on the command line.
    pub url: String,
    /// The URL curl used (`http://` and the `/` added).
    pub url_effective: String,
    pub content_type: Option<String>,
    pub method: String,
    /// The output file (`-o`/`-O`), if any.
    pub filename: Option<String>,
    pub exitcode: i32,
    /// The error message, when the transfer failed.
    pub errormsg: Option<String>,
    /// The response headers (name, value), in order.
    pub headers: Vec<(String, String)>,
}

/// Seconds with six decimals.
fn secs(us: i64) -> String {
    format!("{}.{:06}", us / 1_000_000, us % 1_000_000)
}

/// A variable's text, `None` when curl writes nothing for it, `Err` when
/// the version does not know the name.
fn variable(v: CurlVersion, name: &str, i: &TransferInfo) -> Result<Option<String>, ()> {
    let old = v == CurlVersion::V7_58_0;
    let size = |n: i64| n.to_string();
    let speed = |n: i64| if old { format!("{n}.000") } else { n.to_string() };
    let ip = |a: Option<(Ipv4Addr, u16)>| a.map(|(ip, _)| ip.to_string()).unwrap_or_default();
    let port = |a: Option<(Ipv4Addr, u16)>| a.map_or(0, |(_, p)| p).to_string();
    let text = match name.to_ascii_lowercase().as_str() {
        "url_effective" => Some(i.url_effective.clone()),
        "http_code" | "response_code" => Some(format!("{:03}", i.http_code)),
        "http_connect" => Some("000".to_string()),
        "time_total" => Some(secs(i.time_total)),
        "time_namelookup" => Some(secs(i.time_namelookup)),
        "time_connect" => Some(secs(i.time_connect)),
        "time_appconnect" | "time_redirect" => Some(secs(0)),
        "time_pretransfer" => Some(secs(i.time_pretransfer)),
        "time_starttransfer" => Some(secs(i.time_starttransfer)),
        "size_header" => Some(size(i.size_header)),
        "size_request" => Some(size(i.size_request)),
        "size_download" => Some(size(i.size_download)),
        "size_upload" => Some(size(i.size_upload)),
        "speed_download" => Some(speed(i.speed_download)),
        "speed_upload" => Some(speed(i.speed_upload)),
        "content_type" => i.content_type.clone(),
        "num_connects" => Some(i.num_connects.to_string()),
        "num_redirects" | "ssl_verify_result" | "proxy_ssl_verify_result" => Some("0".to_string()),
        "ftp_entry_path" | "redirect_url" => None,
        "filename_effective" => i.filename.clone(),
        "remote_ip" => Some(ip(i.remote)),
        "remote_port" => Some(port(i.remote)),
        "local_ip" => Some(ip(i.local)),
        "local_port" => Some(port(i.local)),
        "http_version" => Some(
            match (i.http_version, old) {
                (Some((1, 0)), true) => "1.0",
                (Some((1, 0)), false) => "1",
                (Some((1, 1)), _) => "1.1",
                (Some((2, _)), _) => "2",
                _ => "0",
            }
            .to_string(),
        ),
        "scheme" => Some("HTTP".to_string()),
        _ if old => return Err(()),
        "certs" | "referer" => None,
        "num_certs" | "urlnum" => Some("0".to_string()),
        "errormsg" => i.errormsg.clone(),
        "exitcode" => Some(i.exitcode.to_string()),
        "method" => Some(i.method.clone()),
        "num_headers" => Some(i.headers.len().to_string()),
        "url" => Some(i.url.clone()),
        _ => return Err(()),
    };
    Ok(text)
}

/// What `-w FORMAT` writes, in order, on which stream.
pub fn write_out(v: CurlVersion, format: &str, i: &TransferInfo) -> Vec<(Stream, String)> {
    let new = v == CurlVersion::V7_88_1;
    let f = format.as_bytes();
    let mut out: Vec<(Stream, Vec<u8>)> = Vec::new();
    let mut stream = Stream::Stdout;
    let mut put = |s: Stream, bytes: &[u8]| match out.last_mut() {
        Some((last, b)) if *last == s => b.extend_from_slice(bytes),
        _ => out.push((s, bytes.to_vec())),
    };
    let mut p = 0;
    while p < f.len() {
        let next = f.get(p + 1).copied();
        match (f[p], next) {
            (b'%', Some(b'%')) => {
                put(stream, b"%");
                p += 2;
            }
            (b'%', Some(b'{')) => {
                let Some(end) = f[p..].iter().position(|&c| c == b'}').map(|e| p + e) else {
                    put(stream, b"%{");
                    p += 2;
                    continue;
                };
                let name = String::from_utf8_lossy(&f[p + 2..end]).into_owned();
                p = end + 1;
                match name.to_ascii_lowercase().as_str() {
                    "stdout" if new => stream = Stream::Stdout,
                    "stderr" if new => stream = Stream::Stderr,
                    "onerror" if new => {
                        if i.exitcode == 0 {
                            break;
                        }
                    }
                    "json" | "header_json" if new => put(Stream::Stderr, format!("mesh: --write-out %{{{name}}} is not modelled\n").as_bytes()),
                    _ => match variable(v, &name, i) {
                        Ok(Some(text)) => put(stream, text.as_bytes()),
                        Ok(None) => {}
                        Err(()) => put(Stream::Stderr, format!("curl: unknown --write-out variable: '{name}'\n").as_bytes()),
                    },
                }
            }
            (b'%', Some(_)) if new && f[p + 1..].starts_with(b"header{") => {
                p += 8;
                match f[p..].iter().position(|&c| c == b'}').map(|e| p + e) {
                    Some(end) => {
                        let name = String::from_utf8_lossy(&f[p..end]).into_owned();
                        if let Some((_, value)) = i.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(&name)) {
                            put(stream, value.as_bytes());
                        }
                        p = end + 1;
                    }
                    None => put(stream, b"%header{"),
                }
            }
            (b'%', Some(c)) | (b'\\', Some(c)) if f[p] == b'%' || !matches!(c, b'n' | b'r' | b't') => {
                put(stream, &[f[p], c]);
                p += 2;
            }
            (b'\\', Some(c)) => {
                put(
                    stream,
                    match c {
                        b'n' => b"\n",
                        b'r' => b"\r",
                        _ => b"\t",
                    },
                );
                p += 2;
            }
            (c, _) => {
                put(stream, &[c]);
                p += 1;
            }
        }
    }
    out.into_iter().map(|(s, b)| (s, String::from_utf8_lossy(&b).into_owned())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info() -> TransferInfo {
        TransferInfo {
            http_code: 200,
            http_version: Some((1, 1)),
            remote: Some(("127.0.0.1".parse().expect("ip"), 8000)),
            local: Some(("127.0.0.1".parse().expect("ip"), 40312)),
            num_connects: 1,
            size_download: 12,
            size_header: 186,
            size_request: 91,
            speed_download: 1499,
            time_namelookup: 18,
            time_connect: 7103,
            time_pretransfer: 7200,
            time_starttransfer: 9670,
            time_total: 9736,
            url: "127.0.0.1:8000/hello.txt".into(),
            url_effective: "http://127.0.0.1:8000/hello.txt".into(),
            content_type: Some("text/plain".into()),
            method: "GET".into(),
            headers: vec![("Content-Length".into(), "12".into())],
            ..TransferInfo::default()
        }
    }

    fn stdout(v: CurlVersion, f: &str, i: &TransferInfo) -> String {
        write_out(v, f, i).into_iter().filter(|(s, _)| *s == Stream::Stdout).map(|(_, t)| t).collect()
    }

    /// As curl 7.88.1 printed them here (`-w` on a python http.server).
    #[test]
    fn variables_like_7_88_1() {
        let v = CurlVersion::V7_88_1;
        assert_eq!(
            stdout(
                v,
                "%{http_code} %{response_code} %{remote_ip} %{remote_port} %{local_ip} %{size_download} %{size_header} %{num_connects} %{url_effective}\\n",
                &info()
            ),
            "200 200 127.0.0.1 8000 127.0.0.1 12 186 1 http://127.0.0.1:8000/hello.txt\n"
        );
        assert_eq!(stdout(v, "%{time_total} %{time_connect} %{time_starttransfer} %{time_namelookup}\\n", &info()), "0.009736 0.007103 0.009670 0.000018\n");
        let failed = TransferInfo {
            url_effective: "http://127.0.0.1:8001/".into(),
            exitcode: 7,
            errormsg: Some("Failed to connect to 127.0.0.1 port 8001 after 0 ms: Couldn't connect to server".into()),
            time_total: 145,
            time_namelookup: 25,
            ..TransferInfo::default()
        };
        assert_eq!(
            stdout(
                v,
                "%{http_code} [%{remote_ip}] [%{remote_port}] [%{local_ip}] [%{local_port}] %{num_connects} %{time_total} %{time_connect} %{time_namelookup} %{size_header} %{url_effective} %{exitcode} %{errormsg}\\n",
                &failed
            ),
            "000 [] [0] [] [0] 0 0.000145 0.000000 0.000025 0 http://127.0.0.1:8001/ 7 Failed to connect to 127.0.0.1 port 8001 after 0 ms: Couldn't connect to server\n"
        );
        assert_eq!(
            stdout(v, "[%{scheme}] [%{method}] [%{content_type}] [%{num_headers}] [%{url}] [%header{content-length}] [%{onerror}]after", &info()),
            "[HTTP] [GET] [text/plain] [1] [127.0.0.1:8000/hello.txt] [12] ["
        );
        assert_eq!(stdout(v, "%{onerror}only %{exitcode}", &failed), "only 7");
    }

    #[test]
    fn escapes_streams_and_unknown_names() {
        let v = CurlVersion::V7_88_1;
        assert_eq!(
            write_out(v, "%{bogus} %{http_code}\\t%x\\\\n %", &info()),
            vec![(Stream::Stderr, "curl: unknown --write-out variable: 'bogus'\n".to_string()), (Stream::Stdout, " 200\t%x\\\\n %".to_string()),]
        );
        assert_eq!(
            write_out(v, "%{stderr}err %{stdout}out\\n%{", &info()),
            vec![(Stream::Stderr, "err ".to_string()), (Stream::Stdout, "out\n%{".to_string())]
        );
        assert_eq!(stdout(v, "100%%\\r", &info()), "100%\r");
    }

    #[test]
    fn the_old_release_prints_doubles_and_knows_fewer_names() {
        let v = CurlVersion::V7_58_0;
        assert_eq!(stdout(v, "%{time_total} %{size_download} %{speed_download} %{http_version}", &info()), "0.009736 12 1499.000 1.1");
        assert_eq!(
            write_out(v, "%{stderr}%{exitcode}", &info()),
            vec![(Stream::Stderr, "curl: unknown --write-out variable: 'stderr'\ncurl: unknown --write-out variable: 'exitcode'\n".to_string())]
        );
    }
}
