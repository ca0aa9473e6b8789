// select on streams: round-robin with the flag rule.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/future/result.hpp"
#include "futurescope/future/select.hpp"
#include "futurescope/streams.hpp"
#include "support/stream_helpers.hpp"

namespace futurescope {
namespace {
using testing::by_hand;
using testing::Er;
using testing::Ok;

// A stream that gives these answers, then ends.
auto script(std::vector<StreamPoll<int, int>> answers) {
    auto state = std::make_shared<std::pair<std::vector<StreamPoll<int, int>>, std::size_t>>(
        std::move(answers), 0);
    return stream_poll_fn([state]() -> StreamPoll<int, int> {
        if (state->second == state->first.size()) {
            return ready(std::nullopt);
        }
        return state->first[state->second++];
    });
}

TEST(select_stream, AlternatesBetweenTheTwoStreams) {
    // tests/stream.rs: select.
    Executor ex;
    EXPECT_EQ(ex.run(iter_ok({1, 2, 3}).select(iter_ok({4, 5, 6})).collect()).value(),
              (std::vector<int>{1, 4, 2, 5, 3, 6}));
    EXPECT_EQ(ex.run(iter_ok({1, 2, 3}).select(iter_ok({1, 2})).collect()).value(),
              (std::vector<int>{1, 1, 2, 2, 3}));
    EXPECT_EQ(ex.run(iter_ok({1, 2}).select(iter_ok({1, 2, 3})).collect()).value(),
              (std::vector<int>{1, 1, 2, 2, 3}));
}

TEST(select_stream, WhenTheFirstOnlyWaitedItKeepsItsTurn) {
    // Poll 1: a first (NotReady), then b gives 10; a was not finished, so the flag flips back
    // and poll 2 asks a first again.
    auto s = by_hand(
        script({not_ready, ready(1), ready(2)}).select(script({ready(10), ready(20), ready(30)})));
    EXPECT_EQ(s.next(), "10");
    EXPECT_EQ(s.next(), "1");
    EXPECT_EQ(s.next(), "20");
    EXPECT_EQ(s.next(), "2");
    EXPECT_EQ(s.next(), "30");
    EXPECT_EQ(s.next(), "None");
}

TEST(select_stream, WhenTheFirstYieldsTheSecondIsNotPolled) {
    int b_polls = 0;
    auto b = stream_poll_fn([&b_polls]() -> StreamPoll<int, int> {
        ++b_polls;
        return not_ready;
    });
    auto s = by_hand(iter_ok<int>({1, 2}).select(std::move(b)));
    EXPECT_EQ(s.next(), "1"); // a first: it yields, b is not asked
    EXPECT_EQ(b_polls, 0);
    EXPECT_EQ(s.next(), "2"); // b first: NotReady; then a
    EXPECT_EQ(b_polls, 1);
    EXPECT_EQ(s.next(), "NotReady"); // a ended, b waits: not the end
    EXPECT_EQ(b_polls, 2);
}

TEST(select_stream, ErrorsPassThroughAndBothMustEnd) {
    auto s = by_hand(iter_result({Er(1), Ok(2)}).select(iter_result({Ok(3)})));
    EXPECT_EQ(s.next(), "Err(1)");
    EXPECT_EQ(s.next(), "3");
    EXPECT_EQ(s.next(), "2");
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(s.next(), "None");
}

} // namespace
} // namespace futurescope
