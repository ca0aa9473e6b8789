// inspect on streams: sees each item, not the errors.
#include <gtest/gtest.h>

#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/future/result.hpp"
#include "futurescope/streams.hpp"
#include "support/stream_helpers.hpp"

namespace futurescope {
namespace {
using testing::err_list;
using testing::list;

TEST(inspect_stream, SeesEachItemAndPassesItOn) {
    // tests/stream.rs: inspect.
    std::vector<int> seen;
    Executor ex;
    auto r = ex.run(list().inspect([&seen](const int &a) { seen.push_back(a); }).collect());
    EXPECT_EQ(r.value(), (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(seen, (std::vector<int>{1, 2, 3}));
}

TEST(inspect_stream, IsNotCalledOnAnError) {
    std::vector<int> seen;
    Executor ex;
    auto r = ex.run(err_list().inspect([&seen](const int &a) { seen.push_back(a); }).collect());
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error(), 3);
    EXPECT_EQ(seen, (std::vector<int>{1, 2}));
}

} // namespace
} // namespace futurescope
