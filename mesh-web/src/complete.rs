//! Tab completion in the terminal: the word under the cursor (the last one)
//! is completed from a list of known words, as bash completes file names:
//! one candidate completes it (and adds a space), several extend it to their
//! longest common prefix and are listed.
//!
//! The words come from the page (host, namespace and device names, words of
//! earlier commands); `mesh_core::shell::complete` will give command-aware
//! candidates once it lands.

/// Completes the last word of `line`; returns the new line and the
/// candidates (more than one when the completion is ambiguous).
pub fn complete(line: &str, words: &[String]) -> (String, Vec<String>) {
    let start = line.rfind(char::is_whitespace).map(|i| i + 1).unwrap_or(0);
    let (head, word) = line.split_at(start);
    if word.is_empty() {
        return (line.to_string(), Vec::new());
    }
    let mut candidates: Vec<String> = words.iter().filter(|w| w.starts_with(word) && w.as_str() != word).cloned().collect();
    candidates.sort();
    candidates.dedup();
    match candidates.as_slice() {
        [] => (line.to_string(), Vec::new()),
        [only] => (format!("{head}{only} "), Vec::new()),
        [first, rest @ ..] => {
            let mut prefix = first.clone();
            for c in rest {
                let common = prefix.char_indices().zip(c.chars()).take_while(|((_, a), b)| a == b).last().map(|((i, ch), _)| i + ch.len_utf8()).unwrap_or(0);
                prefix.truncate(common);
            }
            (format!("{head}{prefix}"), candidates)
        }
    }
}
