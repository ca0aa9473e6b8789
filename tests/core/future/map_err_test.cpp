// MapErr (map_err.hpp): the error is transformed, items pass through, the function is dropped as
// soon as the inner future resolved, and a second resolution panics.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "futurescope/futures.hpp"
#include "support/probe.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::Probe;

// tests/all.rs `result_smoke`.
TEST(map_err, MapsTheErrorAndPassesItemsThrough) {
    Executor ex;
    auto a = ex.run(ok<unsigned>(1).map_err([](unsigned e) { return e + 2; }));
    ASSERT_TRUE(a.is_ok());
    EXPECT_EQ(a.value(), 1);
    auto b = ex.run(err<int>(1u).map_err([](unsigned e) { return e + 2; }));
    ASSERT_TRUE(b.is_err());
    EXPECT_EQ(b.error(), 3u);
}

// tests/eventual.rs `map_err1`: not called on Ok.
TEST(map_err, IsNotCalledOnAnItem) {
    Executor ex;
    bool called = false;
    auto r = ex.run(ok<int>(1).map_err([&](int e) {
        called = true;
        return e;
    }));
    ASSERT_TRUE(r.is_ok());
    EXPECT_FALSE(called);
}

// tests/eventual.rs `map_err2`: called once, with the error.
TEST(map_err, IsCalledOnceWithTheError) {
    Executor ex;
    std::vector<int> seen;
    auto r = ex.run(err<int>(1).map_err([&](int e) {
        seen.push_back(e);
        return Unit{};
    }));
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(seen, (std::vector<int>{1}));
}

// tests/eventual.rs `map_err3`: on a future that fails later (a canceled oneshot), it runs then,
// at that virtual time, without a hang.
TEST(map_err, RunsWhenTheInnerFutureFailsLater) {
    Executor ex;
    TimeNs called_at = -1;
    auto r = ex.run(delay(7ms)
                        .and_then([] { return err<Unit>(std::string("Canceled")); })
                        .map_err([&](const std::string &e) {
                            called_at = ex.now();
                            return e.size();
                        }));
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error(), 8u);
    EXPECT_EQ(called_at, 7'000'000);
    EXPECT_EQ(ex.task(1).polls, 2u);
}

// tests/eager_drop.rs `map_err`: whatever runs after a map_err has seen its function dropped.
TEST(map_err, TheFunctionIsDroppedBeforeTheNextStageRuns) {
    Executor ex;
    auto token = std::make_shared<int>(0);
    std::weak_ptr<int> watch = token;
    bool dropped_when_next_ran = false;
    auto r =
        ex.run(ok<int>(1).map_err([t = std::move(token)](int e) { return e + *t; }).map([&](int v) {
            dropped_when_next_ran = watch.expired();
            return v;
        }));
    ASSERT_TRUE(r.is_ok());
    EXPECT_TRUE(dropped_when_next_ran);
}

TEST(map_err, NotReadyPassesThrough) {
    CountingNotify notify;
    std::optional<Task> waiter;
    bool go = false;
    int calls = 0;
    auto s = spawn_local(poll_fn([&]() -> Poll<Unit, int> {
                             if (!go) {
                                 waiter.emplace(park());
                                 return not_ready;
                             }
                             return fail(4);
                         }).map_err([&](int e) {
        ++calls;
        return e * 10;
    }));
    EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
    EXPECT_EQ(calls, 0);
    go = true;
    waiter->unpark();
    EXPECT_EQ(notify.count(), 1u);
    auto p = s.poll_future_notify(notify);
    ASSERT_TRUE(p.is_err());
    EXPECT_EQ(p.error(), 40);
    EXPECT_EQ(calls, 1);
}

// Like Rust's `take().expect(…)`, the function is taken on Ok too: any second resolution panics.
TEST(map_err, PollingAgainPollsTheInnerFutureThenPanicsAfterAnItemToo) {
    CountingNotify notify;
    int inner_polls = 0;
    auto s = spawn_local(poll_fn([&]() -> Poll<int, int> {
                             ++inner_polls;
                             return ready(1);
                         }).map_err([](int e) { return e; }));
    EXPECT_TRUE(s.poll_future_notify(notify).is_ready());
    try {
        (void)s.poll_future_notify(notify);
        FAIL() << "no panic";
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "cannot poll MapErr twice");
    }
    EXPECT_EQ(inner_polls, 2);
}

TEST(map_err, TheTraceShowsTheStateChangeBeforeTheErrorLeaves) {
    Executor ex;
    Probe probe;
    ex.set_observer(&probe);
    ex.spawn(delay(3ms).and_then([] { return err<Unit>(2); }).map_err([](int e) { return -e; }));
    ex.run_all();
    EXPECT_EQ(probe.only("state MapErr"),
              (std::vector<std::string>{"state MapErr#1 pending->done"}));
    EXPECT_EQ(probe.only("exit MapErr"),
              (std::vector<std::string>{"exit MapErr#1 not_ready", "exit MapErr#1 err -2"}));
    EXPECT_EQ(ex.task(1).completed_ns, 3'000'000);
    EXPECT_EQ(ex.task(1).result, "-2");
}

} // namespace
} // namespace futurescope
