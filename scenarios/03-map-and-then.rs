//! 03 · map and and_then: AndThen's states
//!
//! map(f) changes a future's value when it is Ready; and_then(f) runs a second future made from the
//! first one's value. AndThen is a state machine: in state First it polls the first future; when
//! that is Ready it calls the closure, drops the first future, moves to Second and polls the new
//! future in the same poll. Here: wait 20 ms, then a second delay of 15 ms chosen by the closure,
//! then map adds 1. Three task-level polls: the start, the first timer, the second timer.
#![seed = 1]
#![expect {
    end_ms: 35,
    tasks: { main: { result: { ok: 36 }, completed_ms: 35, polls: 3, unparks: 2 } },
}]

use futures::sync::{mpsc, oneshot};
use futures::{future, stream, Future, Stream};
use std::time::Duration;
use tokio_core::reactor::{Core, Timeout};

fn main() {
    let mut core = Core::new().unwrap();
    let handle = core.handle();

    // note(main, poll 1): AndThen starts in state First: only the first delay is polled; the second
    // future does not exist yet.
    // note(main, poll 2): The first delay is Ready: AndThen calls the closure with 20, moves to
    // Second and polls the new delay in this same poll.
    // note(main, complete): The outer Map adds 1 to AndThen's 35: 36.
    let main = Timeout::new(Duration::from_millis(20), &handle).unwrap()
        .map(|_| 20)
        .and_then(|x| Timeout::new(Duration::from_millis(15), &handle).unwrap()
            .map(|_| x + 15))
        .map(|total| total + 1);
    handle.spawn(main);
}
