//! The single writer: a dedicated thread that owns this instance's one writing
//! connection (a [`Committer`] from the store, SQLite or PostgreSQL).
//!
//! Requests queue on a channel; the thread takes everything waiting (up to
//! [`MAX_BATCH`]), applies it in one transaction and commits once (group commit), then
//! answers each request. An answer is sent only after the commit is durable
//! (SQLite's `synchronous=FULL`, PostgreSQL's `COMMIT`), so an acknowledged message
//! survives a crash. One writer means no `SQLITE_BUSY` between writers of this process.
//!
//! The queue is bounded: when it is full a write is refused at once
//! ([`StoreError::QueueFull`], answered 503 with `Retry-After`) instead of growing memory
//! without limit; a write that was queued is always answered after its commit.

use crate::store::{self, StoreError};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;
use tokio::sync::oneshot;

pub use crate::store::write::{Committer, Options, Outcome, Write};

/// Most requests committed together.
pub const MAX_BATCH: usize = 256;
/// Writes that may wait in the queue when no other size is given.
pub const DEFAULT_QUEUE: usize = 1024;

type Reply = oneshot::Sender<Result<Outcome, StoreError>>;

/// A handle for sending writes to the writer thread; cheap to clone.
#[derive(Clone)]
pub struct Writer {
    tx: mpsc::SyncSender<(Write, Reply)>,
    depth: Arc<AtomicUsize>,
    capacity: usize,
}

impl Writer {
    /// Opens the writing connection to the SQLite file at `path` and starts the thread
    /// with a queue of `capacity` writes (at least 1). The thread ends when every handle
    /// is dropped.
    pub fn spawn(path: &Path, capacity: usize) -> Result<(Self, JoinHandle<()>), StoreError> {
        let conn = store::connect(path)?;
        Self::start(
            Box::new(store::write::SqliteCommitter(conn)),
            capacity,
            Options::default(),
        )
    }

    /// Starts the thread on `committer` (from [`store::Storage::committer`]), sealing and
    /// notifying as `options` say.
    pub fn start(
        mut committer: Box<dyn Committer>,
        capacity: usize,
        options: Options,
    ) -> Result<(Self, JoinHandle<()>), StoreError> {
        let capacity = capacity.max(1);
        let (tx, rx) = mpsc::sync_channel::<(Write, Reply)>(capacity);
        let depth = Arc::new(AtomicUsize::new(0));
        let taken = depth.clone();
        let handle = std::thread::Builder::new()
            .name("store-writer".into())
            .spawn(move || run(committer.as_mut(), rx, &taken, &options))
            .map_err(|_| StoreError::WriterGone)?;
        Ok((
            Self {
                tx,
                depth,
                capacity,
            },
            handle,
        ))
    }

    /// Queues a write and waits until it is committed; refuses at once when the queue
    /// is full.
    pub async fn write(&self, write: Write) -> Result<Outcome, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.depth.fetch_add(1, Ordering::SeqCst);
        if let Err(error) = self.tx.try_send((write, reply)) {
            self.depth.fetch_sub(1, Ordering::SeqCst);
            return Err(match error {
                mpsc::TrySendError::Full(_) => StoreError::QueueFull,
                mpsc::TrySendError::Disconnected(_) => StoreError::WriterGone,
            });
        }
        answer.await.map_err(|_| StoreError::WriterGone)?
    }

    /// Writes waiting in the queue now, and how many it holds.
    pub fn depth(&self) -> (usize, usize) {
        (self.depth.load(Ordering::SeqCst), self.capacity)
    }
}

fn run(
    committer: &mut dyn Committer,
    rx: mpsc::Receiver<(Write, Reply)>,
    depth: &AtomicUsize,
    options: &Options,
) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        depth.fetch_sub(batch.len(), Ordering::SeqCst);
        let (writes, replies): (Vec<_>, Vec<_>) = batch.into_iter().unzip();
        let results = match committer.commit(&writes, options) {
            Ok(outcomes) => outcomes.into_iter().map(Ok).collect(),
            // Something failed mid-batch: everything was rolled back; retry one by one
            // so a single bad write cannot fail its neighbours.
            Err(_) if writes.len() > 1 => writes
                .iter()
                .map(|write| {
                    committer
                        .commit(std::slice::from_ref(write), options)
                        .map(|mut o| o.remove(0))
                })
                .collect(),
            Err(error) => vec![Err(error)],
        };
        if let Some(notifier) = &options.notifier {
            notifier.wake();
        }
        for (reply, result) in replies.into_iter().zip(results) {
            if let Err(Err(error)) = reply.send(result) {
                tracing::warn!("write finished after its request was abandoned ({error})");
            }
        }
    }
}
