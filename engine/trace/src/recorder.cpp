// The recorder: turns Observer callbacks into events written at once (seq, t and the kind's
// fields), and keeps only the tables — tasks, futures, channels, timers — that the end of the
// document needs.
//
// [SECTION] State
// [SECTION] Writing
// [SECTION] Tables and summary
// [SECTION] Recorder
// [SECTION] Observer callbacks

#include "futurescope/trace/recorder.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "encoder.hpp"
#include "schema.hpp"
#include "temp_file.hpp"

namespace futurescope::trace {

using detail::EventOut;

// [SECTION] State

struct Recorder::Impl {
    // A kind of future, interned by content: FutureKind objects are static in practice, so the
    // recorder first looks them up by address, checking that the address still holds the same
    // texts.
    struct KindRec {
        std::string name;
        std::vector<std::string> states;
    };
    struct KindCacheEntry {
        const char *name_data;
        const std::string_view *states_data;
        std::size_t states_size;
        std::uint32_t index;
    };
    struct FutureRec {
        TaskId task;
        FutureId parent;
        std::uint32_t kind;
        std::uint64_t label_offset;
        std::uint32_t label_size;
        // The source (WithSource) follows the label in `labels`; 0 when none was given.
        std::uint32_t source_size;
    };
    struct TaskRec {
        std::string name;
        bool daemon = false;
        bool spawned = false;
        TaskId parent = 0;
        FutureId root = 0;
        std::uint64_t polls = 0;
        std::uint64_t unparks = 0;
        TimeNs completed_ns = -1;
        ResultKind result = ResultKind::none;
        std::string result_text;
        bool queued = false;
        bool parked = false;
        FutureId park_future = 0;
        TimeNs park_ns = 0;
        std::optional<std::string> stuck_override;
        std::optional<std::string> wait_on; // the last `wait` event's holders
    };
    struct ChannelRec {
        std::string kind;
        std::int64_t capacity;
        TaskId task;
    };
    struct TimerRec {
        TaskId task = 0;
        TimeNs deadline_ns = 0;
        bool live = false;
    };
    struct DiagRec {
        std::string kind;
        TaskId task;
        FutureId future;
        std::string message;
    };

    Impl(Executor &executor, TraceFormat format, ScenarioInfo scenario)
        : executor(executor), format(format), scenario(std::move(scenario)) {}

    Executor &executor;
    TraceFormat format;
    ScenarioInfo scenario;
    std::optional<detail::TempFile> file;
    std::string memory;
    std::optional<detail::ByteSink> sink;
    std::optional<detail::JsonEncoder> json;
    std::optional<detail::CborEncoder> cbor;
    bool header_written = false;
    bool finished = false;
    std::uint64_t seq = 0;

    std::vector<KindRec> kinds;
    std::unordered_map<const FutureKind *, KindCacheEntry> kind_cache;
    std::map<std::string, std::uint32_t> kind_by_content;
    std::vector<FutureRec> futures;
    std::string labels;
    std::vector<TaskRec> tasks;
    std::vector<ChannelRec> channels;
    std::vector<TimerRec> timers; // indexed by timer id
    std::vector<DiagRec> diags;
    std::int64_t pending_worker = 0;      // on_worker → the next poll_begin's "worker"
    std::uint32_t pending_stolen_from = 0; // … and its "stolen_from"
    std::vector<FutureId> stack; // the futures being polled, innermost last
    std::string value_text;
    std::string state_scratch[2];

    void open_sink() {
        if (file) {
            sink.emplace(file->file());
        } else {
            sink.emplace(&memory);
        }
        if (format == TraceFormat::json) {
            json.emplace(*sink);
        } else {
            cbor.emplace(*sink);
        }
    }

    // [SECTION] Writing

    template <class F>
    void with_encoder(F &&f) {
        if (json) {
            f(*json);
        } else {
            f(*cbor);
        }
    }

    void write_header() {
        header_written = true;
        with_encoder([&](auto &enc) {
            enc.begin_object(8, true);
            enc.key("format");
            enc.ascii(trace_format_name);
            enc.key("version");
            enc.uint(trace_version);
            enc.key("scenario");
            enc.begin_object(3);
            enc.key("name");
            enc.text(scenario.name);
            enc.key("file");
            enc.text(scenario.file);
            enc.key("seed");
            enc.uint(scenario.seed);
            enc.end_object();
            enc.key("events");
            enc.begin_open_array();
        });
    }

    void emit(EventOut &e) {
        if (finished) [[unlikely]] {
            return;
        }
        if (!header_written) [[unlikely]] {
            write_header();
        }
        e.t = executor.now();
        if (json) {
            detail::write_event(*json, seq, e);
        } else {
            detail::write_event(*cbor, seq, e);
        }
        ++seq;
    }

    TaskRec &task(TaskId id) {
        if (id > tasks.size()) [[unlikely]] {
            tasks.resize(id);
        }
        return tasks[id - 1];
    }
    // Makes sure the tasks table names every task an event mentions.
    void note_task(TaskId id) {
        if (id > tasks.size()) [[unlikely]] {
            tasks.resize(id);
        }
    }
    // A future id this recorder gave, or 0: ids from another observer would point nowhere.
    [[nodiscard]] FutureId known(FutureId id) const noexcept {
        return id <= futures.size() ? id : 0;
    }

    std::string_view state_name(FutureId id, int index, int scratch) {
        if (id != 0) {
            const KindRec &k = kinds[futures[id - 1].kind];
            if (index >= 0 && static_cast<std::size_t>(index) < k.states.size()) {
                return k.states[static_cast<std::size_t>(index)];
            }
        }
        state_scratch[scratch] = "#" + std::to_string(index);
        return state_scratch[scratch];
    }

    std::uint32_t intern_kind(const FutureKind &kind) {
        auto it = kind_cache.find(&kind);
        if (it != kind_cache.end() && it->second.name_data == kind.name.data() &&
            it->second.states_data == kind.states.data() &&
            it->second.states_size == kind.states.size()) [[likely]] {
            return it->second.index;
        }
        std::string content(kind.name);
        for (std::string_view s : kind.states) {
            content += '\0';
            content += s;
        }
        auto [pos, inserted] =
            kind_by_content.emplace(std::move(content), static_cast<std::uint32_t>(kinds.size()));
        if (inserted) {
            KindRec rec{std::string(kind.name), {}};
            for (std::string_view s : kind.states) {
                rec.states.emplace_back(s);
            }
            kinds.push_back(std::move(rec));
        }
        kind_cache[&kind] =
            KindCacheEntry{kind.name.data(), kind.states.data(), kind.states.size(), pos->second};
        return pos->second;
    }

    // [SECTION] Tables and summary

    [[nodiscard]] std::string task_name(TaskId id) const {
        const TaskRec &t = tasks[id - 1];
        return t.name.empty() ? "task-" + std::to_string(id) : t.name;
    }

    [[nodiscard]] std::string future_text(FutureId id) const {
        const FutureRec &f = futures[id - 1];
        std::string s = kinds[f.kind].name + "#" + std::to_string(id);
        if (f.label_size != 0) {
            s += " '" + labels.substr(f.label_offset, f.label_size) + "'";
        }
        return s;
    }

    // `first_timer[id]`: the first live timer holding task id, 0 when none (one pass over the
    // timers for all tasks: a run may end with thousands of parked tasks).
    [[nodiscard]] std::string stuck_reason(TaskId id,
                                           std::optional<StopReason> stop,
                                           const std::vector<std::uint32_t> &first_timer) const {
        const TaskRec &t = tasks[id - 1];
        if (t.stuck_override) {
            return *t.stuck_override;
        }
        std::string what;
        if (t.queued) {
            what = "queued for a poll";
        } else if (t.polls == 0) {
            what = "never polled";
        } else if (!t.parked) {
            what = "never parked: nothing holds its handle, so nothing can unpark it";
        } else {
            what = "parked";
            if (t.park_future != 0) {
                what += " in " + future_text(t.park_future);
            }
            what += " at " + format_duration(t.park_ns);
            if (t.wait_on) {
                what += t.wait_on->empty() ? ", and nothing holds its handle"
                                           : ", waiting on " + *t.wait_on;
            }
            if (std::uint32_t i = first_timer[id]; i != 0 && !t.wait_on) {
                what += ", waiting for timer #" + std::to_string(i) + " due at " +
                        format_duration(timers[i].deadline_ns);
            }
        }
        if (!stop) {
            return what;
        }
        switch (*stop) {
        case StopReason::idle:
            return what + "; no task is queued and no timer is live";
        case StopReason::step_limit:
            return what + "; the run stopped at its step limit";
        case StopReason::time_limit:
            return what + "; the run stopped at its time limit";
        case StopReason::completed:
            return what + "; the run ended when the tasks it waited for completed";
        }
        return what;
    }

    template <class Enc>
    void write_tables(Enc &enc, std::optional<StopReason> stop) {
        enc.key("tasks");
        enc.begin_array(tasks.size(), true);
        for (std::size_t i = 0; i < tasks.size(); ++i) {
            const TaskRec &t = tasks[i];
            auto id = static_cast<TaskId>(i + 1);
            enc.begin_object(5);
            enc.key("id");
            enc.uint(id);
            enc.key("name");
            enc.text(task_name(id));
            enc.key("daemon");
            enc.boolean(t.daemon);
            enc.key("parent");
            enc.uint(t.parent);
            enc.key("root");
            enc.uint(t.root);
            enc.end_object();
        }
        enc.end_array();

        enc.key("futures");
        enc.begin_array(futures.size(), true);
        for (std::size_t i = 0; i < futures.size(); ++i) {
            const FutureRec &f = futures[i];
            const KindRec &k = kinds[f.kind];
            enc.begin_object(f.source_size != 0 ? 7 : 6);
            enc.key("id");
            enc.uint(i + 1);
            enc.key("task");
            enc.uint(f.task);
            enc.key("parent");
            enc.uint(f.parent);
            enc.key("kind");
            enc.text(k.name);
            enc.key("label");
            enc.text(std::string_view(labels).substr(f.label_offset, f.label_size));
            if (f.source_size != 0) {
                enc.key("source");
                enc.text(std::string_view(labels).substr(f.label_offset + f.label_size,
                                                         f.source_size));
            }
            enc.key("states");
            enc.begin_array(k.states.size());
            for (const std::string &s : k.states) {
                enc.text(s);
            }
            enc.end_array();
            enc.end_object();
        }
        enc.end_array();

        enc.key("channels");
        enc.begin_array(channels.size(), true);
        for (std::size_t i = 0; i < channels.size(); ++i) {
            const ChannelRec &c = channels[i];
            enc.begin_object(4);
            enc.key("id");
            enc.uint(i + 1);
            enc.key("kind");
            enc.text(c.kind);
            enc.key("capacity");
            enc.integer(c.capacity);
            enc.key("task");
            enc.uint(c.task);
            enc.end_object();
        }
        enc.end_array();

        enc.key("summary");
        enc.begin_object(5, true);
        enc.key("end_ns");
        enc.integer(executor.now());
        enc.key("steps");
        enc.uint(executor.steps());
        enc.key("stop");
        if (stop) {
            enc.ascii(to_string(*stop));
        } else {
            enc.null();
        }
        enc.key("tasks");
        std::vector<std::uint32_t> first_timer(tasks.size() + 1, 0);
        for (std::size_t i = timers.size(); i-- > 1;) {
            if (timers[i].live && timers[i].task != 0 && timers[i].task <= tasks.size()) {
                first_timer[timers[i].task] = static_cast<std::uint32_t>(i);
            }
        }
        enc.begin_array(tasks.size(), true);
        for (std::size_t i = 0; i < tasks.size(); ++i) {
            const TaskRec &t = tasks[i];
            auto id = static_cast<TaskId>(i + 1);
            enc.begin_object(6);
            enc.key("id");
            enc.uint(id);
            enc.key("polls");
            enc.uint(t.polls);
            enc.key("unparks");
            enc.uint(t.unparks);
            enc.key("completed_ns");
            if (t.completed_ns >= 0) {
                enc.integer(t.completed_ns);
            } else {
                enc.null();
            }
            enc.key("result");
            if (t.result == ResultKind::none) {
                enc.null();
            } else {
                enc.begin_object(1);
                enc.key(t.result == ResultKind::ok    ? "ok"
                        : t.result == ResultKind::err ? "err"
                                                      : "panic");
                enc.text(t.result_text);
                enc.end_object();
            }
            enc.key("stuck");
            if (t.completed_ns >= 0) {
                enc.null();
            } else {
                enc.text(stuck_reason(id, stop, first_timer));
            }
            enc.end_object();
        }
        enc.end_array();
        enc.key("diagnostics");
        enc.begin_array(diags.size(), true);
        for (const DiagRec &d : diags) {
            enc.begin_object(4);
            enc.key("kind");
            enc.text(d.kind);
            enc.key("task");
            enc.uint(d.task);
            enc.key("future");
            enc.uint(d.future);
            enc.key("message");
            enc.text(d.message);
            enc.end_object();
        }
        enc.end_array();
        enc.end_object();
    }

    void finish(std::optional<StopReason> stop) {
        if (finished) {
            throw std::logic_error("Recorder::finish called twice");
        }
        if (!header_written) {
            write_header();
        }
        finished = true;
        with_encoder([&](auto &enc) {
            enc.end_open_array(seq);
            write_tables(enc, stop);
            enc.end_object();
            if constexpr (std::is_same_v<std::decay_t<decltype(enc)>, detail::JsonEncoder>) {
                sink->put('\n');
            }
            enc.complete();
        });
        if (file) {
            file->commit(sink->error());
        }
    }
};

// [SECTION] Recorder

Recorder::Recorder(Executor &executor, const std::filesystem::path &path, ScenarioInfo scenario)
    : impl_(std::make_unique<Impl>(executor, trace_format_for_path(path), std::move(scenario))),
      executor_(&executor) {
    impl_->file.emplace(path);
    impl_->open_sink();
    executor.set_observer(this);
}

Recorder::Recorder(Executor &executor, TraceFormat format, ScenarioInfo scenario)
    : impl_(std::make_unique<Impl>(executor, format, std::move(scenario))), executor_(&executor) {
    impl_->open_sink();
    executor.set_observer(this);
}

Recorder::~Recorder() {
    if (executor_->observer() == this) {
        executor_->set_observer(nullptr);
    }
}

void Recorder::set_scenario(ScenarioInfo scenario) {
    if (impl_->header_written) {
        throw std::logic_error("Recorder::set_scenario after the first event");
    }
    impl_->scenario = std::move(scenario);
}

void Recorder::set_stuck_reason(TaskId task, std::string reason) {
    if (task != 0) {
        impl_->task(task).stuck_override = std::move(reason);
    }
}

void Recorder::finish() { impl_->finish(std::nullopt); }

void Recorder::finish(const RunReport &report) { impl_->finish(report.reason); }

const std::string &Recorder::bytes() const noexcept { return impl_->memory; }

std::uint64_t Recorder::event_count() const noexcept { return impl_->seq; }

bool Recorder::finished() const noexcept { return impl_->finished; }

// [SECTION] Observer callbacks

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
    m.emit(e);
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
    m.emit(e);
}

void Recorder::on_state(FutureId future, int from, int to) {
    on_state_held(future, from, to, {});
}

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
    m.emit(e);
}

void Recorder::on_drop(FutureId future) {
    Impl &m = *impl_;
    EventOut e;
    e.kind = EventKind::drop;
    e.task = current_task_id();
    m.note_task(e.task);
    e.future = m.known(future);
    m.emit(e);
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
    m.emit(e);
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
    m.emit(e);
}

void Recorder::on_worker(TaskId task, std::uint32_t worker, std::uint32_t stolen_from) {
    (void)task;
    impl_->pending_worker = worker + 1;
    impl_->pending_stolen_from = stolen_from == kNoWorker ? 0 : stolen_from + 1;
}

void Recorder::on_wait(TaskId task, std::span<const WaitHolder> holders) {
    Impl &m = *impl_;
    m.note_task(task);
    std::string on;
    for (const WaitHolder &h : holders) {
        on += on.empty() ? "" : "; ";
        on += describe_holder(h);
    }
    if (task != 0) {
        m.task(task).wait_on = on;
    }
    EventOut e;
    e.kind = EventKind::wait;
    e.task = task;
    e.text = on;
    m.emit(e);
}

void Recorder::on_poll_end(TaskId task, PollOutcome outcome) {
    Impl &m = *impl_;
    m.stack.clear();
    EventOut e;
    e.kind = EventKind::poll_end;
    e.task = task;
    m.note_task(task);
    e.code = static_cast<std::uint8_t>(outcome);
    m.emit(e);
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
    m.emit(e);
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
    m.emit(e);
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
    m.emit(e);
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
    m.emit(e);
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
    m.emit(e);
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
    m.emit(e);
}

void Recorder::on_clock(TimeNs from, TimeNs to, bool blocking) {
    EventOut e;
    e.kind = EventKind::clock;
    e.num = from;
    e.num2 = to;
    e.flag = blocking;
    impl_->emit(e);
}

ChannelId Recorder::register_channel(std::string_view kind, std::int64_t capacity) {
    Impl &m = *impl_;
    TaskId task = current_task_id();
    m.note_task(task);
    m.channels.push_back(Impl::ChannelRec{std::string(kind), capacity, task});
    return static_cast<ChannelId>(m.channels.size());
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
    m.emit(e);
}

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
    m.emit(e);
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
    m.emit(e);
}

} // namespace futurescope::trace
