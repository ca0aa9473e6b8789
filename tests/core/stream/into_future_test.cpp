// into_future: the next answer and the rest of the stream.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/future/result.hpp"
#include "futurescope/streams.hpp"
#include "support/stream_helpers.hpp"

namespace futurescope {
namespace {
using testing::by_hand;
using testing::Er;
using testing::list;
using testing::Ok;

TEST(stream_future, ResolvesToTheFirstItemAndTheRest) {
    Executor ex;
    auto r = ex.run(list().into_future());
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value().first, std::optional<int>(1));
    EXPECT_EQ(ex.task(1).polls, 2u);
    auto rest = ex.run(std::move(r.value().second).collect());
    EXPECT_EQ(rest.value(), (std::vector<int>{2, 3}));
}

TEST(stream_future, AtTheEndItResolvesToNothingAndTheStream) {
    auto f = by_hand(empty_stream<int, int>().into_future());
    auto p = f.poll();
    ASSERT_TRUE(p.is_ready());
    EXPECT_EQ(p.value().first, std::nullopt);
}

TEST(stream_future, AnErrorFailsWithTheErrorAndTheRest) {
    auto f = by_hand(iter_result({Er(4), Ok(5)}).into_future());
    auto p = f.poll();
    ASSERT_TRUE(p.is_err());
    EXPECT_EQ(p.error().first, 4);
    auto rest = by_hand(std::move(p.error().second));
    EXPECT_EQ(rest.next(), "5");
    EXPECT_EQ(rest.next(), "None");
}

TEST(stream_future, PollingAgainAfterItResolvedPanics) {
    auto f = by_hand(iter_ok({1}).into_future());
    EXPECT_TRUE(f.poll().is_ready());
    EXPECT_EQ(f.get().get_mut(), nullptr);
    try {
        (void)f.poll();
        FAIL() << "no panic";
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "polling StreamFuture twice");
    }
}

TEST(stream_future, NotReadyKeepsTheStream) {
    auto f = by_hand(list().into_future());
    EXPECT_EQ(f.poll().is_not_ready(), true);
    EXPECT_NE(f.get().get_mut(), nullptr);
    EXPECT_EQ(f.notified(), 1u);
    EXPECT_TRUE(f.poll().is_ready());
}

} // namespace
} // namespace futurescope
