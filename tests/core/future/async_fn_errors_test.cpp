// Async functions on errors and panics: an awaited Err ends the function (Rust's `?`) and drops
// its locals in reverse order, attempt() hands the Result over, a panic poisons the function.
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

} // namespace
} // namespace futurescope
