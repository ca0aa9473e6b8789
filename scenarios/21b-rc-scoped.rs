//! 21b · the fix: the Rc is gone before the await, and the task moves between workers
//!
//! Lesson 21's program, fixed as the help line of lesson 21's error proposes (that help line is
//! futurescope's; rustc's own notes only point at the await the Rc is held across): the Rc lives
//! only inside use_rc, an async fn with no await of its own, so it is dropped before example
//! reaches its first yield point. No state of example holds a not-Send value: its future is Send,
//! and the multi-threaded runtime accepts it. This file runs on two simulated workers; the trace's
//! poll_begin says which worker runs each poll. Worker 1 polls main, which yields: main goes to
//! worker 1's own queue. Worker 2 runs other, which finishes. Worker 1 polls main again; it yields
//! again. Now worker 2 has nothing of its own and the global queue is empty, so it steals main from
//! worker 1, and main's third poll — after its second await — runs on another thread. That is why
//! whatever a future holds across an await must be Send.
#![seed = 1]
#![expect {
    end_ms: 0,
    stop: "completed",
    tasks: {
        main: { result: { ok: () }, completed_ms: 0, polls: 3, unparks: 2 },
        other: { result: { ok: "other done" }, completed_ms: 0, polls: 1, unparks: 0 },
    },
}]


use std::rc::Rc;
use tokio::task::yield_now;

// The Rc lives only inside use_rc, which has no await: it is gone before example's first await,
// so example's states hold nothing that is not Send.
async fn use_rc() {
    let non_send = Rc::new(1);
    println!("{}", non_send);
}

async fn example() {
    use_rc().await; // state: UseRc
    yield_now().await; // state: YieldNow
    yield_now().await; // state: YieldAgain
    println!("done");
}

#[tokio::main]
async fn main() {
    // note(main, poll 1): Worker 1 polls main. use_rc runs to the end inside this poll — it has
    // no await — so the Rc is created, printed and dropped. Then yield_now: main suspends in
    // state YieldNow, holding nothing.
    // note(main, poll 3): Worker 2 found no task of its own and none in the global queue, so it
    // stole main from worker 1: main resumes after its await on another worker. Had it held the Rc
    // here, two threads could touch its reference count.
    // task: main
    tokio::spawn(example());
    // task: other
    tokio::spawn(futures::future::ok("other done"));
}
