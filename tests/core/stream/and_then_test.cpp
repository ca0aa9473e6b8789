// and_then on streams: a future per item, one at a time; the stream's errors skip the function;
// the future's error is a stream error and the stream goes on.
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

TEST(and_then_stream, RunsAFutureForEachItem) {
    // tests/stream.rs: and_then.
    Executor ex;
    auto r = ex.run(list().and_then([](int a) { return Result<int, int>::ok(a + 1); }).collect());
    EXPECT_EQ(r.value(), (std::vector<int>{2, 3, 4}));
}

TEST(and_then_stream, TheFuturesErrorEndsACollect) {
    // tests/stream.rs: and_then, second half.
    Executor ex;
    auto r = ex.run(list().and_then([](int a) { return err<int>(a); }).collect());
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error(), 1);
}

TEST(and_then_stream, AStreamErrorSkipsTheFunction) {
    int calls = 0;
    auto s = by_hand(iter_result({Er(5), Ok(1)}).and_then([&calls](int a) {
        ++calls;
        return ok<int>(a * 2);
    }));
    EXPECT_EQ(s.next(), "Err(5)");
    EXPECT_EQ(calls, 0);
    EXPECT_EQ(s.next(), "2");
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(calls, 1);
}

TEST(and_then_stream, AFuturesErrorIsYieldedAndTheStreamGoesOn) {
    auto s = by_hand(iter_ok<int>({1, 2, 3}).and_then(
        [](int a) { return a == 2 ? Result<int, int>::err(-a) : Result<int, int>::ok(a); }));
    EXPECT_EQ(s.next(), "1");
    EXPECT_EQ(s.next(), "Err(-2)");
    EXPECT_EQ(s.next(), "3");
    EXPECT_EQ(s.next(), "None");
}

TEST(and_then_stream, FuturesRunOneAfterTheOther) {
    Executor ex;
    std::vector<std::string> log;
    ex.run(testing::record(
        iter_ok({30, 10}).and_then([](int ms) { return delay(ms * 1ms).map([ms] { return ms; }); }),
        log));
    EXPECT_EQ(log, (std::vector<std::string>{"30@30ms", "10@40ms", "None@40ms"}));
    EXPECT_EQ(ex.task(1).polls, 3u);
}

} // namespace
} // namespace futurescope
