// buffered: up to n futures of a stream at once, results in input order; a result held back for
// order still counts toward n (futures-rs tests/stream.rs: buffered; the timings of
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
#include "support/probe.hpp"
#include "support/stream_helpers.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::by_hand;
using testing::Probe;
using testing::Slot;

auto job(int ms) {
    return delay(ms * 1ms).map([ms] { return ms; });
}

TEST(buffered_stream, DelaysOf40_10_30_20WithTwoAtOnce) {
    // (obs) 40@40, 10@40, 30@70, 20@70.
    Executor ex;
    std::vector<std::string> log;
    ex.run(testing::record(iter_ok({40, 10, 30, 20}).map(job).buffered(2), log));
    EXPECT_EQ(log,
              (std::vector<std::string>{"40@40ms", "10@40ms", "30@70ms", "20@70ms", "None@70ms"}));
    // 0: two pulled, both polled, the yield; 0: the extra poll; 10: 10 is held; 40: 40 and 10
    // come out, 30 and 20 start, the yield; 40: the extra poll; 60: 20 is held; 70: the rest.
    EXPECT_EQ(ex.task(1).polls, 7u);
}

TEST(buffered_stream, NothingComesOutBeforeTheFirstAndOrderIsKept) {
    // tests/stream.rs: buffered, with n = 2.
    Slot<int> a;
    Slot<int> c;
    std::vector<Slot<int>::Future> v;
    v.push_back(a.future());
    v.push_back(c.future());
    auto s = by_hand(iter_ok(std::move(v)).buffered(2));
    EXPECT_EQ(s.next(), "NotReady");
    c.send(3);
    EXPECT_EQ(s.next(), "NotReady");
    a.send(5);
    EXPECT_EQ(s.next(), "5");
    EXPECT_EQ(s.next(), "3");
    EXPECT_EQ(s.next(), "None");
}

TEST(buffered_stream, WithOneTheSecondIsNotStartedUntilTheFirstIsDone) {
    // tests/stream.rs: buffered, with n = 1.
    Slot<int> a;
    Slot<int> c;
    std::vector<Slot<int>::Future> v;
    v.push_back(a.future());
    v.push_back(c.future());
    auto s = by_hand(iter_ok(std::move(v)).buffered(1));
    EXPECT_EQ(s.next(), "NotReady");
    c.send(3);
    EXPECT_EQ(s.next(), "NotReady");
    EXPECT_EQ(c.polls(), 0);
    a.send(5);
    EXPECT_EQ(s.next(), "5");
    EXPECT_EQ(s.next(), "3");
    EXPECT_EQ(s.next(), "None");
}

TEST(buffered_stream, AResultHeldBackForOrderStillCountsTowardN) {
    Slot<int> a;
    Slot<int> b;
    Slot<int> c;
    std::vector<Slot<int>::Future> v;
    v.push_back(a.future());
    v.push_back(b.future());
    v.push_back(c.future());
    auto s = by_hand(iter_ok(std::move(v)).buffered(2));
    EXPECT_EQ(s.next(), "NotReady");
    b.send(2);
    EXPECT_EQ(s.next(), "NotReady");
    EXPECT_EQ(s.get().queued(), 2u); // a running, b's result held
    EXPECT_EQ(c.polls(), 0);         // so c is not pulled
    a.send(1);
    EXPECT_EQ(s.next(), "1");
    EXPECT_EQ(c.polls(), 0); // 1 came out of the queue after the pull of this poll
    EXPECT_EQ(s.next(), "2");
    EXPECT_EQ(c.polls(), 1);
    c.send(3);
    EXPECT_EQ(s.next(), "3");
    EXPECT_EQ(s.next(), "None");
}

TEST(buffered_stream, TheStreamsErrorPassesThroughAtOnce) {
    auto s = by_hand(iter_result({Result<FutureResult<int, int>, int>::err(9),
                                  Result<FutureResult<int, int>, int>::ok(ok<int>(1))})
                         .buffered(2));
    EXPECT_EQ(s.next(), "Err(9)");
    EXPECT_EQ(s.next(), "1");
    EXPECT_EQ(s.next(), "None");
}

TEST(buffered_stream, ItsStatesAreObserved) {
    Probe probe;
    ObserverScope scope(&probe);
    auto s = by_hand(iter_ok({ok(1)}).buffered(2));
    EXPECT_EQ(s.next(), "1");
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(probe.only("state BufferedStream"),
              (std::vector<std::string>{"state BufferedStream#1 pulling->draining"}));
}

} // namespace
} // namespace futurescope
