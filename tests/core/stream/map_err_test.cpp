// map_err on streams: each error through a function; the stream goes on after it.
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
using testing::Er;
using testing::err_list;
using testing::Ok;

TEST(map_err_stream, MapsTheError) {
    // tests/stream.rs: map_err.
    Executor ex;
    auto r = ex.run(err_list().map_err([](int a) { return a + 1; }).collect());
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error(), 4);
}

TEST(map_err_stream, ItemsPassAndTheStreamGoesOnAfterAnError) {
    int calls = 0;
    auto s = by_hand(iter_result({Er(1), Ok(2), Er(3)}).map_err([&calls](int e) {
        ++calls;
        return "e" + std::to_string(e);
    }));
    EXPECT_EQ(s.next(), "Err(\"e1\")");
    EXPECT_EQ(s.next(), "2");
    EXPECT_EQ(s.next(), "Err(\"e3\")");
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(calls, 2);
}

} // namespace
} // namespace futurescope
