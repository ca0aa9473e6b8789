// Then (then.hpp): the function gets the first future's Result, Ok or Err; its future runs in the
// same poll; the first future is dropped before the function runs.
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

// tests/all.rs `result_smoke`: then with every Ok/Err mix.
TEST(then, SeesOkAndErrAndEitherCanBecomeEither) {
    Executor ex;
    auto to_ok = [](R) -> R { return ready(2); };
    auto to_err = [](R) -> R { return fail(2u); };
    EXPECT_EQ(ex.run(ok<unsigned>(1).then(to_ok)), R(ready(2)));
    EXPECT_EQ(ex.run(ok<unsigned>(1).then(to_err)), R(fail(2u)));
    EXPECT_EQ(ex.run(err<int>(1u).then(to_ok)), R(ready(2)));
    EXPECT_EQ(ex.run(err<int>(1u).then(to_err)), R(fail(2u)));
}

TEST(then, TheFunctionReceivesTheError) {
    Executor ex;
    std::string seen;
    auto r = ex.run(err<int>(std::string("boom")).then([&](Result<int, std::string> res) {
        seen = describe(res);
        return ok<std::string>(1);
    }));
    EXPECT_EQ(seen, "Err(\"boom\")");
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value(), 1);
}

TEST(then, TheSecondFutureIsPolledInThePollThatMadeIt) {
    Executor ex;
    Probe probe;
    ex.set_observer(&probe);
    auto r = ex.run(delay(10ms).then([](Result<Unit, Never>) { return delay(5ms); }));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(ex.now(), 15'000'000);
    EXPECT_EQ(ex.task(1).polls, 3u);
    EXPECT_EQ(probe.only("state"),
              (std::vector<std::string>{"state Delay#2 idle->waiting",
                                        "state Delay#2 waiting->done",
                                        "state Then#1 first->second",
                                        "state Delay#3 idle->waiting",
                                        "state Delay#3 waiting->done"}));
    // The second delay registered its timer in the poll at 10 ms, after the first one's drop.
    std::vector<std::string> second_poll;
    bool in_second = false;
    for (const std::string &l : probe.lines) {
        if (l == "unpark 1 from timer#1 queued") {
            in_second = true;
        } else if (l == "end 1 not_ready" && in_second) {
            second_poll.push_back(l);
            break;
        }
        if (in_second) {
            second_poll.push_back(l);
        }
    }
    EXPECT_EQ(second_poll,
              (std::vector<std::string>{"unpark 1 from timer#1 queued",
                                        "poll 1",
                                        "enter Then#1",
                                        "enter Delay#2",
                                        "state Delay#2 waiting->done",
                                        "exit Delay#2 ready ()",
                                        "drop Delay#2",
                                        "state Then#1 first->second",
                                        "enter Delay#3",
                                        "park 1",
                                        "timer_set #2 @15ms",
                                        "state Delay#3 idle->waiting",
                                        "exit Delay#3 not_ready",
                                        "exit Then#1 not_ready",
                                        "end 1 not_ready"}));
}

// The first future is dropped before the function runs (futures 0.1's Chain).
TEST(then, TheFirstFutureIsDroppedBeforeTheFunctionRuns) {
    Executor ex;
    auto token = std::make_shared<int>(0);
    std::weak_ptr<int> watch = token;
    bool dropped = false;
    auto r =
        ex.run(delay(1ms).map([t = std::move(token)] { return *t; }).then([&](Result<int, Never>) {
            dropped = watch.expired();
            return ok(0);
        }));
    ASSERT_TRUE(r.is_ok());
    EXPECT_TRUE(dropped);
}

// After it resolved, another poll polls the second future again (it decides).
TEST(then, PollingAgainPollsTheSecondFutureAgain) {
    CountingNotify notify;
    int second_polls = 0;
    auto s = spawn_local(ok(1).then([&](Result<int, Never>) {
        return poll_fn([&]() -> Poll<int, Never> {
            ++second_polls;
            return ready(second_polls);
        });
    }));
    auto p1 = s.poll_future_notify(notify);
    ASSERT_TRUE(p1.is_ready());
    EXPECT_EQ(p1.value(), 1);
    auto p2 = s.poll_future_notify(notify);
    ASSERT_TRUE(p2.is_ready());
    EXPECT_EQ(p2.value(), 2);
}

// With a Result as the second stage, the second future is a FutureResult: polling again panics.
TEST(then, PollingAgainAfterAResultSecondStagePanics) {
    CountingNotify notify;
    auto s = spawn_local(ok(1).then([](Result<int, Never> r) -> Result<int, Never> { return r; }));
    EXPECT_TRUE(s.poll_future_notify(notify).is_ready());
    try {
        (void)s.poll_future_notify(notify);
        FAIL() << "no panic";
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "cannot poll Result twice");
    }
}

// tests/all.rs `test_empty`: a then over a future that never resolves never runs.
TEST(then, OverAnEmptyFutureIsNotReadyAndNeverCalled) {
    CountingNotify notify;
    bool called = false;
    auto s = spawn_local(empty<int, unsigned>().then([&](Result<int, unsigned> r) {
        called = true;
        return result(r);
    }));
    EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
    EXPECT_FALSE(called);
    EXPECT_EQ(notify.count(), 0u);
}

// tests/eventual.rs `and_then1`: side effects run in order first, second, then the result.
TEST(then, SideEffectsRunInOrder) {
    Executor ex;
    std::vector<std::string> log;
    auto p1 = ok<int>(std::string("a")).then([&](Result<std::string, int> t) {
        log.emplace_back("first");
        return t;
    });
    auto p2 = ok<int>(std::string("b")).then([&](Result<std::string, int> t) {
        log.emplace_back("second");
        return t;
    });
    auto r =
        ex.run(std::move(p1)
                   .and_then([p2 = std::move(p2)](std::string) mutable { return std::move(p2); })
                   .map([&](std::string s) { log.push_back(s); }));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(log, (std::vector<std::string>{"first", "second", "b"}));
}

// tests/eventual.rs `and_then2`: when the first future errs, the and_then function and the
// second future never run, while then's function does.
TEST(then, AnErrorSkipsAndThenButNotThen) {
    Executor ex;
    std::vector<std::string> log;
    auto p1 = err<std::string>(2).then([&](Result<std::string, int> t) {
        log.emplace_back("first");
        return t;
    });
    auto r = ex.run(std::move(p1).and_then([&](std::string) {
        log.emplace_back("second");
        return ok<int>(std::string("b"));
    }));
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error(), 2);
    EXPECT_EQ(log, (std::vector<std::string>{"first"}));
}

} // namespace
} // namespace futurescope
