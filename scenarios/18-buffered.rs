//! 18 · buffered vs buffer_unordered
//!
//! A stream of futures can run several of them at once. buffered(2) runs up to two and yields
//! results in input order: a fast job that finishes early waits for the slower one before it.
//! buffer_unordered(2) yields each result as soon as it is ready. Same jobs (30, 10, 20 ms), same
//! limit: compare the orders and the times.
#![seed = 1]
#![expect {
    end_ms: 50,
    tasks: {
        ordered: { result: { ok: [30, 10, 20] }, completed_ms: 50, polls: 6 },
        unordered: { result: { ok: [10, 30, 20] }, completed_ms: 30, polls: 4 },
    },
}]

use futures::sync::{mpsc, oneshot};
use futures::{future, stream, Future, Stream};
use std::time::Duration;
use tokio_core::reactor::{Core, Timeout};

fn main() {
    let mut core = Core::new().unwrap();
    let handle = core.handle();

    // note(ordered, poll 2): 10 ms: the second job is done, but buffered yields in input order: its
    // 10 waits for the first job's 30.
    let ordered = stream::iter_ok(vec![30, 10, 20])
        .map(|ms| Timeout::new(Duration::from_millis(ms), &handle).unwrap()
            .map(|_| ms)
            .future())
        .buffered(2)
        .collect();
    handle.spawn(ordered);

    // note(unordered, poll 2): 10 ms: buffer_unordered yields the 10 at once and starts the third
    // job in its place.
    let unordered = stream::iter_ok(vec![30, 10, 20])
        .map(|ms| Timeout::new(Duration::from_millis(ms), &handle).unwrap()
            .map(|_| ms)
            .future())
        .buffer_unordered(2)
        .collect();
    handle.spawn(unordered);
}
