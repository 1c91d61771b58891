//! Go's `text/tabwriter`, as the docker CLI configures it for every table:
//! `tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)` — minimum cell width 10,
//! padding 3, padded with spaces, no flags.
//!
//! The text is a sequence of lines; within a line, every cell that is
//! *terminated by a tab* belongs to a column. The last cell of a line (the
//! text after its last tab) belongs to no column: it is printed as is, never
//! padded. A column is a run of consecutive lines that all have a cell at
//! that index; its width is `max(minwidth, widest cell + padding)`, and it is
//! computed separately for each such run (a line with fewer cells ends the
//! run). So a row whose trailing cells are empty still pads the empty
//! tab-terminated cells, which is why `docker service ps` rows end in spaces.
//! Widths count characters (UTF-8 runes), as Go does.
//!
//! Not modelled: the `AlignRight`, `DiscardEmptyColumns`, `TabIndent`,
//! `FilterHTML`, `StripEscape` and `Debug` flags, and escaped text segments;
//! docker uses none of them.

/// The docker CLI's tabwriter settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TabWriter {
    pub minwidth: usize,
    pub padding: usize,
}

impl TabWriter {
    /// `NewWriter(out, 10, 1, 3, ' ', 0)`.
    pub const DOCKER: TabWriter = TabWriter { minwidth: 10, padding: 3 };

    /// Format `text` (cells separated by `\t`, lines by `\n`) the way
    /// writing it to the tabwriter and flushing would.
    pub fn format(&self, text: &str) -> String {
        let lines: Vec<Vec<&str>> = text.split('\n').map(|line| line.split('\t').collect()).collect();
        let mut out = String::with_capacity(text.len() * 2);
        let mut widths = Vec::new();
        self.format_block(&lines, 0, lines.len(), &mut widths, &mut out);
        out
    }

    /// Go's `Writer.format`: find the column blocks at depth `widths.len()`
    /// in `lines[line0..line1]`, recursing for the columns to their right.
    fn format_block(&self, lines: &[Vec<&str>], mut line0: usize, line1: usize, widths: &mut Vec<usize>, out: &mut String) {
        let column = widths.len();
        let mut this = line0;
        while this < line1 {
            if column + 1 >= lines[this].len() {
                this += 1;
                continue;
            }
            // A cell exists in this column: print the lines before the block.
            self.write_lines(lines, line0, this, widths, out);
            line0 = this;
            let mut width = self.minwidth;
            while this < line1 && column + 1 < lines[this].len() {
                width = width.max(lines[this][column].chars().count() + self.padding);
                this += 1;
            }
            widths.push(width);
            self.format_block(lines, line0, this, widths, out);
            widths.pop();
            line0 = this;
        }
        self.write_lines(lines, line0, line1, widths, out);
    }

    fn write_lines(&self, lines: &[Vec<&str>], line0: usize, line1: usize, widths: &[usize], out: &mut String) {
        for (i, line) in lines.iter().enumerate().take(line1).skip(line0) {
            for (j, cell) in line.iter().enumerate() {
                out.push_str(cell);
                // Only tab-terminated cells belong to a column.
                if let Some(&width) = widths.get(j)
                    && j + 1 < line.len()
                {
                    let used = cell.chars().count();
                    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
                }
            }
            // The last line has no newline of its own (it is the text after
            // the final '\n', usually empty).
            if i + 1 != lines.len() {
                out.push('\n');
            }
        }
    }
}

/// Docker's table output: a header row and data rows, each a list of cells,
/// joined by tabs and run through [`TabWriter::DOCKER`].
pub fn docker_table<S: AsRef<str>>(rows: &[Vec<S>]) -> String {
    let mut text = String::new();
    for row in rows {
        let cells: Vec<&str> = row.iter().map(AsRef::as_ref).collect();
        text.push_str(&cells.join("\t"));
        text.push('\n');
    }
    TabWriter::DOCKER.format(&text)
}

/// Text already holding tabs and newlines (a `table` template's output),
/// through docker's tabwriter.
pub fn docker_table_text(text: &str) -> String {
    TabWriter::DOCKER.format(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_pad_to_widest_plus_three_with_minimum_ten() {
        let got = TabWriter::DOCKER.format("ID\tNAME\tX\nabc\tweb\tlast\n");
        assert_eq!(got, "ID        NAME      X\nabc       web       last\n");
        let got = TabWriter::DOCKER.format("a-long-cell-here\tb\nx\ty\n");
        assert_eq!(got, "a-long-cell-here   b\nx                  y\n");
    }

    #[test]
    fn last_cell_is_never_padded_but_empty_tabbed_cells_are() {
        // Two trailing empty cells: the first is tab-terminated (padded to
        // its column), the last is not.
        let got = TabWriter::DOCKER.format("A\tB\tC\nx\t\t\n");
        assert_eq!(got, "A         B         C\nx                   \n");
    }

    #[test]
    fn a_line_with_fewer_cells_ends_the_column_block() {
        let got = TabWriter::DOCKER.format("aaaaaaaaaaaaaa\tb\nsingle\nc\td\n");
        assert_eq!(got, "aaaaaaaaaaaaaa   b\nsingle\nc         d\n");
    }

    #[test]
    fn widths_count_characters_not_bytes() {
        let got = TabWriter::DOCKER.format("\"/whoami -p 8…\"\tx\nab\ty\n");
        assert_eq!(got, "\"/whoami -p 8…\"   x\nab                y\n");
    }

    #[test]
    fn text_without_final_newline_is_flushed_as_is() {
        assert_eq!(TabWriter::DOCKER.format("a\tb"), "a         b");
        assert_eq!(TabWriter::DOCKER.format(""), "");
    }
}
