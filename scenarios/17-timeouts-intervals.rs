//! 17 · timeouts and intervals
//!
//! timeout(d) races a future against a timer: Elapsed if the deadline comes first; otherwise the
//! future's value, and the timer is cancelled. interval(d) is a stream that yields 1, 2, 3, …
//! once per period. Task slow times out at 50 ms (its 100 ms delay is dropped, so the clock never
//! reaches 100 ms); task quick finishes at 20 ms; task ticks takes three ticks.
#![seed = 1]
#![expect {
    end_ms: 50,
    tasks: {
        slow: { result: { err: "Elapsed" }, completed_ms: 50 },
        quick: { result: { ok: "made it" }, completed_ms: 20 },
        ticks: { result: { ok: [1, 2, 3] }, completed_ms: 45 },
    },
}]

use futures::sync::{mpsc, oneshot};
use futures::{future, stream, Future, Stream};
use std::time::Duration;
use tokio_core::reactor::{Core, Timeout};

fn main() {
    let mut core = Core::new().unwrap();
    let handle = core.handle();

    let slow = Timeout::new(Duration::from_millis(100), &handle).unwrap()
        .map(|_| "made it")
        .timeout(Duration::from_millis(50));
    handle.spawn(slow);

    let quick = Timeout::new(Duration::from_millis(20), &handle).unwrap()
        .map(|_| "made it")
        .timeout(Duration::from_millis(50));
    handle.spawn(quick);

    let ticks = Interval::new(Duration::from_millis(15), &handle).unwrap()
        .take(3)
        .collect();
    handle.spawn(ticks);
}
