// Where two traces of the same program part: events first (they are the run), then the tables and
// the summary. Texts are compared by content: two models number their strings independently.

#include "futurescope/trace/divergence.hpp"

#include <algorithm>
#include <string>
#include <utility>

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

Divergence::Side event_side(const TraceModel &m, std::size_t i) {
    const TraceEvent &e = m.events[i];
    return {e.t, describe_event(m, e), m.events.size()};
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
           " capacity=" + std::to_string(c.capacity) + " task=" + std::to_string(c.task) +
           (c.name != 0 ? " name=" + q(m.str(c.name)) : std::string());
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

// The first entry of two tables whose one-line forms differ, or their sizes.
template <class T, class Line>
std::optional<Divergence> compare_table(std::string_view name,
                                        const TraceModel &a,
                                        const std::vector<T> &xs,
                                        const TraceModel &b,
                                        const std::vector<T> &ys,
                                        Line line) {
    for (std::size_t i = 0; i < xs.size() && i < ys.size(); ++i) {
        std::string x = line(a, xs[i]);
        std::string y = line(b, ys[i]);
        if (x != y) {
            return Divergence{Divergence::Place::table_entry,
                              std::string(name),
                              i,
                              {std::nullopt, std::move(x), xs.size()},
                              {std::nullopt, std::move(y), ys.size()}};
        }
    }
    if (xs.size() != ys.size()) {
        return Divergence{Divergence::Place::table_size,
                          std::string(name),
                          0,
                          {std::nullopt, "", xs.size()},
                          {std::nullopt, "", ys.size()}};
    }
    return std::nullopt;
}

// A difference of the document's blocks (version, scenario, summary): one line per side.
Divergence block(Divergence::Place place, std::string a, std::string b) {
    return Divergence{
        place, "", 0, {std::nullopt, std::move(a), 0}, {std::nullopt, std::move(b), 0}};
}

std::string scenario_line(const ScenarioInfo &s) {
    return "name=" + q(s.name) + " file=" + q(s.file) + " seed=" + std::to_string(s.seed);
}

std::string summary_line(const TraceModel &m, const TraceSummary &s) {
    return "end_ns=" + std::to_string(s.end_ns) + " steps=" + std::to_string(s.steps) +
           " stop=" + q(m.str(s.stop));
}

std::optional<Divergence> compare_events(const TraceModel &a, const TraceModel &b) {
    const std::size_t n = std::min(a.events.size(), b.events.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (!same_event(a, a.events[i], b, b.events[i])) {
            return Divergence{Divergence::Place::event, "", i, event_side(a, i), event_side(b, i)};
        }
    }
    if (a.events.size() == b.events.size()) {
        return std::nullopt;
    }
    Divergence d{Divergence::Place::event_count,
                 "",
                 n,
                 {std::nullopt, "", a.events.size()},
                 {std::nullopt, "", b.events.size()}};
    (a.events.size() > n ? d.a : d.b) = event_side(a.events.size() > n ? a : b, n);
    return d;
}

// "t=30000000 exit task=1 …": an event's side as the one-line form writes it.
std::string event_text(const Divergence::Side &s) {
    return "t=" + std::to_string(s.t.value_or(0)) + " " + s.description;
}

} // namespace

std::optional<Divergence> first_divergence(const TraceModel &a, const TraceModel &b) {
    if (a.version != b.version) {
        return block(
            Divergence::Place::version, std::to_string(a.version), std::to_string(b.version));
    }
    if (a.scenario != b.scenario) {
        return block(
            Divergence::Place::scenario, scenario_line(a.scenario), scenario_line(b.scenario));
    }
    if (auto d = compare_events(a, b)) {
        return d;
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
        return block(Divergence::Place::summary, summary_line(a, x), summary_line(b, y));
    }
    if (auto d = compare_table("/summary/tasks", a, x.tasks, b, y.tasks, summary_task_line)) {
        return d;
    }
    return compare_table(
        "/summary/diagnostics", a, x.diagnostics, b, y.diagnostics, diagnostic_line);
}

std::string to_string(const Divergence &d) {
    const std::string &a = d.a.description;
    const std::string &b = d.b.description;
    switch (d.place) {
    case Divergence::Place::version:
        return "version differs: a: " + a + "; b: " + b;
    case Divergence::Place::scenario:
        return "scenario differs: a: " + a + "; b: " + b;
    case Divergence::Place::event:
        return "event seq " + std::to_string(d.index) + " differs: a: " + event_text(d.a) +
               "; b: " + event_text(d.b);
    case Divergence::Place::event_count: {
        const bool in_a = d.a.count > d.b.count;
        return "a has " + std::to_string(d.a.count) + " events, b has " +
               std::to_string(d.b.count) + "; the first extra one, in " + (in_a ? "a" : "b") +
               ", is seq " + std::to_string(d.index) + ": " + event_text(in_a ? d.a : d.b);
    }
    case Divergence::Place::table_entry:
        return d.table + "/" + std::to_string(d.index) + " differs: a: " + a + "; b: " + b;
    case Divergence::Place::table_size:
        return d.table + " differs: a has " + std::to_string(d.a.count) + " entries, b has " +
               std::to_string(d.b.count);
    case Divergence::Place::summary:
        return "/summary differs: a: " + a + "; b: " + b;
    }
    return a + "; " + b;
}

} // namespace futurescope::trace
