// The demo the README's first command runs: three small programs as tasks on one executor, and
// the summary of their run — when each task completed, with what, after how many polls.
//
//   join  — join(delay(30ms) → 1, delay(10ms) → 2): both delays run at once; 3 polls.
//   race  — select(delay(10ms) → "fast", delay(50ms) → "slow"): the loser is dropped with the
//           select's result, so its timer never moves the clock.
//   chain — delay(20ms).and_then(delay(15ms)).map(…): AndThen goes First → Second.
#include <chrono>
#include <cstdio>
#include <string>

#include "futurescope/futures.hpp"

using namespace futurescope;
using namespace std::chrono_literals;

namespace {

void print_summary(const Executor &ex, const RunReport &report) {
    std::printf("run %s at %s after %llu steps\n\n",
                to_string(report.reason),
                format_duration(report.end_ns).c_str(),
                static_cast<unsigned long long>(report.steps));
    std::printf("%-4s %-8s %-10s %-14s %-10s %6s %8s\n",
                "id",
                "task",
                "state",
                "result",
                "completed",
                "polls",
                "unparks");
    for (const TaskView &t : ex.tasks()) {
        std::string result = t.state != TaskState::completed ? "-"
                             : !t.panic.empty()              ? "panic: " + t.panic
                             : t.outcome == PollOutcome::err ? "err " + t.result
                                                             : "ok " + t.result;
        std::string done = t.completed_ns >= 0 ? format_duration(t.completed_ns) : "-";
        std::printf("%-4u %-8s %-10s %-14s %-10s %6llu %8llu\n",
                    t.id,
                    t.name.c_str(),
                    to_string(t.state),
                    result.c_str(),
                    done.c_str(),
                    static_cast<unsigned long long>(t.polls),
                    static_cast<unsigned long long>(t.unparks));
    }
}

} // namespace

int main() {
    Executor ex;
    ex.spawn(join(delay(30ms).map([] { return 1; }), delay(10ms).map([] { return 2; })),
             {.name = "join"});
    ex.spawn(delay(10ms)
                 .map([] { return std::string("fast"); })
                 .select(delay(50ms).map([] { return std::string("slow"); }))
                 .map([](auto winner_and_loser) { return winner_and_loser.first; }),
             {.name = "race"});
    ex.spawn(delay(20ms).and_then([] { return delay(15ms); }).map([] { return 35; }),
             {.name = "chain"});
    RunReport report = ex.run_all();
    print_summary(ex, report);
    return report.reason == StopReason::completed ? 0 : 1;
}
