// LoopFn (loop_fn.hpp): f(initial) runs inside loop_fn(); a poll goes round for as long as each
// round's future is Ready at once, without yielding; Break ends it, an error ends it.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "futurescope/futures.hpp"
#include "support/probe.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::Probe;

using L = Loop<int, int>;

TEST(loop_fn, TheFirstRoundIsMadeInsideLoopFn) {
    int calls = 0;
    auto f = loop_fn(0, [&](int i) {
        ++calls;
        return ok(i == 3 ? L::break_with(i) : L::continue_with(i + 1));
    });
    EXPECT_EQ(calls, 1);
    Executor ex;
    auto r = ex.run(std::move(f));
    EXPECT_EQ(r.value(), 3);
    EXPECT_EQ(calls, 4);
}

// The semantics table's "(obs: 1M iterations in 1 poll)": no yielding between ready rounds.
TEST(loop_fn, AMillionReadyRoundsTakeOneTaskPoll) {
    Executor ex;
    auto r = ex.run(loop_fn(
        0, [](int i) { return ok(i == 1'000'000 ? L::break_with(i) : L::continue_with(i + 1)); }));
    EXPECT_EQ(r.value(), 1'000'000);
    EXPECT_EQ(ex.task(1).polls, 1u);
    EXPECT_EQ(ex.now(), 0);
}

// A function may give a Result (Rust's IntoFuture); the tags convert into the Loop.
TEST(loop_fn, AFunctionGivingAResultWithTheTags) {
    Executor ex;
    std::vector<int> seen;
    auto r = ex.run(loop_fn(1, [&](int i) -> Result<Loop<std::string, int>, Never> {
        seen.push_back(i);
        if (i >= 8) {
            return ready(loop_break(std::to_string(i)));
        }
        return ready(loop_continue(i * 2));
    }));
    EXPECT_EQ(r.value(), "8");
    EXPECT_EQ(seen, (std::vector<int>{1, 2, 4, 8}));
}

TEST(loop_fn, AnErrorEndsTheLoop) {
    CountingNotify notify;
    int calls = 0;
    auto s = spawn_local(loop_fn(0, [&](int i) -> Result<L, std::string> {
        ++calls;
        if (i == 2) {
            return fail(std::string("stop at 2"));
        }
        return ready(loop_continue(i + 1));
    }));
    auto p = s.poll_future_notify(notify);
    ASSERT_TRUE(p.is_err());
    EXPECT_EQ(p.error(), "stop at 2");
    EXPECT_EQ(calls, 3);
}

// A round that is not ready makes the loop NotReady; it goes on from that round when woken.
TEST(loop_fn, RoundsWithDelaysTakeOneTaskPollPerWakeup) {
    Executor ex;
    std::vector<TimeNs> at;
    auto r = ex.run(loop_fn(0, [&](int i) {
        at.push_back(ex.now());
        return delay(10ms).map(
            [i] { return i == 3 ? L::break_with(i * 100) : L::continue_with(i + 1); });
    }));
    EXPECT_EQ(r.value(), 300);
    EXPECT_EQ(at, (std::vector<TimeNs>{0, 10'000'000, 20'000'000, 30'000'000}));
    EXPECT_EQ(ex.task(1).completed_ns, 40'000'000);
    EXPECT_EQ(ex.task(1).polls, 5u);
}

// With an observer, every round is polled and is a node of the trace; the next round is made
// before the last one is dropped, as Rust's `self.future = f(s)` does.
TEST(loop_fn, ObservedEveryRoundIsPolledAndDroppedAfterTheNextIsMade) {
    CountingNotify notify;
    Probe probe;
    ObserverScope observe(&probe);
    auto s = spawn_local(loop_fn(0, [&](int i) {
        probe.lines.push_back("f(" + std::to_string(i) + ")");
        return ok(i == 2 ? L::break_with(i) : L::continue_with(i + 1));
    }));
    auto p = s.poll_future_notify(notify);
    EXPECT_EQ(p.value(), 2);
    EXPECT_EQ(probe.lines,
              (std::vector<std::string>{"f(0)",
                                        "enter LoopFn#1",
                                        "enter Result#2",
                                        "state Result#2 pending->done",
                                        "exit Result#2 ready Continue(1)",
                                        "f(1)",
                                        "drop Result#2",
                                        "enter Result#3",
                                        "state Result#3 pending->done",
                                        "exit Result#3 ready Continue(2)",
                                        "f(2)",
                                        "drop Result#3",
                                        "enter Result#4",
                                        "state Result#4 pending->done",
                                        "exit Result#4 ready Break(2)",
                                        "state LoopFn#1 looping->done",
                                        "exit LoopFn#1 ready 2"}));
}

// Polling again after the loop ended polls the last round again: a spent Result panics, with
// or without an observer (the unobserved fast path keeps that behaviour).
TEST(loop_fn, PollingAgainPollsTheLastRound) {
    CountingNotify notify;
    for (bool observed : {false, true}) {
        CountingNotify notify;
        Probe probe;
        ObserverScope observe(observed ? &probe : nullptr);
        auto s = spawn_local(loop_fn(
            0, [](int i) { return ok(i == 5 ? L::break_with(i) : L::continue_with(i + 1)); }));
        EXPECT_EQ(s.poll_future_notify(notify).value(), 5);
        try {
            (void)s.poll_future_notify(notify);
            FAIL() << "no panic";
        } catch (const Panic &e) {
            EXPECT_STREQ(e.what(), "cannot poll Result twice");
        }
    }
    int round_polls = 0;
    auto s = spawn_local(loop_fn(0, [&](int) {
        return poll_fn([&]() -> Poll<L, Never> {
            ++round_polls;
            return ready(L::break_with(round_polls));
        });
    }));
    EXPECT_EQ(s.poll_future_notify(notify).value(), 1);
    EXPECT_EQ(s.poll_future_notify(notify).value(), 2);
}

TEST(loop_fn, TheUnobservedAndObservedPathsAgree) {
    auto run = [](bool observed) {
        CountingNotify notify;
        Probe probe;
        ObserverScope observe(observed ? &probe : nullptr);
        std::vector<int> seen;
        auto s = spawn_local(loop_fn(10, [&](int i) -> Result<L, int> {
            seen.push_back(i);
            if (i == 13) {
                return fail(-i);
            }
            return ready(loop_continue(i + 1));
        }));
        auto p = s.poll_future_notify(notify);
        seen.push_back(p.is_err() ? p.error() : 0);
        return seen;
    };
    EXPECT_EQ(run(false), (std::vector<int>{10, 11, 12, 13, -13}));
    EXPECT_EQ(run(true), run(false));
}

TEST(loop_fn, LoopReadsAsBreakOrContinue) {
    EXPECT_EQ(describe_any(L::break_with(1)), "Break(1)");
    EXPECT_EQ(describe_any(L::continue_with(2)), "Continue(2)");
    L l = loop_continue(3);
    EXPECT_TRUE(l.is_continue());
    EXPECT_EQ(l.continue_state(), 3);
    L b = loop_break(4);
    EXPECT_TRUE(b.is_break());
    EXPECT_EQ(b.break_value(), 4);
    EXPECT_EQ(b, L::break_with(4));
}

} // namespace
} // namespace futurescope
