// buffer: room for n items while the inner sink refuses them, passed on in order; buffer(0) is
// the inner sink — futures-rs's tests/sink.rs buffer_noop and buffer.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "futurescope/channels.hpp"
#include "futurescope/futures.hpp"

namespace futurescope {
namespace {

// tests/sink.rs Allow and ManualAllow: a sink that refuses items (keeping the task's handle)
// until the test allows it, and then wakes the tasks it refused.
struct Allow {
    bool flag = false;
    std::vector<Task> tasks;
    bool check() {
        if (flag) {
            return true;
        }
        tasks.push_back(park());
        return false;
    }
    void start() {
        flag = true;
        for (Task &t : tasks) {
            t.notify();
        }
        tasks.clear();
    }
};

class ManualAllow : public SinkExt<ManualAllow> {
  public:
    using sink_item_type = int;
    using sink_error_type = Unit;

    explicit ManualAllow(std::shared_ptr<Allow> allow) : allow_(std::move(allow)) {}

    StartSend<int, Unit> start_send(int item) {
        if (allow_->check()) {
            data.push_back(item);
            return sink_ready;
        }
        return SinkNotReady<int>{item};
    }
    Poll<Unit, Unit> poll_complete() { return ready(); }
    Poll<Unit, Unit> close() { return ready(); }

    std::vector<int> data;

  private:
    std::shared_ptr<Allow> allow_;
};

TEST(buffer, ChangesNothingOverASinkThatAlwaysAccepts) {
    // tests/sink.rs: buffer_noop.
    Executor ex;
    for (std::size_t n : {0u, 1u}) {
        auto s1 = ex.run(VectorSink<int>().buffer(n).send(0)).value();
        auto s2 = ex.run(std::move(s1).send(1)).value();
        EXPECT_EQ(s2.get_mut().items(), (std::vector<int>{0, 1})) << "buffer(" << n << ")";
    }
}

TEST(buffer, HoldsNItemsWhileTheInnerSinkIsBlocked) {
    // tests/sink.rs: buffer.
    CountingNotify notify; // outlives the handles the sink keeps of it
    auto allow = std::make_shared<Allow>();
    auto sink = ManualAllow(allow).buffer(2);
    {
        TaskLocalMap locals;
        TaskContext ctx{nullptr, &notify, 1, &locals, nullptr};
        ContextScope scope(&ctx);
        EXPECT_TRUE(sink.start_send(0).is_ready());
        EXPECT_TRUE(sink.start_send(1).is_ready());
        EXPECT_EQ(sink.held(), 2u);
    }
    auto task = spawn_local(std::move(sink).send(2));
    EXPECT_TRUE(task.poll_future_notify(notify).is_not_ready());
    EXPECT_EQ(notify.count(), 0u);
    allow->start();
    EXPECT_GE(notify.count(), 1u);
    auto done = task.poll_future_notify(notify);
    ASSERT_TRUE(done.is_ready());
    EXPECT_EQ(done.value().get_mut().data, (std::vector<int>{0, 1, 2}));
}

TEST(buffer, AHeldItemIsSentBeforeTheNextAndFlushWaitsForAll) {
    // The notify target outlives the handles the sink keeps of it.
    CountingNotify notify;
    auto allow = std::make_shared<Allow>();
    auto sink = ManualAllow(allow).buffer(1);
    TaskLocalMap locals;
    TaskContext ctx{nullptr, &notify, 1, &locals, nullptr};
    ContextScope scope(&ctx);
    EXPECT_TRUE(sink.start_send(7).is_ready());
    EXPECT_TRUE(sink.start_send(8).is_not_ready());
    EXPECT_TRUE(sink.poll_complete().is_not_ready());
    allow->flag = true;
    EXPECT_TRUE(sink.start_send(8).is_ready());
    EXPECT_TRUE(sink.poll_complete().is_ready());
    EXPECT_EQ(sink.get_mut().data, (std::vector<int>{7, 8}));
}

} // namespace
} // namespace futurescope
