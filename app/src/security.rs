//! The Content-Security-Policy: scripts only from this site (and the page's own hydration
//! script, by its nonce), WebAssembly allowed to compile, nothing framed, no other origins.

/// The policy of responses that are not pages: files and server functions.
pub const STATIC_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
                              img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
                              base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// The policy of a page whose inline scripts carry `nonce`.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'nonce-{nonce}'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// Gives the page being rendered its policy (server only).
pub fn set_page_policy() {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::use_context;
        if let (Some(nonce), Some(response)) =
            (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>())
        {
            let value = axum::http::HeaderValue::from_str(&page_csp(&nonce));
            if let Ok(value) = value {
                response.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_allow_their_own_script_and_wasm_and_are_never_framed() {
        let csp = page_csp("abc123");
        assert!(csp.contains("'nonce-abc123'"));
        assert!(csp.contains("'wasm-unsafe-eval'"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline"));
    }
}
