//! 28 · a stream by hand: Ticks
//!
//! A stream is written by hand the same way as a future, with impl Stream: its poll answers
//! Ok(Async::Ready(Some(item))) for an item, Ok(Async::Ready(None)) at the end, NotReady or Err.
//! Ticks yields n, n-1, …, 1, one every 10 ms. It keeps the count and a Delay in its fields, and
//! its poll polls that Delay itself — match self.timer.poll() — so the Delay's poll nests
//! inside Ticks' poll in the trace. When the Delay is NotReady, Ticks answers NotReady too, and
//! that is allowed: the Delay took the task's handle and set a timer, so the wakeup is arranged —
//! by the inner future, which is how most hand-written futures keep the contract. When the Delay is
//! Ready, Ticks yields the count and puts a fresh Delay in the field (the old one is dropped).
//! collect() polls Ticks again in the same poll, so the fresh Delay sets its timer at once. Three
//! items at 10, 20 and 30 ms, then Ready(None), and collect gives [3, 2, 1].
#![seed = 1]
#![expect {
    end_ms: 30,
    stop: "completed",
    steps: 4,
    tasks: { ticks: { result: { ok: [3, 2, 1] }, completed_ms: 30, polls: 4, unparks: 3 } },
}]

extern crate futures;
extern crate tokio_core;

use std::time::Duration;

use futures::{Async, Poll, Stream};
use tokio_core::reactor::Core;

// Counts down from n, one item every 10 ms. Delay::new(d) is a timer future of d, as
// tokio-timer's; the stream keeps the one it waits on in its own field.
struct Ticks {
    n: u32,
    timer: Delay,
}

impl Stream for Ticks {
    type Item = u32;
    type Error = ();

    fn poll(&mut self) -> Poll<Option<u32>, ()> {
        if self.n == 0 {
            return Ok(Async::Ready(None));
        }
        match self.timer.poll() {
            Ok(Async::Ready(_)) => {
                let item = self.n;
                self.n = self.n - 1;
                self.timer = Delay::new(Duration::from_millis(10));
                return Ok(Async::Ready(Some(item)));
            }
            Ok(Async::NotReady) => return Ok(Async::NotReady),
            Err(e) => return Err(e),
        }
    }
}

fn main() {
    let mut core = Core::new().unwrap();
    let handle = core.handle();

    // note(ticks, poll 1): collect polls Ticks, and Ticks' poll polls the Delay in its timer field:
    // the Delay's enter and exit nest inside Ticks'. The Delay sets timer #1 and takes the task's
    // handle, answers NotReady, and the match's not_ready arm passes that NotReady on.
    // note(ticks, poll 2): At 10 ms the Delay is Ready: the ready arm yields 3 and puts a fresh
    // Delay in the field. collect asks for the next item in the same poll, so the new Delay sets
    // timer #2 right away, and Ticks answers NotReady again.
    // note(ticks, poll 4): At 30 ms Ticks yields 1, its count is 0, and the next poll in the same
    // task-level poll answers Ready(None): the stream has ended and collect resolves to [3, 2, 1].
    let ticks = Ticks { n: 3, timer: Delay::new(Duration::from_millis(10)) }.collect();
    handle.spawn(ticks);
}
