// The sentences of futures 0.1's rest: what Shared, Flush, Option, the spawn handles, Concat2 and
// the stream adapters from_err, inspect_err and catch_unwind do in each state, and what the events
// under a Shared take and wake — the Shared's own handle, not the task's.
//
// [SECTION] What a kind does in a state
// [SECTION] Events under a Shared
#include "rest_sentences.hpp"

#include "futurescope/executor/executor.hpp"
#include "futurescope/narrate/narrator.hpp"

namespace futurescope::narrate {

using trace::EventKind;
using trace::TraceEvent;

// [SECTION] What a kind does in a state

std::string doing_rest(std::string_view kind, std::string_view state, bool modern) {
    if (kind == "Shared") {
        if (state == "idle") {
            return std::string("no clone is polling the inner future now, so this one does: it "
                               "polls it once, with the shared future's own ") +
                   (modern ? "Waker" : "handle") +
                   " in place of its task's, so that a wakeup of the inner future reaches every "
                   "task waiting on a clone";
        }
        if (state == "polling") {
            return "another clone is polling the inner future at this moment (this poll comes "
                   "from inside it), so this clone only registers its task to be woken";
        }
        if (state == "complete") {
            return "the inner future has finished (and was dropped), so this clone copies its "
                   "result without polling anything";
        }
        if (state == "poisoned") {
            return "the inner future panicked while a clone polled it: every clone panics too";
        }
    }
    if (kind == "Flush") {
        if (state == "flushing") {
            return "it asks its sink to flush what it has taken (poll_complete), and gives the "
                   "sink back once that is done";
        }
        if (state == "done") {
            return "it has already given its sink back: polling it again is a panic";
        }
    }
    if (kind == "Option") {
        if (state == "some") {
            return "it holds a future and polls it; that future's item is its Some(item)";
        }
        if (state == "none") {
            return "it holds no future, so it is Ready(None) at once";
        }
    }
    if (kind == "SpawnHandle") {
        if (state == "streaming") {
            return "it reads the channel the spawned task feeds with the stream's items; dropping "
                   "this handle ends that task";
        }
        return "it waits for the spawned task to send its result through a oneshot; dropping "
               "this handle cancels that task, unless the handle was forgotten";
    }
    if (kind == "SpawnedFuture") {
        return "it is the spawned task's root: it first checks whether its handle was dropped "
               "(then "
               "it stops and drops its future), else it polls its future and sends the result to "
               "the handle";
    }
    if (kind == "SpawnedStream") {
        return "it is the spawned task's root: it first checks whether its handle was dropped "
               "(then "
               "it stops), else it sends the stream's items into the channel the handle reads, "
               "as far as the channel has room";
    }
    if (kind == "Concat2" || kind == "Concat") {
        if (state == "done") {
            return "it has already given its result: polling it again is a panic";
        }
        return "it pulls items from its stream and appends each to the first one; at the end of "
               "the stream it is Ready with the whole";
    }
    if (kind == "FromErrStream" || kind == "InspectErrStream") {
        return kind == "FromErrStream"
                   ? "it polls its stream and passes each item on, converting an error into its "
                     "own error type"
                   : "it polls its stream and passes each item on; an error goes to its function "
                     "first, then on";
    }
    if (kind == "CatchUnwindStream") {
        if (state == "streaming") {
            return "it polls its stream and yields each item as Ok and each error as Err; a "
                   "panic in that poll becomes its error, and then it ends";
        }
        if (state == "eof") {
            return "its stream panicked and was dropped, and the panic was its error: now it "
                   "ends (Ready(None))";
        }
        return "it has ended after a panic: polling it again is a panic";
    }
    return {};
}

// [SECTION] Events under a Shared

// A Shared polls its inner future with a handle of its own (shared.hpp): what a future under it
// parks on, and what a timer set there wakes, is that handle, which unparks every task that
// polled a clone since the last wakeup.
std::string Narrator::shared_sentence(std::size_t i) const {
    const trace::TraceModel &m = model_;
    const TraceEvent &e = m.events[i];
    if (e.kind != EventKind::park && e.kind != EventKind::timer_set &&
        e.kind != EventKind::timer_fire) {
        return {};
    }
    const bool mod = modern();
    const std::string handle = mod ? "Waker" : "handle";
    const std::string unparks = mod ? "wakes" : "unparks";
    std::string task = m.task_name(e.task);
    if (e.kind == EventKind::park && e.future != 0 && kind(e.future) == "Shared") {
        for (const auto &[f, state] : stacks_[i]) {
            if (f == e.future && state == "complete") {
                return "Shared takes task " + task + "'s " + handle +
                       ", as every poll of a clone does first, but the Shared has completed: "
                       "nothing will use it.";
            }
        }
        return "Shared takes task " + task + "'s " + handle +
               " and keeps it as this clone's waiter: when the inner future wakes the Shared, or "
               "the Shared completes, it " +
               unparks + " task " + task + ".";
    }
    std::size_t at = i;
    if (e.kind == EventKind::timer_fire) {
        // The timer's handle is the one its future gave it when it was set.
        at = m.events.size();
        for (std::size_t j = i; j-- > 0;) {
            if (m.events[j].kind == EventKind::timer_set && m.events[j].ref == e.ref) {
                at = j;
                break;
            }
        }
        if (at == m.events.size()) {
            return {};
        }
    }
    bool under_shared = false;
    for (const auto &[f, state] : stacks_[at]) {
        under_shared = under_shared || (f != e.future && kind(f) == "Shared" && state == "polling");
    }
    if (!under_shared) {
        return {};
    }
    switch (e.kind) {
    case EventKind::park:
        return kind(e.future) + " takes the " + handle +
               " it is given, which is the Shared's own, not task " + task +
               "'s: whatever wakes it later wakes the Shared, and the Shared " + unparks +
               " every task waiting on a clone.";
    case EventKind::timer_set:
        return "Timer #" + std::to_string(e.ref) + " is set for " + format_duration(e.num) +
               ": it holds the Shared's " + handle +
               ", so when the clock gets there it will wake the Shared, which " + unparks +
               " every task waiting on a clone.";
    default:
        return "Timer #" + std::to_string(e.ref) + " fires and wakes the Shared's " + handle +
               ": the Shared " + unparks + " every task that polled a clone since its last wakeup.";
    }
}

} // namespace futurescope::narrate
