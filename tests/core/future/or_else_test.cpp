// OrElse (or_else.hpp): an error runs the function and its future in the same poll; an item
// passes straight through to Done; the first future is dropped before the function runs.
#include <gtest/gtest.h>

#include <algorithm>
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
TEST(or_else, RecoversOnlyFromErrors) {
    Executor ex;
    EXPECT_EQ(ex.run(ok<unsigned>(1).or_else([](unsigned a) -> R { return ready(int(a) + 2); })),
              R(ready(1)));
    EXPECT_EQ(ex.run(err<int>(1u).or_else([](unsigned a) -> R { return ready(int(a) + 2); })),
              R(ready(3)));
    EXPECT_EQ(ex.run(ok<unsigned>(1).or_else([](unsigned a) -> R { return fail(a + 3); })),
              R(ready(1)));
    EXPECT_EQ(ex.run(err<int>(1u).or_else([](unsigned a) -> R { return fail(a + 4); })),
              R(fail(5u)));
}

// tests/eventual.rs `or_else2`: the function does not run when the first future succeeds.
TEST(or_else, TheFunctionDoesNotRunOnAnItem) {
    Executor ex;
    bool called = false;
    auto r = ex.run(delay(2ms).map([] { return 2; }).or_else([&](Never) {
        called = true;
        return ok(1);
    }));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value(), 2);
    EXPECT_FALSE(called);
}

// tests/eventual.rs `or_else1`: p1 fails, so or_else switches to p2; side effects arrive as
// 2 (p1's map_err), 3 (p2's map), 3 (the result).
TEST(or_else, SwitchesToTheSecondFutureAfterAnError) {
    Executor ex;
    std::vector<int> log;
    auto p1 = delay(1ms)
                  .and_then([] { return err<int>(std::string("Canceled")); })
                  .map_err([&](std::string e) {
                      log.push_back(2);
                      return e;
                  });
    auto p2 = delay(3ms).map([&] {
        log.push_back(3);
        return 3;
    });
    auto r =
        ex.run(std::move(p1)
                   .or_else([p2 = std::move(p2)](std::string) mutable { return std::move(p2); })
                   .map([&](int v) { log.push_back(v); }));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(log, (std::vector<int>{2, 3, 3}));
    // p2's delay starts when or_else first polls it, at 1 ms.
    EXPECT_EQ(ex.task(1).completed_ns, 4'000'000);
    EXPECT_EQ(ex.task(1).polls, 3u);
}

TEST(or_else, AnItemEndsInDoneAndAnotherPollPanics) {
    CountingNotify notify;
    Probe probe;
    ObserverScope observe(&probe);
    auto s = spawn_local(ok<int>(1).or_else([](int e) { return ok<int>(e); }));
    EXPECT_TRUE(s.poll_future_notify(notify).is_ready());
    EXPECT_EQ(probe.only("state OrElse"), (std::vector<std::string>{"state OrElse#1 first->done"}));
    try {
        (void)s.poll_future_notify(notify);
        FAIL() << "no panic";
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "cannot poll a chained future twice");
    }
}

TEST(or_else, AfterAnErrorAnotherPollPollsTheSecondFutureAgain) {
    CountingNotify notify;
    int second_polls = 0;
    auto s = spawn_local(err<int>(1).or_else([&](int) {
        return poll_fn([&]() -> Poll<int, int> {
            ++second_polls;
            return ready(second_polls);
        });
    }));
    EXPECT_EQ(s.poll_future_notify(notify).value(), 1);
    EXPECT_EQ(s.poll_future_notify(notify).value(), 2);
}

// The commented-out `or_else_drops_eagerly` of tests/eager_drop.rs, which Chain does hold to:
// the failed first future is dropped before the function runs.
TEST(or_else, TheFirstFutureIsDroppedBeforeTheFunctionRuns) {
    Executor ex;
    Probe probe;
    ex.set_observer(&probe);
    auto r = ex.run(delay(1ms).and_then([] { return err<int>(5); }).or_else([&](int e) {
        probe.lines.emplace_back("or_else fn");
        return ok<int>(e * 2);
    }));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value(), 10);
    auto from = std::find(probe.lines.begin(), probe.lines.end(), "state AndThen#2 first->second");
    ASSERT_LE(from + 12, probe.lines.end());
    EXPECT_EQ(std::vector<std::string>(from, from + 12),
              (std::vector<std::string>{"state AndThen#2 first->second",
                                        "enter Result#4",
                                        "state Result#4 pending->done",
                                        "exit Result#4 err 5",
                                        "exit AndThen#2 err 5",
                                        "drop AndThen#2",
                                        "drop Result#4",
                                        "or_else fn",
                                        "state OrElse#1 first->second",
                                        "enter Result#5",
                                        "state Result#5 pending->done",
                                        "exit Result#5 ready 10"}));
}

// tests/all.rs `test_empty`.
TEST(or_else, OverOrIntoAnEmptyFutureIsNotReady) {
    CountingNotify notify;
    auto a = spawn_local(
        empty<int, unsigned>().or_else([](unsigned) { return empty<int, unsigned>(); }));
    EXPECT_TRUE(a.poll_future_notify(notify).is_not_ready());
    auto b = spawn_local(err<int>(1u).or_else([](unsigned) { return empty<int, unsigned>(); }));
    EXPECT_TRUE(b.poll_future_notify(notify).is_not_ready());
    EXPECT_EQ(notify.count(), 0u);
}

} // namespace
} // namespace futurescope
