// skip_while: drops items while the predicate holds; after the first false everything passes,
// untested.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/future/map.hpp"
#include "futurescope/future/result.hpp"
#include "futurescope/streams.hpp"
#include "futurescope/time/delay.hpp"
#include "support/stream_helpers.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::by_hand;
using testing::Er;
using testing::list;
using testing::Ok;

TEST(skip_while_stream, SkipsWhileThePredicateHolds) {
    // tests/stream.rs: skip_while.
    Executor ex;
    auto r = ex.run(list()
                        .skip_while([](const int &e) { return Result<bool, int>::ok(e % 2 == 1); })
                        .collect());
    EXPECT_EQ(r.value(), (std::vector<int>{2, 3}));
}

TEST(skip_while_stream, SkipsSeveralInOnePollAndStopsTestingAfterTheFirstFalse) {
    int tests = 0;
    int pulled = 0;
    auto s = by_hand(iter_ok({1, 2, 3, 1, 2})
                         .inspect([&pulled](const int &) { ++pulled; })
                         .skip_while([&tests](const int &x) {
                             ++tests;
                             return x < 3;
                         }));
    EXPECT_EQ(s.next(), "3");
    EXPECT_EQ(pulled, 3);
    EXPECT_EQ(tests, 3);
    EXPECT_EQ(s.next(), "1");
    EXPECT_EQ(s.next(), "2");
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(tests, 3);
}

TEST(skip_while_stream, APredicateFutureIsPolledInThePollThatMadeIt) {
    Executor ex;
    std::vector<std::string> log;
    ex.run(testing::record(iter_ok({1, 2, 3}).skip_while(
                               [](const int &x) { return delay(10ms).map([x] { return x < 2; }); }),
                           log));
    EXPECT_EQ(log, (std::vector<std::string>{"2@20ms", "3@20ms", "None@20ms"}));
    EXPECT_EQ(ex.task(1).polls, 3u);
}

TEST(skip_while_stream, ErrorsPassThroughWhileSkipping) {
    auto s =
        by_hand(iter_result({Ok(1), Er(9), Ok(2)}).skip_while([](const int &x) { return x < 2; }));
    EXPECT_EQ(s.next(), "Err(9)");
    EXPECT_EQ(s.next(), "2");
    EXPECT_EQ(s.next(), "None");
}

} // namespace
} // namespace futurescope
