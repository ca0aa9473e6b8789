//! 14 · returning futures: boxed vs concrete
//!
//! A function that returns a future must name its type. In Rust, `fn f() -> impl Future` returns
//! the concrete combinator — AndThen<Delay, …> — by value: building it allocates nothing.
//! Returning `Box<dyn Future>` (BoxFuture, .boxed()) erases the type behind one heap allocation per
//! future, the price of choosing at run time. The allocation counts, measured in C++ by
//! tests/alloc/allocation_test.cpp with a counting operator new (and checked in CI): building a
//! chain of delay, map, and_then, join and select allocates 0 times; running it with the executor
//! allocates exactly 1 block, its task; .boxed() on that chain allocates exactly 1, and boxing a
//! box allocates 0 more; spawning 100 tasks allocates exactly 100 blocks, and running them
//! allocates nothing more. So task concrete below, written in C++, costs 1 allocation (its task)
//! and task boxed costs 1 + 3 (its task and its three .boxed() calls). A scenario cannot show these
//! figures from its own run: scenario files are built at run time, so every expression here is
//! boxed and the interpreter allocates for its values — the counts of `futurescope run` would
//! measure the interpreter, not the futures. What the run does show is that both forms poll
//! identically: the same polls, the same times, and the trace still shows the concrete AndThen, Map
//! and Delay inside, because a box is transparent.
#![seed = 1]
#![expect {
    end_ms: 20,
    tasks: {
        concrete: { result: { ok: "same" }, completed_ms: 20, polls: 3 },
        boxed: { result: { ok: "same" }, completed_ms: 20, polls: 3 },
    },
}]


extern crate futures;
extern crate tokio_core;

use std::io;
use std::time::Duration;

use futures::Future;
use tokio_core::reactor::{Core, Handle, Timeout};

// Returning a future, two of the tutorial's ways. A trait object: easy to write, one allocation
// for the box.
fn boxed_wait(handle: &Handle) -> Box<Future<Item = (), Error = io::Error>> {
    Box::new(Timeout::new(Duration::from_millis(10), handle).unwrap())
}

// `impl Trait`: the concrete type, unnamed; nothing is allocated.
fn wait(handle: &Handle) -> impl Future<Item = (), Error = io::Error> {
    Timeout::new(Duration::from_millis(10), handle).unwrap()
}

fn main() {
    let mut core = Core::new().unwrap();
    let handle = core.handle();

    // note(concrete, poll 1): In C++ this chain is one value, AndThen<Delay, …> inside a Map:
    // building it allocated nothing (tests/alloc: 0 allocations); spawning it allocated exactly one
    // block, the task.
    let concrete = wait(&handle).and_then(|_| wait(&handle)).map(|_| "same");
    handle.spawn(concrete);

    // note(boxed, poll 1): The same chain with three .boxed(): in C++ each .boxed() is exactly one
    // heap allocation (tests/alloc: 1 per box, 0 for boxing a box), so this task costs 1 + 3
    // allocations — and polls exactly like the concrete one.
    // note(boxed, complete): Both tasks completed at 20 ms after 3 polls: boxing changes where the
    // future lives, not how it is polled.
    let boxed = wait(&handle)
        .boxed()
        .and_then(|_| boxed_wait(&handle))
        .map(|_| "same")
        .boxed();
    handle.spawn(boxed);
}
