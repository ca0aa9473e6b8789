// Async functions (async_fn.hpp): a coroutine returning Async is a state machine NotStarted →
// await points → Terminated; a poll polls the awaited future, not the body, until it is ready;
// awaited errors end the function (Rust's `?`) with its locals dropped in order; Held values are
// what each suspended state holds.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/future/async_fn_support.hpp"
#include "futurescope/futures.hpp"
#include "support/probe.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using namespace async_fn_testing;
using testing::Probe;

// [SECTION] The seed's example
TEST(async_fn, TheSeedsExampleIsAStateMachineThatHoldsItsRcAcrossTheAwait) {
    Executor ex;
    HeldProbe probe;
    ex.set_observer(&probe);
    ex.spawn(example(probe.lines));
    ex.run_all();
    EXPECT_EQ(ex.task(1).polls, 2u);
    EXPECT_EQ(probe.lines,
              (std::vector<std::string>{"spawn 1",
                                        "poll 1",
                                        "enter async fn#1",
                                        "enter YieldNow#2",
                                        "state YieldNow#2 pending->yielded",
                                        "park 1",
                                        "unpark 1 from task#1 queued",
                                        "exit YieldNow#2 not_ready",
                                        "state async fn#1 NotStarted->YieldNow {non_send = Rc(1)}",
                                        "exit async fn#1 not_ready",
                                        "end 1 not_ready",
                                        "poll 1",
                                        "enter async fn#1",
                                        "enter YieldNow#2",
                                        "exit YieldNow#2 ready ()",
                                        "drop YieldNow#2",
                                        "println 1",
                                        "state async fn#1 YieldNow->Terminated",
                                        "exit async fn#1 ready ()",
                                        "end 1 ready",
                                        "drop async fn#1",
                                        "complete 1 ready ()"}));
    EXPECT_EQ(probe.label(1), "example");
}

TEST(async_fn, StartsNotStartedAndRunsNothingUntilPolled) {
    std::vector<std::string> out;
    auto f = example(out);
    EXPECT_EQ(f.await_point(), "NotStarted");
    EXPECT_EQ(f.obs_state(), 0);
    EXPECT_TRUE(out.empty());
    ASSERT_NE(f.frame(), nullptr);
    EXPECT_TRUE(f.frame()->held().empty());
}

TEST(async_fn, PolledByHandItIsPendingAtTheAwaitHoldingTheRcThenReady) {
    std::vector<std::string> out;
    auto s = spawn_local(example(out));
    CountingNotify notify;
    EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
    EXPECT_EQ(notify.count(), 1u); // yield_now unparked the task: the next poll is arranged
    EXPECT_EQ(s.get().await_point(), "YieldNow");
    EXPECT_EQ(s.get().frame()->awaited(), "YieldNow");
    EXPECT_EQ(s.get().held_not_send(), (std::vector<std::string_view>{"non_send"}));
    EXPECT_EQ(s.get().frame()->held_text(), "non_send = Rc(1)");
    EXPECT_TRUE(out.empty());
    EXPECT_TRUE(s.poll_future_notify(notify).is_ready());
    EXPECT_EQ(out, (std::vector<std::string>{"println 1"}));
    EXPECT_TRUE(s.get().is_terminated());
    EXPECT_EQ(s.get().await_point(), "Terminated");
    EXPECT_TRUE(s.get().held_not_send().empty());
}

TEST(async_fn, PollingAfterCompletionPanicsAsRustDoes) {
    std::vector<std::string> out;
    auto s = spawn_local(example(out));
    CountingNotify notify;
    (void)s.poll_future_notify(notify);
    (void)s.poll_future_notify(notify);
    try {
        (void)s.poll_future_notify(notify);
        FAIL() << "no panic";
    } catch (const Panic &p) {
        EXPECT_STREQ(p.what(), "`async fn` resumed after completion");
    }
}

// [SECTION] Awaiting

constexpr std::array<std::string_view, 4> sleepy_states{
    "NotStarted", "Sleep", "Again", "Terminated"};
constexpr AsyncFnInfo sleepy_fn{"sleepy", sleepy_states};

Async<int, Never, sleepy_fn> sleepy() {
    auto n = hold("n", 1);
    co_await at("Sleep", delay(10ms));
    *n += 1;
    co_await at("Again", delay(20ms));
    co_return *n * 10;
}

TEST(async_fn, AwaitingDelaysPollsTheDelayNotTheBodyAndResolvesAtTheExactTime) {
    Executor ex;
    HeldProbe probe;
    ex.set_observer(&probe);
    auto r = ex.run(sleepy());
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value(), 20);
    EXPECT_EQ(ex.task(1).completed_ns, 30'000'000);
    EXPECT_EQ(ex.task(1).polls, 3u);
    EXPECT_EQ(probe.only("state async"),
              (std::vector<std::string>{"state async fn#1 NotStarted->Sleep {n = 1}",
                                        "state async fn#1 Sleep->Again {n = 2}",
                                        "state async fn#1 Again->Terminated"}));
}

TEST(async_fn, AFutureReadyAtOnceDoesNotSuspend) {
    Executor ex;
    HeldProbe probe;
    ex.set_observer(&probe);
    auto f = []() -> Async<int> {
        int a = co_await ok(3);
        int b = co_await ok(4);
        co_return a + b;
    };
    auto r = ex.run(f());
    EXPECT_EQ(r.value(), 7);
    EXPECT_EQ(ex.task(1).polls, 1u);
    EXPECT_EQ(probe.only("state async"),
              (std::vector<std::string>{"state async fn#1 NotStarted->Terminated"}));
}

TEST(async_fn, AnUndeclaredAsyncFnIsTheGenericMachine) {
    Executor ex;
    HeldProbe probe;
    ex.set_observer(&probe);
    auto f = []() -> Async<Unit> {
        co_await delay(5ms);
        co_await delay(5ms);
    };
    ex.run(f());
    EXPECT_EQ(ex.now(), 10'000'000);
    EXPECT_EQ(probe.only("state async"),
              (std::vector<std::string>{"state async fn#1 NotStarted->Awaiting",
                                        "state async fn#1 Awaiting->Awaiting",
                                        "state async fn#1 Awaiting->Terminated"}));
    EXPECT_EQ(probe.label(1), "");
}

constexpr std::array<std::string_view, 4> two_points_states{
    "NotStarted", "First", "Second", "Terminated"};
constexpr AsyncFnInfo two_points_fn{"two_points", two_points_states};

TEST(async_fn, AnUnknownAwaitPointPanicsNamingTheFunctionAndThePoint) {
    Executor ex;
    auto f = []() -> Async<Unit, Never, two_points_fn> { co_await at("Third", delay(1ms)); };
    try {
        ex.run(f());
        FAIL() << "no panic";
    } catch (const Panic &p) {
        EXPECT_STREQ(p.what(), "async fn `two_points` has no await point named `Third`");
    }
}

TEST(async_fn, AnAwaitWithoutAPointAmongSeveralPanics) {
    Executor ex;
    auto f = []() -> Async<Unit, Never, two_points_fn> { co_await delay(1ms); };
    ex.spawn(f());
    ex.run_all();
    EXPECT_EQ(ex.task(1).outcome, PollOutcome::err);
    EXPECT_EQ(ex.task(1).panic,
              "async fn `two_points` awaits Delay without naming its await point: write "
              "co_await at(\"…\", future)");
}

constexpr std::array<std::string_view, 2> straight_states{"NotStarted", "Terminated"};
constexpr AsyncFnInfo straight_fn{"straight", straight_states};

TEST(async_fn, EveryAwaitIsAnAwaitPointEvenWhenItsFutureIsReadyAtOnce) {
    // As in Rust, where each .await is a state of the enum whether or not it ever suspends: a
    // declaration is checked at every co_await, so a wrong one fails whatever the timing.
    Executor ex;
    auto plain = []() -> Async<int, Never, straight_fn> { co_return 1; };
    EXPECT_EQ(ex.run(plain()).value(), 1);
    auto awaits = []() -> Async<int, Never, straight_fn> { co_return co_await ok(1); };
    try {
        ex.run(awaits());
        FAIL() << "no panic";
    } catch (const Panic &p) {
        EXPECT_STREQ(p.what(), "async fn `straight` declares no await point, yet awaits Result");
    }
}

TEST(async_fn, TheGenericMachineHasNoNamedAwaitPoints) {
    Executor ex;
    auto f = []() -> Async<Unit> { co_await at("Sleep", delay(1ms)); };
    try {
        ex.run(f());
        FAIL() << "no panic";
    } catch (const Panic &p) {
        EXPECT_STREQ(p.what(), "async fn declares no await point named `Sleep`");
    }
}

TEST(async_fn, AnAwaitedErrorConvertsToTheFunctionsErrorType) {
    Executor ex;
    auto f = []() -> Async<int, std::string> {
        int v = co_await err<int>("too late");
        co_return v;
    };
    EXPECT_EQ(ex.run(f()).error(), "too late");
}

// [SECTION] Declared at run time

TEST(async_fn, ARuntimeDeclarationNamesTheMachineOfAnAsyncFnBuiltAtRunTime) {
    // What a scenario file does: the names come from data, and outlive the run.
    std::string name = "clock";
    std::vector<std::string> names{"NotStarted", "Tick", "Tock", "Terminated"};
    std::vector<std::string_view> states(names.begin(), names.end());
    AsyncFnInfo info{name, states};
    auto body = [](const AsyncFnInfo &, std::vector<std::string> points) -> RuntimeAsync<int> {
        Held count("count", 0);
        for (const std::string &p : points) {
            co_await at(p, delay(1ms));
            *count += 1;
        }
        co_return *count;
    };
    Executor ex;
    HeldProbe probe;
    ex.set_observer(&probe);
    auto r = ex.run(body(info, {"Tick", "Tock", "Tick"}));
    EXPECT_EQ(r.value(), 3);
    EXPECT_EQ(ex.now(), 3'000'000);
    EXPECT_EQ(probe.only("state async"),
              (std::vector<std::string>{"state async fn#1 NotStarted->Tick {count = 0}",
                                        "state async fn#1 Tick->Tock {count = 1}",
                                        "state async fn#1 Tock->Tick {count = 2}",
                                        "state async fn#1 Tick->Terminated"}));
    EXPECT_EQ(probe.label(1), "clock");
    Executor ex2;
    try {
        ex2.run(body(info, {"Tack"}));
        FAIL() << "no panic";
    } catch (const Panic &p) {
        EXPECT_STREQ(p.what(), "async fn `clock` has no await point named `Tack`");
    }
}

TEST(async_fn, ARuntimeDeclarationWithoutNotStartedAndTerminatedIsRejected) {
    std::vector<std::string_view> states{"Start", "Terminated"};
    AsyncFnInfo info{"bad", states};
    auto body = [](const AsyncFnInfo &) -> RuntimeAsync<Unit> { co_return; };
    try {
        auto f = body(info);
        FAIL() << "no panic";
    } catch (const Panic &p) {
        EXPECT_STREQ(p.what(),
                     "async fn `bad` declares states that do not start with NotStarted and end "
                     "with Terminated");
    }
}

TEST(async_fn, AMoveOnlyItemIsReturnedAndAwaited) {
    auto make = []() -> Async<std::unique_ptr<int>> {
        co_await yield_now();
        co_return std::make_unique<int>(5);
    };
    auto use = [](auto inner) -> Async<int> {
        std::unique_ptr<int> p = co_await std::move(inner);
        co_return *p + 1;
    };
    Executor ex;
    EXPECT_EQ(ex.run(use(make())).value(), 6);
}

// [SECTION] Nesting and combinators

TEST(async_fn, AnAsyncFnAwaitsAnotherOneAndOnlyTheInnerMachineMovesWhileItWaits) {
    Executor ex;
    HeldProbe probe;
    ex.set_observer(&probe);
    auto r = ex.run(outer());
    EXPECT_EQ(r.value(), 42);
    EXPECT_EQ(ex.now(), 10'000'000);
    EXPECT_EQ(ex.task(1).polls, 2u);
    EXPECT_EQ(probe.only("state async"),
              (std::vector<std::string>{"state async fn#2 NotStarted->Sleep",
                                        "state async fn#1 NotStarted->inner {x = 41}",
                                        "state async fn#2 Sleep->Terminated",
                                        "state async fn#1 inner->Terminated"}));
    EXPECT_EQ(probe.label(1), "outer");
    EXPECT_EQ(probe.label(2), "inner");
}

TEST(async_fn, WorksInJoinSelectAndThenMapAndBoxed) {
    Executor ex;
    auto joined = ex.run(inner(1).join(inner(2)));
    EXPECT_EQ(joined.value(), std::make_tuple(2, 3));
    EXPECT_EQ(ex.now(), 10'000'000);

    auto fast = []() -> Async<int> {
        co_await delay(1ms);
        co_return 7;
    };
    auto selected = ex.run(inner(1).select(fast()).map([](auto pair) { return pair.first; }));
    EXPECT_EQ(selected.value(), 7);
    EXPECT_EQ(ex.now(), 11'000'000);

    auto chained = ex.run(inner(1).and_then([](int v) { return inner(v * 10); }).boxed());
    EXPECT_EQ(chained.value(), 21);
    EXPECT_EQ(ex.now(), 31'000'000);
}

TEST(async_fn, TheLoserOfASelectDropsItsFrameAndWhatItHolds) {
    Executor ex;
    Probe probe;
    ex.set_observer(&probe);
    auto slow = [](std::vector<std::string> *log) -> Async<int> {
        Guard g(log, "slow");
        co_await delay(50ms);
        co_return 1;
    };
    auto r = ex.run(slow(&probe.lines).select(inner(1)).map([](auto pair) { return pair.first; }));
    EXPECT_EQ(r.value(), 2);
    // The select resolved at 10 ms and its map dropped the loser (and its Delay's timer) at once.
    auto lines = probe.lines;
    auto it = std::find(lines.begin(), lines.end(), "drop guard slow");
    ASSERT_NE(it, lines.end());
    EXPECT_EQ(*(it - 2), "timer_cancel #1");
    EXPECT_EQ(*(it - 1), "drop Delay#4");
    EXPECT_EQ(*(it + 1), "drop async fn#3");
    EXPECT_EQ(ex.now(), 10'000'000);
}

TEST(async_fn, IsSpawnableAndRunsAlongsideOtherTasks) {
    Executor ex;
    std::vector<std::string> order;
    auto worker = [](std::vector<std::string> *o, std::string name) -> Async<Unit> {
        for (int i = 0; i < 2; ++i) {
            o->push_back(name + " " + std::to_string(i));
            co_await yield_now();
        }
    };
    ex.spawn(worker(&order, "a"));
    ex.spawn(worker(&order, "b"));
    ex.run_all();
    EXPECT_EQ(order, (std::vector<std::string>{"a 0", "b 0", "a 1", "b 1"}));
    EXPECT_EQ(ex.task(1).polls, 3u);
    EXPECT_EQ(ex.task(2).polls, 3u);
}

// [SECTION] Streams

constexpr std::array<std::string_view, 3> summer_states{"NotStarted", "Next", "Terminated"};
constexpr AsyncFnInfo summer_fn{"summer", summer_states};

template <class S>
Async<int, Never, summer_fn> summer(S stream) {
    Held sum("sum", 0);
    while (std::optional<int> item = co_await next(stream)) {
        *sum += *item;
    }
    co_return *sum;
}

TEST(async_fn, ALoopAwaitsAStreamsItemsOneByOne) {
    Executor ex;
    HeldProbe probe;
    ex.set_observer(&probe);
    auto ticks = iter_ok(std::vector<int>{1, 2, 3}).and_then([](int v) {
        return delay(std::chrono::milliseconds(v)).map([v] { return v; });
    });
    auto r = ex.run(summer(std::move(ticks)));
    EXPECT_EQ(r.value(), 6);
    EXPECT_EQ(ex.now(), 6'000'000);
    EXPECT_EQ(ex.task(1).polls, 4u);
    EXPECT_EQ(probe.only("state async"),
              (std::vector<std::string>{"state async fn#1 NotStarted->Next {sum = 0}",
                                        "state async fn#1 Next->Next {sum = 1}",
                                        "state async fn#1 Next->Next {sum = 3}",
                                        "state async fn#1 Next->Terminated"}));
}

TEST(async_fn, IntoFutureOfAStreamCanBeAwaitedWithAttempt) {
    // StreamFuture's error carries the rest of the stream, so it does not convert to the
    // function's error: attempt() hands the Result over instead.
    Executor ex;
    auto f = []() -> Async<std::string> {
        // (g++ 12 cannot keep an initializer list's array across a co_await: built before it.)
        auto numbers = iter_ok(std::vector<int>{5, 6});
        auto first = co_await attempt(std::move(numbers).into_future());
        auto second = co_await attempt(std::move(first.value().second).into_future());
        co_return describe(first.value().first) + " " + describe(second.value().first);
    };
    EXPECT_EQ(ex.run(f()).value(), "Some(5) Some(6)");
}

} // namespace
} // namespace futurescope
