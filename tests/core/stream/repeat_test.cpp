// repeat: the same value forever.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/future/result.hpp"
#include "futurescope/streams.hpp"
#include "support/stream_helpers.hpp"

namespace futurescope {
namespace {
using testing::by_hand;

TEST(repeat, YieldsACopyOnEveryPollAndNeverEnds) {
    auto s = by_hand(repeat(std::string("x")));
    for (int i = 0; i < 100; ++i) {
        ASSERT_EQ(s.next(), "\"x\"");
    }
}

TEST(repeat, TakeBoundsIt) {
    Executor ex;
    auto r = ex.run(repeat(7).take(3).collect());
    EXPECT_EQ(r.value(), (std::vector<int>{7, 7, 7}));
    EXPECT_EQ(ex.task(1).polls, 1u);
}

} // namespace
} // namespace futurescope
