// or_else on streams: a future per error; items pass through.
#include <gtest/gtest.h>

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

TEST(or_else_stream, RecoversFromErrors) {
    // tests/stream.rs: or_else.
    Executor ex;
    auto r = ex.run(err_list().or_else([](int a) { return ok<int>(a); }).collect());
    EXPECT_EQ(r.value(), (std::vector<int>{1, 2, 3}));
}

TEST(or_else_stream, ItemsPassWithoutACallAndTheFuturesErrorIsAStreamError) {
    int calls = 0;
    auto s = by_hand(iter_result({Er(1), Ok(2), Er(3)}).or_else([&calls](int e) {
        ++calls;
        return e == 1 ? Result<int, long>::err(e * 10L) : Result<int, long>::ok(e * 100);
    }));
    EXPECT_EQ(s.next(), "Err(10)");
    EXPECT_EQ(s.next(), "2");
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(s.next(), "300");
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(calls, 2);
}

} // namespace
} // namespace futurescope
