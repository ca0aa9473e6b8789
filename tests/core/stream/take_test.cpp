// take: the first n items; errors are not counted; after n items the inner stream is not
// polled again.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/future/result.hpp"
#include "futurescope/streams.hpp"
#include "support/probe.hpp"
#include "support/stream_helpers.hpp"

namespace futurescope {
namespace {
using testing::by_hand;
using testing::Er;
using testing::list;
using testing::Ok;
using testing::Probe;

TEST(take_stream, TakesTheFirstN) {
    // tests/stream.rs: take.
    Executor ex;
    auto r = ex.run(list().take(2).collect());
    EXPECT_EQ(r.value(), (std::vector<int>{1, 2}));
}

TEST(take_stream, ErrorsPassThroughAndAreNotCounted) {
    // tests/stream.rs: take_passes_errors_through.
    auto s = by_hand(iter_result({Er(1), Er(2), Ok(3), Ok(4), Er(4)}).take(1));
    EXPECT_EQ(s.next(), "Err(1)");
    EXPECT_EQ(s.next(), "Err(2)");
    EXPECT_EQ(s.next(), "3");
    EXPECT_EQ(s.next(), "None");

    auto t = by_hand(iter_result({Ok(1), Er(2)}).take(1));
    EXPECT_EQ(t.next(), "1");
    EXPECT_EQ(t.next(), "None");
}

TEST(take_stream, AfterNItemsTheInnerStreamIsNotPolled) {
    int polls = 0;
    auto s = by_hand(stream_poll_fn([&polls]() -> StreamPoll<int, Never> {
                         ++polls;
                         return ready(polls);
                     }).take(2));
    EXPECT_EQ(s.next(), "1");
    EXPECT_EQ(s.next(), "2");
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(polls, 2);
}

TEST(take_stream, TakeZeroNeverPollsTheInnerStream) {
    int polls = 0;
    auto s = by_hand(stream_poll_fn([&polls]() -> StreamPoll<int, Never> {
                         ++polls;
                         return ready(1);
                     }).take(0));
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(polls, 0);
}

TEST(take_stream, TheInnerEndEndsIt) {
    Probe probe;
    ObserverScope scope(&probe);
    auto s = by_hand(iter_ok({1}).take(5));
    EXPECT_EQ(s.next(), "1");
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(s.get().remaining(), 0u);
    EXPECT_EQ(probe.only("state TakeStream"),
              (std::vector<std::string>{"state TakeStream#1 taking->done"}));
}

} // namespace
} // namespace futurescope
