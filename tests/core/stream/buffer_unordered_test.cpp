// buffer_unordered: up to n futures of a stream at once, results in completion order
// (futures-rs tests/stream.rs: unordered, tests/buffer_unordered.rs; the timings of
// futures01-semantics.md).
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
using testing::Slot;

auto job(int ms) {
    return delay(ms * 1ms).map([ms] { return ms; });
}

TEST(buffer_unordered_stream, DelaysOf40_10_30_20WithTwoAtOnce) {
    // (obs) 10@10, 40@40, 30@40, 20@60.
    Executor ex;
    std::vector<std::string> log;
    ex.run(testing::record(iter_ok({40, 10, 30, 20}).map(job).buffer_unordered(2), log));
    EXPECT_EQ(log,
              (std::vector<std::string>{"10@10ms", "40@40ms", "30@40ms", "20@60ms", "None@60ms"}));
    // 0: two pulled, both polled, the yield; 0: the extra poll; 10: 10 out, 30 starts;
    // 40: 40 and 30 out, 20 starts, the yield; 40: the extra poll; 60: 20 out, the end.
    EXPECT_EQ(ex.task(1).polls, 6u);
}

TEST(buffer_unordered_stream, YieldsWhateverCompletesFirst) {
    // tests/stream.rs: unordered, with n = 2.
    Slot<int> a;
    Slot<int> c;
    std::vector<Slot<int>::Future> v;
    v.push_back(a.future());
    v.push_back(c.future());
    auto s = by_hand(iter_ok(std::move(v)).buffer_unordered(2));
    EXPECT_EQ(s.next(), "NotReady");
    c.send(3);
    EXPECT_EQ(s.next(), "3");
    a.send(5);
    EXPECT_EQ(s.next(), "5");
    EXPECT_EQ(s.next(), "None");
}

TEST(buffer_unordered_stream, WithOneTheSecondIsNotStartedUntilTheFirstIsDone) {
    // tests/stream.rs: unordered, with n = 1: "we don't even get to see c until a completes".
    Slot<int> a;
    Slot<int> c;
    std::vector<Slot<int>::Future> v;
    v.push_back(a.future());
    v.push_back(c.future());
    auto s = by_hand(iter_ok(std::move(v)).buffer_unordered(1));
    EXPECT_EQ(s.next(), "NotReady");
    c.send(3);
    EXPECT_EQ(s.next(), "NotReady");
    EXPECT_EQ(c.polls(), 0);
    a.send(5);
    EXPECT_EQ(s.next(), "5");
    EXPECT_EQ(s.next(), "3");
    EXPECT_EQ(s.next(), "None");
}

TEST(buffer_unordered_stream, AtMostNRunAndResultsFollowCompletion) {
    // tests/buffer_unordered.rs: works, with N = 4 and nine futures.
    std::vector<Slot<int>> slots(9);
    std::vector<Slot<int>::Future> v;
    for (auto &sl : slots) {
        v.push_back(sl.future());
    }
    auto s = by_hand(iter_ok(std::move(v)).buffer_unordered(4));
    EXPECT_EQ(s.next(), "NotReady");
    EXPECT_EQ(s.get().running(), 4u);
    EXPECT_EQ(slots[4].polls(), 0);
    std::vector<std::string> out;
    for (int i : {1, 3, 2, 4, 5, 8, 9, 7, 6}) {
        slots[i - 1].send(i);
        out.push_back(s.next());
        EXPECT_LE(s.get().running(), 4u);
    }
    EXPECT_EQ(out, (std::vector<std::string>{"1", "3", "2", "4", "5", "8", "9", "7", "6"}));
    EXPECT_EQ(s.next(), "None");
}

TEST(buffer_unordered_stream, ErrorsOfTheFuturesPassThroughAndTheStreamGoesOn) {
    Slot<int, int> a;
    Slot<int, int> b;
    std::vector<Slot<int, int>::Future> v;
    v.push_back(a.future());
    v.push_back(b.future());
    auto s = by_hand(iter_ok<int>(std::move(v)).buffer_unordered(2));
    EXPECT_EQ(s.next(), "NotReady");
    b.fail(7);
    EXPECT_EQ(s.next(), "Err(7)");
    a.send(1);
    EXPECT_EQ(s.next(), "1");
    EXPECT_EQ(s.next(), "None");
}

} // namespace
} // namespace futurescope
