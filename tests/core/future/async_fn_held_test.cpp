// Async functions' held values: the values each suspended state holds, in declaration order,
// their Send-ness, and the listener told at every suspension (the multi-threaded runtime's check).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/future/async_fn_support.hpp"
#include "futurescope/futures.hpp"
#include "support/probe.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using namespace async_fn_testing;
using testing::Probe;

TEST(async_fn, HeldTextListsTheValuesInDeclarationOrderAndForgetsTheDropped) {
    auto f = []() -> Async<Unit> {
        Held a("a", std::string("x"));
        {
            Held tmp("tmp", 7);
            co_await yield_now();
        }
        Held shared("shared", Rc(std::vector<int>{1, 2}));
        auto n = hold("n", 3);
        co_await yield_now();
    };
    auto s = spawn_local(f());
    CountingNotify notify;
    (void)s.poll_future_notify(notify);
    EXPECT_EQ(s.get().frame()->held_text(), "a = \"x\", tmp = 7");
    EXPECT_TRUE(s.get().held_not_send().empty());
    (void)s.poll_future_notify(notify);
    EXPECT_EQ(s.get().frame()->held_text(), "a = \"x\", shared = Rc([1, 2]), n = 3");
    EXPECT_EQ(s.get().held_not_send(), (std::vector<std::string_view>{"shared"}));
    auto held = s.get().frame()->held();
    ASSERT_EQ(held.size(), 3u);
    EXPECT_EQ(held[1].name, "shared");
    EXPECT_EQ(held[1].value, "Rc([1, 2])");
    EXPECT_FALSE(held[1].send);
    EXPECT_TRUE(held[2].send);
}

TEST(async_fn, SendIsTrueByDefaultAndFalseForRcAndWhatHoldsOne) {
    static_assert(is_send_v<int>);
    static_assert(is_send_v<std::string>);
    static_assert(!is_send_v<Rc<int>>);
    static_assert(!is_send_v<const Rc<int> &>);
    static_assert(!is_send_v<std::optional<Rc<int>>>);
    static_assert(!is_send_v<std::vector<Rc<int>>>);
    static_assert(!is_send_v<std::pair<int, Rc<int>>>);
    static_assert(is_send_v<std::tuple<int, std::string>>);
    Rc<int> a(1);
    Rc<int> b = a;
    EXPECT_EQ(a.strong_count(), 2u);
    *b = 5;
    EXPECT_EQ(describe(a), "Rc(5)");
}

// A dynamic value whose Send-ness depends on what it holds, as a scenario's values do.
struct Dynamic {
    bool shared;
    [[nodiscard]] bool is_send() const { return !shared; }
    [[nodiscard]] std::string describe() const { return shared ? "Rc(..)" : "plain"; }
};

TEST(async_fn, AValueCanSayAtRunTimeThatItIsNotSend) {
    EXPECT_TRUE(send_of(Dynamic{false}));
    EXPECT_FALSE(send_of(Dynamic{true}));
    EXPECT_FALSE(send_of(Rc(1)));
    EXPECT_TRUE(send_of(1));
    auto f = []() -> Async<Unit> {
        Held v("v", Dynamic{false});
        co_await yield_now();
        v->shared = true;
        co_await yield_now();
    };
    auto s = spawn_local(f());
    CountingNotify notify;
    (void)s.poll_future_notify(notify);
    EXPECT_TRUE(s.get().held_not_send().empty());
    (void)s.poll_future_notify(notify);
    EXPECT_EQ(s.get().held_not_send(), (std::vector<std::string_view>{"v"}));
    EXPECT_EQ(s.get().frame()->held_text(), "v = Rc(..)");
}

class SuspendLog : public AsyncSuspendListener {
  public:
    std::vector<std::string> lines;
    void on_async_suspend(const AsyncFrame &frame) override {
        std::string line = std::string(frame.function_name()) + " at " +
                           std::string(frame.await_point()) + " on " +
                           std::string(frame.awaited()) + " not Send:";
        for (std::string_view n : frame.held_not_send()) {
            line += " " + std::string(n);
        }
        lines.push_back(line);
    }
};

TEST(async_fn, ASuspendListenerHearsEverySuspensionWithTheNotSendValues) {
    Executor ex;
    SuspendLog log;
    AsyncSuspendScope scope(&log);
    std::vector<std::string> out;
    ex.run(outer());
    ex.run(example(out));
    EXPECT_EQ(log.lines,
              (std::vector<std::string>{"inner at Sleep on Delay not Send:",
                                        "outer at inner on inner not Send:",
                                        "example at YieldNow on YieldNow not Send: non_send"}));
}

TEST(async_fn, HeldOutsideAnAsyncFnIsAPlainValue) {
    Held v("v", 3);
    *v += 1;
    EXPECT_EQ(*v, 4);
    EXPECT_EQ(v.name(), "v");
}

} // namespace
} // namespace futurescope
