// Map (map.hpp): the item is transformed when ready, errors pass through, the function is dropped
// as soon as the inner future resolved, and a second resolution panics.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "futurescope/futures.hpp"
#include "support/probe.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::Probe;

TEST(map, MapsTheItem) {
    Executor ex;
    auto r = ex.run(ok<unsigned>(1).map([](int a) { return a + 2; }));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value(), 3);
}

TEST(map, AnErrorPassesThroughWithoutCallingTheFunction) {
    Executor ex;
    bool called = false;
    auto r = ex.run(err<int>(1u).map([&](int a) {
        called = true;
        return a + 2;
    }));
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error(), 1u);
    EXPECT_FALSE(called);
}

// tests/eager_drop.rs `map`: whatever runs after a map has seen its function dropped.
TEST(map, TheFunctionIsDroppedBeforeTheNextStageRuns) {
    Executor ex;
    auto token = std::make_shared<int>(0);
    std::weak_ptr<int> watch = token;
    bool dropped_when_next_ran = false;
    auto r = ex.run(
        err<int>(1).map([t = std::move(token)](int a) { return a + *t; }).map_err([&](int e) {
            dropped_when_next_ran = watch.expired();
            return e;
        }));
    ASSERT_TRUE(r.is_err());
    EXPECT_TRUE(dropped_when_next_ran);
}

TEST(map, NotReadyPassesThroughAndTheFunctionWaits) {
    CountingNotify notify;
    std::optional<Task> waiter;
    bool go = false;
    int calls = 0;
    auto s = spawn_local(poll_fn([&]() -> Poll<int, Never> {
                             if (!go) {
                                 waiter.emplace(park());
                                 return not_ready;
                             }
                             return ready(5);
                         }).map([&](int v) {
        ++calls;
        return v * 2;
    }));
    EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
    EXPECT_EQ(calls, 0);
    ASSERT_TRUE(waiter.has_value());
    go = true;
    waiter->unpark();
    EXPECT_EQ(notify.count(), 1u);
    auto p = s.poll_future_notify(notify);
    ASSERT_TRUE(p.is_ready());
    EXPECT_EQ(p.value(), 10);
    EXPECT_EQ(calls, 1);
}

TEST(map, PollingAgainPollsTheInnerFutureThenPanics) {
    CountingNotify notify;
    int inner_polls = 0;
    auto s = spawn_local(poll_fn([&]() -> Poll<int, Never> {
                             ++inner_polls;
                             return ready(1);
                         }).map([](int v) { return v; }));
    EXPECT_TRUE(s.poll_future_notify(notify).is_ready());
    try {
        (void)s.poll_future_notify(notify);
        FAIL() << "no panic";
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "cannot poll Map twice");
    }
    EXPECT_EQ(inner_polls, 2);
}

TEST(map, PollingAgainWhileTheInnerFutureIsNotReadyIsNotReady) {
    CountingNotify notify;
    int inner_polls = 0;
    auto s = spawn_local(poll_fn([&]() -> Poll<int, Never> {
                             if (++inner_polls == 1) {
                                 return ready(1);
                             }
                             return not_ready;
                         }).map([](int v) { return v; }));
    EXPECT_TRUE(s.poll_future_notify(notify).is_ready());
    EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
    EXPECT_EQ(inner_polls, 2);
}

TEST(map, OverADelayTheTraceShowsOnePollPerWakeup) {
    Executor ex;
    Probe probe;
    ex.set_observer(&probe);
    auto r = ex.run(delay(10ms).map([] { return 7; }));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value(), 7);
    EXPECT_EQ(probe.lines,
              (std::vector<std::string>{"spawn 1",
                                        "poll 1",
                                        "enter Map#1",
                                        "enter Delay#2",
                                        "park 1",
                                        "timer_set #1 @10ms",
                                        "state Delay#2 idle->waiting",
                                        "exit Delay#2 not_ready",
                                        "exit Map#1 not_ready",
                                        "end 1 not_ready",
                                        "clock 0ns->10ms",
                                        "fire #1",
                                        "unpark 1 from timer#1 queued",
                                        "poll 1",
                                        "enter Map#1",
                                        "enter Delay#2",
                                        "state Delay#2 waiting->done",
                                        "exit Delay#2 ready ()",
                                        "state Map#1 pending->done",
                                        "exit Map#1 ready 7",
                                        "end 1 ready",
                                        "drop Map#1",
                                        "drop Delay#2",
                                        "complete 1 ready 7"}));
    EXPECT_EQ(ex.task(1).polls, 2u);
    EXPECT_EQ(ex.task(1).completed_ns, 10'000'000);
}

// tests/eventual.rs `cancel1` / `oneshot4`: an inner future that fails never reaches the map.
TEST(map, AFailedInnerFutureNeverReachesTheFunction) {
    Executor ex;
    bool called = false;
    auto r =
        ex.run(delay(5ms).and_then([] { return err<int>(std::string("Canceled")); }).map([&](int) {
            called = true;
            return 0;
        }));
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error(), "Canceled");
    EXPECT_FALSE(called);
    EXPECT_EQ(ex.task(1).completed_ns, 5'000'000);
}

// tests/all.rs `test_ok` (result.hpp has no suite of its own here): ok(1) gives Ok(1), err(1)
// gives Err(1), on the first poll.
TEST(result, OkAndErrResolveOnTheFirstPoll) {
    CountingNotify notify;
    auto a = spawn_local(ok<int>(1));
    auto pa = a.poll_future_notify(notify);
    ASSERT_TRUE(pa.is_ready());
    EXPECT_EQ(pa.value(), 1);
    auto b = spawn_local(err<int>(1));
    auto pb = b.poll_future_notify(notify);
    ASSERT_TRUE(pb.is_err());
    EXPECT_EQ(pb.error(), 1);
    auto c = spawn_local(result(Result<int, int>(ready(1))));
    EXPECT_EQ(c.poll_future_notify(notify).value(), 1);
}

} // namespace
} // namespace futurescope
