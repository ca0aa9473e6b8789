// with and with_flat_map: a function in front of a sink — one item in flight, refused items
// handed back, and no claim to be flushed before the inner sink is — futures-rs's tests/sink.rs
// with_flush, with_as_map, with_flat_map and with_flush_propagate.
#include <gtest/gtest.h>

#include <optional>
#include <utility>
#include <vector>

#include "futurescope/channels.hpp"
#include "futurescope/futures.hpp"

namespace futurescope {
namespace {

// tests/sink.rs ManualFlush: takes every item at once; poll_complete is NotReady (keeping the
// task's handle) while it holds unflushed items, until force_flush.
class ManualFlush : public SinkExt<ManualFlush> {
  public:
    using sink_item_type = std::optional<int>; // nullopt flushes
    using sink_error_type = Unit;

    StartSend<std::optional<int>, Unit> start_send(std::optional<int> op) {
        if (op) {
            data.push_back(*op);
        } else {
            (void)force_flush();
        }
        return sink_ready;
    }
    Poll<Unit, Unit> poll_complete() {
        if (data.empty()) {
            return ready();
        }
        waiting.push_back(park());
        return not_ready;
    }
    Poll<Unit, Unit> close() { return ready(); }

    std::vector<int> force_flush() {
        for (Task &t : waiting) {
            t.notify();
        }
        waiting.clear();
        return std::exchange(data, {});
    }

    std::vector<int> data;
    std::vector<Task> waiting;
};

TEST(with, APendingItemHoldsTheFlushUntilItsFutureResolves) {
    // tests/sink.rs: with_flush.
    auto ch = oneshot<Unit>();
    std::optional<OneshotReceiver<Unit>> block(std::move(ch.second));
    auto sink = VectorSink<int>().with([&block](int elem) {
        std::optional<OneshotReceiver<Unit>> first = std::exchange(block, std::nullopt);
        // The first item waits on the oneshot; later ones are ready at once.
        return poll_fn([first = std::move(first), elem]() mutable -> Poll<int, Canceled> {
            if (first) {
                auto p = first->poll();
                if (p.is_not_ready()) {
                    return not_ready;
                }
                first.reset();
            }
            return ready(elem + 1);
        });
    });
    CountingNotify notify;
    {
        TaskLocalMap locals;
        TaskContext ctx{nullptr, &notify, 1, &locals, nullptr};
        ContextScope scope(&ctx);
        EXPECT_TRUE(sink.start_send(0).is_ready());
    }
    auto task = spawn_local(std::move(sink).flush());
    EXPECT_TRUE(task.poll_future_notify(notify).is_not_ready());
    EXPECT_TRUE(std::move(ch.first).send(Unit{}).is_ok());
    EXPECT_EQ(notify.count(), 1u);
    auto flushed = task.poll_future_notify(notify);
    ASSERT_TRUE(flushed.is_ready());
    Executor ex;
    auto sent = ex.run(std::move(flushed).value().send(1));
    EXPECT_EQ(sent.value().get_mut().items(), (std::vector<int>{1, 2}));
}

TEST(with, MapsEachItem) {
    // tests/sink.rs: with_as_map.
    Executor ex;
    auto sink = VectorSink<int>().with([](int item) { return Result<int, Unit>::ok(item * 2); });
    auto s1 = ex.run(std::move(sink).send(0)).value();
    auto s2 = ex.run(std::move(s1).send(1)).value();
    auto s3 = ex.run(std::move(s2).send(2)).value();
    EXPECT_EQ(s3.get_mut().items(), (std::vector<int>{0, 2, 4}));
}

TEST(with, IsNotFlushedBeforeTheInnerSinkIs) {
    // tests/sink.rs: with_flush_propagate.
    auto sink = ManualFlush().with(
        [](std::optional<int> x) { return Result<std::optional<int>, Unit>::ok(x); });
    CountingNotify notify;
    auto task = spawn_local(std::move(sink).flush());
    {
        TaskLocalMap locals;
        TaskContext ctx{nullptr, &notify, 1, &locals, nullptr};
        ContextScope scope(&ctx);
        auto &with = task.get().get_mut();
        EXPECT_TRUE(with.start_send(0).is_ready());
        // One item in flight: the second waits until the first has reached the inner sink.
        EXPECT_TRUE(with.start_send(1).is_ready());
    }
    EXPECT_TRUE(task.poll_future_notify(notify).is_not_ready());
    EXPECT_EQ(notify.count(), 0u);
    EXPECT_EQ(task.get().get_mut().get_mut().force_flush(), (std::vector<int>{0, 1}));
    EXPECT_EQ(notify.count(), 1u);
    EXPECT_TRUE(task.poll_future_notify(notify).is_ready());
}

TEST(with, TheFunctionsErrorIsTheSinksError) {
    CountingNotify notify;
    auto sink = VectorSink<int>().with(
        [](int x) { return x < 0 ? Result<int, int>::err(x) : Result<int, int>::ok(x); });
    TaskLocalMap locals;
    TaskContext ctx{nullptr, &notify, 1, &locals, nullptr};
    ContextScope scope(&ctx);
    EXPECT_TRUE(sink.start_send(-4).is_ready());
    auto p = sink.poll_complete();
    ASSERT_TRUE(p.is_err());
    EXPECT_EQ(p.error(), -4);
    EXPECT_TRUE(sink.start_send(3).is_ready());
    EXPECT_TRUE(sink.poll_complete().is_ready());
    EXPECT_EQ(sink.get_mut().items(), (std::vector<int>{3}));
}

TEST(with_flat_map, ExpandsEachItemIntoAStream) {
    // tests/sink.rs: with_flat_map.
    Executor ex;
    auto sink = VectorSink<int>().with_flat_map(
        [](int item) { return iter_ok(std::vector<int>(static_cast<std::size_t>(item), item)); });
    auto s0 = ex.run(std::move(sink).send(0)).value();
    auto s1 = ex.run(std::move(s0).send(1)).value();
    auto s2 = ex.run(std::move(s1).send(2)).value();
    auto s3 = ex.run(std::move(s2).send(3)).value();
    EXPECT_EQ(s3.get_mut().items(), (std::vector<int>{1, 2, 2, 3, 3, 3}));
}

} // namespace
} // namespace futurescope
