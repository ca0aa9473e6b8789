// The sentences whose words depend on the events around them: which mechanism an unpark names
// (a oneshot's send or its sender's drop), which task an arrival unparks, and whether a full
// channel has just accepted the value sent. narrator.cpp dispatches to them through
// sentences.cpp's families.
#include <string>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/narrate/narrator.hpp"
#include "words.hpp"

namespace futurescope::narrate {

using trace::EventKind;
using trace::TraceEvent;

// An unpark's mechanism. A oneshot's receiver is unparked by the sender's drop both after a send
// and without one; the trace names the drop ("oneshot sender dropped"), the sentence says which.
std::string Narrator::via_text(std::size_t i) const {
    const trace::TraceModel &m = model_;
    const std::string via(m.str(m.events[i].text));
    if (via != "oneshot sender dropped") {
        return via;
    }
    for (std::size_t j = i; j-- > 0;) {
        const TraceEvent &b = m.events[j];
        if (b.kind == EventKind::chan_send) {
            return "the value was sent: the receiver will find it";
        }
        if (b.kind == EventKind::chan_cancel) {
            return "the sender was dropped without sending: the receiver will see Canceled";
        }
        if (b.kind == EventKind::poll_begin || b.kind == EventKind::poll_end) {
            break;
        }
    }
    return via;
}

// Bytes arrive: the sentence says which task the arrival unparks, if any (what happens at once
// after it, before the next arrival, poll or clock move).
std::string Narrator::deliver_sentence(std::size_t i) const {
    const trace::TraceModel &m = model_;
    const TraceEvent &e = m.events[i];
    const bool mod = modern();
    std::string s =
        e.num == 0 && e.text3 != 0
            ? "A " + std::string(m.str(e.text3)) + " arrives at socket #" + std::to_string(e.ref)
            : std::to_string(e.num) + " bytes arrive at socket #" + std::to_string(e.ref) +
                  (e.text3 != 0 ? " (" + std::string(m.str(e.text3)) + ")" : "");
    std::vector<std::string> woken;
    for (std::size_t j = i + 1; j < m.events.size(); ++j) {
        const TraceEvent &b = m.events[j];
        if (b.t != e.t || b.kind == EventKind::deliver || b.kind == EventKind::poll_begin ||
            b.kind == EventKind::clock || b.kind == EventKind::timer_fire) {
            break;
        }
        if (b.kind == EventKind::unpark && unpark_source(b) == SourceKind::io &&
            unpark_outcome(b) != UnparkOutcome::ignored) {
            woken.push_back("task " + m.task_name(b.task));
        }
    }
    if (woken.empty()) {
        return s + ": no task is " + (mod ? "woken" : "unparked") +
               " by it (none waits on this socket for it yet).";
    }
    std::string list;
    for (const std::string &w : woken) {
        list += (list.empty() ? "" : ", ") + w;
    }
    return s + ": it " + (mod ? "wakes " : "unparks ") + list + ", which waited on it.";
}

// A bounded channel is full. After a send on it in the same poll, the value was accepted into the
// sender's own slot (a futures 0.1 mpsc holds its buffer plus one slot per sender), but the Send
// future cannot hand the Sender back until the receiver takes a value: the seed's "resolves to the
// original sender only once the sent value is consumed".
std::string Narrator::chan_full_sentence(std::size_t i) const {
    const trace::TraceModel &m = model_;
    const TraceEvent &e = m.events[i];
    const std::string not_ready = modern() ? "Pending" : "NotReady";
    const std::string name = m.channel_name(e.ref);
    if (i > 0 && m.events[i - 1].kind == EventKind::chan_send && m.events[i - 1].ref == e.ref) {
        return capital(name) + " is now full: the value " + value_text(m, m.events[i - 1]) +
               " was accepted into the sender's own slot, but Send resolves to the sender only "
               "once a sent value is consumed, so it answers " +
               not_ready + " until the receiver takes one (backpressure).";
    }
    return capital(name) + " is full: the sender gets " + not_ready +
           " and waits for the receiver to make room (backpressure)" +
           (e.text3 != 0 ? " — " + std::string(m.str(e.text3)) : std::string()) + ".";
}

} // namespace futurescope::narrate
