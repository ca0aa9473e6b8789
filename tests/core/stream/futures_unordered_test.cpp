// FuturesUnordered, as futures 0.1.31: a readiness queue of nodes, each its own notify target;
// the parent task registered on every poll (AtomicTask); queued cleared before a future is
// polled; one item per poll; the yield rule after len polls (futures-rs tests/futures_unordered.rs
// and tests/ready_queue.rs).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/executor/spawn.hpp"
#include "futurescope/future/join.hpp"
#include "futurescope/future/map.hpp"
#include "futurescope/future/poll_fn.hpp"
#include "futurescope/future/result.hpp"
#include "futurescope/future/select.hpp"
#include "futurescope/streams.hpp"
#include "futurescope/time/delay.hpp"
#include "support/probe.hpp"
#include "support/stream_helpers.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::by_hand;
using testing::Probe;
using testing::Slot;

// One type for futures of different types (futures-rs's tests box them).
template <class F>
auto erase(F f) {
    auto p = std::make_shared<F>(std::move(f));
    return poll_fn(std::function<Poll<item_t<F>, error_t<F>>()>([p] { return p->poll(); }));
}

// The winner's value (or error) of a select, as a future of the same type as the others.
template <class Sel>
auto first_of(Sel sel) {
    auto p = std::make_shared<Sel>(std::move(sel));
    return poll_fn(std::function<Poll<int, int>()>([p]() -> Poll<int, int> {
        auto r = p->poll();
        if (r.is_ready()) {
            return ready(r.value().first);
        }
        if (r.is_err()) {
            return fail(r.error().first);
        }
        return not_ready;
    }));
}

// A future that does what a test says, and records what happened to it.
struct Script {
    int id = 0;
    int polls = 0;
    int ready_at = 0;       // the poll that is Ready (0: never)
    bool fail = false;      // Err instead of Ready
    bool wake_self = false; // wakes its own task handle on every poll
    bool once_only = false; // a second poll is a panic ("polled twice")
    bool dropped = false;
    std::optional<Task> handle;
};

class Scripted : public FutureExt<Scripted> {
  public:
    using item_type = int;
    using error_type = int;

    explicit Scripted(std::shared_ptr<Script> s) : s_(std::move(s)) {}
    Scripted(Scripted &&) noexcept = default;
    Scripted &operator=(Scripted &&) = delete;
    ~Scripted() {
        if (s_) {
            s_->dropped = true;
        }
    }

    Poll<int, int> poll() {
        if (s_->once_only && s_->polls > 0) {
            throw Panic("polled twice");
        }
        ++s_->polls;
        s_->handle.emplace(park());
        if (s_->wake_self) {
            current().unpark();
        }
        if (s_->ready_at != 0 && s_->polls >= s_->ready_at) {
            if (s_->fail) {
                return fail(s_->id);
            }
            return ready(s_->id);
        }
        return not_ready;
    }

    [[nodiscard]] int id() const { return s_->id; }

  private:
    std::shared_ptr<Script> s_;
};

std::shared_ptr<Script> script(int id) {
    auto s = std::make_shared<Script>();
    s->id = id;
    return s;
}

// [SECTION] futures-rs tests/futures_unordered.rs

TEST(futures_unordered, YieldsResultsInCompletionOrder) {
    // works_1.
    Slot<int> a;
    Slot<int> b;
    Slot<int> c;
    std::vector<Slot<int>::Future> v;
    v.push_back(a.future());
    v.push_back(b.future());
    v.push_back(c.future());
    auto s = by_hand(futures_unordered(std::move(v)));
    b.send(99);
    EXPECT_EQ(s.next(), "99"); // a is polled (waits), then b is Ready: one item per poll
    EXPECT_EQ(c.polls(), 0);
    a.send(33);
    c.send(33);
    EXPECT_EQ(s.notified(), 1u); // a's wakeup reached the task
    EXPECT_EQ(s.next(), "33");
    EXPECT_EQ(s.next(), "33");
    EXPECT_EQ(s.next(), "None");
}

TEST(futures_unordered, YieldsEachFutureOfAMixWhenItCompletes) {
    // works_2.
    Slot<int, int> a;
    Slot<int, int> b;
    Slot<int, int> c;
    std::vector<decltype(erase(a.future()))> v;
    v.push_back(erase(a.future()));
    v.push_back(erase(join(b.future(), c.future()).map([](std::tuple<int, int> t) {
        return std::get<0>(t) + std::get<1>(t);
    })));
    auto s = by_hand(futures_unordered(std::move(v)));
    a.send(33);
    b.send(33);
    EXPECT_EQ(s.next(), "33");
    c.send(33);
    EXPECT_EQ(s.next(), "66");
}

TEST(futures_unordered, FromAVectorHasItsLengthAndCollects) {
    // from_iterator.
    std::vector<FutureResult<int, Never>> v;
    v.push_back(ok(1));
    v.push_back(ok(2));
    v.push_back(ok(3));
    auto set = futures_unordered(std::move(v));
    EXPECT_EQ(set.len(), 3u);
    Executor ex;
    EXPECT_EQ(ex.run(std::move(set).collect()).value(), (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(ex.task(1).polls, 1u);
}

TEST(futures_unordered, AFinishedFutureIsYieldedOnceOnly) {
    // finished_future_ok.
    Slot<int, int> a;
    Slot<int, int> b;
    Slot<int, int> c;
    std::vector<decltype(erase(a.future()))> v;
    v.push_back(erase(a.future()));
    v.push_back(first_of(b.future().select(c.future())));
    auto s = by_hand(futures_unordered(std::move(v)));
    for (int i = 0; i < 10; ++i) {
        EXPECT_EQ(s.next(), "NotReady");
    }
    b.send(1);
    EXPECT_EQ(s.next(), "1");
    c.send(2); // the loser went away with the select's item: nobody is woken
    EXPECT_EQ(s.next(), "NotReady");
    EXPECT_EQ(s.next(), "NotReady");
}

TEST(futures_unordered, IterMutVisitsEveryFutureMostRecentlyInsertedFirst) {
    // iter_mut_len.
    FuturesUnordered<Scripted> set;
    set.push(Scripted(script(1)));
    set.push(Scripted(script(2)));
    set.push(Scripted(script(3)));
    auto it = set.iter_mut();
    EXPECT_EQ(it.size(), 3u);
    std::vector<int> ids;
    for (Scripted &f : it) {
        ids.push_back(f.id());
    }
    EXPECT_EQ(ids, (std::vector<int>{3, 2, 1}));
}

TEST(futures_unordered, FuturesChangedThroughIterMutFailOneByOne) {
    // iter_mut_cancel: each future is told to fail, then 3 errors, then the end.
    std::vector<std::shared_ptr<Script>> scripts{script(1), script(2), script(3)};
    FuturesUnordered<Scripted> set;
    for (auto &sc : scripts) {
        set.push(Scripted(sc));
    }
    for (auto &sc : scripts) {
        sc->ready_at = 1;
        sc->fail = true;
    }
    auto s = by_hand(std::move(set));
    EXPECT_EQ(s.next(), "Err(1)");
    EXPECT_EQ(s.next(), "Err(2)");
    EXPECT_EQ(s.next(), "Err(3)");
    EXPECT_EQ(s.next(), "None");
}

TEST(futures_unordered, OnePollPollsEachFutureAtMostOnce) {
    // polled_only_once_at_most_per_iteration, with 10 and 33 futures.
    for (int n : {10, 33}) {
        std::vector<std::shared_ptr<Script>> scripts;
        FuturesUnordered<Scripted> set;
        for (int i = 0; i < n; ++i) {
            scripts.push_back(script(i));
            scripts.back()->once_only = true;
            set.push(Scripted(scripts.back()));
        }
        auto s = by_hand(std::move(set));
        EXPECT_EQ(s.next(), "NotReady");
        int polled = 0;
        for (auto &sc : scripts) {
            polled += sc->polls;
        }
        EXPECT_EQ(polled, n);
        // Nothing woke any of them: the task is woken by the yield rule alone.
        EXPECT_EQ(s.notified(), 1u);
    }
    auto empty = by_hand(FuturesUnordered<Scripted>());
    EXPECT_EQ(empty.next(), "None");
}

// [SECTION] futures-rs tests/ready_queue.rs

TEST(futures_unordered, BasicUsage) {
    Slot<std::string> a;
    Slot<std::string> b;
    Slot<std::string> c;
    FuturesUnordered<Slot<std::string>::Future> set;
    set.push(a.future());
    set.push(b.future());
    set.push(c.future());
    auto s = by_hand(std::move(set));
    EXPECT_EQ(s.next(), "NotReady");
    b.send("hello");
    EXPECT_EQ(s.next(), "\"hello\"");
    EXPECT_EQ(s.next(), "NotReady");
    a.send("world");
    c.send("world2");
    EXPECT_EQ(s.next(), "\"world\"");
    EXPECT_EQ(s.next(), "\"world2\"");
    EXPECT_EQ(s.next(), "None");
}

TEST(futures_unordered, AnErrorIsYieldedForThatFutureOnlyAndTheSetGoesOn) {
    // resolving_errors.
    Slot<std::string, int> a;
    Slot<std::string, int> b;
    Slot<std::string, int> c;
    FuturesUnordered<Slot<std::string, int>::Future> set;
    set.push(a.future());
    set.push(b.future());
    set.push(c.future());
    auto s = by_hand(std::move(set));
    EXPECT_EQ(s.next(), "NotReady");
    b.fail(2);
    EXPECT_EQ(s.next(), "Err(2)");
    EXPECT_EQ(s.next(), "NotReady");
    a.fail(1);
    c.send("world2");
    EXPECT_EQ(s.next(), "Err(1)");
    EXPECT_EQ(s.next(), "\"world2\"");
    EXPECT_EQ(s.next(), "None");
}

TEST(futures_unordered, DroppingTheSetDropsItsFuturesMostRecentlyInsertedFirst) {
    // dropping_ready_queue.
    Probe probe;
    ObserverScope observe(&probe);
    Slot<int> a;
    Slot<int> b;
    Slot<int> c;
    {
        FuturesUnordered<Slot<int>::Future> set;
        set.push(a.future());
        set.push(b.future());
        set.push(c.future());
        auto s = by_hand(std::move(set));
        EXPECT_EQ(s.next(), "NotReady");
        EXPECT_TRUE(a.future_alive() && b.future_alive() && c.future_alive());
        probe.lines.clear();
    }
    EXPECT_FALSE(a.future_alive() || b.future_alive() || c.future_alive());
    EXPECT_EQ(probe.lines,
              (std::vector<std::string>{
                  "drop Slot#4", "drop Slot#3", "drop Slot#2", "drop FuturesUnordered#1"}));
}

TEST(futures_unordered, APanickingFutureIsDroppedAndLeavesTheSet) {
    // panicking_future_dropped.
    auto sc = script(1);
    FuturesUnordered<Scripted> set;
    set.push(Scripted(sc));
    sc->once_only = true;
    sc->polls = 1; // the first poll already panics
    auto s = by_hand(std::move(set));
    try {
        (void)s.poll();
        FAIL() << "no panic";
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "polled twice");
    }
    EXPECT_TRUE(sc->dropped);
    EXPECT_TRUE(s.get().is_empty());
    EXPECT_EQ(s.next(), "None");
}

TEST(futures_unordered, ManyRoundsOfFuturesAreAllReceived) {
    // stress, single-threaded: 300 rounds; each round reuses one set for 5 batches of n
    // futures, completed in an order that changes from round to round.
    for (int i = 0; i < 300; ++i) {
        const int n = (i % 10) + 1;
        auto s = by_hand(FuturesUnordered<Slot<int>::Future>());
        for (int batch = 0; batch < 5; ++batch) {
            std::vector<Slot<int>> slots(static_cast<std::size_t>(n));
            for (auto &sl : slots) {
                s.get().push(sl.future());
            }
            ASSERT_EQ(s.next(), "NotReady");
            for (int k = 0; k < n; ++k) {
                int num = (k * 11 + i) % n; // a permutation of 0..n-1: 11 is prime to n <= 10
                slots[static_cast<std::size_t>(num)].send(num);
            }
            std::vector<int> got;
            for (std::string a = s.next(); a != "None"; a = s.next()) {
                ASSERT_NE(a, "NotReady");
                got.push_back(std::stoi(a));
            }
            std::sort(got.begin(), got.end());
            std::vector<int> want(static_cast<std::size_t>(n));
            std::iota(want.begin(), want.end(), 0);
            ASSERT_EQ(got, want);
        }
    }
}

// [SECTION] The readiness queue, the parent task and the yield rule

TEST(futures_unordered, AReadyFutureYieldsOneItemPerPoll) {
    std::vector<std::shared_ptr<Script>> scripts{script(1), script(2), script(3)};
    FuturesUnordered<Scripted> set;
    for (auto &sc : scripts) {
        sc->ready_at = 1;
        set.push(Scripted(sc));
    }
    auto s = by_hand(std::move(set));
    EXPECT_EQ(s.next(), "1");
    EXPECT_EQ(scripts[1]->polls, 0);
    EXPECT_EQ(s.get().len(), 2u);
    EXPECT_EQ(s.next(), "2");
    EXPECT_EQ(s.next(), "3");
    EXPECT_EQ(s.next(), "None");
    EXPECT_TRUE(scripts[0]->dropped); // a finished future is dropped before its item is returned
}

TEST(futures_unordered, WokenFuturesArePolledInTheOrderOfTheirWakeups) {
    std::vector<std::shared_ptr<Script>> scripts{script(1), script(2), script(3)};
    FuturesUnordered<Scripted> set;
    for (auto &sc : scripts) {
        set.push(Scripted(sc));
    }
    auto s = by_hand(std::move(set));
    EXPECT_EQ(s.next(), "NotReady");
    for (int i : {3, 1, 2}) {
        scripts[i - 1]->ready_at = 2;
    }
    scripts[2]->handle->unpark();
    scripts[0]->handle->unpark();
    scripts[1]->handle->unpark();
    EXPECT_EQ(s.next(), "3");
    EXPECT_EQ(s.next(), "1");
    EXPECT_EQ(s.next(), "2");
}

TEST(futures_unordered, OnlyTheFirstWakeupReachesTheTaskUntilItPollsAgain) {
    // AtomicTask: a wakeup takes the registered handle; the next poll registers again.
    auto a = script(1);
    auto b = script(2);
    FuturesUnordered<Scripted> set;
    set.push(Scripted(a));
    set.push(Scripted(b));
    auto s = by_hand(std::move(set));
    EXPECT_EQ(s.next(), "NotReady");
    EXPECT_EQ(s.notified(), 1u); // the yield rule: both were polled
    a->handle->unpark();
    EXPECT_EQ(s.notified(), 2u);
    b->handle->unpark(); // queued, but the task's handle was taken already
    EXPECT_EQ(s.notified(), 2u);
    a->ready_at = 2;
    b->ready_at = 2;
    EXPECT_EQ(s.next(), "1");
    EXPECT_EQ(s.next(), "2");
    EXPECT_EQ(s.notified(), 2u);
}

TEST(futures_unordered, RepeatedWakeupsOfOneFutureQueueItOnce) {
    auto a = script(1);
    auto b = script(2);
    FuturesUnordered<Scripted> set;
    set.push(Scripted(a));
    set.push(Scripted(b));
    auto s = by_hand(std::move(set));
    EXPECT_EQ(s.next(), "NotReady");
    a->handle->unpark();
    a->handle->unpark();
    a->handle->unpark();
    EXPECT_EQ(s.next(), "NotReady");
    EXPECT_EQ(a->polls, 2);
    EXPECT_EQ(b->polls, 1);
    EXPECT_EQ(s.notified(), 2u); // the yield of poll 1 and the first wakeup; not the yield of
                                 // poll 2, which polled 1 future of 2
}

TEST(futures_unordered, AFutureThatWakesItselfIsPolledAgainUntilTheYield) {
    // `queued` is cleared before the poll, so a wakeup during the poll queues the node again;
    // the yield rule stops the loop once as many polls as the set holds were made.
    auto busy = script(1);
    busy->wake_self = true;
    auto q2 = script(2);
    auto q3 = script(3);
    FuturesUnordered<Scripted> set;
    set.push(Scripted(busy));
    set.push(Scripted(q2));
    set.push(Scripted(q3));
    auto s = by_hand(std::move(set));
    EXPECT_EQ(s.next(), "NotReady"); // busy, q2, q3: 3 polls, the yield
    EXPECT_EQ(busy->polls, 1);
    EXPECT_EQ(s.notified(), 2u);     // busy's wakeup reached the task, then the yield
    EXPECT_EQ(s.next(), "NotReady"); // only busy is queued: it is polled 3 times
    EXPECT_EQ(busy->polls, 4);
    EXPECT_EQ(q2->polls, 1);
    EXPECT_EQ(q3->polls, 1);
    EXPECT_EQ(s.notified(), 4u);
}

TEST(futures_unordered, ANodeThatFinishedWhileQueuedIsSkipped) {
    auto x = script(1);
    x->wake_self = true; // queued again during the poll that finishes it
    x->ready_at = 1;
    auto q = script(2);
    FuturesUnordered<Scripted> set;
    set.push(Scripted(x));
    set.push(Scripted(q));
    auto s = by_hand(std::move(set));
    EXPECT_EQ(s.next(), "1");
    EXPECT_EQ(s.next(), "NotReady"); // q: 1 poll of 1, the yield
    EXPECT_EQ(s.next(), "NotReady"); // x's stale node: taken off, skipped, not counted
    EXPECT_EQ(q->polls, 1);
    EXPECT_EQ(s.notified(), 2u);
}

TEST(futures_unordered, AFutureInTheSetRunsUnderTheTasksId) {
    // with_notify swaps the notify target only: the task id (and its locals) stay.
    auto a = script(1);
    FuturesUnordered<Scripted> set;
    set.push(Scripted(a));
    CountingNotify notify;
    Spawn<FuturesUnordered<Scripted>> task(std::move(set), 7);
    EXPECT_TRUE(task.poll_stream_notify(notify).is_not_ready());
    EXPECT_EQ(a->handle->id(), 7u);
}

TEST(futures_unordered, ItKeepsWorkingAfterBeingMoved) {
    // Nodes point at their set; into_future hands the set back, moved.
    Slot<int> a;
    Slot<int> b;
    FuturesUnordered<Slot<int>::Future> set;
    set.push(a.future());
    set.push(b.future());
    auto f = by_hand(std::move(set).into_future());
    EXPECT_EQ(f.poll().is_not_ready(), true);
    a.send(1);
    auto p = f.poll();
    ASSERT_TRUE(p.is_ready());
    EXPECT_EQ(p.value().first, std::optional<int>(1));
    FuturesUnordered<Slot<int>::Future> rest = std::move(p.value().second);
    b.send(2); // reaches the set where it is now
    auto s = by_hand(std::move(rest));
    EXPECT_EQ(s.next(), "2");
    EXPECT_EQ(s.next(), "None");
}

// [SECTION] In the executor

TEST(futures_unordered, TheYieldRuleCostsOneTaskPoll) {
    Executor ex;
    Probe probe;
    probe.futures = false;
    ex.set_observer(&probe);
    std::vector<Map<Delay, std::function<int()>>> v;
    v.push_back(delay(10ms).map(std::function<int()>([] { return 10; })));
    v.push_back(delay(20ms).map(std::function<int()>([] { return 20; })));
    auto r = ex.run(futures_unordered(std::move(v)).collect());
    EXPECT_EQ(r.value(), (std::vector<int>{10, 20}));
    EXPECT_EQ(ex.task(1).polls, 4u);
    EXPECT_EQ(probe.lines,
              (std::vector<std::string>{
                  "spawn 1",
                  "poll 1",
                  "park 1", // register the task
                  "park 1",
                  "timer_set #1 @10ms",
                  "park 1",
                  "timer_set #2 @20ms",
                  "park 1", // 2 polls of 2 futures: the yield
                  "unpark 1 from task#1 queued",
                  "end 1 not_ready",
                  "poll 1", // the extra poll: nothing is queued
                  "park 1",
                  "end 1 not_ready",
                  "clock 0ns->10ms",
                  "fire #1",
                  "unpark 1 from timer#1 queued",
                  "poll 1",
                  "park 1",
                  "park 1", // collect polls again: the queue is empty
                  "end 1 not_ready",
                  "clock 10ms->20ms",
                  "fire #2",
                  "unpark 1 from timer#2 queued",
                  "poll 1",
                  "park 1",
                  "park 1",
                  "end 1 ready",
                  "complete 1 ready [10, 20]",
              }));
}

TEST(futures_unordered, DelaysComeOutInCompletionOrder) {
    Executor ex;
    std::vector<Map<Delay, std::function<int()>>> v;
    for (int ms : {40, 10, 30, 20}) {
        v.push_back(delay(ms * 1ms).map(std::function<int()>([ms] { return ms; })));
    }
    std::vector<std::string> log;
    ex.run(testing::record(futures_unordered(std::move(v)), log));
    EXPECT_EQ(log,
              (std::vector<std::string>{"10@10ms", "20@20ms", "30@30ms", "40@40ms", "None@40ms"}));
}

} // namespace
} // namespace futurescope
