// peekable: peek() keeps the next item for the next poll.
#include <gtest/gtest.h>

#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/future/poll_fn.hpp"
#include "futurescope/future/result.hpp"
#include "futurescope/streams.hpp"
#include "support/stream_helpers.hpp"

namespace futurescope {
namespace {
using testing::by_hand;
using testing::list;

TEST(peekable_stream, CollectsLikeTheInnerStream) {
    // tests/stream.rs: peekable.
    Executor ex;
    EXPECT_EQ(ex.run(list().peekable().collect()).value(), (std::vector<int>{1, 2, 3}));
}

TEST(peekable_stream, PeekKeepsTheItemForTheNextPoll) {
    // tests/stream.rs: peek, as a future that peeks twice and then polls.
    auto peeker = [s = list().peekable()]() mutable -> Poll<Unit, int> {
        auto p = s.peek();
        if (p.is_not_ready()) {
            return not_ready;
        }
        EXPECT_EQ(*p.value(), 1);
        auto again = s.peek();
        EXPECT_TRUE(again.is_ready());
        EXPECT_EQ(again.value(), p.value()); // the same kept item
        auto next = s.poll();
        EXPECT_EQ(testing::show(next), "1");
        return ready();
    };
    Executor ex;
    EXPECT_TRUE(ex.run(poll_fn(std::move(peeker))).is_ok());
    EXPECT_EQ(ex.task(1).polls, 2u);
}

TEST(peekable_stream, PeekAtTheEndIsNull) {
    auto s = by_hand(iter_ok({5}).peekable());
    auto first = s.get().peek(); // iter_ok never parks: no task is needed to peek
    ASSERT_TRUE(first.is_ready());
    EXPECT_EQ(*first.value(), 5);
    EXPECT_EQ(s.next(), "5");
    auto end = s.get().peek();
    ASSERT_TRUE(end.is_ready());
    EXPECT_EQ(end.value(), nullptr);
    EXPECT_EQ(s.next(), "None");
}

} // namespace
} // namespace futurescope
