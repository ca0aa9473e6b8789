//! 25 · writing a future by hand: a countdown that arranges its wakeup
//!
//! Until now every future came from the library. Here is one written by hand, as the guide's "The
//! Future trait" section describes: a struct Countdown with three fields (n, the count; at, the
//! time in ms of the next tick; clock, the sender of a channel) and a poll() of a few statements.
//! Each poll checks the clock: when it has reached `at`, the countdown prints n, counts down and
//! moves `at` 10 ms on; once n is 0 it answers Ready("liftoff"). Otherwise — and this is the
//! contract of NotReady — before answering NotReady it must arrange to be woken. It takes its
//! task's handle with task::current() and sends it, with the time it wants, to the clock task; the
//! clock waits until that time (delay_until) and calls notify() on the handle. The trace shows
//! Countdown as a future like any other: its poll, its state (the answer of its last poll), the
//! park when it takes the handle, and the unpark that comes from the clock task at 10, 20 and 30
//! ms.
#![seed = 1]
#![expect {
    end_ms: 30,
    stop: "completed",
    steps: 10,
    tasks: {
        countdown: { result: { ok: "liftoff" }, completed_ms: 30, polls: 4, unparks: 3 },
        clock: { result: "stuck", polls: 6, unparks: 5 },
    },
}]

extern crate futures;
extern crate tokio_core;

use futures::sync::mpsc::{self, UnboundedSender};
use futures::task::{self, Task};
use futures::{Async, Future, Poll, Stream};
use tokio_core::reactor::Core;

// A countdown from n, one tick every 10 ms, that keeps the promise of NotReady by hand.
struct Countdown {
    n: u32,
    // When the next tick is due, in ms of the clock.
    at: u64,
    // Where the countdown sends its task's handle, with the time it wants to be woken.
    clock: UnboundedSender<(Task, u64)>,
}

impl Future for Countdown {
    type Item = &'static str;
    type Error = ();

    fn poll(&mut self) -> Poll<&'static str, ()> {
        // note(countdown, poll 1): Countdown's own poll runs: the clock (0 ms) has reached at (0),
        // so it prints 3, counts down to 2 and moves at to 10. Then the line that keeps the
        // promise: task::current() takes countdown's handle (the park event) and unbounded_send
        // hands it, with the time 10, to the clock task. Only then does it answer NotReady.
        if now_ms() >= self.at {
            if self.n == 0 {
                // note(countdown, poll 4): At 30 ms n is 0: Countdown answers Ready("liftoff") and
                // the task completes. Four polls for three ticks — each poll was asked for by a
                // notify, none was wasted.
                return Ok(Async::Ready("liftoff"));
            }
            println!("{}", self.n);
            self.n = self.n - 1;
            self.at = self.at + 10;
        }
        // The line that keeps the promise: without it, nobody could ever wake this task.
        self.clock.unbounded_send((task::current(), self.at)).unwrap();
        Ok(Async::NotReady)
    }
}

fn main() {
    let mut core = Core::new().unwrap();
    let handle = core.handle();
    let (clock_tx, clock) = mpsc::unbounded();
    // note(countdown, poll 2): At 10 ms the timer woke the clock task, whose map called notify() on
    // countdown's handle: the unpark event comes from task clock. Countdown is polled again, prints
    // 2, and sends a new handle for 20 ms.
    let countdown = Countdown { n: 3, at: 0, clock: clock_tx };
    handle.spawn(countdown);
    // note(clock, poll 1): The clock task receives (handle, 10) and waits with delay_until(10):
    // timer #1 holds the clock task's own handle, and the clock keeps countdown's handle in its
    // closure until the timer fires.
    // task: clock, daemon
    handle.spawn(clock.for_each(|(task, at)| delay_until(at).map(|_| task.notify())));
}
