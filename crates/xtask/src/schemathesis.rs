//! `cargo xtask schemathesis`: Schemathesis, the field's OpenAPI fuzzer, with every one of its
//! checks, against the reference backend in development mode with every allowance lifted
//! (`--lift-limits`), once per region. Schemathesis comes from PyPI, at the version pinned
//! here, into a Python environment of its own under `target/`; nothing else needs it, so
//! `cargo xtask test` does not run it.

use crate::run::{Step, root};
use anyhow::Context;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

/// The Schemathesis release the README's figures come from.
const VERSION: &str = "4.32.5";

/// The same examples every run, so that two runs are comparable.
const SEED: &str = "28";

/// Kills the server when the run ends, however it ends.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn run(examples: u32) -> anyhow::Result<()> {
    let environment = root().join("target/schemathesis");
    let program = environment.join("bin/schemathesis");
    if !program.exists() {
        Step::new("a Python environment for Schemathesis", "python3")
            .args(["-m", "venv"])
            .args([&environment])
            .run()?;
        Step::new(
            &format!("Schemathesis {VERSION} from PyPI"),
            environment.join("bin/pip"),
        )
        .args(["install", "--quiet", &format!("schemathesis=={VERSION}")])
        .run()?;
    }
    let backend = crate::build_reference_backend()?;
    let address = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .context("no free loopback port")?;
    let database = environment.join("reference.db");
    for stale in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{stale}", database.display()));
    }
    let server = Server(
        std::process::Command::new(backend)
            .args(["--dev", "--lift-limits", "--listen", &address.to_string()])
            .arg("--database")
            .arg(format!("sqlite://{}", database.display()))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .context("the reference backend did not start")?,
    );
    wait_for(address)?;
    let base = format!("http://{address}");
    for region in contract::Region::ALL {
        Step::new(
            &format!(
                "schemathesis --checks all, {} region",
                region.display_name()
            ),
            &program,
        )
        .args(["run", &format!("{base}/openapi.json")])
        .args(["--url", &format!("{base}/{}", region.slug())])
        .args(["--checks", "all", "--workers", "2", "--seed", SEED])
        .args(["--max-examples", &examples.to_string()])
        // Its cache of findings goes beside it, not into the repository.
        .dir(&environment)
        .run()?;
    }
    drop(server);
    Ok(())
}

/// Waits up to ten seconds for `address` to take connections.
fn wait_for(address: SocketAddr) -> anyhow::Result<()> {
    let started = Instant::now();
    while TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_err() {
        anyhow::ensure!(
            started.elapsed() < Duration::from_secs(10),
            "the reference backend did not listen on {address}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(())
}
