// The determinism self-check: two runs of one program agree; a change names the first event or
// table entry where the traces part.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>

#include "trace/trace_support.hpp"

namespace futurescope::trace {
namespace {
using namespace std::chrono_literals;

TraceModel run_with(std::chrono::nanoseconds d, TraceFormat format = TraceFormat::cbor) {
    return testing::record(
        [d](Executor &ex) {
            ex.spawn(delay(d).and_then([] { return delay(5ms); }).map([] { return 1; }));
        },
        format);
}

TEST(first_divergence, TwoRunsOfTheSameProgramAgree) {
    EXPECT_EQ(first_divergence(run_with(10ms), run_with(10ms)), std::nullopt);
    EXPECT_EQ(first_divergence(run_with(10ms, TraceFormat::json), run_with(10ms)), std::nullopt);
}

TEST(first_divergence, NamesTheFirstEventThatDiffers) {
    const std::optional<Divergence> d = first_divergence(run_with(10ms), run_with(20ms));
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->place, Divergence::Place::event);
    EXPECT_EQ(d->index, 6u);
    EXPECT_EQ(d->a.t, 0);
    EXPECT_EQ(d->a.description, "timer_set timer=1 deadline_ns=10000000 task=1");
    EXPECT_EQ(d->b.t, 0);
    EXPECT_EQ(d->b.description, "timer_set timer=1 deadline_ns=20000000 task=1");
    EXPECT_EQ(to_string(*d),
              "event seq 6 differs: a: t=0 timer_set timer=1 deadline_ns=10000000 task=1; b: t=0 "
              "timer_set timer=1 deadline_ns=20000000 task=1");
}

TEST(first_divergence, NamesTheFirstExtraEventWhenOneTraceIsLonger) {
    auto program = [](Executor &ex) { ex.spawn(delay(1ms)); };
    std::string a = testing::record_bytes(program, TraceFormat::cbor);
    Executor ex;
    Recorder recorder(ex, TraceFormat::cbor, {"test", "test.json", 7});
    program(ex);
    RunReport report = ex.run_all();
    recorder.on_diag({"busy_loop", 1, 0, "spins"});
    recorder.finish(report);
    TraceModel ma = load_trace_bytes(a, "a");
    TraceModel mb = load_trace_bytes(recorder.bytes(), "b");
    const std::optional<Divergence> d = first_divergence(ma, mb);
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->place, Divergence::Place::event_count);
    EXPECT_EQ(d->index, 18u);
    EXPECT_EQ(d->a.count, 18u);
    EXPECT_EQ(d->b.count, 19u);
    EXPECT_EQ(d->a.description, "");
    EXPECT_EQ(d->b.t, 1000000);
    EXPECT_EQ(d->b.description, "diag diag=\"busy_loop\" task=1 future=0 message=\"spins\"");
    EXPECT_EQ(to_string(*d),
              "a has 18 events, b has 19; the first extra one, in b, is seq 18: t=1000000 diag "
              "diag=\"busy_loop\" task=1 future=0 message=\"spins\"");
}

TEST(first_divergence, ComparesTheScenarioAndTheTables) {
    auto program = [](Executor &ex) { ex.spawn(delay(1ms)); };
    TraceModel a = load_trace_bytes(testing::record_bytes(program), "a");
    TraceModel b = load_trace_bytes(
        testing::record_bytes(program, TraceFormat::json, {"test", "test.json", 8}), "b");
    const std::optional<Divergence> d = first_divergence(a, b);
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->place, Divergence::Place::scenario);
    EXPECT_EQ(d->a.description, "name=\"test\" file=\"test.json\" seed=7");
    EXPECT_EQ(d->b.description, "name=\"test\" file=\"test.json\" seed=8");
    EXPECT_EQ(to_string(*d),
              "scenario differs: a: name=\"test\" file=\"test.json\" seed=7; b: name=\"test\" "
              "file=\"test.json\" seed=8");

    Executor ex;
    Recorder recorder(ex, TraceFormat::json, {"test", "test.json", 7});
    program(ex);
    recorder.set_stuck_reason(1, "never mind");
    recorder.finish(ex.run_all());
    // A stuck reason of a completed task is not written: the documents agree.
    EXPECT_EQ(first_divergence(a, load_trace_bytes(recorder.bytes(), "c")), std::nullopt);
}

TEST(first_divergence, ComparesTheSummary) {
    auto program = [](Executor &ex) {
        ex.spawn(poll_fn([]() -> Poll<int, Never> { return not_ready; }));
    };
    TraceModel a = load_trace_bytes(testing::record_bytes(program), "a");
    Executor ex;
    Recorder recorder(ex, TraceFormat::json, {"test", "test.json", 7});
    program(ex);
    recorder.set_stuck_reason(1, "waits for nothing");
    recorder.finish(ex.run_all());
    const std::optional<Divergence> d =
        first_divergence(a, load_trace_bytes(recorder.bytes(), "b"));
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->place, Divergence::Place::table_entry);
    EXPECT_EQ(d->table, "/summary/tasks");
    EXPECT_EQ(d->index, 0u);
    EXPECT_EQ(
        d->b.description,
        "id=1 polls=1 unparks=0 completed_ns=-1 result=none \"\" stuck=\"waits for nothing\"");
    EXPECT_EQ(
        to_string(*d),
        "/summary/tasks/0 differs: a: id=1 polls=1 unparks=0 completed_ns=-1 result=none \"\" "
        "stuck=\"never parked: nothing holds its handle, so nothing can unpark it; no task is "
        "queued and no timer is live\"; b: id=1 polls=1 unparks=0 completed_ns=-1 "
        "result=none \"\" stuck=\"waits for nothing\"");
}

} // namespace
} // namespace futurescope::trace
