// Fuse (fuse.hpp): answers as the inner future until it resolves, drops it, then NotReady
// forever without polling anything or arranging a wakeup.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "futurescope/futures.hpp"
#include "support/probe.hpp"

namespace futurescope {
namespace {
using testing::Probe;

// tests/fuse.rs `fuse`: Ready, then NotReady, and nothing is notified.
TEST(fuse, ReadyThenNotReadyWithoutANotification) {
    CountingNotify notify;
    auto s = spawn_local(ok<unsigned>(2).fuse());
    auto p = s.poll_future_notify(notify);
    ASSERT_TRUE(p.is_ready());
    EXPECT_EQ(p.value(), 2);
    EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
    EXPECT_EQ(notify.count(), 0u);
}

// tests/fuse.rs `fuse_is_done`.
TEST(fuse, IsDoneTellsWhetherItResolved) {
    CountingNotify notify;
    auto f = ok<unsigned>(2).fuse();
    EXPECT_FALSE(f.is_done());
    auto s = spawn_local(std::move(f));
    EXPECT_EQ(s.poll_future_notify(notify).value(), 2);
    EXPECT_TRUE(s.get().is_done());
    EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
    EXPECT_TRUE(s.get().is_done());
}

TEST(fuse, AnErrorCountsAsDone) {
    CountingNotify notify;
    auto s = spawn_local(err<int>(3).fuse());
    auto p = s.poll_future_notify(notify);
    ASSERT_TRUE(p.is_err());
    EXPECT_EQ(p.error(), 3);
    EXPECT_TRUE(s.get().is_done());
    EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
}

// The inner future is dropped when it resolves and never polled afterwards.
TEST(fuse, TheInnerFutureIsDroppedAtOnceAndNotPolledAgain) {
    CountingNotify notify;
    int polls = 0;
    auto s = spawn_local(poll_fn([&]() -> Poll<int, Never> {
                             ++polls;
                             return ready(polls);
                         }).fuse());
    Probe probe;
    ObserverScope observe(&probe);
    EXPECT_EQ(s.poll_future_notify(notify).value(), 1);
    EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
    EXPECT_EQ(polls, 1);
    EXPECT_EQ(probe.lines,
              (std::vector<std::string>{"enter Fuse#1",
                                        "enter PollFn#2",
                                        "exit PollFn#2 ready 1",
                                        "drop PollFn#2",
                                        "state Fuse#1 pending->done",
                                        "exit Fuse#1 ready 1",
                                        "enter Fuse#1",
                                        "exit Fuse#1 not_ready"}));
}

TEST(fuse, WhilePendingItPassesNotReadyAndTheInnerWakeupThrough) {
    CountingNotify notify;
    std::optional<Task> waiter;
    bool go = false;
    auto s = spawn_local(poll_fn([&]() -> Poll<int, Never> {
                             if (!go) {
                                 waiter.emplace(park());
                                 return not_ready;
                             }
                             return ready(1);
                         }).fuse());
    EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
    EXPECT_FALSE(s.get().is_done());
    go = true;
    waiter->unpark();
    EXPECT_EQ(notify.count(), 1u);
    EXPECT_EQ(s.poll_future_notify(notify).value(), 1);
}

// A fused future may sit in a select after it resolved: the select polls it harmlessly.
TEST(fuse, LetsASelectPollAResolvedSideAgain) {
    Executor ex;
    auto r = ex.run(
        ok(1)
            .fuse()
            .select(empty<int, Never>())
            .and_then([](auto pair) { return std::move(pair.second).map([](int v) { return v; }); })
            .map_err([](auto) { return 0; })
            .select(ok<int>(7)));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value().first, 7);
}

} // namespace
} // namespace futurescope
