// A task's status at a cursor: spawned tasks are queued, a task in its poll is running, a NotReady
// without a later unpark parks it (with what holds its handle), a yield leaves it queued, a
// completion says its result; at the end of an idle run a parked task is stuck unless it is a
// daemon, and a run stopped at a limit leaves each task as it was. Seeking back gives what seeking
// forward gave.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "futurescope/future/empty.hpp"
#include "futurescope/observe/detect.hpp"
#include "trace/trace_support.hpp"

namespace futurescope::trace {
namespace {

using namespace std::chrono_literals;

template <class Setup>
TraceModel record_detected(Setup setup) {
    Executor ex;
    Recorder recorder(ex, TraceFormat::cbor, ScenarioInfo{"test", "test.json", 7});
    Detectors detectors(ex, &recorder);
    ex.set_observer(&detectors);
    setup(ex);
    RunReport report = ex.run_all();
    detectors.finish(report);
    ex.set_observer(&recorder);
    recorder.finish(report);
    return load_trace_bytes(recorder.bytes(), "memory");
}

// The index of the n-th (0-based) event of a kind for a task.
std::size_t nth(const TraceModel &m, EventKind kind, TaskId task, int n = 0) {
    for (std::size_t i = 0; i < m.events.size(); ++i) {
        if (m.events[i].kind == kind && m.events[i].task == task && n-- == 0) {
            return i;
        }
    }
    ADD_FAILURE() << "no such event";
    return 0;
}

TEST(task_status, FollowsADelayFromSpawnThroughParkToCompletion) {
    TraceModel m = record_detected(
        [](Executor &ex) { ex.spawn(delay(10ms).map([] { return 7; }), {.name = "main"}); });
    TaskStatusCursor c(m);
    EXPECT_EQ(c.status(1).phase, TaskPhase::not_started);
    c.seek(nth(m, EventKind::spawn, 1) + 1);
    EXPECT_EQ(c.status(1).phase, TaskPhase::queued);
    c.seek(nth(m, EventKind::poll_begin, 1) + 1);
    EXPECT_EQ(c.status(1).phase, TaskPhase::running);
    EXPECT_EQ(c.status(1).polls, 1u);
    c.seek(nth(m, EventKind::wait, 1) + 1);
    EXPECT_EQ(c.status(1).phase, TaskPhase::parked);
    EXPECT_EQ(describe_status(m, c.status(1)), "parked (timer #1 (delay, fires at 10ms))");
    c.seek(nth(m, EventKind::unpark, 1) + 1);
    EXPECT_EQ(c.status(1).phase, TaskPhase::queued);
    EXPECT_EQ(c.status(1).unparks, 1u);
    c.seek(m.events.size());
    EXPECT_EQ(c.status(1).phase, TaskPhase::completed);
    EXPECT_EQ(describe_status(m, c.status(1)), "ok 7");
    EXPECT_EQ(c.status(1).completed_ns, 10'000'000);
}

TEST(task_status, AYieldLeavesTheTaskQueuedNotParked) {
    TraceModel m = record_detected([](Executor &ex) { ex.spawn(yield_now(), {.name = "y"}); });
    TaskStatusCursor c(m);
    c.seek(nth(m, EventKind::poll_end, 1) + 1);
    EXPECT_EQ(c.status(1).phase, TaskPhase::queued);
}

TEST(task_status, AParkedTaskIsStuckOnlyAtTheEndOfAnIdleRunAndNeverADaemon) {
    TraceModel m = record_detected([](Executor &ex) {
        ex.spawn(empty<Unit, Never>(), {.name = "forever"});
        ex.spawn(empty<Unit, Never>(), {.name = "server", .daemon = true});
    });
    ASSERT_EQ(m.str(m.summary.stop), "idle");
    TaskStatusCursor c(m);
    c.seek(m.events.size() - 1);
    EXPECT_EQ(c.status(1).phase, TaskPhase::parked);
    c.seek(m.events.size());
    EXPECT_EQ(c.status(1).phase, TaskPhase::stuck);
    EXPECT_EQ(describe_status(m, c.status(1)), "stuck (nothing holds its handle)");
    EXPECT_EQ(c.status(2).phase, TaskPhase::parked);
}

TEST(task_status, TheEndOfRunRuleLeavesALimitedRunAsItWas) {
    EXPECT_EQ(phase_at_end(TaskPhase::parked, false, "idle"), TaskPhase::stuck);
    EXPECT_EQ(phase_at_end(TaskPhase::parked, true, "idle"), TaskPhase::parked);
    EXPECT_EQ(phase_at_end(TaskPhase::parked, false, "completed"), TaskPhase::parked);
    EXPECT_EQ(phase_at_end(TaskPhase::parked, false, "step_limit"), TaskPhase::parked);
    EXPECT_EQ(phase_at_end(TaskPhase::queued, false, "idle"), TaskPhase::queued);
}

TEST(task_status, SeekingBackGivesWhatSeekingForwardGave) {
    TraceModel m = record_detected([](Executor &ex) {
        for (int i = 0; i < 400; ++i) {
            ex.spawn(delay(std::chrono::milliseconds(i)).map([] { return 1; }));
        }
    });
    // Enough events for the cursor to keep checkpoints and restart from them.
    ASSERT_GT(m.events.size(), 2 * TaskStatusCursor::checkpoint_every);
    const auto sampled = [&](std::size_t i) { return i % 37 == 0 || i == m.events.size(); };
    std::vector<std::vector<TaskStatus>> forward(m.events.size() + 1);
    TaskStatusCursor c(m);
    for (std::size_t i = 0; i <= m.events.size(); ++i) {
        c.seek(i);
        if (sampled(i)) {
            forward[i] = c.statuses();
        }
    }
    for (std::size_t i = m.events.size() + 1; i-- > 0;) {
        c.seek(i);
        if (sampled(i)) {
            ASSERT_EQ(c.statuses(), forward[i]) << "at cursor " << i;
        }
    }
}

} // namespace
} // namespace futurescope::trace
