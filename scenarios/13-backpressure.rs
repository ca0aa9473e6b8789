//! 13 · a bounded channel pushes back on a fast producer
//!
//! An mpsc channel with capacity 1 holds one message (plus one slot per sender). The producer sends
//! 5 numbers as fast as it can; the consumer takes 10 ms per item. When the channel is full, the
//! value sent is still accepted — into the sender's own slot — but Send resolves to the sender only
//! once a sent value is consumed, so it returns NotReady and parks the producer: it sleeps until
//! the consumer takes an item. The producer's poll count and the chan_full events show the
//! pushback; it finishes long after it started, paced by the consumer.
#![seed = 1]
#![expect {
    end_ms: 50,
    tasks: {
        producer: { result: { ok: () }, completed_ms: 30, polls: 5, unparks: 4 },
        consumer: { result: { ok: 15 }, completed_ms: 50, polls: 6, unparks: 5 },
    },
}]


extern crate futures;
extern crate tokio_core;

use std::time::Duration;

use futures::stream::{self, Stream};
use futures::sync::mpsc;
use futures::Future;
use tokio_core::reactor::{Core, Timeout};

fn main() {
    let mut core = Core::new().unwrap();
    let handle = core.handle();
    // The tutorial's channel: sending consumes the sender and gives it back, as the future's
    // item, only once the channel took the value — backpressure.
    let (jobs_tx, jobs) = mpsc::channel(1);

    // note(producer, chan_full): The channel is full: Send returns NotReady and the producer parks.
    // Only the consumer taking an item will unpark it.
    // note(producer, complete): The producer finishes at 30 ms, not at 0: the consumer's pace set
    // its speed.
    let producer = stream::iter_ok(vec![1, 2, 3, 4, 5])
        .fold(jobs_tx, |tx, n| tx.send(n))
        .map(|tx| drop(tx));
    handle.spawn(producer);

    let consumer = jobs
        .and_then(|n| Timeout::new(Duration::from_millis(10), &handle).unwrap()
            .map(|_| n))
        .fold(0, |acc, n| acc + n);
    handle.spawn(consumer);
}
