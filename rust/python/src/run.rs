//! The one helper every heavy call goes through: release the GIL, run in the
//! right thread pool, answer Ctrl-C, never let a panic through, map the error.

use std::collections::HashMap;
use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use imbcore_core::{interrupt, Error};
use pyo3::prelude::*;

use crate::errors::{imbcore_error, to_py};

/// How often a waiting call looks for signals: well within the second that
/// Ctrl-C must be answered in, and cheap (one GIL round trip).
const SIGNAL_POLL: Duration = Duration::from_millis(50);

/// Thread pools by size, built on first use and kept.
fn pool(n_jobs: usize) -> PyResult<Arc<rayon::ThreadPool>> {
    static POOLS: OnceLock<Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>> = OnceLock::new();
    let pools = POOLS.get_or_init(|| Mutex::new(HashMap::new()));
    let mut pools = pools
        .lock()
        .map_err(|_| imbcore_error("the thread-pool registry is poisoned"))?;
    if let Some(p) = pools.get(&n_jobs) {
        return Ok(p.clone());
    }
    let p = Arc::new(
        rayon::ThreadPoolBuilder::new()
            .num_threads(n_jobs)
            .build()
            .map_err(|e| imbcore_error(format!("cannot start {n_jobs} threads: {e}")))?,
    );
    pools.insert(n_jobs, p.clone());
    Ok(p)
}

/// Releases the GIL and runs `f` in a pool of `n_jobs` threads (if given;
/// else in the global pool, which `IMBCORE_NUM_THREADS` bounds), then maps
/// its error.
///
/// The work runs as a job of the pool while this thread waits for it and,
/// every [`SIGNAL_POLL`], lets Python run its signal handlers: on Ctrl-C the
/// core is asked to stop ([`interrupt::request`]), stops at its next check
/// between chunks, and the call raises `KeyboardInterrupt`. A panic, which
/// the core never means to raise, becomes an `ImbcoreError` rather than
/// crossing into Python.
pub fn run<T: Send>(
    py: Python<'_>,
    n_jobs: Option<usize>,
    f: impl FnOnce() -> Result<T, Error> + Send,
) -> PyResult<T> {
    let pool = match n_jobs {
        Some(0) => {
            return Err(to_py(Error::invalid(
                "n_jobs",
                0,
                "n_jobs must be >= 1 or None",
            )))
        }
        Some(n) => Some(pool(n)?),
        None => None,
    };
    let (result, signal) = py.detach(|| match &pool {
        Some(p) => p.in_place_scope(|scope| spawn_and_wait(scope, f)),
        None => rayon::in_place_scope(|scope| spawn_and_wait(scope, f)),
    });
    if let Some(e) = signal {
        interrupt::clear();
        return Err(e);
    }
    match result {
        Some(Ok(r)) => r.map_err(to_py),
        _ => Err(imbcore_error(
            "internal error: a computation failed unexpectedly; please report it with the input",
        )),
    }
}

/// What a job returned (None if it vanished) and the signal seen meanwhile.
type Outcome<T> = (Option<std::thread::Result<Result<T, Error>>>, Option<PyErr>);

/// Spawns `f` into `scope` and waits for it, polling for signals.
fn spawn_and_wait<'s, T, F>(scope: &rayon::Scope<'s>, f: F) -> Outcome<T>
where
    T: Send + 's,
    F: FnOnce() -> Result<T, Error> + Send + 's,
{
    let (tx, rx) = mpsc::channel();
    scope.spawn(move |_| {
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
        let _ = tx.send(r);
    });
    let mut signal: Option<PyErr> = None;
    loop {
        match rx.recv_timeout(SIGNAL_POLL) {
            Ok(r) => return (Some(r), signal),
            Err(mpsc::RecvTimeoutError::Disconnected) => return (None, signal),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if signal.is_none() {
                    if let Err(e) = Python::attach(|py| py.check_signals()) {
                        interrupt::request();
                        signal = Some(e);
                    }
                }
            }
        }
    }
}
