// Inspect (inspect.hpp): the function sees the item by reference and the item passes on; an
// error passes through without calling it.
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

// tests/inspect.rs `smoke`.
TEST(inspect, SeesTheItemAndIsNotCalledOnAnError) {
    Executor ex;
    unsigned counter = 0;
    auto a = ex.run(ok<unsigned>(40u).inspect([&](const unsigned &v) { counter += v; }));
    ASSERT_TRUE(a.is_ok());
    EXPECT_EQ(a.value(), 40u);
    EXPECT_EQ(counter, 40u);
    auto b = ex.run(err<unsigned>(4u).inspect([&](const unsigned &v) { counter += v; }));
    ASSERT_TRUE(b.is_err());
    EXPECT_EQ(b.error(), 4u);
    EXPECT_EQ(counter, 40u);
}

TEST(inspect, RunsWhenTheItemIsReadyAndNotBefore) {
    Executor ex;
    TimeNs seen_at = -1;
    auto r =
        ex.run(delay(4ms).map([] { return std::string("x"); }).inspect([&](const std::string &s) {
            EXPECT_EQ(s, "x");
            seen_at = ex.now();
        }));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value(), "x");
    EXPECT_EQ(seen_at, 4'000'000);
}

TEST(inspect, PollingAgainAfterAnItemPollsTheInnerFutureThenPanics) {
    CountingNotify notify;
    int inner_polls = 0;
    auto s = spawn_local(poll_fn([&]() -> Poll<int, Never> {
                             ++inner_polls;
                             return ready(1);
                         }).inspect([](const int &) {}));
    EXPECT_TRUE(s.poll_future_notify(notify).is_ready());
    try {
        (void)s.poll_future_notify(notify);
        FAIL() << "no panic";
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "cannot poll Inspect twice");
    }
    EXPECT_EQ(inner_polls, 2);
}

// futures 0.1 takes the function only for an item: after an error it is still there.
TEST(inspect, AfterAnErrorTheFunctionStaysForALaterItem) {
    CountingNotify notify;
    int polls = 0;
    std::vector<int> seen;
    auto s = spawn_local(poll_fn([&]() -> Poll<int, int> {
                             if (++polls == 1) {
                                 return fail(7);
                             }
                             return ready(8);
                         }).inspect([&](const int &v) { seen.push_back(v); }));
    Probe probe;
    ObserverScope observe(&probe);
    EXPECT_TRUE(s.poll_future_notify(notify).is_err());
    auto p = s.poll_future_notify(notify);
    ASSERT_TRUE(p.is_ready());
    EXPECT_EQ(seen, (std::vector<int>{8}));
    EXPECT_EQ(probe.only("state Inspect"),
              (std::vector<std::string>{"state Inspect#1 pending->done"}));
}

} // namespace
} // namespace futurescope
