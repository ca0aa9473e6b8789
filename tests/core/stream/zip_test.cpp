// zip: pairs; each side holds one item and is polled only without one; the shorter side ends it.
#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/future/map.hpp"
#include "futurescope/future/result.hpp"
#include "futurescope/streams.hpp"
#include "support/stream_helpers.hpp"

namespace futurescope {
namespace {
using testing::by_hand;
using testing::err_list;
using testing::list;
using Pairs = std::vector<std::pair<int, int>>;

TEST(zip_stream, PairsTheItems) {
    // tests/stream.rs: zip.
    Executor ex;
    EXPECT_EQ(ex.run(list().zip(list()).collect()).value(), (Pairs{{1, 1}, {2, 2}, {3, 3}}));
    EXPECT_EQ(ex.run(list().zip(list().take(2)).collect()).value(), (Pairs{{1, 1}, {2, 2}}));
    EXPECT_EQ(ex.run(list().take(2).zip(list()).collect()).value(), (Pairs{{1, 1}, {2, 2}}));
    auto e = ex.run(err_list().zip(list()).collect());
    ASSERT_TRUE(e.is_err());
    EXPECT_EQ(e.error(), 3);
    EXPECT_EQ(ex.run(list().zip(list().map([](int x) { return x + 1; })).collect()).value(),
              (Pairs{{1, 2}, {2, 3}, {3, 4}}));
}

TEST(zip_stream, ASideHoldingAnItemIsNotPolled) {
    int a_polls = 0;
    int b_polls = 0;
    auto a = iter_ok({1, 2}).inspect([&a_polls](const int &) { ++a_polls; });
    auto b = stream_poll_fn([&b_polls]() -> StreamPoll<int, Never> {
        ++b_polls;
        if (b_polls == 1) {
            return not_ready;
        }
        return ready(b_polls * 10);
    });
    auto s = by_hand(std::move(a).zip(std::move(b)));
    EXPECT_EQ(s.next(), "NotReady");
    EXPECT_EQ(a_polls, 1);
    EXPECT_EQ(s.next(), "(1, 20)"); // a held 1 and was not polled again
    EXPECT_EQ(a_polls, 1);
    EXPECT_EQ(b_polls, 2);
    EXPECT_EQ(s.next(), "(2, 30)");
    EXPECT_EQ(s.next(), "None");
}

} // namespace
} // namespace futurescope
