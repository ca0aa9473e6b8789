// The zero-cost promise of futures 0.1, measured: building and running a chain of combinators
// allocates nothing, spawning allocates exactly one block per task, boxed() exactly one.
#include <gtest/gtest.h>

#include <chrono>
#include <tuple>

#include "futurescope/futures.hpp"
#include "support/counting_new.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::AllocationScope;

// Runs a program with timers once, so the executor's timer table has grown to what the measured
// run needs: its growth is amortised storage, not a per-future cost.
void warm_up(Executor &ex, int timers = 16) {
    for (int i = 0; i < timers; ++i) {
        ex.spawn(delay(1ms));
    }
    ex.run_all();
}

TEST(allocation, BuildingAChainOfCombinatorsAllocatesNothing) {
    AllocationScope scope;
    auto chain = join(delay(30ms).map([] { return 1; }),
                      delay(10ms).and_then([] { return ok(2); }).map([](int x) { return x * 2; }))
                     .select(delay(50ms).map([] { return std::make_tuple(0, 0); }));
    EXPECT_EQ(scope.count(), 0u);
}

TEST(allocation, RunningAChainAllocatesOnlyItsTask) {
    Executor ex;
    warm_up(ex);
    AllocationScope scope;
    auto r =
        ex.run(join(delay(30ms).map([] { return 1; }),
                    delay(10ms).and_then([] { return ok(2); }).map([](int x) { return x * 2; })));
    EXPECT_EQ(scope.count(), 1u);
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value(), std::make_tuple(1, 4));
}

TEST(allocation, PollingAChainByHandAllocatesNothing) {
    auto s = spawn_local(
        ok(1).map([](int x) { return x + 1; }).and_then([](int x) { return ok(x * 10); }));
    CountingNotify notify;
    AllocationScope scope;
    auto p = s.poll_future_notify(notify);
    EXPECT_EQ(scope.count(), 0u);
    ASSERT_TRUE(p.is_ready());
    EXPECT_EQ(p.value(), 20);
}

TEST(allocation, SpawningAllocatesExactlyOneBlockPerTask) {
    Executor ex;
    warm_up(ex, 100);
    AllocationScope scope;
    for (int i = 0; i < 100; ++i) {
        ex.spawn(delay(std::chrono::milliseconds(i % 4)).map([] { return 1; }));
    }
    EXPECT_EQ(scope.count(), 100u);
    ex.run_all();
    EXPECT_EQ(scope.count(), 100u);
}

TEST(allocation, BoxedAllocatesExactlyOnceAndReboxingNever) {
    auto f = delay(10ms).map([] { return 7; }).and_then([](int x) { return ok(x + 1); });
    AllocationScope scope;
    auto boxed = std::move(f).boxed();
    EXPECT_EQ(scope.count(), 1u);
    auto again = std::move(boxed).boxed();
    EXPECT_EQ(scope.count(), 1u);
    Executor ex;
    auto r = ex.run(std::move(again));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value(), 8);
}

TEST(allocation, SharedAllocatesItsStateOnceAndCloningPollingAndWakingNever) {
    Executor ex;
    warm_up(ex);
    auto f = delay(10ms).map([] { return 7; });
    AllocationScope scope;
    auto a = std::move(f).shared();
    EXPECT_EQ(scope.count(), 1u);
    auto b = a.clone();
    auto c = a.clone();
    EXPECT_EQ(scope.count(), 1u);
    ex.spawn(std::move(a));
    ex.spawn(std::move(b));
    EXPECT_EQ(scope.count(), 3u); // one block per task
    auto r = ex.run(std::move(c));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value(), 7);
    EXPECT_EQ(scope.count(), 4u);
}

} // namespace
} // namespace futurescope
