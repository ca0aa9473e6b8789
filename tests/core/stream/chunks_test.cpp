// chunks: vectors of n; the partial one at the end and before an error; n == 0 panics.
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
using testing::list;
using testing::Ok;

using Chunks = std::vector<std::vector<int>>;

TEST(chunks_stream, GroupsItemsWithThePartialChunkLast) {
    // tests/stream.rs: chunks.
    Executor ex;
    EXPECT_EQ(ex.run(list().chunks(3).collect()).value(), (Chunks{{1, 2, 3}}));
    EXPECT_EQ(ex.run(list().chunks(1).collect()).value(), (Chunks{{1}, {2}, {3}}));
    EXPECT_EQ(ex.run(list().chunks(2).collect()).value(), (Chunks{{1, 2}, {3}}));
}

TEST(chunks_stream, AnErrorComesAfterThePartialChunk) {
    // tests/stream.rs: chunks, with err_list.
    auto s = by_hand(err_list().chunks(3));
    EXPECT_EQ(s.next(), "NotReady");
    EXPECT_EQ(s.next(), "NotReady");
    EXPECT_EQ(s.next(), "NotReady");
    EXPECT_EQ(s.next(), "[1, 2]");
    EXPECT_EQ(s.next(), "Err(3)");
    EXPECT_EQ(s.next(), "NotReady");
    EXPECT_EQ(s.next(), "None");
}

TEST(chunks_stream, AnErrorWithNothingBufferedComesAtOnce) {
    auto s = by_hand(iter_result({Er(1), Ok(2)}).chunks(2));
    EXPECT_EQ(s.next(), "Err(1)");
    EXPECT_EQ(s.next(), "[2]");
    EXPECT_EQ(s.next(), "None");
    EXPECT_EQ(s.next(), "None");
}

TEST(chunks_stream, ZeroPanicsWithRustsText) {
    // tests/stream.rs: chunks_panic_on_cap_zero.
    try {
        (void)iter_ok({1}).chunks(0);
        FAIL() << "no panic";
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "assertion failed: capacity > 0");
    }
}

} // namespace
} // namespace futurescope
