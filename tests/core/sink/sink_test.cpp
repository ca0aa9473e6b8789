// Sinks and the futures that drive them: Send (start_send, then wait for poll_complete),
// SendAll and Forward (the buffered item first, flush when the stream has nothing ready, close
// at its end), over a vector sink and over channels — futures-rs's tests/sink.rs (vec_sink,
// send, send_all, mpsc_blocking_start_send, map_err) and stream.rs forward.
#include <gtest/gtest.h>

#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "futurescope/channels.hpp"
#include "futurescope/futures.hpp"
#include "support/channel_support.hpp"
#include "support/probe.hpp"

namespace futurescope {
namespace {
using testing::drain_all;
using testing::InTask;
using testing::ListStream;
using testing::Probe;
using testing::RangeStream;
using testing::VecSink;

// A sink that refuses items while its gate (owned by the test) is shut.
class GateSink : public SinkExt<GateSink> {
  public:
    using sink_item_type = int;
    using sink_error_type = Never;

    explicit GateSink(const bool *open) : open_(open) {}

    StartSend<int, Never> start_send(int item) {
        ++start_sends;
        if (!*open_) {
            return SinkNotReady<int>{item};
        }
        items.push_back(item);
        return sink_ready;
    }
    Poll<Unit, Never> poll_complete() { return ready(); }
    Poll<Unit, Never> close() {
        ++closes;
        return ready();
    }

    std::vector<int> items;
    int start_sends = 0;
    int closes = 0;

  private:
    const bool *open_;
};

// futures-rs tests' StartSendFut: one start_send, retried until the sink takes the item;
// resolves to the sink without flushing.
template <class K>
class StartSendFut : public FutureExt<StartSendFut<K>> {
  public:
    using item_type = K;
    using error_type = sink_error_t<K>;

    StartSendFut(K sink, sink_item_t<K> item) : sink_(std::move(sink)), item_(std::move(item)) {}

    Poll<K, error_type> poll() {
        auto r = sink_->start_send(std::move(*item_));
        item_.reset();
        if (r.is_err()) {
            return Err<error_type>{std::move(r).error()};
        }
        if (r.is_not_ready()) {
            item_.emplace(std::move(r).item());
            return not_ready;
        }
        K sink = std::move(*sink_);
        sink_.reset();
        return Ready<K>{std::move(sink)};
    }

  private:
    std::optional<K> sink_;
    std::optional<sink_item_t<K>> item_;
};

static_assert(Sink<VecSink<int>>);
static_assert(Sink<GateSink>);
static_assert(Sink<mpsc::Sender<int>>);
static_assert(Sink<mpsc::UnboundedSender<int>>);
static_assert(Sink<unsync_mpsc::Sender<int>>);
static_assert(Sink<unsync_mpsc::UnboundedSender<int>>);
static_assert(Stream<mpsc::Receiver<int>>);
static_assert(Stream<unsync_mpsc::Receiver<int>>);
static_assert(Future<OneshotReceiver<int>>);

// [SECTION] A vector as a sink (tests/sink.rs)

TEST(sink, AVectorSinkTakesEveryItem) {
    VecSink<int> v;
    EXPECT_TRUE(v.start_send(0).is_ready());
    EXPECT_TRUE(v.start_send(1).is_ready());
    EXPECT_EQ(v.items, (std::vector<int>{0, 1}));
    EXPECT_TRUE(v.poll_complete().is_ready());
}

TEST(sink, SendAppendsAndResolvesToTheSink) {
    Executor ex;
    auto v = ex.run(VecSink<int>().send(0));
    EXPECT_EQ(v.value().items, (std::vector<int>{0}));
    auto v2 = ex.run(std::move(v).value().send(1));
    EXPECT_EQ(v2.value().items, (std::vector<int>{0, 1}));
    auto v3 = ex.run(std::move(v2).value().send(2));
    EXPECT_EQ(v3.value().items, (std::vector<int>{0, 1, 2}));
    EXPECT_EQ(v3.value().flushes, 3);
}

TEST(sink, SendWaitsUntilTheSinkIsFlushed) {
    CountingNotify notify;
    VecSink<int> v;
    v.flush_ready = false;
    Spawn<Send<VecSink<int>>> task(std::move(v).send(1));
    Probe probe;
    ObserverScope scope(&probe);
    EXPECT_TRUE(task.poll_future_notify(notify).is_not_ready());
    EXPECT_TRUE(task.poll_future_notify(notify).is_not_ready());
    task.get().get_mut().flush_ready = true;
    auto r = task.poll_future_notify(notify);
    ASSERT_TRUE(r.is_ready());
    EXPECT_EQ(r.value().start_sends, 1); // the item went in once; then only flushes
    EXPECT_EQ(r.value().flushes, 3);
    EXPECT_EQ(probe.only("state"),
              (std::vector<std::string>{"state Send#1 sending->flushing",
                                        "state Send#1 flushing->done"}));
}

TEST(sink, SendKeepsARefusedItemAndOffersItAgain) {
    CountingNotify notify;
    bool open = false;
    Spawn<Send<GateSink>> task(GateSink(&open).send(7));
    EXPECT_TRUE(task.poll_future_notify(notify).is_not_ready());
    EXPECT_TRUE(task.poll_future_notify(notify).is_not_ready());
    open = true;
    auto r = task.poll_future_notify(notify);
    ASSERT_TRUE(r.is_ready());
    EXPECT_EQ(r.value().items, (std::vector<int>{7}));
    EXPECT_EQ(r.value().start_sends, 3);
}

TEST(sink, SendFailsWithTheSinksErrorAndLosesTheItem) {
    VecSink<int, std::string> v;
    v.fail_next = true;
    v.error = "full of errors";
    CountingNotify notify;
    Spawn<Send<VecSink<int, std::string>>> task(std::move(v).send(1));
    auto r = task.poll_future_notify(notify);
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error(), "full of errors");
    // The item is gone: the next poll only flushes.
    auto again = task.poll_future_notify(notify);
    ASSERT_TRUE(again.is_ready());
    EXPECT_TRUE(again.value().items.empty());
}

TEST(sink, PollingSendAfterCompletionIsAPanic) {
    CountingNotify notify;
    Spawn<Send<VecSink<int>>> task(VecSink<int>().send(1));
    ASSERT_TRUE(task.poll_future_notify(notify).is_ready());
    try {
        (void)task.poll_future_notify(notify);
        FAIL();
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "Attempted to poll Send after completion");
    }
}

// [SECTION] send_all

TEST(sink, SendAllAppendsEverythingAndResolvesToSinkAndStream) {
    Executor ex;
    auto r = ex.run(VecSink<int>().send_all(RangeStream<int>(0, 2)));
    EXPECT_EQ(r.value().first.items, (std::vector<int>{0, 1}));
    auto r2 = ex.run(std::move(r).value().first.send_all(RangeStream<int>(2, 4)));
    EXPECT_EQ(r2.value().first.items, (std::vector<int>{0, 1, 2, 3}));
    EXPECT_EQ(r2.value().first.closes, 2);
    EXPECT_EQ(r2.value().first.flushes, 0); // the stream was never NotReady
    InTask task;
    EXPECT_EQ(task([&] { return r2.value().second.poll(); }).value(), std::nullopt);
}

TEST(sink, SendAllFlushesWhenTheStreamHasNothingReady) {
    // Poll 1: 1 is sent, the stream is NotReady (it wakes its task), so the sink is flushed and
    // send_all is NotReady even though the flush was Ready. Poll 2: 2 is sent, the stream ends,
    // the sink is closed.
    Executor ex;
    using List = ListStream<int, Never>;
    auto r = ex.run(VecSink<int>().send_all(List({Ready<int>{1}, std::nullopt, Ready<int>{2}})));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value().first.items, (std::vector<int>{1, 2}));
    EXPECT_EQ(r.value().first.flushes, 1);
    EXPECT_EQ(r.value().first.closes, 1);
    EXPECT_EQ(ex.task(1).polls, 2u);
    EXPECT_EQ(r.value().second.polls, 4); // 1, NotReady, 2, end
}

TEST(sink, SendAllRetriesTheRefusedItemFirst) {
    CountingNotify notify;
    bool open = true;
    GateSink gate(&open);
    auto f = std::move(gate).send_all(RangeStream<int>(0, 3));
    Spawn<decltype(f)> task(std::move(f));
    Probe probe;
    ObserverScope scope(&probe);
    open = false;
    EXPECT_TRUE(task.poll_future_notify(notify).is_not_ready());
    EXPECT_TRUE(task.poll_future_notify(notify).is_not_ready());
    open = true;
    auto r = task.poll_future_notify(notify);
    ASSERT_TRUE(r.is_ready());
    EXPECT_EQ(r.value().first.items, (std::vector<int>{0, 1, 2}));
    EXPECT_EQ(r.value().first.start_sends, 5); // 0 refused twice, then 0, 1, 2
    EXPECT_EQ(r.value().first.closes, 1);
    EXPECT_EQ(probe.only("state"),
              (std::vector<std::string>{"state SendAll#1 sending->blocked",
                                        "state SendAll#1 blocked->sending",
                                        "state SendAll#1 sending->closing",
                                        "state SendAll#1 closing->done"}));
    // The stream is pulled only when the refused item went in: one pull per item, one end.
    EXPECT_EQ(probe.only("exit RangeStream").size(), 4u);
}

TEST(sink, SendAllTurnsAStreamErrorIntoTheSinksError) {
    using List = ListStream<int, std::string>;
    using F = SendAll<VecSink<int, std::string>, List>;
    static_assert(std::is_same_v<error_t<F>, std::string>);
    CountingNotify notify;
    Spawn<F> task(
        VecSink<int, std::string>().send_all(List({Ready<int>{1}, Err<std::string>{"boom"}})));
    auto r = task.poll_future_notify(notify);
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error(), "boom");
}

TEST(sink, AnInfallibleSinkTakesTheStreamsErrorType) {
    using F = SendAll<VecSink<int>, ListStream<int, std::string>>;
    static_assert(std::is_same_v<error_t<F>, std::string>);
    using G = SendAll<mpsc::Sender<int>, RangeStream<int>>;
    static_assert(std::is_same_v<error_t<G>, mpsc::SendError<int>>);
}

TEST(sink, PollingSendAllAfterCompletionIsAPanic) {
    CountingNotify notify;
    auto f = VecSink<int>().send_all(RangeStream<int>(0, 1));
    Spawn<decltype(f)> task(std::move(f));
    ASSERT_TRUE(task.poll_future_notify(notify).is_ready());
    try {
        (void)task.poll_future_notify(notify);
        FAIL();
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "Attempted to poll SendAll after completion");
    }
}

// [SECTION] Over channels

TEST(sink, AStartSendOnAFullChannelIsRefusedUntilTheReceiverTakes) {
    // mpsc_blocking_start_send: channel(0) holds one item; the second start_send is refused
    // and nobody is notified yet; the receiver taking the item notifies the refused task.
    InTask outer;
    CountingNotify flag;
    auto ch = mpsc::channel<int>(0);
    outer([&] { EXPECT_TRUE(ch.first.start_send(0).is_ready()); });
    Spawn<StartSendFut<mpsc::Sender<int>>> task(
        StartSendFut<mpsc::Sender<int>>(std::move(ch.first), 1));
    EXPECT_TRUE(task.poll_future_notify(flag).is_not_ready());
    EXPECT_EQ(flag.count(), 0u);
    EXPECT_EQ(outer([&] { return ch.second.poll(); }).value(), std::optional<int>(0));
    EXPECT_EQ(flag.count(), 1u);
    EXPECT_TRUE(task.poll_future_notify(flag).is_ready());
    EXPECT_EQ(flag.count(), 1u);
    EXPECT_EQ(outer([&] { return ch.second.poll(); }).value(), std::optional<int>(1));
}

TEST(sink, StartSendOnAChannelWithoutReceiverFails) {
    auto ch = mpsc::channel<Unit>(0);
    { auto rx = std::move(ch.second); }
    InTask task;
    auto r = task([&] { return ch.first.start_send(Unit{}); });
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error(), mpsc::SendError<Unit>{Unit{}});
}

TEST(sink, ForwardSendsAStreamIntoAChannelAndResolvesToStreamAndSink) {
    Executor ex;
    auto ch = mpsc::channel<int>(1);
    ex.spawn(drain_all(std::move(ch.second)));
    {
        auto r = ex.run(RangeStream<int>(0, 5).forward(std::move(ch.first)));
        ASSERT_TRUE(r.is_ok());
        static_assert(std::is_same_v<decltype(r.value().first), RangeStream<int>>);
        EXPECT_EQ(r.value().second.describe(), "Sender");
        // The sender lives on in the result: the stream cannot end before it is dropped.
        EXPECT_FALSE(r.value().second.is_closed());
    }
    ex.run_all();
    EXPECT_EQ(ex.task(1).result, "[0, 1, 2, 3, 4]");
}

TEST(sink, ForwardTurnsTheSinksErrorIntoTheStreamsError) {
    struct AnyError {
        explicit AnyError(mpsc::SendError<int> e) : text(e.describe()) {}
        std::string text;
    };
    using List = ListStream<int, AnyError>;
    auto ch = mpsc::channel<int>(4);
    { auto rx = std::move(ch.second); }
    auto f = List({Ready<int>{1}}).forward(std::move(ch.first));
    static_assert(std::is_same_v<error_t<decltype(f)>, AnyError>);
    CountingNotify notify;
    Spawn<decltype(f)> task(std::move(f));
    auto r = task.poll_future_notify(notify);
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error().text, "SendError(1)");
}

TEST(sink, PollingForwardAfterCompletionIsAPanic) {
    CountingNotify notify;
    auto f = RangeStream<int>(0, 1).forward(VecSink<int>());
    Spawn<decltype(f)> task(std::move(f));
    ASSERT_TRUE(task.poll_future_notify(notify).is_ready());
    try {
        (void)task.poll_future_notify(notify);
        FAIL();
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "Attempted to poll Forward after completion");
    }
}

TEST(sink, SendAllParksInPollCompleteWhenAChannelSenderIsParked) {
    // With a bounded channel the refused path and the flush path both wait for the receiver:
    // a stream that is NotReady right after an item went over the buffer parks the sender's
    // task in poll_complete.
    using List = ListStream<int, Never>;
    CountingNotify notify;
    InTask rx_task(2);
    auto ch = mpsc::channel<int>(0);
    auto f = std::move(ch.first).send_all(List({Ready<int>{1}, std::nullopt, Ready<int>{2}}));
    Spawn<decltype(f)> task(std::move(f));
    EXPECT_TRUE(task.poll_future_notify(notify).is_not_ready());
    // The stream's own wakeup, and a parked sender: poll_complete took the task too.
    EXPECT_EQ(notify.count(), 1u);
    EXPECT_EQ(rx_task([&] { return ch.second.poll(); }).value(), std::optional<int>(1));
    EXPECT_EQ(notify.count(), 2u);
    EXPECT_STREQ(notify.last().via, "mpsc item received");
}

} // namespace
} // namespace futurescope
