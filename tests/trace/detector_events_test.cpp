// The detectors' events in a trace file: `wait` after each NotReady (who will wake me), `diag`
// at the step of the bug, and the worker of each poll on the simulated multi-threaded runtime —
// written in both encodings, read back, and absent from single-threaded traces.

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "futurescope/future/faulty.hpp"
#include "futurescope/observe/detect.hpp"
#include "trace/trace_support.hpp"

namespace futurescope::trace {
namespace {

using namespace std::chrono_literals;
using testing::lines;

template <class Setup>
TraceModel record_detected(Setup setup, TraceFormat format, std::uint32_t workers = 1) {
    Executor ex;
    ex.set_workers(workers);
    Recorder recorder(ex, format, ScenarioInfo{"test", "test.json", 7});
    Detectors detectors(ex, &recorder);
    ex.set_observer(&detectors);
    setup(ex);
    RunReport report = ex.run_all();
    detectors.finish(report);
    ex.set_observer(&recorder);
    recorder.finish(report);
    return load_trace_bytes(recorder.bytes(), "memory");
}

TEST(trace_wait, EachNotReadyIsFollowedByWhatHoldsTheHandleInBothEncodings) {
    for (TraceFormat format : {TraceFormat::json, TraceFormat::cbor}) {
        TraceModel m = record_detected(
            [](Executor &ex) {
                ex.spawn(delay(30ms), {.name = "main"});
                ex.spawn(forgetful_delay(10ms), {.name = "forgetful"});
            },
            format);
        EXPECT_EQ(lines(m, {EventKind::poll_end, EventKind::wait, EventKind::diag}),
                  (std::vector<std::string>{
                      "0 poll_end task=1 result=not_ready",
                      "0 wait task=1 on=\"timer #1 (delay, fires at 30ms)\"",
                      "0 poll_end task=2 result=not_ready",
                      "0 wait task=2 on=\"\"",
                      "0 diag diag=\"lost_wakeup\" task=2 future=2 message=\"Task forgetful "
                      "returned NotReady, but nothing holds its handle: no timer, socket, channel "
                      "or other task can unpark it, so it will never be polled again (a lost "
                      "wakeup). ForgetfulDelay #2 forgetful_delay(10ms) answered NotReady without "
                      "taking the task's handle (park()); a future may return NotReady only after "
                      "arranging to be woken.\"",
                      "30000000 poll_end task=1 result=ready",
                      "30000000 diag diag=\"stuck\" task=2 future=2 message=\"Task forgetful can "
                      "never complete: nothing holds its handle, so nothing will ever unpark it.\"",
                  }))
            << (format == TraceFormat::json ? "json" : "cbor");
        ASSERT_EQ(m.summary.diagnostics.size(), 2u);
    }
}

TEST(trace_worker, PollBeginNamesTheWorkerAndTheStealOnlyOnTheMultiThreadedRuntime) {
    TraceModel mt = record_detected(
        [](Executor &ex) {
            ex.spawn(lazy([] {
                for (int i = 0; i < 2; ++i) {
                    spawn(yield_now());
                }
                return ok(Unit{});
            }));
        },
        TraceFormat::cbor,
        2);
    EXPECT_EQ(lines(mt, {EventKind::poll_begin}),
              (std::vector<std::string>{
                  "0 poll_begin task=1 worker=1",
                  "0 poll_begin task=2 worker=2 stolen_from=1",
                  "0 poll_begin task=3 worker=1",
                  "0 poll_begin task=2 worker=2",
                  "0 poll_begin task=3 worker=1",
              }));
    TraceModel st = record_detected([](Executor &ex) { ex.spawn(yield_now()); }, TraceFormat::json);
    EXPECT_EQ(lines(st, {EventKind::poll_begin}),
              (std::vector<std::string>{"0 poll_begin task=1", "0 poll_begin task=1"}));
}

} // namespace
} // namespace futurescope::trace
