// for_each: each body runs to completion before the stream is polled again; the first error,
// of the stream or of a body, ends it.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/future/result.hpp"
#include "futurescope/streams.hpp"
#include "futurescope/time/delay.hpp"
#include "support/stream_helpers.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::by_hand;
using testing::Er;
using testing::Ok;

TEST(for_each, BodiesRunOneAfterTheOther) {
    Executor ex;
    auto r = ex.run(iter_ok({10, 20, 30}).for_each([](int ms) { return delay(ms * 1ms); }));
    EXPECT_TRUE(r.is_ok());
    EXPECT_EQ(ex.now(), 60'000'000);
    EXPECT_EQ(ex.task(1).polls, 4u);
}

TEST(for_each, TheStreamIsNotPolledWhileABodyRuns) {
    Executor ex;
    int pulled = 0;
    ex.spawn(iter_ok({10, 20}).inspect([&pulled](const int &) { ++pulled; }).for_each([](int ms) {
        return delay(ms * 1ms);
    }));
    EXPECT_TRUE(ex.step());
    EXPECT_EQ(pulled, 1);
    EXPECT_FALSE(ex.step());
    EXPECT_TRUE(ex.advance_clock());
    EXPECT_EQ(ex.now(), 10'000'000);
    EXPECT_TRUE(ex.step());
    EXPECT_EQ(pulled, 2); // the first body finished, the second was pulled in the same poll
    EXPECT_TRUE(ex.advance_clock());
    EXPECT_TRUE(ex.step());
    EXPECT_EQ(ex.task(1).state, TaskState::completed);
    EXPECT_EQ(ex.task(1).completed_ns, 30'000'000);
}

TEST(for_each, ABodyReturningNothingRunsInThePoll) {
    Executor ex;
    std::vector<int> seen;
    auto r = ex.run(iter_ok({1, 2, 3}).for_each([&seen](int x) { seen.push_back(x); }));
    EXPECT_TRUE(r.is_ok());
    EXPECT_EQ(seen, (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(ex.task(1).polls, 1u);
}

TEST(for_each, ABodysErrorEndsIt) {
    int bodies = 0;
    auto f = by_hand(iter_ok<std::string>({1, 2, 3}).for_each([&bodies](int x) {
        ++bodies;
        return x == 2 ? Result<Unit, std::string>::err("stop") : Result<Unit, std::string>::ok({});
    }));
    EXPECT_EQ(f.next(), "Err(\"stop\")");
    EXPECT_EQ(bodies, 2);
}

TEST(for_each, TheStreamsErrorEndsIt) {
    int bodies = 0;
    auto f = by_hand(iter_result({Ok(1), Er(7), Ok(3)}).for_each([&bodies](int) { ++bodies; }));
    EXPECT_EQ(f.next(), "Err(7)");
    EXPECT_EQ(bodies, 1);
}

} // namespace
} // namespace futurescope
