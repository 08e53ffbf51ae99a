//! Every secret the server makes or checks: random identifiers, codes, tokens and passwords.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::rngs::OsRng;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// A URL-safe random string of `bytes` random bytes from the operating system.
pub fn random_token(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    OsRng.fill_bytes(&mut buffer);
    URL_SAFE_NO_PAD.encode(buffer)
}

/// Six digits, uniformly from the operating system's generator.
pub fn new_code() -> String {
    format!("{:06}", OsRng.gen_range(0..1_000_000u32))
}

/// SHA-256, hex: how tokens and tickets are stored, so that a copy of the database grants nothing.
pub fn digest(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The stored form of a code, bound to its reset so that equal codes hash differently.
pub fn code_digest(reset_id: &str, code: &str) -> String {
    digest(&format!("{reset_id}:{code}"))
}

/// Compares two digests in constant time.
pub fn same_digest(left: &str, right: &str) -> bool {
    left.as_bytes().ct_eq(right.as_bytes()).into()
}

/// Argon2id at OWASP's minimum: 19 MiB, two passes, one lane.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The PHC string of `password`. CPU-heavy: call it off the async threads.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    let hash = argon2()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|error| anyhow::anyhow!("hashing failed: {error}"))?;
    Ok(hash.to_string())
}

/// Whether `password` matches the PHC string `stored`. CPU-heavy: call it off the async threads.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .is_ok_and(|hash| argon2().verify_password(password.as_bytes(), &hash).is_ok())
}

/// A password-hashing job, run on one of the hashing threads.
type HashingJob = Box<dyn FnOnce() + Send>;

/// Password hashing on a fixed set of threads, one per slot: argon2id takes 19 MiB and tens of
/// milliseconds of a core, so an unbounded queue of them is a way to exhaust the server, and
/// hashing on tokio's growing blocking pool leaves every thread that ever hashed holding its
/// 19 MiB (measured: the server's memory grew from 100 to 540 MiB in a one-minute soak).
#[derive(Clone)]
pub struct HashingSlots {
    /// One permit per thread: a job is accepted only with a permit, held until it is done.
    permits: std::sync::Arc<tokio::sync::Semaphore>,
    jobs: std::sync::mpsc::Sender<HashingJob>,
}

/// Every slot is taken: try again in a moment.
#[derive(Debug)]
pub struct HashingBusy;

impl HashingSlots {
    /// `slots` threads that hash, one job each at a time.
    pub fn new(slots: usize) -> HashingSlots {
        let slots = slots.max(1);
        let (jobs, receiver) = std::sync::mpsc::channel::<HashingJob>();
        let receiver = std::sync::Arc::new(std::sync::Mutex::new(receiver));
        for index in 0..slots {
            let receiver = receiver.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("hashing-{index}"))
                .spawn(move || {
                    loop {
                        // The lock is held only while waiting for the next job, not while hashing.
                        let job = match receiver.lock() {
                            Ok(receiver) => receiver.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                });
            if let Err(error) = spawned {
                tracing::error!(%error, "a hashing thread could not start");
            }
        }
        HashingSlots {
            permits: std::sync::Arc::new(tokio::sync::Semaphore::new(slots)),
            jobs,
        }
    }

    /// Runs `work` on a hashing thread if a slot is free, or answers at once that none is.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashingBusy> {
        let permit = self
            .permits
            .clone()
            .try_acquire_owned()
            .map_err(|_| HashingBusy)?;
        let (done, result) = tokio::sync::oneshot::channel();
        let job: HashingJob = Box::new(move || {
            let value = work();
            // The slot is free before the caller hears back, so that a client that sends its
            // next request on the answer finds it free (the bench saw 503s otherwise).
            drop(permit);
            let _ = done.send(value);
        });
        self.jobs.send(job).map_err(|_| HashingBusy)?;
        result.await.map_err(|_| HashingBusy)
    }
}
