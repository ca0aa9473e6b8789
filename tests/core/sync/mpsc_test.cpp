// The bounded sync mpsc channel: capacity = buffer + live senders, senders parked over the
// buffer and unparked FIFO by the receiver, merged receiver wakeups, close and drop, the events
// the recorder sees, and the exact poll counts a benchmark depends on. futures-rs's own tests
// are in mpsc_futures_rs_test.cpp.
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

// [SECTION] Poll counts under the executor

TEST(mpsc, SendAllOfAMillionItemsThroughBuffer16Takes117648TaskPolls) {
    // The benchmark's shape: one producer task sending 0..999,999 as one send_all, then one
    // consumer task folding the sum. Each producer poll queues 17 items (16 + its own slot),
    // parks, and is refused the 18th; each consumer poll drains them. 1,000,000 = 58,823 × 17 +
    // 9, so 58,824 polls each — the count futures-rs 0.1.31 gives.
    constexpr std::uint64_t n = 1'000'000;
    Executor ex;
    auto ch = mpsc::channel<std::uint64_t>(16);
    ex.spawn(std::move(ch.first).send_all(RangeStream<>(0, n)).map([](auto &&) {}));
    ex.spawn(drain_fold(std::move(ch.second),
                        std::uint64_t{0},
                        [](std::uint64_t acc, std::uint64_t x) { return acc + x; }));
    RunReport report = ex.run_all();
    EXPECT_EQ(report.reason, StopReason::completed);
    EXPECT_EQ(ex.steps(), 117'648u);
    EXPECT_EQ(ex.task(1).polls, 58'824u);
    EXPECT_EQ(ex.task(2).polls, 58'824u);
    EXPECT_EQ(ex.task(2).result, "499999500000");
    EXPECT_EQ(ex.now(), 0);
}

TEST(mpsc, SendAllCompletesWhileItsSenderIsStillParked) {
    // 34 items: the first poll queues 0..16 and keeps 17; the second queues 17..33, parking at
    // 33, and the stream ends: close() is Ready at once for mpsc, so send_all resolves.
    Executor ex;
    auto ch = mpsc::channel<std::uint64_t>(16);
    ex.spawn(std::move(ch.first).send_all(RangeStream<>(0, 34)).map([](auto &&) {}));
    ex.spawn(drain_all(std::move(ch.second)));
    ex.run_all();
    EXPECT_EQ(ex.task(1).polls, 2u);
    EXPECT_EQ(ex.task(2).polls, 2u);
    EXPECT_EQ(ex.task(2).result.substr(0, 8), "[0, 1, 2");
    EXPECT_EQ(ex.steps(), 4u);
}

TEST(mpsc, SendsCompleteAt0_0_10_20_30WithAConsumerTakingOneItemEvery10ms) {
    // channel(1): send(0) fits; send(1) goes over the buffer, is queued, and its future waits
    // for the unpark the consumer gives when it takes item 0 at t=0; each later send waits for
    // the next take, 10 ms apart. The last sender's drop (at 30 ms) queues the end marker.
    Executor ex;
    auto ch = mpsc::channel<int>(1);
    std::vector<TimeNs> sent_ns;
    std::vector<std::pair<int, TimeNs>> taken;
    ex.spawn(SendEach<mpsc::Sender<int>>(std::move(ch.first), {0, 1, 2, 3, 4}, &sent_ns));
    ex.spawn(PacedConsumer<mpsc::Receiver<int>>(std::move(ch.second), 10ms, &taken));
    ex.run_all();
    EXPECT_EQ(sent_ns, (std::vector<TimeNs>{0, 0, 10'000'000, 20'000'000, 30'000'000}));
    EXPECT_EQ(taken,
              (std::vector<std::pair<int, TimeNs>>{
                  {0, 0}, {1, 10'000'000}, {2, 20'000'000}, {3, 30'000'000}, {4, 40'000'000}}));
    EXPECT_EQ(ex.task(1).completed_ns, 30'000'000);
    EXPECT_EQ(ex.task(1).polls, 5u);
    EXPECT_EQ(ex.task(2).completed_ns, 50'000'000);
    EXPECT_EQ(ex.task(2).polls, 6u);
}

TEST(mpsc, ABlockedSenderResumesInThePollAfterTheReceiverTakesAnItem) {
    // The unpark comes from the receiver's poll (task 2), and the sender's task is polled next.
    Executor ex;
    ViaProbe probe;
    probe.futures = false;
    ex.set_observer(&probe);
    auto ch = mpsc::channel<int>(0);
    ex.spawn(SendEach<mpsc::Sender<int>>(std::move(ch.first), {1, 2}));
    ex.spawn(drain_all(std::move(ch.second)));
    ex.run_all();
    EXPECT_EQ(probe.lines,
              (std::vector<std::string>{"spawn 1",
                                        "spawn 2",
                                        "poll 1",
                                        "park 1",
                                        "chan_send #1 1",
                                        "chan_full #1 (sender parked)",
                                        "park 1",
                                        "end 1 not_ready",
                                        "poll 2",
                                        "unpark 1 from task#2 queued",
                                        "chan_recv #1 1",
                                        "park 2",
                                        "end 2 not_ready",
                                        "poll 1",
                                        "park 1",
                                        "chan_send #1 2",
                                        "chan_full #1 (sender parked)",
                                        "unpark 2 from task#1 queued",
                                        "park 1",
                                        "end 1 not_ready",
                                        "poll 2",
                                        "unpark 1 from task#2 queued",
                                        "chan_recv #1 2",
                                        "park 2",
                                        "end 2 not_ready",
                                        "poll 1",
                                        "end 1 ready",
                                        "chan_close #1 (last sender dropped)",
                                        "unpark 2 from task#1 queued",
                                        "complete 1 ready ()",
                                        "poll 2",
                                        "end 2 ready",
                                        "complete 2 ready [1, 2]"}));
    EXPECT_EQ(probe.vias,
              (std::vector<std::string>{"unpark 1 via mpsc item received",
                                        "unpark 2 via mpsc item sent",
                                        "unpark 1 via mpsc item received",
                                        "unpark 2 via mpsc last sender dropped"}));
}

// [SECTION] Capacity: buffer + live senders

TEST(mpsc, ChannelOfOneWithOneSenderHoldsTwoItems) {
    InTask task;
    auto ch = mpsc::channel<int>(1);
    auto &tx = ch.first;
    task([&] {
        EXPECT_TRUE(tx.start_send(1).is_ready());
        EXPECT_TRUE(tx.poll_complete().is_ready());
        // Over the buffer: the item is queued all the same, and the sender parks.
        EXPECT_TRUE(tx.start_send(2).is_ready());
        EXPECT_TRUE(tx.poll_complete().is_not_ready());
        auto third = tx.start_send(3);
        ASSERT_TRUE(third.is_not_ready());
        EXPECT_EQ(std::move(third).item(), 3);
    });
    EXPECT_EQ(task.notify.count(), 0u);
}

TEST(mpsc, ChannelOfOneWithTwoSendersHoldsThreeItems) {
    InTask a;
    InTask b(2);
    auto ch = mpsc::channel<int>(1);
    mpsc::Sender<int> tx1 = std::move(ch.first);
    mpsc::Sender<int> tx2 = tx1.clone();
    a([&] { EXPECT_TRUE(tx1.start_send(1).is_ready()); });
    b([&] { EXPECT_TRUE(tx2.start_send(2).is_ready()); }); // count 2 > 1: tx2 parks
    a([&] { EXPECT_TRUE(tx1.start_send(3).is_ready()); }); // count 3 > 1: tx1 parks
    a([&] { EXPECT_TRUE(tx1.start_send(4).is_not_ready()); });
    b([&] { EXPECT_TRUE(tx2.start_send(5).is_not_ready()); });
    // Parked senders are unparked in the order they parked: tx2 first.
    InTask rx_task(3);
    auto first = rx_task([&] { return ch.second.poll(); });
    EXPECT_EQ(*first.value(), 1);
    EXPECT_EQ(b.notify.count(), 1u);
    EXPECT_EQ(a.notify.count(), 0u);
    auto second = rx_task([&] { return ch.second.poll(); });
    EXPECT_EQ(*second.value(), 2);
    EXPECT_EQ(a.notify.count(), 1u);
}

TEST(mpsc, ChannelZeroGivesEachSenderOneSlot) {
    InTask task;
    auto ch = mpsc::channel<int>(0);
    task([&] {
        EXPECT_TRUE(ch.first.start_send(1).is_ready());
        EXPECT_TRUE(ch.first.start_send(2).is_not_ready());
    });
}

// [SECTION] Who is notified, and when

TEST(mpsc, ReceiverWakeupsMergeUntilItParksAgain) {
    Executor ex;
    ViaProbe probe;
    probe.futures = false;
    ex.set_observer(&probe);
    auto ch = mpsc::channel<int>(16);
    ex.spawn(take_n(std::move(ch.second), 3));
    ex.spawn(poll_fn([tx = std::move(ch.first)]() mutable -> Poll<Unit, Never> {
        for (int i = 1; i <= 3; ++i) {
            EXPECT_TRUE(tx.try_send(i).is_ok());
        }
        return ready();
    }));
    ex.run_all();
    // Three sends, one wakeup: the `unparked` flag stays set until the receiver parks again.
    EXPECT_EQ(probe.vias, (std::vector<std::string>{"unpark 1 via mpsc item sent"}));
    EXPECT_EQ(ex.task(1).polls, 2u);
    EXPECT_EQ(ex.task(1).result, "[1, 2, 3]");
}

TEST(mpsc, AnEmptyReceiverWithAPendingSignalLooksAgainThenParks) {
    InTask sender_task;
    InTask rx_task(2);
    auto ch = mpsc::channel<int>(4);
    sender_task([&] { EXPECT_TRUE(ch.first.start_send(1).is_ready()); });
    Probe probe;
    {
        ObserverScope scope(&probe);
        probe.futures = false;
        EXPECT_EQ(rx_task([&] { return ch.second.poll(); }).value(), std::optional<int>(1));
        // The signal of send(1) is still pending: consumed, then the receiver parks.
        EXPECT_TRUE(rx_task([&] { return ch.second.poll(); }).is_not_ready());
    }
    EXPECT_EQ(probe.lines, (std::vector<std::string>{"chan_recv #1 1", "park 2"}));
    sender_task([&] { EXPECT_TRUE(ch.first.start_send(2).is_ready()); });
    EXPECT_EQ(rx_task.notify.count(), 1u);
    sender_task([&] { EXPECT_TRUE(ch.first.start_send(3).is_ready()); });
    EXPECT_EQ(rx_task.notify.count(), 1u); // merged
}

TEST(mpsc, ReceiverCloseUnparksEveryParkedSenderAndRefusesSends) {
    InTask a;
    InTask b(2);
    auto ch = mpsc::channel<int>(0);
    mpsc::Sender<int> tx1 = std::move(ch.first);
    mpsc::Sender<int> tx2 = tx1.clone();
    a([&] { EXPECT_TRUE(tx1.start_send(1).is_ready()); });
    b([&] { EXPECT_TRUE(tx2.start_send(2).is_ready()); });
    ch.second.close();
    EXPECT_EQ(a.notify.count(), 1u);
    EXPECT_EQ(b.notify.count(), 1u);
    EXPECT_EQ(a.notify.last().via, std::string("mpsc receiver closed"));
    a([&] {
        EXPECT_TRUE(tx1.poll_complete().is_ready());
        auto refused = tx1.start_send(3);
        ASSERT_TRUE(refused.is_err());
        EXPECT_EQ(refused.error().item, 3);
    });
    // What was queued before the close is still received, then the end.
    InTask rx_task(3);
    EXPECT_EQ(rx_task([&] { return ch.second.poll(); }).value(), std::optional<int>(1));
    EXPECT_EQ(rx_task([&] { return ch.second.poll(); }).value(), std::optional<int>(2));
    EXPECT_EQ(rx_task([&] { return ch.second.poll(); }).value(), std::nullopt);
}

TEST(mpsc, ReceiverDropUnparksParkedSendersAndDropsQueuedItems) {
    InTask a;
    int live = 0;
    auto ch = mpsc::channel<Tracked>(0);
    a([&] { EXPECT_TRUE(ch.first.start_send(Tracked(1, &live)).is_ready()); });
    EXPECT_EQ(live, 1);
    { auto rx = std::move(ch.second); }
    EXPECT_EQ(live, 0);
    EXPECT_EQ(a.notify.count(), 1u);
    EXPECT_EQ(a.notify.last().via, std::string("mpsc receiver closed"));
}

TEST(mpsc, ASenderDroppedWhileParkedStillGetsItsTaskNotified) {
    // The parked queue holds the sender's parking slot, not the sender: the receiver pops it
    // and wakes the task it names even though that sender is gone.
    InTask a;
    auto ch = mpsc::channel<int>(0);
    mpsc::Sender<int> keep = ch.first.clone();
    a([&] { EXPECT_TRUE(ch.first.start_send(1).is_ready()); });
    { auto gone = std::move(ch.first); }
    InTask rx_task(2);
    EXPECT_EQ(rx_task([&] { return ch.second.poll(); }).value(), std::optional<int>(1));
    EXPECT_EQ(a.notify.count(), 1u);
}

TEST(mpsc, TrySendWhileParkedForgetsTheParkedTask) {
    InTask a;
    auto ch = mpsc::channel<int>(0);
    a([&] { EXPECT_TRUE(ch.first.start_send(1).is_ready()); });
    auto full = ch.first.try_send(2);
    ASSERT_TRUE(full.is_err());
    EXPECT_TRUE(full.error().is_full());
    InTask rx_task(2);
    EXPECT_EQ(rx_task([&] { return ch.second.poll(); }).value(), std::optional<int>(1));
    EXPECT_EQ(a.notify.count(), 0u); // the handle was cleared by try_send
    EXPECT_TRUE(ch.first.try_send(2).is_ok());
}

TEST(mpsc, TheLastSenderDroppedOverTheBufferStillEndsTheStream) {
    InTask a;
    auto ch = mpsc::channel<int>(0);
    a([&] { EXPECT_TRUE(ch.first.start_send(1).is_ready()); });
    // The end marker goes over the buffer too: the dying sender parks its slot again, without
    // a task, which forgets the handle its start_send left there.
    { auto gone = std::move(ch.first); }
    InTask rx_task(2);
    EXPECT_EQ(rx_task([&] { return ch.second.poll(); }).value(), std::optional<int>(1));
    EXPECT_EQ(a.notify.count(), 0u);
    EXPECT_EQ(rx_task([&] { return ch.second.poll(); }).value(), std::nullopt);
    EXPECT_EQ(rx_task([&] { return ch.second.poll(); }).value(), std::nullopt);
}

// [SECTION] Events for the recorder

TEST(mpsc, ReportsSendFullRecvAndCloseEvents) {
    Probe probe;
    ObserverScope scope(&probe);
    InTask task;
    auto ch = mpsc::channel<int>(1);
    task([&] {
        EXPECT_TRUE(ch.first.start_send(1).is_ready());
        EXPECT_TRUE(ch.first.start_send(2).is_ready());
        EXPECT_TRUE(ch.first.start_send(3).is_not_ready());
        EXPECT_EQ(ch.second.poll().value(), std::optional<int>(1));
    });
    { auto tx = std::move(ch.first); }
    task([&] {
        EXPECT_EQ(ch.second.poll().value(), std::optional<int>(2));
        EXPECT_EQ(ch.second.poll().value(), std::nullopt);
    });
    EXPECT_EQ(channel_lines(probe),
              (std::vector<std::string>{"chan_send #1 1",
                                        "chan_send #1 2",
                                        "chan_full #1 (sender parked)",
                                        "chan_full #1 3 (send refused: sender parked)",
                                        "chan_recv #1 1",
                                        "chan_close #1 (last sender dropped)",
                                        "chan_recv #1 2"}));
}

TEST(mpsc, ReportsTheReceiverClosing) {
    Probe probe;
    ObserverScope scope(&probe);
    auto ch = mpsc::channel<int>(1);
    ch.second.close();
    EXPECT_EQ(channel_lines(probe), (std::vector<std::string>{"chan_close #1 (receiver closed)"}));
    auto other = mpsc::channel<int>(1);
    { auto rx = std::move(other.second); }
    EXPECT_EQ(channel_lines(probe),
              (std::vector<std::string>{"chan_close #1 (receiver closed)",
                                        "chan_close #2 (receiver dropped)"}));
}

TEST(mpsc, RegistersWithTheObserverLazily) {
    struct Registry : Probe {
        ChannelId register_channel(std::string_view kind, std::int64_t capacity) override {
            registered.push_back(std::string(kind) + " " + std::to_string(capacity));
            return Probe::register_channel(kind, capacity);
        }
        std::vector<std::string> registered;
    } probe;
    auto bounded = mpsc::channel<int>(16); // no observer yet: nothing registered
    auto unbounded = mpsc::unbounded<int>();
    ObserverScope scope(&probe);
    EXPECT_TRUE(probe.registered.empty());
    EXPECT_TRUE(unbounded.first.unbounded_send(1).is_ok());
    EXPECT_TRUE(bounded.first.try_send(1).is_ok());
    EXPECT_TRUE(bounded.first.try_send(2).is_ok());
    EXPECT_EQ(probe.registered, (std::vector<std::string>{"mpsc_unbounded -1", "mpsc 16"}));
    EXPECT_EQ(channel_lines(probe),
              (std::vector<std::string>{"chan_send #1 1", "chan_send #2 1", "chan_send #2 2"}));
}

} // namespace
} // namespace futurescope
