// inspect_err on streams: sees each error, not the items, and passes the error on.
#include <gtest/gtest.h>

#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/streams.hpp"
#include "support/stream_helpers.hpp"

namespace futurescope {
namespace {
using testing::Er;
using testing::err_list;
using testing::Ok;
using testing::Yielding;

TEST(inspect_err_stream, SeesTheErrorAndPassesItOn) {
    // tests/stream.rs: inspect_err.
    std::vector<int> seen;
    Executor ex;
    auto r = ex.run(err_list().inspect_err([&seen](const int &e) { seen.push_back(e); }).collect());
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error(), 3);
    EXPECT_EQ(seen, (std::vector<int>{3}));
}

TEST(inspect_err_stream, IsNotCalledOnItemsAndTheStreamGoesOn) {
    std::vector<int> seen;
    std::vector<int> items;
    Executor ex;
    auto r = ex.run(Yielding<int, int>({Er(1), Ok(2), Er(3), Ok(4)})
                        .inspect_err([&seen](const int &e) { seen.push_back(e); })
                        .or_else([](int) { return ok<int>(0); })
                        .for_each([&items](int x) {
                            items.push_back(x);
                            return ok<int>(Unit{});
                        }));
    EXPECT_TRUE(r.is_ok());
    EXPECT_EQ(seen, (std::vector<int>{1, 3}));
    EXPECT_EQ(items, (std::vector<int>{0, 2, 0, 4}));
}

} // namespace
} // namespace futurescope
