// AndThen (and_then.hpp + chain.hpp): the second future is made from the item and polled in the
// same poll; the first future is dropped before the function runs; an error skips the function.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "futurescope/futures.hpp"
#include "support/probe.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::Probe;

using R = Result<int, unsigned>;

// tests/all.rs `result_smoke`.
TEST(and_then, RunsOnItemsOnly) {
    Executor ex;
    EXPECT_EQ(ex.run(ok<unsigned>(1).and_then([](int a) -> R { return ready(a + 2); })),
              R(ready(3)));
    EXPECT_EQ(ex.run(err<int>(1u).and_then([](int a) -> R { return ready(a + 2); })), R(fail(1u)));
    EXPECT_EQ(ex.run(ok<unsigned>(1).and_then([](int a) -> R { return fail(unsigned(a) + 3); })),
              R(fail(4u)));
    EXPECT_EQ(ex.run(err<int>(1u).and_then([](int a) -> R { return fail(unsigned(a) + 4); })),
              R(fail(1u)));
}

TEST(and_then, TheSecondFutureRunsOnlyAfterTheFirstIsReadyAndInThatPoll) {
    Executor ex;
    Probe probe;
    ex.set_observer(&probe);
    auto r = ex.run(delay(10ms).and_then([&] {
        probe.lines.emplace_back("fn at " + format_duration(ex.now()));
        return delay(15ms).map([] { return 7; });
    }));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value(), 7);
    EXPECT_EQ(ex.task(1).completed_ns, 25'000'000);
    EXPECT_EQ(ex.task(1).polls, 3u);
    EXPECT_EQ(probe.lines,
              (std::vector<std::string>{"spawn 1",
                                        "poll 1",
                                        "enter AndThen#1",
                                        "enter Delay#2",
                                        "park 1",
                                        "timer_set #1 @10ms",
                                        "state Delay#2 idle->waiting",
                                        "exit Delay#2 not_ready",
                                        "exit AndThen#1 not_ready",
                                        "end 1 not_ready",
                                        "clock 0ns->10ms",
                                        "fire #1",
                                        "unpark 1 from timer#1 queued",
                                        "poll 1",
                                        "enter AndThen#1",
                                        "enter Delay#2",
                                        "state Delay#2 waiting->done",
                                        "exit Delay#2 ready ()",
                                        "drop Delay#2",
                                        "fn at 10ms",
                                        "state AndThen#1 first->second",
                                        "enter Map#3",
                                        "enter Delay#4",
                                        "park 1",
                                        "timer_set #2 @25ms",
                                        "state Delay#4 idle->waiting",
                                        "exit Delay#4 not_ready",
                                        "exit Map#3 not_ready",
                                        "exit AndThen#1 not_ready",
                                        "end 1 not_ready",
                                        "clock 10ms->25ms",
                                        "fire #2",
                                        "unpark 1 from timer#2 queued",
                                        "poll 1",
                                        "enter AndThen#1",
                                        "enter Map#3",
                                        "enter Delay#4",
                                        "state Delay#4 waiting->done",
                                        "exit Delay#4 ready ()",
                                        "state Map#3 pending->done",
                                        "exit Map#3 ready 7",
                                        "exit AndThen#1 ready 7",
                                        "end 1 ready",
                                        "drop AndThen#1",
                                        "drop Map#3",
                                        "drop Delay#4",
                                        "complete 1 ready 7"}));
}

// tests/eager_drop.rs `and_then_drops_eagerly`: the first future, and data it owns, is gone
// when the function runs.
TEST(and_then, TheFirstFutureAndItsDataAreDroppedBeforeTheFunctionRuns) {
    Executor ex;
    auto token = std::make_shared<int>(0);
    std::weak_ptr<int> watch = token;
    bool dropped = false;
    auto r = ex.run(delay(1ms).map([t = std::move(token)] { return *t; }).and_then([&](int) {
        dropped = watch.expired();
        return ok(1);
    }));
    ASSERT_TRUE(r.is_ok());
    EXPECT_TRUE(dropped);
}

// tests/eventual.rs `and_then2`: an error of the first future skips the function and the second
// future, and ends in Done; another poll then panics.
TEST(and_then, AnErrorSkipsTheFunctionAndAnotherPollPanics) {
    CountingNotify notify;
    Probe probe;
    ObserverScope observe(&probe);
    bool called = false;
    auto s = spawn_local(err<int>(2).and_then([&](int) {
        called = true;
        return ok<int>(0);
    }));
    auto p = s.poll_future_notify(notify);
    ASSERT_TRUE(p.is_err());
    EXPECT_EQ(p.error(), 2);
    EXPECT_FALSE(called);
    EXPECT_EQ(probe.only("state AndThen"),
              (std::vector<std::string>{"state AndThen#1 first->done"}));
    try {
        (void)s.poll_future_notify(notify);
        FAIL() << "no panic";
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "cannot poll a chained future twice");
    }
}

TEST(and_then, AfterAnItemAnotherPollPollsTheSecondFutureAgain) {
    CountingNotify notify;
    int second_polls = 0;
    auto s = spawn_local(ok(1).and_then([&](int) {
        return poll_fn([&]() -> Poll<int, Never> {
            ++second_polls;
            return ready(second_polls);
        });
    }));
    EXPECT_EQ(s.poll_future_notify(notify).value(), 1);
    EXPECT_EQ(s.poll_future_notify(notify).value(), 2);
}

TEST(and_then, NotReadyOfTheSecondFuturePassesThroughWithItsWakeup) {
    CountingNotify notify;
    std::optional<Task> waiter;
    auto s = spawn_local(ok(1).and_then([&](int) {
        return poll_fn([&]() -> Poll<int, Never> {
            if (!waiter) {
                waiter.emplace(park());
                return not_ready;
            }
            return ready(9);
        });
    }));
    EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
    waiter->unpark();
    EXPECT_EQ(notify.count(), 1u);
    EXPECT_EQ(s.poll_future_notify(notify).value(), 9);
}

// tests/all.rs `test_empty`.
TEST(and_then, OverOrIntoAnEmptyFutureIsNotReady) {
    CountingNotify notify;
    auto a =
        spawn_local(empty<int, unsigned>().and_then([](int) { return empty<int, unsigned>(); }));
    EXPECT_TRUE(a.poll_future_notify(notify).is_not_ready());
    auto b = spawn_local(ok<unsigned>(1).and_then([](int) { return empty<int, unsigned>(); }));
    EXPECT_TRUE(b.poll_future_notify(notify).is_not_ready());
    EXPECT_EQ(notify.count(), 0u);
}

// tests/eventual.rs `and_then1`, with virtual time: side effects in order, result last.
TEST(and_then, SideEffectsRunInOrderAtTheirTimes) {
    Executor ex;
    std::vector<std::string> log;
    auto r = ex.run(delay(2ms)
                        .map([&] {
                            log.push_back("first@" + format_duration(ex.now()));
                            return std::string("a");
                        })
                        .and_then([&](std::string) {
                            return delay(3ms).map([&] {
                                log.push_back("second@" + format_duration(ex.now()));
                                return std::string("b");
                            });
                        }));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value(), "b");
    EXPECT_EQ(log, (std::vector<std::string>{"first@2ms", "second@5ms"}));
}

} // namespace
} // namespace futurescope
