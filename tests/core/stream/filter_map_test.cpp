// filter_map: the values f gives; one poll pulls until f gives one.
#include <gtest/gtest.h>

#include <optional>
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

TEST(filter_map_stream, YieldsTheValuesFGives) {
    // tests/stream.rs: filter_map.
    Executor ex;
    auto r = ex.run(list()
                        .filter_map([](int x) {
                            return x % 2 == 0 ? std::optional<int>(x + 10) : std::nullopt;
                        })
                        .collect());
    EXPECT_EQ(r.value(), (std::vector<int>{12}));
}

TEST(filter_map_stream, PullsUntilFGivesAValueAndPassesErrors) {
    int calls = 0;
    auto s = by_hand(iter_result({Ok(1), Ok(3), Er(5), Ok(6), Ok(7)}).filter_map([&calls](int x) {
        ++calls;
        return x % 2 == 0 ? std::optional<double>(x / 4.0) : std::nullopt;
    }));
    EXPECT_EQ(s.next(), "Err(5)");
    EXPECT_EQ(calls, 2);
    EXPECT_EQ(s.next(), "1.5");
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(calls, 4);
}

} // namespace
} // namespace futurescope
