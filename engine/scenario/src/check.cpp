// Checking a run against the expect block: the end, the steps, the stop reason, each task's
// result and counts, and the diagnostics, one line for each difference.
//
// [SECTION] Diagnostics
// [SECTION] Tasks
// [SECTION] check
#include "model.hpp"

namespace futurescope::scenario {

namespace {

// [SECTION] Diagnostics

std::string where(const DiagnosticRecord &d) {
    std::string out =
        d.task != 0 ? "task " + (d.task_name.empty() ? "#" + std::to_string(d.task) : d.task_name)
                    : std::string("no task");
    if (d.at_end) {
        out += ", at the end";
    } else if (d.poll != 0) {
        out += ", poll " + std::to_string(d.poll) + ", step " + std::to_string(d.step);
    }
    return out + ", " + format_duration(d.t);
}

std::string where(const DiagExpect &x) {
    std::vector<std::string> parts;
    if (x.task) {
        parts.push_back("task " + *x.task);
    }
    if (x.at_end && *x.at_end) {
        parts.emplace_back("at the end");
    }
    if (x.poll) {
        parts.push_back("poll " + std::to_string(*x.poll));
    }
    if (x.step) {
        parts.push_back("step " + std::to_string(*x.step));
    }
    if (x.at_ns) {
        parts.push_back(format_duration(*x.at_ns));
    }
    std::string out;
    for (const std::string &p : parts) {
        out += (out.empty() ? "" : ", ") + p;
    }
    return out.empty() ? out : " (" + out + ")";
}

// What differs between an expected diagnostic and a reported one of the same id, one item each
// ("poll: expected 3, got 2"); empty when it matches.
std::vector<std::string> diag_differences(const DiagExpect &x, const DiagnosticRecord &d) {
    std::vector<std::string> out;
    if (x.task && *x.task != d.task_name) {
        out.push_back("task: expected " + *x.task + ", got " +
                      (d.task_name.empty() ? std::string("none") : d.task_name));
    }
    if (x.at_end && *x.at_end != d.at_end) {
        out.push_back(std::string("end: expected ") +
                      (*x.at_end ? "at the end" : "during the run") + ", got " +
                      (d.at_end ? "at the end" : "during the run"));
    }
    if (x.poll && *x.poll != d.poll) {
        out.push_back("poll: expected " + std::to_string(*x.poll) + ", got " +
                      (d.at_end ? std::string("the end") : std::to_string(d.poll)));
    }
    if (x.step && *x.step != d.step) {
        out.push_back("step: expected " + std::to_string(*x.step) + ", got " +
                      (d.at_end ? std::string("the end") : std::to_string(d.step)));
    }
    if (x.at_ns && *x.at_ns != d.t) {
        out.push_back("time: expected " + format_duration(*x.at_ns) + ", got " +
                      format_duration(d.t));
    }
    if (x.contains && d.message.find(*x.contains) == std::string::npos) {
        out.push_back("message: expected it to contain " + describe(*x.contains) + ", got " +
                      describe(d.message));
    }
    return out;
}

void check_diagnostics(const std::vector<DiagExpect> &expected,
                       const std::vector<DiagnosticRecord> &actual,
                       std::vector<std::string> &out) {
    std::vector<bool> used(actual.size(), false);
    std::vector<bool> found(expected.size(), false);
    for (std::size_t i = 0; i < expected.size(); ++i) {
        for (std::size_t j = 0; j < actual.size(); ++j) {
            if (!used[j] && actual[j].kind == expected[i].kind &&
                diag_differences(expected[i], actual[j]).empty()) {
                used[j] = true;
                found[i] = true;
                break;
            }
        }
    }
    for (std::size_t i = 0; i < expected.size(); ++i) {
        if (found[i]) {
            continue;
        }
        const DiagExpect &x = expected[i];
        std::string name = "diagnostic " + x.kind + where(x) + ": ";
        bool reported = false;
        for (std::size_t j = 0; j < actual.size() && !reported; ++j) {
            if (used[j] || actual[j].kind != x.kind || (x.task && *x.task != actual[j].task_name)) {
                continue;
            }
            used[j] = true;
            reported = true;
            for (const std::string &d : diag_differences(x, actual[j])) {
                out.push_back(name + d);
            }
        }
        if (!reported) {
            out.push_back(name + "expected, not reported");
        }
    }
    for (std::size_t j = 0; j < actual.size(); ++j) {
        if (!used[j]) {
            out.push_back("diagnostic " + actual[j].kind + " (" + where(actual[j]) +
                          "): not expected: " + actual[j].message);
        }
    }
}

// [SECTION] Tasks

// What differs from one task's expectations: its result, completion time, polls, unparks.
void check_task(const TaskExpect &x, const RunOutcome &outcome, std::vector<std::string> &out) {
    const TaskView *t = nullptr;
    for (const TaskView &v : outcome.tasks) {
        if (v.name == x.task) {
            t = &v;
            break;
        }
    }
    std::string prefix = "task " + x.task + ": ";
    if (t == nullptr) {
        out.push_back(prefix + "no such task in the run");
        return;
    }
    if (x.result_kind) {
        std::string expected;
        bool same = false;
        if (*x.result_kind == "stuck") {
            expected = "stuck";
            same = t->state != TaskState::completed;
        } else if (*x.result_kind == "panic") {
            expected = "panic " + describe(*x.panic);
            same = t->state == TaskState::completed && t->panic == *x.panic;
        } else {
            bool is_err = *x.result_kind == "err";
            expected = *x.result_kind + " " + x.result->describe();
            bool outcome_ok = t->state == TaskState::completed && t->panic.empty() &&
                              (t->outcome == PollOutcome::err) == is_err;
            // An engine error reads as its text ("Canceled"): a string matches it too.
            same = outcome_ok && (t->result == x.result->describe() ||
                                  (is_err && x.result->type() == Value::Type::string &&
                                   t->result == x.result->text()));
        }
        if (!same) {
            out.push_back(prefix + "result: expected " + expected + ", got " + describe_result(*t));
        }
    }
    if (x.completed_ns && *x.completed_ns != t->completed_ns) {
        out.push_back(prefix + "completed: expected " + format_duration(*x.completed_ns) +
                      ", got " +
                      (t->completed_ns < 0 ? std::string("not completed")
                                           : format_duration(t->completed_ns)));
    }
    if (x.polls && *x.polls != t->polls) {
        out.push_back(prefix + "polls: expected " + std::to_string(*x.polls) + ", got " +
                      std::to_string(t->polls));
    }
    if (x.unparks && *x.unparks != t->unparks) {
        out.push_back(prefix + "unparks: expected " + std::to_string(*x.unparks) + ", got " +
                      std::to_string(t->unparks));
    }
}

} // namespace

// [SECTION] check

std::vector<std::string> Scenario::check(const RunOutcome &outcome) const {
    std::vector<std::string> out;
    const Impl &impl = *impl_;
    if (impl.expect_rejected) {
        if (!impl.rejection) {
            out.push_back("rejected: expected the file to be rejected with an error containing " +
                          describe(*impl.expect_rejected) + ", but it runs");
        } else if (impl.rejection->find(*impl.expect_rejected) == std::string::npos) {
            out.push_back("rejected: expected the error to contain " +
                          describe(*impl.expect_rejected) + ", got " +
                          describe(impl.rejection->substr(0, impl.rejection->find('\n'))));
        }
        return out;
    }
    if (impl.expect_end_ns && *impl.expect_end_ns != outcome.report.end_ns) {
        out.push_back("end: expected " + format_duration(*impl.expect_end_ns) + ", got " +
                      format_duration(outcome.report.end_ns));
    }
    if (impl.expect_steps && *impl.expect_steps != outcome.report.steps) {
        out.push_back("steps: expected " + std::to_string(*impl.expect_steps) + ", got " +
                      std::to_string(outcome.report.steps));
    }
    if (impl.expect_stop && *impl.expect_stop != to_string(outcome.report.reason)) {
        out.push_back("stop: expected " + *impl.expect_stop + ", got " +
                      to_string(outcome.report.reason));
    }
    for (const TaskExpect &x : impl.expect_tasks) {
        check_task(x, outcome, out);
    }
    if (impl.has_expect) {
        check_diagnostics(impl.expect_diagnostics, outcome.diagnostics, out);
    }
    return out;
}

} // namespace futurescope::scenario
