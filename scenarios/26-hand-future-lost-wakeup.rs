//! 26 · a future by hand that forgets its wakeup
//!
//! The same Countdown as lesson 25, with one line left out: it no longer sends task::current() to
//! the clock. It still answers NotReady — but nobody holds its task's handle, so nobody can ever
//! notify it. The first poll prints 3 and answers NotReady; the clock task receives nothing and
//! waits forever; the countdown is never polled again. With no task ready and no timer set, the run
//! ends at 0 ms, idle. The detector reports the lost wakeup right at the poll where it happened and
//! names the future that answered NotReady — Countdown, the learner's own code — and at the end
//! says the task is stuck. Compare lesson 22, where the same bug is hidden in the library's
//! forgetful_delay.
#![seed = 1]
#![expect {
    end_ms: 0,
    stop: "idle",
    steps: 2,
    tasks: {
        countdown: { result: "stuck", polls: 1, unparks: 0 },
        clock: { result: "stuck", polls: 1, unparks: 0 },
    },
    diagnostics: [
        {
            diag: "lost_wakeup",
            task: "countdown",
            poll: 1,
            step: 1,
            at_ms: 0,
            contains: "Countdown #1 answered NotReady without taking the task's handle",
        },
        {
            diag: "stuck",
            task: "countdown",
            end: true,
            contains: "nothing holds its handle",
        },
    ],
}]

extern crate futures;
extern crate tokio_core;

use std::time::Duration;

use futures::sync::mpsc::{self, UnboundedSender};
use futures::task::{self, Task};
use futures::{Async, Future, Poll, Stream};
use tokio_core::reactor::Core;

// Lesson 25's Countdown: n, the count; at, the ms of the next tick; clock, the sender to the
// clock task.
struct Countdown {
    n: u32,
    at: u64,
    clock: UnboundedSender<(Task, u64)>,
}

impl Future for Countdown {
    type Item = &'static str;
    type Error = ();

    fn poll(&mut self) -> Poll<&'static str, ()> {
        if now_ms() >= self.at {
            if self.n == 0 {
                return Ok(Async::Ready("liftoff"));
            }
            println!("{}", self.n);
            self.n = self.n - 1;
            self.at = self.at + 10;
        }
        // Lesson 25 sent (task::current(), self.at) to the clock here. Without that line, nothing
        // holds this task's handle when it answers NotReady.
        Ok(Async::NotReady)
    }
}

fn main() {
    let mut core = Core::new().unwrap();
    let handle = core.handle();
    let (clock_tx, clock) = mpsc::unbounded();

    // note(countdown, poll 1): Countdown prints 3 and answers NotReady — with no task::current()
    // before it. Look at the wait event after the poll: nothing holds countdown's handle. The
    // detector names Countdown, the future that answered NotReady without arranging a wakeup.
    let countdown = Countdown { n: 3, at: 0, clock: clock_tx };
    handle.spawn(countdown);

    // note(clock, poll 1): The clock task waits for a handle on its channel. None will come: its
    // receiver holds only the clock task's own handle, and countdown's is nowhere.
    // task: clock, daemon
    handle.spawn(clock.for_each(|(task, at)| delay_until(at).map(|_| task.notify())));
}
