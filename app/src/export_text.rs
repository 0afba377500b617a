//! Text typed by users, made safe for CSV: a cell that starts with `=`, `+`, `-` or `@` would be
//! read as a formula by Excel or LibreOffice, so it gets a leading apostrophe, which those
//! programs show as "text". The import takes that apostrophe off again, so a file exported and
//! imported back holds what was typed. (XLSX cells are written as text with a quote prefix
//! instead; their value is not changed at all.)

fn needs_quote(text: &str) -> bool {
    // A text that already starts with an apostrophe gets one more, so that the import, which
    // takes one off, gives it back unchanged.
    text.starts_with(['=', '+', '-', '@', '\t', '\r', '\''])
}

/// The text as a CSV cell may hold it without running it.
pub fn cell_text(text: &str) -> String {
    if needs_quote(text) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// The text a CSV cell written by [`cell_text`] held.
pub fn from_cell_text(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_quote(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::{cell_text, from_cell_text};

    #[test]
    fn a_formula_is_neutralised() {
        assert_eq!(cell_text("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(cell_text("+62 812"), "'+62 812");
        assert_eq!(cell_text("-1"), "'-1");
        assert_eq!(cell_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell_text("Fitur A selesai"), "Fitur A selesai");
    }

    #[test]
    fn what_is_neutralised_reads_back_unchanged() {
        for text in ["=1+1", "'=1+1", "''x", "'kutip'", "@a", "biasa", "", "'"] {
            assert_eq!(from_cell_text(&cell_text(text)), text, "{text}");
        }
        // An apostrophe that a person typed before ordinary text stays.
        assert_eq!(from_cell_text("'80-an"), "'80-an");
    }
}
