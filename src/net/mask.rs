//! URLs as they may be printed: never a password.

/// Hide the password in a URL given as text, whatever else is wrong with it.
pub fn mask_url_str(s: &str) -> String {
    match url::Url::parse(s) {
        Ok(u) => mask_url(&u),
        Err(_) => match (s.find("://"), s.rfind('@')) {
            (Some(i), Some(j)) if j > i => format!("{}://***@{}", &s[..i], &s[j + 1..]),
            _ => s.to_string(),
        },
    }
}

/// A URL with its password replaced by `***`.
pub fn mask_url(u: &url::Url) -> String {
    let mut u = u.clone();
    if u.password().is_some() {
        let _ = u.set_password(Some("***"));
    }
    u.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_passwords() {
        assert_eq!(
            mask_url_str("https://bob:secret@loki.example/x"),
            "https://bob:***@loki.example/x"
        );
        assert_eq!(mask_url_str("http://bob:s3cr%t@bad host"), "http://***@bad host");
        assert!(!mask_url_str("https://u:tok@h").contains("tok"));
    }
}
