//! 12 · oneshot, and Canceled
//!
//! A oneshot channel carries one value from one task to another. The receiver is a future: NotReady
//! until the value is sent, and the send unparks the receiving task. If the sender is dropped
//! without sending, the receiver fails with Canceled. Task producer sends 42 after 10 ms to
//! consumer; task quitter drops its sender after 5 ms, so waiter gets Canceled. The other way
//! round: task impatient stops waiting on channel late after 2 ms (a select with a delay) and drops
//! its receiver; at 8 ms task latecomer sends 7 into it — the send fails and hands the value back
//! as its error, and the detectors point at it.
#![seed = 1]
#![expect {
    end_ms: 10,
    tasks: {
        consumer: { result: { ok: 43 }, completed_ms: 10, polls: 2, unparks: 1 },
        producer: { result: { ok: () }, completed_ms: 10 },
        waiter: { result: { err: "Canceled" }, completed_ms: 5, polls: 2 },
        quitter: { result: { ok: () }, completed_ms: 5 },
        impatient: { result: { ok: "gave up" }, completed_ms: 2, polls: 2, unparks: 1 },
        latecomer: { result: { err: 7 }, completed_ms: 8, polls: 2, unparks: 1 },
    },
    diagnostics: [
        { diag: "canceled", task: "quitter", poll: 2, contains: "without sending" },
        {
            diag: "send_after_receiver_dropped",
            task: "latecomer",
            poll: 2,
            at_ms: 8,
            contains: "after its receiver was gone",
        },
    ],
}]


extern crate futures;
extern crate tokio_core;

use std::time::Duration;

use futures::sync::oneshot;
use futures::Future;
use tokio_core::reactor::{Core, Timeout};

fn main() {
    let mut core = Core::new().unwrap();
    let handle = core.handle();

    // The tutorial's oneshot, in its own names: `futures::oneshot()` gives the completing half
    // and the receiving half, a future of the value.
    let (tx, answer) = futures::oneshot();
    let consumer = answer.map(|x| x + 1);
    handle.spawn(consumer);

    // Where the tutorial computes the value on another thread, a task completes the oneshot
    // after 10 ms of work; `complete` unparks the consumer.
    let producer = Timeout::new(Duration::from_millis(10), &handle)
        .unwrap()
        .and_then(move |_| tx.complete(42));
    handle.spawn(producer);

    // futures 0.1.31's names: `oneshot::channel()` and `Sender::send`. A sender dropped without
    // sending cancels the receiver: waiter gets Canceled.
    let (never_tx, never) = oneshot::channel();
    let waiter = never;
    handle.spawn(waiter);
    let quitter = Timeout::new(Duration::from_millis(5), &handle)
        .unwrap()
        .map(move |_| drop(never_tx));
    handle.spawn(quitter);

    // The other way round: the receiver gives up after 2 ms (select drops the loser).
    let (late_tx, late) = oneshot::channel();
    let impatient = late
        .select(Timeout::new(Duration::from_millis(2), &handle).unwrap())
        .map(|_| "gave up");
    handle.spawn(impatient);

    // note(latecomer, poll 2): latecomer's send finds the receiver gone — impatient dropped it at
    // 2 ms with the select's loser. A oneshot send never waits: it fails at once and gives 7 back
    // as the error.
    let latecomer = Timeout::new(Duration::from_millis(8), &handle)
        .unwrap()
        .and_then(move |_| late_tx.send(7));
    handle.spawn(latecomer);
}
