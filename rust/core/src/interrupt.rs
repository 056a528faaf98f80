//! Stopping long work on request (Ctrl-C).
//!
//! The binding raises a flag when the user interrupts; long computations
//! call [`check`] between chunks of parallel work and return
//! [`Error::Interrupted`] once it is raised. The flag is process-wide: an
//! interrupt stops every computation running at that moment, as Ctrl-C
//! means to. A chunk is small enough (at most a few milliseconds of work)
//! that the answer comes well within a second.

use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::{Error, Result};

static REQUESTED: AtomicBool = AtomicBool::new(false);

/// Asks every running computation to stop.
pub fn request() {
    REQUESTED.store(true, Ordering::Relaxed);
}

/// Clears a request (once the interrupted call has returned).
pub fn clear() {
    REQUESTED.store(false, Ordering::Relaxed);
}

/// Whether a stop was requested.
#[inline]
pub fn requested() -> bool {
    REQUESTED.load(Ordering::Relaxed)
}

/// `Err(Interrupted)` if a stop was requested.
#[inline]
pub fn check() -> Result<()> {
    if requested() {
        Err(Error::Interrupted)
    } else {
        Ok(())
    }
}
