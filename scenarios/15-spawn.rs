//! 15 · tasks and spawn
//!
//! A task is a future driven by the executor: it is polled when it is queued, and parked otherwise.
//! spawn() makes a new task from inside another: it goes to the back of the ready queue at once and
//! runs on its own — the spawning task does not wait for it. Here main spawns two workers (task-2
//! and task-3) and then waits 5 ms: main finishes first, at 5 ms, and the run goes on until the
//! workers finish at 10 and 20 ms.
#![seed = 1]
#![expect {
    end_ms: 20,
    tasks: {
        main: { result: { ok: "main done" }, completed_ms: 5, polls: 2 },
        "task-2": { result: { ok: "slow worker" }, completed_ms: 20, polls: 2 },
        "task-3": { result: { ok: "quick worker" }, completed_ms: 10, polls: 2 },
    },
}]

use futures::sync::{mpsc, oneshot};
use futures::{future, stream, Future, Stream};
use std::time::Duration;
use tokio_core::reactor::{Core, Timeout};

fn main() {
    let mut core = Core::new().unwrap();
    let handle = core.handle();

    let main = {
        handle.spawn(Timeout::new(Duration::from_millis(20), &handle).unwrap()
            .map(|_| "slow worker"));
        Ok(())
    }
        .and_then(|_| {
            handle.spawn(Timeout::new(Duration::from_millis(10), &handle).unwrap()
                .map(|_| "quick worker"));
            Ok(())
        })
        .and_then(|_| Timeout::new(Duration::from_millis(5), &handle).unwrap())
        .map(|_| "main done");
    handle.spawn(main);
}
