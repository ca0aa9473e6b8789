//! 06 · errors: map_err, or_else, and a join that fails early
//!
//! An error travels up like a value, skipping the steps that only handle success. Task recover: a
//! delay fails with "boom"; and_then's closure never runs; map_err changes the error; or_else turns
//! it back into a success. Task join_fails: one side fails at 10 ms; Join fails at once, and the
//! other side — a 100 ms delay — is dropped, so the clock never moves to 100 ms.
#![seed = 1]
#![expect {
    end_ms: 10,
    tasks: {
        recover: { result: { ok: "recovered from wrapped: boom" }, completed_ms: 5, polls: 2 },
        join_fails: { result: { err: "disk full" }, completed_ms: 10, polls: 2 },
    },
}]

use futures::sync::{mpsc, oneshot};
use futures::{future, stream, Future, Stream};
use std::time::Duration;
use tokio_core::reactor::{Core, Timeout};

fn main() {
    let mut core = Core::new().unwrap();
    let handle = core.handle();

    // note(recover, poll 2): The error skips the second and_then: AndThen passes an Err through
    // without calling its closure.
    let recover = Timeout::new(Duration::from_millis(5), &handle).unwrap()
        .and_then(|_| future::err("boom"))
        .and_then(|never| future::ok("unreachable"))
        .map_err(|e| format!("{}{}", "wrapped: ", e))
        .or_else(|e| future::ok(format!("{}{}", "recovered from ", e)));
    handle.spawn(recover);

    // note(join_fails, poll 2): One side failed: Join returns the error now and drops the other
    // side, cancelling its 100 ms timer.
    let join_fails = join(Timeout::new(Duration::from_millis(100), &handle).unwrap()
        .map(|_| 1), Timeout::new(Duration::from_millis(10), &handle).unwrap()
        .and_then(|_| future::err("disk full")));
    handle.spawn(join_fails);
}
