// JoinAll (join_all.hpp): every poll goes through the vector in index order, polling only the
// futures not done; results come out in input order; the first error drops everything.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "futurescope/futures.hpp"
#include "support/probe.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::Probe;

// tests/all.rs `collect_collects`.
TEST(join_all, CollectsTheItemsInInputOrder) {
    Executor ex;
    auto a = ex.run(join_all(std::vector{ok<unsigned>(1), ok<unsigned>(2)}));
    EXPECT_EQ(a.value(), (std::vector<int>{1, 2}));
    auto b = ex.run(join_all(std::vector{ok<unsigned>(1)}));
    EXPECT_EQ(b.value(), (std::vector<int>{1}));
    auto c = ex.run(join_all(std::vector<Result<int, unsigned>>{}));
    ASSERT_TRUE(c.is_ok());
    EXPECT_TRUE(c.value().empty());
}

TEST(join_all, AnEmptyVectorIsReadyOnTheFirstPoll) {
    CountingNotify notify;
    auto s = spawn_local(join_all(std::vector<FutureResult<int, int>>{}));
    auto p = s.poll_future_notify(notify);
    ASSERT_TRUE(p.is_ready());
    EXPECT_TRUE(p.value().empty());
}

TEST(join_all, ItemsStayInInputOrderWhateverOrderTheyFinishIn) {
    Executor ex;
    std::vector<Map<Delay, std::function<int()>>> futures;
    for (int ms : {40, 10, 30, 20}) {
        futures.push_back(
            delay(std::chrono::milliseconds(ms)).map(std::function<int()>([ms] { return ms; })));
    }
    auto r = ex.run(join_all(std::move(futures)));
    EXPECT_EQ(r.value(), (std::vector<int>{40, 10, 30, 20}));
    EXPECT_EQ(ex.task(1).completed_ns, 40'000'000);
    EXPECT_EQ(ex.task(1).polls, 5u);
}

// Each poll polls, in index order, only the futures still pending; a finished one is dropped
// at once.
TEST(join_all, PollsOnlyThePendingFuturesInIndexOrder) {
    Executor ex;
    Probe probe;
    ex.set_observer(&probe);
    std::vector<Delay> futures;
    futures.push_back(delay(20ms));
    futures.push_back(delay(10ms));
    futures.push_back(delay(20ms));
    auto r = ex.run(join_all(std::move(futures)));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value().size(), 3u);
    std::vector<std::string> enters;
    for (const std::string &l : probe.lines) {
        if (l == "poll 1" || l.rfind("enter", 0) == 0 || l.rfind("drop", 0) == 0) {
            enters.push_back(l);
        }
    }
    EXPECT_EQ(enters,
              (std::vector<std::string>{"poll 1",
                                        "enter JoinAll#1",
                                        "enter Delay#2",
                                        "enter Delay#3",
                                        "enter Delay#4",
                                        "poll 1", // 10 ms
                                        "enter JoinAll#1",
                                        "enter Delay#2",
                                        "enter Delay#3",
                                        "drop Delay#3",
                                        "enter Delay#4",
                                        "poll 1", // 20 ms: Delay#3 is not polled again
                                        "enter JoinAll#1",
                                        "enter Delay#2",
                                        "drop Delay#2",
                                        "enter Delay#4",
                                        "drop Delay#4",
                                        "drop JoinAll#1"}));
    EXPECT_EQ(probe.label(1), "join_all(3)");
}

// The first error drops every future (later ones are not polled in that poll) and is the result;
// the dropped futures' timers go with them.
TEST(join_all, TheFirstErrorDropsEverythingAndLaterOnesAreNotPolled) {
    Executor ex;
    Probe probe;
    ex.set_observer(&probe);
    using F = BoxFuture<int, std::string>;
    std::vector<F> futures;
    futures.push_back(F(delay(50ms).map([] { return 1; })));
    futures.push_back(delay(5ms).and_then([] { return err<int>(std::string("boom")); }).boxed());
    futures.push_back(F(delay(50ms).map([] { return 3; })));
    auto r = ex.run(join_all(std::move(futures)));
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error(), "boom");
    EXPECT_EQ(ex.now(), 5'000'000);
    EXPECT_EQ(ex.live_timers(), 0u);
    // In the poll at 5 ms: index 0 polled, index 1 fails, index 2 not polled; 0 and 2 dropped in
    // index order before the JoinAll returns.
    auto from = std::find(probe.lines.begin(), probe.lines.end(), "clock 0ns->5ms");
    std::vector<std::string> tail;
    for (auto it = from; it != probe.lines.end(); ++it) {
        if (it->rfind("enter", 0) == 0 || it->rfind("drop", 0) == 0 ||
            it->rfind("exit JoinAll", 0) == 0) {
            tail.push_back(*it);
        }
    }
    EXPECT_EQ(tail,
              (std::vector<std::string>{"enter JoinAll#1",
                                        "enter Map#2",
                                        "enter Delay#3",
                                        "enter AndThen#4",
                                        "enter Delay#5",
                                        "drop Delay#5",
                                        "enter Result#8",
                                        "drop Map#2",
                                        "drop Delay#3",
                                        "drop AndThen#4",
                                        "drop Result#8",
                                        "drop Map#6",
                                        "drop Delay#7",
                                        "exit JoinAll#1 err \"boom\"",
                                        "drop JoinAll#1"}));
}

// Like futures 0.1's JoinAll, it holds nothing once resolved: another poll is Ready([]), after
// items and after an error alike.
TEST(join_all, PollingAgainAnswersAnEmptyVector) {
    CountingNotify notify;
    auto a = spawn_local(join_all(std::vector{ok(1), ok(2)}));
    EXPECT_EQ(a.poll_future_notify(notify).value(), (std::vector<int>{1, 2}));
    auto again = a.poll_future_notify(notify);
    ASSERT_TRUE(again.is_ready());
    EXPECT_TRUE(again.value().empty());
    auto b = spawn_local(join_all(std::vector{ok<int>(1), err<int>(2)}));
    EXPECT_TRUE(b.poll_future_notify(notify).is_err());
    auto after_err = b.poll_future_notify(notify);
    ASSERT_TRUE(after_err.is_ready());
    EXPECT_TRUE(after_err.value().empty());
}

TEST(join_all, NotReadyWhileAnyIsPendingWithTheirWakeups) {
    CountingNotify notify;
    std::optional<Task> waiter;
    bool go = false;
    std::vector<BoxFuture<int, Never>> futures;
    futures.push_back(ok(1).boxed());
    futures.push_back(poll_fn([&]() -> Poll<int, Never> {
                          if (!go) {
                              waiter.emplace(park());
                              return not_ready;
                          }
                          return ready(2);
                      }).boxed());
    auto s = spawn_local(join_all(std::move(futures)));
    EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
    go = true;
    waiter->unpark();
    EXPECT_EQ(notify.count(), 1u);
    EXPECT_EQ(s.poll_future_notify(notify).value(), (std::vector<int>{1, 2}));
}

} // namespace
} // namespace futurescope
