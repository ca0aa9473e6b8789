// BiLock: two halves of one value, locked in turn; a half that finds it locked waits and the
// unlock wakes it; the halves reunite into the value — futures-rs's tests/bilock.rs smoke.
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "futurescope/channels.hpp"
#include "futurescope/futures.hpp"
#include "support/channel_support.hpp"

namespace futurescope {
namespace {
using testing::InTask;

TEST(bilock, OneHalfHoldsTheLockWhileTheOtherWaits) {
    // tests/bilock.rs: smoke.
    InTask task;
    task([&] {
        auto [a, b] = BiLock<int>::make(1);
        {
            auto lock = a.poll_lock();
            ASSERT_TRUE(lock.is_ready());
            EXPECT_EQ(*lock.value(), 1);
            *lock.value() = 2;
            EXPECT_TRUE(b.poll_lock().is_not_ready());
            EXPECT_TRUE(a.poll_lock().is_not_ready());
            EXPECT_EQ(task.notify.count(), 0u);
        }
        // The unlock woke the task that waited for it.
        EXPECT_EQ(task.notify.count(), 1u);
        EXPECT_STREQ(task.notify.last().via, "bilock unlocked");
        EXPECT_TRUE(b.poll_lock().is_ready());
        EXPECT_TRUE(a.poll_lock().is_ready());
        {
            auto lock = b.poll_lock();
            ASSERT_TRUE(lock.is_ready());
            EXPECT_EQ(*lock.value(), 2);
        }
        auto value = std::move(a).reunite(std::move(b));
        ASSERT_TRUE(value.is_ok());
        EXPECT_EQ(value.value(), 2);
    });
}

TEST(bilock, HalvesOfTwoPairsDoNotReunite) {
    auto [a, b] = BiLock<int>::make(1);
    auto [c, d] = BiLock<int>::make(2);
    auto r = std::move(a).reunite(std::move(c));
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(describe(r.error()), "tried to reunite two BiLocks that don't form a pair");
    EXPECT_EQ(std::move(r.error().first).reunite(std::move(b)).value(), 1);
    EXPECT_EQ(std::move(r.error().second).reunite(std::move(d)).value(), 2);
}

} // namespace
} // namespace futurescope
