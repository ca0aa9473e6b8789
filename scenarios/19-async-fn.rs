//! 19 · async fn: a state machine with one state per await
//!
//! The compiler turns an async fn into a state machine: NotStarted before the first poll, one state
//! per .await, Terminated at the end; each state holds the values still needed after its await.
//! Task main runs the seed's example: it creates non_send, an Rc, then awaits yield_now(). Its
//! first poll runs the body up to that await, where yield_now answers NotReady: the machine moves
//! NotStarted → YieldNow holding non_send = Rc(1), exactly the seed's
//! ExampleFuture::YieldNow(Rc<i32>). The second poll resumes after the await, prints 1 and moves to
//! Terminated. Task sum awaits two delays and holds x across the second one. Task combinators is
//! main's program written with combinators — ok(Rc::new(1)).and_then(|non_send|
//! yield_now().map(move |_| non_send)) — and it returns the Rc instead of printing it: the same
//! two polls, and AndThen's own states First → Second play the part of NotStarted → YieldNow.
//! An async fn is another way to write the same state machine.
#![seed = 1]
#![expect {
    end_ms: 15,
    stop: "completed",
    tasks: {
        main: { result: { ok: () }, completed_ms: 0, polls: 2, unparks: 1 },
        sum: { result: { ok: 42 }, completed_ms: 15, polls: 3, unparks: 2 },
        combinators: { result: { ok: { rc: 1 } }, completed_ms: 0, polls: 2, unparks: 1 },
    },
}]


use std::rc::Rc;
use std::time::Duration;
use futures::future::{self, Future};
use tokio::task::yield_now;
use tokio::time::sleep;

// The second tutorial's example: an Rc, an await, and the Rc used after it.
async fn example() {
    let non_send = Rc::new(1);
    yield_now().await; // state: YieldNow
    println!("{}", non_send);
}

// Two awaits: each is a state of the machine, holding what the body needs after it.
async fn sum() -> i32 {
    let x = sleep(Duration::from_millis(10)).map(|_| 20).await; // state: FirstDelay
    let y = sleep(Duration::from_millis(5)).map(|_| 22).await; // state: SecondDelay
    x + y
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // note(main, poll 1): First poll: the body runs from the top. let non_send = Rc::new(1); then
    // yield_now().await — yield_now unparks the task and answers NotReady, so the async fn
    // suspends at this await. Its new state, YieldNow, holds non_send: the state event shows it.
    // note(main, poll 2): Second poll: the async fn does not start over. It polls the future it is
    // suspended on, yield_now, which is Ready now, and resumes the body right after the await:
    // println!(non_send) prints 1, and the machine is Terminated.
    // task: main
    tokio::spawn(example());

    // note(sum, poll 2): sum resumes after its first await with x = 20 and suspends again at the
    // second: the state SecondDelay still holds x, because the body needs it after this await.
    tokio::spawn(sum());

    // note(combinators, poll 1): The combinator version: AndThen polls ok(Rc(1)), which is Ready at
    // once, moves to its second state and polls yield_now — NotReady. The Rc now lives in the
    // closure of the Map inside AndThen's second state, as it lived in the async fn's state
    // YieldNow.
    // The same program written with futures 0.1's combinators.
    let combinators = future::ok(Rc::new(1)).and_then(|non_send| yield_now().map(|_| non_send));
    tokio::spawn(combinators);
}
