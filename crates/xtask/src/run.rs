//! Running commands as named steps, from the workspace root, failing loudly.

use anyhow::{Context, bail};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap_or_else(|_| PathBuf::from("."))
}

/// One command, announced before it runs.
pub struct Step {
    title: String,
    command: Command,
}

impl Step {
    pub fn new(title: &str, program: impl AsRef<OsStr>) -> Step {
        let mut command = Command::new(program);
        command.current_dir(root());
        Step {
            title: title.to_owned(),
            command,
        }
    }

    pub fn args<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(mut self, args: I) -> Step {
        self.command.args(args);
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Step {
        self.command.env(key, value);
        self
    }

    pub fn dir(mut self, dir: impl AsRef<Path>) -> Step {
        self.command.current_dir(dir);
        self
    }

    /// What the WebDriver suites of `end2end/engines` need: the three engines and their
    /// drivers, the X display WebKit draws on, the reference server and the release build.
    pub fn with_engines(
        self,
        tools: &crate::setup::Tools,
        display: &crate::display::VirtualDisplay,
        backend: &Path,
    ) -> Step {
        self.dir(root().join("end2end"))
            .env("EZCLOUD_REFERENCE_BIN", backend)
            .env("EZCLOUD_DIST", root().join("dist"))
            .env("CHROMIUM", &tools.chromium)
            .env("CHROMEDRIVER", &tools.chromedriver)
            .env("FIREFOX", &tools.firefox)
            .env("GECKODRIVER", &tools.geckodriver)
            .env("WEBKIT_DRIVER", &tools.webkit_driver)
            .env("DISPLAY", display.name())
    }

    /// Puts `dir` first on PATH, so that its tools win over the system's.
    pub fn path_first(self, dir: &Path) -> Step {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut dirs = vec![dir.to_path_buf()];
        dirs.extend(std::env::split_paths(&path));
        let joined = std::env::join_paths(dirs).unwrap_or(path);
        self.env("PATH", joined)
    }

    /// Runs the command; an error when it cannot start or exits non-zero.
    pub fn run(mut self) -> anyhow::Result<()> {
        println!("\n==> {}", self.title);
        let started = std::time::Instant::now();
        let status = self
            .command
            .status()
            .with_context(|| format!("{}: could not start", self.title))?;
        if !status.success() {
            bail!("{} failed ({status})", self.title);
        }
        println!(
            "==> {}: {:.0} s",
            self.title,
            started.elapsed().as_secs_f64()
        );
        Ok(())
    }
}

/// Runs `program` quietly and returns its standard output, or `None` if it is not there or fails.
pub fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Whether `path` is a compressed copy that [`precompress`] wrote.
pub fn is_compressed_copy(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension == "br" || extension == "gz")
}

/// Writes `path.br` (brotli, quality 11) and `path.gz` (gzip -9) beside `path`.
pub fn precompress(path: &Path) -> anyhow::Result<()> {
    for (program, args) in [
        ("brotli", ["-k", "-f", "-q", "11"]),
        ("gzip", ["-k", "-f", "-9", "-n"]),
    ] {
        let status = Command::new(program)
            .args(args)
            .arg(path)
            .status()
            .with_context(|| format!("{program}: could not start"))?;
        if !status.success() {
            bail!("{program} failed on {}", path.display());
        }
    }
    Ok(())
}
