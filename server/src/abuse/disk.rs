//! The disk guard: writes are refused while free space on the database's filesystem is
//! under a threshold, so a flood cannot fill the disk (and break every later write).
//! Free space is read (`statvfs`) at most once a second.

use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How long one reading of free space is trusted.
pub const RECHECK: Duration = Duration::from_secs(1);

/// Where free space is read from.
pub trait FreeSpace: Send + Sync + std::fmt::Debug {
    /// Bytes available to this (unprivileged) process.
    fn free_bytes(&self) -> std::io::Result<u64>;
}

/// The real filesystem of a path, via `statvfs`.
#[derive(Debug)]
pub struct Statvfs(pub PathBuf);

impl FreeSpace for Statvfs {
    fn free_bytes(&self) -> std::io::Result<u64> {
        let stat = rustix::fs::statvfs(&self.0)?;
        Ok(stat.f_bavail.saturating_mul(stat.f_frsize))
    }
}

/// Test builds only (`debug_assertions`): a file holding the free space in MiB, read
/// instead of the filesystem, named by `SOLIDARITY_TEST_FREE_SPACE_FILE`. Release builds
/// ignore the variable. It lets the integration tests simulate a full disk.
#[derive(Debug)]
pub struct SimulatedFile(pub PathBuf);

impl FreeSpace for SimulatedFile {
    fn free_bytes(&self) -> std::io::Result<u64> {
        let text = std::fs::read_to_string(&self.0)?;
        let mib: u64 = text.trim().parse().map_err(std::io::Error::other)?;
        Ok(mib.saturating_mul(1024 * 1024))
    }
}

/// The guard: a source, a threshold and the last reading.
#[derive(Debug)]
pub struct DiskGuard {
    source: Box<dyn FreeSpace>,
    min_bytes: u64,
    last: Mutex<Option<(Instant, bool)>>,
}

impl DiskGuard {
    /// Refuses writes under `min_mib` MiB free (0: never).
    pub fn new(source: Box<dyn FreeSpace>, min_mib: u64) -> Self {
        Self {
            source,
            min_bytes: min_mib.saturating_mul(1024 * 1024),
            last: Mutex::new(None),
        }
    }

    /// The guard for the filesystem holding `db` (or the test override, see
    /// [`SimulatedFile`]).
    pub fn for_database(db: &std::path::Path, min_mib: u64) -> Self {
        #[cfg(debug_assertions)]
        if let Some(file) = std::env::var_os("SOLIDARITY_TEST_FREE_SPACE_FILE") {
            return Self::new(Box::new(SimulatedFile(file.into())), min_mib);
        }
        let dir = match db.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Self::new(Box::new(Statvfs(dir)), min_mib)
    }

    /// Whether there is room for a write (a failed reading counts as room: the write
    /// itself will then report any real error).
    pub fn room_at(&self, now: Instant) -> bool {
        if self.min_bytes == 0 {
            return true;
        }
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((at, room)) = *last {
            if now.saturating_duration_since(at) < RECHECK {
                return room;
            }
        }
        let room = match self.source.free_bytes() {
            Ok(free) => free >= self.min_bytes,
            Err(error) => {
                tracing::warn!("could not read free disk space: {error}");
                true
            }
        };
        if !room {
            tracing::error!("free disk space is under the threshold: refusing writes");
        }
        *last = Some((now, room));
        room
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Arc;

    #[derive(Debug)]
    struct Fake(Arc<AtomicU64>);

    impl FreeSpace for Fake {
        fn free_bytes(&self) -> std::io::Result<u64> {
            Ok(self.0.load(Ordering::SeqCst))
        }
    }

    #[test]
    fn refuses_under_the_threshold_and_rechecks_each_second() {
        let free = Arc::new(AtomicU64::new(200 * 1024 * 1024));
        let guard = DiskGuard::new(Box::new(Fake(free.clone())), 100);
        let now = Instant::now();
        assert!(guard.room_at(now));
        free.store(10 * 1024 * 1024, Ordering::SeqCst);
        assert!(guard.room_at(now + Duration::from_millis(500)), "cached");
        assert!(!guard.room_at(now + RECHECK));
    }

    #[test]
    fn the_real_filesystem_has_some_room() {
        let free = Statvfs(std::env::temp_dir()).free_bytes().expect("statvfs");
        assert!(free > 0);
    }
}
