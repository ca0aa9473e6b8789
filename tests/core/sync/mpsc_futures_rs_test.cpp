// The bounded sync mpsc channel under futures-rs's tests/mpsc.rs, channel.rs and mpsc-close.rs,
// in their single-threaded form: send and receive, the end of the stream, close and drop,
// try_send.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "futurescope/channels.hpp"
#include "futurescope/futures.hpp"
#include "support/channel_support.hpp"
#include "support/probe.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::channel_lines;
using testing::drain_all;
using testing::drain_fold;
using testing::InTask;
using testing::PacedConsumer;
using testing::Probe;
using testing::RangeStream;
using testing::SendEach;
using testing::take_n;
using testing::Tracked;
using testing::ViaProbe;

// [SECTION] futures-rs tests/mpsc.rs

TEST(mpsc, SendRecv) {
    Executor ex;
    auto ch = mpsc::channel<int>(16);
    auto tx = ex.run(std::move(ch.first).send(1));
    ASSERT_TRUE(tx.is_ok());
    auto got = ex.run(take_n(std::move(ch.second), 1));
    EXPECT_EQ(got.value(), (std::vector<int>{1}));
}

TEST(mpsc, SendRecvNoBuffer) {
    InTask task;
    auto ch = mpsc::channel<int>(0);
    auto &tx = ch.first;
    auto &rx = ch.second;
    task([&] {
        EXPECT_TRUE(tx.poll_complete().is_ready());
        EXPECT_TRUE(tx.poll_ready().is_ready());
        EXPECT_TRUE(tx.start_send(1).is_ready());
        EXPECT_TRUE(tx.poll_ready().is_not_ready());
        EXPECT_TRUE(tx.start_send(2).is_not_ready());
        auto one = rx.poll();
        ASSERT_TRUE(one.is_ready());
        EXPECT_EQ(one.value(), std::optional<int>(1));
        EXPECT_TRUE(tx.poll_ready().is_ready());
        EXPECT_TRUE(tx.start_send(2).is_ready());
        EXPECT_TRUE(tx.poll_ready().is_not_ready());
        auto two = rx.poll();
        EXPECT_EQ(two.value(), std::optional<int>(2));
        EXPECT_TRUE(tx.poll_ready().is_ready());
    });
}

TEST(mpsc, SendSharedRecv) {
    Executor ex;
    auto ch = mpsc::channel<int>(16);
    mpsc::Sender<int> tx2 = ch.first.clone();
    ASSERT_TRUE(ex.run(std::move(ch.first).send(1)).is_ok());
    ASSERT_TRUE(ex.run(std::move(tx2).send(2)).is_ok());
    // Both senders are dropped with the run results: the stream ends after the two items.
    auto all = ex.run(drain_all(std::move(ch.second)));
    EXPECT_EQ(all.value(), (std::vector<int>{1, 2}));
}

TEST(mpsc, SendOfChannelZeroCompletesOnlyAfterTheReceiverTakesTheItem) {
    // send_recv_threads_no_capacity, as two tasks: the Send resolves in the poll after the
    // receiver took the item.
    Executor ex;
    auto ch = mpsc::channel<int>(0);
    std::vector<TimeNs> sent_ns;
    std::vector<std::pair<int, TimeNs>> taken;
    ex.spawn(SendEach<mpsc::Sender<int>>(std::move(ch.first), {1, 2}, &sent_ns));
    ex.spawn(PacedConsumer<mpsc::Receiver<int>>(std::move(ch.second), 5ms, &taken));
    ex.run_all();
    EXPECT_EQ(sent_ns, (std::vector<TimeNs>{0, 5'000'000}));
    EXPECT_EQ(taken, (std::vector<std::pair<int, TimeNs>>{{1, 0}, {2, 5'000'000}}));
}

TEST(mpsc, RecvCloseGetsNone) {
    InTask task;
    auto ch = mpsc::channel<int>(10);
    task([&] {
        ch.second.close();
        EXPECT_EQ(ch.second.poll().value(), std::nullopt);
        auto p = ch.first.poll_ready();
        ASSERT_TRUE(p.is_err());
        EXPECT_EQ(p.error().describe(), "SendError(())");
    });
}

TEST(mpsc, TxCloseGetsNone) {
    InTask task;
    auto ch = mpsc::channel<int>(10);
    { auto dropped = std::move(ch.first); }
    task([&] {
        EXPECT_EQ(ch.second.poll().value(), std::nullopt);
        EXPECT_EQ(ch.second.poll().value(), std::nullopt);
    });
    EXPECT_EQ(task.notify.count(), 0u);
}

TEST(mpsc, StressDropSenderReceivesEverythingSentBeforeTheDrop) {
    for (int round = 0; round < 100; ++round) {
        Executor ex;
        auto ch = mpsc::channel<int>(1);
        ex.spawn(SendEach<mpsc::Sender<int>>(std::move(ch.first), {1, 2, 3}));
        auto all = ex.run(drain_all(std::move(ch.second)));
        ASSERT_EQ(all.value(), (std::vector<int>{1, 2, 3}));
    }
}

TEST(mpsc, TrySendFail) {
    InTask task;
    auto ch = mpsc::channel<std::string>(0);
    auto &tx = ch.first;
    auto &rx = ch.second;
    EXPECT_TRUE(tx.try_send("hello").is_ok());
    auto fail = tx.try_send("fail");
    ASSERT_TRUE(fail.is_err());
    EXPECT_TRUE(fail.error().is_full());
    EXPECT_EQ(fail.error().describe(), "Full(\"fail\")");
    EXPECT_EQ(task([&] { return rx.poll(); }).value(), std::optional<std::string>("hello"));
    EXPECT_TRUE(tx.try_send("goodbye").is_ok());
    { auto dropped = std::move(tx); }
    EXPECT_EQ(task([&] { return rx.poll(); }).value(), std::optional<std::string>("goodbye"));
    EXPECT_EQ(task([&] { return rx.poll(); }).value(), std::nullopt);
}

TEST(mpsc, TrySendThenABlockingSendKeepsTheOrder) {
    // try_send_2 in one thread: "hello" fills channel(0); start_send("fail") is refused; a Send
    // of "goodbye" completes only after the receiver took "hello".
    InTask task; // outlives the channel, whose parking slot holds its handle for a while
    Executor ex;
    auto ch = mpsc::channel<std::string>(0);
    ASSERT_TRUE(ch.first.try_send("hello").is_ok());
    task([&] { EXPECT_TRUE(ch.first.start_send("fail").is_not_ready()); });
    std::vector<TimeNs> sent_ns;
    std::vector<std::pair<std::string, TimeNs>> taken;
    ex.spawn(SendEach<mpsc::Sender<std::string>>(std::move(ch.first), {"goodbye"}, &sent_ns));
    ex.spawn(PacedConsumer<mpsc::Receiver<std::string>>(std::move(ch.second), 1ms, &taken));
    ex.run_all();
    EXPECT_EQ(taken,
              (std::vector<std::pair<std::string, TimeNs>>{{"hello", 0}, {"goodbye", 1'000'000}}));
    // Refused first, accepted (and parked) after "hello" was taken, done after "goodbye" was.
    EXPECT_EQ(sent_ns, (std::vector<TimeNs>{1'000'000}));
    EXPECT_EQ(ex.task(1).polls, 3u);
}

TEST(mpsc, BoundedIsReallyBounded) {
    InTask task;
    auto ch = mpsc::channel<int>(0);
    task([&] {
        EXPECT_TRUE(ch.first.start_send(1).is_ready());
        EXPECT_TRUE(ch.first.poll_complete().is_not_ready());
        EXPECT_EQ(ch.second.poll().value(), std::optional<int>(1));
        EXPECT_TRUE(ch.first.poll_complete().is_ready());
    });
    // Taking the item unparked the task that was waiting in poll_complete.
    EXPECT_EQ(task.notify.count(), 1u);
}

TEST(mpsc, PollReadyIsErrOnceTheReceiverIsGone) {
    InTask task;
    auto ch = mpsc::channel<int>(1);
    { auto rx = std::move(ch.second); }
    task([&] {
        EXPECT_TRUE(ch.first.poll_ready().is_err());
        EXPECT_TRUE(ch.first.is_closed());
        // A closed channel counts as flushed.
        EXPECT_TRUE(ch.first.poll_complete().is_ready());
    });
}

// [SECTION] futures-rs tests/channel.rs

TEST(mpsc, SequenceOfRecursiveSendsIsReceivedInOrder) {
    InTask task;
    Executor ex;
    auto ch = mpsc::channel<int>(1);
    task([&] {
        EXPECT_TRUE(ch.second.poll().is_not_ready());
        EXPECT_TRUE(ch.second.poll().is_not_ready());
    });
    std::vector<int> items;
    for (int i = 20; i >= 1; --i) {
        items.push_back(i);
    }
    ex.spawn(SendEach<mpsc::Sender<int>>(std::move(ch.first), items));
    auto all = ex.run(drain_all(std::move(ch.second)));
    EXPECT_EQ(all.value(), items);
}

TEST(mpsc, DropSenderEndsTheStreamAtOnce) {
    InTask task;
    auto ch = mpsc::channel<int>(1);
    { auto tx = std::move(ch.first); }
    auto p = task([&] { return ch.second.poll(); });
    ASSERT_TRUE(p.is_ready());
    EXPECT_EQ(p.value(), std::nullopt);
    EXPECT_EQ(task.notify.count(), 0u);
}

TEST(mpsc, SendAfterTheReceiverIsDroppedFails) {
    Executor ex;
    auto ch = mpsc::channel<int>(1);
    auto tx = ex.run(std::move(ch.first).send(1));
    { auto rx = std::move(ch.second); }
    auto again = ex.run(std::move(tx).value().send(1));
    ASSERT_TRUE(again.is_err());
    EXPECT_EQ(again.error(), mpsc::SendError<int>{1});
}

TEST(mpsc, DropOrderOfQueuedAndRefusedMessages) {
    int live = 0;
    Executor ex;
    auto ch = mpsc::channel<Tracked>(1);
    auto tx = ex.run(std::move(ch.first).send(Tracked(1, &live)));
    EXPECT_EQ(live, 1);
    { auto rx = std::move(ch.second); } // drops the queued message
    EXPECT_EQ(live, 0);
    {
        auto failed = ex.run(std::move(tx).value().send(Tracked(2, &live)));
        ASSERT_TRUE(failed.is_err());
        EXPECT_EQ(live, 1); // the refused message travels back in the error
        EXPECT_EQ(failed.error().item.value, 2);
    }
    EXPECT_EQ(live, 0);
}

// [SECTION] futures-rs tests/mpsc-close.rs

// Sends `value` again and again until a send fails; counts the sends that resolved.
class SendUntilErr : public FutureExt<SendUntilErr> {
  public:
    using item_type = Unit;
    using error_type = mpsc::SendError<int>;

    SendUntilErr(mpsc::Sender<int> tx, int *sent) : send_(std::move(tx).send(42)), sent_(sent) {}

    Poll<Unit, error_type> poll() {
        for (;;) {
            auto p = send_->poll();
            if (!p.is_ready()) {
                return p.is_err() ? Poll<Unit, error_type>(Err<error_type>{std::move(p).error()})
                                  : Poll<Unit, error_type>(not_ready);
            }
            ++*sent_;
            mpsc::Sender<int> tx = std::move(p).value();
            send_.reset();
            send_.emplace(std::move(tx).send(42));
        }
    }

  private:
    std::optional<Send<mpsc::Sender<int>>> send_;
    int *sent_;
};

TEST(mpsc, DroppingTheReceiverStopsALoopingSender) {
    Executor ex;
    auto ch = mpsc::channel<int>(1);
    int sent = 0;
    ex.spawn(SendUntilErr(std::move(ch.first), &sent));
    ex.spawn(take_n(std::move(ch.second), 3));
    ex.run_all();
    // Two sends before the first take, one more, then the receiver takes its third item and is
    // dropped; the parked fourth send sees a closed channel as flushed, the fifth fails.
    EXPECT_EQ(sent, 4);
    EXPECT_EQ(ex.task(1).result, "SendError(42)");
    EXPECT_EQ(ex.task(2).result, "[42, 42, 42]");
    EXPECT_EQ(ex.task(1).polls, 3u);
    EXPECT_EQ(ex.task(2).polls, 2u);
}

TEST(mpsc, TrySendNeverReportsSuccessForAnItemThatIsThenLost) {
    InTask task;
    int live = 0;
    auto ch = mpsc::channel<Tracked>(0);
    auto &tx = ch.first;
    int accepted = 0;
    for (int i = 0; i < 5; ++i) {
        auto r = tx.try_send(Tracked(i, &live));
        accepted += r.is_ok() ? 1 : 0;
        if (i % 2 == 1) {
            auto got = task([&] { return ch.second.poll(); });
            ASSERT_TRUE(got.is_ready());
        }
    }
    EXPECT_EQ(accepted, 3); // 0, then 2 after taking 0, then 4 after taking 2
    EXPECT_EQ(live, 1);     // item 4 is queued
    { auto rx = std::move(ch.second); }
    EXPECT_EQ(live, 0); // dropped with the receiver, not lost in the channel
    auto r = tx.try_send(Tracked(5, &live));
    ASSERT_TRUE(r.is_err());
    EXPECT_TRUE(r.error().is_disconnected());
    EXPECT_EQ(r.error().item.value, 5);
}

} // namespace
} // namespace futurescope
