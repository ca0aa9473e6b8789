//! 16 · task-local data
//!
//! Each task has its own task-local storage: a value set in one task is invisible in another, and
//! it lives as long as the task. Both tasks use the key "user"; each reads back its own value after
//! a delay, even though the two run interleaved on the same executor.
#![seed = 1]
#![expect {
    end_ms: 10,
    tasks: {
        alice: { result: { ok: "alice" }, completed_ms: 10 },
        bob: { result: { ok: "bob" }, completed_ms: 5 },
        nobody: { result: { ok: () }, completed_ms: 1 },
    },
}]

use futures::sync::{mpsc, oneshot};
use futures::{future, stream, Future, Stream};
use std::time::Duration;
use tokio_core::reactor::{Core, Timeout};

fn main() {
    let mut core = Core::new().unwrap();
    let handle = core.handle();

    let alice = local_set("user", "alice")
        .and_then(|_| Timeout::new(Duration::from_millis(10), &handle).unwrap())
        .and_then(|_| local_get("user"));
    handle.spawn(alice);

    let bob = local_set("user", "bob")
        .and_then(|_| Timeout::new(Duration::from_millis(5), &handle).unwrap())
        .and_then(|_| local_get("user"));
    handle.spawn(bob);

    let nobody = Timeout::new(Duration::from_millis(1), &handle).unwrap()
        .and_then(|_| local_get("user"));
    handle.spawn(nobody);
}
