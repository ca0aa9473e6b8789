// map on streams: each item through a function; errors, NotReady and the end pass through.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/future/map.hpp"
#include "futurescope/future/result.hpp"
#include "futurescope/streams.hpp"
#include "support/probe.hpp"
#include "support/stream_helpers.hpp"

namespace futurescope {
namespace {
using testing::by_hand;
using testing::err_list;
using testing::list;
using testing::Probe;

TEST(map_stream, MapsEachItem) {
    // tests/stream.rs: map.
    Executor ex;
    auto r = ex.run(list().map([](int a) { return a + 1; }).collect());
    EXPECT_EQ(r.value(), (std::vector<int>{2, 3, 4}));
    EXPECT_EQ(ex.task(1).polls, 5u); // one NotReady before each of 1, 2, 3 and the end
}

TEST(map_stream, ErrorsAndNotReadyPassThroughWithoutACall) {
    int calls = 0;
    auto s = by_hand(err_list().map([&calls](int a) {
        ++calls;
        return a * 10;
    }));
    EXPECT_EQ(s.next(), "NotReady");
    EXPECT_EQ(s.next(), "10");
    EXPECT_EQ(s.next(), "NotReady");
    EXPECT_EQ(s.next(), "20");
    EXPECT_EQ(s.next(), "NotReady");
    EXPECT_EQ(s.next(), "Err(3)");
    EXPECT_EQ(s.next(), "NotReady");
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(calls, 2);
}

TEST(map_stream, AFunctionOfNothingMapsUnitItems) {
    Executor ex;
    auto r = ex.run(iter_ok({Unit{}, Unit{}}).map([] { return 1; }).collect());
    EXPECT_EQ(r.value(), (std::vector<int>{1, 1}));
}

TEST(map_stream, PollsTheInnerStreamInsideItsOwnPoll) {
    Probe probe;
    ObserverScope scope(&probe);
    auto s = by_hand(iter_ok({1}).map([](int a) { return std::to_string(a); }));
    (void)s.poll();
    (void)s.poll();
    EXPECT_EQ(probe.lines,
              (std::vector<std::string>{"enter MapStream#1",
                                        "enter IterOk#2",
                                        "exit IterOk#2 ready 1",
                                        "exit MapStream#1 ready \"1\"",
                                        "enter MapStream#1",
                                        "enter IterOk#2",
                                        "state IterOk#2 streaming->done",
                                        "exit IterOk#2 end",
                                        "exit MapStream#1 end"}));
}

} // namespace
} // namespace futurescope
