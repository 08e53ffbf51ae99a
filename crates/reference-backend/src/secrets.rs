//! Every secret the server makes or checks: random identifiers, codes, tokens and passwords.

use argon2::password_hash::{PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::rngs::OsRng;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// An identifier or secret the server issues: `BYTES` random bytes from the operating system,
/// as URL-safe base64, in the contract's own type.
pub trait Issued: TryFrom<String> {
    /// At most 48, so that the text stays within the contract's 64 characters.
    const BYTES: usize;

    /// A new one.
    fn issue() -> Self {
        Self::try_from(random_token(Self::BYTES))
            .unwrap_or_else(|_| unreachable!("base64url of {} bytes is opaque text", Self::BYTES))
    }
}

impl Issued for contract::CheckId {
    const BYTES: usize = 16;
}

impl Issued for contract::Ticket {
    const BYTES: usize = 24;
}

impl Issued for contract::ResetId {
    const BYTES: usize = 16;
}

impl Issued for contract::ResetToken {
    const BYTES: usize = 32;
}

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

/// A 256-bit key for keyed hashes (HMAC-SHA-256).
#[derive(Clone)]
pub struct Key([u8; 32]);

impl Key {
    /// A new key from the operating system's generator.
    pub fn random() -> Key {
        let mut key = [0u8; 32];
        OsRng.fill_bytes(&mut key);
        Key(key)
    }

    /// A stored key: exactly 32 bytes.
    pub fn from_bytes(bytes: &[u8]) -> Option<Key> {
        bytes.try_into().ok().map(Key)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// HMAC-SHA-256 of `parts`, each ended by a 0 byte so that no two lists run together; hex.
    pub fn digest(&self, parts: &[&str]) -> String {
        use hmac::Mac;
        let mut mac = <hmac::Hmac<Sha256> as hmac::Mac>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
        for part in parts {
            mac.update(part.as_bytes());
            mac.update(&[0]);
        }
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }
}

/// Argon2id at OWASP's minimum: 19 MiB, two passes, one lane.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

thread_local! {
    /// Argon2's memory, kept by each thread that hashes and used again for every hash. A new
    /// 19 MiB per hash, freed after, left glibc holding every freed copy: after the first free
    /// its mmap threshold rises past 19 MiB, later copies come from per-thread arenas that it
    /// never trims, and a 16-client soak held 338 MiB resident where this holds 54 MiB at peak.
    static BLOCKS: std::cell::RefCell<Vec<argon2::Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Argon2 of `password` and `salt` under `argon` into `out`, in this thread's memory.
fn argon2_into(
    argon: &Argon2<'_>,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), argon2::Error> {
    let count = argon.params().block_count();
    BLOCKS.with_borrow_mut(|blocks| {
        if blocks.len() < count {
            blocks.resize(count, argon2::Block::default());
        }
        argon.hash_password_into_with_memory(password, salt, out, &mut blocks[..count])
    })
}

/// The PHC string of `password`. CPU-heavy: call it off the async threads.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    use argon2::password_hash::{Output, ParamsString};
    let salt = SaltString::generate(&mut OsRng);
    let argon = argon2();
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt
        .as_salt()
        .decode_b64(&mut salt_bytes)
        .map_err(|error| anyhow::anyhow!("salt: {error}"))?;
    let length = argon
        .params()
        .output_len()
        .unwrap_or(Params::DEFAULT_OUTPUT_LEN);
    let output = Output::init_with(length, |out| {
        argon2_into(&argon, password.as_bytes(), salt_bytes, out)
            .map_err(|_| argon2::password_hash::Error::Crypto)
    })
    .map_err(|error| anyhow::anyhow!("hashing failed: {error}"))?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(argon.params())
            .map_err(|error| anyhow::anyhow!("parameters: {error}"))?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(hash.to_string())
}

/// Whether `password` matches the PHC string `stored`. CPU-heavy: call it off the async threads.
pub fn verify_password(password: &str, stored: &str) -> bool {
    use argon2::password_hash::Output;
    let Ok(hash) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (hash.salt, hash.hash) else {
        return false;
    };
    let algorithm = Algorithm::try_from(hash.algorithm);
    let version = hash
        .version
        .map_or(Ok(Version::default()), Version::try_from);
    let (Ok(algorithm), Ok(version), Ok(params)) = (algorithm, version, Params::try_from(&hash))
    else {
        return false;
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let argon = Argon2::new(algorithm, version, params);
    let mut out = vec![0u8; expected.len()];
    argon2_into(&argon, password.as_bytes(), salt_bytes, &mut out).is_ok()
        && Output::new(&out).is_ok_and(|computed| computed == expected)
}

/// A password-hashing job, run on one of the hashing threads.
type HashingJob = Box<dyn FnOnce() + Send>;

/// Password hashing on a fixed set of threads, one per slot: argon2id takes 19 MiB and tens of
/// milliseconds of a core, so an unbounded queue of them is a way to exhaust the server, and
/// hashing on tokio's growing blocking pool leaves every thread that ever hashed holding its
/// 19 MiB (measured: the server's memory grew from 100 to 540 MiB in a one-minute soak).
///
/// A job that finds every slot taken may wait for one, in a queue as long as the slots and for
/// at most [`HASHING_WAIT`]: a slot then never idles while its last request is read and stored,
/// and a burst beyond the queue is still answered at once.
#[derive(Clone)]
pub struct HashingSlots {
    /// One permit per thread: a job is accepted only with a permit, held until it is done.
    permits: std::sync::Arc<tokio::sync::Semaphore>,
    /// One place per slot for a job waiting for a permit.
    queue: std::sync::Arc<tokio::sync::Semaphore>,
    jobs: std::sync::mpsc::Sender<HashingJob>,
}

/// The longest a job waits in the queue for a slot: the second that a busy answer's
/// `Retry-After` asks of the client anyway.
pub const HASHING_WAIT: std::time::Duration = std::time::Duration::from_secs(1);

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
            queue: std::sync::Arc::new(tokio::sync::Semaphore::new(slots)),
            jobs,
        }
    }

    /// Runs `work` on a hashing thread once a slot is free; busy when the queue is full or no
    /// slot came free within [`HASHING_WAIT`].
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashingBusy> {
        let permit = self.permit().await?;
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

    /// A slot's permit: a free one at once, else one that comes free while this job holds a
    /// place in the queue.
    async fn permit(&self) -> Result<tokio::sync::OwnedSemaphorePermit, HashingBusy> {
        if let Ok(permit) = self.permits.clone().try_acquire_owned() {
            return Ok(permit);
        }
        let _place = self.queue.try_acquire().map_err(|_| HashingBusy)?;
        match tokio::time::timeout(HASHING_WAIT, self.permits.clone().acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            Ok(Err(_)) | Err(_) => Err(HashingBusy),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each kind is as long as its bytes encode, fits the contract's bound, and is new each time.
    #[test]
    fn issued_values_are_their_kind_s_length_and_never_repeat() {
        fn check<T: Issued + Into<String>>(chars: usize) {
            let (first, second): (String, String) = (T::issue().into(), T::issue().into());
            assert_eq!(first.len(), chars);
            assert!(chars <= contract::MAX_OPAQUE_CHARS);
            assert_ne!(first, second);
        }
        check::<contract::CheckId>(22);
        check::<contract::Ticket>(32);
        check::<contract::ResetId>(22);
        check::<contract::ResetToken>(43);
    }

    #[test]
    fn hashes_in_kept_memory_read_as_argon2_s_own_both_ways() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let ours = hash_password("correct horse").unwrap_or_default();
        assert!(
            ours.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{ours}"
        );
        let parsed = PasswordHash::new(&ours).unwrap_or_else(|error| panic!("{error}"));
        assert!(argon2().verify_password(b"correct horse", &parsed).is_ok());
        let salt = SaltString::generate(&mut OsRng);
        let theirs = argon2()
            .hash_password(b"correct horse", &salt)
            .map(|hash| hash.to_string())
            .unwrap_or_default();
        for stored in [&ours, &theirs] {
            assert!(verify_password("correct horse", stored));
            assert!(!verify_password("correct horsf", stored));
        }
        assert!(!verify_password("correct horse", "not a hash"));
        assert_ne!(ours, hash_password("correct horse").unwrap_or_default());
    }

    #[test]
    fn a_keyed_digest_depends_on_the_key_and_on_where_parts_end() {
        let key = Key::random();
        assert_eq!(key.digest(&["a", "b"]), key.digest(&["a", "b"]));
        assert_ne!(key.digest(&["a", "b"]), key.digest(&["ab", ""]));
        assert_ne!(key.digest(&["a", "b"]), Key::random().digest(&["a", "b"]));
        assert_eq!(key.digest(&["a"]).len(), 64);
        assert!(Key::from_bytes(&[0; 31]).is_none());
    }

    /// A one-slot pool whose slot a job holds until the returned sender says go.
    async fn one_slot_taken() -> (
        HashingSlots,
        std::sync::mpsc::Sender<()>,
        tokio::task::JoinHandle<Result<(), HashingBusy>>,
    ) {
        let slots = HashingSlots::new(1);
        let (release, released) = std::sync::mpsc::channel::<()>();
        let running = tokio::spawn({
            let slots = slots.clone();
            async move {
                slots
                    .run(move || {
                        let _ = released.recv();
                    })
                    .await
            }
        });
        while slots.permits.available_permits() > 0 {
            tokio::task::yield_now().await;
        }
        (slots, release, running)
    }

    #[tokio::test]
    async fn a_job_waits_in_the_queue_for_a_slot_and_one_beyond_the_queue_is_busy_at_once() {
        let (slots, release, running) = one_slot_taken().await;
        let waiting = tokio::spawn({
            let slots = slots.clone();
            async move { slots.run(|| 42).await }
        });
        while slots.queue.available_permits() > 0 {
            tokio::task::yield_now().await;
        }
        let started = std::time::Instant::now();
        assert!(slots.run(|| 7).await.is_err());
        assert!(started.elapsed() < HASHING_WAIT / 2, "busy at once");
        release.send(()).unwrap();
        assert!(running.await.unwrap().is_ok());
        assert_eq!(waiting.await.unwrap().ok(), Some(42));
        assert_eq!(
            slots.queue.available_permits(),
            1,
            "the place is given back"
        );
    }

    #[tokio::test]
    async fn a_queued_job_is_busy_when_no_slot_comes_free_in_time() {
        let (slots, release, running) = one_slot_taken().await;
        let started = std::time::Instant::now();
        assert!(slots.run(|| ()).await.is_err());
        assert!(started.elapsed() >= HASHING_WAIT);
        assert_eq!(
            slots.queue.available_permits(),
            1,
            "the place is given back"
        );
        release.send(()).unwrap();
        assert!(running.await.unwrap().is_ok());
        assert_eq!(
            slots.run(|| 1).await.ok(),
            Some(1),
            "the slot is free again"
        );
    }
}
