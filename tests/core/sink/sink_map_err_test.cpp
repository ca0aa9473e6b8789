// sink_map_err and sink_from_err: the sink's error transformed or converted; items and flushes
// pass through — futures-rs's tests/sink.rs map_err and from_err.
#include <gtest/gtest.h>

#include <utility>

#include "futurescope/channels.hpp"
#include "futurescope/futures.hpp"

namespace futurescope {
namespace {

struct FromErrTest {
    FromErrTest() = default;
    template <class T>
    explicit FromErrTest(mpsc::SendError<T> /*unused*/) {}
    friend bool operator==(FromErrTest, FromErrTest) { return true; }
};

class InTaskScope {
  public:
    InTaskScope() : ctx_{nullptr, &notify_, 1, &locals_, nullptr}, scope_(&ctx_) {}

  private:
    CountingNotify notify_;
    TaskLocalMap locals_;
    TaskContext ctx_;
    ContextScope scope_;
};

TEST(sink_map_err, MapsTheSendError) {
    // tests/sink.rs: map_err.
    InTaskScope in_task;
    {
        auto [tx, rx] = mpsc::channel<Unit>(1);
        auto sink = std::move(tx).sink_map_err([](mpsc::SendError<Unit>) { return Unit{}; });
        EXPECT_TRUE(sink.start_send(Unit{}).is_ready());
        EXPECT_TRUE(sink.poll_complete().is_ready());
    }
    auto tx = mpsc::channel<Unit>(0).first;
    auto sink = std::move(tx).sink_map_err([](mpsc::SendError<Unit>) { return 5; });
    auto r = sink.start_send(Unit{});
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error(), 5);
}

TEST(sink_map_err, ASecondErrorPanics) {
    InTaskScope in_task;
    auto tx = mpsc::channel<int>(0).first;
    auto sink = std::move(tx).sink_map_err([](mpsc::SendError<int> e) { return e.item; });
    EXPECT_EQ(sink.start_send(3).error(), 3);
    try {
        (void)sink.start_send(4);
        ADD_FAILURE() << "no panic";
    } catch (const Panic &p) {
        EXPECT_STREQ(p.what(), "cannot use MapErr after an error");
    }
}

TEST(sink_from_err, ConvertsTheSendError) {
    // tests/sink.rs: from_err.
    InTaskScope in_task;
    {
        auto [tx, rx] = mpsc::channel<Unit>(1);
        auto sink = std::move(tx).sink_from_err<FromErrTest>();
        EXPECT_TRUE(sink.start_send(Unit{}).is_ready());
        EXPECT_TRUE(sink.poll_complete().is_ready());
    }
    auto tx = mpsc::channel<Unit>(0).first;
    auto r = std::move(tx).sink_from_err<FromErrTest>().start_send(Unit{});
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error(), FromErrTest{});
}

TEST(flush, ResolvesToTheSinkOnceItIsFlushedAndPanicsWhenPolledAgain) {
    auto [tx, rx] = mpsc::channel<int>(0);
    CountingNotify notify;
    auto task = spawn_local(
        std::move(tx).send(1).and_then([](mpsc::Sender<int> s) { return std::move(s).flush(); }));
    EXPECT_TRUE(task.poll_future_notify(notify).is_not_ready());
    InTaskScope other;
    EXPECT_EQ(*rx.poll().value(), 1);
    EXPECT_EQ(notify.count(), 1u);
    EXPECT_TRUE(task.poll_future_notify(notify).is_ready());
    auto f = spawn_local(VectorSink<int>().flush());
    EXPECT_TRUE(f.poll_future_notify(notify).is_ready());
    try {
        (void)f.poll_future_notify(notify);
        ADD_FAILURE() << "no panic";
    } catch (const Panic &p) {
        EXPECT_STREQ(p.what(), "Attempted to poll Flush after it completed");
    }
}

} // namespace
} // namespace futurescope
