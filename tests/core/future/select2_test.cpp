// Select2 (select2.hpp) and Either (either.hpp): like select, for two futures of different types;
// the outcome says which side won, with the other side still running.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "futurescope/futures.hpp"
#include "support/probe.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::Probe;

TEST(select2, AWinsWithItsItemAndB) {
    Executor ex;
    auto r = ex.run(delay(10ms).map([] { return std::string("a"); }).select2(delay(20ms).map([] {
        return 2;
    })));
    ASSERT_TRUE(r.is_ok());
    ASSERT_TRUE(r.value().is_a());
    EXPECT_EQ(r.value().a().first, "a");
    EXPECT_EQ(ex.now(), 10'000'000);
    // The loser, b, is still running and resolves at its own time.
    auto b = ex.run(std::move(r.value()).a().second);
    EXPECT_EQ(b.value(), 2);
    EXPECT_EQ(ex.now(), 20'000'000);
}

TEST(select2, BWinsWithItsItemAndA) {
    Executor ex;
    auto r = ex.run(delay(30ms).map([] { return std::string("a"); }).select2(delay(20ms).map([] {
        return 2;
    })));
    ASSERT_TRUE(r.is_ok());
    ASSERT_TRUE(r.value().is_b());
    EXPECT_EQ(r.value().b().first, 2);
    EXPECT_EQ(ex.task(1).polls, 2u);
    auto a = ex.run(std::move(r.value()).b().second);
    EXPECT_EQ(a.value(), "a");
    EXPECT_EQ(ex.now(), 30'000'000);
}

TEST(select2, AnErrorOfEitherSideResolvesIt) {
    CountingNotify notify;
    auto a = spawn_local(err<int>(std::string("x")).select2(empty<Unit, double>()));
    auto pa = a.poll_future_notify(notify);
    ASSERT_TRUE(pa.is_err());
    ASSERT_TRUE(pa.error().is_a());
    EXPECT_EQ(pa.error().a().first, "x");
    auto b = spawn_local(empty<int, std::string>().select2(err<Unit>(2.5)));
    auto pb = b.poll_future_notify(notify);
    ASSERT_TRUE(pb.is_err());
    ASSERT_TRUE(pb.error().is_b());
    EXPECT_EQ(pb.error().b().first, 2.5);
}

TEST(select2, PollsAFirstAndBOnlyWhenAIsNotReady) {
    CountingNotify notify;
    std::vector<std::string> order;
    int a_polls = 0;
    auto a = poll_fn([&]() -> Poll<int, Never> {
        order.emplace_back("a");
        if (++a_polls == 2) {
            return ready(1);
        }
        return not_ready;
    });
    auto b = poll_fn([&]() -> Poll<std::string, Never> {
        order.emplace_back("b");
        return not_ready;
    });
    auto s = spawn_local(std::move(a).select2(std::move(b)));
    EXPECT_TRUE(s.poll_future_notify(notify).is_not_ready());
    EXPECT_TRUE(s.poll_future_notify(notify).is_ready());
    EXPECT_EQ(order, (std::vector<std::string>{"a", "b", "a"}));
}

TEST(select2, TheWinnerIsDroppedBeforeItReturnsAndPollingAgainPanics) {
    CountingNotify notify;
    Probe probe;
    ObserverScope observe(&probe);
    auto s = spawn_local(empty<int, Never>().select2(ok(std::string("b"))));
    auto p = s.poll_future_notify(notify);
    ASSERT_TRUE(p.is_ready());
    EXPECT_EQ(probe.lines,
              (std::vector<std::string>{"enter Select2#1",
                                        "enter Empty#2",
                                        "exit Empty#2 not_ready",
                                        "enter Result#3",
                                        "state Result#3 pending->done",
                                        "exit Result#3 ready \"b\"",
                                        "drop Result#3",
                                        "state Select2#1 pending->done",
                                        "exit Select2#1 ready B((\"b\", <value>))"}));
    try {
        (void)s.poll_future_notify(notify);
        FAIL() << "no panic";
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "cannot poll Select2 twice");
    }
}

// Either of two futures with the same item and error is itself a future: a continuation can
// return one of two different future types.
TEST(either, OfTwoFuturesIsAFutureThatPollsItsSide) {
    Executor ex;
    using E = Either<Map<Delay, int (*)()>, FutureResult<int, Never>>;
    auto slow = [](bool wait) -> E {
        if (wait) {
            return E::make_a(delay(5ms).map(+[] { return 1; }));
        }
        return E::make_b(ok(2));
    };
    auto r = ex.run(ok(true).and_then(slow).join(ok(false).and_then(slow)));
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value(), std::make_tuple(1, 2));
    EXPECT_EQ(ex.now(), 5'000'000);
    static_assert(Future<E>);
    static_assert(!Future<Either<int, std::string>>);
}

TEST(either, DescribesItsSide) {
    EXPECT_EQ(describe_any(Either<int, std::string>::make_a(3)), "A(3)");
    EXPECT_EQ(describe_any(Either<int, std::string>::make_b("x")), "B(\"x\")");
    EXPECT_TRUE((Either<int, int>::make_a(1) == Either<int, int>::make_a(1)));
    EXPECT_FALSE((Either<int, int>::make_a(1) == Either<int, int>::make_b(1)));
}

// An Either of two streams is a stream.
TEST(either, OfTwoStreamsIsAStream) {
    CountingNotify notify;
    using E = Either<IntoStream<FutureResult<int, Never>>, IntoStream<Empty<int, Never>>>;
    static_assert(Stream<E>);
    auto s = spawn_local(E::make_a(ok(3).into_stream()));
    EXPECT_EQ(s.poll_stream_notify(notify).value(), std::optional<int>(3));
    EXPECT_EQ(s.poll_stream_notify(notify).value(), std::nullopt);
    auto t = spawn_local(E::make_b(empty<int, Never>().into_stream()));
    EXPECT_TRUE(t.poll_stream_notify(notify).is_not_ready());
}

} // namespace
} // namespace futurescope
