// empty_stream: ends at once.
#include <gtest/gtest.h>

#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/future/result.hpp"
#include "futurescope/streams.hpp"
#include "support/stream_helpers.hpp"

namespace futurescope {
namespace {
using testing::by_hand;

TEST(empty_stream, EndsOnEveryPollWithoutWaiting) {
    auto s = by_hand(empty_stream<int, int>());
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(s.notified(), 0u);
}

TEST(empty_stream, CollectsToAnEmptyVector) {
    Executor ex;
    auto r = ex.run(empty_stream<std::vector<int>, Never>().collect());
    EXPECT_TRUE(r.value().empty());
}

} // namespace
} // namespace futurescope
