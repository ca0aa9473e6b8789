// Where two traces of the same program part: events first (they are the run), then the tables and
// the summary. Texts are compared by content: two models number their strings independently.

#include "futurescope/trace/divergence.hpp"

#include <string>

#include "schema.hpp"

namespace futurescope::trace {

namespace {

using namespace detail;

bool same_event(const TraceModel &a,
                const TraceEvent &x,
                const TraceModel &b,
                const TraceEvent &y) {
    if (x.kind != y.kind || x.t != y.t) {
        return false;
    }
    for (Field f : kind_spec(x.kind).fields) {
        const FieldSpec &fs = field_spec(f);
        if (fs.type == FieldType::text) {
            if (a.str(text_slot(x, fs.slot)) != b.str(text_slot(y, fs.slot))) {
                return false;
            }
        } else if (int_slot(x, fs.slot) != int_slot(y, fs.slot)) {
            return false;
        }
    }
    return true;
}

std::string event_line(const TraceModel &m, std::size_t i) {
    const TraceEvent &e = m.events[i];
    return "t=" + std::to_string(e.t) + " " + describe_event(m, e);
}

std::string q(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string task_line(const TraceModel &m, const TraceTask &t) {
    return "id=" + std::to_string(t.id) + " name=" + q(m.str(t.name)) +
           " daemon=" + (t.daemon ? "true" : "false") + " parent=" + std::to_string(t.parent) +
           " root=" + std::to_string(t.root);
}

std::string future_line(const TraceModel &m, const TraceFuture &f) {
    std::string s = "id=" + std::to_string(f.id) + " task=" + std::to_string(f.task) +
                    " parent=" + std::to_string(f.parent) + " kind=" + q(m.str(f.kind)) +
                    " label=" + q(m.str(f.label)) + " states=[";
    bool first = true;
    for (StrId st : m.states(f)) {
        s += (first ? "" : ",") + q(m.str(st));
        first = false;
    }
    return s + "]";
}

std::string channel_line(const TraceModel &m, const TraceChannel &c) {
    return "id=" + std::to_string(c.id) + " kind=" + q(m.str(c.kind)) +
           " capacity=" + std::to_string(c.capacity) + " task=" + std::to_string(c.task);
}

std::string summary_task_line(const TraceModel &m, const TaskSummary &t) {
    static constexpr const char *results[] = {"none", "ok", "err", "panic"};
    return "id=" + std::to_string(t.id) + " polls=" + std::to_string(t.polls) +
           " unparks=" + std::to_string(t.unparks) +
           " completed_ns=" + std::to_string(t.completed_ns) +
           " result=" + results[static_cast<int>(t.result)] + " " + q(m.str(t.result_text)) +
           " stuck=" + q(m.str(t.stuck));
}

std::string diagnostic_line(const TraceModel &m, const TraceDiagnostic &d) {
    return "kind=" + q(m.str(d.kind)) + " task=" + std::to_string(d.task) +
           " future=" + std::to_string(d.future) + " message=" + q(m.str(d.message));
}

// The first entry of two tables whose one-line forms differ.
template <class T, class Line>
std::optional<std::string> compare_table(std::string_view name,
                                         const TraceModel &a,
                                         const std::vector<T> &xs,
                                         const TraceModel &b,
                                         const std::vector<T> &ys,
                                         Line line) {
    for (std::size_t i = 0; i < xs.size() && i < ys.size(); ++i) {
        std::string x = line(a, xs[i]);
        std::string y = line(b, ys[i]);
        if (x != y) {
            return std::string(name) + "/" + std::to_string(i) + " differs: a: " + x + "; b: " + y;
        }
    }
    if (xs.size() != ys.size()) {
        return std::string(name) + " differs: a has " + std::to_string(xs.size()) +
               " entries, b has " + std::to_string(ys.size());
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> first_divergence(const TraceModel &a, const TraceModel &b) {
    if (a.version != b.version) {
        return "version differs: a: " + std::to_string(a.version) +
               "; b: " + std::to_string(b.version);
    }
    if (a.scenario != b.scenario) {
        auto line = [](const ScenarioInfo &s) {
            return "name=" + q(s.name) + " file=" + q(s.file) + " seed=" + std::to_string(s.seed);
        };
        return "scenario differs: a: " + line(a.scenario) + "; b: " + line(b.scenario);
    }
    std::size_t n = std::min(a.events.size(), b.events.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (!same_event(a, a.events[i], b, b.events[i])) {
            return "event seq " + std::to_string(i) + " differs: a: " + event_line(a, i) +
                   "; b: " + event_line(b, i);
        }
    }
    if (a.events.size() != b.events.size()) {
        const TraceModel &longer = a.events.size() > b.events.size() ? a : b;
        return "a has " + std::to_string(a.events.size()) + " events, b has " +
               std::to_string(b.events.size()) + "; the first extra one, in " +
               (&longer == &a ? "a" : "b") + ", is seq " + std::to_string(n) + ": " +
               event_line(longer, n);
    }
    if (auto d = compare_table("/tasks", a, a.tasks, b, b.tasks, task_line)) {
        return d;
    }
    if (auto d = compare_table("/futures", a, a.futures, b, b.futures, future_line)) {
        return d;
    }
    if (auto d = compare_table("/channels", a, a.channels, b, b.channels, channel_line)) {
        return d;
    }
    const TraceSummary &x = a.summary;
    const TraceSummary &y = b.summary;
    if (x.end_ns != y.end_ns || x.steps != y.steps || a.str(x.stop) != b.str(y.stop)) {
        auto line = [](const TraceModel &m, const TraceSummary &s) {
            return "end_ns=" + std::to_string(s.end_ns) + " steps=" + std::to_string(s.steps) +
                   " stop=" + q(m.str(s.stop));
        };
        return "/summary differs: a: " + line(a, x) + "; b: " + line(b, y);
    }
    if (auto d = compare_table("/summary/tasks", a, x.tasks, b, y.tasks, summary_task_line)) {
        return d;
    }
    return compare_table(
        "/summary/diagnostics", a, x.diagnostics, b, y.diagnostics, diagnostic_line);
}

} // namespace futurescope::trace
