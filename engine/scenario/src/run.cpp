// Running a scenario: a fresh executor with the detectors in front of the caller's observer,
// the world's network, the file's tasks and the hosts' services, then the run and its outcome.
//
// [SECTION] Collecting diagnostics
// [SECTION] Running
#include <utility>

#include "futurescope/observe/detect.hpp"
#include "interpreter.hpp"

namespace futurescope::scenario {

namespace building {

namespace {

// Runs a function when the scope ends, also when it ends by an exception.
template <typename F>
class ScopeExit {
  public:
    explicit ScopeExit(F f) : f_(std::move(f)) {}
    ScopeExit(const ScopeExit &) = delete;
    ScopeExit &operator=(const ScopeExit &) = delete;
    ~ScopeExit() { f_(); }

  private:
    F f_;
};

// [SECTION] Collecting diagnostics

// Sits between the executor (or the detectors in front of it) and the caller's observer (the
// recorder): forwards every event unchanged and keeps each `diag` with the place it points to —
// the task, its task-level poll and the executor's step at that moment.
class DiagTee final : public ForwardingObserver {
  public:
    DiagTee(Executor &ex, Observer *next, std::vector<DiagnosticRecord> &out)
        : ForwardingObserver(next), ex_(ex), out_(out) {}

    void set_at_end() noexcept { at_end_ = true; }

    void on_spawn(const TaskInfo &task) override {
        names_[task.id] = std::string(task.name);
        ForwardingObserver::on_spawn(task);
    }
    void on_poll_begin(TaskId task) override {
        ++steps_;
        ++polls_[task];
        ForwardingObserver::on_poll_begin(task);
    }
    void on_diag(const Diagnostic &diag) override {
        DiagnosticRecord d;
        d.kind = std::string(diag.kind);
        d.task = diag.task;
        if (auto it = names_.find(diag.task); it != names_.end()) {
            d.task_name = it->second;
        }
        d.t = ex_.now();
        d.at_end = at_end_;
        d.step = at_end_ ? 0 : steps_;
        if (auto it = polls_.find(diag.task); it != polls_.end() && !at_end_) {
            d.poll = it->second;
        }
        d.message = std::string(diag.message);
        out_.push_back(std::move(d));
        ForwardingObserver::on_diag(diag);
    }

  private:
    Executor &ex_;
    std::vector<DiagnosticRecord> &out_;
    std::map<TaskId, std::string> names_;
    std::map<TaskId, std::uint64_t> polls_;
    std::uint64_t steps_ = 0;
    bool at_end_ = false;
};

// [SECTION] Running

// The world's hosts, links and faults on a virtual network, if the file has hosts.
void make_network(std::optional<Network> &net, Executor &ex, const Scenario::Impl &impl) {
    if (!impl.hosts.empty()) {
        net.emplace(ex);
        for (const HostSpec &h : impl.hosts) {
            net->add_host(h.name, h.address);
        }
        for (const LinkSpec &l : impl.links) {
            net->add_link(l.a, l.b, l.params);
        }
        for (const FaultSpec &f : impl.faults) {
            if (f.kind == "partition") {
                net->partition(f.a,
                               f.b,
                               std::chrono::nanoseconds(f.from_ns),
                               std::chrono::nanoseconds(f.to_ns));
            } else if (f.kind == "crash") {
                net->crash(f.a, std::chrono::nanoseconds(f.from_ns));
            } else {
                net->restart(f.a, std::chrono::nanoseconds(f.from_ns));
            }
        }
        if (!impl.local_host.empty()) {
            net->set_local_host(impl.local_host);
        }
    }
}

// The file's tasks, in file order; a task whose future cannot be built panics when it runs.
void spawn_tasks(Executor &ex, const Scenario::Impl &impl, RunState &rs) {
    // The "let" values, in order; one that panics panics every task with its message.
    Env env;
    std::optional<std::string> let_panic;
    try {
        for (const LetSpec &l : impl.lets) {
            env = bind_one(env, l.name, eval(l.value, env, &rs));
        }
    } catch (const Panic &p) {
        let_panic = p.what();
    }
    for (const TaskSpec &t : impl.tasks) {
        BF f = [&]() -> BF {
            try {
                if (let_panic) {
                    throw Panic(*let_panic);
                }
                return build_future(t.future, env, rs);
            } catch (const Panic &p) {
                std::string message = p.what();
                return BF(lazy([message]() -> Result<Value, Value> { throw Panic(message); }));
            }
        }();
        ex.spawn(std::move(f), SpawnOptions{.name = t.name, .daemon = t.daemon});
    }
}

// The hosts' services (http, https, echo, welcome), each on its port.
void start_services(std::optional<Network> &net, const Scenario::Impl &impl) {
    for (const HostSpec &h : impl.hosts) {
        for (const ServiceSpec &s : h.services) {
            switch (s.kind) {
            case ServiceKind::http:
                net->serve_http(h.name, s.port, s.http);
                break;
            case ServiceKind::https:
                net->serve_https(h.name, s.port, s.http);
                break;
            case ServiceKind::echo:
                net->serve_echo(h.name, s.port);
                break;
            case ServiceKind::welcome:
                net->serve_welcome(h.name, s.port);
                break;
            }
        }
    }
}

} // namespace

} // namespace building

Value eval_constant(const Expr &e) { return building::eval(e, nullptr, nullptr); }

RunOutcome run_impl(const Scenario::Impl &impl, const RunOptions &options) {
    Executor ex;
    if (!impl.coalesce) {
        ex.set_coalesce_unparks(false);
    }
    if (impl.workers > 1) {
        ex.set_workers(impl.workers);
    }
    ex.set_seed(options.seed.value_or(impl.seed));
    ex.set_limits(impl.limits);
    if (options.on_start) {
        options.on_start(ex);
    }
    RunOutcome outcome;
    // Detectors go in front of the tee: what they report reaches the tee, then the recorder.
    building::DiagTee tee(ex, ex.observer(), outcome.diagnostics);
    Detectors detectors(ex, &tee);
    ex.set_observer(&detectors);
    // Also when on_finish or a build step throws: the executor's destructor drops the tasks'
    // futures, and what that reports must not reach the detectors and the tee destroyed before it.
    building::ScopeExit unobserve([&ex]() noexcept { ex.set_observer(nullptr); });
    {
        std::optional<Network> net;
        building::make_network(net, ex, impl);
        building::RunState rs{impl, net ? &*net : nullptr, {}, &outcome.output};
        // on_finish may have destroyed the caller's observer (the recorder is finished there):
        // what the network and the executor report while they shut down goes nowhere, also when
        // on_finish throws.
        building::ScopeExit detach([&tee]() noexcept { tee.detach(); });
        {
            // Building the tasks' futures can make channels: the observer sees them.
            ObserverScope scope(ex.observer() != nullptr ? ex.observer() : current_observer());
            building::spawn_tasks(ex, impl, rs);
            // The services start after the scenario's tasks, so those get the first ids.
            building::start_services(net, impl);
        }
        outcome.report = ex.run_all();
        outcome.tasks = ex.tasks();
        tee.set_at_end();
        detectors.finish(outcome.report);
        if (options.on_finish) {
            options.on_finish(ex, outcome.report);
        }
    }
    return outcome;
}

} // namespace futurescope::scenario
