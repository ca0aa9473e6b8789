// Select (select.hpp): a is polled first and b only when a is not ready; the first to resolve
// (item or error) wins, the winner is dropped and the loser is handed back, still running.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "futurescope/futures.hpp"
#include "support/probe.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::Probe;

// A hand-resolved leaf: NotReady (having taken the task's handle) until `value` or `failed`.
struct Hand {
    std::optional<int> value;
    bool failed = false;
    std::optional<Task> waiter;
    int polls = 0;

    auto future() {
        return poll_fn([this]() -> Poll<int, int> {
            ++polls;
            if (value) {
                return ready(*value);
            }
            if (failed) {
                return fail(-1);
            }
            waiter.emplace(park());
            return not_ready;
        });
    }
    void send(int v) {
        value = v;
        if (waiter) {
            waiter->unpark();
        }
    }
    void cancel() {
        failed = true;
        if (waiter) {
            waiter->unpark();
        }
    }
};

// The value or the error, without the loser (tests/all.rs `unselect`).
template <class P>
Result<int, int> unselect(P &&p) {
    if (p.is_ready()) {
        return ready(std::move(p).value().first);
    }
    return fail(std::move(p).error().first);
}

// tests/all.rs `result_smoke` and `select2`.
TEST(select, TheFirstToResolveWinsWithAnItemOrAnError) {
    CountingNotify notify;
    auto a = spawn_local(ok<int>(1).select(err<int>(2)));
    EXPECT_EQ(unselect(a.poll_future_notify(notify)), (Result<int, int>(ready(1))));
    auto b = spawn_local(err<int>(1).select(ok<int>(1)));
    EXPECT_EQ(unselect(b.poll_future_notify(notify)), (Result<int, int>(fail(1))));
    auto c = spawn_local(ok<int>(2).select(empty()));
    EXPECT_EQ(unselect(c.poll_future_notify(notify)), (Result<int, int>(ready(2))));
    auto d = spawn_local(empty().select(ok<int>(2)));
    EXPECT_EQ(unselect(d.poll_future_notify(notify)), (Result<int, int>(ready(2))));
    auto e = spawn_local(err<int>(2).select(empty()));
    EXPECT_EQ(unselect(e.poll_future_notify(notify)), (Result<int, int>(fail(2))));
    auto f = spawn_local(empty().select(err<int>(2)));
    EXPECT_EQ(unselect(f.poll_future_notify(notify)), (Result<int, int>(fail(2))));
}

// tests/all.rs `select2`: `(a, b)` then awaiting the loser gives 3.
TEST(select, TheLoserCanBeAwaitedAfterwards) {
    Executor ex;
    auto r = ex.run(
        ok<int>(1).select(ok<int>(2)).map_err([](auto) { return 0; }).and_then([](auto pair) {
            int a = pair.first;
            return std::move(pair.second).map([a](int b) { return a + b; }).map_err([](int) {
                return 0;
            });
        }));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value(), 3);
}

// A first; b only when a is not ready; b is not polled in a poll where a resolved.
TEST(select, PollsAFirstAndBOnlyWhenAIsNotReady) {
    CountingNotify notify;
    Hand a;
    Hand b;
    Probe probe;
    ObserverScope observe(&probe);
    auto s = spawn_local(a.future().select(b.future()));
    EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
    EXPECT_EQ(a.polls, 1);
    EXPECT_EQ(b.polls, 1);
    a.send(5);
    b.send(6);
    auto p = s.poll_future_notify(notify);
    ASSERT_TRUE(p.is_ready());
    EXPECT_EQ(p.value().first, 5);
    EXPECT_TRUE(!p.value().second.is_a()); // the loser is b
    EXPECT_EQ(a.polls, 2);
    EXPECT_EQ(b.polls, 1);
    EXPECT_EQ(probe.lines,
              (std::vector<std::string>{"enter Select#1",
                                        "enter PollFn#2",
                                        "park 1",
                                        "exit PollFn#2 not_ready",
                                        "enter PollFn#3",
                                        "park 1",
                                        "exit PollFn#3 not_ready",
                                        "exit Select#1 not_ready",
                                        "enter Select#1",
                                        "enter PollFn#2",
                                        "exit PollFn#2 ready 5",
                                        "drop PollFn#2",
                                        "state Select#1 pending->done",
                                        "exit Select#1 ready (5, <value>)"}));
    // The loser keeps its identity: polling the SelectNext polls PollFn#3 itself.
    probe.lines.clear();
    auto next = std::move(p).value().second;
    auto s2 = spawn_local(std::move(next));
    EXPECT_EQ(s2.poll_future_notify(notify).value(), 6);
    EXPECT_EQ(probe.lines, (std::vector<std::string>{"enter PollFn#3", "exit PollFn#3 ready 6"}));
}

// The semantics table's "(obs: 2 wins at t=10, then the SelectNext gives 1 at t=30)".
TEST(select, TheLoserResolvesLaterAtItsOwnTime) {
    Executor ex;
    auto r = ex.run(delay(30ms).map([] { return 1; }).select(delay(10ms).map([] { return 2; })));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value().first, 2);
    EXPECT_EQ(ex.now(), 10'000'000);
    EXPECT_EQ(ex.task(1).polls, 2u);
    auto loser = ex.run(std::move(r.value().second));
    ASSERT_TRUE(loser.is_ok());
    EXPECT_EQ(loser.value(), 1);
    EXPECT_EQ(ex.now(), 30'000'000);
    // The loser's delay kept the deadline it had: it was not restarted by the new task.
    EXPECT_EQ(ex.task(2).polls, 2u);
}

// An error resolves the select too; the loser comes back with it.
TEST(select, AnErrorResolvesItWithTheLoser) {
    Executor ex;
    auto r =
        ex.run(delay(5ms)
                   .and_then([] { return err<int>(7); })
                   .select(delay(20ms).map([] { return 2; }).map_err([](Never) { return 0; })));
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error().first, 7);
    EXPECT_FALSE(r.error().second.is_a());
    auto loser = ex.run(std::move(r.error().second));
    EXPECT_EQ(loser.value(), 2);
    EXPECT_EQ(ex.now(), 20'000'000);
}

TEST(select, PollingAgainPanics) {
    CountingNotify notify;
    auto s = spawn_local(ok(1).select(ok(2)));
    EXPECT_TRUE(s.poll_future_notify(notify).is_ready());
    try {
        (void)s.poll_future_notify(notify);
        FAIL() << "no panic";
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "cannot poll select twice");
    }
}

// tests/all.rs `select_cancels`: once the select resolved and its result is dropped, the loser
// (and its map closure) is dropped; polled twice NotReady, then Ready after a send.
TEST(select, DroppingTheResultDropsTheLoser) {
    CountingNotify notify;
    Hand a;
    Hand b;
    auto tb = std::make_shared<int>(0);
    auto td = std::make_shared<int>(0);
    std::weak_ptr<int> wb = tb;
    std::weak_ptr<int> wd = td;
    {
        auto s =
            spawn_local(a.future()
                            .map([t = std::move(tb)](int v) { return v + *t; })
                            .select(b.future().map([t = std::move(td)](int v) { return v + *t; })));
        EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
        EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
        a.send(1);
        {
            auto p = s.poll_future_notify(notify);
            ASSERT_TRUE(p.is_ready());
            EXPECT_EQ(p.value().first, 1);
            EXPECT_TRUE(wb.expired());  // the winner is gone
            EXPECT_FALSE(wd.expired()); // the loser lives in the result
        }
        EXPECT_TRUE(wd.expired());
    }
}

// tests/all.rs `select2` "cancel on early drop" and "cancel after a schedule": dropping the
// select drops both halves, before or after a poll.
TEST(select, DroppingTheSelectDropsBothHalves) {
    for (bool polled : {false, true}) {
        CountingNotify notify;
        Hand a;
        Hand b;
        auto ta = std::make_shared<int>(0);
        auto tb = std::make_shared<int>(0);
        std::weak_ptr<int> wa = ta;
        std::weak_ptr<int> wb = tb;
        {
            auto s =
                spawn_local(a.future()
                                .map([t = std::move(ta)](int v) { return v; })
                                .select(b.future().map([t = std::move(tb)](int v) { return v; })));
            if (polled) {
                EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
            }
        }
        EXPECT_TRUE(wa.expired());
        EXPECT_TRUE(wb.expired());
    }
}

// tests/all.rs `select2`: finish one half, then fail the other: the SelectNext reports it; and
// the other way round. tests/eventual.rs `select1`, `select2`, `select3`.
TEST(select, TheLoserReportsWhatHappensToItLater) {
    CountingNotify notify;
    {
        Hand a;
        Hand b;
        auto s = spawn_local(a.future().select(b.future()));
        EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
        a.send(1);
        auto p = s.poll_future_notify(notify);
        ASSERT_TRUE(p.is_ready());
        EXPECT_EQ(p.value().first, 1);
        auto next = spawn_local(std::move(p).value().second);
        EXPECT_TRUE(next.poll_future_notify(notify).is_not_ready());
        notify.reset();
        b.cancel();
        EXPECT_EQ(notify.count(), 1u); // the loser re-registered with its new task
        auto q = next.poll_future_notify(notify);
        ASSERT_TRUE(q.is_err());
        EXPECT_EQ(q.error(), -1);
    }
    {
        Hand a;
        Hand b;
        auto s = spawn_local(a.future().select(b.future()));
        EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
        a.cancel();
        auto p = s.poll_future_notify(notify);
        ASSERT_TRUE(p.is_err());
        EXPECT_EQ(p.error().first, -1);
        auto next = spawn_local(std::move(p).error().second);
        EXPECT_TRUE(next.poll_future_notify(notify).is_not_ready());
        b.send(2);
        EXPECT_EQ(next.poll_future_notify(notify).value(), 2);
    }
}

// tests/all.rs `select2` "cancel propagates": the select's map never runs when a side fails,
// and everything is dropped with the task.
TEST(select, ACanceledSidePropagatesAndDropsEverything) {
    Executor ex;
    auto tb = std::make_shared<int>(0);
    auto td = std::make_shared<int>(0);
    std::weak_ptr<int> wb = tb;
    std::weak_ptr<int> wd = td;
    bool mapped = false;
    ex.spawn(delay(1ms)
                 .and_then([t = std::move(tb)] { return err<int>(-1); })
                 .select(delay(5ms).map([t = std::move(td)] { return 2; }).map_err([](Never) {
                     return 0;
                 }))
                 .map([&](auto) { mapped = true; })
                 // A task keeps its result for the summary: dropping the pair here drops the loser
                 // at once, as Rust drops the result `wait()` returned.
                 .map_err([](auto) { return 0; }));
    ex.run_until_idle();
    EXPECT_FALSE(mapped);
    EXPECT_TRUE(wb.expired());
    EXPECT_TRUE(wd.expired());
    EXPECT_EQ(ex.task(1).completed_ns, 1'000'000);
    EXPECT_EQ(ex.now(), 1'000'000); // the loser's timer went with it
}

// tests/eventual.rs `select4` (thr), single-threaded: many rounds in which another task resolves
// one side of a select — before the select is first polled, or after — and no wakeup is lost.
TEST(select, ManyRoundsResolvedByAnotherTaskLoseNoWakeup) {
    Executor ex;
    int done = 0;
    for (int round = 0; round < 1000; ++round) {
        auto a = std::make_shared<Hand>();
        auto b = std::make_shared<Hand>();
        auto send = [a] {
            a->send(1);
            return ok();
        };
        bool send_first = round % 2 == 0;
        if (send_first) {
            ex.spawn(lazy(send));
        }
        ex.spawn(
            a->future().select(b->future()).map([&done, a, b](auto) { ++done; }).map_err([](auto) {
                return 0;
            }));
        if (!send_first) {
            ex.spawn(lazy(send));
        }
    }
    EXPECT_EQ(ex.run_all().reason, StopReason::completed);
    EXPECT_EQ(done, 1000);
    for (const TaskView &t : ex.tasks()) {
        EXPECT_EQ(t.state, TaskState::completed);
    }
    EXPECT_EQ(ex.tasks().size(), 2000u);
    EXPECT_EQ(ex.task(1).polls, 1u); // round 0: the send ran first, one poll of the select
    EXPECT_EQ(ex.task(2).polls, 1u);
    EXPECT_EQ(ex.task(3).polls, 2u); // round 1: the select parked first, then was woken
}

// tests/all.rs `test_empty`.
TEST(select, OfTwoEmptyFuturesIsNotReadyWithoutAWakeup) {
    CountingNotify notify;
    auto s = spawn_local(empty<int, unsigned>().select(empty<int, unsigned>()));
    EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
    EXPECT_EQ(notify.count(), 0u);
}

} // namespace
} // namespace futurescope
