//! Keys that match names as people type them, and limits on user text.

/// The key under which a name is matched: lower case, dots dropped, spaces collapsed, so that
/// "PT. ABC", "PT ABC" and "pt.  abc" are one vendor.
pub fn name_key(name: &str) -> String {
    name.to_lowercase().replace('.', " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Collapses runs of white space inside a one-line text (names, titles) and trims it.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_names_match_across_punctuation_and_case() {
        assert_eq!(name_key("PT. ABC"), name_key("pt abc"));
        assert_eq!(name_key("  CV.  Solusi   Data Nusantara "), "cv solusi data nusantara");
        assert_ne!(name_key("PT. ABC"), name_key("PT. ABD"));
    }
}
