// take_while: items while the predicate's future says true; the first false ends the stream
// without polling it again.
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

TEST(take_while_stream, TakesWhileThePredicateHolds) {
    // tests/stream.rs: take_while.
    Executor ex;
    auto r = ex.run(
        list().take_while([](const int &e) { return Result<bool, int>::ok(e < 3); }).collect());
    EXPECT_EQ(r.value(), (std::vector<int>{1, 2}));
}

TEST(take_while_stream, AfterTheFirstFalseTheStreamIsNotPolledAgain) {
    int polls = 0;
    auto s = by_hand(stream_poll_fn([&polls]() -> StreamPoll<int, Never> {
                         ++polls;
                         return ready(polls);
                     }).take_while([](const int &x) { return x < 3; }));
    EXPECT_EQ(s.next(), "1");
    EXPECT_EQ(s.next(), "2");
    EXPECT_EQ(s.next(), "None"); // 3 was pulled and dropped
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(polls, 3);
}

TEST(take_while_stream, APredicateFutureIsPolledInThePollThatMadeIt) {
    Executor ex;
    std::vector<std::string> log;
    ex.run(testing::record(iter_ok({1, 2, 3}).take_while(
                               [](const int &x) { return delay(10ms).map([x] { return x < 3; }); }),
                           log));
    EXPECT_EQ(log, (std::vector<std::string>{"1@10ms", "2@20ms", "None@30ms"}));
    EXPECT_EQ(ex.task(1).polls, 4u);
}

TEST(take_while_stream, APredicateErrorIsYieldedAndDropsTheItem) {
    auto s = by_hand(iter_ok<int>({1, 2, 3}).take_while([](const int &x) {
        return x == 2 ? Result<bool, int>::err(-2) : Result<bool, int>::ok(true);
    }));
    EXPECT_EQ(s.next(), "1");
    EXPECT_EQ(s.next(), "Err(-2)");
    EXPECT_EQ(s.next(), "3");
    EXPECT_EQ(s.next(), "None");
}

TEST(take_while_stream, StreamErrorsPassThroughUntested) {
    int tests = 0;
    auto s = by_hand(iter_result({Er(1), Ok(2)}).take_while([&tests](const int &) {
        ++tests;
        return true;
    }));
    EXPECT_EQ(s.next(), "Err(1)");
    EXPECT_EQ(tests, 0);
    EXPECT_EQ(s.next(), "2");
    EXPECT_EQ(s.next(), "None");
}

} // namespace
} // namespace futurescope
