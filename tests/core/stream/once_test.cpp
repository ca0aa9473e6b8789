// once: one item or one error, then the end.
#include <gtest/gtest.h>

#include <string>

#include "futurescope/executor/executor.hpp"
#include "futurescope/future/result.hpp"
#include "futurescope/streams.hpp"
#include "support/stream_helpers.hpp"

namespace futurescope {
namespace {
using testing::by_hand;

TEST(once, YieldsItsItemThenEnds) {
    auto s = by_hand(once(Result<int, std::string>::ok(7)));
    EXPECT_EQ(s.next(), "7");
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(s.next(), "None");
}

TEST(once, YieldsItsErrorThenEnds) {
    auto s = by_hand(once(Result<int, std::string>::err("no")));
    EXPECT_EQ(s.next(), "Err(\"no\")");
    EXPECT_EQ(s.next(), "None");
}

TEST(once, CollectsToOneItemInOnePoll) {
    Executor ex;
    auto r = ex.run(once(Result<int, Never>::ok(3)).collect());
    EXPECT_EQ(r.value(), std::vector<int>{3});
    EXPECT_EQ(ex.task(1).polls, 1u);
}

} // namespace
} // namespace futurescope
