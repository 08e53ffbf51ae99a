//! Set-up on a fresh Debian machine that has rustup, cargo and the package registries.
//! Every step checks first, so a second run installs nothing and takes a moment.

use crate::run::{Step, output_of, root};
use anyhow::{Context, bail};
use std::path::{Path, PathBuf};

const TRUNK_VERSION: &str = "0.21.14";
/// Firefox's WebDriver server, built from crates.io.
const GECKODRIVER_VERSION: &str = "0.37.1";
/// Debian packages and a file each installs.
const APT_PACKAGES: [(&str, &str); 11] = [
    ("chromium", "/usr/bin/chromium"),
    ("chromium-driver", "/usr/bin/chromedriver"),
    ("brotli", "/usr/bin/brotli"),
    // The static bundle of `cargo xtask dist`, served as a vendor would, with its brotli copies.
    ("nginx", NGINX),
    (
        "libnginx-mod-http-brotli-static",
        "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so",
    ),
    // Chinese and Thai glyphs, so that the screenshots of those languages show text, not boxes.
    (
        "fonts-wqy-zenhei",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    ),
    (
        "fonts-thai-tlwg-ttf",
        "/usr/share/fonts/truetype/tlwg/Garuda.ttf",
    ),
    // The two other engines a visitor brings: Firefox, and WebKit (WebKitGTK's MiniBrowser,
    // driven by WebKitWebDriver), which draws on Xvfb.
    ("firefox-esr", FIREFOX),
    ("webkit2gtk-driver", WEBKIT_DRIVER),
    ("xvfb", XVFB),
    // xvfb recommends it; apt here installs no recommendations.
    ("xauth", "/usr/bin/xauth"),
];

const FIREFOX: &str = "/usr/bin/firefox-esr";
const WEBKIT_DRIVER: &str = "/usr/bin/WebKitWebDriver";
const XVFB: &str = "/usr/bin/Xvfb";

/// Debian's nginx.
const NGINX: &str = "/usr/sbin/nginx";

/// Where the tools are.
pub struct Tools {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
    pub nginx: PathBuf,
    pub firefox: PathBuf,
    pub geckodriver: PathBuf,
    pub webkit_driver: PathBuf,
    pub xvfb: PathBuf,
    /// `end2end/node_modules/.bin`, with npm's wasm-opt 132 (Debian's 108 breaks the module).
    pub node_bin: PathBuf,
}

pub fn ensure_all() -> anyhow::Result<Tools> {
    ensure_wasm_target()?;
    ensure_apt_packages()?;
    ensure_cargo_tool(
        "trunk",
        TRUNK_VERSION,
        &["install", "trunk", "--version", TRUNK_VERSION, "--locked"],
    )?;
    let bindgen = locked_version("wasm-bindgen")?;
    // wasm-bindgen-cli's own lock file names a crate the registry mirror lacks: no --locked.
    ensure_cargo_tool(
        "wasm-bindgen",
        &bindgen,
        &["install", "wasm-bindgen-cli", "--version", &bindgen],
    )?;
    ensure_cargo_tool(
        "geckodriver",
        GECKODRIVER_VERSION,
        &[
            "install",
            "geckodriver",
            "--version",
            GECKODRIVER_VERSION,
            "--locked",
        ],
    )?;
    ensure_node_modules()?;
    ensure_python_module("aiosmtpd", "python3-aiosmtpd")?;
    Ok(Tools {
        chromium: PathBuf::from("/usr/bin/chromium"),
        chromedriver: PathBuf::from("/usr/bin/chromedriver"),
        nginx: PathBuf::from(NGINX),
        firefox: PathBuf::from(FIREFOX),
        geckodriver: cargo_binary("geckodriver"),
        webkit_driver: PathBuf::from(WEBKIT_DRIVER),
        xvfb: PathBuf::from(XVFB),
        node_bin: root().join("end2end/node_modules/.bin"),
    })
}

/// Where `cargo install` put `binary`.
fn cargo_binary(binary: &str) -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"));
    home.join("bin").join(binary)
}

fn is_root() -> bool {
    output_of("id", &["-u"]).is_some_and(|uid| uid.trim() == "0")
}

fn ensure_wasm_target() -> anyhow::Result<()> {
    let installed = output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed
        .lines()
        .any(|line| line.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    Step::new("rustup target add wasm32-unknown-unknown", "rustup")
        .args(["target", "add", "wasm32-unknown-unknown"])
        .run()
}

fn ensure_apt_packages() -> anyhow::Result<()> {
    let missing: Vec<&str> = APT_PACKAGES
        .iter()
        .filter(|(_, file)| !Path::new(file).exists())
        .map(|(package, _)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    if !is_root() {
        bail!(
            "install these Debian packages by hand, then run again: sudo apt-get install -y {}",
            missing.join(" ")
        );
    }
    Step::new("apt-get update", "apt-get")
        .args(["update", "-qq"])
        .run()?;
    Step::new(&format!("apt-get install {}", missing.join(" ")), "apt-get")
        .args(["install", "-y", "-qq", "--no-install-recommends"])
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .run()
}

fn ensure_cargo_tool(binary: &str, version: &str, install: &[&str]) -> anyhow::Result<()> {
    let reported = output_of(binary, &["--version"]).unwrap_or_default();
    if reported.split_whitespace().any(|word| word == version) {
        return Ok(());
    }
    Step::new(
        &format!("cargo install {binary} {version} (a few minutes, once)"),
        "cargo",
    )
    .args(install)
    .run()
}

/// The version of `package` in Cargo.lock.
fn locked_version(package: &str) -> anyhow::Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == format!("name = \"{package}\"") {
            let version = lines
                .next()
                .and_then(|next| next.strip_prefix("version = \""));
            return version
                .map(|v| v.trim_end_matches('"').to_owned())
                .context("malformed Cargo.lock");
        }
    }
    bail!("{package} is not in Cargo.lock")
}

fn ensure_node_modules() -> anyhow::Result<()> {
    let end2end = root().join("end2end");
    let lock = std::fs::metadata(end2end.join("package-lock.json")).and_then(|m| m.modified());
    let installed = std::fs::metadata(end2end.join("node_modules/.package-lock.json"))
        .and_then(|m| m.modified());
    if let (Ok(lock), Ok(installed)) = (lock, installed)
        && installed >= lock
    {
        return Ok(());
    }
    Step::new("npm ci (end-to-end tests, wasm-opt)", "npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .dir(end2end)
        .run()
}

fn ensure_python_module(module: &str, debian_package: &str) -> anyhow::Result<()> {
    let import = format!("import {module}");
    if output_of("python3", &["-c", &import]).is_some() {
        return Ok(());
    }
    let by_pip = Step::new(&format!("pip install {module}"), "python3")
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            module,
        ])
        .run();
    if by_pip.is_ok() && output_of("python3", &["-c", &import]).is_some() {
        return Ok(());
    }
    if !is_root() {
        bail!(
            "install the Python module {module} by hand (pip install {module}, or apt-get install {debian_package})"
        );
    }
    Step::new(&format!("apt-get install {debian_package}"), "apt-get")
        .args(["install", "-y", "-qq", debian_package])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .run()
}
