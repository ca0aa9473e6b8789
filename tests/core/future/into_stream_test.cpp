// IntoStream (into_stream.hpp): a future as a stream of one item (or one error), then the end.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "futurescope/futures.hpp"
#include "support/probe.hpp"

namespace futurescope {
namespace {
using testing::Probe;

TEST(into_stream, YieldsTheItemThenEnds) {
    CountingNotify notify;
    auto s = spawn_local(ok(5).into_stream());
    auto p1 = s.poll_stream_notify(notify);
    ASSERT_TRUE(p1.is_ready());
    EXPECT_EQ(p1.value(), std::optional<int>(5));
    auto p2 = s.poll_stream_notify(notify);
    ASSERT_TRUE(p2.is_ready());
    EXPECT_EQ(p2.value(), std::nullopt);
}

TEST(into_stream, YieldsTheErrorThenEnds) {
    CountingNotify notify;
    auto s = spawn_local(err<int>(std::string("e")).into_stream());
    auto p1 = s.poll_stream_notify(notify);
    ASSERT_TRUE(p1.is_err());
    EXPECT_EQ(p1.error(), "e");
    auto p2 = s.poll_stream_notify(notify);
    ASSERT_TRUE(p2.is_ready());
    EXPECT_FALSE(p2.value().has_value());
}

// The future is dropped as soon as it resolved; afterwards the end comes without polling.
TEST(into_stream, TheEndComesForeverWithoutPollingTheFuture) {
    CountingNotify notify;
    int polls = 0;
    auto s = spawn_local(poll_fn([&]() -> Poll<int, Never> {
                             ++polls;
                             return ready(polls);
                         }).into_stream());
    Probe probe;
    ObserverScope observe(&probe);
    EXPECT_EQ(s.poll_stream_notify(notify).value(), std::optional<int>(1));
    for (int i = 0; i < 3; ++i) {
        auto p = s.poll_stream_notify(notify);
        ASSERT_TRUE(p.is_ready());
        EXPECT_FALSE(p.value().has_value());
    }
    EXPECT_EQ(polls, 1);
    EXPECT_EQ(probe.lines,
              (std::vector<std::string>{"enter IntoStream#1",
                                        "enter PollFn#2",
                                        "exit PollFn#2 ready 1",
                                        "drop PollFn#2",
                                        "state IntoStream#1 pending->done",
                                        "exit IntoStream#1 ready 1",
                                        "enter IntoStream#1",
                                        "exit IntoStream#1 end",
                                        "enter IntoStream#1",
                                        "exit IntoStream#1 end",
                                        "enter IntoStream#1",
                                        "exit IntoStream#1 end"}));
}

TEST(into_stream, NotReadyPassesThroughWithTheWakeup) {
    CountingNotify notify;
    std::optional<Task> waiter;
    bool go = false;
    auto s = spawn_local(poll_fn([&]() -> Poll<int, Never> {
                             if (!go) {
                                 waiter.emplace(park());
                                 return not_ready;
                             }
                             return ready(2);
                         }).into_stream());
    EXPECT_TRUE(s.poll_stream_notify(notify).is_not_ready());
    go = true;
    waiter->unpark();
    EXPECT_EQ(notify.count(), 1u);
    EXPECT_EQ(s.poll_stream_notify(notify).value(), std::optional<int>(2));
    static_assert(Stream<decltype(ok(1).into_stream())>);
    static_assert(!Future<decltype(ok(1).into_stream())>);
}

} // namespace
} // namespace futurescope
