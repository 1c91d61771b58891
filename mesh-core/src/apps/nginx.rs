//! nginx 1.25.3 as the official Docker image runs it out of the box: the
//! default server on port 80 serving `/usr/share/nginx/html`.
//!
//! `GET /` (and `/index.html`) returns the 615-byte "Welcome to nginx!" page
//! with the headers `ngx_http_header_filter` writes, in its order: `Server`,
//! `Date`, `Content-Type`, `Content-Length`, `Last-Modified`, `Connection`,
//! then the list headers the static module added (`ETag`, then the range
//! filter's `Accept-Ranges`). The page's mtime in the image is
//! 2023-10-24 13:46:47 UTC, so `ETag: "6537cac7-267"` (hex mtime-size).
//! Other paths get the 404 page (`ngx_http_error_404_page` + the
//! `server_tokens on` tail), other methods than GET/HEAD on the page 405.
//! HEAD gets the same headers without the body. Connections stay open
//! (keep-alive) unless the request said `Connection: close`.
//!
//! Not modelled: `/50x.html`, conditional requests (`If-Modified-Since`,
//! `If-None-Match` → 304), ranges, gzip, keepalive_timeout (75 s) and
//! keepalive_requests, the access log.

use crate::apps::http::{Exchange, HttpServer, Reply, Request, http_date, wall_clock};
use crate::kernel::app::{App, AppIo};

/// `/usr/share/nginx/html/index.html` of the nginx:1.25 image.
pub const INDEX_HTML: &str = "<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href=\"http://nginx.org/\">nginx.org</a>.<br/>
Commercial support is available at
<a href=\"http://nginx.com/\">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
";

/// The `Server:` token (`server_tokens on`).
pub const NGINX_VER: &str = "nginx/1.25.3";
/// index.html's mtime in the image, Unix seconds (0x6537cac7).
pub const INDEX_MTIME: i64 = 1_698_155_207;

/// An error page as `ngx_http_send_special_response` builds it.
fn error_page(status_line: &str) -> String {
    format!(
        "<html>\r\n<head><title>{status_line}</title></head>\r\n<body>\r\n<center><h1>{status_line}</h1></center>\r\n<hr><center>{NGINX_VER}</center>\r\n</body>\r\n</html>\r\n"
    )
}

/// The nginx server program.
#[derive(Debug)]
pub struct Nginx {
    server: HttpServer,
}

impl Nginx {
    /// nginx listening on `port` (80 in the image).
    pub fn new(port: u16) -> Nginx {
        Nginx { server: HttpServer::new(port, 511) }
    }
}

/// nginx's whole response to `req` at wall-clock time `now` (Unix seconds).
pub fn nginx_response(req: &Request, now: i64) -> Reply {
    let keep = req.keep_alive();
    let conn = if keep { "keep-alive" } else { "close" };
    let date = http_date(now);
    let head = req.method == "HEAD";
    let is_index = matches!(req.path(), "/" | "/index.html");
    let (status, body, page_headers) = if is_index && matches!(req.method.as_str(), "GET" | "HEAD") {
        let extra = format!(
            "Last-Modified: {}\r\nConnection: {conn}\r\nETag: \"{:x}-{:x}\"\r\nAccept-Ranges: bytes\r\n",
            http_date(INDEX_MTIME),
            INDEX_MTIME,
            INDEX_HTML.len()
        );
        ("200 OK", INDEX_HTML.to_string(), extra)
    } else if is_index {
        ("405 Not Allowed", error_page("405 Not Allowed"), format!("Connection: {conn}\r\n"))
    } else {
        ("404 Not Found", error_page("404 Not Found"), format!("Connection: {conn}\r\n"))
    };
    // nginx answers HTTP/1.1 whatever the request version.
    let mut s =
        format!("HTTP/1.1 {status}\r\nServer: {NGINX_VER}\r\nDate: {date}\r\nContent-Type: text/html\r\nContent-Length: {}\r\n{page_headers}\r\n", body.len());
    if !head {
        s.push_str(&body);
    }
    Reply::whole(s.into_bytes(), !keep)
}

impl App for Nginx {
    fn name(&self) -> &str {
        "nginx"
    }

    fn poll(&mut self, io: &mut AppIo<'_>) {
        self.server.poll(io, &mut |ex: &Exchange<'_>, req| match req {
            Ok(r) => nginx_response(r, wall_clock(ex.kernel)),
            Err(_) => {
                let body = error_page("400 Bad Request");
                let s = format!("HTTP/1.1 400 Bad Request\r\nServer: {NGINX_VER}\r\nDate: {}\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", http_date(wall_clock(ex.kernel)), body.len());
                Reply::whole(s.into_bytes(), true)
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apps::http::{Parsed, SEED_WALL_EPOCH, parse_request};

    fn req(wire: &str) -> Request {
        match parse_request(wire.as_bytes()) {
            Parsed::Complete(r, _) => r,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn index_page_is_615_bytes_with_the_image_headers() {
        assert_eq!(INDEX_HTML.len(), 615);
        let r = nginx_response(&req("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n"), SEED_WALL_EPOCH);
        assert_eq!(
            String::from_utf8_lossy(&r.bytes()),
            "HTTP/1.1 200 OK\r\nServer: nginx/1.25.3\r\nDate: Fri, 17 Nov 2023 09:10:00 GMT\r\nContent-Type: text/html\r\nContent-Length: 615\r\nLast-Modified: Tue, 24 Oct 2023 13:46:47 GMT\r\nConnection: keep-alive\r\nETag: \"6537cac7-267\"\r\nAccept-Ranges: bytes\r\n\r\n"
        );
        let g = nginx_response(&req("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), SEED_WALL_EPOCH);
        assert!(g.bytes().ends_with(INDEX_HTML.as_bytes()));
        assert!(!g.close);
    }

    #[test]
    fn not_found_page_and_connection_close() {
        let r = nginx_response(&req("GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), SEED_WALL_EPOCH);
        let body = "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n";
        assert_eq!(body.len(), 153);
        assert_eq!(
            String::from_utf8_lossy(&r.bytes()),
            format!(
                "HTTP/1.1 404 Not Found\r\nServer: nginx/1.25.3\r\nDate: Fri, 17 Nov 2023 09:10:00 GMT\r\nContent-Type: text/html\r\nContent-Length: 153\r\nConnection: close\r\n\r\n{body}"
            )
        );
        assert!(r.close);
    }
}
