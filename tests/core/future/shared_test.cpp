// Shared (shared.hpp): every clone resolves to a copy of the one result; one poll of the inner
// future does the work for all of them, and its wakeup reaches every clone that has polled —
// futures-rs's tests/shared.rs, single-threaded: the threads become tasks of the executor.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "futurescope/channels.hpp"
#include "futurescope/futures.hpp"
#include "support/probe.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::Probe;

static_assert(Future<Shared<OneshotReceiver<int>>>);

// The unpark lines of a probe's trace, in order.
std::vector<std::string> unparks(const Probe &probe) {
    std::vector<std::string> out;
    for (const std::string &l : probe.lines) {
        if (l.rfind("unpark", 0) == 0) {
            out.push_back(l);
        }
    }
    return out;
}

// tests/shared.rs one_thread (two_threads and many_threads are the same with more threads).
TEST(shared, EveryCloneGetsACopyOfTheOneResult) {
    Executor ex;
    Probe probe;
    probe.futures = false;
    ex.set_observer(&probe);
    auto ch = oneshot<int>();
    auto f = std::move(ch.second).shared();
    ex.spawn(f.clone());
    ex.spawn(delay(10ms).map(
        [tx = std::move(ch.first)]() mutable { EXPECT_TRUE(std::move(tx).send(6).is_ok()); }));
    ex.spawn(std::move(f));
    ex.run_all();
    EXPECT_EQ(ex.task(1).result, "6");
    EXPECT_EQ(ex.task(3).result, "6");
    EXPECT_EQ(ex.task(1).completed_ns, 10'000'000);
    EXPECT_EQ(ex.task(3).completed_ns, 10'000'000);
    // The sender's drop wakes the shared notifier, which wakes both waiters in the order the
    // clones were made (task 3 holds the original); completing wakes the completer again.
    EXPECT_EQ(unparks(probe),
              (std::vector<std::string>{"unpark 2 from timer#1 queued",
                                        "unpark 3 from task#2 queued",
                                        "unpark 1 from task#2 queued",
                                        "unpark 3 from task#3 queued"}));
    EXPECT_EQ(ex.task(1).polls, 2u);
    EXPECT_EQ(ex.task(3).polls, 2u);
}

TEST(shared, TheInnerFutureIsPolledOncePerPollThatDoesTheWork) {
    CountingNotify notify;
    int polls = 0;
    std::optional<Task> waiter;
    auto f = poll_fn([&]() -> Poll<int, Never> {
                 ++polls;
                 if (polls < 3) {
                     waiter.emplace(park());
                     return not_ready;
                 }
                 return ready(5);
             }).shared();
    auto g = f.clone();
    auto sf = spawn_local(std::move(f), 1);
    auto sg = spawn_local(std::move(g), 2);
    EXPECT_TRUE(sf.poll_future_notify(notify).is_not_ready());
    EXPECT_TRUE(sg.poll_future_notify(notify).is_not_ready());
    EXPECT_EQ(polls, 2);
    EXPECT_TRUE(sf.get().is_waiting());
    EXPECT_TRUE(sg.get().is_waiting());
    // The inner future's handle names the shared notifier: waking it wakes both clones' tasks
    // and takes their handles, so a second wakeup reaches nobody.
    waiter->unpark();
    EXPECT_EQ(notify.count(), 2u);
    EXPECT_FALSE(sf.get().is_waiting());
    waiter->unpark();
    EXPECT_EQ(notify.count(), 2u);
    EXPECT_EQ(sg.poll_future_notify(notify).value(), 5);
    EXPECT_EQ(sf.poll_future_notify(notify).value(), 5);
    EXPECT_EQ(polls, 3);
}

TEST(shared, AnErrorIsCopiedToEveryClone) {
    Executor ex;
    auto f = err<int>(7).shared();
    auto g = f.clone();
    auto a = ex.run(std::move(f));
    auto b = ex.run(std::move(g));
    EXPECT_EQ(a.error(), 7);
    EXPECT_EQ(b.error(), 7);
}

// tests/shared.rs drop_on_one_task_ok.
TEST(shared, DroppingOneCloneDoesNotStopTheOthers) {
    Executor ex;
    Probe probe;
    probe.futures = false;
    ex.set_observer(&probe);
    auto ch = oneshot<int>();
    auto ch2 = oneshot<int>();
    auto ch3 = oneshot<int>();
    auto f1 = std::move(ch.second).shared();
    auto f2 = f1.clone();
    ex.spawn(std::move(f1).select(std::move(ch2.second)).map([](auto) {}).map_err([](auto) {}));
    ex.spawn(std::move(f2).map([tx3 = std::move(ch3.first)](int x) mutable {
        EXPECT_TRUE(std::move(tx3).send(x).is_ok());
    }));
    // Cancels the first clone's select at 10 ms, then resolves the shared future at 20 ms.
    ex.spawn(delay(10ms).map(
        [tx2 = std::move(ch2.first)]() mutable { EXPECT_TRUE(std::move(tx2).send(11).is_ok()); }));
    ex.spawn(delay(20ms).map(
        [tx = std::move(ch.first)]() mutable { EXPECT_TRUE(std::move(tx).send(42).is_ok()); }));
    auto r = ex.run(std::move(ch3.second));
    EXPECT_EQ(r.value(), 42);
    EXPECT_EQ(ex.task(1).completed_ns, 10'000'000);
    EXPECT_EQ(ex.task(2).completed_ns, 20'000'000);
    // At 20 ms only the clone still alive (task 2) is woken.
    EXPECT_EQ(probe.only("unpark 1"), (std::vector<std::string>{"unpark 1 from task#3 queued"}));
}

// tests/shared.rs drop_in_poll: the inner future drops a clone of its own Shared.
TEST(shared, TheInnerFutureMayDropACloneOfItsOwnShared) {
    std::optional<BoxFuture<int, Never>> slot;
    auto f = poll_fn([&slot]() -> Poll<int, Never> {
                 slot.reset();
                 return ready(1);
             }).shared();
    slot.emplace(f.clone().boxed());
    EXPECT_EQ(f.clone_count(), 2u);
    auto s = spawn_local(std::move(f));
    CountingNotify notify;
    EXPECT_EQ(s.poll_future_notify(notify).value(), 1);
    EXPECT_FALSE(slot.has_value());
    EXPECT_EQ(s.get().clone_count(), 1u);
}

// tests/shared.rs peek.
TEST(shared, PeekSeesTheResultOnlyOnceSomeCloneHasPolledIt) {
    Executor ex;
    auto ch = oneshot<int>();
    auto f1 = std::move(ch.second).shared();
    auto f2 = f1.clone();
    for (int i = 0; i < 2; ++i) {
        EXPECT_FALSE(f1.peek().has_value());
        EXPECT_FALSE(f2.peek().has_value());
    }
    // The value is sent, but nothing has polled it into the shared state yet.
    EXPECT_TRUE(std::move(ch.first).send(42).is_ok());
    for (int i = 0; i < 2; ++i) {
        EXPECT_FALSE(f1.peek().has_value());
        EXPECT_FALSE(f2.peek().has_value());
    }
    ex.spawn(std::move(f1).map([](int) {}));
    ex.run_until_idle();
    for (int i = 0; i < 2; ++i) {
        ASSERT_TRUE(f2.peek().has_value());
        EXPECT_EQ(f2.peek()->value(), 42);
    }
}

// tests/shared.rs polled_then_ignored.
TEST(shared, ACloneNoLongerPolledDoesNotBlockTheOthers) {
    Executor ex;
    auto ch0 = oneshot<int>();
    auto ch1 = oneshot<int>();
    auto ch2 = oneshot<int>();
    auto ch3 = oneshot<int>();
    auto f1 = std::move(ch0.second).shared();
    auto f2 = f1.clone();
    ex.spawn(std::move(f1).map([tx3 = std::move(ch3.first)](int n) mutable {
        EXPECT_TRUE(std::move(tx3).send(n).is_ok());
    }));
    ex.run_until_idle(); // f1 is polled.
    ex.spawn(
        std::move(f2)
            .select(std::move(ch2.second))
            .map_err([](auto) { return Canceled{}; })
            .and_then([rx3 = std::move(ch3.second), tx1 = std::move(ch1.first)](auto won) mutable {
                return std::move(rx3).map(
                    [f2 = std::move(won.second), tx1 = std::move(tx1)](int n) mutable {
                        auto gone = std::move(f2);
                        EXPECT_TRUE(std::move(tx1).send(n).is_ok());
                    });
            }));
    ex.run_until_idle();                                // f2 is polled.
    EXPECT_TRUE(std::move(ch2.first).send(11).is_ok()); // f2's select resolves: it is ignored.
    ex.run_until_idle();
    EXPECT_TRUE(std::move(ch0.first).send(42).is_ok()); // f1, then rx3, then rx1 resolve.
    EXPECT_EQ(ex.run(std::move(ch1.second)).value(), 42);
}

// tests/shared.rs recursive_poll: the inner future (a for_each over boxed futures) runs a
// future that polls another clone of the same Shared; that re-entrant poll answers NotReady.
TEST(shared, ACloneWhoseInnerFuturePollsAnotherCloneGetsNotReadyNotADeadlock) {
    using Boxed = BoxFuture<Unit, Canceled>;
    Executor ex;
    auto [tx0, rx0] = mpsc::unbounded<Boxed>();
    auto ch1 = oneshot<Unit>();
    auto f1 = std::move(rx0).for_each([](Boxed f) { return f; }).shared();
    auto f2 = f1.clone();
    auto f3 = f1.clone();
    int inner_done = 0;
    EXPECT_TRUE(tx0.unbounded_send(Boxed(std::move(f1)
                                             .select(std::move(ch1.second))
                                             .map([&inner_done](auto) { ++inner_done; })
                                             .map_err([](auto e) { return e.first; })))
                    .is_ok());
    ex.spawn(std::move(f2));
    ex.run_until_idle();
    EXPECT_EQ(ex.task(1).state, TaskState::parked);
    EXPECT_EQ(inner_done, 0);
    EXPECT_TRUE(std::move(ch1.first).send(Unit{}).is_ok()); // Breaks the cycle.
    { auto gone = std::move(tx0); }
    EXPECT_TRUE(ex.run(std::move(f3)).is_ok());
    EXPECT_EQ(inner_done, 1);
    ex.run_until_idle();
    EXPECT_EQ(ex.task(1).outcome, PollOutcome::ready);
}

// tests/shared.rs recursive_poll_with_unpark: the same, the boxed future waking its task first.
TEST(shared, AReentrantPollWithAWakeupInsideIsNoDeadlockEither) {
    using Boxed = BoxFuture<Unit, Canceled>;
    Executor ex;
    auto [tx0, rx0] = mpsc::unbounded<Boxed>();
    auto ch1 = oneshot<Unit>();
    auto f1 = std::move(rx0).for_each([](Boxed f) { return f; }).shared();
    auto f2 = f1.clone();
    auto f3 = f1.clone();
    EXPECT_TRUE(
        tx0.unbounded_send(Boxed(lazy([f1 = std::move(f1), rx1 = std::move(ch1.second)]() mutable {
               park().notify();
               return std::move(f1).select(std::move(rx1)).map([](auto) {}).map_err([](auto e) {
                   return e.first;
               });
           })))
            .is_ok());
    ex.spawn(std::move(f2));
    ex.run_until_idle();
    EXPECT_EQ(ex.task(1).state, TaskState::parked);
    EXPECT_TRUE(std::move(ch1.first).send(Unit{}).is_ok());
    { auto gone = std::move(tx0); }
    EXPECT_TRUE(ex.run(std::move(f3)).is_ok());
}

// tests/shared.rs shared_future_that_wakes_itself_until_pending_is_returned.
TEST(shared, AnInnerFutureThatWakesItselfCompletesOnceTheOtherSideHasRun) {
    Executor ex;
    bool proceed = false;
    auto fut = poll_fn([&proceed]() -> Poll<Unit, Never> {
                   if (proceed) {
                       return ready();
                   }
                   park().notify();
                   return not_ready;
               }).shared();
    auto second = lazy([&proceed] {
        proceed = true;
        return ok();
    });
    EXPECT_TRUE(ex.run(std::move(fut).join(std::move(second))).is_ok());
    // The notify inside the inner poll reached the task through the shared notifier.
    EXPECT_EQ(ex.task(1).polls, 2u);
}

TEST(shared, APanicInsideTheInnerFuturePoisonsEveryClone) {
    CountingNotify notify;
    auto f = poll_fn([]() -> Poll<int, Never> { throw Panic("boom"); }).shared();
    auto g = f.clone();
    auto sf = spawn_local(std::move(f));
    try {
        (void)sf.poll_future_notify(notify);
        ADD_FAILURE() << "no panic";
    } catch (const Panic &p) {
        EXPECT_STREQ(p.what(), "boom");
    }
    try {
        (void)g.peek();
        ADD_FAILURE() << "no panic";
    } catch (const Panic &p) {
        EXPECT_STREQ(p.what(), "inner future panicked during poll");
    }
    auto sg = spawn_local(std::move(g));
    try {
        (void)sg.poll_future_notify(notify);
        ADD_FAILURE() << "no panic";
    } catch (const Panic &p) {
        EXPECT_STREQ(p.what(), "inner future panicked during poll");
    }
}

TEST(shared, TheLastCloneDropsTheInnerFuture) {
    int drops = 0;
    struct Guard {
        int *drops;
        explicit Guard(int *d) : drops(d) {}
        Guard(Guard &&o) noexcept : drops(std::exchange(o.drops, nullptr)) {}
        Guard &operator=(Guard &&) = delete;
        ~Guard() {
            if (drops != nullptr) {
                ++*drops;
            }
        }
    };
    {
        auto f = poll_fn([g = Guard(&drops)]() -> Poll<int, Never> { return not_ready; }).shared();
        auto g = f.clone();
        { auto moved = std::move(f); }
        EXPECT_EQ(drops, 0);
        EXPECT_EQ(g.clone_count(), 1u);
    }
    EXPECT_EQ(drops, 1);
}

} // namespace
} // namespace futurescope
