// SelectAll (select_all.hpp): polls in index order and stops at the first future that resolves;
// gives (value, index, rest) with rest in order; panics on an empty vector.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>
#include <tuple>
#include <vector>

#include "futurescope/futures.hpp"
#include "support/probe.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::Probe;

// tests/select_all.rs `smoke`.
TEST(select_all, SmokeOkThenErrThenOk) {
    CountingNotify notify;
    auto s1 = spawn_local(select_all(std::vector{ok<int>(1), err<int>(2), ok<int>(3)}));
    auto p1 = s1.poll_future_notify(notify);
    ASSERT_TRUE(p1.is_ready());
    auto [i1, idx1, rest1] = std::move(p1).value();
    EXPECT_EQ(i1, 1);
    EXPECT_EQ(idx1, 0u);
    ASSERT_EQ(rest1.size(), 2u);

    auto s2 = spawn_local(select_all(std::move(rest1)));
    auto p2 = s2.poll_future_notify(notify);
    ASSERT_TRUE(p2.is_err());
    auto [e2, idx2, rest2] = std::move(p2).error();
    EXPECT_EQ(e2, 2);
    EXPECT_EQ(idx2, 0u);

    auto s3 = spawn_local(select_all(std::move(rest2)));
    auto p3 = s3.poll_future_notify(notify);
    ASSERT_TRUE(p3.is_ready());
    auto [i3, idx3, rest3] = std::move(p3).value();
    EXPECT_EQ(i3, 3);
    EXPECT_EQ(idx3, 0u);
    EXPECT_TRUE(rest3.empty());
}

// The semantics table's "(obs: (10, 1, [d40, d30, d20]))": the rest keeps its order, and each
// of its futures goes on to resolve at its own time.
TEST(select_all, TheRestKeepsItsOrderAndGoesOnRunning) {
    Executor ex;
    std::vector<Map<Delay, std::function<int()>>> futures;
    for (int ms : {40, 10, 30, 20}) {
        futures.push_back(
            delay(std::chrono::milliseconds(ms)).map(std::function<int()>([ms] { return ms; })));
    }
    auto r = ex.run(select_all(std::move(futures)));
    ASSERT_TRUE(r.is_ok());
    auto [value, index, rest] = std::move(r).value();
    EXPECT_EQ(value, 10);
    EXPECT_EQ(index, 1u);
    EXPECT_EQ(ex.now(), 10'000'000);
    EXPECT_EQ(ex.task(1).polls, 2u);
    ASSERT_EQ(rest.size(), 3u);
    std::vector<int> later;
    for (auto &f : rest) {
        later.push_back(ex.run(std::move(f)).value());
    }
    EXPECT_EQ(later, (std::vector<int>{40, 30, 20}));
    EXPECT_EQ(ex.now(), 40'000'000);
}

// In index order, stopping at the first that resolves: later ones are not polled in that poll,
// and the winner is dropped before the SelectAll returns.
TEST(select_all, StopsAtTheFirstResolvedFuture) {
    CountingNotify notify;
    std::vector<int> polled;
    auto leaf = [&](int i, bool resolves) {
        return poll_fn([&polled, i, resolves]() -> Poll<int, int> {
            polled.push_back(i);
            if (resolves) {
                return ready(i);
            }
            return not_ready;
        });
    };
    std::vector<decltype(leaf(0, false))> futures;
    futures.push_back(leaf(0, false));
    futures.push_back(leaf(1, true));
    futures.push_back(leaf(2, true));
    Probe probe;
    ObserverScope observe(&probe);
    auto s = spawn_local(select_all(std::move(futures)));
    auto p = s.poll_future_notify(notify);
    ASSERT_TRUE(p.is_ready());
    EXPECT_EQ(std::get<0>(p.value()), 1);
    EXPECT_EQ(std::get<1>(p.value()), 1u);
    EXPECT_EQ(polled, (std::vector<int>{0, 1}));
    EXPECT_EQ(probe.lines,
              (std::vector<std::string>{"enter SelectAll#1",
                                        "enter PollFn#2",
                                        "exit PollFn#2 not_ready",
                                        "enter PollFn#3",
                                        "exit PollFn#3 ready 1",
                                        "drop PollFn#3",
                                        "state SelectAll#1 pending->done",
                                        "exit SelectAll#1 ready (1, 1, [<value>, <value>])"}));
    EXPECT_EQ(probe.label(1), "select_all(3)");
}

TEST(select_all, AnEmptyVectorPanicsWhenBuilt) {
    try {
        auto s = select_all(std::vector<FutureResult<int, int>>{});
        FAIL() << "no panic";
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "assertion failed: ret.inner.len() > 0");
    }
}

// Once resolved it holds nothing: NotReady forever, without a wakeup.
TEST(select_all, AfterResolvingItIsNotReadyForever) {
    CountingNotify notify;
    auto s = spawn_local(select_all(std::vector{ok(1), ok(2)}));
    EXPECT_TRUE(s.poll_future_notify(notify).is_ready());
    EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
    EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
    EXPECT_EQ(notify.count(), 0u);
}

TEST(select_all, AnErrorResolvesItWithTheRest) {
    Executor ex;
    using F = BoxFuture<int, std::string>;
    std::vector<F> futures;
    futures.push_back(F(delay(20ms).map([] { return 1; })));
    futures.push_back(delay(5ms).and_then([] { return err<int>(std::string("x")); }).boxed());
    auto r = ex.run(select_all(std::move(futures)));
    ASSERT_TRUE(r.is_err());
    auto [e, index, rest] = std::move(r).error();
    EXPECT_EQ(e, "x");
    EXPECT_EQ(index, 1u);
    ASSERT_EQ(rest.size(), 1u);
    EXPECT_EQ(ex.run(std::move(rest[0])).value(), 1);
    EXPECT_EQ(ex.now(), 20'000'000);
}

} // namespace
} // namespace futurescope
