//! 27 · a future by hand that notifies itself every poll
//!
//! The same Countdown again, now with task::current().notify() in place of sending the handle to
//! the clock: "poll me again at once". The executor obliges: the task goes straight back to the
//! ready queue, is polled, finds that the clock has not reached 10 ms, notifies itself again —
//! and so on. But this executor's virtual clock moves only when the ready queue is empty (its
//! scheduling rule, not a rule of futures), and it never is again: the countdown waits for time
//! that its own spinning keeps from passing. On a real clock the 10 ms would pass, spent burning a
//! CPU core on polls that do nothing. The detector reports the busy loop after 32 quiet polls, and
//! the run stops at its limit of 100 steps. Lesson 25's way costs four polls in all: a NotReady
//! must leave the handle with whatever will happen, not ask for another poll now.
#![seed = 1]
#![limits { steps: 100 }]
#![expect {
    end_ms: 0,
    stop: "step_limit",
    steps: 100,
    tasks: {
        countdown: { result: "stuck", polls: 99, unparks: 99 },
        clock: { result: "stuck", polls: 1, unparks: 0 },
    },
    diagnostics: [{ diag: "busy_loop", task: "countdown", poll: 32, step: 33, at_ms: 0 }],
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
        // In place of lesson 25's send to the clock: "poll me again at once".
        task::current().notify();
        Ok(Async::NotReady)
    }
}

fn main() {
    let mut core = Core::new().unwrap();
    let handle = core.handle();
    let (clock_tx, clock) = mpsc::unbounded();

    // note(countdown, poll 1): Countdown prints 3, sets at to 10, then calls
    // task::current().notify() and answers NotReady: its own task is unparked in its own poll, so
    // it goes straight back to the end of the ready queue.
    // note(countdown, poll 2): The clock is still at 0 ms, below at (10): Countdown notifies itself
    // and answers NotReady again. The ready queue is never empty, so the virtual clock can never
    // jump to 10 ms.
    // note(countdown, poll 32): 32 polls in a row in which the task only woke itself: the detector
    // reports the busy loop. The run goes on spinning until its step limit of 100.
    let countdown = Countdown { n: 3, at: 0, clock: clock_tx };
    handle.spawn(countdown);

    // task: clock, daemon
    handle.spawn(clock.for_each(|(task, at)| delay_until(at).map(|_| task.notify())));
}
