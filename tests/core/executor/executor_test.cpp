// The scheduling policy of DESIGN.md, rule by rule: FIFO spawn order, one poll per step,
// coalesced and ignored unparks, unpark during poll, timers in (deadline, creation) order,
// delay(0), the clock, stuck runs and limits.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <tuple>
#include <vector>

#include "futurescope/futures.hpp"
#include "support/probe.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::Probe;

TEST(executor, JoinOfTwoDelaysCompletesAtTheLongerAfterThreeTaskPolls) {
    Executor ex;
    auto r = ex.run(join(delay(30ms).map([] { return 1; }), delay(10ms).map([] { return 2; })));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value(), std::make_tuple(1, 2));
    EXPECT_EQ(ex.now(), 30'000'000);
    EXPECT_EQ(ex.task(1).polls, 3u);
    EXPECT_EQ(ex.task(1).completed_ns, 30'000'000);
    EXPECT_EQ(ex.task(1).result, "(1, 2)");
}

TEST(executor, TasksArePolledInSpawnOrderOnePollPerStep) {
    Executor ex;
    std::vector<int> order;
    for (int i = 1; i <= 3; ++i) {
        ex.spawn(poll_fn([&order, i]() -> Poll<Unit, Never> {
            order.push_back(i);
            return ready();
        }));
    }
    EXPECT_TRUE(ex.step());
    EXPECT_EQ(order, (std::vector<int>{1}));
    EXPECT_EQ(ex.run_all().reason, StopReason::completed);
    EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(ex.steps(), 3u);
}

TEST(executor, UnparkOfAQueuedTaskIsCoalesced) {
    Executor ex;
    Probe probe;
    probe.futures = false;
    ex.set_observer(&probe);
    std::optional<Task> handle;
    int polls = 0;
    ex.spawn(poll_fn([&]() -> Poll<Unit, Never> {
        if (++polls == 2) {
            return ready();
        }
        handle.emplace(park());
        return not_ready;
    }));
    ex.spawn(poll_fn([&]() -> Poll<Unit, Never> {
        handle->unpark();
        handle->unpark();
        return ready();
    }));
    ex.run_all();
    EXPECT_EQ(polls, 2);
    EXPECT_EQ(probe.only("unpark"),
              (std::vector<std::string>{"unpark 1 from task#2 queued",
                                        "unpark 1 from task#2 coalesced"}));
    EXPECT_EQ(ex.task(1).unparks, 2u);
    EXPECT_EQ(ex.task(1).polls, 2u);
}

TEST(executor, UnparkOfACompletedTaskIsIgnored) {
    Executor ex;
    Probe probe;
    probe.futures = false;
    ex.set_observer(&probe);
    std::optional<Task> handle;
    ex.spawn(poll_fn([&]() -> Poll<Unit, Never> {
        handle.emplace(park());
        return ready();
    }));
    ex.run_all();
    handle->unpark();
    EXPECT_EQ(probe.lines.back(), "unpark 1 from outside ignored");
}

TEST(executor, ATaskThatUnparksItselfDuringItsPollGoesToTheBack) {
    Executor ex;
    std::vector<std::string> order;
    int a_polls = 0;
    ex.spawn(poll_fn([&]() -> Poll<Unit, Never> {
        order.push_back("a");
        if (++a_polls == 2) {
            return ready();
        }
        park().unpark(); // a yield point
        return not_ready;
    }));
    ex.spawn(poll_fn([&]() -> Poll<Unit, Never> {
        order.push_back("b");
        return ready();
    }));
    ex.run_all();
    EXPECT_EQ(order, (std::vector<std::string>{"a", "b", "a"}));
}

TEST(executor, TimersDueAtTheSameTimeFireInCreationOrder) {
    Executor ex;
    std::vector<int> order;
    for (int i = 1; i <= 3; ++i) {
        ex.spawn(delay(i == 2 ? 5ms : 10ms).map([&order, i] { order.push_back(i); }));
    }
    ex.run_all();
    EXPECT_EQ(order, (std::vector<int>{2, 1, 3}));
    EXPECT_EQ(ex.task(1).completed_ns, 10'000'000);
    EXPECT_EQ(ex.task(2).completed_ns, 5'000'000);
}

TEST(executor, DelayZeroReturnsNotReadyThenFiresOnceTheQueueDrains) {
    Executor ex;
    Probe probe;
    probe.futures = false;
    ex.set_observer(&probe);
    ex.spawn(delay(0ms));
    ex.spawn(poll_fn([]() -> Poll<Unit, Never> { return ready(); }));
    ex.run_all();
    EXPECT_EQ(probe.lines,
              (std::vector<std::string>{"spawn 1",
                                        "spawn 2",
                                        "poll 1",
                                        "park 1",
                                        "timer_set #1 @0ns",
                                        "end 1 not_ready",
                                        "poll 2",
                                        "end 2 ready",
                                        "complete 2 ready ()",
                                        "fire #1",
                                        "unpark 1 from timer#1 queued",
                                        "poll 1",
                                        "end 1 ready",
                                        "complete 1 ready ()"}));
    EXPECT_EQ(ex.now(), 0);
    EXPECT_EQ(ex.task(1).polls, 2u);
}

TEST(executor, ADroppedDelayNeverMovesTheClock) {
    Executor ex;
    {
        auto r =
            ex.run(delay(10ms).map([] { return 1; }).select(delay(50ms).map([] { return 2; })));
        ASSERT_TRUE(r.is_ok());
        EXPECT_EQ(r.value().first, 1);
        EXPECT_EQ(ex.live_timers(), 1u); // the loser is still alive inside the result
    }
    EXPECT_EQ(ex.live_timers(), 0u);
    EXPECT_EQ(ex.run_until_idle().reason, StopReason::idle);
    EXPECT_EQ(ex.now(), 10'000'000);
}

TEST(executor, RunOfAFutureThatCanNeverCompleteIsAnError) {
    Executor ex;
    try {
        ex.run(poll_fn([]() -> Poll<Unit, Never> { return not_ready; }));
        FAIL() << "run returned";
    } catch (const RunError &e) {
        EXPECT_EQ(e.reason(), StopReason::idle);
        EXPECT_STREQ(
            e.what(),
            "task 1 'main' can never complete: no task is queued and no timer is live at 0ns");
    }
}

TEST(executor, TheStepLimitStopsABusyLoop) {
    Executor ex;
    ex.set_limits(Limits{.max_steps = 100});
    ex.spawn(poll_fn([]() -> Poll<Unit, Never> {
        park().unpark();
        return not_ready;
    }));
    RunReport report = ex.run_all();
    EXPECT_EQ(report.reason, StopReason::step_limit);
    EXPECT_EQ(report.steps, 100u);
}

TEST(executor, TheTimeLimitStopsBeforeTheClockPassesIt) {
    Executor ex;
    ex.set_limits(Limits{.max_time_ns = 20'000'000});
    ex.spawn(delay(10ms).and_then([] { return delay(15ms); }));
    RunReport report = ex.run_all();
    EXPECT_EQ(report.reason, StopReason::time_limit);
    EXPECT_EQ(report.end_ns, 10'000'000);
}

TEST(executor, APanicInAPollCompletesTheTaskWithTheMessage) {
    Executor ex;
    ex.spawn(poll_fn([]() -> Poll<Unit, Never> { throw Panic("cannot poll Map twice"); }));
    ex.run_all();
    TaskView t = ex.task(1);
    EXPECT_EQ(t.state, TaskState::completed);
    EXPECT_EQ(t.outcome, PollOutcome::err);
    EXPECT_EQ(t.panic, "cannot poll Map twice");
}

TEST(executor, BlockMovesTheClockDuringThePollAndDelaysTimers) {
    Executor ex;
    ex.spawn(delay(1ms).map([] { return 1; }));
    ex.spawn(block(5ms));
    ex.run_all();
    // The delay was due at 1 ms, but the blocking poll held the executor until 5 ms.
    EXPECT_EQ(ex.task(1).completed_ns, 5'000'000);
    EXPECT_EQ(ex.task(2).completed_ns, 5'000'000);
}

TEST(executor, SpawnFromInsideATaskQueuesAtTheBackAtOnce) {
    Executor ex;
    std::vector<std::string> order;
    ex.spawn(poll_fn([&]() -> Poll<Unit, Never> {
        order.push_back("parent");
        spawn(poll_fn([&]() -> Poll<Unit, Never> {
            order.push_back("child");
            return ready();
        }));
        return ready();
    }));
    ex.spawn(poll_fn([&]() -> Poll<Unit, Never> {
        order.push_back("second");
        return ready();
    }));
    ex.run_all();
    EXPECT_EQ(order, (std::vector<std::string>{"parent", "second", "child"}));
    EXPECT_EQ(ex.task(3).parent, 1u);
}

TEST(executor, ParkOutsideAPollIsAPanic) {
    try {
        (void)park();
        FAIL();
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "no Task is currently running");
    }
}

TEST(executor, FormatDurationReadsAsALearnerWritesIt) {
    EXPECT_EQ(format_duration(30'000'000), "30ms");
    EXPECT_EQ(format_duration(1'500'000), "1.5ms");
    EXPECT_EQ(format_duration(250'000), "250us");
    EXPECT_EQ(format_duration(2'000'000'000), "2s");
    EXPECT_EQ(format_duration(0), "0ns");
    EXPECT_EQ(format_duration(999), "999ns");
}

} // namespace
} // namespace futurescope
