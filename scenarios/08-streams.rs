//! 08 · streams: iter, map, filter, fold, collect, Ready(None)
//!
//! A stream is a future that can be Ready many times: poll answers Ready(Some(item)), NotReady, or
//! Ready(None) at its end. iter makes a stream of a list; map and filter transform it item by item;
//! fold and collect are futures that drive a stream to its end. Everything is ready at once here,
//! so each task needs a single poll: look at the enter/exit events to see the items flow and the
//! final Ready(None).
#![seed = 1]
#![expect {
    end_ms: 0,
    tasks: {
        sum_of_squares: { result: { ok: 56 }, completed_ms: 0, polls: 1 },
        collected: { result: { ok: ["A", "B", "C"] }, completed_ms: 0, polls: 1 },
    },
}]

use futures::sync::{mpsc, oneshot};
use futures::{future, stream, Future, Stream};
use std::time::Duration;
use tokio_core::reactor::{Core, Timeout};

fn main() {
    let mut core = Core::new().unwrap();
    let handle = core.handle();

    let sum_of_squares = stream::iter_ok(vec![1, 2, 3, 4, 5, 6])
        .filter(|x| (x % 2) == 0)
        .map(|x| x * x)
        .fold(0, |acc, x| acc + x);
    handle.spawn(sum_of_squares);

    let collected = stream::iter_ok(vec!["a", "b", "c"])
        .map(|s| s.to_uppercase())
        .collect();
    handle.spawn(collected);
}
