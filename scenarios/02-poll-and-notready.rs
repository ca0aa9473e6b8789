//! 02 · poll and NotReady: one delay
//!
//! A future does nothing until it is polled. The executor polls task main once: the Delay registers
//! a timer for 10 ms, takes the task's handle (park) and answers NotReady. Nothing else is ready,
//! so the clock jumps to 10 ms, the timer fires and unparks main, and the second poll finds the
//! Delay Ready. Two task-level polls, one unpark: that is the whole contract of NotReady.
#![seed = 1]
#![expect {
    end_ms: 10,
    tasks: { main: { result: { ok: 42 }, completed_ms: 10, polls: 2, unparks: 1 } },
}]

use futures::sync::{mpsc, oneshot};
use futures::{future, stream, Future, Stream};
use std::time::Duration;
use tokio_core::reactor::{Core, Timeout};

fn main() {
    let mut core = Core::new().unwrap();
    let handle = core.handle();

    // note(main, poll 1): First poll: the Delay has never been polled, so it sets its timer now —
    // not when it was built.
    // note(main, poll 2): The timer woke the task: this poll finds the deadline reached, and Map
    // applies its function to the Delay's ().
    let main = Timeout::new(Duration::from_millis(10), &handle).unwrap()
        .map(|_| 42);
    handle.spawn(main);
}
