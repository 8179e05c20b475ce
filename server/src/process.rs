//! The server's panic strategy, chosen once for every build: a panic anywhere (a request
//! handler, a library, the writer thread) is logged and ends the process, as the
//! workspace's release profile (`panic = "abort"`, shared with the page; Cargo cannot set
//! `panic` per package) does anyway. Test and debug builds, which unwind, get the same
//! behaviour from [`abort_on_panic`], so the tests run what is deployed.
//!
//! Why not unwind and keep serving: a panic mid-write could leave the writer thread dead
//! behind a live listener that answers every post with 503. Exiting is safe for data
//! (an answer is only sent after its commit, so nothing acknowledged is lost) and a
//! supervisor (`Restart=always` in systemd) brings the server back in a second.

/// Makes every panic print its message (the default hook) and abort the process.
pub fn abort_on_panic() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        default(info);
        tracing::error!("panic: the server stops (a supervisor should restart it)");
        std::process::abort();
    }));
}
