//! 05 · select, and continuing with the loser
//!
//! a.select(b) polls both and resolves with the first to finish — and hands back the other,
//! unfinished, as a future you can keep polling. Here "fast" wins at 10 ms; the closure receives
//! (winner, loser) and waits for the loser, which finishes at 50 ms. The loser keeps its identity:
//! it is the same Map over the same Delay, still counting down.
#![seed = 1]
#![expect {
    end_ms: 50,
    tasks: {
        main: {
            result: { ok: { tuple: ["fast", "slow"] } },
            completed_ms: 50,
            polls: 3,
            unparks: 2,
        },
    },
}]

use futures::sync::{mpsc, oneshot};
use futures::{future, stream, Future, Stream};
use std::time::Duration;
use tokio_core::reactor::{Core, Timeout};

fn main() {
    let mut core = Core::new().unwrap();
    let handle = core.handle();

    // note(main, poll 2): 10 ms: the first side wins. Select resolves with ("fast", the other
    // future) — the loser is not dropped.
    // note(main, poll 3): 50 ms: the loser, polled by the closure's Map, finishes with "slow".
    let main = Timeout::new(Duration::from_millis(10), &handle).unwrap()
        .map(|_| "fast")
        .select(Timeout::new(Duration::from_millis(50), &handle).unwrap()
            .map(|_| "slow"))
        .and_then(|(winner, loser)| loser.map(|late| (winner, late)));
    handle.spawn(main);
}
