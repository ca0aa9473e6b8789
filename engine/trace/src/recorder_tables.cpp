// The end of a trace document, written by finish(): the tasks, futures and channels tables and
// the summary, with the explanation of every task that did not complete.
//
// [SECTION] Names and explanations
// [SECTION] Tables
// [SECTION] Summary
// [SECTION] Finishing

#include <stdexcept>
#include <type_traits>

#include "recorder_impl.hpp"

namespace futurescope::trace {

// [SECTION] Names and explanations

std::string Recorder::Impl::task_name(TaskId id) const {
    const TaskRec &t = tasks[id - 1];
    return t.name.empty() ? "task-" + std::to_string(id) : t.name;
}

std::string Recorder::Impl::future_text(FutureId id) const {
    const FutureRec &f = futures[id - 1];
    std::string s = kinds[f.kind].name + "#" + std::to_string(id);
    if (f.label_size != 0) {
        s += " '" + labels.substr(f.label_offset, f.label_size) + "'";
    }
    return s;
}

// `first_timer[id]`: the first live timer holding task id, 0 when none (one pass over the
// timers for all tasks: a run may end with thousands of parked tasks).
std::string Recorder::Impl::stuck_reason(TaskId id,
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

// [SECTION] Tables

template <class Enc>
void Recorder::Impl::write_tables(Enc &enc, std::optional<StopReason> stop) {
    write_task_table(enc);
    write_future_table(enc);
    write_channel_table(enc);
    write_summary(enc, stop);
}

template <class Enc>
void Recorder::Impl::write_task_table(Enc &enc) {
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
}

// A run may register a future per item (a million in the channel benchmarks): in CBOR each
// kind's name and states are encoded once, and each future copies them.
void Recorder::Impl::write_future_table_cbor(detail::CborEncoder &enc) {
    std::vector<std::string> kind_bytes(kinds.size());
    std::vector<std::string> states_bytes(kinds.size());
    for (std::size_t k = 0; k < kinds.size(); ++k) {
        detail::ByteSink kind_sink(&kind_bytes[k]);
        detail::CborEncoder kind_enc(kind_sink);
        kind_enc.key("kind");
        kind_enc.text(kinds[k].name);
        kind_sink.flush();
        detail::ByteSink states_sink(&states_bytes[k]);
        detail::CborEncoder states_enc(states_sink);
        states_enc.key("states");
        states_enc.begin_array(kinds[k].states.size());
        for (const std::string &st : kinds[k].states) {
            states_enc.text(st);
        }
        states_sink.flush();
    }
    enc.key("futures");
    enc.begin_array(futures.size(), true);
    for (std::size_t i = 0; i < futures.size(); ++i) {
        const FutureRec &f = futures[i];
        enc.begin_object(f.source_size != 0 ? 7 : 6);
        enc.key("id");
        enc.uint(i + 1);
        enc.key("task");
        enc.uint(f.task);
        enc.key("parent");
        enc.uint(f.parent);
        enc.raw(kind_bytes[f.kind]);
        enc.key("label");
        enc.text(std::string_view(labels).substr(f.label_offset, f.label_size));
        if (f.source_size != 0) {
            enc.key("source");
            enc.text(std::string_view(labels).substr(f.label_offset + f.label_size, f.source_size));
        }
        enc.raw(states_bytes[f.kind]);
    }
}

template <class Enc>
void Recorder::Impl::write_future_table(Enc &enc) {
    if constexpr (std::is_same_v<Enc, detail::CborEncoder>) {
        write_future_table_cbor(enc);
        return;
    }
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
            enc.text(std::string_view(labels).substr(f.label_offset + f.label_size, f.source_size));
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
}

template <class Enc>
void Recorder::Impl::write_channel_table(Enc &enc) {
    enc.key("channels");
    enc.begin_array(channels.size(), true);
    for (std::size_t i = 0; i < channels.size(); ++i) {
        const ChannelRec &c = channels[i];
        // "name" only when the program named the channel: traces of programs that make their
        // channels in code stay as they were.
        enc.begin_object(c.name.empty() ? 4 : 5);
        enc.key("id");
        enc.uint(i + 1);
        enc.key("kind");
        enc.text(c.kind);
        enc.key("capacity");
        enc.integer(c.capacity);
        enc.key("task");
        enc.uint(c.task);
        if (!c.name.empty()) {
            enc.key("name");
            enc.text(c.name);
        }
        enc.end_object();
    }
    enc.end_array();
}

// [SECTION] Summary

template <class Enc>
void Recorder::Impl::write_summary(Enc &enc, std::optional<StopReason> stop) {
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
    write_task_summaries(enc, stop);
    enc.key("diagnostics");
    write_diagnostics(enc);
    enc.end_object();
}

template <class Enc>
void Recorder::Impl::write_task_summaries(Enc &enc, std::optional<StopReason> stop) {
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
}

template <class Enc>
void Recorder::Impl::write_diagnostics(Enc &enc) {
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
}

// [SECTION] Finishing

void Recorder::Impl::finish(std::optional<StopReason> stop) {
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

} // namespace futurescope::trace
