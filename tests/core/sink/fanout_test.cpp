// fanout: every item copied into two sinks; an item is taken only when both sides can take it —
// futures-rs's tests/sink.rs fanout_smoke and fanout_backpressure.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "futurescope/channels.hpp"
#include "futurescope/futures.hpp"

namespace futurescope {
namespace {

TEST(fanout, CopiesEveryItemToBothSinks) {
    // tests/sink.rs: fanout_smoke.
    Executor ex;
    auto r = ex.run(
        VectorSink<int>().fanout(VectorSink<int>()).send_all(iter_ok(std::vector<int>{1, 2, 3})));
    auto [left, right] = std::move(r.value().first).into_inner();
    EXPECT_EQ(left.items(), (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(right.items(), (std::vector<int>{1, 2, 3}));
}

// Takes one item from a receiver, in a task context of its own (futures-rs's
// `rx.into_future().wait()`).
template <class R>
std::optional<int> take_one(R &rx) {
    CountingNotify n;
    TaskLocalMap locals;
    TaskContext ctx{nullptr, &n, 9, &locals, nullptr};
    ContextScope scope(&ctx);
    auto p = rx.poll();
    EXPECT_TRUE(p.is_ready());
    return p.is_ready() ? p.value() : std::nullopt;
}

TEST(fanout, ASendWaitsUntilBothReceiversHaveTakenTheItem) {
    // tests/sink.rs: fanout_backpressure.
    auto [left_tx, left_rx] = mpsc::channel<int>(0);
    auto [right_tx, right_rx] = mpsc::channel<int>(0);
    auto sink = std::move(left_tx).fanout(std::move(right_tx));
    CountingNotify notify;
    {
        TaskLocalMap locals;
        TaskContext ctx{nullptr, &notify, 1, &locals, nullptr};
        ContextScope scope(&ctx);
        // 0 fills each side's one slot (and parks each sender); 1 is taken too, each side
        // keeping its refused copy to offer again.
        EXPECT_TRUE(sink.start_send(0).is_ready());
        EXPECT_TRUE(sink.start_send(1).is_ready());
    }
    auto task = spawn_local(std::move(sink).send(2));
    std::uint32_t seen = 0;
    // True when the task was woken since the last call.
    auto woken = [&] { return std::exchange(seen, notify.count()) < notify.count(); };
    EXPECT_TRUE(task.poll_future_notify(notify).is_not_ready());
    EXPECT_FALSE(woken());
    EXPECT_EQ(take_one(left_rx), 0);
    EXPECT_TRUE(woken());
    EXPECT_TRUE(task.poll_future_notify(notify).is_not_ready());
    EXPECT_EQ(take_one(right_rx), 0);
    EXPECT_TRUE(woken());
    EXPECT_TRUE(task.poll_future_notify(notify).is_not_ready());
    EXPECT_EQ(take_one(left_rx), 1);
    EXPECT_TRUE(woken());
    EXPECT_TRUE(task.poll_future_notify(notify).is_not_ready());
    EXPECT_EQ(take_one(right_rx), 1);
    EXPECT_TRUE(woken());
    EXPECT_EQ(take_one(left_rx), 2);
    EXPECT_TRUE(woken());
    EXPECT_TRUE(task.poll_future_notify(notify).is_not_ready());
    EXPECT_EQ(take_one(right_rx), 2);
    EXPECT_TRUE(task.poll_future_notify(notify).is_ready());
}

} // namespace
} // namespace futurescope
