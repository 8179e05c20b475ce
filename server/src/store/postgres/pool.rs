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
/// The longest a new connection may take (unless the URL says `connect_timeout`).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long sent data may stay unacknowledged before the connection counts as lost
/// (unless the URL says `tcp_user_timeout`), so a database that vanished without a
/// word (failover, a cut network) fails requests with 503 instead of hanging them.
pub const TCP_USER_TIMEOUT: Duration = Duration::from_secs(15);
/// A connection idle longer than this is checked before use.
pub const CHECK_IDLE_AFTER: Duration = Duration::from_millis(500);
/// The longest that check may take.
pub const CHECK_TIMEOUT: Duration = Duration::from_secs(2);
/// Idle time before TCP keepalive probes start (the system default is two hours).
pub const KEEPALIVE_IDLE: Duration = Duration::from_secs(30);

struct Slots {
    idle: Vec<(Client, Instant)>,
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
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    if config.get_tcp_user_timeout().is_none() {
        config.tcp_user_timeout(TCP_USER_TIMEOUT);
    }
    config.keepalives(true).keepalives_idle(KEEPALIVE_IDLE);
    config.connect(NoTls).map_err(StoreError::from)
}

/// Whether `client`, idle since `since`, can be used: one that sat idle a while is
/// checked with a no-op query first, so a connection the database closed meanwhile (a
/// restart, a failover) is replaced instead of failing the request.
pub fn usable(client: &mut Client, since: Instant) -> bool {
    if client.is_closed() {
        return false;
    }
    since.elapsed() < CHECK_IDLE_AFTER || client.is_valid(CHECK_TIMEOUT).is_ok()
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
            if let Some((mut client, since)) = slots.idle.pop() {
                drop(slots);
                if usable(&mut client, since) {
                    return Ok(client);
                }
                drop(client);
                slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
                slots.open = slots.open.saturating_sub(1);
                continue;
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
        slots.idle.push((client, Instant::now()));
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
