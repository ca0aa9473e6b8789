// Join (join.hpp): both sides are polled in argument order in every poll, but only those not done
// yet; a finished side is dropped at once; the first error stops the scan and drops everything.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "futurescope/futures.hpp"
#include "support/probe.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::Probe;

// The lines of task 1's index-th poll (from 0), from "poll 1" to its "end 1 …".
std::vector<std::string> task_poll_at(const Probe &probe, std::size_t index) {
    std::vector<std::string> out;
    std::size_t seen = 0;
    bool in = false;
    for (const std::string &l : probe.lines) {
        if (l == "poll 1") {
            in = seen++ == index;
        }
        if (in) {
            out.push_back(l);
            if (l.rfind("end 1", 0) == 0) {
                break;
            }
        }
    }
    return out;
}

// tests/all.rs `result_smoke`; tests/eventual.rs `join1`.
TEST(join, ResolvesToBothItemsOrTheError) {
    Executor ex;
    auto a = ex.run(ok<unsigned>(1).join(ok<unsigned>(2)));
    ASSERT_TRUE(a.is_ok());
    EXPECT_EQ(a.value(), std::make_tuple(1, 2));
    auto b = ex.run(ok<unsigned>(1).join(err<int>(1u)));
    ASSERT_TRUE(b.is_err());
    EXPECT_EQ(b.error(), 1u);
    auto c = ex.run(err<int>(1u).join(ok<unsigned>(1)));
    ASSERT_TRUE(c.is_err());
    EXPECT_EQ(c.error(), 1u);
}

// The finished side is not polled again; each poll goes a, then b.
TEST(join, PollsOnlyTheSidesNotDoneYetInArgumentOrder) {
    Executor ex;
    Probe probe;
    ex.set_observer(&probe);
    auto r = ex.run(delay(10ms).map([] { return 1; }).join(delay(30ms).map([] { return 2; })));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value(), std::make_tuple(1, 2));
    EXPECT_EQ(ex.task(1).polls, 3u);
    EXPECT_EQ(ex.task(1).completed_ns, 30'000'000);
    EXPECT_EQ(task_poll_at(probe, 0),
              (std::vector<std::string>{"poll 1",
                                        "enter Join#1",
                                        "enter Map#2",
                                        "enter Delay#3",
                                        "park 1",
                                        "timer_set #1 @10ms",
                                        "state Delay#3 idle->waiting",
                                        "exit Delay#3 not_ready",
                                        "exit Map#2 not_ready",
                                        "enter Map#4",
                                        "enter Delay#5",
                                        "park 1",
                                        "timer_set #2 @30ms",
                                        "state Delay#5 idle->waiting",
                                        "exit Delay#5 not_ready",
                                        "exit Map#4 not_ready",
                                        "exit Join#1 not_ready",
                                        "end 1 not_ready"}));
    // At 10 ms, a finishes and is dropped at once, in that poll.
    EXPECT_EQ(task_poll_at(probe, 1),
              (std::vector<std::string>{"poll 1",
                                        "enter Join#1",
                                        "enter Map#2",
                                        "enter Delay#3",
                                        "state Delay#3 waiting->done",
                                        "exit Delay#3 ready ()",
                                        "state Map#2 pending->done",
                                        "exit Map#2 ready 1",
                                        "drop Map#2",
                                        "drop Delay#3",
                                        "enter Map#4",
                                        "enter Delay#5",
                                        "park 1",
                                        "exit Delay#5 not_ready",
                                        "exit Map#4 not_ready",
                                        "exit Join#1 not_ready",
                                        "end 1 not_ready"}));
    // At 30 ms, only b is polled.
    EXPECT_EQ(task_poll_at(probe, 2),
              (std::vector<std::string>{"poll 1",
                                        "enter Join#1",
                                        "enter Map#4",
                                        "enter Delay#5",
                                        "state Delay#5 waiting->done",
                                        "exit Delay#5 ready ()",
                                        "state Map#4 pending->done",
                                        "exit Map#4 ready 2",
                                        "drop Map#4",
                                        "drop Delay#5",
                                        "state Join#1 pending->done",
                                        "exit Join#1 ready (1, 2)",
                                        "end 1 ready"}));
}

// An error of a: b is not polled in that poll; both are dropped before the Join returns.
TEST(join, AnErrorOfTheFirstSideSkipsTheSecondAndDropsBoth) {
    CountingNotify notify;
    Probe probe;
    ObserverScope observe(&probe);
    bool b_polled = false;
    auto s = spawn_local(err<int>(3).join(poll_fn([&]() -> Poll<int, int> {
        b_polled = true;
        return ready(1);
    })));
    auto p = s.poll_future_notify(notify);
    ASSERT_TRUE(p.is_err());
    EXPECT_EQ(p.error(), 3);
    EXPECT_FALSE(b_polled);
    EXPECT_EQ(probe.lines,
              (std::vector<std::string>{"enter Join#1",
                                        "enter Result#2",
                                        "state Result#2 pending->done",
                                        "exit Result#2 err 3",
                                        "drop Result#2",
                                        "state Join#1 pending->done",
                                        "exit Join#1 err 3"}));
}

// tests/all.rs `join_cancels`; the semantics table's "(obs: a dropped at t=10)": when b fails,
// a is dropped at once, so its timer is cancelled and the clock never reaches it.
TEST(join, AnErrorDropsTheOtherSideAtOnce) {
    Executor ex;
    Probe probe;
    ex.set_observer(&probe);
    auto token = std::make_shared<int>(0);
    std::weak_ptr<int> watch = token;
    ex.spawn(delay(30ms).map([t = std::move(token)] { return *t; }).join(delay(10ms).and_then([] {
        return err<int>(std::string("Canceled"));
    })));
    ex.run_until_idle();
    EXPECT_TRUE(watch.expired());
    EXPECT_EQ(ex.task(1).outcome, PollOutcome::err);
    EXPECT_EQ(ex.task(1).completed_ns, 10'000'000);
    EXPECT_EQ(ex.now(), 10'000'000);
    // The drops come before the Join's exit: "erase" happens inside the poll.
    auto drop_a = std::find(probe.lines.begin(), probe.lines.end(), "drop Map#2");
    auto exit_join =
        std::find(probe.lines.begin(), probe.lines.end(), "exit Join#1 err \"Canceled\"");
    ASSERT_NE(drop_a, probe.lines.end());
    ASSERT_NE(exit_join, probe.lines.end());
    EXPECT_LT(drop_a, exit_join);
    EXPECT_NE(std::find(drop_a, exit_join, "timer_cancel #1"), exit_join);
}

TEST(join, PollingAgainPanicsAfterItemsAndAfterAnError) {
    CountingNotify notify;
    auto a = spawn_local(ok(1).join(ok(2)));
    EXPECT_TRUE(a.poll_future_notify(notify).is_ready());
    try {
        (void)a.poll_future_notify(notify);
        FAIL() << "no panic";
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "cannot poll Join twice");
    }
    auto b = spawn_local(ok<int>(1).join(err<int>(2)));
    EXPECT_TRUE(b.poll_future_notify(notify).is_err());
    try {
        (void)b.poll_future_notify(notify);
        FAIL() << "no panic";
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "cannot poll Join twice");
    }
}

// A hand-resolved leaf: NotReady (having taken the task's handle) until `value` or `failed`.
struct Hand {
    std::optional<int> value;
    bool failed = false;
    std::optional<Task> waiter;
    int polls = 0;

    auto future() {
        return poll_fn([this]() -> Poll<int, std::string> {
            ++polls;
            if (value) {
                return ready(*value);
            }
            if (failed) {
                return fail(std::string("Canceled"));
            }
            waiter.emplace(park());
            return not_ready;
        });
    }
    void send(int v) {
        value = v;
        waiter->unpark();
    }
    void cancel() {
        failed = true;
        waiter->unpark();
    }
};

// tests/all.rs `join_incomplete`, both orders, and with a canceled side and map_err.
TEST(join, StaysNotReadyUntilTheIncompleteSideResolves) {
    for (bool ready_first : {true, false}) {
        CountingNotify notify;
        Hand h;
        auto fut = ready_first
                       ? ok<std::string>(1).join(h.future()).map([](auto t) { return t; }).boxed()
                       : h.future().join(ok<std::string>(2)).map([](auto t) { return t; }).boxed();
        auto s = spawn_local(std::move(fut));
        EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
        EXPECT_EQ(notify.count(), 0u);
        h.send(ready_first ? 2 : 1);
        EXPECT_EQ(notify.count(), 1u);
        auto p = s.poll_future_notify(notify);
        ASSERT_TRUE(p.is_ready());
        EXPECT_EQ(p.value(), std::make_tuple(1, 2));
    }
    for (bool ready_first : {true, false}) {
        CountingNotify notify;
        Hand h;
        int mapped = 0;
        auto fut = ready_first ? ok<std::string>(1)
                                     .join(h.future())
                                     .map_err([&](std::string) { mapped = 2; })
                                     .boxed()
                               : h.future()
                                     .join(ok<std::string>(2))
                                     .map_err([&](std::string) { mapped = 1; })
                                     .boxed();
        auto s = spawn_local(std::move(fut));
        EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
        h.cancel();
        EXPECT_TRUE(s.poll_future_notify(notify).is_err());
        EXPECT_EQ(mapped, ready_first ? 2 : 1);
    }
}

// tests/eventual.rs `join2`: resolves only after both are sent.
TEST(join, ResolvesOnlyAfterBothSides) {
    CountingNotify notify;
    Hand h1;
    Hand h2;
    auto s = spawn_local(h1.future().join(h2.future()));
    EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
    h1.send(1);
    EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
    h2.send(2);
    auto p = s.poll_future_notify(notify);
    ASSERT_TRUE(p.is_ready());
    EXPECT_EQ(p.value(), std::make_tuple(1, 2));
    // h1 was not polled again once it had given its item.
    EXPECT_EQ(h1.polls, 2);
    EXPECT_EQ(h2.polls, 3);
}

// tests/eventual.rs `join3` / `join4`: the first side canceled fails the join at once, without
// waiting for the second, and delivers the error.
TEST(join, ACanceledSideFailsItAtOnce) {
    CountingNotify notify;
    Hand h1;
    Hand h2;
    auto s = spawn_local(h1.future().join(h2.future()));
    EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
    h1.cancel();
    auto p = s.poll_future_notify(notify);
    ASSERT_TRUE(p.is_err());
    EXPECT_EQ(p.error(), "Canceled");
    EXPECT_EQ(h2.polls, 1);
}

// tests/eventual.rs `join5`: a nested join gives ((1, 2), 3) only after all three.
TEST(join, NestedJoinWaitsForAllThree) {
    Executor ex;
    auto r = ex.run(delay(10ms)
                        .map([] { return 1; })
                        .join(delay(30ms).map([] { return 2; }))
                        .join(delay(20ms).map([] { return 3; })));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value(), std::make_tuple(std::make_tuple(1, 2), 3));
    EXPECT_EQ(ex.task(1).completed_ns, 30'000'000);
    EXPECT_EQ(ex.task(1).polls, 4u);
}

TEST(join, Join3To5PollInArgumentOrderAndStopAtTheFirstError) {
    CountingNotify notify;
    std::vector<int> order;
    auto leaf = [&](int i, bool fails) {
        return poll_fn([&order, i, fails]() -> Poll<int, int> {
            order.push_back(i);
            if (fails) {
                return fail(i);
            }
            return ready(i);
        });
    };
    auto s3 = spawn_local(leaf(1, false).join3(leaf(2, false), leaf(3, false)));
    EXPECT_EQ(s3.poll_future_notify(notify).value(), std::make_tuple(1, 2, 3));
    auto s4 = spawn_local(leaf(1, false).join4(leaf(2, false), leaf(3, false), leaf(4, false)));
    EXPECT_EQ(s4.poll_future_notify(notify).value(), std::make_tuple(1, 2, 3, 4));
    order.clear();
    auto s5 = spawn_local(
        leaf(1, false).join5(leaf(2, false), leaf(3, true), leaf(4, false), leaf(5, false)));
    auto p = s5.poll_future_notify(notify);
    ASSERT_TRUE(p.is_err());
    EXPECT_EQ(p.error(), 3);
    EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

// tests/all.rs `test_empty`.
TEST(join, WithAnEmptyFutureIsNotReady) {
    CountingNotify notify;
    auto a = spawn_local(empty<int, unsigned>().join(empty<int, unsigned>()));
    EXPECT_TRUE(a.poll_future_notify(notify).is_not_ready());
    auto b = spawn_local(empty<int, unsigned>().join(ok<unsigned>(1)));
    EXPECT_TRUE(b.poll_future_notify(notify).is_not_ready());
    auto c = spawn_local(ok<unsigned>(1).join(empty<int, unsigned>()));
    EXPECT_TRUE(c.poll_future_notify(notify).is_not_ready());
    EXPECT_EQ(notify.count(), 0u);
}

} // namespace
} // namespace futurescope
