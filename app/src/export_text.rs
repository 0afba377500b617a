//! Text typed by users, made safe for spreadsheets: a cell that starts with `=`, `+`, `-` or `@`
//! would be read as a formula by Excel or LibreOffice, so it gets a leading apostrophe.

/// The text as a spreadsheet cell may hold it without running it.
pub fn cell_text(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::cell_text;

    #[test]
    fn a_formula_is_neutralised() {
        assert_eq!(cell_text("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(cell_text("+62 812"), "'+62 812");
        assert_eq!(cell_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell_text("Fitur A selesai"), "Fitur A selesai");
    }
}
