// from_err on streams: each error converted into another type; items pass; the stream goes on.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/streams.hpp"
#include "support/stream_helpers.hpp"

namespace futurescope {
namespace {
using testing::Er;
using testing::err_list;
using testing::Ok;
using testing::show;
using testing::Yielding;

// futures-rs's FromErrTest: an error type built from the stream's.
struct FromErrTest {
    int code;
    explicit FromErrTest(int c) : code(c) {}
    [[nodiscard]] std::string describe() const {
        return "FromErrTest(" + std::to_string(code) + ")";
    }
    friend bool operator==(const FromErrTest &, const FromErrTest &) = default;
};

TEST(from_err_stream, ConvertsTheError) {
    // tests/stream.rs: from_err.
    Executor ex;
    auto r = ex.run(err_list().from_err<FromErrTest>().collect());
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error(), FromErrTest(3));
}

TEST(from_err_stream, ItemsPassAndTheStreamGoesOnAfterAnError) {
    auto s = spawn_local(
        Yielding<int, int>({Er(1), Ok(2), Er(3)}).from_err<FromErrTest>().map([](int x) {
            return x;
        }));
    CountingNotify notify;
    std::vector<std::string> seen;
    for (int i = 0; i < 8; ++i) {
        seen.push_back(show(s.poll_stream_notify(notify)));
    }
    EXPECT_EQ(seen,
              (std::vector<std::string>{"NotReady",
                                        "Err(FromErrTest(1))",
                                        "NotReady",
                                        "2",
                                        "NotReady",
                                        "Err(FromErrTest(3))",
                                        "NotReady",
                                        "None"}));
}

} // namespace
} // namespace futurescope
