// The Narrator's sentences, one function per family of events (narrator.cpp dispatches to them):
// task-level events, future-level events, wakeups and time, the network, channels, and what the
// detectors add. The future-level ones add what the future's kind does in its current state (a
// small table of the common combinators), so that a learner reads why a poll answered what it
// answered.
//
// [SECTION] What a kind does in a state
// [SECTION] Sentences
#include "futurescope/narrate/narrator.hpp"

#include <string>
#include <string_view>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "rest_sentences.hpp"
#include "words.hpp"

namespace futurescope::narrate {

using trace::EventKind;
using trace::TraceEvent;

// [SECTION] What a kind does in a state

namespace {

// Kinds whose sentence depends on their state.
std::string doing_in_state(std::string_view kind, std::string_view state, bool modern) {
    if (kind == "AndThen" || kind == "OrElse" || kind == "Then") {
        if (state == "First") {
            return kind == "AndThen" ? "it polls its first future; once that is Ready, it calls "
                                       "its closure with the value "
                                       "to make the second future, in the same poll"
                   : kind == "OrElse"
                       ? "it polls its first future; only an error would make it call its closure"
                       : "it polls its first future; whatever the outcome, it then calls its "
                         "closure";
        }
        if (state == "Second") {
            return "the first future is done and dropped; it now polls the future its closure "
                   "returned";
        }
    }
    if (kind == "Delay") {
        if (state == "idle") {
            return modern
                       ? "on its first poll it registers a timer with the executor and clones "
                         "the Waker from the Context"
                       : "on its first poll it registers a timer with the executor and takes the "
                         "task's handle";
        }
        if (state == "waiting") {
            return "it checks whether the clock has reached its deadline";
        }
    }
    if (kind == "Lazy" && state == "deferred") {
        return "it runs its closure now, on its first poll, and polls the future it returns";
    }
    if (kind == "async fn") {
        if (state == "NotStarted") {
            return "none of its body has run yet; it runs now, up to the first await whose future "
                   "is not ready";
        }
        if (state == "Terminated") {
            return "it has already finished: polling it again is a panic";
        }
        return "it is suspended at this await, so it polls the future it awaits, not its body, "
               "and resumes the body once that future is ready";
    }
    // Shared, the spawn handles, sinks' Flush, Option and the stream adapters of futures 0.1's
    // rest (rest_sentences.cpp).
    if (std::string d = doing_rest(kind, state, modern); !d.empty()) {
        return d;
    }
    return {};
}

// Kinds that do the same in every state.
std::string doing_in_any_state(std::string_view kind, bool modern) {
    if (kind == "Map" || kind == "MapErr") {
        return "it polls the future it wraps and, when that is Ready, applies its function to the "
               "value";
    }
    if (kind == "Join") {
        return "it polls each of its futures that has not finished yet, and is Ready only when all "
               "are";
    }
    if (kind == "Select") {
        return "it polls both futures; the first to finish wins, and the other is handed back "
               "unfinished";
    }
    if (kind == "Fuse") {
        return std::string("it polls its future until it finishes, and answers ") +
               (modern ? "Pending" : "NotReady") + " forever after";
    }
    if (kind == "Fold" || kind == "ForEach" || kind == "Collect") {
        return std::string("it pulls items from its stream until the stream is ") +
               (modern ? "Pending" : "NotReady") + " or ends";
    }
    if (kind == "StreamFuture") {
        return "it polls its stream for one item, then gives back the item and the rest of the "
               "stream";
    }
    if (kind == "Connect") {
        return "it waits for the connection handshake (SYN, SYN-ACK) to come back over the network";
    }
    if (kind == "TlsHandshake") {
        return "it sends and waits for the TLS flights; each one costs a trip over the link";
    }
    if (kind == "WriteAll") {
        return "it writes as much as the socket's send buffer takes";
    }
    if (kind == "ReadToEnd" || kind == "ReadExact") {
        return "it reads what has arrived in the socket's buffer";
    }
    if (kind == "Timeout") {
        return "it polls its future first, then its deadline timer";
    }
    return {};
}

} // namespace

std::string doing(std::string_view kind, std::string_view state, bool modern) {
    std::string d = doing_in_state(kind, state, modern);
    return d.empty() ? doing_in_any_state(kind, modern) : d;
}

// [SECTION] Sentences

namespace {

std::string source_text(const trace::TraceModel &m, const TraceEvent &e) {
    switch (unpark_source(e)) {
    case SourceKind::task:
        return "task " + m.task_name(e.ref);
    case SourceKind::timer:
        return "timer #" + std::to_string(e.ref);
    case SourceKind::io:
        return "the network (socket #" + std::to_string(e.ref) + ")";
    case SourceKind::channel:
        return m.channel_name(e.ref);
    case SourceKind::external:
        break;
    }
    return "the outside world";
}

} // namespace

// Task-level events: a task is spawned, polled, parked or complete.
std::string Narrator::task_sentence(std::size_t i) const {
    const TraceEvent &e = model_.events[i];
    const trace::TraceModel &m = model_;
    const bool mod = modern();
    std::string task = m.task_name(e.task);
    switch (e.kind) {
    case EventKind::spawn: {
        std::string s = "Task " + std::string(m.str(e.text)) + " is spawned";
        if (e.ref != 0) {
            s += " by task " + m.task_name(e.ref);
        }
        if (e.flag) {
            s += " as a daemon (the run does not wait for it)";
        }
        return s + ": it goes to the back of the ready queue and will be polled when the executor "
                   "reaches it.";
    }
    case EventKind::poll_begin: {
        const trace::TraceTask *t = m.task(e.task);
        std::string root =
            t != nullptr && t->root != 0 ? " (" + kind(t->root) + ")" : std::string();
        return "The executor takes task " + task +
               " from the front of the ready queue and polls its root future" + root +
               (mod ? " once, with a Context that carries the task's Waker" : " once") +
               ": task-level poll " + std::to_string(poll_number_[i]) + worker_text(e) + ".";
    }
    case EventKind::poll_end:
        switch (poll_outcome(e)) {
        case PollOutcome::ready:
            return "The root future is Ready: task " + task +
                   " is complete, and its future is dropped now.";
        case PollOutcome::err:
            return "The root future failed: task " + task + " is complete, with an error.";
        default:
            if (woken_during_poll(i)) {
                // Already back in the queue (a yield, a busy loop): "parked" would be false.
                return std::string("The root future returned ") + (mod ? "Pending" : "NotReady") +
                       ", but task " + task + " was " + (mod ? "woken" : "unparked") +
                       " during this poll: it is already back in the ready queue and will be "
                       "polled again when its turn comes.";
            }
            if (mod) {
                return "The root future returned Pending: task " + task +
                       " sleeps. It will be polled again only when something wakes its Waker.";
            }
            return "The root future returned NotReady: task " + task +
                   " is parked. It will be polled again only when something unparks it.";
        }
    case EventKind::complete: {
        std::string s = "Task " + task + " completes at " + format_duration(e.t);
        switch (poll_outcome(e)) {
        case PollOutcome::ready:
            return s + " with Ok(" + value_text(m, e) + ").";
        default:
            if (e.text2 != 0) {
                return s + ": it panicked: " + std::string(m.str(e.text2)) + ".";
            }
            return s + " with Err(" + value_text(m, e) + ").";
        }
    }
    default:
        break;
    }
    return {};
}

// Future-level events: a future is polled, answers, moves between states, takes the handle, or
// is dropped.
std::string Narrator::future_sentence(std::size_t i) const {
    const TraceEvent &e = model_.events[i];
    const trace::TraceModel &m = model_;
    const bool mod = modern();
    std::string task = m.task_name(e.task);
    switch (e.kind) {
    case EventKind::enter: {
        std::string state(m.str(e.text));
        std::string s = fut(e.future) + " is polled";
        if (!state.empty()) {
            s += " in state " + state;
        }
        std::string d = doing(kind(e.future), state, mod);
        return s + (d.empty() ? "." : ": " + d + ".");
    }
    case EventKind::exit:
        return exit_sentence(i);
    case EventKind::state: {
        // An async fn is named by its function ("async fn example"); a suspension says what
        // the new state holds across the await, as the compiler's enum variant would.
        std::string who = kind(e.future) == "async fn" ? fut(e.future) : kind(e.future);
        return who + " moves from state " + std::string(m.str(e.text)) + " to " +
               std::string(m.str(e.text2)) +
               (e.text3 != 0 ? ", holding " + std::string(m.str(e.text3)) + " across the await"
                             : std::string()) +
               ".";
    }
    case EventKind::drop:
        return fut(e.future) +
               " is dropped: whatever it held (timers, sockets, channel ends) is released.";
    case EventKind::park:
        if (mod) {
            return (e.future != 0 ? kind(e.future) : std::string("The future")) + " clones task " +
                   task +
                   "'s Waker from its Context (cx.waker().clone()), so that a timer, socket or "
                   "channel can wake the task later: the promise that comes with Pending.";
        }
        return (e.future != 0 ? kind(e.future) : std::string("The future")) + " takes task " +
               task +
               "'s handle (park), so that a timer, socket or channel can unpark the task later: "
               "the promise that "
               "comes with NotReady.";
    default:
        break;
    }
    return {};
}

// A future's poll ends: Ready, Err, the end of a stream, or NotReady — and then whether it
// arranged its wakeup.
std::string Narrator::exit_sentence(std::size_t i) const {
    const trace::TraceModel &m = model_;
    const TraceEvent &e = m.events[i];
    const bool mod = modern();
    const std::string not_ready = mod ? "Pending" : "NotReady";
    std::string k = kind(e.future);
    switch (poll_outcome(e)) {
    case PollOutcome::ready:
        if (k == "Select") {
            // Select's item is a pair: the winner's value and the other, unfinished future.
            return "Select returns Ready(" + value_text(m, e) +
                   "): a pair of the winning future's value and the losing future itself, "
                   "unfinished, handed back to the caller (<value> stands for that future).";
        }
        return k + " returns Ready(" + value_text(m, e) + ").";
    case PollOutcome::err:
        return k + " returns Err(" + value_text(m, e) +
               "): the error travels up to whoever polled it.";
    case PollOutcome::end:
        return k + " returns Ready(None): the stream has ended.";
    default:
        break;
    }
    // Did anything in this poll take the task's handle? Without that, NotReady is a promise
    // nobody can keep (the lost-wakeup detector says so after the task's poll).
    bool parked = false;
    bool unparked_own_task = false;
    std::size_t children = 0; // futures it polled that answered NotReady
    for (std::size_t j = i; j-- > 0;) {
        const TraceEvent &b = m.events[j];
        if ((b.kind == EventKind::enter && b.future == e.future) ||
            b.kind == EventKind::poll_begin) {
            break;
        }
        parked = parked || b.kind == EventKind::park;
        unparked_own_task = unparked_own_task || (b.kind == EventKind::unpark && b.task == e.task &&
                                                  unpark_outcome(b) != UnparkOutcome::ignored);
        if (b.kind == EventKind::exit && poll_outcome(b) == PollOutcome::not_ready) {
            const trace::TraceFuture *f = m.future(b.future);
            children += f != nullptr && f->parent == e.future ? 1 : 0;
        }
    }
    if (unparked_own_task && children == 0) {
        // yield_now and busy loops: the handle was used at once, nothing keeps it.
        return k + " returns " + not_ready + " after " +
               (mod ? "waking its own task" : "unparking its own task") +
               ": the task is already back at the end of the ready queue, so the executor polls "
               "the other ready tasks first and then this one again (a yield).";
    }
    if (!parked) {
        return k + " returns " + not_ready + " without having " +
               (mod ? "cloned the Context's waker" : "taken the task's handle (park)") +
               ": nothing was arranged to " + (mod ? "wake" : "unpark") + " the task for it.";
    }
    if (children > 1) {
        return k + " returns " + not_ready + " too: it polled " + std::to_string(children) +
               " futures, none of them is ready yet, and each has arranged its own wakeup.";
    }
    if (i > 0 && m.events[i - 1].kind == EventKind::exit && m.events[i - 1].future != e.future &&
        poll_outcome(m.events[i - 1]) == PollOutcome::not_ready) {
        return k + " returns " + not_ready +
               " too: the future it polled is not ready, and that future "
               "has arranged the wakeup.";
    }
    return k + " returns " + not_ready +
           ": it cannot finish yet, and it has arranged to be woken — its task's " +
           (mod ? "Waker" : "handle") +
           " is held by a timer, a socket, a channel or an inner future.";
}

// Wakeups and time: unparks, timers and the clock.
std::string Narrator::wakeup_sentence(std::size_t i) const {
    const trace::TraceModel &m = model_;
    const TraceEvent &e = m.events[i];
    const bool mod = modern();
    std::string task = m.task_name(e.task);
    switch (e.kind) {
    case EventKind::unpark: {
        std::string s = "Task " + m.task_name(e.task) +
                        (mod ? " is woken by " : " is unparked by ") + source_text(m, e);
        if (e.text != 0) {
            s += " (" + via_text(i) + ")";
        }
        switch (unpark_outcome(e)) {
        case UnparkOutcome::queued:
            return s + ": it goes to the back of the ready queue.";
        case UnparkOutcome::coalesced:
            return s + ", but it is already queued: the " + (mod ? "wake" : "unpark") +
                   " is coalesced and the task will be polled once.";
        case UnparkOutcome::ignored:
            return s + ", but it has already completed: the " + (mod ? "wake" : "unpark") +
                   " is ignored.";
        }
        return s + ".";
    }
    case EventKind::timer_set: {
        // The deadline is a time on the virtual clock, not a duration: say both.
        std::string s = "Timer #" + std::to_string(e.ref) + " is set for " +
                        format_duration(e.num) + " (" + format_duration(e.num - e.t) + " from now)";
        if (e.task == 0) {
            return s + ": one of the network's own timers (a packet's delivery, a connection's "
                       "timeout). It wakes no task itself; what the network does when it fires "
                       "may.";
        }
        return s + ": when the clock gets there it will " + (mod ? "wake" : "unpark") + " task " +
               task + ".";
    }
    case EventKind::timer_cancel:
        return "Timer #" + std::to_string(e.ref) +
               " is cancelled: its future finished or was dropped, so the clock will not move for "
               "it.";
    case EventKind::timer_fire:
        if (e.task == 0) {
            return "Timer #" + std::to_string(e.ref) +
                   " fires: it is the network's, so it wakes no task itself; the network now "
                   "does what it was set for.";
        }
        return "Timer #" + std::to_string(e.ref) +
               (mod ? " fires and wakes task " : " fires and unparks task ") + task + ".";
    case EventKind::clock:
        if (e.flag) {
            return "A blocking poll moves the clock from " + format_duration(e.num) + " to " +
                   format_duration(e.num2) + ": while it blocks, no other task can run.";
        }
        return "No task is ready, so the clock jumps from " + format_duration(e.num) + " to " +
               format_duration(e.num2) + ", the earliest timer's deadline.";
    default:
        break;
    }
    return {};
}

// The virtual network: sockets, listeners, links and hosts.
std::string Narrator::network_sentence(std::size_t i) const {
    const trace::TraceModel &m = model_;
    const TraceEvent &e = m.events[i];
    switch (e.kind) {
    case EventKind::listen:
        return "A listener is bound at " + std::string(m.str(e.text)) + ".";
    case EventKind::connect:
        if (m.str(e.text3) == "established") {
            return "Socket #" + std::to_string(e.ref) + " at " + std::string(m.str(e.text)) +
                   " is now connected to " + std::string(m.str(e.text2)) +
                   ": the handshake is complete (established).";
        }
        return "Socket #" + std::to_string(e.ref) + " at " + std::string(m.str(e.text)) +
               " starts connecting to " + std::string(m.str(e.text2)) +
               (e.text3 != 0 ? " (" + std::string(m.str(e.text3)) + ")" : "") + ".";
    case EventKind::accept:
        return "The listener at " + std::string(m.str(e.text)) + " accepts a connection from " +
               std::string(m.str(e.text2)) + ".";
    case EventKind::send:
        if (e.num == 0 && e.text3 != 0) {
            // A control packet (SYN, ACK, FIN) carries no bytes of data.
            return "Socket #" + std::to_string(e.ref) + " sends a " + std::string(m.str(e.text3)) +
                   " to " + std::string(m.str(e.text2)) + "; it travels at the link's latency.";
        }
        return "Socket #" + std::to_string(e.ref) + " sends " + std::to_string(e.num) +
               " bytes to " + std::string(m.str(e.text2)) +
               (e.text3 != 0 ? " (" + std::string(m.str(e.text3)) + ")" : "") +
               "; they travel at the link's latency and bandwidth.";
    case EventKind::deliver:
        return deliver_sentence(i);
    case EventKind::close:
        return "Socket #" + std::to_string(e.ref) + " is closed" +
               (e.text3 != 0 ? " (" + std::string(m.str(e.text3)) + ")" : "") + ".";
    case EventKind::reset:
        return "Socket #" + std::to_string(e.ref) + " is reset" +
               (e.text3 != 0 ? " (" + std::string(m.str(e.text3)) + ")" : "") + ".";
    case EventKind::tls:
        return "TLS on socket #" + std::to_string(e.ref) + ": " +
               (e.text3 != 0 ? std::string(m.str(e.text3)) : std::string("a record")) + ".";
    case EventKind::partition:
        return "The link between " + std::string(m.str(e.text)) + " and " +
               std::string(m.str(e.text2)) +
               " is partitioned: nothing crosses it until it heals, and a connect across it can "
               "time out.";
    case EventKind::heal:
        return "The partition between " + std::string(m.str(e.text)) + " and " +
               std::string(m.str(e.text2)) +
               " heals: what was lost in it is sent again, so no byte goes missing.";
    case EventKind::hold:
        return "The link between " + std::string(m.str(e.text)) + " and " +
               std::string(m.str(e.text2)) +
               " holds its messages: they arrive but no socket gets them until it is released.";
    case EventKind::release:
        return "The link between " + std::string(m.str(e.text)) + " and " +
               std::string(m.str(e.text2)) +
               " is released: the held messages are delivered, in order.";
    case EventKind::crash:
        return "Host " + std::string(m.str(e.text)) +
               " crashes: its sockets are reset, its listeners closed, and its peers learn of it "
               "by "
               "RST.";
    case EventKind::restart:
        return "Host " + std::string(m.str(e.text)) + " restarts: its services start again.";
    default:
        break;
    }
    return {};
}

// Channels: values sent and received, backpressure, closing and cancelling.
std::string Narrator::channel_sentence(std::size_t i) const {
    const trace::TraceModel &m = model_;
    const TraceEvent &e = m.events[i];
    const bool mod = modern();
    const std::string not_ready = mod ? "Pending" : "NotReady";
    switch (e.kind) {
    case EventKind::chan_send:
        return "A value " + value_text(m, e) + " is sent on " + m.channel_name(e.ref) + ".";
    case EventKind::chan_recv:
        return "A value " + value_text(m, e) + " is received from " + m.channel_name(e.ref) + ".";
    case EventKind::chan_full:
        return chan_full_sentence(i);
    case EventKind::chan_close:
        return capital(m.channel_name(e.ref)) + " is closed" +
               (e.text3 != 0 ? " (" + std::string(m.str(e.text3)) + ")" : "") + ".";
    case EventKind::chan_cancel:
        return capital(m.channel_name(e.ref)) + " is cancelled" +
               (e.text3 != 0 ? " (" + std::string(m.str(e.text3)) + ")" : "") +
               ": the other end will see Canceled.";
    default:
        break;
    }
    return {};
}

// What the detectors add: a diagnostic, and after a NotReady who will wake the task.
std::string Narrator::detector_sentence(std::size_t i) const {
    const TraceEvent &e = model_.events[i];
    const trace::TraceModel &m = model_;
    const bool mod = modern();
    std::string task = m.task_name(e.task);
    switch (e.kind) {
    case EventKind::diag:
        return "Diagnostic " + std::string(m.str(e.text2)) + ": " +
               with_channel_names(m, m.str(e.text));
    case EventKind::wait: {
        // Who will wake me: what holds the task's handle (Waker) after a NotReady poll.
        const std::vector<std::string> on = trace::wait_holders(m, e);
        if (on.empty()) {
            if (woken_during_poll(i)) {
                return "Task " + task + (mod ? " woke itself" : " unparked itself") +
                       " during this poll and is already back in the ready queue: it handed "
                       "control back to the executor (a yield), so no timer, socket or channel "
                       "needs to hold its " +
                       (mod ? "Waker." : "handle.");
            }
            if (mod) {
                return "Task " + task +
                       " is pending, but nothing holds its Waker: no timer, socket, channel or "
                       "task can wake it, so it will never be polled again. This is a lost "
                       "wakeup: a future returned Pending without cloning the Context's waker "
                       "first.";
            }
            return "Task " + task +
                   " is parked, but nothing holds its handle: no timer, socket, channel or task "
                   "can unpark it, so it will never be polled again. This is a lost wakeup: a "
                   "future returned NotReady without taking the task's handle (park) first.";
        }
        std::string list;
        for (const std::string &h : on) {
            list += (list.empty() ? "" : "; ") + with_channel_names(m, h);
        }
        return "Task " + task +
               (mod ? " is pending; what will wake it: " : " is parked; what will wake it: ") +
               list + ".";
    }
    default:
        break;
    }
    return {};
}

} // namespace futurescope::narrate
