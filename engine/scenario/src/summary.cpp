// The summary of a run, as `futurescope run` prints it: one line per task, what the async fns
// printed, and the diagnostics.
#include <cstdio>

#include "model.hpp"

namespace futurescope::scenario {

std::string describe_result(const TaskView &t) {
    if (t.state != TaskState::completed) {
        return "stuck";
    }
    if (!t.panic.empty()) {
        return "panic " + describe(t.panic);
    }
    return (t.outcome == PollOutcome::err ? "err " : "ok ") + t.result;
}

std::string format_diagnostic(const DiagnosticRecord &d) {
    std::string task = d.task == 0           ? std::string("-")
                       : d.task_name.empty() ? "#" + std::to_string(d.task)
                                             : d.task_name;
    std::string at = d.at_end ? "end" : d.poll != 0 ? "poll " + std::to_string(d.poll) : "-";
    char line[256];
    std::snprintf(line,
                  sizeof line,
                  "%10s  %-12s %-22s %-8s ",
                  format_duration(d.t).c_str(),
                  task.c_str(),
                  d.kind.c_str(),
                  at.c_str());
    return line + d.message;
}

std::string format_summary(const RunOutcome &outcome, const std::vector<std::string> &states) {
    char line[512];
    std::string out;
    std::snprintf(line,
                  sizeof line,
                  "run %s at %s after %llu steps\n\n",
                  to_string(outcome.report.reason),
                  format_duration(outcome.report.end_ns).c_str(),
                  static_cast<unsigned long long>(outcome.report.steps));
    out += line;
    if (outcome.report.reason == StopReason::step_limit) {
        out += "the run hit its step limit: raise it with \"limits\": {\"steps\": N} (at most " +
               std::to_string(max_max_steps) + ")\n\n";
    } else if (outcome.report.reason == StopReason::time_limit) {
        out += "the run hit its time limit: raise it with \"limits\": {\"time\": MS} (at most "
               "100 years)\n\n";
    }
    std::snprintf(line,
                  sizeof line,
                  "%-4s %-12s %-10s %-28s %-12s %6s %8s\n",
                  "id",
                  "task",
                  "state",
                  "result",
                  "completed",
                  "polls",
                  "unparks");
    out += line;
    for (std::size_t i = 0; i < outcome.tasks.size(); ++i) {
        const TaskView &t = outcome.tasks[i];
        const char *state =
            states.size() == outcome.tasks.size() ? states[i].c_str() : to_string(t.state);
        std::string result = t.state != TaskState::completed ? "-" : describe_result(t);
        if (result.size() > 60) {
            result.resize(57);
            result += "...";
        }
        std::string done = t.completed_ns >= 0 ? format_duration(t.completed_ns) : "-";
        std::snprintf(line,
                      sizeof line,
                      "%-4u %-12s %-10s %-28s %-12s %6llu %8llu\n",
                      t.id,
                      t.name.c_str(),
                      state,
                      result.c_str(),
                      done.c_str(),
                      static_cast<unsigned long long>(t.polls),
                      static_cast<unsigned long long>(t.unparks));
        out += line;
    }
    if (!outcome.output.empty()) {
        out += "\noutput:\n";
        for (const OutputLine &o : outcome.output) {
            std::snprintf(line,
                          sizeof line,
                          "%10s  %-12s ",
                          format_duration(o.t).c_str(),
                          o.task_name.c_str());
            out += line + o.text + "\n";
        }
    }
    if (!outcome.diagnostics.empty()) {
        out += "\ndiagnostics:\n";
        for (const DiagnosticRecord &d : outcome.diagnostics) {
            out += format_diagnostic(d) + "\n";
        }
    }
    return out;
}

} // namespace futurescope::scenario
