//! 20 · yield points, and a blocking poll that starves everyone
//!
//! A poll should be short: while one task's poll runs, the executor runs nothing else — no other
//! task, no timer. block(d) stands for CPU work or a blocking call inside a poll: the clock moves d
//! during the poll. Task hog blocks 30 ms in one poll. Task polite does 20 ms of the same work in
//! two 10 ms pieces with a yield point between them (yield_now: unpark yourself, answer NotReady
//! once), so another ready task may run in between: task quick, ready since the start, runs at 40
//! ms between polite's two halves instead of at 50 ms after all of it. Task ticker only wants to
//! wake at 5 ms — and wakes at 50 ms, because this executor's virtual clock moves, and its timers
//! fire, only when the ready queue is empty (its scheduling rule, not a rule of futures). A real
//! event loop's clock runs during a blocking poll and it checks its timers on each turn, but it
//! cannot run ticker while a poll blocks either: ticker would be late there too, by less. The
//! detectors report each blocking poll with the tasks it kept waiting and how late it made the
//! timer.
#![seed = 1]
#![expect {
    end_ms: 50,
    stop: "completed",
    tasks: {
        ticker: { result: { ok: "tick" }, completed_ms: 50, polls: 2, unparks: 1 },
        hog: { result: { ok: "hogged" }, completed_ms: 30, polls: 1, unparks: 0 },
        polite: { result: { ok: "shared" }, completed_ms: 50, polls: 2, unparks: 1 },
        quick: { result: { ok: "quick" }, completed_ms: 40, polls: 1, unparks: 0 },
    },
    diagnostics: [
        {
            diag: "blocking_poll",
            task: "hog",
            poll: 1,
            step: 2,
            at_ms: 0,
            contains: "Tasks polite and quick were ready and waited 30ms longer. Timer #1 (due at 5ms) waits 25ms longer.",
        },
        {
            diag: "blocking_poll",
            task: "polite",
            poll: 1,
            step: 3,
            at_ms: 30,
            contains: "Task quick was ready and waited 10ms longer.",
        },
        {
            diag: "blocking_poll",
            task: "polite",
            poll: 2,
            step: 5,
            at_ms: 40,
            contains: "for 10ms",
        },
    ],
}]
#![narration [
    {
        at: { task: "hog", poll: 1 },
        text: "The clock jumps 30 ms inside one poll. ticker's timer was due at 5 ms; polite was ready all along. Neither can run until hog's poll returns.",
    },
    {
        at: { task: "polite", poll: 1 },
        text: "polite does 10 ms of work, then reaches its yield point: it unparks itself and answers NotReady, handing the executor back. Any other ready task would run now.",
    },
    {
        at: { task: "quick", poll: 1 },
        text: "quick runs now, at 40 ms, thanks to polite's yield point. Had polite blocked 20 ms in one poll, quick would have waited until 50 ms.",
    },
    {
        at: { task: "ticker", poll: 2 },
        text: "ticker finally runs at 50 ms, 45 ms late: timers fire only when the ready queue is empty, and the blocking polls kept it busy.",
    },
]]

use futures::sync::{mpsc, oneshot};
use futures::{future, stream, Future, Stream};
use std::time::Duration;
use tokio_core::reactor::{Core, Timeout};

fn main() {
    let mut core = Core::new().unwrap();
    let handle = core.handle();

    let ticker = Timeout::new(Duration::from_millis(5), &handle).unwrap()
        .map(|_| "tick");
    handle.spawn(ticker);

    let hog = block(Duration::from_millis(30)).map(|_| "hogged");
    handle.spawn(hog);

    let polite = block(Duration::from_millis(10))
        .and_then(|_| yield_now())
        .and_then(|_| block(Duration::from_millis(10)))
        .map(|_| "shared");
    handle.spawn(polite);

    let quick = future::ok("quick");
    handle.spawn(quick);
}
