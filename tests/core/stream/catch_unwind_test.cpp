// catch_unwind on streams: items and the stream's errors as Ok/Err items; a Panic thrown inside
// the inner poll becomes the stream's error, the inner stream is dropped, and the stream ends.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "futurescope/streams.hpp"
#include "support/stream_helpers.hpp"

namespace futurescope {
namespace {
using testing::Er;
using testing::Ok;
using testing::show;
using testing::Yielding;

TEST(catch_unwind_stream, APanicInTheMiddleIsTheErrorAndThenTheEnd) {
    // tests/stream_catch_unwind.rs: panic_in_the_middle_of_the_stream (`unwrap` of None panics).
    auto s = spawn_local(iter_ok(std::vector<std::optional<int>>{10, std::nullopt, 11})
                             .map([](std::optional<int> o) {
                                 if (!o) {
                                     throw Panic("called `Option::unwrap()` on a `None` value");
                                 }
                                 return *o;
                             })
                             .catch_unwind());
    CountingNotify notify;
    auto first = s.poll_stream_notify(notify);
    ASSERT_TRUE(first.is_ready());
    EXPECT_EQ(*first.value(), (Result<int, Never>(Ready<int>{10})));
    auto second = s.poll_stream_notify(notify);
    ASSERT_TRUE(second.is_err());
    EXPECT_STREQ(second.error().what(), "called `Option::unwrap()` on a `None` value");
    EXPECT_EQ(show(s.poll_stream_notify(notify)), "None");
    try {
        (void)s.poll_stream_notify(notify);
        ADD_FAILURE() << "no panic";
    } catch (const Panic &p) {
        EXPECT_STREQ(p.what(), "cannot poll after eof");
    }
}

TEST(catch_unwind_stream, WithoutAPanicEveryItemIsOk) {
    // tests/stream_catch_unwind.rs: no_panic.
    auto s = spawn_local(iter_ok(std::vector<int>{10, 11, 12}).catch_unwind());
    CountingNotify notify;
    std::vector<std::string> seen;
    for (int i = 0; i < 4; ++i) {
        seen.push_back(show(s.poll_stream_notify(notify)));
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"Ok(10)", "Ok(11)", "Ok(12)", "None"}));
}

TEST(catch_unwind_stream, TheStreamsOwnErrorsAreItemsAndNotReadyPasses) {
    auto s = spawn_local(Yielding<int, int>({Ok(1), Er(2)}).catch_unwind());
    CountingNotify notify;
    std::vector<std::string> seen;
    for (int i = 0; i < 5; ++i) {
        seen.push_back(show(s.poll_stream_notify(notify)));
    }
    EXPECT_EQ(seen,
              (std::vector<std::string>{"NotReady", "Ok(1)", "NotReady", "Err(2)", "NotReady"}));
    EXPECT_EQ(show(s.poll_stream_notify(notify)), "None");
}

} // namespace
} // namespace futurescope
