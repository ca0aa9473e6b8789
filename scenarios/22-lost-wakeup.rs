//! 22 · a lost wakeup: NotReady without a handle
//!
//! NotReady is a promise: before a future answers it, it must have taken the task's handle (park)
//! and left it with something that will unpark the task — a timer, a socket, a channel.
//! forgetful_delay breaks that promise. Like delay, it waits 10 ms; unlike delay, it sets no timer
//! and takes no handle, it only checks the clock when polled. Task forgetful polls it once at 0 ms
//! and parks, but nothing holds its handle. Task patient waits 20 ms with a real delay, so the
//! clock does move past 10 ms — and still nobody polls forgetful again: its time has come, but no
//! one will ever tell its executor. The detectors report the lost wakeup at the poll where it
//! happened, and at the end say the task is stuck.
#![seed = 1]
#![expect {
    end_ms: 20,
    stop: "idle",
    tasks: {
        forgetful: { result: "stuck", polls: 1, unparks: 0 },
        patient: { result: { ok: "done" }, completed_ms: 20, polls: 2, unparks: 1 },
    },
    diagnostics: [
        {
            diag: "lost_wakeup",
            task: "forgetful",
            poll: 1,
            step: 1,
            at_ms: 0,
            contains: "ForgetfulDelay",
        },
        {
            diag: "stuck",
            task: "forgetful",
            end: true,
            contains: "nothing holds its handle",
        },
    ],
}]

use futures::sync::{mpsc, oneshot};
use futures::{future, stream, Future, Stream};
use std::time::Duration;
use tokio_core::reactor::{Core, Timeout};

fn main() {
    let mut core = Core::new().unwrap();
    let handle = core.handle();

    // note(forgetful, poll 1): ForgetfulDelay answers NotReady, but look at the wait event after
    // the poll: nothing holds forgetful's handle. A real Delay would have set a timer holding it.
    let forgetful = forgetful_delay(Duration::from_millis(10)).map(|_| "done");
    handle.spawn(forgetful);

    // note(patient, poll 1): patient's Delay sets timer #1 and leaves its handle with it: the wait
    // event names the timer. That is the difference.
    // note(patient, poll 2): The clock is at 20 ms: forgetful's 10 ms have long passed, and it
    // would answer Ready if polled. Nothing will poll it: the run ends with forgetful stuck.
    let patient = Timeout::new(Duration::from_millis(20), &handle).unwrap()
        .map(|_| "done");
    handle.spawn(patient);
}
