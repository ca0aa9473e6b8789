// stream_poll_fn: a stream whose poll is a function (futures-rs tests/stream.rs: stream_poll_fn).
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

TEST(stream_poll_fn, CountsDownFiveItems) {
    std::size_t counter = 5;
    Executor ex;
    auto r = ex.run(stream_poll_fn([&counter]() -> StreamPoll<std::size_t, std::string> {
                        if (counter == 0) {
                            return ready(std::nullopt);
                        }
                        --counter;
                        return ready(counter);
                    }).collect());
    EXPECT_EQ(r.value(), (std::vector<std::size_t>{4, 3, 2, 1, 0}));
}

TEST(stream_poll_fn, IsCalledOnEveryPollAndPassesEveryAnswer) {
    int calls = 0;
    auto s = by_hand(stream_poll_fn([&calls]() -> StreamPoll<int, int> {
        switch (++calls) {
        case 1:
            return not_ready;
        case 2:
            return fail(9);
        case 3:
            return ready(1);
        default:
            return ready(std::nullopt);
        }
    }));
    EXPECT_EQ(s.next(), "NotReady");
    EXPECT_EQ(s.next(), "Err(9)");
    EXPECT_EQ(s.next(), "1");
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(calls, 5);
}

} // namespace
} // namespace futurescope
