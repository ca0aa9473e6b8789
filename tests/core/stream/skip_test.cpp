// skip: drops the first n items; errors pass through and are not counted.
#include <gtest/gtest.h>

#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/future/result.hpp"
#include "futurescope/streams.hpp"
#include "support/stream_helpers.hpp"

namespace futurescope {
namespace {
using testing::by_hand;
using testing::Er;
using testing::list;
using testing::Ok;

TEST(skip_stream, SkipsTheFirstN) {
    // tests/stream.rs: skip.
    Executor ex;
    auto r = ex.run(list().skip(2).collect());
    EXPECT_EQ(r.value(), (std::vector<int>{3}));
}

TEST(skip_stream, ErrorsPassThroughAndAreNotCounted) {
    // tests/stream.rs: skip_passes_errors_through.
    auto s = by_hand(iter_result({Er(1), Er(2), Ok(3), Ok(4), Ok(5)}).skip(1));
    EXPECT_EQ(s.next(), "Err(1)");
    EXPECT_EQ(s.next(), "Err(2)");
    EXPECT_EQ(s.next(), "4");
    EXPECT_EQ(s.next(), "5");
    EXPECT_EQ(s.next(), "None");
}

TEST(skip_stream, SkipsSeveralItemsInOnePoll) {
    int pulled = 0;
    auto s =
        by_hand(iter_ok({1, 2, 3, 4, 5}).inspect([&pulled](const int &) { ++pulled; }).skip(3));
    EXPECT_EQ(s.next(), "4");
    EXPECT_EQ(pulled, 4);
}

TEST(skip_stream, AStreamShorterThanNEndsEmpty) {
    auto s = by_hand(iter_ok({1, 2}).skip(3));
    EXPECT_EQ(s.next(), "None");
}

} // namespace
} // namespace futurescope
