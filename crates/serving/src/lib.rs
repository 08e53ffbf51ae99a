//! How the app's files are served, wherever they are: the security headers every answer
//! carries, the content security policy, and how long a browser may keep each file.
//!
//! The reference server sends exactly these, and `cargo xtask dist` writes them into the
//! static bundle's `nginx.conf` and `headers.md`, so that the two cannot drift.

pub mod pages;

use contract::Origin;

/// The security headers and content security policy of one deployment of the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// The `'sha256-…'` sources of `index.html`'s inline scripts.
    inline_scripts: Vec<String>,
    /// The regional API hosts on other origins than the page's own.
    api_origins: Vec<Origin>,
    /// The pages allowed to frame the app.
    embed_origins: Vec<Origin>,
}

impl Policy {
    /// The policy for the app whose page is `index_html`, calling APIs on `api_origins` (none
    /// when they share the page's origin) and embedded by `embed_origins`.
    pub fn new(index_html: &str, api_origins: &[Origin], embed_origins: &[Origin]) -> Policy {
        let mut api_origins = api_origins.to_vec();
        api_origins.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        api_origins.dedup();
        Policy {
            inline_scripts: inline_script_hashes(index_html),
            api_origins,
            embed_origins: embed_origins.to_vec(),
        }
    }

    /// The page's own origin and each API origin, as a source list.
    fn self_and_apis(&self) -> String {
        std::iter::once("'self'")
            .chain(self.api_origins.iter().map(Origin::as_str))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Nothing inline but Trunk's start-up scripts, by hash; the module compiled under
    /// `'wasm-unsafe-eval'`; requests and the puzzle's pictures to the page's origin and the
    /// API hosts only; framed only by the page itself and the embedding origins.
    pub fn content_security_policy(&self) -> String {
        let scripts = std::iter::once("'self' 'wasm-unsafe-eval'".to_owned())
            .chain(self.inline_scripts.iter().cloned())
            .collect::<Vec<_>>()
            .join(" ");
        let frame_ancestors = std::iter::once("'self'")
            .chain(self.embed_origins.iter().map(Origin::as_str))
            .collect::<Vec<_>>()
            .join(" ");
        let apis = self.self_and_apis();
        format!(
            "default-src 'none'; script-src {scripts}; style-src 'self'; img-src {apis} data:; \
             connect-src {apis}; font-src 'self'; manifest-src 'self'; base-uri 'none'; \
             form-action 'none'; frame-ancestors {frame_ancestors}"
        )
    }

    /// The headers every answer carries, whatever it is: the app's files, their 404s, the
    /// API's answers.
    pub fn security_headers(&self) -> Vec<(&'static str, String)> {
        vec![
            ("content-security-policy", self.content_security_policy()),
            ("referrer-policy", "no-referrer".to_owned()),
            ("x-content-type-options", "nosniff".to_owned()),
            ("cross-origin-opener-policy", "same-origin".to_owned()),
        ]
    }
}

/// How long a browser may keep a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Caching {
    /// A file whose name carries its content's hash never changes: a year, never revalidated.
    Immutable,
    /// A file whose name stays (the page, `config.json`, the languages, `embed.js`): kept, but
    /// revalidated on every use by its validator (`ETag`), which costs a 304 when unchanged.
    Revalidate,
    /// An API answer: never stored.
    NoStore,
}

impl Caching {
    /// The caching of the app's file at `path`.
    pub fn of_file(path: &str) -> Caching {
        if is_content_hashed(path) {
            Caching::Immutable
        } else {
            Caching::Revalidate
        }
    }

    pub const fn cache_control(self) -> &'static str {
        match self {
            Caching::Immutable => "public, max-age=31536000, immutable",
            Caching::Revalidate => "no-cache",
            Caching::NoStore => "no-store",
        }
    }
}

/// Every file of the app is sent as the browser's `Accept-Encoding` asks (brotli, gzip or
/// plain), so a cache must key on it.
pub const VARY: &str = "accept-encoding";

/// Whether `path` names a file whose name carries its content's hash, as Trunk writes them
/// (`app-683afd9cba612d3c.css`, `ezcloud-reset-7d26d06fbef4b378_bg.wasm`).
pub fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (8..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// [`is_content_hashed`] as a regular expression over a URL's path, for servers configured
/// by pattern (nginx's `location ~`).
pub const CONTENT_HASHED_PATTERN: &str = r"/[^/.]*-[0-9a-fA-F]{8,16}(_bg)?(\.[^/]*)?$";

/// The `'sha256-…'` sources of the inline scripts in `index_html`, which Trunk writes to start
/// the module, so that the policy can stay free of `'unsafe-inline'`.
pub fn inline_script_hashes(index_html: &str) -> Vec<String> {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let mut hashes = Vec::new();
    let mut rest = index_html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let Some(close) = after.find("</script>") else {
            break;
        };
        let opening = &after[..open_end];
        if !opening.contains("src=") && open_end < close {
            let body = &after[open_end + 1..close];
            let digest = Sha256::digest(body.as_bytes());
            hashes.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        rest = &after[close + "</script>".len()..];
    }
    hashes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(text: &str) -> Origin {
        text.parse().unwrap_or_else(|_| unreachable!("{text}"))
    }

    #[test]
    fn the_policy_lists_exactly_the_api_and_embedding_origins() {
        let page = "<script type=\"module\">import init from './app.js';init();</script>\
                    <script src=\"x.js\"></script>";
        let policy = Policy::new(
            page,
            &[
                origin("http://127.0.0.1:9002"),
                origin("http://127.0.0.1:9001"),
            ],
            &[origin("https://support.example.com")],
        );
        let csp = policy.content_security_policy();
        let directive = |name: &str| {
            csp.split("; ")
                .find_map(|d| d.strip_prefix(&format!("{name} ")))
                .map(str::to_owned)
        };
        let apis = "'self' http://127.0.0.1:9001 http://127.0.0.1:9002";
        assert_eq!(directive("connect-src").as_deref(), Some(apis));
        assert_eq!(directive("img-src"), Some(format!("{apis} data:")));
        assert_eq!(
            directive("frame-ancestors").as_deref(),
            Some("'self' https://support.example.com")
        );
        let scripts = directive("script-src").unwrap_or_default();
        assert_eq!(scripts.matches("'sha256-").count(), 1, "{scripts}");
        assert!(!csp.contains("unsafe-inline"));

        let alone = Policy::new(page, &[], &[]).content_security_policy();
        assert!(alone.contains("connect-src 'self';"), "{alone}");
        assert!(alone.ends_with("frame-ancestors 'self'"), "{alone}");
    }

    #[test]
    fn the_pattern_and_the_function_agree_on_every_kind_of_name() {
        let pattern = regex::Regex::new(CONTENT_HASHED_PATTERN).unwrap_or_else(|e| panic!("{e}"));
        for (path, hashed) in [
            ("/app-683afd9cba612d3c.css", true),
            ("/ezcloud-reset-7d26d06fbef4b378_bg.wasm", true),
            ("/ezcloud-reset-7d26d06fbef4b378.js", true),
            ("/x/app-683afd9c.css", true),
            ("/step_indicator-bd1aba9b4ec3133.css", true),
            ("/app-683afd9cba612d3c", true),
            ("/app-683afd9cba612d3c.css.br", true),
            ("/index.html", false),
            ("/config.json", false),
            ("/embed.js", false),
            ("/lang/pt-BR.txt", false),
            ("/lang/zh-CN.txt", false),
            ("/app-683afd9.css", false),
            ("/app-683afd9cba612d3c0.css", false),
            ("/app-683afd9cba612d3g.css", false),
            ("/app-683afd9cba612d3c-x.css", false),
            ("/my.app-683afd9cba612d3c.css", false),
            ("/a-683afd9cba612d3c/index.html", false),
            ("/some/route", false),
            ("/step-indicator.css", false),
            ("/", false),
        ] {
            assert_eq!(is_content_hashed(path), hashed, "{path}");
            assert_eq!(pattern.is_match(path), hashed, "the pattern on {path}");
        }
    }

    #[test]
    fn caching_follows_the_name() {
        assert_eq!(
            Caching::of_file("/ezcloud-reset-7d26d06fbef4b378_bg.wasm"),
            Caching::Immutable
        );
        assert_eq!(Caching::of_file("/config.json"), Caching::Revalidate);
        assert_eq!(Caching::NoStore.cache_control(), "no-store");
    }
}
