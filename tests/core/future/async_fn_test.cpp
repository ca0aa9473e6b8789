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

#include "futurescope/futures.hpp"
#include "support/probe.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::Probe;

// A Probe that also writes what a state holds: "state async fn#1 NotStarted->YieldNow {n = 1}".
class HeldProbe : public Probe {
  public:
    void on_state_held(FutureId f, int from, int to, std::string_view held) override {
        on_state(f, from, to);
        if (futures) {
            lines.back() += " {" + std::string(held) + "}";
        }
    }
};

// A value whose destruction is recorded in the probe's lines ("drop guard a").
struct Guard {
    std::vector<std::string> *log;
    std::string name;
    Guard(std::vector<std::string> *l, std::string n) : log(l), name(std::move(n)) {}
    Guard(const Guard &) = delete;
    Guard &operator=(const Guard &) = delete;
    ~Guard() { log->push_back("drop guard " + name); }
    [[nodiscard]] std::string describe() const { return "Guard(" + name + ")"; }
};

// [SECTION] The seed's example

constexpr std::array<std::string_view, 3> example_states{"NotStarted", "YieldNow", "Terminated"};
constexpr AsyncFnInfo example_fn{"example", example_states};

Async<Unit, Never, example_fn> example(std::vector<std::string> &out) {
    // A value that's not Send, created inside the async function.
    Held non_send("non_send", Rc(1));
    // An await point that does nothing.
    co_await yield_now();
    // The local is still needed after the await.
    out.push_back("println " + describe(**non_send));
}

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

constexpr std::array<std::string_view, 3> inner_states{"NotStarted", "Sleep", "Terminated"};
constexpr AsyncFnInfo inner_fn{"inner", inner_states};
constexpr std::array<std::string_view, 3> outer_states{"NotStarted", "inner", "Terminated"};
constexpr AsyncFnInfo outer_fn{"outer", outer_states};

Async<int, Never, inner_fn> inner(int x) {
    co_await delay(10ms);
    co_return x + 1;
}

Async<int, Never, outer_fn> outer() {
    Held x("x", 41);
    int y = co_await inner(*x); // the await point named after the awaited async fn
    co_return y;
}

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

// [SECTION] Errors and panics

constexpr std::array<std::string_view, 4> fallible_states{
    "NotStarted", "Sleep", "Fail", "Terminated"};
constexpr AsyncFnInfo fallible_fn{"fallible", fallible_states};

Async<int, std::string, fallible_fn> fallible(std::vector<std::string> *log) {
    Guard a(log, "a");
    co_await at("Sleep", delay(10ms));
    Guard b(log, "b");
    co_await at("Fail", delay(5ms).and_then([]() -> Result<Unit, std::string> {
        return fail(std::string("boom"));
    }));
    log->push_back("not reached");
    co_return 1;
}

TEST(async_fn, AnAwaitedErrEndsTheFunctionDroppingItsLocalsInReverseOrder) {
    Executor ex;
    Probe probe;
    ex.set_observer(&probe);
    auto r = ex.run(fallible(&probe.lines));
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error(), "boom");
    EXPECT_EQ(ex.now(), 15'000'000);
    // The last poll: the awaited AndThen fails, the frame drops b then a, then Terminated.
    auto last = std::vector<std::string>(probe.lines.end() - 21, probe.lines.end());
    EXPECT_EQ(last,
              (std::vector<std::string>{"poll 1",
                                        "enter async fn#1",
                                        "enter AndThen#3",
                                        "enter Delay#4",
                                        "state Delay#4 waiting->done",
                                        "exit Delay#4 ready ()",
                                        "drop Delay#4",
                                        "state AndThen#3 first->second",
                                        "enter Result#5",
                                        "state Result#5 pending->done",
                                        "exit Result#5 err \"boom\"",
                                        "exit AndThen#3 err \"boom\"",
                                        "drop AndThen#3",
                                        "drop Result#5",
                                        "drop guard b",
                                        "drop guard a",
                                        "state async fn#1 Fail->Terminated",
                                        "exit async fn#1 err \"boom\"",
                                        "end 1 err",
                                        "drop async fn#1",
                                        "complete 1 err \"boom\""}));
    EXPECT_EQ(ex.task(1).polls, 3u);
    EXPECT_EQ(std::count(probe.lines.begin(), probe.lines.end(), "not reached"), 0);
}

TEST(async_fn, AnErrReadyAtOnceEndsTheFunctionWithoutSuspending) {
    Executor ex;
    std::vector<std::string> log;
    auto f = [](std::vector<std::string> *l) -> Async<int, int> {
        Guard g(l, "g");
        int v = co_await err<int>(5);
        l->push_back("not reached");
        co_return v;
    };
    auto r = ex.run(f(&log));
    EXPECT_EQ(r.error(), 5);
    EXPECT_EQ(log, (std::vector<std::string>{"drop guard g"}));
    EXPECT_EQ(ex.task(1).polls, 1u);
}

TEST(async_fn, AttemptHandsTheResultOverAndTheFunctionGoesOn) {
    Executor ex;
    auto f = []() -> Async<std::string> {
        Result<int, std::string> a = co_await attempt(err<int>(std::string("no")));
        Result<int, std::string> b = co_await attempt(delay(3ms).map([] { return 4; }));
        co_return describe(a) + " " + describe(b);
    };
    auto r = ex.run(f());
    EXPECT_EQ(r.value(), "Err(\"no\") Ok(4)");
    EXPECT_EQ(ex.now(), 3'000'000);
}

TEST(async_fn, CoReturnOfAnErrFailsTheFunction) {
    Executor ex;
    auto f = [](int x) -> Async<int, std::string> {
        if (x < 0) {
            co_return fail(std::string("negative"));
        }
        co_return x;
    };
    EXPECT_EQ(ex.run(f(-1)).error(), "negative");
    EXPECT_EQ(ex.run(f(2)).value(), 2);
}

TEST(async_fn, APanicInTheBodyPanicsThePollAndPoisonsTheFunction) {
    std::vector<std::string> log;
    auto f = [](std::vector<std::string> *l) -> Async<Unit> {
        Guard g(l, "g");
        co_await yield_now();
        throw Panic("called `Option::unwrap()` on a `None` value");
    };
    auto s = spawn_local(f(&log));
    CountingNotify notify;
    EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
    try {
        (void)s.poll_future_notify(notify);
        FAIL() << "no panic";
    } catch (const Panic &p) {
        EXPECT_STREQ(p.what(), "called `Option::unwrap()` on a `None` value");
    }
    EXPECT_EQ(log, (std::vector<std::string>{"drop guard g"}));
    try {
        (void)s.poll_future_notify(notify);
        FAIL() << "no panic";
    } catch (const Panic &p) {
        EXPECT_STREQ(p.what(), "`async fn` resumed after panicking");
    }
}

TEST(async_fn, APanicOnTheExecutorCompletesTheTaskAsPanicked) {
    Executor ex;
    auto f = []() -> Async<Unit> {
        co_await delay(1ms);
        throw Panic("boom");
    };
    ex.spawn(f());
    ex.run_all();
    EXPECT_EQ(ex.task(1).outcome, PollOutcome::err);
    EXPECT_EQ(ex.task(1).panic, "boom");
}

TEST(async_fn, DroppingASuspendedFunctionDropsItsLocalsAndTheAwaitedFuture) {
    Probe probe;
    Executor ex;
    ex.set_observer(&probe);
    auto f = [](std::vector<std::string> *l) -> Async<Unit> {
        Guard g(l, "g");
        co_await delay(10ms);
    };
    ex.spawn(f(&probe.lines).select(delay(1ms)).map([](auto) {}));
    ex.run_all();
    auto it = std::find(probe.lines.begin(), probe.lines.end(), "drop guard g");
    ASSERT_NE(it, probe.lines.end());
    EXPECT_EQ(*(it - 1), "drop Delay#4");
    EXPECT_EQ(*(it + 1), "drop async fn#3");
    EXPECT_EQ(ex.now(), 1'000'000);
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

// [SECTION] Held values and Send

TEST(async_fn, HeldTextListsTheValuesInDeclarationOrderAndForgetsTheDropped) {
    auto f = []() -> Async<Unit> {
        Held a("a", std::string("x"));
        {
            Held tmp("tmp", 7);
            co_await yield_now();
        }
        Held shared("shared", Rc(std::vector<int>{1, 2}));
        auto n = hold("n", 3);
        co_await yield_now();
    };
    auto s = spawn_local(f());
    CountingNotify notify;
    (void)s.poll_future_notify(notify);
    EXPECT_EQ(s.get().frame()->held_text(), "a = \"x\", tmp = 7");
    EXPECT_TRUE(s.get().held_not_send().empty());
    (void)s.poll_future_notify(notify);
    EXPECT_EQ(s.get().frame()->held_text(), "a = \"x\", shared = Rc([1, 2]), n = 3");
    EXPECT_EQ(s.get().held_not_send(), (std::vector<std::string_view>{"shared"}));
    auto held = s.get().frame()->held();
    ASSERT_EQ(held.size(), 3u);
    EXPECT_EQ(held[1].name, "shared");
    EXPECT_EQ(held[1].value, "Rc([1, 2])");
    EXPECT_FALSE(held[1].send);
    EXPECT_TRUE(held[2].send);
}

TEST(async_fn, SendIsTrueByDefaultAndFalseForRcAndWhatHoldsOne) {
    static_assert(is_send_v<int>);
    static_assert(is_send_v<std::string>);
    static_assert(!is_send_v<Rc<int>>);
    static_assert(!is_send_v<const Rc<int> &>);
    static_assert(!is_send_v<std::optional<Rc<int>>>);
    static_assert(!is_send_v<std::vector<Rc<int>>>);
    static_assert(!is_send_v<std::pair<int, Rc<int>>>);
    static_assert(is_send_v<std::tuple<int, std::string>>);
    Rc<int> a(1);
    Rc<int> b = a;
    EXPECT_EQ(a.strong_count(), 2u);
    *b = 5;
    EXPECT_EQ(describe(a), "Rc(5)");
}

// A dynamic value whose Send-ness depends on what it holds, as a scenario's values do.
struct Dynamic {
    bool shared;
    [[nodiscard]] bool is_send() const { return !shared; }
    [[nodiscard]] std::string describe() const { return shared ? "Rc(..)" : "plain"; }
};

TEST(async_fn, AValueCanSayAtRunTimeThatItIsNotSend) {
    EXPECT_TRUE(send_of(Dynamic{false}));
    EXPECT_FALSE(send_of(Dynamic{true}));
    EXPECT_FALSE(send_of(Rc(1)));
    EXPECT_TRUE(send_of(1));
    auto f = []() -> Async<Unit> {
        Held v("v", Dynamic{false});
        co_await yield_now();
        v->shared = true;
        co_await yield_now();
    };
    auto s = spawn_local(f());
    CountingNotify notify;
    (void)s.poll_future_notify(notify);
    EXPECT_TRUE(s.get().held_not_send().empty());
    (void)s.poll_future_notify(notify);
    EXPECT_EQ(s.get().held_not_send(), (std::vector<std::string_view>{"v"}));
    EXPECT_EQ(s.get().frame()->held_text(), "v = Rc(..)");
}

class SuspendLog : public AsyncSuspendListener {
  public:
    std::vector<std::string> lines;
    void on_async_suspend(const AsyncFrame &frame) override {
        std::string line = std::string(frame.function_name()) + " at " +
                           std::string(frame.await_point()) + " on " +
                           std::string(frame.awaited()) + " not Send:";
        for (std::string_view n : frame.held_not_send()) {
            line += " " + std::string(n);
        }
        lines.push_back(line);
    }
};

TEST(async_fn, ASuspendListenerHearsEverySuspensionWithTheNotSendValues) {
    Executor ex;
    SuspendLog log;
    AsyncSuspendScope scope(&log);
    std::vector<std::string> out;
    ex.run(outer());
    ex.run(example(out));
    EXPECT_EQ(log.lines,
              (std::vector<std::string>{"inner at Sleep on Delay not Send:",
                                        "outer at inner on inner not Send:",
                                        "example at YieldNow on YieldNow not Send: non_send"}));
}

TEST(async_fn, HeldOutsideAnAsyncFnIsAPlainValue) {
    Held v("v", 3);
    *v += 1;
    EXPECT_EQ(*v, 4);
    EXPECT_EQ(v.name(), "v");
}

} // namespace
} // namespace futurescope
