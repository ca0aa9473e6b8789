// Loading the expect block (what a run must end with: per-task results, poll counts, the
// diagnostics, or a rejection) and the narration (the lesson's notes, pinned to polls or events).
#include <algorithm>

#include "compiler.hpp"

namespace futurescope::scenario::loading {

namespace {

// A task of the file, or a task a `spawn` names.
bool has_task(const Loader &l, const Scenario::Impl &out, const std::string &name) {
    return std::any_of(out.tasks.begin(),
                       out.tasks.end(),
                       [&](const TaskSpec &t) { return t.name == name; }) ||
           std::find(l.spawn_names_.begin(), l.spawn_names_.end(), name) != l.spawn_names_.end();
}

std::vector<std::string_view> task_names(const Loader &l, const Scenario::Impl &out) {
    std::vector<std::string_view> v;
    for (const TaskSpec &t : out.tasks) {
        v.push_back(t.name);
    }
    for (const std::string &n : l.spawn_names_) {
        v.push_back(n);
    }
    return v;
}

// The detectors' stable ids (SESSION2.md "diag events").
const std::vector<std::string_view> &diag_kinds() {
    static const std::vector<std::string_view> kinds{"lost_wakeup",
                                                     "deadlock",
                                                     "stuck",
                                                     "poll_after_completion",
                                                     "busy_loop",
                                                     "blocking_poll",
                                                     "send_after_receiver_dropped",
                                                     "canceled"};
    return kinds;
}

// "diagnostics": [{"diag": "lost_wakeup", "task": "main", "poll": 2, "step": 3, "at_ms": 10,
// "end": false, "contains": "nothing holds"}]
void load_expect_diagnostics(Loader &l, const Node &n, Scenario::Impl &out) {
    const std::string path = "/expect/diagnostics";
    l.expect_type(n, Node::Type::array, path, "an array of {\"diag\": …, \"task\": …}");
    for (std::size_t i = 0; i < n.items.size(); ++i) {
        const Node &e = n.items[i];
        std::string p = child(path, i);
        l.expect_type(e, Node::Type::object, p, "an object");
        l.only_keys(e, p, {"diag", "task", "poll", "step", "at_ms", "end", "contains"});
        DiagExpect x;
        x.path = p;
        const Node &kn = l.required(e, p, "diag");
        x.kind = l.string_of(kn, child(p, "diag"));
        const auto &kinds = diag_kinds();
        if (std::find(kinds.begin(), kinds.end(), x.kind) == kinds.end()) {
            l.fail(
                kn, child(p, "diag"), "unknown diagnostic " + qt(x.kind) + suggest(x.kind, kinds));
        }
        if (const Node *t = e.find("task")) {
            x.task = l.string_of(*t, child(p, "task"));
            if (!has_task(l, out, *x.task) && x.task->rfind("task-", 0) != 0) {
                l.fail(*t,
                       child(p, "task"),
                       "unknown task " + qt(*x.task) + suggest(*x.task, task_names(l, out)));
            }
        }
        if (const Node *v = e.find("poll")) {
            x.poll = static_cast<std::uint64_t>(l.integer_of(*v, child(p, "poll"), 1));
        }
        if (const Node *v = e.find("step")) {
            x.step = static_cast<std::uint64_t>(l.integer_of(*v, child(p, "step"), 1));
        }
        if (const Node *v = e.find("at_ms")) {
            x.at_ns = l.duration_of(*v, child(p, "at_ms"));
        }
        if (const Node *v = e.find("end")) {
            l.expect_type(*v, Node::Type::boolean, child(p, "end"), "true or false");
            x.at_end = v->boolean;
        }
        if (const Node *v = e.find("contains")) {
            x.contains = l.string_of(*v, child(p, "contains"));
        }
        out.expect_diagnostics.push_back(std::move(x));
    }
}

// The first part of a value expression that only a run can evaluate: a channel's sender, a
// future or a stream as a value.
const Expr *needs_run(const Expr &e) {
    if (e.op == Op::sender || e.op == Op::future_value || e.op == Op::stream_value) {
        return &e;
    }
    for (const Expr &a : e.args) {
        if (const Expr *r = needs_run(a)) {
            return r;
        }
    }
    return nullptr;
}

// An expected result: a value expression evaluated now, with no variables and no run, so that
// check() compares values. One that needs a run or panics is an error of the file.
Value expected_value(Loader &l, Compiler &c, const Node &v, const std::string &path) {
    Expr e = c.compile(v, path, Kind::value, {});
    if (const Expr *r = needs_run(e)) {
        const char *what = r->op == Op::sender         ? "sender"
                           : r->op == Op::future_value ? "future"
                                                       : "stream";
        l.fail(v, r->path, "expected a constant value, found " + qt(what) + " (it needs a run)");
    }
    try {
        return eval_constant(e);
    } catch (const Panic &p) {
        l.fail(v, path, std::string("the expected value panics: ") + p.what());
    }
}

// {"result": {"ok": V} | {"err": V} | {"panic": "…"} | "stuck", "completed_ms": …, "polls": …,
// "unparks": …}: what one task's summary must say.
TaskExpect load_task_expect(
    Loader &l, Compiler &c, const std::string &name, const Node &te, const std::string &p) {
    l.expect_type(te, Node::Type::object, p, "an object");
    l.only_keys(te, p, {"result", "completed_ms", "polls", "unparks"});
    TaskExpect x;
    x.task = name;
    if (const Node *r = te.find("result")) {
        std::string rp = child(p, "result");
        if (r->is_string()) {
            if (r->text != "stuck") {
                l.fail(
                    *r, rp, "expected {\"ok\": …}, {\"err\": …}, {\"panic\": \"…\"} or \"stuck\"");
            }
            x.result_kind = "stuck";
        } else {
            l.expect_type(*r,
                          Node::Type::object,
                          rp,
                          "{\"ok\": …}, {\"err\": …}, {\"panic\": \"…\"} or \"stuck\"");
            if (r->members.size() != 1) {
                l.fail(*r, rp, "expected one key: \"ok\", \"err\" or \"panic\"");
            }
            l.only_keys(*r, rp, {"ok", "err", "panic"});
            const auto &[k, v] = r->members[0];
            x.result_kind = k;
            if (k == "panic") {
                x.panic = l.string_of(v, child(rp, k));
            } else {
                x.result = expected_value(l, c, v, child(rp, k));
            }
        }
    }
    if (const Node *v = te.find("completed_ms")) {
        x.completed_ns = l.duration_of(*v, child(p, "completed_ms"));
    }
    if (const Node *v = te.find("polls")) {
        x.polls = static_cast<std::uint64_t>(l.integer_of(*v, child(p, "polls")));
    }
    if (const Node *v = te.find("unparks")) {
        x.unparks = static_cast<std::uint64_t>(l.integer_of(*v, child(p, "unparks")));
    }
    return x;
}

} // namespace

void load_expect(Loader &l, const Node &n, Scenario::Impl &out) {
    const std::string path = "/expect";
    l.expect_type(n, Node::Type::object, path, "an object");
    l.only_keys(n, path, {"tasks", "end_ms", "steps", "stop", "diagnostics", "rejected"});
    out.has_expect = true;
    if (const Node *r = n.find("rejected")) {
        std::string rp = child(path, "rejected");
        l.expect_type(*r, Node::Type::object, rp, "an object: {\"contains\": \"…\"}");
        l.only_keys(*r, rp, {"contains"});
        out.expect_rejected = l.string_of(l.required(*r, rp, "contains"), child(rp, "contains"));
        if (n.members.size() != 1) {
            l.fail(n, path, "\"rejected\" stands alone: a rejected scenario does not run");
        }
    }
    if (const Node *d = n.find("diagnostics")) {
        load_expect_diagnostics(l, *d, out);
    }
    if (const Node *e = n.find("end_ms")) {
        out.expect_end_ns = l.duration_of(*e, child(path, "end_ms"));
    }
    if (const Node *s = n.find("steps")) {
        out.expect_steps = static_cast<std::uint64_t>(l.integer_of(*s, child(path, "steps")));
    }
    if (const Node *s = n.find("stop")) {
        std::string stop = l.string_of(*s, child(path, "stop"));
        static const std::vector<std::string_view> stops{
            "completed", "idle", "step_limit", "time_limit"};
        if (std::find(stops.begin(), stops.end(), stop) == stops.end()) {
            l.fail(*s,
                   child(path, "stop"),
                   "expected \"completed\", \"idle\", \"step_limit\" or \"time_limit\", found " +
                       qt(stop));
        }
        out.expect_stop = stop;
    }
    const Node *tasks = n.find("tasks");
    if (tasks == nullptr) {
        return;
    }
    std::string tp = child(path, "tasks");
    l.expect_type(*tasks, Node::Type::object, tp, "an object: task name → expectations");
    Compiler c(l);
    for (std::size_t i = 0; i < tasks->members.size(); ++i) {
        const auto &[name, te] = tasks->members[i];
        std::string p = child(tp, name);
        bool spawned = name.rfind("task-", 0) == 0;
        if (!has_task(l, out, name) && !spawned) {
            l.fail_key(
                *tasks, i, p, "unknown task " + qt(name) + suggest(name, task_names(l, out)));
        }
        out.expect_tasks.push_back(load_task_expect(l, c, name, te, p));
    }
}

void load_narration(Loader &l, const Node &n, Scenario::Impl &out) {
    const std::string path = "/narration";
    l.expect_type(n, Node::Type::array, path, "an array");
    for (std::size_t i = 0; i < n.items.size(); ++i) {
        const Node &e = n.items[i];
        std::string p = child(path, i);
        l.expect_type(e, Node::Type::object, p, "an object");
        l.only_keys(e, p, {"at", "text"});
        trace::Note note;
        note.text = l.string_of(l.required(e, p, "text"), child(p, "text"));
        const Node &at = l.required(e, p, "at");
        std::string ap = child(p, "at");
        l.expect_type(at, Node::Type::object, ap, "an object");
        l.only_keys(at, ap, {"seq", "task", "poll", "event"});
        if (const Node *s = at.find("seq")) {
            note.seq = static_cast<std::uint64_t>(l.integer_of(*s, child(ap, "seq")));
            if (at.members.size() != 1) {
                l.fail(at, ap, "\"seq\" stands alone: no \"task\", \"poll\" or \"event\" with it");
            }
        } else {
            const Node &t = l.required(at, ap, "task");
            note.task = l.string_of(t, child(ap, "task"));
            if (!has_task(l, out, note.task) && note.task.rfind("task-", 0) != 0) {
                l.fail(t,
                       child(ap, "task"),
                       "unknown task " + qt(note.task) + suggest(note.task, task_names(l, out)));
            }
            const Node *poll = at.find("poll");
            const Node *event = at.find("event");
            if ((poll == nullptr) == (event == nullptr)) {
                l.fail(at, ap, "expected one of \"poll\" and \"event\" with \"task\"");
            }
            if (poll != nullptr) {
                note.poll = static_cast<std::uint64_t>(l.integer_of(*poll, child(ap, "poll"), 1));
            } else {
                note.event = l.string_of(*event, child(ap, "event"));
                if (!trace::parse_event_kind(note.event)) {
                    l.fail(*event, child(ap, "event"), "unknown event kind " + qt(note.event));
                }
            }
        }
        out.narration.push_back(std::move(note));
    }
}

} // namespace futurescope::scenario::loading
