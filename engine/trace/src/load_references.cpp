// The ids of a trace document that name tasks and futures, checked once everything is read: the
// tables come after the events, so an event's ids can only be checked at the end.

#include "loader.hpp"

namespace futurescope::trace::load_detail {

using detail::Field;
using detail::FieldSpec;
using detail::Slot;

void Loader::check_references() const {
    const std::size_t tasks = model_.tasks.size();
    const std::size_t futures = model_.futures.size();
    auto bad =
        [&](const std::string &where, std::string_view what, std::size_t id, std::size_t has) {
            throw TraceError(name_ + ": " + where + ": no " + std::string(what) + " " +
                             std::to_string(id) + " in /" + std::string(what) + "s (it has " +
                             std::to_string(has) + ")");
        };
    for (std::size_t i = 0; i < model_.events.size(); ++i) {
        const TraceEvent &e = model_.events[i];
        if (e.task <= tasks && e.future <= futures &&
            (e.kind != EventKind::spawn || e.ref <= tasks)) [[likely]] {
            continue;
        }
        for (Field field : detail::kind_spec(e.kind).fields) {
            const FieldSpec &fs = detail::field_spec(field);
            std::string where = "/events/" + std::to_string(i) + "/" + std::string(fs.name);
            if (fs.slot == Slot::task && e.task > tasks) {
                bad(where, "task", e.task, tasks);
            } else if (fs.slot == Slot::future && e.future > futures) {
                bad(where, "future", e.future, futures);
            } else if (field == Field::parent && e.ref > tasks) {
                bad(where, "task", e.ref, tasks);
            }
        }
    }
    auto task_ok = [&](TaskId id, std::string_view table, std::size_t i, std::string_view key) {
        if (id > tasks) {
            bad("/" + std::string(table) + "/" + std::to_string(i) + "/" + std::string(key),
                "task",
                id,
                tasks);
        }
    };
    auto future_ok = [&](FutureId id, std::string_view table, std::size_t i, std::string_view key) {
        if (id > futures) {
            bad("/" + std::string(table) + "/" + std::to_string(i) + "/" + std::string(key),
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

} // namespace futurescope::trace::load_detail
