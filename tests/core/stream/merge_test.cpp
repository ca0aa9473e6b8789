// merge: both streams every poll; First, Second or Both; an error of the second behind an item
// of the first waits for the next poll.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/future/result.hpp"
#include "futurescope/streams.hpp"
#include "support/stream_helpers.hpp"

namespace futurescope {
namespace {
using testing::by_hand;
using testing::Er;
using testing::Ok;

TEST(merge_stream, YieldsBothWhenBothHaveAnItem) {
    auto s = by_hand(iter_ok<int>({1, 2}).merge(iter_ok<int>({std::string("a")})));
    EXPECT_EQ(s.next(), "Both(1, \"a\")");
    EXPECT_EQ(s.next(), "First(2)");
    EXPECT_EQ(s.next(), "None");
}

TEST(merge_stream, YieldsSecondWhenTheFirstWaitsOrEnded) {
    int a_polls = 0;
    auto a = stream_poll_fn([&a_polls]() -> StreamPoll<int, int> {
        return ++a_polls == 1 ? StreamPoll<int, int>(not_ready) : ready(std::nullopt);
    });
    auto s = by_hand(std::move(a).merge(iter_ok<int>({7, 8})));
    EXPECT_EQ(s.next(), "Second(7)");
    EXPECT_EQ(s.next(), "Second(8)");
    EXPECT_EQ(s.next(), "None");
}

TEST(merge_stream, TheSecondsErrorBehindAnItemComesNext) {
    auto s = by_hand(iter_result({Ok(1)}).merge(iter_result({Er(9), Ok(2)})));
    EXPECT_EQ(s.next(), "First(1)");
    EXPECT_EQ(s.next(), "Err(9)");
    EXPECT_EQ(s.next(), "Second(2)");
    EXPECT_EQ(s.next(), "None");
}

TEST(merge_stream, TheSecondEndedButTheFirstWaitsIsNotTheEnd) {
    auto s = by_hand(stream_poll_fn([]() -> StreamPoll<int, int> {
                         return not_ready;
                     }).merge(iter_result(std::vector<Result<int, int>>{})));
    EXPECT_EQ(s.next(), "NotReady");
    EXPECT_EQ(s.next(), "NotReady");
}

TEST(merge_stream, MergedItemsCompare) {
    using M = MergedItem<int, int>;
    EXPECT_EQ(M::both(1, 2), M::both(1, 2));
    EXPECT_NE(M::first(1), M::second(1));
    M m = M::both(3, 4);
    EXPECT_EQ(m.kind(), M::Kind::both);
    EXPECT_EQ(m.first_item(), 3);
    EXPECT_EQ(m.second_item(), 4);
}

} // namespace
} // namespace futurescope
