// Empty (empty.hpp): NotReady on every poll, and no wakeup is ever arranged.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "futurescope/futures.hpp"
#include "support/probe.hpp"

namespace futurescope {
namespace {
using testing::Probe;

TEST(empty, IsNotReadyForeverAndNeverTakesTheTask) {
    CountingNotify notify;
    Probe probe;
    ObserverScope observe(&probe);
    auto s = spawn_local(empty<int, unsigned>());
    for (int i = 0; i < 3; ++i) {
        EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
    }
    EXPECT_EQ(notify.count(), 0u);
    EXPECT_TRUE(probe.only("park").empty());
    EXPECT_EQ(probe.lines.size(), 6u);
}

TEST(empty, ARunOfItCanNeverComplete) {
    Executor ex;
    try {
        ex.run(empty());
        FAIL() << "run returned";
    } catch (const RunError &e) {
        EXPECT_EQ(e.reason(), StopReason::idle);
    }
    EXPECT_EQ(ex.task(1).polls, 1u);
}

// tests/all.rs `test_empty`: empty through select, join, or_else, and_then, map, map_err and
// then all give NotReady on the first poll, with nothing notified.
TEST(empty, EveryCombinatorOverItIsNotReady) {
    CountingNotify notify;
    using E = Empty<int, unsigned>;
    auto check = [&](auto f) {
        auto s = spawn_local(std::move(f));
        EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
    };
    check(E());
    check(E().select(E()));
    check(E().join(E()));
    check(E().join(ok<unsigned>(1)));
    check(ok<unsigned>(1).join(E()));
    check(E().or_else([](unsigned) { return E(); }));
    check(E().and_then([](int) { return E(); }));
    check(err<int>(1u).or_else([](unsigned) { return E(); }));
    check(ok<unsigned>(1).and_then([](int) { return E(); }));
    check(E().map([](int a) { return a + 1; }));
    check(E().map_err([](unsigned a) { return a + 1; }));
    check(E().then([](Result<int, unsigned> a) { return result(a); }));
    EXPECT_EQ(notify.count(), 0u);
}

// Its types are Never unless given, so it fits any other side.
TEST(empty, CombinesWithAnyFuture) {
    Executor ex;
    auto r = ex.run(ok(std::string("x")).select(empty()));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value().first, "x");
}

} // namespace
} // namespace futurescope
