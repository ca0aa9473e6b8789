// The detectors: each classic async bug reported at the step where it happens, with the text a
// learner reads; "who will wake me" after every NotReady; and no report for correct programs.

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "futurescope/channels.hpp"
#include "futurescope/future/faulty.hpp"
#include "futurescope/futures.hpp"
#include "futurescope/observe/detect.hpp"

namespace futurescope {
namespace {

using namespace std::chrono_literals;

// Records what the detectors pass on: waits and diagnostics, one line each.
class Capture : public Observer {
  public:
    std::vector<std::string> waits;
    std::vector<std::string> diags;
    FutureId register_future(const FutureKind &, std::string_view) override { return ++ids_; }
    void on_wait(TaskId task, std::span<const WaitHolder> holders) override {
        std::string line = "task " + std::to_string(task) + ":";
        for (const WaitHolder &h : holders) {
            line += " [" + describe_holder(h) + "]";
        }
        waits.push_back(line);
    }
    void on_diag(const Diagnostic &d) override {
        diags.push_back(std::string(d.kind) + " task " + std::to_string(d.task));
    }

  private:
    FutureId ids_ = 0;
};

struct Watched {
    Executor ex;
    Capture capture;
    Detectors detectors{ex, &capture};
    Watched() { ex.set_observer(&detectors); }
    ~Watched() { ex.set_observer(nullptr); }
};

TEST(who_will_wake_me, ADelayIsHeldByItsTimerWithItsDeadline) {
    Watched w;
    w.ex.spawn(delay(30ms), {.name = "main"});
    w.ex.step();
    ASSERT_EQ(w.capture.waits.size(), 1u);
    EXPECT_EQ(w.capture.waits[0], "task 1: [timer #1 (delay, fires at 30ms)]");
    std::vector<WaitHolder> now = w.ex.waiting_on(1);
    ASSERT_EQ(now.size(), 1u);
    EXPECT_EQ(now[0].kind, SourceKind::timer);
    EXPECT_EQ(now[0].at, 30'000'000);
}

TEST(who_will_wake_me, AJoinOfTwoDelaysIsHeldByBothTimersOldestFirst) {
    Watched w;
    w.ex.spawn(delay(20ms).join(delay(10ms)), {.name = "main"});
    w.ex.step();
    ASSERT_EQ(w.capture.waits.size(), 1u);
    EXPECT_EQ(w.capture.waits[0],
              "task 1: [timer #1 (delay, fires at 20ms)] [timer #2 (delay, fires at 10ms)]");
}

TEST(who_will_wake_me, AOneshotReceiverIsHeldByItsChannel) {
    Watched w;
    auto ch = oneshot<int>();
    w.ex.spawn(std::move(ch.second), {.name = "rx"});
    w.ex.step();
    ASSERT_EQ(w.capture.waits.size(), 1u);
    EXPECT_EQ(w.capture.waits[0], "task 1: [channel #1 (oneshot receiver)]");
}

TEST(who_will_wake_me, HandlesAreNotTrackedWithoutTheDetectors) {
    Executor ex;
    ex.spawn(delay(30ms));
    ex.step();
    EXPECT_TRUE(ex.waiting_on(1).empty());
    EXPECT_FALSE(ex.tracks_handles());
}

TEST(lost_wakeup, ANotReadyWithoutParkIsReportedAtThatPoll) {
    Watched w;
    w.ex.spawn(poll_fn([]() -> Poll<int, Never> { return not_ready; }), {.name = "forgetful"});
    RunReport r = w.ex.run_all();
    EXPECT_EQ(r.reason, StopReason::idle);
    ASSERT_EQ(w.detectors.findings().size(), 1u);
    const Finding &f = w.detectors.findings()[0];
    EXPECT_EQ(f.kind, "lost_wakeup");
    EXPECT_EQ(f.task, 1u);
    EXPECT_EQ(f.step, 1u);
    EXPECT_EQ(f.future, 1u);
    EXPECT_EQ(f.message,
              "Task forgetful returned NotReady, but nothing holds its handle: no timer, socket, "
              "channel or other task can unpark it, so it will never be polled again (a lost "
              "wakeup). PollFn #1 answered NotReady without taking the task's handle (park()); a "
              "future may return NotReady only after arranging to be woken.");
    EXPECT_EQ(w.capture.waits, std::vector<std::string>{"task 1:"});
    w.detectors.finish(r);
    ASSERT_EQ(w.detectors.findings().size(), 2u);
    EXPECT_EQ(w.detectors.findings()[1].kind, "stuck");
    EXPECT_EQ(w.detectors.findings()[1].message,
              "Task forgetful can never complete: nothing holds its handle, so nothing will ever "
              "unpark it.");
}

TEST(lost_wakeup, AForgetfulDelayIsNeverPolledAgainEvenAfterItsTimeHasCome) {
    Watched w;
    w.ex.spawn(forgetful_delay(10ms), {.name = "forgetful"});
    w.ex.spawn(delay(20ms), {.name = "timer"});
    RunReport r = w.ex.run_all();
    w.detectors.finish(r);
    EXPECT_EQ(r.reason, StopReason::idle);
    EXPECT_EQ(w.ex.now(), 20'000'000);
    EXPECT_EQ(w.ex.task(1).polls, 1u);
    ASSERT_EQ(w.detectors.findings().size(), 2u);
    EXPECT_EQ(w.detectors.findings()[0].kind, "lost_wakeup");
    EXPECT_EQ(w.detectors.findings()[0].step, 1u);
    EXPECT_NE(w.detectors.findings()[0].message.find(
                  "ForgetfulDelay #1 forgetful_delay(10ms) answered NotReady without taking"),
              std::string::npos);
    EXPECT_EQ(w.detectors.findings()[1].kind, "stuck");
}

TEST(lost_wakeup, YieldNowIsNotALostWakeup) {
    Watched w;
    w.ex.spawn(yield_now(), {.name = "main"});
    RunReport r = w.ex.run_all();
    w.detectors.finish(r);
    EXPECT_TRUE(w.detectors.findings().empty());
    EXPECT_EQ(w.capture.waits, std::vector<std::string>{"task 1:"});
}

TEST(detectors, CorrectProgramsReportNothing) {
    Watched w;
    auto ch = oneshot<int>();
    w.ex.spawn(delay(10ms).and_then([tx = std::move(ch.first)]() mutable {
        (void)std::move(tx).send(5);
        return ok(Unit{});
    }),
               {.name = "sender"});
    w.ex.spawn(std::move(ch.second).map_err([](Canceled) { return Unit{}; }), {.name = "rx"});
    auto [tx, rx] = mpsc::channel<int>(0);
    w.ex.spawn(std::move(tx).send(1).map([](auto &&) { return Unit{}; }).map_err([](auto &&) {
        return Unit{};
    }),
               {.name = "producer"});
    w.ex.spawn(std::move(rx).take(1).collect(), {.name = "consumer"});
    RunReport r = w.ex.run_all();
    w.detectors.finish(r);
    EXPECT_EQ(r.reason, StopReason::completed);
    EXPECT_TRUE(w.detectors.findings().empty()) << w.detectors.findings()[0].message;
}

TEST(poll_after_completion, PollingAFinishedFutureAgainIsReportedWithTheFix) {
    Watched w;
    int polls = 0;
    w.ex.spawn(poll_fn([inner = ok(7), &polls]() mutable -> Poll<int, Never> {
                   ++polls;
                   auto p = inner.poll(); // the second call polls a finished future
                   if (polls == 1) {
                       park().unpark();
                       return not_ready;
                   }
                   return p;
               }),
               {.name = "main"});
    w.ex.run_all();
    std::vector<std::string> kinds;
    for (const Finding &f : w.detectors.findings()) {
        kinds.push_back(f.kind);
    }
    ASSERT_EQ(kinds, std::vector<std::string>{"poll_after_completion"});
    const Finding &f = w.detectors.findings()[0];
    EXPECT_EQ(f.step, 2u);
    EXPECT_EQ(f.future, 2u);
    EXPECT_EQ(f.message,
              "Result #2 is polled again after it completed. Polling a finished "
              "future is unspecified in futures 0.1: it may panic, or answer anything. Call "
              ".fuse() on it, and every later poll answers NotReady.");
}

TEST(poll_after_completion, AFusedFutureMayBePolledAgain) {
    Watched w;
    int polls = 0;
    w.ex.spawn(poll_fn([inner = ok(7).fuse(), &polls]() mutable -> Poll<int, Never> {
                   ++polls;
                   (void)inner.poll();
                   if (polls < 3) {
                       park().unpark();
                       return not_ready;
                   }
                   return ready(1);
               }),
               {.name = "main"});
    w.ex.run_all();
    EXPECT_TRUE(w.detectors.findings().empty());
}

TEST(busy_loop, ATaskThatOnlyUnparksItselfIsReportedAfter32QuietPolls) {
    Watched w;
    int polls = 0;
    w.ex.spawn(poll_fn([&polls]() -> Poll<Unit, Never> {
                   if (++polls == 100) {
                       return ready();
                   }
                   park().unpark();
                   return not_ready;
               }),
               {.name = "spinner"});
    w.ex.run_all();
    ASSERT_EQ(w.detectors.findings().size(), 1u);
    const Finding &f = w.detectors.findings()[0];
    EXPECT_EQ(f.kind, "busy_loop");
    EXPECT_EQ(f.step, 32u);
    EXPECT_EQ(f.message,
              "Task spinner unparked itself in each of its last 32 polls with no channel, "
              "socket, timer or spawn activity: it is spinning (a busy loop). It burns polls, "
              "and the executor never goes idle, so the clock cannot move on. Store the task's "
              "handle where the event you wait for will unpark it, instead of unparking "
              "yourself.");
}

TEST(busy_loop, ABusyWaitKeepsTheClockStillUntilTheStepLimit) {
    Watched w;
    w.ex.set_limits(Limits{.max_steps = 100});
    w.ex.spawn(busy_wait(10ms), {.name = "spinner"});
    RunReport r = w.ex.run_all();
    EXPECT_EQ(r.reason, StopReason::step_limit);
    EXPECT_EQ(w.ex.now(), 0);
    ASSERT_EQ(w.detectors.findings().size(), 1u);
    EXPECT_EQ(w.detectors.findings()[0].kind, "busy_loop");
    EXPECT_EQ(w.detectors.findings()[0].step, 32u);
    EXPECT_EQ(w.detectors.findings()[0].future, 1u);
}

TEST(blocking_poll, ABlockNamesTheTasksAndTimersItDelays) {
    Watched w;
    w.ex.spawn(delay(10ms), {.name = "ticker"});
    w.ex.spawn(block(50ms), {.name = "hog"});
    w.ex.spawn(yield_now(), {.name = "polite"});
    w.ex.run_all();
    ASSERT_EQ(w.detectors.findings().size(), 1u);
    const Finding &f = w.detectors.findings()[0];
    EXPECT_EQ(f.kind, "blocking_poll");
    EXPECT_EQ(f.task, 2u);
    EXPECT_EQ(f.step, 2u);
    EXPECT_EQ(
        f.message,
        "Task hog blocked the executor for 50ms inside its poll (Block #2 block(50ms)): while a "
        "poll runs, no other task can. Task polite was ready and waited 50ms longer. Timer "
        "#1 (due at 10ms) waits 40ms longer. Move blocking work off the executor, or split "
        "it with yield points.");
}

TEST(deadlock, TwoTasksWaitingOnEachOthersChannelsFormAChain) {
    Watched w;
    auto [tx1, rx1] = mpsc::channel<int>(1);
    auto [tx2, rx2] = mpsc::channel<int>(1);
    {
        ObserverScope scope(&w.detectors);
        tx1.declare_owner(2);
        rx1.declare_owner(1);
        tx2.declare_owner(1);
        rx2.declare_owner(2);
    }
    w.ex.spawn(std::move(rx1).into_future().map([tx = std::move(tx2)](auto &&) { return 0; }),
               {.name = "a"});
    w.ex.spawn(std::move(rx2).into_future().map([tx = std::move(tx1)](auto &&) { return 0; }),
               {.name = "b"});
    RunReport r = w.ex.run_all();
    EXPECT_EQ(r.reason, StopReason::idle);
    w.detectors.finish(r);
    ASSERT_EQ(w.detectors.findings().size(), 1u);
    const Finding &f = w.detectors.findings()[0];
    EXPECT_EQ(f.kind, "deadlock");
    EXPECT_EQ(f.task, 1u);
    EXPECT_EQ(f.step, 0u);
    EXPECT_EQ(f.message,
              "Deadlock: task a (in mpsc::Receiver #3 mpsc(1)) waits on channel #1 (mpsc "
              "receiver), which only task b can wake; task b (in mpsc::Receiver #6 mpsc(1)) waits "
              "on channel #2 (mpsc receiver), which only task a can wake. Each task waits for "
              "another in the cycle, so none of them will ever be polled again.");
}

TEST(canceled, ADroppedOneshotSenderIsReported) {
    Watched w;
    auto ch = oneshot<int>();
    w.ex.spawn(std::move(ch.second), {.name = "rx"});
    w.ex.spawn(lazy([tx = std::move(ch.first)]() mutable {
                   auto gone = std::move(tx);
                   return ok(Unit{});
               }),
               {.name = "quitter"});
    w.ex.run_all();
    ASSERT_EQ(w.detectors.findings().size(), 1u);
    EXPECT_EQ(w.detectors.findings()[0].kind, "canceled");
    EXPECT_EQ(w.detectors.findings()[0].message,
              "Task quitter dropped the sender of channel #1 (oneshot) without sending: its "
              "receiver resolves to Err(Canceled).");
}

TEST(send_after_receiver_dropped, ASendIntoAClosedChannelIsReportedOnce) {
    Watched w;
    auto [tx, rx] = mpsc::unbounded<int>();
    { auto gone = std::move(rx); }
    w.ex.spawn(lazy([tx = std::move(tx)]() mutable {
                   (void)tx.unbounded_send(1);
                   (void)tx.unbounded_send(2);
                   return ok(Unit{});
               }),
               {.name = "main"});
    w.ex.run_all();
    ASSERT_EQ(w.detectors.findings().size(), 1u);
    EXPECT_EQ(w.detectors.findings()[0].kind, "send_after_receiver_dropped");
    EXPECT_EQ(w.detectors.findings()[0].message,
              "Task main sent into channel #1 (mpsc_unbounded) after its receiver was gone: the "
              "send fails and hands the value back as an error. Nobody will ever read it.");
}

} // namespace
} // namespace futurescope
