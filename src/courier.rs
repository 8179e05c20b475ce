//! Drives the outbox in the browser: keeps it in this tab's sessionStorage (its entries
//! carry the reader's name and e-mail, which never go to localStorage: review M8), sends
//! due entries under a Web Lock, retries on a timer, and resumes on `online` and after a
//! reload. An unreachable endpoint is followed by the configured fallbacks.
//! One courier per page, shared by every instance on it.

use crate::api::{self, ApiError};
use crate::delivery::{Entry, Kind, Outbox, Settled, State};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

const OUTBOX_KEY: &str = "solidarity.outbox";
const LOCK_NAME: &str = "solidarity-outbox";

/// Where a submitted message or comment stands, as the reader should be told.
#[derive(Clone, Debug, PartialEq)]
pub enum Progress {
    /// Not in the outbox and not delivered in this visit.
    Unknown,
    Sending,
    /// Saved; the connection is down. Sent when it returns.
    Offline,
    /// Saved; will be tried again automatically.
    Waiting {
        error: Option<ApiError>,
    },
    /// Refused, or out of automatic attempts: waits for the reader.
    Stopped {
        error: Option<ApiError>,
    },
    Delivered {
        status: u16,
        body: String,
    },
}

/// An entry delivered during this visit, with the backend's answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Delivery {
    pub id: String,
    pub kind: Kind,
    pub status: u16,
    pub body: String,
}

/// The page's courier. Cheap to clone; signals are reference-counted so they outlive
/// any one instance.
#[derive(Clone)]
pub struct Courier {
    pub entries: ArcRwSignal<Vec<Entry>>,
    /// Deliveries any tab recorded in the stored outbox (ids and statuses only).
    recent: ArcRwSignal<Vec<crate::delivery::DeliveredRecord>>,
    pub delivered: ArcRwSignal<Vec<Delivery>>,
    pub online: ArcRwSignal<bool>,
    owner: Rc<String>,
    flushing: Rc<Cell<bool>>,
    again: Rc<Cell<bool>>,
    timer: Rc<RefCell<Option<gloo_timers::callback::Timeout>>>,
    memory: Rc<RefCell<Outbox>>,
}

thread_local! {
    static COURIER: RefCell<Option<Courier>> = const { RefCell::new(None) };
    /// Set by the quick exit: leaving must never stop at "leave this site?".
    static LEAVING: Cell<bool> = const { Cell::new(false) };
}

/// The reader is leaving quickly: no warning about what waits in the outbox.
pub fn leaving() {
    LEAVING.with(|cell| cell.set(true));
}

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

fn storage() -> Option<web_sys::Storage> {
    let session = crate::device::session()?;
    // An outbox an older version left in localStorage moves into this tab.
    if let Some(local) = crate::device::local() {
        if let Ok(Some(text)) = local.get_item(OUTBOX_KEY) {
            if session.get_item(OUTBOX_KEY).ok().flatten().is_none() {
                let _ = session.set_item(OUTBOX_KEY, &text);
            }
            let _ = local.remove_item(OUTBOX_KEY);
        }
    }
    Some(session)
}

fn navigator_online() -> bool {
    crate::browser::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
}

impl Courier {
    /// The page's courier, created (and started) on first use.
    pub fn get() -> Courier {
        COURIER.with(|cell| {
            if let Some(courier) = cell.borrow().as_ref() {
                return courier.clone();
            }
            let courier = Courier::start();
            *cell.borrow_mut() = Some(courier.clone());
            courier
        })
    }

    fn start() -> Courier {
        let courier = Courier {
            entries: ArcRwSignal::new(Vec::new()),
            recent: ArcRwSignal::new(Vec::new()),
            delivered: ArcRwSignal::new(Vec::new()),
            online: ArcRwSignal::new(navigator_online()),
            owner: Rc::new(crate::ids::random_id()),
            flushing: Rc::new(Cell::new(false)),
            again: Rc::new(Cell::new(false)),
            timer: Rc::new(RefCell::new(None)),
            memory: Rc::new(RefCell::new(Outbox::default())),
        };
        if crate::browser::window().is_none() {
            // Prerendering at build time: nothing stored, nothing to send.
            return courier;
        }
        courier.mirror(courier.load());
        courier.listen();
        let first = courier.clone();
        leptos::task::spawn_local(async move { first.flush().await });
        courier
    }

    fn listen(&self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let on_online = {
            let courier = self.clone();
            Closure::<dyn Fn()>::new(move || {
                courier.online.set(true);
                courier.update(|outbox| outbox.wake_all(now_ms()));
                let courier = courier.clone();
                leptos::task::spawn_local(async move { courier.flush().await });
            })
        };
        let on_offline = {
            let online = self.online.clone();
            Closure::<dyn Fn()>::new(move || online.set(false))
        };
        let on_storage = {
            let courier = self.clone();
            Closure::<dyn Fn(web_sys::StorageEvent)>::new(move |event: web_sys::StorageEvent| {
                if event.key().as_deref() == Some(OUTBOX_KEY) {
                    courier.mirror(courier.load());
                    courier.schedule();
                }
            })
        };
        // Closing the tab loses what waits in this tab's outbox: the browser asks first.
        let on_unload = {
            let entries = self.entries.clone();
            Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
                if !entries.with_untracked(Vec::is_empty) && !LEAVING.with(Cell::get) {
                    event.prevent_default();
                    let _ = js_sys::Reflect::set(&event, &"returnValue".into(), &"".into());
                }
            })
        };
        let _ = window
            .add_event_listener_with_callback("beforeunload", on_unload.as_ref().unchecked_ref());
        on_unload.forget();
        let _ =
            window.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
        let _ =
            window.add_event_listener_with_callback("offline", on_offline.as_ref().unchecked_ref());
        let _ =
            window.add_event_listener_with_callback("storage", on_storage.as_ref().unchecked_ref());
        // The page-wide courier lives as long as the page.
        on_online.forget();
        on_offline.forget();
        on_storage.forget();
    }

    fn load(&self) -> Outbox {
        let Some(storage) = storage() else {
            return self.memory.borrow().clone();
        };
        match storage.get_item(OUTBOX_KEY).ok().flatten() {
            None => Outbox::default(),
            Some(text) => Outbox::from_text(&text).unwrap_or_else(|| {
                // Never overwrite what we cannot read: keep it for a person to recover.
                let _ = storage.set_item(&format!("{OUTBOX_KEY}.unreadable.{}", now_ms()), &text);
                Outbox::default()
            }),
        }
    }

    fn save(&self, outbox: &Outbox) {
        *self.memory.borrow_mut() = outbox.clone();
        if let Some(storage) = storage() {
            let text = outbox.to_text();
            let _ = if outbox.entries.is_empty() && outbox.delivered.is_empty() {
                storage.remove_item(OUTBOX_KEY)
            } else {
                storage.set_item(OUTBOX_KEY, &text)
            };
        }
    }

    /// Read, change and write the stored outbox in one step, then refresh the mirror.
    fn update<T>(&self, change: impl FnOnce(&mut Outbox) -> T) -> T {
        let mut outbox = self.load();
        let result = change(&mut outbox);
        self.save(&outbox);
        self.mirror(outbox);
        result
    }

    fn mirror(&self, outbox: Outbox) {
        self.entries.set(outbox.entries);
        self.recent.set(outbox.delivered);
    }

    /// Saves an entry to the outbox and tries to send everything due. Sending the same id
    /// again (the reader pressed the button twice) only makes it due now.
    pub async fn submit(&self, entry: Entry) -> Progress {
        let id = entry.id.clone();
        self.update(|outbox| {
            outbox.add(entry);
            outbox.retry_now(&id, now_ms());
        });
        self.flush().await;
        self.progress_untracked(&id)
    }

    pub fn retry_now(&self, id: &str) {
        self.update(|outbox| outbox.retry_now(id, now_ms()));
        let courier = self.clone();
        leptos::task::spawn_local(async move { courier.flush().await });
    }

    /// Forgets every entry (the reader cleared what the page stored on this device).
    pub fn forget_all(&self) {
        *self.memory.borrow_mut() = Outbox::default();
        self.mirror(Outbox::default());
        self.delivered.set(Vec::new());
        *self.timer.borrow_mut() = None;
    }

    pub fn delete(&self, id: &str) {
        self.update(|outbox| outbox.remove(id));
        self.schedule();
    }

    /// Sends every due entry, one at a time, holding the cross-tab lock so that two tabs
    /// never send the same entry at once.
    pub async fn flush(&self) {
        if self.flushing.replace(true) {
            self.again.set(true);
            return;
        }
        loop {
            self.again.set(false);
            if navigator_online() {
                self.online.set(true);
                let courier = self.clone();
                with_outbox_lock(move |exclusive| async move { courier.send_due(exclusive).await })
                    .await;
            } else {
                self.online.set(false);
            }
            if !self.again.get() {
                break;
            }
        }
        self.flushing.set(false);
        self.schedule();
    }

    async fn send_due(&self, exclusive: bool) {
        let claimed = self.update(|outbox| outbox.claim_due(&self.owner, now_ms(), exclusive));
        for entry in claimed {
            let result = deliver_with_fallbacks(&entry).await;
            let outcome = result.as_ref().map(|_| ()).map_err(Clone::clone);
            let status = result
                .as_ref()
                .map(|answer| answer.status)
                .unwrap_or_default();
            let settled = self.update(|outbox| {
                let settled = outbox.settle(&entry.id, &outcome, now_ms(), js_sys::Math::random());
                // Under "leave no trace" not even the id of a delivery is kept.
                if matches!(settled, Some(Settled::Delivered(_))) && !crate::device::no_trace() {
                    outbox.remember_delivery(&entry.id, status, now_ms());
                }
                settled
            });
            if let (Some(Settled::Delivered(_)), Ok(answer)) = (settled, result) {
                self.delivered.update(|list| {
                    list.push(Delivery {
                        id: entry.id.clone(),
                        kind: entry.kind.clone(),
                        status: answer.status,
                        body: answer.body,
                    })
                });
            }
        }
    }

    /// Wakes up when the next entry falls due.
    fn schedule(&self) {
        let next = self.load().next_due_ms();
        let timer = next.map(|due| {
            let delay = due.saturating_sub(now_ms()).min(u64::from(i32::MAX as u32)) as u32;
            let courier = self.clone();
            gloo_timers::callback::Timeout::new(delay.max(50), move || {
                leptos::task::spawn_local(async move { courier.flush().await });
            })
        });
        // Replacing the handle cancels the previous timer.
        *self.timer.borrow_mut() = timer;
    }

    /// Where entry `id` stands (reactive).
    pub fn progress(&self, id: &str) -> Progress {
        let delivered = self
            .delivered
            .with(|list| list.iter().find(|done| done.id == id).cloned());
        if let Some(Delivery { status, body, .. }) = delivered {
            return Progress::Delivered { status, body };
        }
        let elsewhere = self
            .recent
            .with(|records| records.iter().find(|r| r.id == id).map(|r| r.status));
        if let Some(status) = elsewhere {
            return Progress::Delivered {
                status,
                body: String::new(),
            };
        }
        let online = self.online.get();
        self.entries.with(
            |entries| match entries.iter().find(|entry| entry.id == id) {
                None => Progress::Unknown,
                Some(entry) => match &entry.state {
                    State::Sending { .. } => Progress::Sending,
                    State::Stopped => Progress::Stopped {
                        error: entry.last_error.clone(),
                    },
                    State::Waiting
                        if !online
                            || entry.last_error == Some(ApiError::Network)
                                && !navigator_online() =>
                    {
                        Progress::Offline
                    }
                    State::Waiting => Progress::Waiting {
                        error: entry.last_error.clone(),
                    },
                },
            },
        )
    }

    fn progress_untracked(&self, id: &str) -> Progress {
        untrack(|| self.progress(id))
    }
}

/// One attempt: the endpoint that answered earlier in this visit, the primary, then the
/// fallbacks, moving on only when one cannot be reached; the same body, id and
/// Idempotency-Key each time. The one that answered is remembered for the visit.
async fn deliver_with_fallbacks(entry: &Entry) -> Result<api::Answer, ApiError> {
    use crate::delivery::fallback;
    let primary = &entry.request.url;
    let key = fallback::remember_key(primary);
    let remembered = crate::device::read(&key);
    let mut last = Err(ApiError::Network);
    for url in fallback::candidates(primary, &entry.fallback_urls, remembered.as_deref()) {
        let mut request = entry.request.clone();
        request.url = url.clone();
        let result = api::deliver(request, entry.timeout_ms).await;
        if matches!(&result, Err(error) if fallback::try_next(error)) {
            last = result;
            continue;
        }
        if !entry.fallback_urls.is_empty() {
            crate::device::write(&key, crate::device::Place::Tab, &url);
        }
        return result;
    }
    last
}

/// Runs `work` while holding the page origin's Web Lock (cross-tab mutual exclusion);
/// `work` learns whether it holds the lock. Browsers without Web Locks (or insecure
/// contexts) fall back to the outbox's leases.
async fn with_outbox_lock<Work, Fut>(work: Work)
where
    Work: FnOnce(bool) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let Some(locks) = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|navigator| js_sys::Reflect::get(&navigator, &JsValue::from_str("locks")).ok())
        .filter(|locks| !locks.is_undefined() && !locks.is_null())
    else {
        work(false).await;
        return;
    };
    let request = js_sys::Reflect::get(&locks, &JsValue::from_str("request"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(request) = request else {
        work(false).await;
        return;
    };
    let mut release: Option<js_sys::Function> = None;
    let held_until = js_sys::Promise::new(&mut |resolve, _| release = Some(resolve));
    let mut acquired: Option<js_sys::Function> = None;
    let acquired_promise = js_sys::Promise::new(&mut |resolve, _| acquired = Some(resolve));
    let callback = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
        if let Some(acquired) = acquired {
            let _ = acquired.call0(&JsValue::NULL);
        }
        held_until.into()
    });
    if request
        .call2(&locks, &JsValue::from_str(LOCK_NAME), &callback)
        .is_err()
    {
        work(false).await;
        return;
    }
    let held = wasm_bindgen_futures::JsFuture::from(acquired_promise)
        .await
        .is_ok();
    work(held).await;
    if let Some(release) = release {
        let _ = release.call0(&JsValue::NULL);
    }
}
