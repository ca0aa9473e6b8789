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
#![expect { rejected: { contains: "future cannot be sent between threads safely" } }]


// The second tutorial's program, as it writes it: spawned on tokio's multi-threaded runtime (two
// workers here), a future must be Send, and this one holds an Rc across an await.
use std::rc::Rc;
use tokio::task::yield_now;

#[tokio::main]
async fn main() {
    spawner();
}

fn spawner() {
    // task: main
    tokio::spawn(example());
}

async fn example() {
    // A value that's not `Send`,
    // created _inside_ the async function
    let non_send = Rc::new(1);

    // A `.await` point that does nothing
    yield_now().await; // state: YieldNow

    // The local non-`Send` value is still needed
    // after the `.await`
    println!("{}", non_send);
}
