// unfold: the step runs in the poll that asks for the next item, its future is polled in that
// same poll, and an error ends the stream (futures-rs tests/unfold.rs).
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/future/map.hpp"
#include "futurescope/future/result.hpp"
#include "futurescope/streams.hpp"
#include "futurescope/time/delay.hpp"
#include "support/probe.hpp"
#include "support/stream_helpers.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::by_hand;
using testing::delay_future;
using testing::DelayFuture;
using testing::Probe;
using Step = Result<std::pair<int, int>, int>;

TEST(unfold, EachItemTakesOneNotReadyWhenTheStepWaitsOnce) {
    // tests/unfold.rs: unfold1.
    auto s = by_hand(unfold(
        0, [](int state) -> std::optional<DelayFuture<FutureResult<std::pair<int, int>, int>>> {
            if (state <= 2) {
                return delay_future(Step::ok({state * 2, state + 1}));
            }
            return std::nullopt;
        }));
    EXPECT_EQ(s.next(), "NotReady");
    EXPECT_EQ(s.notified(), 1u); // the step's future woke the task before it said NotReady
    EXPECT_EQ(s.next(), "0");
    EXPECT_EQ(s.next(), "NotReady");
    EXPECT_EQ(s.next(), "2");
    EXPECT_EQ(s.next(), "NotReady");
    EXPECT_EQ(s.next(), "4");
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(s.notified(), 3u);
}

TEST(unfold, AnErrorIsYieldedOnceAndThenTheStreamEnds) {
    // tests/unfold.rs: unfold_err1.
    int calls = 0;
    auto s = by_hand(unfold(0, [&calls](int state) -> std::optional<Step> {
        ++calls;
        if (state <= 2) {
            return Step::ok({state * 2, state + 1});
        }
        return Step::err(-1);
    }));
    EXPECT_EQ(s.next(), "0");
    EXPECT_EQ(s.next(), "2");
    EXPECT_EQ(s.next(), "4");
    EXPECT_EQ(s.next(), "Err(-1)");
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(calls, 4); // the state went into the failed step: nothing is left to call f with
}

TEST(unfold, TheStepIsCalledOnlyWhenAnItemIsAskedFor) {
    int calls = 0;
    auto s = unfold(10, [&calls](int state) -> std::optional<Result<std::pair<int, int>, Never>> {
        ++calls;
        return Result<std::pair<int, int>, Never>::ok({state, state + 1});
    });
    EXPECT_EQ(calls, 0);
    auto h = by_hand(std::move(s).take(2));
    EXPECT_EQ(h.next(), "10");
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(h.next(), "11");
    EXPECT_EQ(h.next(), "None");
    EXPECT_EQ(calls, 2); // take stopped asking: no third step
}

TEST(unfold, StepsThatTakeTimeRunOneAfterTheOther) {
    Executor ex;
    std::vector<std::string> log;
    ex.run(testing::record(
        unfold(1,
               [](int n) -> std::optional<Map<Delay, std::function<std::pair<int, int>()>>> {
                   if (n > 3) {
                       return std::nullopt;
                   }
                   return delay(n * 10ms).map(std::function<std::pair<int, int>()>(
                       [n] { return std::pair<int, int>(n * n, n + 1); }));
               }),
        log));
    EXPECT_EQ(log, (std::vector<std::string>{"1@10ms", "4@30ms", "9@60ms", "None@60ms"}));
    EXPECT_EQ(ex.task(1).polls, 4u);
}

TEST(unfold, StatesAreObserved) {
    Probe probe;
    ObserverScope scope(&probe);
    auto s = by_hand(unfold(0, [](int n) -> std::optional<Result<std::tuple<int, int>, Never>> {
        if (n == 1) {
            return std::nullopt;
        }
        return Result<std::tuple<int, int>, Never>::ok({n, n + 1});
    }));
    EXPECT_EQ(s.next(), "0");
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(probe.lines,
              (std::vector<std::string>{"enter Unfold#1",
                                        "state Unfold#1 ready->processing",
                                        "enter Result#2",
                                        "state Result#2 pending->done",
                                        "exit Result#2 ready (0, 1)",
                                        "drop Result#2", // the finished step goes at once
                                        "state Unfold#1 processing->ready",
                                        "exit Unfold#1 ready 0",
                                        "enter Unfold#1",
                                        "state Unfold#1 ready->done",
                                        "exit Unfold#1 end"}));
}

} // namespace
} // namespace futurescope
