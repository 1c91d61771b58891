//! Colour, only where it helps and only for people: when standard output is
//! a terminal and `NO_COLOR` is unset (or empty), as no-color.org asks.

use std::io::IsTerminal;

/// Whether to colour, decided once at start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
}

const RESET: &str = "\x1b[0m";

impl Style {
    pub fn detect() -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style { color: std::io::stdout().is_terminal() && !no_color }
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.color { format!("\x1b[{code}m{text}{RESET}") } else { text.to_string() }
    }

    pub fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }

    pub fn dim(self, text: &str) -> String {
        self.paint("2", text)
    }

    pub fn red(self, text: &str) -> String {
        self.paint("31", text)
    }

    pub fn green(self, text: &str) -> String {
        self.paint("32", text)
    }

    /// A shell prompt coloured like Ubuntu's default bash prompt:
    /// `user@host` bold green, the directory bold blue.
    pub fn prompt(self, prompt: &str) -> String {
        if !self.color {
            return prompt.to_string();
        }
        let Some((who, rest)) = prompt.split_once(':') else { return prompt.to_string() };
        let dir_end = rest.find(['$', '#']).unwrap_or(rest.len());
        let (dir, tail) = rest.split_at(dir_end);
        format!("{}:{}{tail}", self.paint("01;32", who), self.paint("01;34", dir))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompt_colours_like_ubuntu() {
        let on = Style { color: true };
        assert_eq!(on.prompt("user@node1:~$ "), "\x1b[01;32muser@node1\x1b[0m:\x1b[01;34m~\x1b[0m$ ");
        assert_eq!(Style { color: false }.prompt("root@node1:~# "), "root@node1:~# ");
    }
}
