//! 24 · a busy loop: a task that never lets the clock move
//!
//! busy_wait waits 10 ms the wrong way: instead of leaving its task's handle with a timer, it
//! unparks its own task on every poll and answers NotReady — "poll me again at once". The executor
//! obliges: spinner is always back in the ready queue. But this executor's virtual clock moves only
//! when the ready queue is empty (its scheduling rule, not a rule of futures), and the queue never
//! is. So here the 10 ms never pass, ticker's 5 ms timer never fires, and the run spins until its
//! step limit of 100 polls. On a real clock the 10 ms would pass — spent burning a CPU core on
//! polls that do nothing — and ticker's timer would fire between spins. The detector reports the
//! busy loop after 32 polls with no channel, socket, timer or spawn activity. The fix is delay: one
//! timer, one unpark, two polls.
#![seed = 1]
#![limits { steps: 100 }]
#![expect {
    end_ms: 0,
    stop: "step_limit",
    steps: 100,
    tasks: {
        spinner: { result: "stuck", polls: 99, unparks: 99 },
        ticker: { result: "stuck", polls: 1, unparks: 0 },
    },
    diagnostics: [{ diag: "busy_loop", task: "spinner", poll: 32, step: 33, at_ms: 0 }],
}]
#![narration [
    {
        at: { task: "spinner", poll: 1 },
        text: "BusyWait answers NotReady and unparks its own task in the same poll: spinner goes straight back to the end of the ready queue.",
    },
    {
        at: { task: "ticker", poll: 1 },
        text: "ticker sets a timer for 5 ms and parks properly. It is the right way to wait — but the timer can only fire when the ready queue is empty.",
    },
    {
        at: { task: "spinner", poll: 2 },
        text: "The ready queue holds only spinner, again and again. The clock stays at 0 ns, so BusyWait's 10 ms can never pass: it waits for something its own spinning prevents.",
    },
]]

use futures::sync::{mpsc, oneshot};
use futures::{future, stream, Future, Stream};
use std::time::Duration;
use tokio_core::reactor::{Core, Timeout};

fn main() {
    let mut core = Core::new().unwrap();
    let handle = core.handle();

    let spinner = busy_wait(Duration::from_millis(10)).map(|_| "done");
    handle.spawn(spinner);

    let ticker = Timeout::new(Duration::from_millis(5), &handle).unwrap()
        .map(|_| "tick");
    handle.spawn(ticker);
}
