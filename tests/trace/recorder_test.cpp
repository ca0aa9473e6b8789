// The recorder, event by event: small programs (a join of delays, an and_then chain, a select
// whose loser is dropped, a panicking task, stuck tasks) give exact event sequences and tables;
// channel and network events, which other parts of the engine report, are fed through the
// Observer interface as they will be.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "trace/trace_support.hpp"

namespace futurescope::trace {
namespace {
using namespace std::chrono_literals;
using testing::lines;
using testing::record;
using Lines = std::vector<std::string>;

TEST(recorder, JoinOfTwoDelaysRecordsEveryPollParkTimerAndDrop) {
    TraceModel m = record([](Executor &ex) {
        ex.spawn(join(delay(30ms).map([] { return 1; }), delay(10ms).map([] { return 2; })),
                 {.name = "join"});
    });
    EXPECT_EQ(lines(m),
              (Lines{
                  "0 spawn task=1 name=\"join\" daemon=false parent=0",
                  "0 poll_begin task=1",
                  "0 enter task=1 future=1 state=\"pending\"",
                  "0 enter task=1 future=2 state=\"pending\"",
                  "0 enter task=1 future=3 state=\"idle\"",
                  "0 park task=1 future=3",
                  "0 timer_set timer=1 deadline_ns=30000000 task=1",
                  "0 state task=1 future=3 from=\"idle\" to=\"waiting\"",
                  "0 exit task=1 future=3 result=not_ready",
                  "0 exit task=1 future=2 result=not_ready",
                  "0 enter task=1 future=4 state=\"pending\"",
                  "0 enter task=1 future=5 state=\"idle\"",
                  "0 park task=1 future=5",
                  "0 timer_set timer=2 deadline_ns=10000000 task=1",
                  "0 state task=1 future=5 from=\"idle\" to=\"waiting\"",
                  "0 exit task=1 future=5 result=not_ready",
                  "0 exit task=1 future=4 result=not_ready",
                  "0 exit task=1 future=1 result=not_ready",
                  "0 poll_end task=1 result=not_ready",
                  "0 clock from_ns=0 to_ns=10000000 blocking=false",
                  "10000000 timer_fire timer=2 task=1",
                  "10000000 unpark target=1 source=timer source_id=2 via=\"timer fired\" "
                  "outcome=queued",
                  "10000000 poll_begin task=1",
                  "10000000 enter task=1 future=1 state=\"pending\"",
                  "10000000 enter task=1 future=2 state=\"pending\"",
                  "10000000 enter task=1 future=3 state=\"waiting\"",
                  "10000000 park task=1 future=3",
                  "10000000 exit task=1 future=3 result=not_ready",
                  "10000000 exit task=1 future=2 result=not_ready",
                  "10000000 enter task=1 future=4 state=\"pending\"",
                  "10000000 enter task=1 future=5 state=\"waiting\"",
                  "10000000 state task=1 future=5 from=\"waiting\" to=\"done\"",
                  "10000000 exit task=1 future=5 result=ready value=\"()\"",
                  "10000000 state task=1 future=4 from=\"pending\" to=\"done\"",
                  "10000000 exit task=1 future=4 result=ready value=\"2\"",
                  // A finished side of a join is dropped at once, in the same poll.
                  "10000000 drop task=1 future=4",
                  "10000000 drop task=1 future=5",
                  "10000000 exit task=1 future=1 result=not_ready",
                  "10000000 poll_end task=1 result=not_ready",
                  "10000000 clock from_ns=10000000 to_ns=30000000 blocking=false",
                  "30000000 timer_fire timer=1 task=1",
                  "30000000 unpark target=1 source=timer source_id=1 via=\"timer fired\" "
                  "outcome=queued",
                  "30000000 poll_begin task=1",
                  "30000000 enter task=1 future=1 state=\"pending\"",
                  "30000000 enter task=1 future=2 state=\"pending\"",
                  "30000000 enter task=1 future=3 state=\"waiting\"",
                  "30000000 state task=1 future=3 from=\"waiting\" to=\"done\"",
                  "30000000 exit task=1 future=3 result=ready value=\"()\"",
                  "30000000 state task=1 future=2 from=\"pending\" to=\"done\"",
                  "30000000 exit task=1 future=2 result=ready value=\"1\"",
                  "30000000 drop task=1 future=2",
                  "30000000 drop task=1 future=3",
                  "30000000 state task=1 future=1 from=\"pending\" to=\"done\"",
                  "30000000 exit task=1 future=1 result=ready value=\"(1, 2)\"",
                  "30000000 poll_end task=1 result=ready",
                  // Rule 2: the root future is destroyed at once, then the task completes.
                  "30000000 drop task=1 future=1",
                  "30000000 complete task=1 result=ready value=\"(1, 2)\"",
              }));
}

TEST(recorder, JoinOfTwoDelaysHasItsFuturesTasksAndSummaryTables) {
    TraceModel m = record([](Executor &ex) {
        ex.spawn(join(delay(30ms).map([] { return 1; }), delay(10ms).map([] { return 2; })),
                 {.name = "join"});
    });
    ASSERT_EQ(m.tasks.size(), 1u);
    EXPECT_EQ(m.tasks[0], (TraceTask{1, m.strings.intern("join"), false, 0, 1}));
    ASSERT_EQ(m.futures.size(), 5u);
    auto future_line = [&](const TraceFuture &f) {
        std::string s = std::to_string(f.id) + " task=" + std::to_string(f.task) +
                        " parent=" + std::to_string(f.parent) + " " + std::string(m.str(f.kind)) +
                        " '" + std::string(m.str(f.label)) + "' [";
        for (StrId st : m.states(f)) {
            s += std::string(m.str(st)) + ";";
        }
        return s + "]";
    };
    Lines futures;
    for (const TraceFuture &f : m.futures) {
        futures.push_back(future_line(f));
    }
    EXPECT_EQ(futures,
              (Lines{
                  "1 task=1 parent=0 Join '' [pending;done;]",
                  "2 task=1 parent=1 Map '' [pending;done;]",
                  "3 task=1 parent=2 Delay 'delay(30ms)' [idle;waiting;done;]",
                  "4 task=1 parent=1 Map '' [pending;done;]",
                  "5 task=1 parent=4 Delay 'delay(10ms)' [idle;waiting;done;]",
              }));
    EXPECT_EQ(m.summary.end_ns, 30'000'000);
    EXPECT_EQ(m.summary.steps, 3u);
    EXPECT_EQ(m.str(m.summary.stop), "completed");
    ASSERT_EQ(m.summary.tasks.size(), 1u);
    const TaskSummary &s = m.summary.tasks[0];
    EXPECT_EQ(s.polls, 3u);
    EXPECT_EQ(s.unparks, 2u);
    EXPECT_EQ(s.completed_ns, 30'000'000);
    EXPECT_EQ(s.result, ResultKind::ok);
    EXPECT_EQ(m.str(s.result_text), "(1, 2)");
    EXPECT_EQ(s.stuck, 0u);
    EXPECT_EQ(m.scenario, (ScenarioInfo{"test", "test.json", 7}));
}

TEST(recorder, AndThenDropsTheFirstFutureBeforeItPollsTheSecond) {
    TraceModel m = record([](Executor &ex) {
        ex.spawn(delay(20ms).and_then([] { return delay(15ms); }).map([] { return 35; }),
                 {.name = "chain"});
    });
    EXPECT_EQ(lines(m,
                    {EventKind::enter,
                     EventKind::exit,
                     EventKind::state,
                     EventKind::drop,
                     EventKind::poll_begin,
                     EventKind::complete}),
              (Lines{
                  "0 poll_begin task=1",
                  "0 enter task=1 future=1 state=\"pending\"",
                  "0 enter task=1 future=2 state=\"first\"",
                  "0 enter task=1 future=3 state=\"idle\"",
                  "0 state task=1 future=3 from=\"idle\" to=\"waiting\"",
                  "0 exit task=1 future=3 result=not_ready",
                  "0 exit task=1 future=2 result=not_ready",
                  "0 exit task=1 future=1 result=not_ready",
                  "20000000 poll_begin task=1",
                  "20000000 enter task=1 future=1 state=\"pending\"",
                  "20000000 enter task=1 future=2 state=\"first\"",
                  "20000000 enter task=1 future=3 state=\"waiting\"",
                  "20000000 state task=1 future=3 from=\"waiting\" to=\"done\"",
                  "20000000 exit task=1 future=3 result=ready value=\"()\"",
                  "20000000 drop task=1 future=3",
                  "20000000 state task=1 future=2 from=\"first\" to=\"second\"",
                  "20000000 enter task=1 future=4 state=\"idle\"",
                  "20000000 state task=1 future=4 from=\"idle\" to=\"waiting\"",
                  "20000000 exit task=1 future=4 result=not_ready",
                  "20000000 exit task=1 future=2 result=not_ready",
                  "20000000 exit task=1 future=1 result=not_ready",
                  "35000000 poll_begin task=1",
                  "35000000 enter task=1 future=1 state=\"pending\"",
                  "35000000 enter task=1 future=2 state=\"second\"",
                  "35000000 enter task=1 future=4 state=\"waiting\"",
                  "35000000 state task=1 future=4 from=\"waiting\" to=\"done\"",
                  "35000000 exit task=1 future=4 result=ready value=\"()\"",
                  "35000000 exit task=1 future=2 result=ready value=\"()\"",
                  "35000000 state task=1 future=1 from=\"pending\" to=\"done\"",
                  "35000000 exit task=1 future=1 result=ready value=\"35\"",
                  "35000000 drop task=1 future=1",
                  "35000000 drop task=1 future=2",
                  "35000000 drop task=1 future=4",
                  "35000000 complete task=1 result=ready value=\"35\"",
              }));
    // The second delay is registered under the AndThen, like the first.
    ASSERT_EQ(m.futures.size(), 4u);
    EXPECT_EQ(m.futures[3].parent, 2u);
    EXPECT_EQ(m.str(m.futures[3].label), "delay(15ms)");
    EXPECT_EQ(m.summary.tasks[0].completed_ns, 35'000'000);
    EXPECT_EQ(m.summary.tasks[0].polls, 3u);
}

TEST(recorder, SelectDropsItsLoserWhoseTimerIsCancelledAndNeverMovesTheClock) {
    TraceModel m = record([](Executor &ex) {
        ex.spawn(delay(10ms)
                     .map([] { return std::string("fast"); })
                     .select(delay(50ms).map([] { return std::string("slow"); }))
                     .map([](auto winner_and_loser) { return winner_and_loser.first; }),
                 {.name = "race"});
    });
    EXPECT_EQ(lines(m,
                    {EventKind::timer_set,
                     EventKind::timer_cancel,
                     EventKind::timer_fire,
                     EventKind::clock,
                     EventKind::drop,
                     EventKind::complete}),
              (Lines{
                  "0 timer_set timer=1 deadline_ns=10000000 task=1",
                  "0 timer_set timer=2 deadline_ns=50000000 task=1",
                  "0 clock from_ns=0 to_ns=10000000 blocking=false",
                  "10000000 timer_fire timer=1 task=1",
                  "10000000 drop task=1 future=3",
                  "10000000 drop task=1 future=4",
                  // The loser goes when the Map's closure drops the (value, next) pair.
                  "10000000 drop task=1 future=5",
                  "10000000 timer_cancel timer=2 task=1",
                  "10000000 drop task=1 future=6",
                  "10000000 drop task=1 future=1",
                  "10000000 drop task=1 future=2",
                  "10000000 complete task=1 result=ready value=\"\\\"fast\\\"\"",
              }));
    EXPECT_EQ(m.summary.end_ns, 10'000'000);
    EXPECT_EQ(m.str(m.futures[1].kind), "Select");
    EXPECT_EQ(m.str(m.futures[5].label), "delay(50ms)");
}

TEST(recorder, APanickingTaskCompletesAsErrWithItsMessage) {
    TraceModel m = record([](Executor &ex) {
        ex.spawn(poll_fn([]() -> Poll<int, Never> { throw Panic("boom"); }), {.name = "bad"});
    });
    EXPECT_EQ(lines(m),
              (Lines{
                  "0 spawn task=1 name=\"bad\" daemon=false parent=0",
                  "0 poll_begin task=1",
                  "0 enter task=1 future=1 state=\"polling\"",
                  "0 exit task=1 future=1 result=err",
                  "0 poll_end task=1 result=err",
                  "0 drop task=1 future=1",
                  "0 complete task=1 result=err panic=\"boom\"",
              }));
    const TaskSummary &s = m.summary.tasks[0];
    EXPECT_EQ(s.result, ResultKind::panic);
    EXPECT_EQ(m.str(s.result_text), "boom");
    EXPECT_EQ(s.completed_ns, 0);
}

TEST(recorder, AnErrResultIsRecordedAsErr) {
    TraceModel m = record([](Executor &ex) { ex.spawn(err<int>(std::string("no"))); });
    EXPECT_EQ(lines(m, {EventKind::complete}),
              (Lines{"0 complete task=1 result=err value=\"\\\"no\\\"\""}));
    EXPECT_EQ(m.summary.tasks[0].result, ResultKind::err);
    EXPECT_EQ(m.str(m.summary.tasks[0].result_text), "\"no\"");
    EXPECT_EQ(m.str(m.tasks[0].name), "task-1");
}

TEST(recorder, StuckTasksSayWhatTheyWaitOnAndWhyNothingWakesThem) {
    TraceModel m = record([](Executor &ex) {
        ex.spawn(poll_fn([]() -> Poll<int, Never> {
                     (void)park(); // takes the handle and loses it
                     return not_ready;
                 }),
                 {.name = "forgotten"});
        ex.spawn(poll_fn([]() -> Poll<int, Never> { return not_ready; }), {.name = "no-park"});
        ex.spawn(delay(5ms), {.name = "ok"});
    });
    EXPECT_EQ(m.str(m.summary.stop), "idle");
    ASSERT_EQ(m.summary.tasks.size(), 3u);
    EXPECT_EQ(m.summary.tasks[0].completed_ns, -1);
    EXPECT_EQ(m.summary.tasks[0].result, ResultKind::none);
    EXPECT_EQ(m.str(m.summary.tasks[0].stuck),
              "parked in PollFn#1 at 0ns; no task is queued and no timer is live");
    EXPECT_EQ(m.str(m.summary.tasks[1].stuck),
              "never parked: nothing holds its handle, so nothing can unpark it; no task is "
              "queued and no timer is live");
    EXPECT_EQ(m.summary.tasks[2].stuck, 0u);
    EXPECT_EQ(m.summary.tasks[2].completed_ns, 5'000'000);
    EXPECT_EQ(lines(m, {EventKind::park}),
              (Lines{"0 park task=1 future=1", "0 park task=3 future=3"}));
}

TEST(recorder, AStuckReasonNamesTheLabelAndTheTimerAtALimit) {
    Executor ex;
    Recorder recorder(ex, TraceFormat::cbor);
    ex.set_limits(Limits{0, 20'000'000});
    ex.spawn(delay(10ms).and_then([] { return delay(1s); }), {.name = "slow"});
    RunReport report = ex.run_all();
    ASSERT_EQ(report.reason, StopReason::time_limit);
    recorder.finish(report);
    TraceModel m = load_trace_bytes(recorder.bytes(), "memory");
    EXPECT_EQ(m.str(m.summary.stop), "time_limit");
    EXPECT_EQ(m.str(m.summary.tasks[0].stuck),
              "parked in Delay#3 'delay(1s)' at 10ms, waiting for timer #2 due at 1.01s; the run "
              "stopped at its time limit");
}

TEST(recorder, AStuckReasonGivenByTheCallerReplacesTheRecordersOwn) {
    Executor ex;
    Recorder recorder(ex, TraceFormat::json);
    ex.spawn(poll_fn([]() -> Poll<int, Never> { return not_ready; }));
    recorder.set_stuck_reason(1, "deadlock: waits for itself");
    recorder.finish(ex.run_all());
    TraceModel m = load_trace_bytes(recorder.bytes(), "memory");
    EXPECT_EQ(m.str(m.summary.tasks[0].stuck), "deadlock: waits for itself");
}

TEST(recorder, UnparksRecordSourceViaAndOutcome) {
    TraceModel m = record([](Executor &ex) {
        static std::optional<Task> handle;
        handle.reset();
        ex.spawn(poll_fn([n = 0]() mutable -> Poll<Unit, Never> {
                     if (++n == 2) {
                         return ready();
                     }
                     handle.emplace(park());
                     return not_ready;
                 }),
                 {.name = "waiter"});
        ex.spawn(poll_fn([]() -> Poll<Unit, Never> {
                     handle->unpark("by hand");
                     handle->unpark();
                     return ready();
                 }),
                 {.name = "waker"});
        ex.run_all();
        handle->unpark("late");
        handle.reset();
    });
    EXPECT_EQ(lines(m, {EventKind::unpark}),
              (Lines{
                  "0 unpark target=1 source=task source_id=2 via=\"by hand\" outcome=queued",
                  "0 unpark target=1 source=task source_id=2 outcome=coalesced",
                  "0 unpark target=1 source=external source_id=0 via=\"late\" outcome=ignored",
              }));
    // Ignored unparks do not count (as the executor counts them).
    EXPECT_EQ(m.summary.tasks[0].unparks, 2u);
}

TEST(recorder, ATaskSpawnedFromATaskNamesItsParent) {
    TraceModel m = record([](Executor &ex) {
        ex.spawn(poll_fn([]() -> Poll<Unit, Never> {
                     spawn(ok(1), {.name = "child", .daemon = true});
                     return ready();
                 }),
                 {.name = "parent"});
    });
    EXPECT_EQ(lines(m, {EventKind::spawn}),
              (Lines{"0 spawn task=1 name=\"parent\" daemon=false parent=0",
                     "0 spawn task=2 name=\"child\" daemon=true parent=1"}));
    // A daemon does not keep run_all going: the child is never polled, so it has no root.
    EXPECT_EQ(m.tasks[1], (TraceTask{2, m.strings.intern("child"), true, 1, 0}));
    EXPECT_EQ(m.str(m.summary.tasks[1].stuck),
              "queued for a poll; the run ended when the tasks it waited for completed");
}

TEST(recorder, BlockingMovesTheClockDuringAPoll) {
    TraceModel m = record([](Executor &ex) { ex.spawn(block(5ms)); });
    EXPECT_EQ(lines(m, {EventKind::clock, EventKind::complete}),
              (Lines{"0 clock from_ns=0 to_ns=5000000 blocking=true",
                     "5000000 complete task=1 result=ready value=\"()\""}));
}

// Channels and the network report through the Observer, from inside polls.
TEST(recorder, ChannelEventsCarryTheChannelValueDetailAndTheCurrentTask) {
    Executor ex;
    Recorder recorder(ex, TraceFormat::json);
    ChannelId id = recorder.register_channel("mpsc", 4);
    ex.spawn(poll_fn([&]() -> Poll<Unit, Never> {
                 Observer *o = current_observer();
                 int seven = 7;
                 std::string text = "hi \"you\"";
                 o->on_channel({ChannelEventKind::send, id, ValueRef::of(seven), nullptr});
                 o->on_channel({ChannelEventKind::full, id, {}, "sender parked"});
                 o->on_channel({ChannelEventKind::recv, id, ValueRef::of(text), nullptr});
                 o->on_channel({ChannelEventKind::close, id, {}, "receiver dropped"});
                 o->on_channel({ChannelEventKind::cancel, id, {}, nullptr});
                 return ready();
             }),
             {.name = "user"});
    recorder.finish(ex.run_all());
    TraceModel m = load_trace_bytes(recorder.bytes(), "memory");
    EXPECT_EQ(lines(m,
                    {EventKind::chan_send,
                     EventKind::chan_full,
                     EventKind::chan_recv,
                     EventKind::chan_close,
                     EventKind::chan_cancel}),
              (Lines{
                  "0 chan_send task=1 channel=1 value=\"7\"",
                  "0 chan_full task=1 channel=1 detail=\"sender parked\"",
                  "0 chan_recv task=1 channel=1 value=\"\\\"hi \\\\\\\"you\\\\\\\"\\\"\"",
                  "0 chan_close task=1 channel=1 detail=\"receiver dropped\"",
                  "0 chan_cancel task=1 channel=1",
              }));
    ASSERT_EQ(m.channels.size(), 1u);
    EXPECT_EQ(m.channels[0], (TraceChannel{1, m.strings.intern("mpsc"), 4, 0}));
}

TEST(recorder, NetworkEventsCarrySocketsAddressesBytesAndDetail) {
    Executor ex;
    Recorder recorder(ex, TraceFormat::cbor);
    ex.spawn(poll_fn([&]() -> Poll<Unit, Never> {
        Observer *o = current_observer();
        o->on_net({NetEventKind::listen, 1, 0, 0, "server:80", "", nullptr});
        o->on_net({NetEventKind::connect, 2, 0, 0, "client:5000", "server:80", nullptr});
        o->on_net({NetEventKind::accept, 3, 2, 0, "server:80", "client:5000", nullptr});
        o->on_net({NetEventKind::send, 2, 3, 12, "client:5000", "server:80", nullptr});
        o->on_net({NetEventKind::deliver, 3, 2, 12, "server:80", "client:5000", nullptr});
        o->on_net({NetEventKind::tls, 2, 3, 512, "", "", "handshake done"});
        o->on_net({NetEventKind::close, 2, 3, 0, "", "", nullptr});
        o->on_net({NetEventKind::reset, 3, 2, 0, "", "", "connection reset"});
        return ready();
    }));
    recorder.finish(ex.run_all());
    TraceModel m = load_trace_bytes(recorder.bytes(), "memory");
    Lines net;
    for (const TraceEvent &e : m.events) {
        if (is_net_event(e.kind)) {
            net.push_back(describe_event(m, e));
        }
    }
    EXPECT_EQ(net,
              (Lines{
                  "listen task=1 socket=1 peer=0 bytes=0 local=\"server:80\"",
                  "connect task=1 socket=2 peer=0 bytes=0 local=\"client:5000\" "
                  "remote=\"server:80\"",
                  "accept task=1 socket=3 peer=2 bytes=0 local=\"server:80\" "
                  "remote=\"client:5000\"",
                  "send task=1 socket=2 peer=3 bytes=12 local=\"client:5000\" remote=\"server:80\"",
                  "deliver task=1 socket=3 peer=2 bytes=12 local=\"server:80\" "
                  "remote=\"client:5000\"",
                  "tls task=1 socket=2 peer=3 bytes=512 detail=\"handshake done\"",
                  "close task=1 socket=2 peer=3 bytes=0",
                  "reset task=1 socket=3 peer=2 bytes=0 detail=\"connection reset\"",
              }));
}

TEST(recorder, DiagnosticsAreEventsAndPartOfTheSummary) {
    Executor ex;
    Recorder recorder(ex, TraceFormat::json);
    ex.spawn(delay(1ms), {.name = "t"});
    ex.run_all();
    recorder.on_diag({"lost_wakeup", 1, 1, "task 1 returned NotReady without parking."});
    recorder.finish();
    TraceModel m = load_trace_bytes(recorder.bytes(), "memory");
    EXPECT_EQ(lines(m, {EventKind::diag}),
              (Lines{"1000000 diag diag=\"lost_wakeup\" task=1 future=1 message=\"task 1 returned "
                     "NotReady without parking.\""}));
    ASSERT_EQ(m.summary.diagnostics.size(), 1u);
    EXPECT_EQ(m.summary.diagnostics[0],
              (TraceDiagnostic{m.strings.intern("lost_wakeup"),
                               1,
                               1,
                               m.strings.intern("task 1 returned NotReady without parking.")}));
    EXPECT_EQ(m.summary.stop, 0u); // finish() without a report: why it stopped is not known
}

TEST(recorder, EventsAfterFinishAreNotRecordedAndFinishingTwiceIsAnError) {
    Executor ex;
    Recorder recorder(ex, TraceFormat::json);
    ex.spawn(delay(1ms));
    recorder.finish(ex.run_all());
    std::string bytes = recorder.bytes();
    recorder.on_clock(0, 1, false);
    EXPECT_EQ(recorder.bytes(), bytes);
    EXPECT_THROW(recorder.finish(), std::logic_error);
    EXPECT_THROW(recorder.set_scenario({}), std::logic_error);
}

TEST(recorder, EventCountIsTheNumberOfEventsWritten) {
    Executor ex;
    Recorder recorder(ex, TraceFormat::cbor);
    ex.spawn(delay(1ms));
    recorder.finish(ex.run_all());
    TraceModel m = load_trace_bytes(recorder.bytes(), "memory");
    // load_trace checks that events[i] has seq i.
    EXPECT_EQ(recorder.event_count(), 18u);
    EXPECT_EQ(m.events.size(), 18u);
}

TEST(recorder, DetachesFromItsExecutorWhenDestroyed) {
    Executor ex;
    {
        Recorder recorder(ex, TraceFormat::json);
        EXPECT_EQ(ex.observer(), &recorder);
    }
    EXPECT_EQ(ex.observer(), nullptr);
}

} // namespace
} // namespace futurescope::trace
