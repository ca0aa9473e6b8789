// BoxFuture (boxed.hpp): one allocation, one virtual call per poll, and transparent in the
// trace; futures of different types share a type.
#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "futurescope/futures.hpp"
#include "support/probe.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::Probe;

TEST(boxed, PollsTheFutureInside) {
    Executor ex;
    auto r = ex.run(delay(5ms).map([] { return 2; }).boxed());
    static_assert(std::is_same_v<decltype(r), Result<int, Never>>);
    EXPECT_EQ(r.value(), 2);
    EXPECT_EQ(ex.task(1).polls, 2u);
    EXPECT_EQ(ex.task(1).completed_ns, 5'000'000);
}

// Transparent: no node of its own; the future inside keeps its identity.
TEST(boxed, HasNoNodeInTheTrace) {
    CountingNotify notify;
    Probe probe;
    ObserverScope observe(&probe);
    auto s = spawn_local(ok(1).map([](int v) { return v + 1; }).boxed());
    EXPECT_EQ(s.poll_future_notify(notify).value(), 2);
    EXPECT_EQ(probe.lines,
              (std::vector<std::string>{"enter Map#1",
                                        "enter Result#2",
                                        "state Result#2 pending->done",
                                        "exit Result#2 ready 1",
                                        "state Map#1 pending->done",
                                        "exit Map#1 ready 2"}));
}

// The handle is one pointer; the future lives in the one allocation.
TEST(boxed, IsOnePointer) {
    static_assert(sizeof(BoxFuture<int, std::string>) == sizeof(void *));
    static_assert(Future<BoxFuture<int, std::string>>);
}

// Futures of different types in one vector, and errors converted on the way in.
TEST(boxed, GivesDifferentFuturesOneType) {
    Executor ex;
    using F = BoxFuture<int, std::string>;
    std::vector<F> futures;
    futures.push_back(F(ok(1)));
    futures.push_back(F(delay(3ms).map([] { return 2; })));
    futures.push_back(ok<std::string>(3).boxed());
    auto r = ex.run(join_all(std::move(futures)));
    EXPECT_EQ(r.value(), (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(ex.now(), 3'000'000);
}

// Dropping the box drops the future inside (and cancels its timer).
TEST(boxed, DroppingItDropsTheFuture) {
    Executor ex;
    auto token = std::make_shared<int>(0);
    std::weak_ptr<int> watch = token;
    ex.spawn(
        ok(1).select(delay(10ms).map([t = std::move(token)] { return *t; }).boxed()).map([](auto) {
        }));
    ex.run_all();
    EXPECT_TRUE(watch.expired());
    EXPECT_EQ(ex.live_timers(), 0u);
}

// tests/recurse.rs `lots`: a boxed ok(n-1).and_then(doit) recursion 1000 levels deep completes,
// in one poll, without a stack overflow.
BoxFuture<Unit, Unit> doit(std::size_t n) {
    if (n == 0) {
        return ok<Unit>(Unit{}).boxed();
    }
    return ok<Unit>(n - 1).and_then(doit).boxed();
}

TEST(boxed, ADeepRecursionOfBoxedFuturesCompletes) {
    Executor ex;
    auto r = ex.run(doit(1000).map([] { return 1; }));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value(), 1);
    EXPECT_EQ(ex.task(1).polls, 1u);
}

// Boxing a box does not box again.
TEST(boxed, BoxingABoxKeepsIt) {
    auto b = ok(1).boxed();
    static_assert(std::is_same_v<decltype(std::move(b).boxed()), BoxFuture<int, Never>>);
    auto again = std::move(b).boxed();
    CountingNotify notify;
    auto s = spawn_local(std::move(again));
    EXPECT_EQ(s.poll_future_notify(notify).value(), 1);
}

} // namespace
} // namespace futurescope
