//! 04 · join: two futures at once
//!
//! join(a, b) polls both futures in one task and is Ready when both are, with both values. The
//! delays run at the same time: the task finishes at 30 ms, not 40. Each poll of Join polls only
//! the sides that are not done yet; the side that finished keeps its value inside the Join.
#![seed = 1]
#![expect {
    end_ms: 30,
    tasks: {
        main: { result: { ok: { tuple: [1, 2] } }, completed_ms: 30, polls: 3, unparks: 2 },
    },
}]

use futures::sync::{mpsc, oneshot};
use futures::{future, stream, Future, Stream};
use std::time::Duration;
use tokio_core::reactor::{Core, Timeout};

fn main() {
    let mut core = Core::new().unwrap();
    let handle = core.handle();

    // note(main, poll 1): Join polls both sides: both delays set their timers, both take the task's
    // handle.
    // note(main, poll 2): 10 ms: the second side is Ready with 2; Join keeps it and is still
    // NotReady, waiting for the first.
    // note(main, poll 3): 30 ms: the first side is Ready; Join has both values.
    let main = join(Timeout::new(Duration::from_millis(30), &handle).unwrap()
        .map(|_| 1), Timeout::new(Duration::from_millis(10), &handle).unwrap()
        .map(|_| 2));
    handle.spawn(main);
}
