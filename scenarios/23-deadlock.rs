//! 23 · deadlock: two tasks waiting on each other's channels
//!
//! Task alice waits for a message on channel to_alice, and only then will she send one to bob. Task
//! bob waits for a message on to_bob, and only then will he answer alice. Each holds the sender the
//! other waits for, and each waits before sending: neither channel will ever get a message. Both
//! tasks park; no timer is live and nothing is queued, so the run ends with both stuck. Nothing
//! crashed and nothing spins — it is silent, which is what makes deadlocks hard to see. At the
//! end the detectors follow who holds what (the wait events after each NotReady say what holds each
//! task's handle: a channel's waiting receiver) and report the wait-for cycle: alice → to_alice
//! → bob → to_bob → alice.
#![seed = 1]
#![expect {
    end_ms: 0,
    stop: "idle",
    tasks: {
        alice: { result: "stuck", polls: 1, unparks: 0 },
        bob: { result: "stuck", polls: 1, unparks: 0 },
    },
    diagnostics: [
        {
            diag: "deadlock",
            task: "alice",
            end: true,
            contains: "task alice (in mpsc::Receiver #4 mpsc(1)) waits on channel #1 (mpsc receiver), which only task bob can wake; task bob (in mpsc::Receiver #8 mpsc(1)) waits on channel #2 (mpsc receiver), which only task alice can wake",
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
    let (to_alice_tx, to_alice) = mpsc::channel(1);
    let (to_bob_tx, to_bob) = mpsc::channel(1);

    // note(alice, poll 1): alice's receiver finds to_alice empty: it leaves alice's handle with the
    // channel and answers NotReady. Only a send on to_alice can wake her — and bob holds that
    // sender.
    let alice = to_alice
        .into_future()
        .and_then(|_| to_bob_tx.send("hello bob"))
        .map(|_| "alice done");
    handle.spawn(alice);

    // note(bob, poll 1): bob does the same on to_bob, whose sender alice holds. Now each waits for
    // the other: the ready queue is empty, no timer is live, and the run ends.
    let bob = to_bob
        .into_future()
        .and_then(|_| to_alice_tx.send("hello alice"))
        .map(|_| "bob done");
    handle.spawn(bob);
}
