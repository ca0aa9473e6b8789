// FuturesOrdered: results in input order; a result that finished early waits for the earlier
// ones (futures-rs tests/futures_ordered.rs).
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/future/join.hpp"
#include "futurescope/future/map.hpp"
#include "futurescope/future/poll_fn.hpp"
#include "futurescope/future/result.hpp"
#include "futurescope/future/select.hpp"
#include "futurescope/streams.hpp"
#include "futurescope/time/delay.hpp"
#include "support/stream_helpers.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::by_hand;
using testing::Slot;

template <class F>
auto erase(F f) {
    auto p = std::make_shared<F>(std::move(f));
    return poll_fn(std::function<Poll<item_t<F>, error_t<F>>()>([p] { return p->poll(); }));
}

// The winner's value (or error) of a select, as a future of the same type as the others.
template <class Sel>
auto first_of(Sel sel) {
    auto p = std::make_shared<Sel>(std::move(sel));
    return poll_fn(std::function<Poll<int, int>()>([p]() -> Poll<int, int> {
        auto r = p->poll();
        if (r.is_ready()) {
            return ready(r.value().first);
        }
        if (r.is_err()) {
            return fail(r.error().first);
        }
        return not_ready;
    }));
}

TEST(futures_ordered, YieldsInInputOrderWhateverTheCompletionOrder) {
    // works_1.
    Slot<int> a;
    Slot<int> b;
    Slot<int> c;
    std::vector<Slot<int>::Future> v;
    v.push_back(a.future());
    v.push_back(b.future());
    v.push_back(c.future());
    auto s = by_hand(futures_ordered(std::move(v)));
    b.send(99);
    EXPECT_EQ(s.next(), "NotReady");
    EXPECT_EQ(s.get().len(), 3u); // b's result is held and still counts
    a.send(33);
    c.send(33);
    EXPECT_EQ(s.next(), "33");
    EXPECT_EQ(s.next(), "99");
    EXPECT_EQ(s.next(), "33");
    EXPECT_EQ(s.next(), "None");
}

TEST(futures_ordered, TheSecondWaitsForItsOwnParts) {
    // works_2.
    Slot<int, int> a;
    Slot<int, int> b;
    Slot<int, int> c;
    std::vector<decltype(erase(a.future()))> v;
    v.push_back(erase(a.future()));
    v.push_back(erase(join(b.future(), c.future()).map([](std::tuple<int, int> t) {
        return std::get<0>(t) + std::get<1>(t);
    })));
    auto s = by_hand(futures_ordered(std::move(v)));
    a.send(33);
    b.send(33);
    EXPECT_EQ(s.next(), "33");
    EXPECT_EQ(s.next(), "NotReady");
    c.send(33);
    EXPECT_EQ(s.next(), "66");
}

TEST(futures_ordered, FromAVectorHasItsLengthAndCollects) {
    // from_iterator.
    std::vector<FutureResult<int, Never>> v;
    v.push_back(ok(1));
    v.push_back(ok(2));
    v.push_back(ok(3));
    auto set = futures_ordered(std::move(v));
    EXPECT_EQ(set.len(), 3u);
    Executor ex;
    EXPECT_EQ(ex.run(std::move(set).collect()).value(), (std::vector<int>{1, 2, 3}));
}

TEST(futures_ordered, NothingComesOutWhileTheFirstNeverCompletes) {
    // queue_never_unblocked.
    Slot<int, int> a;
    Slot<int, int> b;
    Slot<int, int> c;
    std::vector<decltype(erase(a.future()))> v;
    v.push_back(erase(a.future()));
    v.push_back(first_of(b.future().select(c.future())));
    auto s = by_hand(futures_ordered(std::move(v)));
    for (int i = 0; i < 10; ++i) {
        EXPECT_EQ(s.next(), "NotReady");
    }
    b.send(1);
    EXPECT_EQ(s.next(), "NotReady");
    c.send(2);
    EXPECT_EQ(s.next(), "NotReady");
    EXPECT_EQ(s.next(), "NotReady");
    EXPECT_EQ(s.get().len(), 2u);
}

TEST(futures_ordered, AnErrorComesOutWhenItHappensAndTheSetGoesOn) {
    Slot<int, int> a;
    Slot<int, int> b;
    FuturesOrdered<Slot<int, int>::Future> set;
    set.push(a.future());
    set.push(b.future());
    auto s = by_hand(std::move(set));
    EXPECT_EQ(s.next(), "NotReady");
    b.fail(5); // errors are not held back for order
    EXPECT_EQ(s.next(), "Err(5)");
    a.send(1);
    EXPECT_EQ(s.next(), "1");
    EXPECT_EQ(s.next(), "None");
}

TEST(futures_ordered, DelaysComeOutInInputOrder) {
    Executor ex;
    std::vector<Map<Delay, std::function<int()>>> v;
    for (int ms : {40, 10, 30, 20}) {
        v.push_back(delay(ms * 1ms).map(std::function<int()>([ms] { return ms; })));
    }
    std::vector<std::string> log;
    ex.run(testing::record(futures_ordered(std::move(v)), log));
    EXPECT_EQ(log,
              (std::vector<std::string>{"40@40ms", "10@40ms", "30@40ms", "20@40ms", "None@40ms"}));
}

} // namespace
} // namespace futurescope
