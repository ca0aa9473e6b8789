// What the async fn tests share: a Probe that also writes what a state holds, a value that logs
// its destruction, the seed's example and a pair of nested async fns.
#pragma once

#include <array>
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "futurescope/futures.hpp"
#include "support/probe.hpp"

namespace futurescope::async_fn_testing {

using namespace std::chrono_literals;

// A Probe that also writes what a state holds: "state async fn#1 NotStarted->YieldNow {n = 1}".
class HeldProbe : public testing::Probe {
  public:
    void on_state_held(FutureId f, int from, int to, std::string_view held) override {
        on_state(f, from, to);
        if (futures) {
            lines.back() += " {" + std::string(held) + "}";
        }
    }
};

// A value whose destruction is recorded in the probe's lines ("drop guard a").
struct Guard {
    std::vector<std::string> *log;
    std::string name;
    Guard(std::vector<std::string> *l, std::string n) : log(l), name(std::move(n)) {}
    Guard(const Guard &) = delete;
    Guard &operator=(const Guard &) = delete;
    ~Guard() { log->push_back("drop guard " + name); }
    [[nodiscard]] std::string describe() const { return "Guard(" + name + ")"; }
};

// The seed's example: an Rc that is not Send, held across one await.
inline constexpr std::array<std::string_view, 3> example_states{
    "NotStarted", "YieldNow", "Terminated"};
inline constexpr AsyncFnInfo example_fn{"example", example_states};

inline Async<Unit, Never, example_fn> example(std::vector<std::string> &out) {
    // A value that's not Send, created inside the async function.
    Held non_send("non_send", Rc(1));
    // An await point that does nothing.
    co_await yield_now();
    // The local is still needed after the await.
    out.push_back("println " + describe(**non_send));
}

// An async fn that awaits another one: its await point is named after the awaited function.
inline constexpr std::array<std::string_view, 3> inner_states{"NotStarted", "Sleep", "Terminated"};
inline constexpr AsyncFnInfo inner_fn{"inner", inner_states};
inline constexpr std::array<std::string_view, 3> outer_states{"NotStarted", "inner", "Terminated"};
inline constexpr AsyncFnInfo outer_fn{"outer", outer_states};

inline Async<int, Never, inner_fn> inner(int x) {
    co_await delay(10ms);
    co_return x + 1;
}

inline Async<int, Never, outer_fn> outer() {
    Held x("x", 41);
    int y = co_await inner(*x); // the await point named after the awaited async fn
    co_return y;
}

} // namespace futurescope::async_fn_testing
