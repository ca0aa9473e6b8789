//! 21 · the Rc problem: a not-Send value held across an await
//!
//! tokio::spawn wants a future that is Send, because a multi-threaded runtime may resume a task on
//! another worker thread after any await. An async fn's future holds, in each suspended state,
//! every value that is still needed after the await: here example holds non_send, an Rc, in its
//! state YieldNow. Rc is not Send (its reference count is not atomic), so neither is the future,
//! and the compiler rejects the spawn — before anything runs. This file asks for the simulated
//! multi-threaded runtime ("runtime": {"workers": 2}), so `futurescope run` prints that very error,
//! with JSON paths in place of line numbers, and exits with code 2. Change workers to 1 and the
//! same program runs on the single-threaded executor: step through it to see the state
//! YieldNow(non_send = Rc(1)). The fix on a multi-threaded runtime is to let the Rc go out of scope
//! before the await: lesson 21b does, and runs on two workers.
#![seed = 1]
#![runtime { workers: 2 }]
#![expect { rejected: { contains: "future cannot be sent between threads safely" } }]

use futures::sync::{mpsc, oneshot};
use futures::{future, stream, Future, Stream};
use std::time::Duration;
use tokio_core::reactor::{Core, Timeout};

async fn example() {
    let non_send = Rc::new(1);
    yield_now().await; // state: YieldNow
    println!("{}", non_send);
}

fn main() {
    let mut core = Core::new().unwrap();
    let handle = core.handle();

    let main = example();
    handle.spawn(main);
}
