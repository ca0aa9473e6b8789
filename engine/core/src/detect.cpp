// The detectors. Each check runs where the bug shows: a lost wakeup at the end of the poll
// that returned NotReady, a poll after completion when the finished future is entered again,
// a blocking poll when the clock moves inside a poll, deadlocks once the run can go no further.
//
// [SECTION] Forwarding and bookkeeping
// [SECTION] Task-level polls: lost wakeup, busy loop, who will wake me
// [SECTION] Future-level polls: poll after completion
// [SECTION] Time, channels, network
// [SECTION] End of run: deadlock and stuck tasks
// [SECTION] Texts

#include "futurescope/observe/detect.hpp"

#include <algorithm>
#include <cstring>
#include <functional>
#include <utility>

namespace futurescope {

// [SECTION] Forwarding and bookkeeping

Detectors::Detectors(Executor &executor, Observer *next, DetectorOptions options)
    : ForwardingObserver(next), executor_(executor), options_(options) {
    executor_.set_track_handles(true);
}

Detectors::~Detectors() = default;

void Detectors::report(std::string kind, TaskId task, FutureId future, std::string message) {
    Finding f{std::move(kind),
              task,
              future,
              executor_.now(),
              finished_ ? 0 : executor_.steps(),
              std::move(message)};
    ForwardingObserver::on_diag(Diagnostic{f.kind, f.task, f.future, f.message});
    findings_.push_back(std::move(f));
}

FutureId Detectors::register_future(const FutureKind &kind, std::string_view label) {
    return register_future(kind, label, {});
}

FutureId Detectors::register_future(const FutureKind &kind,
                                    std::string_view label,
                                    std::string_view source) {
    FutureId id = ForwardingObserver::register_future(kind, label, source);
    if (id == 0) {
        id = next_future_id_;
    }
    next_future_id_ = std::max(next_future_id_, id + 1);
    FutureInfo &info = futures_[id];
    info.kind = std::string(kind.name);
    info.label = std::string(label);
    info.fused = kind.name.substr(0, 4) == "Fuse";
    info.refillable = kind.name == "FuturesUnordered" || kind.name == "FuturesOrdered";
    return id;
}

void Detectors::on_stream(FutureId future) {
    futures_[future].stream = true;
    ForwardingObserver::on_stream(future);
}

void Detectors::on_drop(FutureId future) {
    ForwardingObserver::on_drop(future);
    futures_.erase(future);
}

void Detectors::on_spawn(const TaskInfo &task) {
    activity_ = true;
    tasks_[task.id] = TaskInfoRec{std::string(task.name), task.daemon, 0, false, 0};
    ForwardingObserver::on_spawn(task);
}

void Detectors::on_park(TaskId task, FutureId future) {
    ++parks_;
    if (!stack_.empty()) {
        tasks_[task].waiting_future = stack_.back().future;
    }
    ForwardingObserver::on_park(task, future);
}

void Detectors::on_unpark(TaskId target, const UnparkCause &cause, UnparkOutcome outcome) {
    if (current_ != 0) {
        if (cause.kind == SourceKind::task && cause.id == current_ && target == current_) {
            self_unparked_ = true;
        } else {
            activity_ = true;
        }
    }
    ForwardingObserver::on_unpark(target, cause, outcome);
}

void Detectors::on_timer_set(TimerId timer, TimeNs deadline, TaskId task) {
    activity_ = true;
    ForwardingObserver::on_timer_set(timer, deadline, task);
}

void Detectors::on_diag(const Diagnostic &diag) {
    findings_.push_back(Finding{std::string(diag.kind),
                                diag.task,
                                diag.future,
                                executor_.now(),
                                executor_.steps(),
                                std::string(diag.message)});
    ForwardingObserver::on_diag(diag);
}

// [SECTION] Task-level polls: lost wakeup, busy loop, who will wake me

void Detectors::on_poll_begin(TaskId task) {
    current_ = task;
    stack_.clear();
    self_unparked_ = false;
    activity_ = false;
    culprit_ = 0;
    ForwardingObserver::on_poll_begin(task);
}

void Detectors::on_poll_end(TaskId task, PollOutcome outcome) {
    ForwardingObserver::on_poll_end(task, outcome);
    TaskInfoRec &rec = tasks_[task];
    if (outcome == PollOutcome::not_ready) {
        std::vector<WaitHolder> holders = executor_.waiting_on(task);
        ForwardingObserver::on_wait(task, holders);
        bool queued = executor_.is_queued(task);
        if (holders.empty() && !queued) {
            if (culprit_ != 0) {
                rec.waiting_future = culprit_; // what the end-of-run report points at
            }
            std::string who = culprit_ != 0 ? future_name(culprit_) : "A future";
            report("lost_wakeup",
                   task,
                   culprit_,
                   "Task " + task_name(task) +
                       " returned NotReady, but nothing holds its handle: no timer, socket, "
                       "channel or other task can unpark it, so it will never be polled again "
                       "(a lost wakeup). " +
                       who +
                       " answered NotReady without taking the task's handle (park()); a future "
                       "may return NotReady only after arranging to be woken.");
        }
        // A busy loop: the task queues itself again, and nothing else happened.
        if (queued && self_unparked_ && !activity_) {
            ++rec.quiet_self_polls;
        } else {
            rec.quiet_self_polls = 0;
        }
        if (rec.quiet_self_polls == options_.busy_loop_polls && !rec.busy_reported) {
            rec.busy_reported = true;
            report("busy_loop",
                   task,
                   rec.waiting_future,
                   "Task " + task_name(task) + " unparked itself in each of its last " +
                       std::to_string(options_.busy_loop_polls) +
                       " polls with no channel, socket, timer or spawn activity: it is "
                       "spinning (a busy loop). It burns polls, and the executor never goes "
                       "idle, so the clock cannot move on. Store the task's handle where the "
                       "event you wait for will unpark it, instead of unparking yourself.");
        }
    } else {
        rec.quiet_self_polls = 0;
    }
    current_ = 0;
    stack_.clear();
}

// [SECTION] Future-level polls: poll after completion

void Detectors::on_enter(FutureId future, int state) {
    if (!stack_.empty()) {
        stack_.back().entered_child = true;
    }
    stack_.push_back(Frame{future, false, parks_});
    FutureInfo *info = futures_.find(future);
    if (info != nullptr && info->done && !info->reported && !info->fused) {
        info->reported = true;
        std::string what = future_name(future);
        report("poll_after_completion",
               current_,
               future,
               what + " is polled again after it " +
                   (info->stream ? "ended (Ready(None))" : "completed") + ". Polling a finished " +
                   (info->stream ? "stream" : "future") +
                   " is unspecified in futures 0.1: it may panic, or answer anything. Call "
                   ".fuse() on it, and every later poll answers NotReady" +
                   (info->stream ? " (a fused stream answers Ready(None))." : "."));
    }
    ForwardingObserver::on_enter(future, state);
}

void Detectors::on_exit(FutureId future, PollOutcome outcome, ValueRef value) {
    ForwardingObserver::on_exit(future, outcome, value);
    if (!stack_.empty() && stack_.back().future == future) {
        Frame frame = stack_.back();
        stack_.pop_back();
        if (outcome == PollOutcome::not_ready && culprit_ == 0 && !frame.entered_child &&
            parks_ == frame.parks_at_enter) {
            culprit_ = future;
        }
    }
    if (FutureInfo *info = futures_.find(future)) {
        // A FuturesUnordered/Ordered that answers Ready(None) is empty, not ended: futures
        // pushed later make it yield again (futures 0.1.31), so polling it again is fine.
        bool finished = info->stream ? outcome == PollOutcome::end && !info->refillable
                                     : outcome == PollOutcome::ready || outcome == PollOutcome::err;
        if (finished) {
            info->done = true;
        }
    }
}

// [SECTION] Time, channels, network

void Detectors::on_clock(TimeNs from, TimeNs to, bool blocking) {
    ForwardingObserver::on_clock(from, to, blocking);
    if (!blocking || current_ == 0) {
        return;
    }
    TimeNs d = to - from;
    std::string who =
        stack_.empty() ? std::string("its future") : future_name(stack_.back().future);
    std::string msg = "Task " + task_name(current_) + " blocked the executor for " +
                      format_duration(d) + " inside its poll (" + who +
                      "): while a poll runs, no other task can.";
    std::vector<std::string> waiting;
    for (TaskId t : executor_.queued_tasks()) {
        if (t != current_) {
            waiting.push_back(task_name(t));
        }
    }
    if (!waiting.empty()) {
        std::string list;
        for (std::size_t i = 0; i < waiting.size(); ++i) {
            list += (i == 0 ? "" : i + 1 == waiting.size() ? " and " : ", ") + waiting[i];
        }
        msg += " " + std::string(waiting.size() == 1 ? "Task " : "Tasks ") + list +
               (waiting.size() == 1 ? " was" : " were") + " ready and waited " +
               format_duration(d) + " longer.";
    }
    for (const Executor::DueTimer &timer : executor_.timers_due_by(to)) {
        if (timer.deadline_ns < to) {
            msg += " Timer #" + std::to_string(timer.id) + " (due at " +
                   format_duration(timer.deadline_ns) + ") waits " +
                   format_duration(to - std::max(timer.deadline_ns, from)) + " longer.";
        }
    }
    msg += " Move blocking work off the executor, or split it with yield points.";
    report("blocking_poll", current_, stack_.empty() ? 0 : stack_.back().future, msg);
}

ChannelId Detectors::register_channel(std::string_view kind, std::int64_t capacity) {
    ChannelId id = ForwardingObserver::register_channel(kind, capacity);
    if (id == 0) {
        id = next_channel_id_;
    }
    next_channel_id_ = std::max(next_channel_id_, id + 1);
    channels_[id].kind = std::string(kind);
    return id;
}

void Detectors::on_channel(const ChannelEvent &event) {
    ForwardingObserver::on_channel(event);
    activity_ = true;
    ChannelRec &ch = channels_[event.channel];
    const char *detail = event.detail != nullptr ? event.detail : "";
    TaskId task = current_task_id();
    if (event.kind == ChannelEventKind::close &&
        std::strcmp(detail, "send refused: receiver dropped") == 0) {
        if (task != 0 && ch.refused_reported.insert(task).second) {
            report("send_after_receiver_dropped",
                   task,
                   0,
                   "Task " + task_name(task) + " sent into channel #" +
                       std::to_string(event.channel) + " (" + ch.kind +
                       ") after its receiver was gone: the send fails and hands the value back "
                       "as an error. Nobody will ever read it.");
        }
        return;
    }
    if (event.kind == ChannelEventKind::cancel && std::strcmp(detail, "sender dropped") == 0) {
        if (!ch.canceled_reported) {
            ch.canceled_reported = true;
            std::string who =
                task != 0 ? "Task " + task_name(task) + " dropped" : "Something dropped";
            report("canceled",
                   task,
                   0,
                   who + " the sender of channel #" + std::to_string(event.channel) + " (" +
                       ch.kind + ") without sending: its receiver resolves to Err(Canceled).");
        }
        return;
    }
    if (task == 0) {
        return;
    }
    switch (event.kind) {
    case ChannelEventKind::send:
    case ChannelEventKind::full:
        ch.senders.insert(task);
        break;
    case ChannelEventKind::recv:
        ch.receivers.insert(task);
        break;
    case ChannelEventKind::close:
    case ChannelEventKind::cancel:
        break;
    }
}

void Detectors::on_channel_owner(ChannelId channel, const char *role, TaskId task) {
    ChannelRec &ch = channels_[channel];
    if (std::strcmp(role, "sender") == 0) {
        ch.senders.insert(task);
    } else {
        ch.receivers.insert(task);
    }
    ForwardingObserver::on_channel_owner(channel, role, task);
}

void Detectors::on_net(const NetEvent &event) {
    activity_ = true;
    ForwardingObserver::on_net(event);
}

// [SECTION] End of run: deadlock and stuck tasks

std::vector<TaskId> Detectors::wakers_of(const WaitHolder &h, TaskId waiting) const {
    std::vector<TaskId> out;
    if (h.kind != SourceKind::channel || h.what == nullptr) {
        return out;
    }
    auto it = channels_.find(h.id);
    if (it == channels_.end()) {
        return out;
    }
    bool receiver = std::strstr(h.what, "receiver") != nullptr;
    const std::set<TaskId> &ends = receiver ? it->second.senders : it->second.receivers;
    for (TaskId t : ends) {
        if (t != waiting || ends.size() == 1) {
            out.push_back(t);
        }
    }
    return out;
}

void Detectors::finish(const RunReport &report_in) {
    if (finished_) {
        return;
    }
    finished_ = true;
    if (report_in.reason != StopReason::idle) {
        return;
    }
    WaitGraph graph = wait_graph();
    std::set<TaskId> in_cycle = report_deadlocks(graph);
    report_stuck(graph, in_cycle);
}

bool Detectors::WaitGraph::alive(TaskId t) const {
    auto it = by_id.find(t);
    return it != by_id.end() && it->second->state != TaskState::completed;
}

Detectors::WaitGraph Detectors::wait_graph() const {
    WaitGraph g;
    g.all = executor_.tasks();
    for (const TaskView &v : g.all) {
        g.by_id[v.id] = &v;
    }
    for (const TaskView &v : g.all) {
        if (v.state == TaskState::completed) {
            continue;
        }
        g.holders[v.id] = executor_.waiting_on(v.id);
        for (const WaitHolder &h : g.holders[v.id]) {
            for (TaskId w : wakers_of(h, v.id)) {
                if (g.alive(w)) {
                    g.edges[v.id].push_back(WaitEdge{h, w});
                }
            }
        }
    }
    return g;
}

std::string Detectors::waits_text(TaskId t, const WaitHolder &h) const {
    std::string s = "task " + task_name(t);
    FutureId f = waiting_future(t);
    if (f != 0 && futures_.find(f) != nullptr) {
        s += " (in " + future_name(f) + ")";
    }
    return s + " waits on " + describe_holder(h);
}

std::set<TaskId> Detectors::report_deadlocks(WaitGraph &g) {
    std::set<std::vector<TaskId>> cycles_seen;
    std::set<TaskId> in_cycle;
    for (const TaskView &v : g.all) {
        if (v.state == TaskState::completed || v.daemon) {
            continue;
        }
        // Depth-first search for a path back to v, in edge order (deterministic).
        std::vector<std::pair<TaskId, const WaitEdge *>> path;
        std::set<TaskId> visited;
        std::function<bool(TaskId)> dfs = [&](TaskId t) -> bool {
            visited.insert(t);
            for (const WaitEdge &e : g.edges[t]) {
                path.emplace_back(t, &e);
                if (e.to == v.id) {
                    return true;
                }
                if (visited.count(e.to) == 0 && dfs(e.to)) {
                    return true;
                }
                path.pop_back();
            }
            return false;
        };
        if (!dfs(v.id)) {
            continue;
        }
        std::vector<TaskId> members;
        for (const auto &step : path) {
            members.push_back(step.first);
        }
        std::vector<TaskId> key = members;
        std::sort(key.begin(), key.end());
        in_cycle.insert(key.begin(), key.end());
        if (!cycles_seen.insert(key).second) {
            continue;
        }
        std::string chain;
        for (std::size_t i = 0; i < path.size(); ++i) {
            const WaitEdge &e = *path[i].second;
            chain += (i == 0 ? "" : "; ") + waits_text(path[i].first, e.holder) +
                     ", which only task " + task_name(e.to) + " can wake";
        }
        report("deadlock",
               v.id,
               waiting_future(v.id),
               "Deadlock: " + chain +
                   ". Each task waits for another in the cycle, so none of them will ever be "
                   "polled again.");
    }
    return in_cycle;
}

void Detectors::report_stuck(WaitGraph &g, const std::set<TaskId> &in_cycle) {
    for (const TaskView &v : g.all) {
        if (v.state == TaskState::completed || v.daemon || in_cycle.count(v.id) != 0) {
            continue;
        }
        const std::vector<WaitHolder> &hs = g.holders[v.id];
        std::string msg = "Task " + task_name(v.id) + " can never complete: ";
        if (hs.empty()) {
            msg += "nothing holds its handle, so nothing will ever unpark it.";
        } else {
            for (std::size_t i = 0; i < hs.size(); ++i) {
                msg += (i == 0 ? "it waits on " : ", and on ") + describe_holder(hs[i]);
                std::vector<TaskId> ws = wakers_of(hs[i], v.id);
                std::vector<std::string> stuck_wakers;
                for (TaskId w : ws) {
                    if (g.alive(w)) {
                        stuck_wakers.push_back(task_name(w));
                    }
                }
                if (!stuck_wakers.empty()) {
                    msg += " (which task " + stuck_wakers.front() + ", itself stuck, would wake)";
                }
            }
            msg += ", and no running task, timer or socket will ever act on it.";
        }
        report("stuck", v.id, waiting_future(v.id), msg);
    }
}

// [SECTION] Texts

std::string Detectors::task_name(TaskId task) const {
    const TaskInfoRec *rec = tasks_.find(task);
    if (rec != nullptr && !rec->name.empty()) {
        return rec->name;
    }
    return "task-" + std::to_string(task);
}

std::string Detectors::future_name(FutureId future) const {
    const FutureInfo *info = futures_.find(future);
    if (info == nullptr) {
        return "Future #" + std::to_string(future);
    }
    std::string s = info->kind + " #" + std::to_string(future);
    if (!info->label.empty()) {
        s += " " + info->label;
    }
    return s;
}

FutureId Detectors::waiting_future(TaskId task) const {
    const TaskInfoRec *rec = tasks_.find(task);
    return rec != nullptr ? rec->waiting_future : 0;
}

} // namespace futurescope
