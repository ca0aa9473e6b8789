// The unsync mpsc channel: strict capacity (channel(0) never accepts), refused sends queued
// per refusal, poll_complete always Ready, a wakeup per send, the end once every sender is gone
// — with futures-rs's tests/unsync.rs in this executor, and the contrast with the sync channel.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <tuple>
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
using testing::ViaProbe;

// [SECTION] tests/unsync.rs

TEST(unsync_mpsc, SendRecvThenTheEnd) {
    Executor ex;
    auto ch = unsync_mpsc::channel<int>(1);
    ASSERT_TRUE(ex.run(std::move(ch.first).send(42)).is_ok()); // the sender is dropped with it
    EXPECT_EQ(ex.run(drain_all(std::move(ch.second))).value(), (std::vector<int>{42}));
}

TEST(unsync_mpsc, AnEmptyReceiverWithALiveSenderIsNotReady) {
    InTask task;
    auto ch = unsync_mpsc::channel<int>(1);
    EXPECT_TRUE(task([&] { return ch.second.poll(); }).is_not_ready());
}

TEST(unsync_mpsc, AReceiverWithoutSendersEnds) {
    InTask task;
    auto ch = unsync_mpsc::channel<int>(1);
    { auto tx = std::move(ch.first); }
    EXPECT_EQ(task([&] { return ch.second.poll(); }).value(), std::nullopt);
}

TEST(unsync_mpsc, TheStreamEndsOnlyAfterEveryCloneIsDropped) {
    InTask task;
    auto ch = unsync_mpsc::channel<int>(1);
    auto clone = ch.first.clone();
    EXPECT_TRUE(task([&] { return ch.second.poll(); }).is_not_ready());
    { auto tx = std::move(ch.first); }
    EXPECT_EQ(task.notify.count(), 0u);
    EXPECT_TRUE(task([&] { return ch.second.poll(); }).is_not_ready());
    { auto tx = std::move(clone); }
    EXPECT_EQ(task.notify.count(), 1u); // the last sender's drop wakes the receiver
    EXPECT_STREQ(task.notify.last().via, "unsync mpsc last sender dropped");
    EXPECT_EQ(task([&] { return ch.second.poll(); }).value(), std::nullopt);
}

TEST(unsync_mpsc, ASendIntoAFullChannelIsNotReady) {
    InTask task;
    Executor ex;
    auto ch = unsync_mpsc::channel<int>(1);
    auto tx = ex.run(std::move(ch.first).send(1));
    auto second = std::move(tx).value().send(2);
    EXPECT_TRUE(task([&] { return second.poll(); }).is_not_ready());
}

TEST(unsync_mpsc, ASendWithoutAReceiverFails) {
    InTask task;
    auto ch = unsync_mpsc::channel<int>(1);
    { auto rx = std::move(ch.second); }
    auto send = std::move(ch.first).send(2);
    auto r = task([&] { return send.poll(); });
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error().describe(), "SendError(2)");
}

TEST(unsync_mpsc, ForwardJoinedWithTheReceiverInOneTask) {
    // mpsc_backpressure: forward [1, 2, 3] into channel(1), joined with taking 3, one task.
    Executor ex;
    auto ch = unsync_mpsc::channel<int>(1);
    auto r = ex.run(RangeStream<int>(1, 4)
                        .forward(std::move(ch.first))
                        .map([](auto &&) { return 0; })
                        .join(take_n(std::move(ch.second), 3)));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(std::get<1>(r.value()), (std::vector<int>{1, 2, 3}));
    // 1 is accepted, 2 refused; the receiver takes 1 and wakes the sender; next poll: 2 in, 3
    // refused, 2 taken; next: 3 in, the stream ends, 3 taken.
    EXPECT_EQ(ex.task(1).polls, 3u);
}

TEST(unsync_mpsc, SendersInOtherTasksWakeTheCollectingReceiver) {
    Executor ex;
    auto ch = unsync_mpsc::channel<int>(1);
    auto tx2 = ch.first.clone();
    ex.spawn(drain_all(std::move(ch.second)));
    ex.spawn(std::move(ch.first).send(1).map([](auto &&) {}));
    ex.spawn(std::move(tx2).send(2).map([](auto &&) {}));
    ex.run_all();
    EXPECT_EQ(ex.task(1).result, "[1, 2]");
}

TEST(unsync_mpsc, AForwardBlockedOnAFullChannelFailsWhenTheReceiverIsDropped) {
    Executor ex;
    auto ch = unsync_mpsc::channel<int>(1);
    ex.spawn(RangeStream<int>(1, 3).forward(std::move(ch.first)));
    ex.spawn(poll_fn([rx = std::optional<unsync_mpsc::Receiver<int>>(
                          std::move(ch.second))]() mutable -> Poll<Unit, Never> {
        rx.reset();
        return ready();
    }));
    ex.run_all();
    EXPECT_EQ(ex.task(1).outcome, PollOutcome::err);
    EXPECT_EQ(ex.task(1).result, "SendError(2)");
    EXPECT_EQ(ex.task(1).polls, 2u);
}

TEST(unsync_mpsc, ADroppedSenderOfAnUnusedChannelWakesTheReceiver) {
    // dropped_sender_of_unused_channel_notifies_receiver, both orders: an empty forward whose
    // drop is the only wakeup the parked receiver gets.
    for (bool reverse : {false, true}) {
        Executor ex;
        auto ch = unsync_mpsc::channel<std::uint8_t>(1);
        auto sending =
            RangeStream<std::uint8_t>(0, 0).forward(std::move(ch.first)).map([](auto &&) {
                return 42;
            });
        auto receiving = drain_fold(std::move(ch.second), 0, [](int acc, std::uint8_t) {
                             return acc;
                         }).map([](int) { return 24; });
        if (!reverse) {
            auto r = ex.run(join(std::move(sending), std::move(receiving)));
            EXPECT_EQ(r.value(), std::make_tuple(42, 24));
        } else {
            auto r = ex.run(join(std::move(receiving), std::move(sending)));
            EXPECT_EQ(r.value(), std::make_tuple(24, 42));
        }
    }
}

// [SECTION] Strict capacity

TEST(unsync_mpsc, ChannelZeroNeverAcceptsAnItem) {
    InTask task;
    auto ch = unsync_mpsc::channel<int>(0);
    task([&] {
        auto r = ch.first.start_send(1);
        ASSERT_TRUE(r.is_not_ready());
        EXPECT_EQ(std::move(r).item(), 1);
        EXPECT_TRUE(ch.second.poll().is_not_ready());
        EXPECT_TRUE(ch.first.start_send(1).is_not_ready());
    });
}

TEST(unsync_mpsc, TheCapacityIsStrictWhateverTheNumberOfSenders) {
    InTask task;
    auto ch = unsync_mpsc::channel<int>(1);
    auto tx2 = ch.first.clone();
    task([&] {
        EXPECT_TRUE(ch.first.start_send(1).is_ready());
        EXPECT_TRUE(tx2.start_send(2).is_not_ready());
        EXPECT_TRUE(ch.first.start_send(3).is_not_ready());
    });
}

TEST(unsync_mpsc, ASendResolvesAsSoonAsItsItemIsAccepted) {
    // The sends complete at the same times as with the sync channel(1) — 0, 0, 10, 20, 30 — for
    // another reason: poll_complete is always Ready, and the item that does not fit is refused
    // (NotReady, item back) instead of being queued while its sender parks.
    Executor ex;
    Probe probe;
    probe.futures = false;
    ex.set_observer(&probe);
    auto ch = unsync_mpsc::channel<int>(1);
    std::vector<TimeNs> sent_ns;
    std::vector<std::pair<int, TimeNs>> taken;
    ex.spawn(SendEach<unsync_mpsc::Sender<int>>(std::move(ch.first), {0, 1, 2, 3, 4}, &sent_ns));
    ex.spawn(PacedConsumer<unsync_mpsc::Receiver<int>>(std::move(ch.second), 10ms, &taken));
    ex.run_all();
    EXPECT_EQ(sent_ns, (std::vector<TimeNs>{0, 0, 10'000'000, 20'000'000, 30'000'000}));
    EXPECT_EQ(taken,
              (std::vector<std::pair<int, TimeNs>>{
                  {0, 0}, {1, 10'000'000}, {2, 20'000'000}, {3, 30'000'000}, {4, 40'000'000}}));
    EXPECT_EQ(ex.task(1).polls, 5u);
    std::vector<std::string> events = channel_lines(probe);
    events.resize(4);
    EXPECT_EQ(events,
              (std::vector<std::string>{"chan_send #1 0",
                                        "chan_full #1 1 (send refused: channel full)",
                                        "chan_recv #1 0",
                                        "chan_send #1 1"}));
}

TEST(unsync_mpsc, ChannelOfOneDrainsOneItemPerBurst) {
    // A producer sending 10 items with send_all and a draining consumer alternate: each poll of
    // the producer gets exactly one item in, each poll of the consumer takes it.
    Executor ex;
    auto ch = unsync_mpsc::channel<int>(1);
    ex.spawn(std::move(ch.first).send_all(RangeStream<int>(0, 10)).map([](auto &&) {}));
    ex.spawn(drain_all(std::move(ch.second)));
    ex.run_all();
    EXPECT_EQ(ex.task(1).polls, 10u);
    EXPECT_EQ(ex.task(2).polls, 10u);
    EXPECT_EQ(ex.task(2).result, "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]");
}

TEST(unsync_mpsc, ASenderRefusedTwiceIsQueuedTwice) {
    InTask a;
    InTask b(2);
    auto ch = unsync_mpsc::channel<int>(1);
    auto tx2 = ch.first.clone();
    a([&] {
        EXPECT_TRUE(ch.first.start_send(1).is_ready());
        EXPECT_TRUE(ch.first.start_send(2).is_not_ready());
        EXPECT_TRUE(ch.first.start_send(2).is_not_ready());
    });
    b([&] { EXPECT_TRUE(tx2.start_send(3).is_not_ready()); });
    InTask rx_task(3);
    // Each item taken wakes the first queued entry: a, then a again, and only then b.
    EXPECT_EQ(rx_task([&] { return ch.second.poll(); }).value(), std::optional<int>(1));
    EXPECT_EQ(a.notify.count(), 1u);
    a([&] { EXPECT_TRUE(ch.first.start_send(2).is_ready()); });
    EXPECT_EQ(rx_task([&] { return ch.second.poll(); }).value(), std::optional<int>(2));
    EXPECT_EQ(a.notify.count(), 2u);
    EXPECT_EQ(b.notify.count(), 0u);
    EXPECT_STREQ(a.notify.last().via, "unsync mpsc item received");
}

TEST(unsync_mpsc, EverySendWakesAParkedReceiver) {
    InTask tx_task;
    InTask rx_task(2);
    auto ch = unsync_mpsc::channel<int>(4);
    EXPECT_TRUE(rx_task([&] { return ch.second.poll(); }).is_not_ready());
    tx_task([&] { EXPECT_TRUE(ch.first.start_send(1).is_ready()); });
    EXPECT_EQ(rx_task.notify.count(), 1u);
    // The handle was taken by that wakeup: a second send finds no parked receiver.
    tx_task([&] { EXPECT_TRUE(ch.first.start_send(2).is_ready()); });
    EXPECT_EQ(rx_task.notify.count(), 1u);
    EXPECT_TRUE(rx_task([&] { return ch.second.poll(); }).is_ready());
    EXPECT_TRUE(rx_task([&] { return ch.second.poll(); }).is_ready());
    EXPECT_TRUE(rx_task([&] { return ch.second.poll(); }).is_not_ready());
    tx_task([&] { EXPECT_TRUE(ch.first.start_send(3).is_ready()); });
    EXPECT_EQ(rx_task.notify.count(), 2u);
    EXPECT_STREQ(rx_task.notify.last().via, "unsync mpsc item sent");
}

TEST(unsync_mpsc, CloseWakesEveryBlockedSenderAndKeepsTheQueuedItems) {
    InTask a;
    auto ch = unsync_mpsc::channel<int>(1);
    a([&] {
        EXPECT_TRUE(ch.first.start_send(1).is_ready());
        EXPECT_TRUE(ch.first.start_send(2).is_not_ready());
    });
    ch.second.close();
    EXPECT_EQ(a.notify.count(), 1u);
    EXPECT_STREQ(a.notify.last().via, "unsync mpsc receiver closed");
    a([&] { EXPECT_TRUE(ch.first.start_send(2).is_err()); });
    EXPECT_EQ(ch.second.poll().value(), std::optional<int>(1));
    EXPECT_EQ(ch.second.poll().value(), std::nullopt);
}

TEST(unsync_mpsc, ReportsItsEvents) {
    Probe probe;
    ObserverScope scope(&probe);
    InTask task;
    auto ch = unsync_mpsc::channel<int>(1);
    task([&] {
        EXPECT_TRUE(ch.first.start_send(1).is_ready());
        EXPECT_TRUE(ch.first.start_send(2).is_not_ready());
        EXPECT_EQ(ch.second.poll().value(), std::optional<int>(1));
    });
    { auto tx = std::move(ch.first); }
    { auto rx = std::move(ch.second); }
    EXPECT_EQ(channel_lines(probe),
              (std::vector<std::string>{"chan_send #1 1",
                                        "chan_full #1 2 (send refused: channel full)",
                                        "chan_recv #1 1",
                                        "chan_close #1 (last sender dropped)",
                                        "chan_close #1 (receiver dropped)"}));
}

} // namespace
} // namespace futurescope
