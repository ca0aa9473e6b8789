// The Send check: on the multi-threaded runtime a task may resume on another worker after an
// await, so what an async fn holds across an await must be Send (Rust's `tokio::spawn` bound). A
// let of an `rc` value followed by an await in its scope is rejected before anything runs, with
// the compiler's error — JSON paths in place of line numbers.
#include <algorithm>
#include <functional>

#include "loader.hpp"

namespace futurescope::scenario::loading {

namespace {

// A not-Send let of an async fn, and the await it lives across.
struct SendViolation {
    const AsyncSpec *fn = nullptr;
    const AsyncStep *let = nullptr;
    const AsyncStep *await = nullptr;
};

bool awaits(const AsyncStep &s) {
    return s.kind == AsyncStep::Kind::let_await || s.kind == AsyncStep::Kind::await ||
           s.kind == AsyncStep::Kind::for_each;
}

// The first not-Send let of `steps` (or of a nested loop body) with an await after it in its
// scope, in execution order.
bool find_violation(const std::vector<AsyncStep> &steps,
                    std::vector<const AsyncStep *> &live,
                    SendViolation &v) {
    std::size_t mark = live.size();
    for (const AsyncStep &s : steps) {
        if (awaits(s) && !live.empty()) {
            v.let = live.front();
            v.await = &s;
            return true;
        }
        if ((s.kind == AsyncStep::Kind::for_each || s.kind == AsyncStep::Kind::scope) &&
            find_violation(s.body, live, v)) {
            return true;
        }
        if (s.kind == AsyncStep::Kind::let_value && s.not_send) {
            live.push_back(&s);
        }
        if (s.kind == AsyncStep::Kind::return_) {
            break;
        }
    }
    live.resize(mark);
    return false;
}

void visit_async(const Expr &e, const std::function<void(const Expr &)> &f) {
    f(e);
    for (const Expr &a : e.args) {
        visit_async(a, f);
    }
    if (e.fn) {
        visit_async(e.fn->body, f);
    }
    if (e.async) {
        std::function<void(const std::vector<AsyncStep> &)> steps =
            [&](const std::vector<AsyncStep> &ss) {
                for (const AsyncStep &s : ss) {
                    visit_async(s.expr, f);
                    steps(s.body);
                }
            };
        steps(e.async->body);
    }
}

std::string send_error(const Scenario::Impl &impl,
                       const TaskSpec &task,
                       const std::string &task_name,
                       const std::string &spawn_path,
                       const std::string &spawn_source,
                       const SendViolation &v) {
    // A `.rs` file's places are spans ("12:5-12:31"): shown as rustc shows them, by line.
    auto place = [](const std::string &p) {
        return !p.empty() && p[0] != '/' ? p.substr(0, p.find(':')) : p;
    };
    const std::string let_path = place(v.let->path);
    const std::string await_path = place(v.await->path);
    const std::string spawn_place = spawn_path.rfind("/tasks/", 0) == 0 && impl.file.size() > 3 &&
                                            impl.file.substr(impl.file.size() - 3) == ".rs"
                                        ? std::to_string(task.line)
                                        : place(spawn_path);
    std::size_t w = std::max({spawn_place.size(), let_path.size(), await_path.size()});
    std::string pad(w, ' ');
    auto code = [&](const std::string &path, const std::string &text) {
        return path + std::string(w - path.size(), ' ') + " |     " + text + "\n";
    };
    auto mark = [&](std::size_t column, std::size_t len, char c, const std::string &label) {
        return pad + " |     " + std::string(column, ' ') + std::string(len, c) + " " + label +
               "\n";
    };
    std::string spawn_line = "spawn(" + spawn_source + ");";
    std::string out = "error: future cannot be sent between threads safely\n";
    out += pad + "--> " + impl.file + ":" + std::to_string(task.line) + ":" +
           std::to_string(task.column) + "\n";
    out += pad + " |\n";
    out += code(spawn_place, spawn_line);
    out +=
        mark(6, spawn_source.size(), '^', "future returned by `" + v.fn->name + "` is not `Send`");
    out += pad + " |\n";
    out += pad + " = note: task \"" + task_name +
           "\" is spawned on the multi-threaded runtime (\"runtime\": {\"workers\": " +
           std::to_string(impl.workers) +
           "}): after an await it may resume on another worker thread\n";
    out += "note: future is not `Send` as this value is used across an await\n";
    out += pad + " |\n";
    out += code(let_path, v.let->source);
    out += mark(4, v.let->name.size(), '-', "has type `" + v.let->type + "` which is not `Send`");
    out += code(await_path, v.await->source);
    std::size_t at = v.await->source.find(".await");
    out += mark(at == std::string::npos ? 0 : at + 1,
                5,
                '^',
                "await occurs here, with `" + v.let->name + "` maybe used later");
    out += "note: required by a bound in `spawn`\n";
    out += pad + " |\n";
    out += pad + " |     F: Future + Send + 'static,\n";
    out += mark(12, 4, '^', "required by this bound in `spawn`");
    out += "help: run it with \"runtime\": {\"workers\": 1}, or let the value go out of scope "
           "before the await";
    return out;
}

} // namespace

// The compiler's error for the first task that is not Send, if any.
std::optional<std::string> check_send(const Scenario::Impl &impl) {
    if (impl.workers <= 1) {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < impl.tasks.size(); ++i) {
        const TaskSpec &task = impl.tasks[i];
        std::string spawn_path = "/tasks/" + std::to_string(i) + "/future";
        std::string spawn_source = task.source;
        std::string task_name = task.name;
        std::optional<std::string> error;
        std::function<void(const Expr &)> check = [&](const Expr &e) {
            if (error) {
                return;
            }
            if (e.op == Op::spawn && !e.args.empty() && e.args[0].op == Op::async_fn) {
                spawn_path = e.path;
                spawn_source = e.args[0].async->name + "()";
                task_name = e.name.empty() ? "task-N" : e.name; // task-N: numbered when spawned
            }
            if (e.op != Op::async_fn) {
                return;
            }
            SendViolation v;
            v.fn = e.async.get();
            std::vector<const AsyncStep *> live;
            if (find_violation(e.async->body, live, v)) {
                error = send_error(impl, task, task_name, spawn_path, spawn_source, v);
            }
        };
        visit_async(task.future, check);
        if (error) {
            return *error;
        }
    }
    return std::nullopt;
}

} // namespace futurescope::scenario::loading
