// fold: each step's future is polled in the poll that made it; the first error ends it; another
// poll after it resolved or failed is "cannot poll Fold twice".
#include <gtest/gtest.h>

#include <chrono>
#include <string>
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
using testing::err_list;
using testing::list;
using testing::Probe;

TEST(fold, SumsTheItems) {
    // tests/stream.rs: fold.
    Executor ex;
    auto r = ex.run(list().fold(0, [](int a, int b) { return ok<int>(a + b); }));
    EXPECT_EQ(r.value(), 6);
}

TEST(fold, TheStreamsErrorIsTheResult) {
    // tests/stream.rs: fold, second half.
    Executor ex;
    auto r = ex.run(err_list().fold(0, [](int a, int b) { return ok<int>(a + b); }));
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error(), 3);
}

TEST(fold, ReadyStepsRunInOneTaskPoll) {
    Executor ex;
    auto r = ex.run(
        iter_ok({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}).fold(0, [](int a, int b) { return a + b; }));
    EXPECT_EQ(r.value(), 55);
    EXPECT_EQ(ex.task(1).polls, 1u);
}

TEST(fold, EachStepIsPolledInThePollThatMadeIt) {
    Executor ex;
    auto r = ex.run(iter_ok({10, 20}).fold(
        0, [](int acc, int ms) { return delay(ms * 1ms).map([acc, ms] { return acc + ms; }); }));
    EXPECT_EQ(r.value(), 30);
    EXPECT_EQ(ex.now(), 30'000'000);
    // 1: the first step waits; 2 (10 ms): it is done, the second step starts and waits;
    // 3 (30 ms): done, end of stream.
    EXPECT_EQ(ex.task(1).polls, 3u);
}

TEST(fold, AStepsErrorIsTheResult) {
    Executor ex;
    int steps = 0;
    auto r = ex.run(iter_ok({1, 2, 3}).fold(0, [&steps](int acc, int x) {
        ++steps;
        return x == 2 ? Result<int, std::string>::err("at 2") : Result<int, std::string>::ok(acc);
    }));
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error(), "at 2");
    EXPECT_EQ(steps, 2);
}

TEST(fold, PollingAgainAfterItResolvedPanics) {
    auto f = by_hand(iter_ok({1, 2}).fold(0, [](int a, int b) { return a + b; }));
    EXPECT_EQ(f.next(), "3");
    try {
        (void)f.poll();
        FAIL() << "no panic";
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "cannot poll Fold twice");
    }
}

TEST(fold, PollingAgainAfterAnErrorPanics) {
    auto f = by_hand(
        iter_result({Result<int, int>::err(1)}).fold(0, [](int a, int b) { return a + b; }));
    EXPECT_EQ(f.next(), "Err(1)");
    try {
        (void)f.poll();
        FAIL() << "no panic";
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "cannot poll Fold twice");
    }
}

TEST(fold, ItsStatesAreObserved) {
    Probe probe;
    ObserverScope scope(&probe);
    auto f = by_hand(iter_ok({5}).fold(1, [](int a, int b) { return a * b; }));
    EXPECT_EQ(f.next(), "5");
    EXPECT_EQ(probe.only("state Fold"),
              (std::vector<std::string>{"state Fold#1 ready->processing",
                                        "state Fold#1 processing->ready",
                                        "state Fold#1 ready->done"}));
}

} // namespace
} // namespace futurescope
