//! `cargo xtask dist`: the app as a static bundle for any web server or CDN, in front of the
//! regions' API hosts on their own origins.
//!
//! `DIR/site/` is what to upload (every file with its `.br` and `.gz` copy, and `config.json`
//! naming the API bases); `DIR/nginx.conf` serves it with the reference server's headers;
//! `DIR/headers.md` lists those headers for hosts that are not nginx. The headers come from
//! `serving`, which the reference server sends too.

use crate::run::root;
use anyhow::Context;
use contract::wire::AppConfig;
use contract::{ApiBase, Origin, Region};
use serving::{CONTENT_HASHED_PATTERN, Caching, Policy, VARY};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Debian's `libnginx-mod-http-brotli-static` puts the module here.
const BROTLI_STATIC_MODULE: &str = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";

/// What a bundle holds besides `site/`, and what nginx writes into it while it runs.
const BUNDLE_ENTRIES: [&str; 6] = [
    "site",
    "nginx.conf",
    "headers.md",
    "logs",
    "temp",
    "nginx.pid",
];

#[derive(clap::Args)]
pub struct Args {
    /// The folder to write the bundle to: new, empty, or a bundle written before.
    #[arg(long)]
    out: PathBuf,
    /// A region's API base: `americas=https://os.ezcloud.uniview.com`; one for each region.
    #[arg(long = "api", value_name = "REGION=URL", value_parser = region_api)]
    apis: Vec<(Region, ApiBase)>,
    /// A page allowed to embed the app, such as https://support.example.com (repeatable).
    #[arg(long = "embed-origin", value_name = "ORIGIN")]
    embed_origins: Vec<Origin>,
    /// Where the generated nginx.conf listens.
    #[arg(long, default_value = "127.0.0.1:8090")]
    nginx_listen: SocketAddr,
    /// A release build to bundle instead of building one (`dist/` after `cargo xtask size`).
    #[arg(long, value_name = "DIR")]
    from: Option<PathBuf>,
}

/// `REGION=URL`, as `--api` takes it.
fn region_api(text: &str) -> Result<(Region, ApiBase), String> {
    let (region, base) = text
        .split_once('=')
        .ok_or_else(|| format!("{text:?} is not REGION=URL"))?;
    let region = region
        .parse::<Region>()
        .map_err(|_| format!("{region:?} is not a region: americas, europe or asia-pacific"))?;
    let base = base.parse::<ApiBase>().map_err(|error| error.to_string())?;
    Ok((region, base))
}

/// A bundle to write, its arguments checked.
pub struct Bundle {
    out: PathBuf,
    config: AppConfig,
    listen: SocketAddr,
    from: Option<PathBuf>,
}

impl Bundle {
    /// The bundle `args` ask for, or the one line that says which value is wrong.
    pub fn check(args: Args) -> Result<Bundle, String> {
        let only = |region: Region| {
            let mut named = args.apis.iter().filter(|(r, _)| *r == region);
            match (named.next(), named.next()) {
                (Some((_, base)), None) => Ok(base.clone()),
                (None, _) => Err(format!("--api {}=URL is missing", region.slug())),
                (Some(_), Some(_)) => Err(format!("--api names {} more than once", region.slug())),
            }
        };
        let (americas, europe, asia_pacific) = (
            only(Region::Americas)?,
            only(Region::Europe)?,
            only(Region::AsiaPacific)?,
        );
        let config = AppConfig::new(
            |region| match region {
                Region::Americas => americas.clone(),
                Region::Europe => europe.clone(),
                Region::AsiaPacific => asia_pacific.clone(),
            },
            args.embed_origins,
        );
        let out = std::path::absolute(&args.out)
            .map_err(|error| format!("--out {}: {error}", args.out.display()))?;
        if let Some(stranger) = foreign_entry(&out) {
            return Err(format!(
                "--out {} holds {stranger}, which no bundle writes: name a new or empty folder",
                out.display()
            ));
        }
        if let Some(from) = &args.from
            && !from.join("index.html").is_file()
        {
            return Err(format!("--from {} has no index.html", from.display()));
        }
        Ok(Bundle {
            out,
            config,
            listen: args.nginx_listen,
            from: args.from,
        })
    }

    /// Builds the app (unless given a build), then writes the whole bundle beside `out` and
    /// moves it into place, so that a failure leaves nothing half-written there.
    pub fn write(self) -> anyhow::Result<()> {
        let build = match &self.from {
            Some(from) => from.clone(),
            None => {
                crate::build_app(&crate::setup::ensure_all()?)?;
                root().join("dist")
            }
        };
        let name = self.out.file_name().context("--out names no folder")?;
        let parent = self.out.parent().context("--out names no folder")?;
        std::fs::create_dir_all(parent)?;
        let staging = parent.join(format!(
            ".{}.partial-{}",
            name.to_string_lossy(),
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&staging);
        let written = self.write_into(&build, &staging);
        if let Err(error) = written {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(error);
        }
        if self.out.exists() {
            std::fs::remove_dir_all(&self.out)
                .with_context(|| format!("removing the bundle in {}", self.out.display()))?;
        }
        std::fs::rename(&staging, &self.out)?;
        println!(
            "\nThe bundle is in {0}: upload {0}/site, or run nginx -c {0}/nginx.conf \
             (http://{1}/). Headers for other hosts: {0}/headers.md",
            self.out.display(),
            self.listen
        );
        Ok(())
    }

    /// Writes the bundle into `staging`, whose paths in `nginx.conf` name `out`.
    fn write_into(&self, build: &Path, staging: &Path) -> anyhow::Result<()> {
        let site = staging.join("site");
        copy_tree(build, &site)?;
        // A few hundred bytes, sent plain as the reference server sends it.
        std::fs::write(
            site.join("config.json"),
            serde_json::to_string_pretty(&self.config)?,
        )?;
        let index = std::fs::read_to_string(site.join("index.html"))
            .context("the build has no index.html")?;
        let api_origins: Vec<Origin> = Region::ALL
            .into_iter()
            .filter_map(|region| self.config.api_base(region).origin())
            .collect();
        let policy = Policy::new(&index, &api_origins, &self.config.embed_origins);
        std::fs::write(
            staging.join("nginx.conf"),
            nginx_conf(&policy, &self.out, self.listen),
        )?;
        std::fs::write(
            staging.join("headers.md"),
            headers_table(&policy, &api_origins),
        )?;
        for folder in ["logs", "temp"] {
            std::fs::create_dir_all(staging.join(folder))?;
        }
        Ok(())
    }
}

/// An entry of `out` that a bundle would not have written, if any: such a folder is not
/// replaced.
fn foreign_entry(out: &Path) -> Option<String> {
    let entries = std::fs::read_dir(out).ok()?;
    entries
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .find(|name| !BUNDLE_ENTRIES.contains(&name.as_str()))
}

/// Copies the folder `from` into `to`, recursively.
fn copy_tree(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Every header a file at a location gets, as nginx `add_header` lines. Each location lists
/// all of them, since nginx drops the server's `add_header`s where a location has its own.
fn add_headers(policy: &Policy, caching: Caching) -> String {
    let mut lines: Vec<String> = policy
        .security_headers()
        .into_iter()
        .map(|(name, value)| format!("        add_header {name} \"{value}\" always;"))
        .collect();
    lines.push(format!(
        "        add_header cache-control \"{}\";",
        caching.cache_control()
    ));
    lines.join("\n")
}

/// A complete nginx configuration serving `out/site` on `listen`, its pid, logs and temporary
/// files inside `out`, so that `nginx -c out/nginx.conf` runs from anywhere as any user.
fn nginx_conf(policy: &Policy, out: &Path, listen: SocketAddr) -> String {
    let out = out.display();
    let immutable = add_headers(policy, Caching::Immutable);
    let revalidate = add_headers(policy, Caching::Revalidate);
    let pages = serving::pages::nginx_maps();
    let language_vary = serving::pages::VARY
        .split(", ")
        .filter(|name| *name != VARY)
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        r#"# Written by `cargo xtask dist`: the app's static bundle with the headers the reference
# server sends (crates/serving). Run: nginx -c {out}/nginx.conf
# Brotli copies need Debian's libnginx-mod-http-brotli-static; elsewhere, remove the next line
# and `brotli_static on;` and the gzip copies still serve.
load_module {BROTLI_STATIC_MODULE};

worker_processes 1;
pid {out}/nginx.pid;
error_log {out}/logs/error.log;

events {{
    worker_connections 512;
}}

http {{
    access_log {out}/logs/access.log;
    client_body_temp_path {out}/temp/client_body;
    proxy_temp_path {out}/temp/proxy;
    fastcgi_temp_path {out}/temp/fastcgi;
    uwsgi_temp_path {out}/temp/uwsgi;
    scgi_temp_path {out}/temp/scgi;

    types {{
        text/html html;
        text/css css;
        text/javascript js;
        application/wasm wasm;
        application/json json;
        text/plain txt;
    }}
    default_type application/octet-stream;
    sendfile on;
    server_tokens off;

    # The app's address answers with step 1 in the visitor's language (`lang` in the query,
    # else the first of Accept-Language, else English) for the region the query names, as the
    # reference server does (crates/serving/src/pages.rs): `$ezr_page`.
{pages}
    server {{
        listen {listen};
        root {out}/site;

        # The `.br` or `.gz` copy beside each file, as the browser's Accept-Encoding asks.
        brotli_static on;
        gzip_static on;
        gzip_vary on;
        etag on;

        # A file whose name carries its content's hash never changes.
        location ~ "{CONTENT_HASHED_PATTERN}" {{
            try_files $uri =404;
{immutable}
        }}

        # The app's address: the page `$ezr_page` names.
        location = / {{
            try_files $ezr_page /index.html;
{revalidate}
        add_header vary "{language_vary}";
        }}

        # The page, config.json, the languages and embed.js: revalidated on every visit by
        # ETag; any other path is the app's page.
        location / {{
            try_files $uri /index.html;
{revalidate}
        }}
    }}
}}
"#
    )
}

/// The headers as a table, for a host that is not nginx (a CDN, an object store).
fn headers_table(policy: &Policy, api_origins: &[Origin]) -> String {
    let mut table = String::from(
        "# Headers to send with the app's files\n\n\
         Written by `cargo xtask dist` from the same source as the reference server's headers \
         (`crates/serving`). `nginx.conf` beside this file sends exactly these.\n\n\
         ## Every answer, errors included\n\n| header | value |\n| --- | --- |\n",
    );
    for (name, value) in policy.security_headers() {
        table.push_str(&format!("| `{name}` | `{value}` |\n"));
    }
    table.push_str(&format!(
        "\n## By file\n\n| files | `cache-control` | validator |\n| --- | --- | --- |\n\
         | names with a content hash (`app-683afd9cba612d3c.css`, `…_bg.wasm`; the path matches \
         `{CONTENT_HASHED_PATTERN}`) | `{}` | any |\n\
         | everything else: `index.html`, `config.json`, `lang/*.txt`, `embed.js` | `{}` | \
         `ETag` (answer 304 to a matching `If-None-Match`) |\n\
         \n## Encoding and types\n\n\
         - Each file but `config.json` has a `.br` (brotli) and a `.gz` (gzip) copy beside it. \
         Send the one the request's `Accept-Encoding` allows, with `content-encoding` set, and \
         `vary: {VARY}`.\n\
         - `.wasm` is `application/wasm` (browsers compile it while it downloads only then); \
         `.js` `text/javascript`; `.json` `application/json`; `.txt` `text/plain`.\n\
         - The app's address (`/`) answers `index.LANG.html`, or `index.LANG.REGION.html` when \
         the query names a region: step 1 rendered in the language of the query's `lang`, else \
         the first of `Accept-Language`, else English (`en`), with `vary: accept-language` \
         added; with `channel=sms` in the query, `index.html`. `nginx.conf` has this as `map`s.\n\
         - Any other path that names no file answers `index.html`.\n",
        Caching::Immutable.cache_control(),
        Caching::Revalidate.cache_control(),
    ));
    if !api_origins.is_empty() {
        table.push_str("\n## The API hosts\n\nThe app calls ");
        table.push_str(
            &api_origins
                .iter()
                .map(|origin| format!("`{origin}`"))
                .collect::<Vec<_>>()
                .join(", "),
        );
        table.push_str(
            " from the page's origin. Each must answer CORS for it on the API's routes (see the \
             README, \"Deploying\"); `cargo xtask contract --origin ORIGIN` checks it.\n",
        );
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_location_carries_every_security_header_and_its_caching() {
        let origin: Origin = "http://127.0.0.1:9001"
            .parse()
            .unwrap_or_else(|_| unreachable!());
        let policy = Policy::new("", std::slice::from_ref(&origin), &[]);
        let conf = nginx_conf(
            &policy,
            Path::new("/srv/bundle"),
            "127.0.0.1:8090".parse().unwrap_or_else(|_| unreachable!()),
        );
        for (name, value) in policy.security_headers() {
            let line = format!("add_header {name} \"{value}\" always;");
            assert_eq!(conf.matches(&line).count(), 3, "{line}");
        }
        assert!(conf.contains("connect-src 'self' http://127.0.0.1:9001;"));
        assert!(conf.contains("add_header cache-control \"public, max-age=31536000, immutable\";"));
        assert!(conf.contains("add_header cache-control \"no-cache\";"));
        assert!(conf.contains("listen 127.0.0.1:8090;"));
        assert!(conf.contains("pid /srv/bundle/nginx.pid;"));
        assert!(conf.contains("root /srv/bundle/site;"));
        assert!(conf.contains("try_files $ezr_page /index.html;"));
        assert!(conf.contains("add_header vary \"accept-language\";"));
        assert!(conf.contains("\"~*^ar([-_][a-z0-9]+)*$\" ar;"));
    }
}
