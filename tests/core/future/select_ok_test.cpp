// SelectOk (select_ok.hpp): the first future to succeed wins; a failure drops that future and
// restarts the scan from index 0 in the same poll; the last error if all fail.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "futurescope/futures.hpp"
#include "support/probe.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::Probe;

// tests/select_ok.rs `ignore_err`.
TEST(select_ok, IgnoresErrorsUntilAnItem) {
    CountingNotify notify;
    auto s1 = spawn_local(select_ok(std::vector{err<int>(1), err<int>(2), ok<int>(3), ok<int>(4)}));
    auto p1 = s1.poll_future_notify(notify);
    ASSERT_TRUE(p1.is_ready());
    auto [i1, rest1] = std::move(p1).value();
    EXPECT_EQ(i1, 3);
    ASSERT_EQ(rest1.size(), 1u);
    auto s2 = spawn_local(select_ok(std::move(rest1)));
    auto p2 = s2.poll_future_notify(notify);
    ASSERT_TRUE(p2.is_ready());
    EXPECT_EQ(p2.value().first, 4);
    EXPECT_TRUE(p2.value().second.empty());
}

// tests/select_ok.rs `last_err`.
TEST(select_ok, AllFailingGivesTheLastError) {
    CountingNotify notify;
    auto s1 = spawn_local(select_ok(std::vector{ok<int>(1), err<int>(2), err<int>(3)}));
    auto p1 = s1.poll_future_notify(notify);
    ASSERT_TRUE(p1.is_ready());
    auto [i1, rest1] = std::move(p1).value();
    EXPECT_EQ(i1, 1);
    ASSERT_EQ(rest1.size(), 2u);
    auto s2 = spawn_local(select_ok(std::move(rest1)));
    auto p2 = s2.poll_future_notify(notify);
    ASSERT_TRUE(p2.is_err());
    EXPECT_EQ(p2.error(), 3);
}

// After a failure at index 2, the scan restarts at 0 in the same poll: 0 and 1 are polled twice.
TEST(select_ok, AFailureRestartsTheScanFromIndexZeroInTheSamePoll) {
    CountingNotify notify;
    std::vector<int> polled;
    int polls_of_1 = 0;
    auto leaf = [&](int i) {
        return poll_fn([&polled, &polls_of_1, i]() -> Poll<int, int> {
            polled.push_back(i);
            if (i == 2) {
                return fail(2);
            }
            if (i == 1 && ++polls_of_1 == 2) {
                return ready(10);
            }
            return not_ready;
        });
    };
    std::vector<decltype(leaf(0))> futures;
    for (int i = 0; i < 4; ++i) {
        futures.push_back(leaf(i));
    }
    Probe probe;
    ObserverScope observe(&probe);
    auto s = spawn_local(select_ok(std::move(futures)));
    auto p = s.poll_future_notify(notify);
    ASSERT_TRUE(p.is_ready());
    EXPECT_EQ(p.value().first, 10);
    EXPECT_EQ(polled, (std::vector<int>{0, 1, 2, 0, 1}));
    // The rest keeps the order of the survivors: 0 and 3.
    ASSERT_EQ(p.value().second.size(), 2u);
    EXPECT_EQ(probe.lines,
              (std::vector<std::string>{"enter SelectOk#1",
                                        "enter PollFn#2",
                                        "exit PollFn#2 not_ready",
                                        "enter PollFn#3",
                                        "exit PollFn#3 not_ready",
                                        "enter PollFn#4",
                                        "exit PollFn#4 err 2",
                                        "drop PollFn#4",
                                        "enter PollFn#2",
                                        "exit PollFn#2 not_ready",
                                        "enter PollFn#3",
                                        "exit PollFn#3 ready 10",
                                        "drop PollFn#3",
                                        "state SelectOk#1 pending->done",
                                        "exit SelectOk#1 ready (10, [<value>, <value>])"}));
    polled.clear();
    auto rest = std::move(p).value().second;
    auto r0 = spawn_local(std::move(rest[0]));
    auto r1 = spawn_local(std::move(rest[1]));
    (void)r0.poll_future_notify(notify);
    (void)r1.poll_future_notify(notify);
    EXPECT_EQ(polled, (std::vector<int>{0, 3}));
}

TEST(select_ok, WaitsForAnItemAcrossPollsWhileOthersFail) {
    Executor ex;
    using F = BoxFuture<int, std::string>;
    std::vector<F> futures;
    futures.push_back(delay(5ms).and_then([] { return err<int>(std::string("a")); }).boxed());
    futures.push_back(F(delay(30ms).map([] { return 30; })));
    futures.push_back(delay(10ms).and_then([] { return err<int>(std::string("c")); }).boxed());
    auto r = ex.run(select_ok(std::move(futures)));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value().first, 30);
    EXPECT_TRUE(r.value().second.empty());
    EXPECT_EQ(ex.task(1).completed_ns, 30'000'000);
    EXPECT_EQ(ex.task(1).polls, 4u);
}

TEST(select_ok, AnEmptyVectorPanicsWhenBuilt) {
    try {
        auto s = select_ok(std::vector<FutureResult<int, int>>{});
        FAIL() << "no panic";
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "assertion failed: ret.inner.len() > 0");
    }
}

TEST(select_ok, AfterResolvingItIsNotReadyForever) {
    CountingNotify notify;
    auto a = spawn_local(select_ok(std::vector{ok<int>(1), ok<int>(2)}));
    EXPECT_TRUE(a.poll_future_notify(notify).is_ready());
    EXPECT_TRUE(a.poll_future_notify(notify).is_not_ready());
    auto b = spawn_local(select_ok(std::vector{err<int>(1)}));
    EXPECT_TRUE(b.poll_future_notify(notify).is_err());
    EXPECT_TRUE(b.poll_future_notify(notify).is_not_ready());
    EXPECT_EQ(notify.count(), 0u);
}

} // namespace
} // namespace futurescope
