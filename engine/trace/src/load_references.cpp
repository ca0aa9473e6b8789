// The ids of a trace document that name tasks, futures, channels and states, checked once
// everything is read: the tables come after the events, so an event's ids can only be checked
// at the end. What passes here the viewer can draw: every id it looks up resolves, and the
// futures of a task form a tree.
//
// [SECTION] Events
// [SECTION] Tables
// [SECTION] Future parents

#include <algorithm>
#include <vector>

#include "loader.hpp"

namespace futurescope::trace::load_detail {

using detail::Field;
using detail::FieldSpec;
using detail::Slot;

void Loader::check_references() const {
    check_event_references();
    check_table_references();
    check_future_parents();
}

void Loader::no_such(const std::string &where,
                     std::string_view what,
                     std::size_t id,
                     std::size_t has) const {
    throw TraceError(name_ + ": " + where + ": no " + std::string(what) + " " + std::to_string(id) +
                     " in /" + std::string(what) + "s (it has " + std::to_string(has) + ")");
}

// [SECTION] Events

void Loader::check_event_references() const {
    for (std::size_t i = 0; i < model_.events.size(); ++i) {
        const TraceEvent &e = model_.events[i];
        if (!event_references_ok(e)) [[unlikely]] {
            event_reference_error(i, e);
        }
    }
}

namespace {

// The events of a task's life: the executor writes them for a task it runs, never for task 0
// (which, elsewhere, means "outside any task": a timer, a delivery).
bool names_its_task(EventKind kind) noexcept {
    switch (kind) {
    case EventKind::spawn:
    case EventKind::poll_begin:
    case EventKind::poll_end:
    case EventKind::wait:
    case EventKind::complete:
        return true;
    default:
        return false;
    }
}

} // namespace

// The fast check, one per event; event_reference_error says what is wrong.
bool Loader::event_references_ok(const TraceEvent &e) const noexcept {
    const std::size_t tasks = model_.tasks.size();
    const std::size_t channels = model_.channels.size();
    if (e.task > tasks || e.future > model_.futures.size()) {
        return false;
    }
    if (names_its_task(e.kind) && e.task == 0) {
        return false;
    }
    switch (e.kind) {
    case EventKind::spawn:
        return e.ref <= tasks;
    case EventKind::state:
        return e.future == 0 || (is_state_of(e.text, e.future) && is_state_of(e.text2, e.future));
    case EventKind::unpark:
        // The source's id is 0 when it was never registered with an observer.
        if (unpark_source(e) == SourceKind::task) {
            return e.ref <= tasks;
        }
        if (unpark_source(e) == SourceKind::channel && channels_seen_) {
            return e.ref <= channels;
        }
        return true;
    default:
        // A channel event names a channel of the table: ids count from 1.
        return !is_channel_event(e.kind) || !channels_seen_ || (e.ref >= 1 && e.ref <= channels);
    }
}

bool Loader::is_state_of(StrId state, FutureId future) const noexcept {
    std::span<const StrId> names = model_.states(model_.futures[future - 1]);
    return std::find(names.begin(), names.end(), state) != names.end();
}

void Loader::event_reference_error(std::size_t index, const TraceEvent &e) const {
    const std::size_t tasks = model_.tasks.size();
    const std::size_t futures = model_.futures.size();
    const std::size_t channels = model_.channels.size();
    const std::string at = "/events/" + std::to_string(index) + "/";
    for (Field field : detail::kind_spec(e.kind).fields) {
        const FieldSpec &fs = detail::field_spec(field);
        const std::string where = at + std::string(fs.name);
        if (fs.slot == Slot::task && (e.task > tasks || (e.task == 0 && names_its_task(e.kind)))) {
            no_such(where, "task", e.task, tasks);
        } else if (fs.slot == Slot::future && e.future > futures) {
            no_such(where, "future", e.future, futures);
        } else if (field == Field::parent && e.ref > tasks) {
            no_such(where, "task", e.ref, tasks);
        } else if (field == Field::source_id && unpark_source(e) == SourceKind::task &&
                   e.ref > tasks) {
            no_such(where, "task", e.ref, tasks);
        } else if (field == Field::source_id && unpark_source(e) == SourceKind::channel &&
                   channels_seen_ && e.ref > channels) {
            no_such(where, "channel", e.ref, channels);
        } else if (field == Field::channel && channels_seen_ && (e.ref == 0 || e.ref > channels)) {
            no_such(where, "channel", e.ref, channels);
        }
    }
    if (e.kind != EventKind::state || e.future == 0) {
        // event_references_ok and this function disagree: a bug, said as such.
        throw TraceError(name_ + ": " + at.substr(0, at.size() - 1) +
                         ": a reference does not resolve");
    }
    // Only the names of states are left: the future is known, its states are not these.
    const TraceFuture &f = model_.futures[e.future - 1];
    std::string names;
    for (StrId s : model_.states(f)) {
        names += names.empty() ? "" : ", ";
        names += model_.str(s);
    }
    const bool from_ok = is_state_of(e.text, e.future);
    throw TraceError(name_ + ": " + at + (from_ok ? "to" : "from") +
                     ": expected a state of future " + std::to_string(e.future) + " (" +
                     std::string(model_.str(f.kind)) + ": " +
                     (names.empty() ? "it has none" : names) + "), found " +
                     quoted(model_.str(from_ok ? e.text2 : e.text)));
}

// [SECTION] Tables

void Loader::check_table_references() const {
    const std::size_t tasks = model_.tasks.size();
    const std::size_t futures = model_.futures.size();
    auto task_ok = [&](TaskId id, std::string_view table, std::size_t i, std::string_view key) {
        if (id > tasks) {
            no_such("/" + std::string(table) + "/" + std::to_string(i) + "/" + std::string(key),
                    "task",
                    id,
                    tasks);
        }
    };
    auto future_ok = [&](FutureId id, std::string_view table, std::size_t i, std::string_view key) {
        if (id > futures) {
            no_such("/" + std::string(table) + "/" + std::to_string(i) + "/" + std::string(key),
                    "future",
                    id,
                    futures);
        }
    };
    for (std::size_t i = 0; i < tasks; ++i) {
        task_ok(model_.tasks[i].parent, "tasks", i, "parent");
        future_ok(model_.tasks[i].root, "tasks", i, "root");
    }
    for (std::size_t i = 0; i < futures; ++i) {
        task_ok(model_.futures[i].task, "futures", i, "task");
        future_ok(model_.futures[i].parent, "futures", i, "parent");
    }
    for (std::size_t i = 0; i < model_.channels.size(); ++i) {
        task_ok(model_.channels[i].task, "channels", i, "task");
    }
    for (std::size_t i = 0; i < model_.summary.diagnostics.size(); ++i) {
        task_ok(model_.summary.diagnostics[i].task, "summary/diagnostics", i, "task");
        future_ok(model_.summary.diagnostics[i].future, "summary/diagnostics", i, "future");
    }
}

// [SECTION] Future parents

// The viewer draws a task's futures as a tree by their parents: a future that is its own parent,
// or its own ancestor, would have it walk in circles. One pass, each future visited once.
void Loader::check_future_parents() const {
    const std::size_t futures = model_.futures.size();
    enum : std::uint8_t { unseen, on_path, done };
    std::vector<std::uint8_t> mark(futures + 1, unseen);
    std::vector<FutureId> path;
    for (FutureId start = 1; start <= futures; ++start) {
        path.clear();
        FutureId id = start;
        while (id != 0 && mark[id] == unseen) {
            mark[id] = on_path;
            path.push_back(id);
            id = model_.futures[id - 1].parent;
        }
        if (id != 0 && mark[id] == on_path) {
            const std::string where = "/futures/" + std::to_string(id - 1) + "/parent";
            if (model_.futures[id - 1].parent == id) {
                throw TraceError(name_ + ": " + where + ": future " + std::to_string(id) +
                                 " is its own parent");
            }
            std::string cycle = std::to_string(id);
            for (auto it = std::find(path.begin(), path.end(), id) + 1; it != path.end(); ++it) {
                cycle += " -> " + std::to_string(*it);
            }
            throw TraceError(name_ + ": " + where + ": future " + std::to_string(id) +
                             " is its own ancestor (" + cycle + " -> " + std::to_string(id) + ")");
        }
        for (FutureId p : path) {
            mark[p] = done;
        }
    }
}

} // namespace futurescope::trace::load_detail
