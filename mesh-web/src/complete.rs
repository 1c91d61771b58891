//! Tab in the terminal: the candidates come from `mesh_core::shell::complete`
//! (what the CLI's Tab offers); this applies them to the input line as bash
//! does: one candidate replaces the word, several extend it to their longest
//! common prefix and are listed.

use mesh_core::shell::complete::Completion;

/// The line after Tab, and the candidates to list (more than one when the
/// completion is ambiguous). `line[..cursor]` is what was completed; the rest
/// of the line stays after the cursor.
pub fn apply(line: &str, cursor: usize, completion: &Completion) -> (String, Vec<String>) {
    let (Some(head), Some(tail)) = (line.get(..completion.start), line.get(cursor..)) else { return (line.to_string(), Vec::new()) };
    match completion.candidates.as_slice() {
        [] => (line.to_string(), Vec::new()),
        [only] => (format!("{head}{only}{tail}"), Vec::new()),
        [first, rest @ ..] => {
            let mut prefix = first.as_str();
            for c in rest {
                let common = prefix.char_indices().zip(c.chars()).take_while(|((_, a), b)| a == b).last().map(|((i, ch), _)| i + ch.len_utf8()).unwrap_or(0);
                prefix = &prefix[..common];
            }
            let typed = line.get(completion.start..cursor).unwrap_or_default();
            let word = if prefix.len() > typed.len() { prefix } else { typed };
            let shown = completion.candidates.iter().map(|c| c.trim_end().to_string()).collect();
            (format!("{head}{word}{tail}"), shown)
        }
    }
}
