// Virtual time is int64 nanoseconds: a deadline past what it holds panics the polling task with
// Rust's text for `Instant + Duration` overflowing, for a delay, a block and an interval alike,
// instead of wrapping round into the past.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <limits>

#include "futurescope/futures.hpp"

namespace futurescope {
namespace {

using namespace std::chrono_literals;

constexpr TimeNs half_of_max = std::numeric_limits<TimeNs>::max() / 2 + 1;

TEST(time_after, AddsOrPanicsWithRustsOverflowText) {
    EXPECT_EQ(time_after(10, 5), 15);
    EXPECT_EQ(time_after(std::numeric_limits<TimeNs>::max() - 1, 1),
              std::numeric_limits<TimeNs>::max());
    try {
        (void)time_after(std::numeric_limits<TimeNs>::max(), 1);
        FAIL() << "no panic";
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "overflow when adding duration to instant");
    }
}

TEST(delay, ADeadlinePastTheEndOfTimePanicsTheTaskAndLeavesTheClock) {
    Executor ex;
    ex.spawn(delay(std::chrono::nanoseconds(half_of_max)).and_then([] {
        return delay(std::chrono::nanoseconds(half_of_max));
    }));
    ex.run_all();
    const TaskView t = ex.task(1);
    EXPECT_EQ(t.state, TaskState::completed);
    EXPECT_EQ(t.panic, "overflow when adding duration to instant");
    // The first delay fired; the second never registered a timer that wrapped into the past.
    EXPECT_EQ(t.completed_ns, half_of_max);
    EXPECT_EQ(ex.now(), half_of_max);
}

TEST(block, ABlockPastTheEndOfTimePanicsTheTask) {
    Executor ex;
    ex.spawn(block(std::chrono::nanoseconds(half_of_max)).and_then([] {
        return block(std::chrono::nanoseconds(half_of_max));
    }));
    ex.run_all();
    const TaskView t = ex.task(1);
    EXPECT_EQ(t.panic, "overflow when adding duration to instant");
    EXPECT_EQ(ex.now(), half_of_max);
}

TEST(interval, ATickPastTheEndOfTimePanicsTheTask) {
    Executor ex;
    ex.spawn(interval(std::chrono::nanoseconds(half_of_max)).take(3).collect());
    ex.run_all();
    const TaskView t = ex.task(1);
    EXPECT_EQ(t.panic, "overflow when adding duration to instant");
    EXPECT_EQ(ex.now(), half_of_max);
}

} // namespace
} // namespace futurescope
