// filter: one poll pulls items until one passes, the stream waits, or it ends; errors at once.
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

TEST(filter_stream, KeepsTheItemsThePredicateAccepts) {
    // tests/stream.rs: filter.
    Executor ex;
    auto r = ex.run(list().filter([](const int &a) { return a % 2 == 0; }).collect());
    EXPECT_EQ(r.value(), (std::vector<int>{2}));
}

TEST(filter_stream, OnePollPullsUntilAnItemPasses) {
    int pulled = 0;
    auto s = by_hand(iter_ok({1, 2, 3, 4, 5, 6, 7, 8, 9})
                         .inspect([&pulled](const int &) { ++pulled; })
                         .filter([](const int &a) { return a > 7; }));
    EXPECT_EQ(s.next(), "8");
    EXPECT_EQ(pulled, 8);
    EXPECT_EQ(s.next(), "9");
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(pulled, 9);
}

TEST(filter_stream, ARejectedItemThenAWaitingStreamIsNotReady) {
    auto s = by_hand(list().filter([](const int &a) { return a > 1; }));
    EXPECT_EQ(s.next(), "NotReady");
    EXPECT_EQ(s.next(), "NotReady"); // 1 was pulled and dropped, then the stream waited
    EXPECT_EQ(s.next(), "2");
    EXPECT_EQ(s.next(), "NotReady");
    EXPECT_EQ(s.next(), "3");
    EXPECT_EQ(s.next(), "NotReady");
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(s.notified(), 4u);
}

TEST(filter_stream, AnErrorIsReturnedAtOnceAndNotTested) {
    int tests = 0;
    auto s = by_hand(iter_result({Ok(1), Er(2), Ok(4)}).filter([&tests](const int &a) {
        ++tests;
        return a % 2 == 0;
    }));
    EXPECT_EQ(s.next(), "Err(2)");
    EXPECT_EQ(s.next(), "4");
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(tests, 2);
}

} // namespace
} // namespace futurescope
