// The Narrator on an async fn: its state sentences name the function and say what the suspended
// state holds across the await, as the compiler's enum variant `YieldNow(Rc<i32>)` does.
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "futurescope/futures.hpp"
#include "futurescope/narrate/narrator.hpp"
#include "futurescope/trace/trace.hpp"

namespace futurescope {
namespace {

constexpr std::array<std::string_view, 3> example_states{"NotStarted", "YieldNow", "Terminated"};
constexpr AsyncFnInfo example_fn{"example", example_states};

Async<Unit, Never, example_fn> example() {
    Held non_send("non_send", Rc(1));
    co_await yield_now();
    (void)**non_send;
}

TEST(narrator, AnAsyncFnSaysWhereItIsSuspendedAndWhatItHoldsAcrossTheAwait) {
    Executor ex;
    trace::Recorder recorder(ex, trace::TraceFormat::json);
    ex.spawn(example(), {.name = "spawner"});
    recorder.finish(ex.run_all());
    trace::TraceModel m = trace::load_trace_bytes(recorder.bytes(), "memory");
    narrate::Narrator n(m);
    std::vector<std::string> states;
    std::vector<std::string> enters;
    for (std::size_t i = 0; i < m.events.size(); ++i) {
        if (m.events[i].future != 1) {
            continue;
        }
        if (m.events[i].kind == trace::EventKind::state) {
            states.push_back(n.sentence(i));
        } else if (m.events[i].kind == trace::EventKind::enter) {
            enters.push_back(n.sentence(i));
        }
    }
    EXPECT_EQ(enters,
              (std::vector<std::string>{
                  "async fn example is polled in state NotStarted: none of its body has run yet; "
                  "it runs now, up to the first await whose future is not ready.",
                  "async fn example is polled in state YieldNow: it is suspended at this await, "
                  "so it polls the future it awaits, not its body, and resumes the body once "
                  "that future is ready."}));
    EXPECT_EQ(states,
              (std::vector<std::string>{
                  "async fn example moves from state NotStarted to YieldNow, holding non_send = "
                  "Rc(1) across the await.",
                  "async fn example moves from state YieldNow to Terminated."}));
}

} // namespace
} // namespace futurescope
