// flatten on a stream of streams: each inner stream's answers in turn.
#include <gtest/gtest.h>

#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/future/map.hpp"
#include "futurescope/future/result.hpp"
#include "futurescope/streams.hpp"
#include "support/stream_helpers.hpp"

namespace futurescope {
namespace {
using testing::by_hand;
using testing::Er;
using testing::list;
using testing::Ok;

TEST(flatten_stream_stream, StreamsEachInnerStreamInTurn) {
    // tests/stream.rs: flatten.
    Executor ex;
    auto r = ex.run(list().map([](int) { return list(); }).flatten().collect());
    EXPECT_EQ(r.value(), (std::vector<int>{1, 2, 3, 1, 2, 3, 1, 2, 3}));
}

TEST(flatten_stream_stream, MovesToTheNextInnerStreamInTheSamePoll) {
    auto s = by_hand(iter_ok({1, 2}).map([](int x) { return iter_ok({x, x * 10}); }).flatten());
    EXPECT_EQ(s.next(), "1");
    EXPECT_EQ(s.next(), "10");
    EXPECT_EQ(s.next(), "2"); // the first inner stream's end is not an answer
    EXPECT_EQ(s.next(), "20");
    EXPECT_EQ(s.next(), "None");
}

TEST(flatten_stream_stream, ErrorsOfBothLevelsPassThrough) {
    auto s =
        by_hand(iter_result(std::vector<Result<IterResult<std::vector<Result<int, int>>>, int>>{
                                Result<IterResult<std::vector<Result<int, int>>>, int>::err(1),
                                Result<IterResult<std::vector<Result<int, int>>>, int>::ok(
                                    iter_result({Er(2), Ok(3)}))})
                    .flatten());
    EXPECT_EQ(s.next(), "Err(1)");
    EXPECT_EQ(s.next(), "Err(2)");
    EXPECT_EQ(s.next(), "3");
    EXPECT_EQ(s.next(), "None");
}

} // namespace
} // namespace futurescope
