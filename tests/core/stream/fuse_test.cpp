// fuse on streams: the end is final; the inner stream is not polled after it.
#include <gtest/gtest.h>

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
using testing::list;
using testing::Probe;

TEST(fuse_stream, KeepsAnsweringNoneAfterTheEnd) {
    // tests/stream.rs: fuse. Unfused, this stream would wait again after its end.
    auto s = by_hand(list().fuse());
    std::vector<std::string> answers;
    for (int i = 0; i < 10; ++i) {
        answers.push_back(s.next());
    }
    EXPECT_EQ(answers,
              (std::vector<std::string>{"NotReady",
                                        "1",
                                        "NotReady",
                                        "2",
                                        "NotReady",
                                        "3",
                                        "NotReady",
                                        "None",
                                        "None",
                                        "None"}));
}

TEST(fuse_stream, DoesNotPollTheInnerStreamAfterTheEnd) {
    int polls = 0;
    auto s = by_hand(stream_poll_fn([&polls]() -> StreamPoll<int, Never> {
                         // Ends, then (wrongly) yields again if asked.
                         if (++polls == 1) {
                             return ready(std::nullopt);
                         }
                         return ready(polls);
                     }).fuse());
    EXPECT_FALSE(s.get().is_done());
    EXPECT_EQ(s.next(), "None");
    EXPECT_TRUE(s.get().is_done());
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(polls, 1);
}

TEST(fuse_stream, AnErrorDoesNotFuseIt) {
    Probe probe;
    ObserverScope scope(&probe);
    auto s = by_hand(iter_result({Result<int, int>::err(1), Result<int, int>::ok(2)}).fuse());
    EXPECT_EQ(s.next(), "Err(1)");
    EXPECT_FALSE(s.get().is_done());
    EXPECT_EQ(s.next(), "2");
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(probe.only("state FuseStream"),
              (std::vector<std::string>{"state FuseStream#1 streaming->done"}));
}

} // namespace
} // namespace futurescope
