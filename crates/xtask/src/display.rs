//! An X display for the engine that needs one: WebKitGTK's MiniBrowser has no headless mode,
//! so it draws on Xvfb. The display lives as long as this value.

use anyhow::{Context, bail};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct VirtualDisplay {
    server: Child,
    name: String,
}

impl VirtualDisplay {
    /// Starts Xvfb on the first display number from 99 up that no X server holds.
    pub fn start(xvfb: &Path) -> anyhow::Result<VirtualDisplay> {
        for number in 99..199 {
            let socket = format!("/tmp/.X11-unix/X{number}");
            if Path::new(&socket).exists() || Path::new(&format!("/tmp/.X{number}-lock")).exists() {
                continue;
            }
            let name = format!(":{number}");
            let mut server = Command::new(xvfb)
                .args([
                    name.as_str(),
                    "-screen",
                    "0",
                    "1920x1080x24",
                    "-nolisten",
                    "tcp",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .with_context(|| format!("{} could not start", xvfb.display()))?;
            let started = Instant::now();
            while started.elapsed() < Duration::from_secs(10) {
                if Path::new(&socket).exists() {
                    return Ok(VirtualDisplay { server, name });
                }
                if server.try_wait()?.is_some() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = server.kill();
            let _ = server.wait();
        }
        bail!("Xvfb found no free display from :99 to :198")
    }

    /// The value of `DISPLAY` for programs that draw on it.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for VirtualDisplay {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}
