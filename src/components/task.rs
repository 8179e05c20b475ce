//! The page's background work: a task (`leptos::task::spawn_local`) that sets a signal
//! when it is done. Leptos' `LocalResource` and `Action` would do the same, but each
//! brings reactive types of its own: the last resource took reactive_graph's
//! async-derived code with it (about 9 kB of WebAssembly), the last action its action
//! code (about 3 kB). Nothing runs at build time: the prerender neither spawns the
//! configuration load (there is no window) nor runs effects.

use leptos::prelude::*;
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// Runs `work` in a task with `flag` set until it is done (a fetch on "show more", a
/// form's send), so the view can say so and disable its button. While `flag` is set
/// already this does nothing: a second click never starts a second fetch.
pub(crate) fn busy(flag: RwSignal<bool>, work: impl Future<Output = ()> + 'static) {
    busy_boxed(flag, Box::pin(work));
}

/// [`busy`] for any work: one copy of the task in the WebAssembly, not one per caller.
#[inline(never)]
fn busy_boxed(flag: RwSignal<bool>, work: Pin<Box<dyn Future<Output = ()>>>) {
    if flag.get_untracked() {
        return;
    }
    flag.set(true);
    leptos::task::spawn_local(async move {
        work.await;
        flag.set(false);
    });
}

/// Runs `work` in a task and puts what it yields into `target` (which stays `None`
/// until then).
pub(crate) fn load<T>(target: RwSignal<Option<T>>, work: impl Future<Output = T> + 'static)
where
    T: Send + Sync + 'static,
{
    leptos::task::spawn_local(async move { target.set(Some(work.await)) });
}

/// Loads into `target`, in a task, what `work` returns: `work` runs in an effect, so it
/// runs again when what it reads changes (the settled configuration), and returns `None`
/// while there is nothing to load yet (the configuration not read). Only the newest
/// run's answer is kept, so a slow answer to an older one never overwrites it.
pub(crate) fn load_on<T, F>(target: RwSignal<Option<T>>, work: impl Fn() -> Option<F> + 'static)
where
    T: Send + Sync + 'static,
    F: Future<Output = T> + 'static,
{
    let newest = Rc::new(Cell::new(0u64));
    super::reactive::effect(move || {
        let run = newest.get().wrapping_add(1);
        newest.set(run);
        let Some(answer) = work() else {
            return;
        };
        let newest = Rc::clone(&newest);
        leptos::task::spawn_local(async move {
            let answer = answer.await;
            if newest.get() == run {
                target.set(Some(answer));
            }
        });
    });
}
