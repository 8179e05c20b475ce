//! A small pool of PostgreSQL connections that reconnects by itself: a connection that
//! broke is dropped, and the next request opens a new one. At most [`MAX_OPEN`] are
//! open at once; a request that finds none free waits up to [`WAIT`], then fails as
//! [`StoreError::Unavailable`] (answered 503 with `Retry-After`).

use super::super::StoreError;
use postgres::{Client, Config, NoTls};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Connections open at once (readers, tools' calls and the webhook task; the writer
/// thread has its own).
pub const MAX_OPEN: usize = 8;
/// The longest a request waits for a free connection.
pub const WAIT: Duration = Duration::from_secs(10);
/// The longest a new connection may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

struct Slots {
    idle: Vec<Client>,
    open: usize,
}

/// The pool.
pub struct Pool {
    config: Config,
    slots: Mutex<Slots>,
    freed: Condvar,
}

/// Opens one connection with the pool's timeouts.
pub fn connect(config: &Config) -> Result<Client, StoreError> {
    let mut config = config.clone();
    config.connect_timeout(CONNECT_TIMEOUT);
    config.connect(NoTls).map_err(StoreError::from)
}

impl Pool {
    /// A pool for `config` (no connection is opened yet).
    pub fn new(config: Config) -> Self {
        Self {
            config,
            slots: Mutex::new(Slots {
                idle: Vec::new(),
                open: 0,
            }),
            freed: Condvar::new(),
        }
    }

    /// The connection settings.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Runs `f` on a pooled connection. A connection that broke meanwhile is dropped.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Client) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut client = self.take()?;
        let result = f(&mut client);
        self.give_back(client);
        result
    }

    fn take(&self) -> Result<Client, StoreError> {
        let deadline = Instant::now() + WAIT;
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            while let Some(client) = slots.idle.pop() {
                if !client.is_closed() {
                    return Ok(client);
                }
                slots.open -= 1;
            }
            if slots.open < MAX_OPEN {
                slots.open += 1;
                drop(slots);
                return connect(&self.config).inspect_err(|_| self.release());
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(StoreError::Unavailable("every connection is busy".into()));
            }
            slots = self
                .freed
                .wait_timeout(slots, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    fn give_back(&self, client: Client) {
        if client.is_closed() {
            drop(client);
            self.release();
            return;
        }
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        slots.idle.push(client);
        self.freed.notify_one();
    }

    fn release(&self) {
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        slots.open = slots.open.saturating_sub(1);
        self.freed.notify_one();
    }
}

impl Drop for Pool {
    /// Each client owns a small runtime, which must not be dropped on an async worker
    /// thread (the server drops its state there): the idle ones go on a plain thread.
    fn drop(&mut self) {
        let slots = self.slots.get_mut().unwrap_or_else(PoisonError::into_inner);
        let idle = std::mem::take(&mut slots.idle);
        if !idle.is_empty() {
            let _ = std::thread::Builder::new()
                .name("pg-close".into())
                .spawn(move || drop(idle));
        }
    }
}
