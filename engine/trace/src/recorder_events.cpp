// The recorder's Observer callbacks: each writes its event at once and updates only the tables
// the end of the document needs.

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string>
#include <utility>

#include "recorder_impl.hpp"

namespace futurescope::trace {

using detail::EventOut;

namespace {

// describe_holder's text (executor.cpp), appended in place: a wait event follows every NotReady,
// and building each part as a temporary string cost an allocation per event.
void append_holder(std::string &out, const WaitHolder &h) {
    std::string_view what = h.what != nullptr ? std::string_view(h.what) : std::string_view();
    auto append_id = [&] {
        char buf[16];
        auto r = std::to_chars(buf, buf + sizeof buf, h.id);
        out.append(buf, r.ptr);
    };
    switch (h.kind) {
    case SourceKind::timer:
        out += "timer #";
        append_id();
        out += " (";
        out += what.empty() ? std::string_view("timer") : what;
        if (h.at >= 0) {
            out += ", fires at ";
            out += format_duration(h.at);
        }
        out += ')';
        return;
    case SourceKind::io:
        out += "socket #";
        append_id();
        out += " (";
        out += what.empty() ? std::string_view("io") : what;
        out += ')';
        return;
    case SourceKind::channel:
        out += "channel #";
        append_id();
        out += " (";
        out += what.empty() ? std::string_view("channel") : what;
        out += ')';
        return;
    case SourceKind::task:
        out += "task ";
        append_id();
        if (!what.empty()) {
            out += " (";
            out += what;
            out += ')';
        }
        return;
    case SourceKind::external:
        break;
    }
    out += what.empty() ? std::string_view("a handle a future keeps for itself") : what;
}

} // namespace

FutureId Recorder::register_future(const FutureKind &kind, std::string_view label) {
    return register_future(kind, label, {});
}

FutureId
Recorder::register_future(const FutureKind &kind, std::string_view label, std::string_view source) {
    Impl &m = *impl_;
    TaskId task = current_task_id();
    FutureId parent = m.stack.empty() ? 0 : m.stack.back();
    auto id = static_cast<FutureId>(m.futures.size() + 1);
    m.futures.push_back(Impl::FutureRec{task,
                                        parent,
                                        m.intern_kind(kind),
                                        m.labels.size(),
                                        static_cast<std::uint32_t>(label.size()),
                                        static_cast<std::uint32_t>(source.size())});
    m.labels.append(label);
    m.labels.append(source);
    if (task != 0) {
        Impl::TaskRec &t = m.task(task);
        if (parent == 0 && t.root == 0) {
            t.root = id;
        }
    }
    return id;
}

void Recorder::on_enter(FutureId future, int state) {
    Impl &m = *impl_;
    future = m.known(future);
    m.stack.push_back(future);
    EventOut e;
    e.kind = EventKind::enter;
    e.task = current_task_id();
    m.note_task(e.task);
    e.future = future;
    e.text = m.state_name(future, state, 0);
    m.emit<EventKind::enter>(e);
}

void Recorder::on_exit(FutureId future, PollOutcome outcome, ValueRef value) {
    Impl &m = *impl_;
    future = m.known(future);
    // Unbalanced exits (an observer installed mid-poll) must not empty the stack wrongly.
    for (std::size_t i = m.stack.size(); i > 0; --i) {
        if (m.stack[i - 1] == future) {
            m.stack.resize(i - 1);
            break;
        }
    }
    EventOut e;
    e.kind = EventKind::exit;
    e.task = current_task_id();
    m.note_task(e.task);
    e.future = future;
    e.code = static_cast<std::uint8_t>(outcome);
    if (!value.empty()) {
        m.value_text = value.text();
        e.text = m.value_text;
    }
    m.emit<EventKind::exit>(e);
}

void Recorder::on_state(FutureId future, int from, int to) { on_state_held(future, from, to, {}); }

// An async fn's suspension also says what the new state holds ("held", optional).
void Recorder::on_state_held(FutureId future, int from, int to, std::string_view held) {
    Impl &m = *impl_;
    future = m.known(future);
    EventOut e;
    e.kind = EventKind::state;
    e.task = current_task_id();
    m.note_task(e.task);
    e.future = future;
    e.text = m.state_name(future, from, 0);
    e.text2 = m.state_name(future, to, 1);
    e.text3 = held;
    m.emit<EventKind::state>(e);
}

void Recorder::on_drop(FutureId future) {
    Impl &m = *impl_;
    EventOut e;
    e.kind = EventKind::drop;
    e.task = current_task_id();
    m.note_task(e.task);
    e.future = m.known(future);
    m.emit<EventKind::drop>(e);
}

void Recorder::on_spawn(const TaskInfo &task) {
    Impl &m = *impl_;
    if (task.id == 0) {
        return;
    }
    Impl::TaskRec &t = m.task(task.id);
    t.name = task.name.empty() ? "task-" + std::to_string(task.id) : std::string(task.name);
    t.daemon = task.daemon;
    t.parent = task.parent;
    t.spawned = true;
    t.queued = true; // rule 1: queued at once
    m.note_task(task.parent);
    EventOut e;
    e.kind = EventKind::spawn;
    e.task = task.id;
    e.text = t.name;
    e.flag = task.daemon;
    e.ref = task.parent;
    m.emit<EventKind::spawn>(e);
}

void Recorder::on_poll_begin(TaskId task) {
    Impl &m = *impl_;
    m.stack.clear();
    if (task != 0) {
        Impl::TaskRec &t = m.task(task);
        ++t.polls;
        t.queued = false;
    }
    EventOut e;
    e.kind = EventKind::poll_begin;
    e.task = task;
    // The simulated multi-threaded runtime names its workers from 1; 0 writes nothing.
    e.num = std::exchange(m.pending_worker, 0);
    e.ref = std::exchange(m.pending_stolen_from, 0);
    m.emit<EventKind::poll_begin>(e);
}

void Recorder::on_worker(TaskId task, std::uint32_t worker, std::uint32_t stolen_from) {
    (void)task;
    impl_->pending_worker = worker + 1;
    impl_->pending_stolen_from = stolen_from == kNoWorker ? 0 : stolen_from + 1;
}

void Recorder::on_wait(TaskId task, std::span<const WaitHolder> holders) {
    Impl &m = *impl_;
    m.note_task(task);
    std::string &on = m.wait_text;
    on.clear();
    for (const WaitHolder &h : holders) {
        on += on.empty() ? "" : "; ";
        append_holder(on, h);
    }
    if (task != 0) {
        m.task(task).wait_on = on;
    }
    EventOut e;
    e.kind = EventKind::wait;
    e.task = task;
    e.text = on;
    m.emit<EventKind::wait>(e);
}

void Recorder::on_poll_end(TaskId task, PollOutcome outcome) {
    Impl &m = *impl_;
    m.stack.clear();
    EventOut e;
    e.kind = EventKind::poll_end;
    e.task = task;
    m.note_task(task);
    e.code = static_cast<std::uint8_t>(outcome);
    m.emit<EventKind::poll_end>(e);
}

void Recorder::on_complete(TaskId task,
                           PollOutcome outcome,
                           ValueRef value,
                           std::string_view panic) {
    Impl &m = *impl_;
    EventOut e;
    e.kind = EventKind::complete;
    e.task = task;
    e.code = static_cast<std::uint8_t>(outcome);
    if (!value.empty()) {
        m.value_text = value.text();
        e.text = m.value_text;
    }
    e.text2 = panic;
    if (task != 0) {
        Impl::TaskRec &t = m.task(task);
        t.completed_ns = m.executor.now();
        t.queued = false;
        if (!panic.empty()) {
            t.result = ResultKind::panic;
            t.result_text = panic;
        } else {
            t.result = outcome == PollOutcome::err ? ResultKind::err : ResultKind::ok;
            t.result_text = e.text;
        }
    }
    m.emit<EventKind::complete>(e);
}

void Recorder::on_park(TaskId task, FutureId future) {
    Impl &m = *impl_;
    future = m.known(future);
    if (future == 0 && !m.stack.empty()) {
        future = m.stack.back(); // the innermost future being polled took the handle
    }
    if (task != 0) {
        Impl::TaskRec &t = m.task(task);
        t.parked = true;
        t.park_future = future;
        t.park_ns = m.executor.now();
    }
    EventOut e;
    e.kind = EventKind::park;
    e.task = task;
    e.future = future;
    m.emit<EventKind::park>(e);
}

void Recorder::on_unpark(TaskId target, const UnparkCause &cause, UnparkOutcome outcome) {
    Impl &m = *impl_;
    if (target != 0) {
        Impl::TaskRec &t = m.task(target);
        if (outcome != UnparkOutcome::ignored) {
            ++t.unparks;
        }
        if (outcome == UnparkOutcome::queued) {
            t.queued = true;
        }
    }
    EventOut e;
    e.kind = EventKind::unpark;
    e.task = target;
    e.source = static_cast<std::uint8_t>(cause.kind);
    e.ref = cause.id;
    if (cause.via != nullptr) {
        e.text = cause.via;
    }
    e.code = static_cast<std::uint8_t>(outcome);
    m.emit<EventKind::unpark>(e);
}

void Recorder::on_timer_set(TimerId timer, TimeNs deadline, TaskId task) {
    Impl &m = *impl_;
    if (timer >= m.timers.size()) {
        m.timers.resize(timer + 1);
    }
    m.timers[timer] = Impl::TimerRec{task, deadline, true};
    m.note_task(task);
    EventOut e;
    e.kind = EventKind::timer_set;
    e.ref = timer;
    e.num = deadline;
    e.task = task;
    m.emit<EventKind::timer_set>(e);
}

void Recorder::on_timer_cancel(TimerId timer) {
    Impl &m = *impl_;
    if (timer < m.timers.size()) {
        m.timers[timer].live = false;
    }
    EventOut e;
    e.kind = EventKind::timer_cancel;
    e.ref = timer;
    e.task = current_task_id();
    m.note_task(e.task);
    m.emit<EventKind::timer_cancel>(e);
}

void Recorder::on_timer_fire(TimerId timer, TaskId task) {
    Impl &m = *impl_;
    if (timer < m.timers.size()) {
        m.timers[timer].live = false;
    }
    m.note_task(task);
    EventOut e;
    e.kind = EventKind::timer_fire;
    e.ref = timer;
    e.task = task;
    m.emit<EventKind::timer_fire>(e);
}

void Recorder::on_clock(TimeNs from, TimeNs to, bool blocking) {
    EventOut e;
    e.kind = EventKind::clock;
    e.num = from;
    e.num2 = to;
    e.flag = blocking;
    impl_->emit<EventKind::clock>(e);
}

ChannelId Recorder::register_channel(std::string_view kind, std::int64_t capacity) {
    Impl &m = *impl_;
    TaskId task = current_task_id();
    m.note_task(task);
    m.channels.push_back(Impl::ChannelRec{std::string(kind), capacity, task, {}});
    return static_cast<ChannelId>(m.channels.size());
}

void Recorder::on_channel_name(ChannelId channel, std::string_view name) {
    if (channel >= 1 && channel <= impl_->channels.size()) {
        impl_->channels[channel - 1].name = std::string(name);
    }
}

void Recorder::on_channel(const ChannelEvent &event) {
    Impl &m = *impl_;
    EventOut e;
    switch (event.kind) {
    case ChannelEventKind::send:
        e.kind = EventKind::chan_send;
        break;
    case ChannelEventKind::recv:
        e.kind = EventKind::chan_recv;
        break;
    case ChannelEventKind::full:
        e.kind = EventKind::chan_full;
        break;
    case ChannelEventKind::close:
        e.kind = EventKind::chan_close;
        break;
    case ChannelEventKind::cancel:
        e.kind = EventKind::chan_cancel;
        break;
    }
    e.task = current_task_id();
    m.note_task(e.task);
    e.ref = event.channel;
    if (!event.value.empty()) {
        m.value_text = event.value.text();
        e.text = m.value_text;
    }
    if (event.detail != nullptr) {
        e.text3 = event.detail;
    }
    m.emit<EventKind::chan_send, false>(e);
}

// on_channel and on_net write kinds that share their fields with the first of their group.
constexpr bool shares_fields(EventKind first, EventKind last) {
    for (auto k = static_cast<int>(first); k <= static_cast<int>(last); ++k) {
        if (detail::kind_spec(static_cast<EventKind>(k)).fields.data() !=
            detail::kind_spec(first).fields.data()) {
            return false;
        }
    }
    return true;
}
static_assert(shares_fields(EventKind::listen, EventKind::restart));
static_assert(shares_fields(EventKind::chan_send, EventKind::chan_cancel));

static_assert(static_cast<int>(EventKind::restart) - static_cast<int>(EventKind::listen) ==
                  static_cast<int>(NetEventKind::restart) - static_cast<int>(NetEventKind::listen),
              "the network's event kinds map onto the trace's in order");

void Recorder::on_net(const NetEvent &event) {
    Impl &m = *impl_;
    EventOut e;
    e.kind =
        static_cast<EventKind>(static_cast<int>(EventKind::listen) + static_cast<int>(event.kind));
    e.task = current_task_id();
    m.note_task(e.task);
    e.ref = event.socket;
    e.peer = event.peer;
    e.num = static_cast<std::int64_t>(std::min<std::uint64_t>(event.bytes, INT64_MAX));
    e.text = event.local;
    e.text2 = event.remote;
    if (event.detail != nullptr) {
        e.text3 = event.detail;
    }
    m.emit<EventKind::listen, false>(e);
}

void Recorder::on_diag(const Diagnostic &diag) {
    Impl &m = *impl_;
    m.note_task(diag.task);
    FutureId future = m.known(diag.future);
    m.diags.push_back(
        Impl::DiagRec{std::string(diag.kind), diag.task, future, std::string(diag.message)});
    EventOut e;
    e.kind = EventKind::diag;
    e.text2 = diag.kind;
    e.task = diag.task;
    e.future = future;
    e.text = diag.message;
    m.emit<EventKind::diag>(e);
}

} // namespace futurescope::trace
