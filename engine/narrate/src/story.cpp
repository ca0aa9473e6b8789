// The lesson's story: one pass over the events. A lesson task's poll gathers everything between
// its poll_begin and its poll_end (and the wait, drops and completion right after) into one line;
// everything outside a lesson task's poll gathers into a world line, written when the next poll
// begins; runs of polls that say the same fold into one repeat line.
//
// [SECTION] Words
// [SECTION] A poll's line
// [SECTION] The world's line
// [SECTION] The pass
#include "futurescope/narrate/story.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "futurescope/executor/executor.hpp"
#include "futurescope/trace/task_status.hpp"

namespace futurescope::narrate {

using trace::EventKind;
using trace::TraceEvent;
using trace::TraceModel;

// [SECTION] Words

namespace {

// "a, b and c".
std::string join_and(const std::vector<std::string> &items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        out += i == 0 ? "" : i + 1 == items.size() ? " and " : ", ";
        out += items[i];
    }
    return out;
}

void add_once(std::vector<std::string> &items, std::string item) {
    if (std::find(items.begin(), items.end(), item) == items.end()) {
        items.push_back(std::move(item));
    }
}

std::string value_of(const TraceModel &m, const TraceEvent &e) {
    const std::string_view v = m.str(e.text);
    return v.empty() ? std::string("()") : std::string(v);
}

// Who unparked a task, as the story says it.
std::string waker_text(const TraceModel &m, const TraceEvent &e) {
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

bool has_sources(const TraceModel &m) {
    return std::any_of(m.futures.begin(), m.futures.end(), [](const trace::TraceFuture &f) {
        return f.source != 0;
    });
}

} // namespace

bool is_world_task(const TraceModel &model, TaskId task) {
    const trace::TraceTask *t = model.task(task);
    if (t == nullptr || !has_sources(model)) {
        return false;
    }
    const trace::TraceFuture *root = model.future(t->root);
    return root == nullptr || root->source == 0;
}

// [SECTION] A poll's line

namespace {

// What one task-level poll of a lesson task did.
struct PollAcc {
    TaskId task = 0;
    std::uint64_t number = 0;
    std::size_t first = 0;
    std::size_t last = 0;
    std::size_t last_enter = static_cast<std::size_t>(-1);
    std::size_t last_enter_exit = static_cast<std::size_t>(-1); // where it answered, new state
    std::vector<std::string> woken_by; // the unparks since the task's previous poll
    std::vector<std::string> actions;
    std::optional<std::size_t> wait;
    std::optional<std::size_t> complete;
    bool unparked_itself = false;
    bool ended = false; // its poll_end was seen; the wait, drops and completion may follow
};

class Teller {
  public:
    Teller(const TraceModel &m, const Narrator &n, const std::vector<StoryOutput> &output)
        : m_(m), n_(n), output_(output), used_output_(output.size(), false),
          modern_(n.vocabulary() == trace::Vocabulary::modern) {
        world_task_.resize(m.tasks.size() + 1, false);
        for (TaskId t = 1; t <= m.tasks.size(); ++t) {
            world_task_[t] = is_world_task(m, t);
        }
    }

    std::vector<StoryLine> run();

  private:
    [[nodiscard]] bool world(TaskId t) const { return t < world_task_.size() && world_task_[t]; }
    void event(std::size_t i);
    bool belongs_after_end(const PollAcc &p, const TraceEvent &e) const;
    void poll_event(PollAcc &p, std::size_t i);
    void close_poll(TaskId task);
    [[nodiscard]] std::string poll_text(const PollAcc &p) const;
    [[nodiscard]] std::string answer_text(const PollAcc &p) const;
    void add_prints(PollAcc &p);
    void world_event(std::size_t i);
    void flush_world();
    void flush_spawns();
    void push(StoryLineKind kind, std::size_t first, std::size_t last, std::string text);
    void push_diag(std::size_t i) {
        push(StoryLineKind::diagnostic, i, i, "⚠ " + with_channel_names(m_, n_.sentence(i)));
    }
    void push_deferred_diags() {
        for (std::size_t i : deferred_diags_) {
            push_diag(i);
        }
        deferred_diags_.clear();
    }

    const TraceModel &m_;
    const Narrator &n_;
    const std::vector<StoryOutput> &output_;
    std::vector<bool> used_output_;
    bool modern_;
    std::vector<bool> world_task_;
    std::map<TaskId, PollAcc> open_;                           // lesson polls begun, not written
    std::map<TaskId, std::vector<std::string>> woken_;         // unparks waiting for a poll
    std::map<TaskId, std::uint64_t> polls_;                    // task-level polls so far
    std::set<TaskId> world_polling_;                           // world tasks inside a poll
    std::optional<std::pair<std::size_t, std::size_t>> world_; // the world's events not written
    std::vector<std::size_t> spawns_;                          // spawns from outside, not written
    std::vector<std::string> pending_notes_;
    std::vector<std::size_t> deferred_diags_; // diagnostics made while a poll was open
    std::vector<StoryLine> lines_;
    bool tls_sent_ = false;  // the next send carries the TLS record just named
    std::string last_shape_; // the previous poll line without its numbers, for repeats
    std::size_t repeat_count_ = 0;
};

void Teller::poll_event(PollAcc &p, std::size_t i) {
    const TraceEvent &e = m_.events[i];
    p.last = i;
    switch (e.kind) {
    case EventKind::enter:
        p.last_enter = i;
        p.last_enter_exit = static_cast<std::size_t>(-1);
        break;
    case EventKind::exit:
        if (p.last_enter != static_cast<std::size_t>(-1) &&
            m_.events[p.last_enter].future == e.future) {
            p.last_enter_exit = i;
        }
        break;
    case EventKind::chan_send:
        add_once(p.actions, "sends " + value_of(m_, e) + " on " + m_.channel_name(e.ref));
        break;
    case EventKind::chan_recv:
        add_once(p.actions, "receives " + value_of(m_, e) + " from " + m_.channel_name(e.ref));
        break;
    case EventKind::chan_full:
        add_once(p.actions, m_.channel_name(e.ref) + " is full");
        break;
    case EventKind::chan_close:
        add_once(p.actions, m_.channel_name(e.ref) + " is closed");
        break;
    case EventKind::chan_cancel:
        add_once(p.actions, m_.channel_name(e.ref) + " is cancelled");
        break;
    case EventKind::spawn:
        add_once(p.actions, "spawns task " + std::string(m_.str(e.text)));
        break;
    case EventKind::send:
        // A control packet by its name ("a SYN"); data by its size (a TLS record says its name).
        if (e.num == 0 && e.text3 != 0) {
            add_once(p.actions, "sends a " + std::string(m_.str(e.text3)));
        } else if (e.num > 0 && !tls_sent_) {
            add_once(p.actions, "sends " + std::to_string(e.num) + " bytes");
        }
        tls_sent_ = false;
        break;
    case EventKind::tls:
        if (e.text3 != 0) {
            add_once(p.actions, "sends the TLS " + std::string(m_.str(e.text3)));
            tls_sent_ = true;
        }
        break;
    case EventKind::unpark:
        if (unpark_outcome(e) == UnparkOutcome::ignored) {
            break;
        }
        if (e.task == p.task) {
            p.unparked_itself = true;
            woken_[e.task].push_back("itself");
        } else {
            add_once(p.actions,
                     std::string(modern_ ? "wakes " : "unparks ") + m_.task_name(e.task));
            woken_[e.task].push_back(waker_text(m_, e));
        }
        break;
    case EventKind::wait:
        if (e.task == p.task) {
            p.wait = i;
        }
        break;
    case EventKind::complete:
        if (e.task == p.task) {
            p.complete = i;
        }
        break;
    case EventKind::poll_end:
        if (e.task == p.task) {
            p.ended = true;
        }
        break;
    default:
        break;
    }
}

// After its poll_end, the task's wait, its future's drops and its completion still belong to the
// poll's line (what the drops unpark too).
bool Teller::belongs_after_end(const PollAcc &p, const TraceEvent &e) const {
    switch (e.kind) {
    case EventKind::wait:
    case EventKind::drop:
    case EventKind::complete:
    case EventKind::timer_cancel:
    case EventKind::chan_close:
    case EventKind::chan_cancel:
        return e.task == p.task || e.kind == EventKind::timer_cancel;
    case EventKind::unpark:
        return unpark_source(e) == SourceKind::task && e.ref == p.task;
    default:
        return false;
    }
}

std::string Teller::answer_text(const PollAcc &p) const {
    const std::string task = m_.task_name(p.task);
    if (p.complete) {
        const TraceEvent &c = m_.events[*p.complete];
        if (c.text2 != 0) {
            return "panics (" + std::string(m_.str(c.text2)) + "): task " + task + " completes";
        }
        if (poll_outcome(c) == PollOutcome::ready) {
            return "Ready(" + value_of(m_, c) + "): task " + task + " completes";
        }
        return "Err(" + value_of(m_, c) + "): task " + task + " completes with the error";
    }
    std::string s = modern_ ? "Pending" : "NotReady";
    if (!p.wait) {
        return s;
    }
    const std::vector<std::string> holders = trace::wait_holders(m_, m_.events[*p.wait]);
    if (!holders.empty()) {
        std::vector<std::string> named;
        for (const std::string &h : holders) {
            named.push_back(with_channel_names(m_, h));
        }
        std::string list;
        for (const std::string &h : named) {
            list += (list.empty() ? "" : "; ") + h;
        }
        return s + (modern_ ? "; its Waker is held by " : "; its handle is held by ") + list;
    }
    if (p.unparked_itself) {
        return s + (modern_ ? "; it woke itself first, so it is back in the ready queue (a yield)"
                            : "; it unparked itself first, so it is back in the ready queue "
                              "(a yield)");
    }
    return s + (modern_ ? "; nothing holds its Waker (a lost wakeup)"
                        : "; nothing holds its handle (a lost wakeup)");
}

std::string Teller::poll_text(const PollAcc &p) const {
    std::string s = m_.task_name(p.task) + " · poll " + std::to_string(p.number);
    if (!p.woken_by.empty()) {
        s += std::string(modern_ ? " (woken by " : " (unparked by ") + join_and(p.woken_by) + ")";
    }
    std::string path;
    if (p.last_enter != static_cast<std::size_t>(-1)) {
        // The innermost future last polled, in the state it answered from.
        path = n_.path(p.last_enter_exit != static_cast<std::size_t>(-1) ? p.last_enter_exit
                                                                         : p.last_enter);
        const std::string prefix = m_.task_name(p.task) + " ▸ ";
        if (path.compare(0, prefix.size(), prefix) == 0) {
            path.erase(0, prefix.size());
        }
    }
    s += ": " + (path.empty() ? std::string("its root future") : path) + " → " + answer_text(p);
    if (!p.actions.empty()) {
        s += " — " + join_and(p.actions);
    }
    return s + ".";
}

void Teller::add_prints(PollAcc &p) {
    const TimeNs t = m_.events[p.first].t;
    const std::string task = m_.task_name(p.task);
    for (std::size_t k = 0; k < output_.size(); ++k) {
        if (!used_output_[k] && output_[k].t == t && output_[k].task == task &&
            (output_[k].poll == 0 || output_[k].poll == p.number)) {
            used_output_[k] = true;
            p.actions.push_back("prints \"" + output_[k].text + "\"");
        }
    }
}

// The poll's line, or one more poll in a run of polls that each said the same.
void Teller::close_poll(TaskId task) {
    auto it = open_.find(task);
    if (it == open_.end()) {
        return;
    }
    PollAcc p = std::move(it->second);
    open_.erase(it);
    add_prints(p);
    std::string text = poll_text(p);
    // The line without its numbers (poll counts, times, timer ids), for one task only.
    std::string shape = std::to_string(p.task) + ":";
    for (char c : text) {
        if (c < '0' || c > '9') {
            shape += c;
        }
    }
    const bool noted = [&] {
        for (std::size_t i = p.first; i <= p.last; ++i) {
            if (!n_.notes(i).empty()) {
                return true;
            }
        }
        return false;
    }();
    if (!noted && pending_notes_.empty() && !lines_.empty() && shape == last_shape_ &&
        (lines_.back().kind == StoryLineKind::poll ||
         lines_.back().kind == StoryLineKind::repeat)) {
        // The same poll again: one line says how many times.
        ++repeat_count_;
        std::string again = m_.task_name(p.task) + " · polls " +
                            std::to_string(p.number - repeat_count_ + 1) + "–" +
                            std::to_string(p.number) + ": the same again (" +
                            std::to_string(repeat_count_) + " more polls).";
        if (lines_.back().kind == StoryLineKind::repeat) {
            lines_.back().text = std::move(again);
            lines_.back().last_event = p.last;
        } else {
            push(StoryLineKind::repeat, p.first, p.last, std::move(again));
        }
        push_deferred_diags();
        return;
    }
    repeat_count_ = 0;
    last_shape_ = std::move(shape);
    push(StoryLineKind::poll, p.first, p.last, std::move(text));
    push_deferred_diags();
}

// [SECTION] The world's line

void Teller::world_event(std::size_t i) {
    if (!world_) {
        world_ = std::make_pair(i, i);
    }
    world_->second = i;
}

void Teller::flush_world() {
    if (!world_) {
        return;
    }
    const auto [first, last] = *world_;
    world_.reset();
    std::vector<std::string> carried; // what crossed the network
    std::vector<std::string> services;
    std::vector<std::string> wakes;
    std::vector<std::string> other;
    std::size_t packets = 0;
    std::map<TaskId, std::uint64_t> service_polls;
    std::optional<std::pair<TimeNs, TimeNs>> clock;
    std::size_t jumps = 0;
    for (std::size_t i = first; i <= last; ++i) {
        const TraceEvent &e = m_.events[i];
        switch (e.kind) {
        case EventKind::deliver:
            ++packets;
            if (e.text3 != 0) {
                add_once(carried, std::string(m_.str(e.text3)));
            }
            break;
        case EventKind::poll_begin:
            ++service_polls[e.task];
            break;
        case EventKind::clock:
            clock = clock ? std::make_pair(clock->first, e.num2) : std::make_pair(e.num, e.num2);
            ++jumps;
            break;
        case EventKind::listen:
            add_once(other, "a listener is bound at " + std::string(m_.str(e.text)));
            break;
        case EventKind::unpark:
            if (!world(e.task) && unpark_outcome(e) != UnparkOutcome::ignored) {
                // The network says why ("connection established"); a timer's "timer fired"
                // says nothing more.
                std::string who = waker_text(m_, e);
                if (unpark_source(e) == SourceKind::io && e.text != 0) {
                    who = "the network (socket #" + std::to_string(e.ref) + ": " +
                          std::string(m_.str(e.text)) + ")";
                }
                add_once(wakes, who + (modern_ ? " wakes " : " unparks ") + m_.task_name(e.task));
                woken_[e.task].push_back(waker_text(m_, e));
            }
            break;
        case EventKind::chan_close:
        case EventKind::chan_cancel:
            if (!world(e.task)) {
                add_once(other,
                         m_.channel_name(e.ref) +
                             (e.kind == EventKind::chan_close ? " is closed" : " is cancelled"));
            }
            break;
        default:
            break;
        }
    }
    std::vector<std::string> parts;
    if (clock) {
        parts.push_back("no task is ready, so the clock jumps from " +
                        format_duration(clock->first) + " to " + format_duration(clock->second) +
                        (jumps > 1 ? " (" + std::to_string(jumps) + " jumps)" : ""));
    }
    if (packets > 0) {
        std::string s = "the network delivers " + std::to_string(packets) +
                        (packets == 1 ? " packet" : " packets");
        if (!carried.empty()) {
            std::vector<std::string> shown(
                carried.begin(),
                carried.begin() +
                    static_cast<std::ptrdiff_t>(std::min<std::size_t>(carried.size(), 4)));
            s += " (" + join_and(shown) + (carried.size() > 4 ? ", …" : "") + ")";
        }
        parts.push_back(s);
    }
    for (const auto &[task, polls] : service_polls) {
        parts.push_back("the simulated service's task " + m_.task_name(task) + " is polled " +
                        (polls == 1 ? std::string("once") : std::to_string(polls) + " times"));
    }
    parts.insert(parts.end(), other.begin(), other.end());
    parts.insert(parts.end(), wakes.begin(), wakes.end());
    if (parts.empty()) {
        for (std::size_t i = first; i <= last; ++i) {
            for (std::string &note : n_.notes(i)) {
                pending_notes_.push_back(std::move(note));
            }
        }
        return;
    }
    std::string text = "⋯ " + parts.front();
    for (std::size_t k = 1; k < parts.size(); ++k) {
        text += "; " + parts[k];
    }
    push(StoryLineKind::world, first, last, text + ".");
}

void Teller::flush_spawns() {
    if (spawns_.empty()) {
        return;
    }
    std::vector<std::string> names;
    for (std::size_t i : spawns_) {
        const TraceEvent &e = m_.events[i];
        names.push_back(std::string(m_.str(e.text)) + (e.flag ? " (a daemon)" : ""));
    }
    std::string text =
        names.size() == 1
            ? "Task " + names.front() +
                  " is spawned: it goes to the back of the ready queue, to be polled in turn."
            : "Tasks " + join_and(names) +
                  " are spawned: each goes to the back of the ready queue, to be polled in "
                  "this order.";
    push(StoryLineKind::spawn, spawns_.front(), spawns_.back(), std::move(text));
    spawns_.clear();
}

void Teller::push(StoryLineKind kind, std::size_t first, std::size_t last, std::string text) {
    StoryLine line;
    line.kind = kind;
    line.first_event = first;
    line.last_event = last;
    line.t = m_.events[first].t;
    line.text = std::move(text);
    line.notes = std::move(pending_notes_);
    pending_notes_.clear();
    for (std::size_t i = first; i <= last; ++i) {
        for (std::string &note : n_.notes(i)) {
            line.notes.push_back(std::move(note));
        }
    }
    lines_.push_back(std::move(line));
}

// [SECTION] The pass

void Teller::event(std::size_t i) {
    const TraceEvent &e = m_.events[i];
    // A poll that ended takes what belongs to it, and is written at the first event that does not.
    for (auto it = open_.begin(); it != open_.end();) {
        PollAcc &p = it->second;
        ++it;
        if (!p.ended) {
            continue;
        }
        if (belongs_after_end(p, e)) {
            poll_event(p, i);
            return;
        }
        close_poll(p.task);
    }
    if (e.kind == EventKind::poll_begin) {
        ++polls_[e.task];
        if (world(e.task)) {
            world_polling_.insert(e.task);
            world_event(i);
            return;
        }
        flush_spawns();
        flush_world();
        PollAcc p;
        p.task = e.task;
        p.number = polls_[e.task];
        p.first = i;
        p.last = i;
        p.woken_by = std::move(woken_[e.task]);
        woken_.erase(e.task);
        open_[e.task] = std::move(p);
        return;
    }
    if (e.kind == EventKind::diag) {
        // A finding made during a poll comes after that poll's line.
        if (!open_.empty()) {
            deferred_diags_.push_back(i);
            return;
        }
        flush_spawns();
        flush_world();
        push_diag(i);
        return;
    }
    // Inside a lesson poll, its own events, and what the world does during it (a SYN sent, a
    // delivery timer set), belong to it; a world task's poll belongs to the world.
    if (world_polling_.count(e.task) != 0) {
        if (e.kind == EventKind::poll_end) {
            world_polling_.erase(e.task);
        }
        world_event(i);
        return;
    }
    auto own = open_.find(e.task);
    if (own == open_.end() && e.kind == EventKind::unpark && unpark_source(e) == SourceKind::task) {
        own = open_.find(e.ref); // an unpark belongs to the poll of the task that made it
    }
    if (own == open_.end() && !open_.empty() && world_polling_.empty()) {
        own = std::prev(open_.end());
    }
    if (own != open_.end() && !own->second.ended) {
        poll_event(own->second, i);
        return;
    }
    if (e.kind == EventKind::spawn && !world(e.task)) {
        flush_world();
        spawns_.push_back(i);
        return;
    }
    flush_spawns();
    world_event(i);
}

std::vector<StoryLine> Teller::run() {
    for (std::size_t i = 0; i < m_.events.size(); ++i) {
        event(i);
    }
    while (!open_.empty()) {
        close_poll(open_.begin()->first);
    }
    push_deferred_diags();
    flush_spawns();
    flush_world();
    if (!pending_notes_.empty() && !lines_.empty()) {
        for (std::string &note : pending_notes_) {
            lines_.back().notes.push_back(std::move(note));
        }
    }
    return std::move(lines_);
}

} // namespace

std::vector<StoryLine> tell_story(const TraceModel &model,
                                  const Narrator &narrator,
                                  const std::vector<StoryOutput> &output) {
    return Teller(model, narrator, output).run();
}

} // namespace futurescope::narrate
