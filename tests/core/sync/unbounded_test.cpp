// Unbounded channels, sync (mpsc::unbounded) and unsync (unsync_mpsc::unbounded): senders never
// wait, the receiver's wakeups, close, and the single-threaded forms of futures-rs's
// stress_shared_unbounded, stress_close_receiver and unsync.rs mpsc_unbounded.
#include <gtest/gtest.h>

#include <cstdint>
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
using testing::drain_all;
using testing::drain_fold;
using testing::InTask;
using testing::Probe;
using testing::RangeStream;
using testing::take_n;
using testing::ViaProbe;

// [SECTION] Sync: mpsc::unbounded

TEST(unbounded, UnboundedSendNeverWaitsAndEverythingIsReceived) {
    Executor ex;
    auto ch = mpsc::unbounded<int>();
    for (int i = 0; i < 1000; ++i) {
        ASSERT_TRUE(ch.first.unbounded_send(i).is_ok());
    }
    { auto tx = std::move(ch.first); }
    auto all = ex.run(drain_all(std::move(ch.second)));
    ASSERT_EQ(all.value().size(), 1000u);
    EXPECT_EQ(all.value().front(), 0);
    EXPECT_EQ(all.value().back(), 999);
    EXPECT_EQ(ex.task(1).polls, 1u);
}

TEST(unbounded, ItemsFromEightClonesAreAllReceivedThenTheStreamEnds) {
    // stress_shared_unbounded, with tasks for threads.
    Executor ex;
    auto ch = mpsc::unbounded<int>();
    for (int t = 0; t < 8; ++t) {
        ex.spawn(poll_fn([tx = ch.first.clone()]() -> Poll<Unit, Never> {
            for (int i = 0; i < 100; ++i) {
                EXPECT_TRUE(tx.unbounded_send(1).is_ok());
            }
            return ready();
        }));
    }
    { auto tx = std::move(ch.first); }
    ex.spawn(drain_fold(std::move(ch.second), 0, [](int acc, int x) { return acc + x; }));
    ex.run_all();
    EXPECT_EQ(ex.task(9).result, "800");
    EXPECT_EQ(ex.task(9).polls, 1u);
}

TEST(unbounded, SendAllTakesOnePollAndTheReceiverIsWokenOnce) {
    Executor ex;
    ViaProbe probe;
    probe.futures = false;
    ex.set_observer(&probe);
    auto ch = mpsc::unbounded<std::uint64_t>();
    ex.spawn(drain_fold(std::move(ch.second),
                        std::uint64_t{0},
                        [](std::uint64_t acc, std::uint64_t x) { return acc + x; }));
    ex.spawn(std::move(ch.first).send_all(RangeStream<>(0, 1000)).map([](auto &&) {}));
    ex.run_all();
    EXPECT_EQ(ex.task(1).result, "499500");
    EXPECT_EQ(ex.task(1).polls, 2u);
    EXPECT_EQ(ex.task(2).polls, 1u);
    // 1000 sends and the end marker: one wakeup, the others merged by the `unparked` flag.
    EXPECT_EQ(probe.vias, (std::vector<std::string>{"unpark 1 via mpsc item sent"}));
}

TEST(unbounded, CloseLetsTheQueuedItemsThroughAndRefusesTheNextSend) {
    // stress_close_receiver: after close() the receiver yields exactly what was sent before it;
    // the first refused send is the next index.
    InTask task;
    auto ch = mpsc::unbounded<int>();
    for (int i = 1; i <= 3; ++i) {
        ASSERT_TRUE(ch.first.unbounded_send(i).is_ok());
    }
    EXPECT_EQ(task([&] { return ch.second.poll(); }).value(), std::optional<int>(1));
    ch.second.close();
    EXPECT_TRUE(ch.first.is_closed());
    auto refused = ch.first.unbounded_send(4);
    ASSERT_TRUE(refused.is_err());
    EXPECT_EQ(std::move(refused).error().into_inner(), 4);
    EXPECT_EQ(task([&] { return ch.second.poll(); }).value(), std::optional<int>(2));
    EXPECT_EQ(task([&] { return ch.second.poll(); }).value(), std::optional<int>(3));
    EXPECT_EQ(task([&] { return ch.second.poll(); }).value(), std::nullopt);
}

TEST(unbounded, ASendAsASinkResolvesAtOnce) {
    Executor ex;
    auto ch = mpsc::unbounded<int>();
    auto tx = ex.run(std::move(ch.first).send(5));
    ASSERT_TRUE(tx.is_ok());
    EXPECT_EQ(ex.task(1).polls, 1u);
    EXPECT_EQ(tx.value().describe(), "UnboundedSender");
    InTask task;
    EXPECT_EQ(task([&] { return ch.second.poll(); }).value(), std::optional<int>(5));
}

TEST(unbounded, UnboundedSendWithoutAReceiverFails) {
    auto ch = mpsc::unbounded<int>();
    { auto rx = std::move(ch.second); }
    auto r = ch.first.unbounded_send(1);
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(describe(r.error()), "SendError(1)");
}

// [SECTION] Unsync: unsync_mpsc::unbounded

TEST(unbounded, UnsyncForwardJoinedWithTheReceiverTakesOnePoll) {
    // unsync.rs mpsc_unbounded: forward [1, 2, 3] joined with taking 3, in one task.
    Executor ex;
    auto ch = unsync_mpsc::unbounded<int>();
    auto r = ex.run(RangeStream<int>(1, 4)
                        .forward(std::move(ch.first))
                        .map([](auto &&) { return 0; })
                        .join(take_n(std::move(ch.second), 3)));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(std::get<1>(r.value()), (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(ex.task(1).polls, 1u);
}

TEST(unbounded, UnsyncSendsWakeAParkedReceiverOncePerPark) {
    InTask rx_task;
    auto ch = unsync_mpsc::unbounded<int>();
    EXPECT_TRUE(rx_task([&] { return ch.second.poll(); }).is_not_ready());
    EXPECT_TRUE(ch.first.unbounded_send(1).is_ok());
    EXPECT_TRUE(ch.first.unbounded_send(2).is_ok());
    EXPECT_EQ(rx_task.notify.count(), 1u);
    EXPECT_STREQ(rx_task.notify.last().via, "unsync mpsc item sent");
    EXPECT_EQ(rx_task([&] { return ch.second.poll(); }).value(), std::optional<int>(1));
    EXPECT_EQ(rx_task([&] { return ch.second.poll(); }).value(), std::optional<int>(2));
    EXPECT_TRUE(rx_task([&] { return ch.second.poll(); }).is_not_ready());
    EXPECT_TRUE(ch.first.unbounded_send(3).is_ok());
    EXPECT_EQ(rx_task.notify.count(), 2u);
}

TEST(unbounded, UnsyncSendWithoutAReceiverFails) {
    auto ch = unsync_mpsc::unbounded<int>();
    { auto rx = std::move(ch.second); }
    auto r = ch.first.unbounded_send(7);
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error().item, 7);
}

TEST(unbounded, RegistersWithCapacityMinusOne) {
    struct Registry : Probe {
        ChannelId register_channel(std::string_view kind, std::int64_t capacity) override {
            registered.push_back(std::string(kind) + " " + std::to_string(capacity));
            return Probe::register_channel(kind, capacity);
        }
        std::vector<std::string> registered;
    } probe;
    ObserverScope scope(&probe);
    auto a = mpsc::unbounded<int>();
    auto b = unsync_mpsc::unbounded<int>();
    auto c = unsync_mpsc::channel<int>(3);
    EXPECT_EQ(probe.registered,
              (std::vector<std::string>{
                  "mpsc_unbounded -1", "unsync_mpsc_unbounded -1", "unsync_mpsc 3"}));
}

} // namespace
} // namespace futurescope
