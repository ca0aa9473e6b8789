// Lazy (lazy.hpp): the function runs on the first poll, not before, and its future is polled in
// that same poll; later polls are that future's.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "futurescope/futures.hpp"
#include "support/probe.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::Probe;

TEST(lazy, TheFunctionRunsOnTheFirstPollNotWhenBuilt) {
    CountingNotify notify;
    int calls = 0;
    auto f = lazy([&] {
        ++calls;
        return ok(1);
    });
    EXPECT_EQ(calls, 0);
    auto s = spawn_local(std::move(f));
    EXPECT_EQ(s.poll_future_notify(notify).value(), 1);
    EXPECT_EQ(calls, 1);
}

// The produced future is polled in the poll that made it: a delay starts counting then.
TEST(lazy, TheProducedFutureIsPolledInTheSamePoll) {
    Executor ex;
    Probe probe;
    ex.set_observer(&probe);
    auto r = ex.run(delay(5ms).and_then([] { return lazy([] { return delay(10ms); }); }));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(ex.now(), 15'000'000);
    EXPECT_EQ(ex.task(1).polls, 3u);
    EXPECT_EQ(probe.only("state Lazy"),
              (std::vector<std::string>{"state Lazy#3 deferred->running"}));
    EXPECT_EQ(probe.only("timer_set"),
              (std::vector<std::string>{"timer_set #1 @5ms", "timer_set #2 @15ms"}));
}

// Later polls are the produced future's, also after it resolved.
TEST(lazy, PollingAgainPollsTheProducedFuture) {
    CountingNotify notify;
    auto s = spawn_local(lazy([] { return ok(1); }));
    EXPECT_TRUE(s.poll_future_notify(notify).is_ready());
    try {
        (void)s.poll_future_notify(notify);
        FAIL() << "no panic";
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "cannot poll Result twice");
    }
}

// A function that throws leaves nothing to poll: as in Rust, a later poll panics.
TEST(lazy, AfterTheFunctionThrewAnotherPollPanics) {
    CountingNotify notify;
    auto s = spawn_local(lazy([]() -> Result<int, int> { throw Panic("no"); }));
    EXPECT_THROW((void)s.poll_future_notify(notify), Panic);
    try {
        (void)s.poll_future_notify(notify);
        FAIL() << "no panic";
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "explicit panic");
    }
}

// tests/unsync-oneshot.rs `tx_complete_rx_unparked`, in shape: the lazy side of a join runs
// when the join first polls it, in the same task, after the other side parked; what it does
// then wakes that task.
TEST(lazy, RunsInThePollOfTheTaskThatPollsIt) {
    Executor ex;
    std::optional<int> slot;
    std::optional<Task> waiter;
    auto rx = poll_fn([&]() -> Poll<int, Never> {
        if (slot) {
            return ready(*slot);
        }
        waiter.emplace(park());
        return not_ready;
    });
    auto r = ex.run(std::move(rx).join(lazy([&] {
        slot = 55;
        waiter->unpark();
        return ok(11);
    })));
    EXPECT_EQ(r.value(), std::make_tuple(55, 11));
    EXPECT_EQ(ex.task(1).polls, 2u);
}

} // namespace
} // namespace futurescope
