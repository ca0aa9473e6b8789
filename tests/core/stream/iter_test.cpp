// iter_ok and iter_result: streams over a container that are never NotReady; an Err of
// iter_result is a stream error and the stream goes on.
#include <gtest/gtest.h>

#include <array>
#include <list>
#include <string>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/future/result.hpp"
#include "futurescope/streams.hpp"
#include "support/probe.hpp"
#include "support/stream_helpers.hpp"

namespace futurescope {
namespace {
using testing::by_hand;
using testing::Probe;

TEST(iter_ok, YieldsEachValueThenEndsForeverWithoutEverWaiting) {
    auto s = by_hand(iter_ok({1, 2, 3}));
    EXPECT_EQ(s.next(), "1");
    EXPECT_EQ(s.next(), "2");
    EXPECT_EQ(s.next(), "3");
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(s.notified(), 0u);
}

TEST(iter_ok, FoldOfOneToTenIsFiftyFiveInOneTaskPoll) {
    Executor ex;
    std::vector<int> values;
    for (int i = 1; i <= 10; ++i) {
        values.push_back(i);
    }
    auto r = ex.run(iter_ok(values).fold(0, [](int acc, int x) { return acc + x; }));
    EXPECT_EQ(r.value(), 55);
    EXPECT_EQ(ex.task(1).polls, 1u);
    EXPECT_EQ(values.size(), 10u); // an lvalue container is copied, not consumed
}

TEST(iter_ok, MovesTheElementsOfTheContainerItOwns) {
    std::vector<std::string> words{"a long string that is not short", "b"};
    auto s = by_hand(iter_ok(std::move(words)));
    EXPECT_EQ(s.next(), "\"a long string that is not short\"");
    EXPECT_EQ(s.next(), "\"b\"");
    EXPECT_EQ(s.next(), "None");
}

TEST(iter_ok, KeepsItsPlaceWhenMovedAfterAPoll) {
    // into_future hands the rest of the stream back, moved: an iterator kept into the old
    // std::array would read the moved-from (empty) strings.
    auto f = by_hand(iter_ok(std::array<std::string, 3>{"seven", "eight", "nine"}).into_future());
    auto p = f.poll();
    ASSERT_TRUE(p.is_ready());
    EXPECT_EQ(p.value().first, std::optional<std::string>("seven"));
    auto rest = by_hand(std::move(p.value().second));
    EXPECT_EQ(rest.next(), "\"eight\"");
    EXPECT_EQ(rest.next(), "\"nine\"");
    EXPECT_EQ(rest.next(), "None");
}

TEST(iter_ok, WalksAListToo) {
    auto s = by_hand(iter_ok(std::list<int>{7, 8}));
    EXPECT_EQ(s.next(), "7");
    EXPECT_EQ(s.next(), "8");
    EXPECT_EQ(s.next(), "None");
}

TEST(iter_ok, TheErrorTypeCanBeNamed) {
    auto s = iter_ok<std::string>({1});
    static_assert(std::is_same_v<decltype(s)::error_type, std::string>);
    static_assert(std::is_same_v<decltype(s)::item_type, int>);
    EXPECT_EQ(by_hand(std::move(s)).next(), "1");
}

TEST(iter_ok, ItsPollsAndEndAreObserved) {
    Probe probe;
    ObserverScope scope(&probe);
    auto s = by_hand(iter_ok({4}));
    (void)s.poll();
    (void)s.poll();
    (void)s.poll();
    EXPECT_EQ(probe.lines,
              (std::vector<std::string>{"enter IterOk#1",
                                        "exit IterOk#1 ready 4",
                                        "enter IterOk#1",
                                        "state IterOk#1 streaming->done",
                                        "exit IterOk#1 end",
                                        "enter IterOk#1",
                                        "exit IterOk#1 end"}));
}

TEST(iter_result, AnErrIsAStreamErrorAndTheStreamGoesOn) {
    auto s = by_hand(iter_result({Result<int, int>::ok(1),
                                  Result<int, int>::err(2),
                                  Result<int, int>::err(3),
                                  Result<int, int>::ok(4)}));
    EXPECT_EQ(s.next(), "1");
    EXPECT_EQ(s.next(), "Err(2)");
    EXPECT_EQ(s.next(), "Err(3)");
    EXPECT_EQ(s.next(), "4");
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(s.notified(), 0u);
}

TEST(iter_result, CollectStopsAtTheFirstError) {
    Executor ex;
    auto r = ex.run(
        iter_result(std::vector<Result<int, std::string>>{Result<int, std::string>::ok(1),
                                                          Result<int, std::string>::err("bad"),
                                                          Result<int, std::string>::ok(3)})
            .collect());
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error(), "bad");
}

} // namespace
} // namespace futurescope
