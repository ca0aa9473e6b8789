// The Chrome Trace Event export (the JSON "traceEvents" form that Perfetto and chrome://tracing
// read). Two passes over the events: the first pairs each poll_begin with its poll_end, each
// enter with its exit, and each unpark with the poll it leads to; the second writes everything in
// event order, so the output is already sorted by timestamp.
//
// Layout: pid 1; tid 0 is the executor (clock, timers firing, unparks from outside a task);
// tid N is task N. Task-level polls are "X" slices named "poll (result)", nested polls are "X"
// slices inside them named "Kind#id label"; an unpark is a 1 µs "X" slice on its source's track
// with a flow ("s" → "f", id = the unpark's seq) to the target's next poll; everything else is an
// instant ("i"). Timestamps: event i sits at i µs plus 10 µs per clock jump before it.
//
// In the modern vocabulary (trace/vocabulary.hpp) the names use its words: a NotReady result is
// "pending", an unpark slice and its flow are "wake", a park instant is "waker_clone".

#include "futurescope/trace/chrome_export.hpp"

#include <algorithm>
#include <limits>
#include <ostream>
#include <string>
#include <type_traits>
#include <vector>

#include "encoder.hpp"
#include "futurescope/executor/executor.hpp"
#include "schema.hpp"
#include "temp_file.hpp"

namespace futurescope::trace {

namespace {

using namespace detail;

constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
constexpr std::int64_t clock_gap_us = 10;

class ChromeWriter {
  public:
    ChromeWriter(const TraceModel &model, ByteSink &sink, Vocabulary vocab)
        : m_(model), out_(sink), enc_(sink), modern_(vocab == Vocabulary::modern) {}

    void write() {
        pair_events();
        enc_.begin_object(3, true);
        enc_.key("displayTimeUnit");
        enc_.ascii("ns");
        enc_.key("otherData");
        enc_.begin_object(6);
        enc_.key("generator");
        enc_.ascii("futurescope");
        enc_.key("scenario");
        enc_.text(m_.scenario.name);
        enc_.key("file");
        enc_.text(m_.scenario.file);
        enc_.key("seed");
        enc_.uint(m_.scenario.seed);
        enc_.key("axis");
        enc_.ascii("synthetic: 1 us per event, +10 us per clock jump; virtual time in args.t_ns");
        enc_.key("vocabulary");
        enc_.ascii(modern_ ? "modern" : "futures 0.1");
        enc_.end_object();
        enc_.key("traceEvents");
        enc_.begin_array(0, true);
        metadata();
        for (std::size_t i = 0; i < m_.events.size(); ++i) {
            event(i);
        }
        enc_.end_array();
        enc_.end_object();
        out_.put('\n');
        out_.flush();
    }

  private:
    // A poll result in the chosen words: "not_ready" is "pending" in the modern vocabulary.
    [[nodiscard]] std::string_view result_name(std::uint8_t code) const noexcept {
        const std::string_view name = poll_result_name(code);
        return modern_ && name == "not_ready" ? std::string_view("pending") : name;
    }
    [[nodiscard]] std::string_view kind_name(EventKind kind) const noexcept {
        if (modern_ && kind == EventKind::park) {
            return "waker_clone";
        }
        if (modern_ && kind == EventKind::unpark) {
            return "wake";
        }
        return to_string(kind);
    }

    // [pass 1]
    void pair_events() {
        const std::size_t n = m_.events.size();
        close_.assign(n, none);
        caused_poll_.assign(n, none);
        ts_.resize(n);
        std::int64_t gap = 0;
        for (std::size_t i = 0; i < n; ++i) {
            ts_[i] = static_cast<std::int64_t>(i) + gap;
            if (m_.events[i].kind == EventKind::clock) {
                gap += clock_gap_us;
            }
        }
        end_ts_ = static_cast<std::int64_t>(n) + gap;
        // Open slices per task (index 0: outside any task).
        std::vector<std::vector<std::uint32_t>> open(m_.tasks.size() + 1);
        std::vector<std::uint32_t> open_poll(m_.tasks.size() + 1, none);
        for (std::size_t i = 0; i < n; ++i) {
            const TraceEvent &e = m_.events[i];
            auto idx = static_cast<std::uint32_t>(i);
            std::size_t t = e.task < open.size() ? e.task : 0;
            switch (e.kind) {
            case EventKind::poll_begin:
                open_poll[t] = idx;
                break;
            case EventKind::poll_end:
                // Nested polls left open (a poll that threw) end with the task-level poll.
                for (std::uint32_t k : open[t]) {
                    close_[k] = idx;
                }
                open[t].clear();
                if (open_poll[t] != none) {
                    close_[open_poll[t]] = idx;
                    open_poll[t] = none;
                }
                break;
            case EventKind::enter:
                open[t].push_back(idx);
                break;
            case EventKind::exit: {
                auto &stack = open[t];
                for (std::size_t k = stack.size(); k > 0; --k) {
                    if (m_.events[stack[k - 1]].future == e.future) {
                        for (std::size_t j = k - 1; j < stack.size(); ++j) {
                            close_[stack[j]] = idx;
                        }
                        stack.resize(k - 1);
                        break;
                    }
                }
                break;
            }
            default:
                break;
            }
        }
        // Each unpark that queued or coalesced leads to its target's next task-level poll.
        std::vector<std::uint32_t> next_poll(m_.tasks.size() + 1, none);
        for (std::size_t i = n; i > 0; --i) {
            const TraceEvent &e = m_.events[i - 1];
            if (e.task >= next_poll.size()) {
                continue;
            }
            if (e.kind == EventKind::poll_begin) {
                next_poll[e.task] = static_cast<std::uint32_t>(i - 1);
            } else if (e.kind == EventKind::unpark && unpark_outcome(e) != UnparkOutcome::ignored) {
                caused_poll_[i - 1] = next_poll[e.task];
            }
        }
    }

    // [pass 2]
    void common(const char *ph, std::uint32_t tid, std::int64_t ts) {
        enc_.key("ph");
        enc_.ascii(ph);
        enc_.key("pid");
        enc_.uint(1);
        enc_.key("tid");
        enc_.uint(tid);
        enc_.key("ts");
        enc_.integer(ts);
    }

    void metadata() {
        auto meta =
            [&](std::uint32_t tid, std::string_view name, std::string_view arg_key, auto arg) {
                enc_.begin_object(0);
                common("M", tid, 0);
                enc_.key("name");
                enc_.ascii(name);
                enc_.key("args");
                enc_.begin_object(1);
                enc_.key(arg_key);
                if constexpr (std::is_integral_v<decltype(arg)>) {
                    enc_.uint(arg);
                } else {
                    enc_.text(arg);
                }
                enc_.end_object();
                enc_.end_object();
            };
        std::string process = "futurescope";
        if (!m_.scenario.name.empty()) {
            process += ": " + m_.scenario.name;
        }
        meta(0, "process_name", "name", std::string_view(process));
        meta(0, "thread_name", "name", std::string_view("executor"));
        meta(0, "thread_sort_index", "sort_index", std::uint64_t{0});
        for (const TraceTask &t : m_.tasks) {
            std::string name = std::string(m_.str(t.name)) + " (task " + std::to_string(t.id) + ")";
            meta(t.id, "thread_name", "name", std::string_view(name));
            meta(t.id, "thread_sort_index", "sort_index", std::uint64_t{t.id});
        }
    }

    std::uint32_t track(TaskId task) const {
        return task >= 1 && task <= m_.tasks.size() ? task : 0;
    }

    // The trace's own fields of an event, plus its seq and virtual time; for a slice, the result
    // and value of the event that closed it.
    void args(std::size_t i, std::uint32_t closing = none) {
        const TraceEvent &e = m_.events[i];
        enc_.key("args");
        enc_.begin_object(0);
        enc_.key("seq");
        enc_.uint(i);
        enc_.key("t_ns");
        enc_.integer(e.t);
        enc_.key("t");
        enc_.ascii(format_duration(e.t));
        for (Field f : kind_spec(e.kind).fields) {
            const FieldSpec &fs = field_spec(f);
            if (!field_present(e, fs)) {
                continue;
            }
            switch (fs.type) {
            case FieldType::text: {
                std::string_view s = m_.str(text_slot(e, fs.slot));
                if (!fs.optional || !s.empty()) {
                    enc_.key(fs.name);
                    // The string table's empty text has no storage: never hand its null data
                    // to memcpy (a wait that nothing holds has an empty "on").
                    enc_.text(s.empty() ? std::string_view("") : s);
                }
                break;
            }
            case FieldType::boolean:
                enc_.key(fs.name);
                enc_.boolean(e.flag);
                break;
            case FieldType::poll_result:
                enc_.key(fs.name);
                enc_.ascii(result_name(e.code));
                break;
            case FieldType::unpark_outcome:
                enc_.key(fs.name);
                enc_.ascii(unpark_outcome_name(e.code));
                break;
            case FieldType::source_kind:
                enc_.key(fs.name);
                enc_.ascii(source_kind_name(e.source));
                break;
            case FieldType::int64:
                enc_.key(fs.name);
                enc_.integer(int_slot(e, fs.slot));
                break;
            default:
                enc_.key(fs.name);
                enc_.uint(static_cast<std::uint64_t>(int_slot(e, fs.slot)));
                break;
            }
        }
        if (e.future != 0 && m_.future(e.future) != nullptr) {
            const TraceFuture &fu = *m_.future(e.future);
            enc_.key("future_kind");
            enc_.text(m_.str(fu.kind));
            if (fu.label != 0) {
                enc_.key("label");
                enc_.text(m_.str(fu.label));
            }
        }
        if (closing != none) {
            const TraceEvent &c = m_.events[closing];
            if (c.kind == EventKind::poll_end || c.kind == EventKind::exit) {
                enc_.key("result");
                enc_.ascii(result_name(c.code));
                if (c.kind == EventKind::exit && c.text != 0) {
                    enc_.key("value");
                    enc_.text(m_.str(c.text));
                }
            }
        }
        enc_.end_object();
    }

    // The end of the slice that event i opens: its closing event, or the end of the trace.
    std::int64_t slice_end(std::size_t i) const {
        return close_[i] != none ? ts_[close_[i]] : end_ts_;
    }

    void slice(std::size_t i, std::uint32_t tid, const std::string &name) {
        enc_.begin_object(0);
        common("X", tid, ts_[i]);
        enc_.key("dur");
        enc_.integer(std::max<std::int64_t>(slice_end(i) - ts_[i], 1));
        enc_.key("name");
        enc_.text(name);
        enc_.key("cat");
        enc_.ascii(m_.events[i].kind == EventKind::poll_begin ? "poll" : "future");
        args(i, close_[i]);
        enc_.end_object();
    }

    void instant(std::size_t i, std::uint32_t tid, const std::string &name, const char *scope) {
        enc_.begin_object(0);
        common("i", tid, ts_[i]);
        enc_.key("s");
        enc_.ascii(scope);
        enc_.key("name");
        enc_.text(name);
        enc_.key("cat");
        enc_.ascii(kind_name(m_.events[i].kind));
        args(i);
        enc_.end_object();
    }

    std::string result_suffix(std::uint32_t closing) const {
        if (closing == none) {
            return " (unfinished)";
        }
        const TraceEvent &c = m_.events[closing];
        if (c.kind == EventKind::poll_end || c.kind == EventKind::exit) {
            std::string s = " (" + std::string(result_name(c.code));
            if (c.kind == EventKind::exit && c.text != 0) {
                s += " " + std::string(m_.str(c.text));
            }
            return s + ")";
        }
        return " (unfinished)";
    }

    void event(std::size_t i) {
        const TraceEvent &e = m_.events[i];
        std::uint32_t tid = track(e.task);
        switch (e.kind) {
        case EventKind::poll_begin:
            slice(i, tid, "poll" + result_suffix(close_[i]));
            return;
        case EventKind::enter: {
            std::string name = m_.future_name(e.future);
            if (const TraceFuture *f = m_.future(e.future); f != nullptr && f->label != 0) {
                name += " " + std::string(m_.str(f->label));
            }
            slice(i, tid, name + result_suffix(close_[i]));
            return;
        }
        case EventKind::poll_end:
        case EventKind::exit:
            return; // their slices were written when they opened
        case EventKind::unpark:
            unpark(i);
            return;
        case EventKind::clock:
            instant(i,
                    0,
                    std::string(e.flag ? "block " : "clock ") + format_duration(e.num) + " -> " +
                        format_duration(e.num2),
                    "g");
            return;
        case EventKind::timer_set:
            instant(
                i, tid, "timer_set #" + std::to_string(e.ref) + " @" + format_duration(e.num), "t");
            return;
        case EventKind::timer_cancel:
        case EventKind::timer_fire:
            instant(i,
                    e.kind == EventKind::timer_fire ? 0 : tid,
                    std::string(to_string(e.kind)) + " #" + std::to_string(e.ref),
                    "t");
            return;
        case EventKind::state:
            instant(i,
                    tid,
                    "state " + m_.future_name(e.future) + " " + std::string(m_.str(e.text)) +
                        " -> " + std::string(m_.str(e.text2)),
                    "t");
            return;
        case EventKind::drop:
        case EventKind::park:
            instant(i, tid, std::string(kind_name(e.kind)) + " " + m_.future_name(e.future), "t");
            return;
        case EventKind::wait: {
            // Who will wake the task: what holds its handle (Waker) after a NotReady poll.
            std::string on;
            for (char c : m_.str(e.text)) {
                on += c == '\n' ? std::string("; ") : std::string(1, c);
            }
            instant(i,
                    tid,
                    on.empty() ? std::string(modern_ ? "wait: nothing holds the Waker"
                                                     : "wait: nothing holds the handle")
                               : "wait: " + on,
                    "t");
            return;
        }
        case EventKind::spawn:
            instant(i, tid, "spawn " + std::string(m_.str(e.text)), "t");
            return;
        case EventKind::complete: {
            std::string name = "complete " + std::string(result_name(e.code));
            if (e.text2 != 0) {
                name += " panic: " + std::string(m_.str(e.text2));
            } else if (e.text != 0) {
                name += " " + std::string(m_.str(e.text));
            }
            instant(i, tid, name, "t");
            return;
        }
        case EventKind::diag:
            instant(i, tid, "diag " + std::string(m_.str(e.text2)), "p");
            return;
        default: {
            // Channels and the network.
            std::string name(to_string(e.kind));
            name += " #" + std::to_string(e.ref);
            if (is_channel_event(e.kind) && e.text != 0) {
                name += " " + std::string(m_.str(e.text));
            }
            instant(i, tid, name, "t");
            return;
        }
        }
    }

    void unpark(std::size_t i) {
        const TraceEvent &e = m_.events[i];
        std::uint32_t source_tid = unpark_source(e) == SourceKind::task ? track(e.ref) : 0;
        std::string name = std::string(kind_name(EventKind::unpark)) + " " + m_.task_name(e.task) +
                           " (" + std::string(unpark_outcome_name(e.code)) + ")";
        enc_.begin_object(0);
        common("X", source_tid, ts_[i]);
        enc_.key("dur");
        enc_.integer(1);
        enc_.key("name");
        enc_.text(name);
        enc_.key("cat");
        enc_.ascii(kind_name(EventKind::unpark));
        args(i);
        enc_.end_object();
        std::uint32_t poll = caused_poll_[i];
        if (poll == none) {
            return;
        }
        flow("s", source_tid, ts_[i], i);
        flow("f", track(e.task), ts_[poll], i);
    }

    void flow(const char *ph, std::uint32_t tid, std::int64_t ts, std::size_t id) {
        enc_.begin_object(0);
        common(ph, tid, ts);
        enc_.key("id");
        enc_.uint(id);
        enc_.key("name");
        enc_.ascii(kind_name(EventKind::unpark));
        enc_.key("cat");
        enc_.ascii(kind_name(EventKind::unpark));
        if (ph[0] == 'f') {
            enc_.key("bp");
            enc_.ascii("e");
        }
        enc_.end_object();
    }

    const TraceModel &m_;
    ByteSink &out_;
    JsonEncoder enc_;
    std::vector<std::uint32_t> close_;       // poll_begin/enter → the event that ends its slice
    std::vector<std::uint32_t> caused_poll_; // unpark → the poll_begin it leads to
    std::vector<std::int64_t> ts_;           // the synthetic timestamp of each event, in µs
    std::int64_t end_ts_ = 0;
    bool modern_ = false;
};

} // namespace

void export_chrome(const TraceModel &model, std::ostream &out, Vocabulary vocabulary) {
    ByteSink sink(&out);
    ChromeWriter(model, sink, vocabulary).write();
    if (sink.error() != 0) {
        throw TraceError("cannot write the Chrome trace to the stream");
    }
}

void export_chrome(const TraceModel &model,
                   const std::filesystem::path &path,
                   Vocabulary vocabulary) {
    TempFile file(path);
    ByteSink sink(file.file());
    ChromeWriter(model, sink, vocabulary).write();
    file.commit(sink.error());
}

} // namespace futurescope::trace
