// concat2 and concat: a stream of containers appended into one; an error is the result; an
// empty stream gives an empty container (concat2) or panics (concat).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/streams.hpp"
#include "support/probe.hpp"
#include "support/stream_helpers.hpp"

namespace futurescope {
namespace {
using testing::Probe;
using testing::Yielding;
using V = std::vector<int>;
using R = Result<V, int>;

Yielding<V, int> lists(std::vector<R> answers) { return Yielding<V, int>(std::move(answers)); }

TEST(concat2, AppendsEveryContainerIntoTheFirst) {
    // tests/stream.rs: concat2.
    Executor ex;
    auto r = ex.run(lists({R::ok({1, 2, 3}), R::ok({4, 5, 6}), R::ok({7, 8, 9})}).concat2());
    EXPECT_EQ(r.value(), (V{1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(concat2, AnErrorIsTheResult) {
    Executor ex;
    auto r = ex.run(lists({R::ok({1, 2, 3}), R::ok({4, 5, 6}), R::err(3)}).concat2());
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error(), 3);
}

TEST(concat2, AnEmptyStreamGivesAnEmptyContainer) {
    Executor ex;
    auto r = ex.run(iter_ok(std::vector<V>{}).concat2());
    EXPECT_EQ(r.value(), V{});
}

TEST(concat2, ConcatenatesStrings) {
    Executor ex;
    auto r = ex.run(iter_ok(std::vector<std::string>{"fu", "tu", "res"}).concat2());
    EXPECT_EQ(r.value(), "futures");
}

TEST(concat2, MovesFromFirstToExtendingToDone) {
    Executor ex;
    Probe probe;
    ex.set_observer(&probe);
    auto r = ex.run(lists({R::ok({1}), R::ok({2})}).concat2());
    EXPECT_EQ(r.value(), (V{1, 2}));
    EXPECT_EQ(probe.only("state"),
              (std::vector<std::string>{"state Concat2#1 first->extending",
                                        "state Concat2#1 extending->done"}));
}

TEST(concat2, APollAfterTheResultPanics) {
    CountingNotify notify;
    auto s = spawn_local(iter_ok(std::vector<V>{{1}}).concat2());
    EXPECT_EQ(s.poll_future_notify(notify).value(), (V{1}));
    try {
        (void)s.poll_future_notify(notify);
        ADD_FAILURE() << "no panic";
    } catch (const Panic &p) {
        EXPECT_STREQ(p.what(), "cannot poll Concat again");
    }
}

TEST(concat, AppendsEveryContainerAndAnErrorIsTheResult) {
    // tests/stream.rs: concat (deprecated in futures 0.1).
    Executor ex;
    auto r = ex.run(lists({R::ok({1, 2, 3}), R::ok({4, 5, 6}), R::ok({7, 8, 9})}).concat());
    EXPECT_EQ(r.value(), (V{1, 2, 3, 4, 5, 6, 7, 8, 9}));
    auto e = ex.run(lists({R::ok({1, 2, 3}), R::ok({4, 5, 6}), R::err(3)}).concat());
    ASSERT_TRUE(e.is_err());
    EXPECT_EQ(e.error(), 3);
}

TEST(concat, AnEmptyStreamPanics) {
    CountingNotify notify;
    auto s = spawn_local(iter_ok(std::vector<V>{}).concat());
    try {
        (void)s.poll_future_notify(notify);
        ADD_FAILURE() << "no panic";
    } catch (const Panic &p) {
        EXPECT_STREQ(p.what(), "attempted concatenation of empty stream");
    }
}

} // namespace
} // namespace futurescope
