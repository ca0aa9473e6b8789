// Timeout (timeout.hpp): the inner future is polled first, then the deadline's Delay; whichever
// way it ends, both are dropped at once, so a cancelled deadline never moves the clock.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "futurescope/futures.hpp"
#include "support/probe.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::Probe;

TEST(timeout, AnInnerFutureInTimeGivesItsItemAndTheClockStopsThere) {
    Executor ex;
    auto r = ex.run(delay(10ms).map([] { return 7; }).timeout(50ms));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value(), 7);
    EXPECT_EQ(ex.task(1).completed_ns, 10'000'000);
    EXPECT_EQ(ex.task(1).polls, 2u);
    EXPECT_EQ(ex.live_timers(), 0u);
    EXPECT_EQ(ex.run_until_idle().reason, StopReason::idle);
    EXPECT_EQ(ex.now(), 10'000'000); // the deadline at 50 ms was cancelled, not waited for
}

TEST(timeout, ALateInnerFutureIsElapsedAtTheDeadlineAndDropped) {
    Executor ex;
    Probe probe;
    ex.set_observer(&probe);
    auto r = ex.run(delay(80ms).map([] { return 7; }).timeout(30ms));
    ASSERT_TRUE(r.is_err());
    EXPECT_TRUE(r.error().is_elapsed());
    EXPECT_EQ(describe_any(r.error()), "elapsed");
    EXPECT_EQ(ex.task(1).completed_ns, 30'000'000);
    EXPECT_EQ(ex.task(1).polls, 2u);
    EXPECT_EQ(ex.run_until_idle().reason, StopReason::idle);
    EXPECT_EQ(ex.now(), 30'000'000); // the inner delay went with the timeout
    EXPECT_EQ(probe.label(1), "timeout(30ms)");
    // At 30 ms: the inner future first, then the deadline; the inner one is dropped (its timer
    // cancelled) before the Timeout returns.
    auto from = std::find(probe.lines.begin(), probe.lines.end(), "clock 0ns->30ms");
    EXPECT_EQ(std::vector<std::string>(from, probe.lines.end()),
              (std::vector<std::string>{"clock 0ns->30ms",
                                        "fire #2",
                                        "unpark 1 from timer#2 queued",
                                        "poll 1",
                                        "enter Timeout#1",
                                        "enter Map#2",
                                        "enter Delay#3",
                                        "park 1",
                                        "exit Delay#3 not_ready",
                                        "exit Map#2 not_ready",
                                        "enter Delay#4",
                                        "state Delay#4 waiting->done",
                                        "exit Delay#4 ready ()",
                                        "drop Map#2",
                                        "timer_cancel #1",
                                        "drop Delay#3",
                                        "drop Delay#4",
                                        "state Timeout#1 running->done",
                                        "exit Timeout#1 err elapsed",
                                        "end 1 err",
                                        "drop Timeout#1",
                                        "complete 1 err elapsed"}));
}

// The inner future is polled first: when both are due at the same time, the inner one wins.
TEST(timeout, TheInnerFutureWinsATie) {
    Executor ex;
    auto r = ex.run(delay(30ms).map([] { return 1; }).timeout(30ms));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value(), 1);
    EXPECT_EQ(ex.task(1).completed_ns, 30'000'000);
}

TEST(timeout, AnInnerErrorIsWrapped) {
    Executor ex;
    auto r =
        ex.run(delay(5ms).and_then([] { return err<int>(std::string("refused")); }).timeout(20ms));
    ASSERT_TRUE(r.is_err());
    EXPECT_FALSE(r.error().is_elapsed());
    EXPECT_TRUE(r.error().is_inner());
    EXPECT_EQ(r.error().inner(), "refused");
    EXPECT_EQ(describe_any(r.error()), "inner(\"refused\")");
    EXPECT_EQ(ex.now(), 5'000'000);
    EXPECT_EQ(ex.live_timers(), 0u);
}

// The deadline counts from the Timeout's first poll, not from when it was built.
TEST(timeout, TheDeadlineCountsFromTheFirstPoll) {
    Executor ex;
    auto r = ex.run(delay(10ms).and_then([] { return delay(25ms).timeout(20ms); }));
    ASSERT_TRUE(r.is_err());
    EXPECT_TRUE(r.error().is_elapsed());
    EXPECT_EQ(ex.task(1).completed_ns, 30'000'000);
}

TEST(timeout, AReadyInnerFutureNeverStartsTheDeadline) {
    Executor ex;
    Probe probe;
    ex.set_observer(&probe);
    auto r = ex.run(ok(3).timeout(1ms));
    EXPECT_EQ(r.value(), 3);
    EXPECT_TRUE(probe.only("timer_set").empty());
    EXPECT_EQ(ex.task(1).polls, 1u);
}

TEST(timeout, PollingAgainPanics) {
    Executor ex;
    ex.spawn(poll_fn([t = ok(1).timeout(5ms)]() mutable -> Poll<int, Never> {
        (void)t.poll();
        (void)t.poll();
        return ready(0);
    }));
    ex.run_all();
    EXPECT_EQ(ex.task(1).panic, "cannot poll Timeout twice");
}

TEST(timeout, ErrorsCompare) {
    using TE = TimeoutError<int>;
    EXPECT_EQ(TE::elapsed(), TE::elapsed());
    EXPECT_EQ(TE(3), TE(3));
    EXPECT_FALSE(TE(3) == TE::elapsed());
}

} // namespace
} // namespace futurescope
