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

TEST(narrator, AnAsyncFnsStateSentenceSaysWhatItHoldsAcrossTheAwait) {
    Executor ex;
    trace::Recorder recorder(ex, trace::TraceFormat::json);
    ex.spawn(example(), {.name = "spawner"});
    recorder.finish(ex.run_all());
    trace::TraceModel m = trace::load_trace_bytes(recorder.bytes(), "memory");
    narrate::Narrator n(m);
    std::vector<std::string> states;
    for (std::size_t i = 0; i < m.events.size(); ++i) {
        if (m.events[i].kind == trace::EventKind::state && m.events[i].future == 1) {
            states.push_back(n.sentence(i));
        }
    }
    EXPECT_EQ(states,
              (std::vector<std::string>{
                  "async fn example moves from state NotStarted to YieldNow, holding non_send = "
                  "Rc(1) across the await.",
                  "async fn example moves from state YieldNow to Terminated."}));
}

} // namespace
} // namespace futurescope
