//! 07 · fuse: polling after completion
//!
//! Polling a future again after it returned Ready is not defined in futures 0.1: many futures panic
//! ("cannot poll Map twice"), others answer anything. It happens easily in a hand-written loop that
//! waits for several futures and polls all of them on every poll without remembering which ones are
//! done — poll_all here is such a loop, written by hand, not an engine combinator. Task naive
//! gives it two plain futures: at 10 ms the first one resolves to "ten"; at 30 ms the loop polls it
//! again, the detector reports poll_after_completion (twice: the Map, and the Delay the Map polls
//! once more before it panics), and the task panics. Task fused gives it the same futures with
//! fuse(): once the inner future finished, a Fuse answers NotReady forever and never polls it
//! again, so the same loop is correct. Task select shows the other way combinators avoid it: select
//! hands back the loser, and the winner is never polled again.
#![seed = 1]
#![expect {
    end_ms: 30,
    tasks: {
        naive: { result: { panic: "cannot poll Map twice" }, completed_ms: 30, polls: 3 },
        fused: { result: { ok: ["ten", "thirty"] }, completed_ms: 30, polls: 3 },
        select: { result: { ok: ["ten", "thirty"] }, completed_ms: 30, polls: 3 },
    },
    diagnostics: [
        {
            diag: "poll_after_completion",
            task: "naive",
            poll: 3,
            at_ms: 30,
            contains: "Map",
        },
        {
            diag: "poll_after_completion",
            task: "naive",
            poll: 3,
            at_ms: 30,
            contains: "Delay",
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

    // note(naive, poll 2): 10 ms: the first Delay fired. PollAll polls both futures; Map("ten") is
    // Ready and PollAll keeps "ten" — but it does not remember that this future is done.
    // note(naive, poll 3): 30 ms: PollAll polls every future again, including Map("ten"), which
    // already returned Ready. The detector reports poll_after_completion; Map polls its Delay once
    // more and then panics "cannot poll Map twice", and the panic ends the task.
    let naive = poll_all(Timeout::new(Duration::from_millis(10), &handle).unwrap()
        .map(|_| "ten"), Timeout::new(Duration::from_millis(30), &handle).unwrap()
        .map(|_| "thirty"));
    handle.spawn(naive);

    // note(fused, poll 3): The same loop over fused futures: Fuse("ten") finished at 10 ms, so it
    // answers NotReady at once without polling its Map — and PollAll, which kept "ten", now has
    // both values.
    let fused = poll_all(Timeout::new(Duration::from_millis(10), &handle).unwrap()
        .map(|_| "ten")
        .fuse(), Timeout::new(Duration::from_millis(30), &handle).unwrap()
        .map(|_| "thirty")
        .fuse());
    handle.spawn(fused);

    // note(select, poll 2): select resolved with the winner's value and handed back the loser: the
    // winner cannot be polled again, since nothing holds it any more.
    let select = Timeout::new(Duration::from_millis(10), &handle).unwrap()
        .map(|_| "ten")
        .fuse()
        .select(Timeout::new(Duration::from_millis(30), &handle).unwrap()
            .map(|_| "thirty")
            .fuse())
        .and_then(|(first, rest)| rest.map(|second| vec![first, second]));
    handle.spawn(select);
}
