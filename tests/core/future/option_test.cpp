// option: an optional future resolves to Some of its item, or to None at once when there is none.
#include <gtest/gtest.h>

#include <optional>

#include "futurescope/futures.hpp"

namespace futurescope {
namespace {

TEST(option, SomeFutureResolvesToSomeOfItsItemAndNoneToNone) {
    // tests/all.rs: option.
    Executor ex;
    auto some = ex.run(option(std::optional(ok(Unit{}))));
    EXPECT_EQ(some.value(), std::optional<Unit>(Unit{}));
    auto none = ex.run(option(std::optional<FutureResult<Unit, Never>>()));
    EXPECT_EQ(none.value(), std::nullopt);
}

TEST(option, PassesNotReadyAndTheErrorThrough) {
    CountingNotify notify;
    auto pending = spawn_local(option(std::optional(empty<int, int>())));
    EXPECT_TRUE(pending.poll_future_notify(notify).is_not_ready());
    auto failed = spawn_local(option(std::optional(err<int>(4))));
    EXPECT_EQ(failed.poll_future_notify(notify).error(), 4);
}

} // namespace
} // namespace futurescope
