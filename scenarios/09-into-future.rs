//! 09 · into_future: one item, and the rest of the stream
//!
//! stream.into_future() is a future of the stream's next item together with the stream itself:
//! (Some(item), rest) — here (first item, rest) — or ((), rest) when the stream has ended. The
//! rest is the same stream, not a copy: continuing with it picks up where the first poll stopped.
//! The interval yields 1 at 10 ms; the rest is then collected after taking two more items, at 20
//! and 30 ms.
#![seed = 1]
#![expect {
    end_ms: 30,
    tasks: { main: { result: { ok: { tuple: [1, [2, 3]] } }, completed_ms: 30 } },
}]

use futures::sync::{mpsc, oneshot};
use futures::{future, stream, Future, Stream};
use std::time::Duration;
use tokio_core::reactor::{Core, Timeout};

fn main() {
    let mut core = Core::new().unwrap();
    let handle = core.handle();

    let main = Interval::new(Duration::from_millis(10), &handle).unwrap()
        .into_future()
        .and_then(|(first, rest)| rest.take(2).collect().map(|later| (first, later)));
    handle.spawn(main);
}
