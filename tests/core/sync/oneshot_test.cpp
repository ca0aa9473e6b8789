// oneshot: the value, Canceled when the sender is dropped unsent, the wakeup coming from the
// sender's drop, cancellation seen from the sender (poll_cancel, is_canceled, cancellation()),
// close(), try_recv — with futures-rs's tests/oneshot.rs, unsync-oneshot.rs and the oneshot
// parts of all.rs in their single-threaded form, and the one point where the unsync flavour
// differs.
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
using testing::InTask;
using testing::Probe;
using testing::ViaProbe;

// [SECTION] Value and cancellation

TEST(oneshot, SendThenReceive) {
    Executor ex;
    auto ch = oneshot<int>();
    EXPECT_TRUE(std::move(ch.first).send(1).is_ok());
    auto r = ex.run(std::move(ch.second));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value(), 1);
    EXPECT_EQ(ex.task(1).polls, 1u);
}

TEST(oneshot, ASenderDroppedUnsentGivesCanceledOnTheFirstPoll) {
    CountingNotify notify;
    auto ch = oneshot<int>();
    { auto tx = std::move(ch.first); }
    Spawn<OneshotReceiver<int>> task(std::move(ch.second));
    auto p = task.poll_future_notify(notify);
    ASSERT_TRUE(p.is_err());
    EXPECT_EQ(p.error(), Canceled{});
    EXPECT_EQ(describe(p.error()), "Canceled");
    EXPECT_EQ(notify.count(), 0u);
}

TEST(oneshot, AReceiverWithALiveSenderParksAndTheSendersDropWakesIt) {
    CountingNotify notify;
    auto ch = oneshot<int>();
    Spawn<OneshotReceiver<int>> task(std::move(ch.second));
    EXPECT_TRUE(task.poll_future_notify(notify).is_not_ready());
    EXPECT_EQ(notify.count(), 0u);
    EXPECT_TRUE(std::move(ch.first).send(3).is_ok());
    EXPECT_EQ(notify.count(), 1u);
    EXPECT_STREQ(notify.last().via, "oneshot sender dropped");
    EXPECT_EQ(task.poll_future_notify(notify).value(), 3);
}

TEST(oneshot, TheWakeupComesFromTheSendersDropAt20ms) {
    Executor ex;
    ViaProbe probe;
    probe.futures = false;
    ex.set_observer(&probe);
    auto ch = oneshot<int>();
    ex.spawn(std::move(ch.second));
    ex.spawn(delay(20ms).map(
        [tx = std::move(ch.first)]() mutable { EXPECT_TRUE(std::move(tx).send(7).is_ok()); }));
    ex.run_all();
    EXPECT_EQ(ex.task(1).result, "7");
    EXPECT_EQ(ex.task(1).completed_ns, 20'000'000);
    EXPECT_EQ(ex.task(1).polls, 2u);
    EXPECT_EQ(probe.only("unpark 1"), (std::vector<std::string>{"unpark 1 from task#2 queued"}));
    EXPECT_EQ(probe.vias,
              (std::vector<std::string>{"unpark 2 via timer fired",
                                        "unpark 1 via oneshot sender dropped"}));
    EXPECT_EQ(channel_lines(probe), (std::vector<std::string>{"chan_send #1 7", "chan_recv #1 7"}));
}

TEST(oneshot, ASenderDroppedAt5msFailsTheReceiverWithCanceledAt5ms) {
    Executor ex;
    Probe probe;
    probe.futures = false;
    ex.set_observer(&probe);
    auto ch = oneshot<int>();
    ex.spawn(std::move(ch.second));
    ex.spawn(delay(5ms).map([tx = std::move(ch.first)]() mutable { auto gone = std::move(tx); }));
    ex.run_all();
    EXPECT_EQ(ex.task(1).outcome, PollOutcome::err);
    EXPECT_EQ(ex.task(1).result, "Canceled");
    EXPECT_EQ(ex.task(1).completed_ns, 5'000'000);
    EXPECT_EQ(channel_lines(probe), (std::vector<std::string>{"chan_cancel #1 (sender dropped)"}));
}

TEST(oneshot, PollAfterTheValueGivesCanceled) {
    InTask task;
    auto ch = oneshot<int>();
    EXPECT_TRUE(std::move(ch.first).send(4).is_ok());
    task([&] {
        EXPECT_EQ(ch.second.poll().value(), 4);
        EXPECT_TRUE(ch.second.poll().is_err());
    });
}

TEST(oneshot, SendToADroppedReceiverFailsWithTheValue) {
    auto ch = oneshot<std::string>();
    { auto rx = std::move(ch.second); }
    auto r = std::move(ch.first).send("lost");
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error(), "lost");
}

TEST(oneshot, TryRecvIsNoneThenTheValueThenCanceled) {
    auto ch = oneshot<int>();
    auto first = ch.second.try_recv();
    ASSERT_TRUE(first.is_ok());
    EXPECT_EQ(first.value(), std::nullopt);
    EXPECT_TRUE(std::move(ch.first).send(5).is_ok());
    EXPECT_EQ(ch.second.try_recv().value(), std::optional<int>(5));
    EXPECT_TRUE(ch.second.try_recv().is_err());
}

TEST(oneshot, ASentOneshotIsNotCanceled) {
    auto ch = oneshot<int>();
    EXPECT_TRUE(std::move(ch.first).send(5).is_ok());
    Probe probe;
    ObserverScope scope(&probe);
    { auto rx = std::move(ch.second); } // dropped with its value unread: no cancel event
    EXPECT_TRUE(channel_lines(probe).empty());
}

// [SECTION] Cancellation seen from the sender (tests/oneshot.rs)

TEST(oneshot, PollCancelIsNotReadyUntilTheReceiverIsDropped) {
    InTask task;
    auto ch = oneshot<int>();
    task([&] {
        EXPECT_TRUE(ch.first.poll_cancel().is_not_ready());
        EXPECT_TRUE(ch.first.poll_cancel().is_not_ready());
        { auto rx = std::move(ch.second); }
        EXPECT_TRUE(ch.first.poll_cancel().is_ready());
        EXPECT_TRUE(ch.first.poll_cancel().is_ready());
    });
    EXPECT_EQ(task.notify.count(), 1u);
    EXPECT_STREQ(task.notify.last().via, "oneshot receiver dropped");
}

TEST(oneshot, ACancellationFutureIsWokenWhenTheReceiverIsDroppedAt5ms) {
    Executor ex;
    ViaProbe probe;
    probe.futures = false;
    ex.set_observer(&probe);
    auto ch = oneshot<int>();
    ex.spawn(std::move(ch.first).cancellation());
    ex.spawn(delay(5ms).map([rx = std::move(ch.second)]() mutable { auto gone = std::move(rx); }));
    ex.run_all();
    EXPECT_EQ(ex.task(1).outcome, PollOutcome::ready);
    EXPECT_EQ(ex.task(1).completed_ns, 5'000'000);
    EXPECT_EQ(ex.task(1).polls, 2u);
    EXPECT_EQ(probe.vias,
              (std::vector<std::string>{"unpark 2 via timer fired",
                                        "unpark 1 via oneshot receiver dropped"}));
    EXPECT_EQ(channel_lines(probe),
              (std::vector<std::string>{"chan_cancel #1 (receiver dropped)"}));
}

TEST(oneshot, CloseFailsThePollAndReadiesPollCancel) {
    InTask task;
    auto ch = oneshot<int>();
    ch.second.close();
    EXPECT_TRUE(task([&] { return ch.second.poll(); }).is_err());
    EXPECT_TRUE(task([&] { return ch.first.poll_cancel(); }).is_ready());
}

TEST(oneshot, CloseWakesASenderWaitingInPollCancel) {
    InTask task;
    auto ch = oneshot<int>();
    EXPECT_TRUE(task([&] { return ch.first.poll_cancel(); }).is_not_ready());
    ch.second.close();
    EXPECT_EQ(task.notify.count(), 1u);
    EXPECT_STREQ(task.notify.last().via, "oneshot receiver closed");
}

TEST(oneshot, IsCanceledOnceTheReceiverIsDropped) {
    auto ch = oneshot<int>();
    EXPECT_FALSE(ch.first.is_canceled());
    { auto rx = std::move(ch.second); }
    EXPECT_TRUE(ch.first.is_canceled());
}

TEST(oneshot, ASendAfterCloseFailsAndThePollNeverParks) {
    // cancel_sends: once closed, poll answers without taking the task (no context needed).
    auto ch = oneshot<int>();
    ch.second.close();
    auto r = std::move(ch.first).send(42);
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error(), 42);
    EXPECT_TRUE(ch.second.poll().is_err());
}

TEST(oneshot, AValueSentBeforeCloseIsStillReceived) {
    auto ch = oneshot<int>();
    EXPECT_TRUE(std::move(ch.first).send(9).is_ok());
    ch.second.close();
    EXPECT_EQ(ch.second.poll().value(), 9);
}

TEST(oneshot, ReportsCloseAndTheCancellations) {
    Probe probe;
    ObserverScope scope(&probe);
    auto closed = oneshot<int>();
    closed.second.close();
    auto unsent = oneshot<int>();
    { auto tx = std::move(unsent.first); }
    auto abandoned = oneshot<int>();
    { auto rx = std::move(abandoned.second); }
    EXPECT_EQ(channel_lines(probe),
              (std::vector<std::string>{"chan_close #1 (receiver closed)",
                                        "chan_cancel #2 (sender dropped)",
                                        "chan_cancel #3 (receiver dropped)"}));
}

TEST(oneshot, UsingAConsumedSenderIsAPanic) {
    auto ch = oneshot<int>();
    auto &tx = ch.first;
    EXPECT_TRUE(std::move(tx).send(1).is_ok());
    try {
        (void)tx.is_canceled();
        FAIL();
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "oneshot Sender used after it was consumed");
    }
}

// [SECTION] Composed (tests/all.rs)

TEST(oneshot, SelectDropsTheLoserWithItsResources) {
    // select_cancels: the losing side's closure owns a sender; dropping the select's result
    // drops the loser, and that sender's receiver sees Canceled.
    CountingNotify notify;
    auto [a, b] = oneshot<int>();
    auto [c, d] = oneshot<int>();
    auto [dtx, drx] = oneshot<int>();
    auto f = std::move(b)
                 .map([](int v) { return v; })
                 .select(std::move(d).map([dtx = std::move(dtx)](int v) mutable {
                     (void)std::move(dtx).send(v);
                     return v;
                 }));
    Spawn<decltype(f)> task(std::move(f));
    EXPECT_TRUE(task.poll_future_notify(notify).is_not_ready());
    EXPECT_TRUE(task.poll_future_notify(notify).is_not_ready());
    EXPECT_TRUE(std::move(a).send(1).is_ok());
    EXPECT_EQ(notify.count(), 1u);
    {
        auto r = task.poll_future_notify(notify);
        ASSERT_TRUE(r.is_ready());
        EXPECT_EQ(r.value().first, 1);
        EXPECT_FALSE(drx.try_recv().is_err()); // the loser is alive inside the result
    }
    EXPECT_TRUE(drx.try_recv().is_err());
    EXPECT_TRUE(c.is_canceled());
}

TEST(oneshot, JoinDropsTheOtherSideWhenOneIsCanceled) {
    CountingNotify notify;
    auto [a, b] = oneshot<int>();
    auto [c, d] = oneshot<int>();
    auto [dtx, drx] = oneshot<int>();
    auto f = std::move(b).join(std::move(d).map([dtx = std::move(dtx)](int v) mutable {
        (void)std::move(dtx).send(v);
        return v;
    }));
    { auto gone = std::move(a); }
    Spawn<decltype(f)> task(std::move(f));
    auto r = task.poll_future_notify(notify);
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error(), Canceled{});
    EXPECT_TRUE(drx.try_recv().is_err());
    EXPECT_TRUE(c.is_canceled());
}

TEST(oneshot, JoinWithAPendingOneshotWaitsForTheSend) {
    CountingNotify notify;
    {
        auto [a, b] = oneshot<int>();
        auto f = ok<Canceled>(1).join(std::move(b));
        Spawn<decltype(f)> task(std::move(f));
        EXPECT_TRUE(task.poll_future_notify(notify).is_not_ready());
        EXPECT_TRUE(std::move(a).send(2).is_ok());
        EXPECT_EQ(task.poll_future_notify(notify).value(), std::make_tuple(1, 2));
    }
    {
        auto [a, b] = oneshot<int>();
        auto f = std::move(b).join(ok<Canceled>(2));
        Spawn<decltype(f)> task(std::move(f));
        EXPECT_TRUE(task.poll_future_notify(notify).is_not_ready());
        EXPECT_TRUE(std::move(a).send(1).is_ok());
        EXPECT_EQ(task.poll_future_notify(notify).value(), std::make_tuple(1, 2));
    }
    {
        auto [a, b] = oneshot<int>();
        auto f = ok<Canceled>(1).join(std::move(b));
        Spawn<decltype(f)> task(std::move(f));
        EXPECT_TRUE(task.poll_future_notify(notify).is_not_ready());
        { auto gone = std::move(a); }
        EXPECT_TRUE(task.poll_future_notify(notify).is_err());
    }
    EXPECT_EQ(notify.count(), 3u);
}

// [SECTION] The unsync flavour (tests/unsync-oneshot.rs)

TEST(unsync_oneshot, SendThenReceive) {
    Executor ex;
    auto ch = unsync_oneshot<int>();
    EXPECT_TRUE(std::move(ch.first).send(33).is_ok());
    EXPECT_EQ(ex.run(std::move(ch.second)).value(), 33);
}

TEST(unsync_oneshot, ASenderDroppedAtCreationGivesCanceled) {
    Executor ex;
    auto ch = unsync_oneshot<Unit>();
    { auto tx = std::move(ch.first); }
    auto r = ex.run(std::move(ch.second));
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error(), Canceled{});
}

TEST(unsync_oneshot, PollCancelIsReadyWhenTheReceiverIsGone) {
    auto ch = unsync_oneshot<Unit>();
    { auto rx = std::move(ch.second); }
    EXPECT_TRUE(ch.first.poll_cancel().is_ready());
    EXPECT_TRUE(ch.first.is_canceled());
}

TEST(unsync_oneshot, ASendInTheSameTaskWakesTheReceiverSide) {
    // tx_complete_rx_unparked: rx.join(lazy(send 55; 11)) in one task. The receiver parks, the
    // other side sends, the sender's drop unparks the very task being polled: a second poll.
    Executor ex;
    ViaProbe probe;
    probe.futures = false;
    ex.set_observer(&probe);
    auto ch = unsync_oneshot<int>();
    auto r =
        ex.run(std::move(ch.second).join(poll_fn([tx = std::optional<OneshotSender<int>>(std::move(
                                                      ch.first))]() mutable -> Poll<int, Canceled> {
            EXPECT_TRUE(std::move(*tx).send(55).is_ok());
            return ready(11);
        })));
    EXPECT_EQ(r.value(), std::make_tuple(55, 11));
    EXPECT_EQ(ex.task(1).polls, 2u);
    EXPECT_EQ(probe.vias, (std::vector<std::string>{"unpark 1 via oneshot sender dropped"}));
}

TEST(unsync_oneshot, ADropInTheSameTaskFailsTheReceiverSide) {
    Executor ex;
    auto ch = unsync_oneshot<int>();
    auto r =
        ex.run(std::move(ch.second).join(poll_fn([tx = std::optional<OneshotSender<int>>(std::move(
                                                      ch.first))]() mutable -> Poll<int, Canceled> {
            tx.reset();
            return ready(11);
        })));
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(ex.task(1).polls, 2u);
}

TEST(unsync_oneshot, IsCanceledOnceTheReceiverIsDropped) {
    auto ch = unsync_oneshot<unsigned>();
    EXPECT_FALSE(ch.first.is_canceled());
    { auto rx = std::move(ch.second); }
    EXPECT_TRUE(ch.first.is_canceled());
}

TEST(unsync_oneshot, CloseForgetsTheReceivingTaskWhereSyncKeepsIt) {
    // The only observable difference: after close(), a sync sender that goes away still wakes
    // the task that last polled the receiver; the unsync one does not.
    {
        InTask task;
        auto ch = oneshot<int>();
        EXPECT_TRUE(task([&] { return ch.second.poll(); }).is_not_ready());
        ch.second.close();
        { auto tx = std::move(ch.first); }
        EXPECT_EQ(task.notify.count(), 1u);
    }
    {
        InTask task;
        auto ch = unsync_oneshot<int>();
        EXPECT_TRUE(task([&] { return ch.second.poll(); }).is_not_ready());
        ch.second.close();
        { auto tx = std::move(ch.first); }
        EXPECT_EQ(task.notify.count(), 0u);
    }
}

TEST(unsync_oneshot, RegistersItsOwnKind) {
    struct Registry : Probe {
        ChannelId register_channel(std::string_view kind, std::int64_t capacity) override {
            registered.push_back(std::string(kind) + " " + std::to_string(capacity));
            return Probe::register_channel(kind, capacity);
        }
        std::vector<std::string> registered;
    } probe;
    ObserverScope scope(&probe);
    auto a = oneshot<int>();
    auto b = unsync_oneshot<int>();
    EXPECT_EQ(probe.registered, (std::vector<std::string>{"oneshot 1", "unsync_oneshot 1"}));
}

} // namespace
} // namespace futurescope
