// Flatten (flatten.hpp): the item is itself a future, run in the same poll; the outer error goes
// into the inner error type.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "futurescope/futures.hpp"
#include "support/probe.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::Probe;

// tests/all.rs `flatten`.
TEST(flatten, RunsTheInnerFuture) {
    Executor ex;
    auto a = ex.run(ok<std::uint32_t>(ok<std::uint32_t>(1)).flatten());
    ASSERT_TRUE(a.is_ok());
    EXPECT_EQ(a.value(), 1);
    auto b = ex.run(ok<std::uint32_t>(err<int>(std::uint32_t{1})).flatten());
    ASSERT_TRUE(b.is_err());
    EXPECT_EQ(b.error(), 1u);
    auto c = ex.run(
        err<int>(std::uint32_t{1}).map([](int v) { return ok<std::uint32_t>(v); }).flatten());
    ASSERT_TRUE(c.is_err());
    EXPECT_EQ(c.error(), 1u);
}

// tests/all.rs `flatten`: error conversion across types (Rust's `From<u8> for u32`).
TEST(flatten, TheOuterErrorConvertsIntoTheInnerErrorType) {
    Executor ex;
    auto a = ex.run(ok<std::uint8_t>(ok<std::uint32_t>(1)).flatten());
    static_assert(std::is_same_v<decltype(a), Result<int, std::uint32_t>>);
    ASSERT_TRUE(a.is_ok());
    EXPECT_EQ(a.value(), 1);
    auto b = ex.run(err<FutureResult<int, std::uint32_t>>(std::uint8_t{7}).flatten());
    ASSERT_TRUE(b.is_err());
    EXPECT_EQ(b.error(), 7u);
}

// An inner future that cannot fail takes the outer error type.
TEST(flatten, AnInfallibleInnerFutureTakesTheOuterErrorType) {
    Executor ex;
    auto r = ex.run(delay(2ms)
                        .map([] { return delay(3ms).map([] { return 5; }); })
                        .map_err([](Never) { return std::string(); })
                        .flatten());
    static_assert(std::is_same_v<decltype(r), Result<int, std::string>>);
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value(), 5);
    EXPECT_EQ(ex.task(1).completed_ns, 5'000'000);
    EXPECT_EQ(ex.task(1).polls, 3u);
}

// tests/all.rs `flatten`: a flatten of `empty` stays NotReady, inside or outside.
TEST(flatten, OfAnEmptyFutureIsNotReady) {
    CountingNotify notify;
    auto a = spawn_local(ok<std::uint32_t>(empty<int, std::uint32_t>()).flatten());
    EXPECT_TRUE(a.poll_future_notify(notify).is_not_ready());
    auto b = spawn_local(
        empty<int, std::uint32_t>().map([](int v) { return ok<std::uint32_t>(v); }).flatten());
    EXPECT_TRUE(b.poll_future_notify(notify).is_not_ready());
    EXPECT_EQ(notify.count(), 0u);
}

// The outer future is dropped before the inner one is first polled, in the same poll.
TEST(flatten, TheOuterFutureIsDroppedBeforeTheInnerIsPolled) {
    CountingNotify notify;
    Probe probe;
    ObserverScope observe(&probe);
    auto s = spawn_local(ok(ok(3)).flatten());
    auto p = s.poll_future_notify(notify);
    ASSERT_TRUE(p.is_ready());
    EXPECT_EQ(p.value(), 3);
    EXPECT_EQ(probe.lines,
              (std::vector<std::string>{"enter Flatten#1",
                                        "enter Result#2",
                                        "state Result#2 pending->done",
                                        "exit Result#2 ready <value>",
                                        "drop Result#2",
                                        "state Flatten#1 first->second",
                                        "enter Result#3",
                                        "state Result#3 pending->done",
                                        "exit Result#3 ready 3",
                                        "exit Flatten#1 ready 3"}));
}

TEST(flatten, AfterAnOuterErrorAnotherPollPanicsAndAfterAnItemItPollsTheInnerAgain) {
    CountingNotify notify;
    auto a = spawn_local(err<FutureResult<int, int>>(1).flatten());
    EXPECT_TRUE(a.poll_future_notify(notify).is_err());
    try {
        (void)a.poll_future_notify(notify);
        FAIL() << "no panic";
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "cannot poll a chained future twice");
    }
    auto b = spawn_local(ok(ok(1)).flatten());
    EXPECT_TRUE(b.poll_future_notify(notify).is_ready());
    try {
        (void)b.poll_future_notify(notify);
        FAIL() << "no panic";
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "cannot poll Result twice"); // the inner FutureResult's
    }
}

// A Result as the item works too (Rust's IntoFuture).
TEST(flatten, AResultItemIsAnAlreadyResolvedFuture) {
    Executor ex;
    auto r = ex.run(ok<int>(Result<int, int>(fail(4))).flatten());
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error(), 4);
}

} // namespace
} // namespace futurescope
