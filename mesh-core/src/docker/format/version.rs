//! `docker version` and `docker --version`.
//!
//! `docker version` executes docker/cli's version template into a tabwriter
//! configured differently from the tables: `NewWriter(out, 20, 1, 1, ' ', 0)`
//! (minimum width 20, padding 1), so the values line up in column 21.
//!
//! The component versions, commits and build dates are those of the
//! docker-ce 24.0.2 Linux packages (the seed's `ENGINE VERSION`); they are
//! data ([`VersionInfo`]), not logic, and can be replaced.

use crate::docker::tabwriter::TabWriter;

/// `docker --version`.
pub const CLIENT_VERSION_LINE: &str = "Docker version 24.0.2, build cb74dfc";

/// What `docker version` reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionInfo {
    pub platform: String,
    pub version: String,
    pub api_version: String,
    pub min_api_version: String,
    pub go_version: String,
    pub client_commit: String,
    pub client_built: String,
    pub engine_commit: String,
    pub engine_built: String,
    pub os_arch: String,
    pub context: String,
    pub experimental: bool,
    /// Further server components (`containerd`, `runc`, `docker-init`):
    /// name, version, git commit.
    pub components: Vec<(String, String, String)>,
}

impl VersionInfo {
    /// docker-ce 24.0.2 on linux/amd64.
    pub fn docker_24_0_2() -> VersionInfo {
        VersionInfo {
            platform: "Docker Engine - Community".into(),
            version: "24.0.2".into(),
            api_version: "1.43".into(),
            min_api_version: "1.12".into(),
            go_version: "go1.20.4".into(),
            client_commit: "cb74dfc".into(),
            client_built: "Thu May 25 21:52:22 2023".into(),
            engine_commit: "659604f".into(),
            engine_built: "Thu May 25 21:52:22 2023".into(),
            os_arch: "linux/amd64".into(),
            context: "default".into(),
            experimental: false,
            components: vec![
                ("containerd".into(), "1.6.21".into(), "3dce8eb055cbb6872793272b4f20ed16117344f8".into()),
                ("runc".into(), "1.1.7".into(), "v1.1.7-0-g860f061".into()),
                ("docker-init".into(), "0.19.0".into(), "de40ad0".into()),
            ],
        }
    }
}

/// `docker version` with a reachable daemon.
pub fn render_version(v: &VersionInfo) -> String {
    let mut t = format!(
        "Client: {}\n Version:\t{}\n API version:\t{}\n Go version:\t{}\n Git commit:\t{}\n Built:\t{}\n OS/Arch:\t{}\n Context:\t{}\n\nServer: {}\n Engine:\n  Version:\t{}\n  API version:\t{} (minimum version {})\n  Go version:\t{}\n  Git commit:\t{}\n  Built:\t{}\n  OS/Arch:\t{}\n  Experimental:\t{}",
        v.platform,
        v.version,
        v.api_version,
        v.go_version,
        v.client_commit,
        v.client_built,
        v.os_arch,
        v.context,
        v.platform,
        v.version,
        v.api_version,
        v.min_api_version,
        v.go_version,
        v.engine_commit,
        v.engine_built,
        v.os_arch,
        v.experimental
    );
    for (name, version, commit) in &v.components {
        t.push_str(&format!("\n {name}:\n  Version:\t{version}\n  GitCommit:\t{commit}"));
    }
    t.push('\n');
    TabWriter { minwidth: 20, padding: 1 }.format(&t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_aligns_values_in_column_21() {
        let got = render_version(&VersionInfo::docker_24_0_2());
        let want = "Client: Docker Engine - Community
 Version:           24.0.2
 API version:       1.43
 Go version:        go1.20.4
 Git commit:        cb74dfc
 Built:             Thu May 25 21:52:22 2023
 OS/Arch:           linux/amd64
 Context:           default

Server: Docker Engine - Community
 Engine:
  Version:          24.0.2
  API version:      1.43 (minimum version 1.12)
  Go version:       go1.20.4
  Git commit:       659604f
  Built:            Thu May 25 21:52:22 2023
  OS/Arch:          linux/amd64
  Experimental:     false
 containerd:
  Version:          1.6.21
  GitCommit:        3dce8eb055cbb6872793272b4f20ed16117344f8
 runc:
  Version:          1.1.7
  GitCommit:        v1.1.7-0-g860f061
 docker-init:
  Version:          0.19.0
  GitCommit:        de40ad0
";
        assert_eq!(got, want);
    }
}
