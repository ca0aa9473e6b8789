// An async fn in a trace file: its suspensions are state events whose optional "held" field says
// what the new state holds, written by the recorder and read back into TraceEvent::text3.
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "futurescope/futures.hpp"
#include "futurescope/trace/trace.hpp"
#include "trace_support.hpp"

namespace futurescope::trace {
namespace {
using testing::lines;
using testing::record;
using testing::record_bytes;
using Lines = std::vector<std::string>;

constexpr std::array<std::string_view, 3> example_states{"NotStarted", "YieldNow", "Terminated"};
constexpr AsyncFnInfo example_fn{"example", example_states};

Async<Unit, Never, example_fn> example() {
    Held non_send("non_send", Rc(1));
    co_await yield_now();
    (void)**non_send;
}

void spawn_example(Executor &ex) { ex.spawn(example(), {.name = "spawner"}); }

TEST(async_fn_trace, TheSuspensionsStateEventCarriesTheHeldValues) {
    TraceModel m = record(spawn_example);
    EXPECT_EQ(lines(m, {EventKind::state}),
              (Lines{"0 state task=1 future=2 from=\"pending\" to=\"yielded\"",
                     "0 state task=1 future=1 from=\"NotStarted\" to=\"YieldNow\" "
                     "held=\"non_send = Rc(1)\"",
                     "0 state task=1 future=1 from=\"YieldNow\" to=\"Terminated\""}));
    const TraceEvent *suspend = nullptr;
    const TraceEvent *finish = nullptr;
    for (const TraceEvent &e : m.events) {
        if (e.kind == EventKind::state && e.future == 1) {
            (suspend == nullptr ? suspend : finish) = &e;
        }
    }
    ASSERT_NE(suspend, nullptr);
    ASSERT_NE(finish, nullptr);
    EXPECT_EQ(m.str(suspend->text3), "non_send = Rc(1)");
    EXPECT_EQ(finish->text3, 0u);
}

TEST(async_fn_trace, TheJsonStateEventHasAHeldFieldOnlyWhenSomethingIsHeld) {
    std::string json = record_bytes(spawn_example);
    EXPECT_NE(
        json.find("\"from\":\"NotStarted\",\"to\":\"YieldNow\",\"held\":\"non_send = Rc(1)\""),
        std::string::npos);
    EXPECT_EQ(json.find("\"held\":\"\""), std::string::npos);
    // One held field in the whole file: the one suspension that holds something.
    EXPECT_EQ(json.find("\"held\""), json.rfind("\"held\""));
}

TEST(async_fn_trace, TheHeldFieldSurvivesCbor) {
    TraceModel m = record(spawn_example, TraceFormat::cbor);
    bool found = false;
    for (const TraceEvent &e : m.events) {
        if (e.kind == EventKind::state && e.text3 != 0) {
            EXPECT_EQ(m.str(e.text3), "non_send = Rc(1)");
            found = true;
        }
    }
    EXPECT_TRUE(found);
}

TEST(async_fn_trace, TheAsyncFnIsAFutureLabelledWithItsFunctionsName) {
    TraceModel m = record(spawn_example);
    const TraceFuture *f = m.future(1);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(m.str(f->kind), "async fn");
    EXPECT_EQ(m.str(f->label), "example");
    std::vector<std::string> states;
    for (StrId s : m.states(*f)) {
        states.emplace_back(m.str(s));
    }
    EXPECT_EQ(states, (Lines{"NotStarted", "YieldNow", "Terminated"}));
}

} // namespace
} // namespace futurescope::trace
