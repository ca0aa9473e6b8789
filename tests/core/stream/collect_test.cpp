// collect: every item in a vector; an error throws away what was gathered.
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
using testing::err_list;
using testing::list;
using testing::Ok;

TEST(collect, GathersEveryItemInOrder) {
    Executor ex;
    auto r = ex.run(list().collect());
    EXPECT_EQ(r.value(), (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(ex.task(1).polls, 5u);
}

TEST(collect, AnErrorIsTheResult) {
    Executor ex;
    auto r = ex.run(err_list().collect());
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error(), 3);
}

TEST(collect, TheItemsBeforeAnErrorAreThrownAway) {
    // Polled again after the error, it goes on from where the stream is, with nothing kept.
    auto f = by_hand(iter_result({Ok(1), Er(2), Ok(3)}).collect());
    EXPECT_EQ(f.next(), "Err(2)");
    EXPECT_EQ(f.next(), "[3]");
}

TEST(collect, AnEmptyStreamGivesAnEmptyVector) {
    Executor ex;
    auto r = ex.run(empty_stream<int, Never>().collect());
    EXPECT_TRUE(r.value().empty());
    EXPECT_EQ(ex.task(1).polls, 1u);
}

} // namespace
} // namespace futurescope
