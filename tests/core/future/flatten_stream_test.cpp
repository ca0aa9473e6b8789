// FlattenStream (flatten_stream.hpp): the future resolves to a stream, which then streams; the
// future's error becomes one stream error, then the end.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "futurescope/futures.hpp"
#include "support/probe.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::Probe;

// A stream of the given items (futures 0.1's `iter_ok`), kept here so that this test depends
// only on the header it tests.
template <class T, class E>
class Items : public StreamExt<Items<T, E>> {
  public:
    using item_type = T;
    using error_type = E;
    static constexpr std::array<std::string_view, 1> state_names{"streaming"};
    static constexpr FutureKind kind_info{"Items", state_names};

    explicit Items(std::vector<T> items) : items_(std::move(items)) {}

    StreamPoll<T, E> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<T, E> r = next_ < items_.size()
                                 ? StreamPoll<T, E>(ready(std::optional<T>(items_[next_++])))
                                 : StreamPoll<T, E>(ready(std::optional<T>()));
        scope.exit(r);
        return r;
    }

  private:
    std::vector<T> items_;
    std::size_t next_ = 0;
    ObsId obs_;
};

// tests/future_flatten_stream.rs `PanickingStream`: a stream that must never be polled.
template <class T, class E>
struct Panicking : StreamExt<Panicking<T, E>> {
    using item_type = T;
    using error_type = E;
    StreamPoll<T, E> poll() { throw Panic("the inner stream was polled"); }
};

// tests/future_flatten_stream.rs `successful_future`.
TEST(flatten_stream, StreamsTheStreamTheFutureGives) {
    CountingNotify notify;
    auto s = spawn_local(ok<bool>(Items<int, bool>({17, 19})).flatten_stream());
    EXPECT_EQ(s.poll_stream_notify(notify).value(), std::optional<int>(17));
    EXPECT_EQ(s.poll_stream_notify(notify).value(), std::optional<int>(19));
    EXPECT_EQ(s.poll_stream_notify(notify).value(), std::nullopt);
}

// tests/future_flatten_stream.rs `failed_future`: Err(10), then the end; the stream inside is
// never polled. A poll after that end panics.
TEST(flatten_stream, AFailedFutureGivesOneErrorThenTheEnd) {
    CountingNotify notify;
    auto s = spawn_local(err<Panicking<bool, unsigned>>(10u).flatten_stream());
    auto p1 = s.poll_stream_notify(notify);
    ASSERT_TRUE(p1.is_err());
    EXPECT_EQ(p1.error(), 10u);
    auto p2 = s.poll_stream_notify(notify);
    ASSERT_TRUE(p2.is_ready());
    EXPECT_EQ(p2.value(), std::nullopt);
    try {
        (void)s.poll_stream_notify(notify);
        FAIL() << "no panic";
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "poll called after eof");
    }
}

// The future is dropped before the stream's first poll, which happens in the same poll.
TEST(flatten_stream, TheStreamIsFirstPolledInThePollTheFutureResolved) {
    Executor ex;
    Probe probe;
    ex.set_observer(&probe);
    std::vector<std::string> got;
    ex.spawn(poll_fn([&,
                      s = delay(10ms)
                              .map([] {
                                  return Items<std::string, Never>({"a", "b"});
                              })
                              .flatten_stream()]() mutable -> Poll<Unit, Never> {
        for (;;) {
            auto p = s.poll();
            if (p.is_not_ready()) {
                return not_ready;
            }
            if (!p.value()) {
                return ready();
            }
            got.push_back(*p.value());
        }
    }));
    ex.run_all();
    EXPECT_EQ(got, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(ex.task(1).polls, 2u);
    EXPECT_EQ(ex.task(1).completed_ns, 10'000'000);
    std::vector<std::string> states = probe.only("state FlattenStream");
    EXPECT_EQ(states, (std::vector<std::string>{"state FlattenStream#2 future->stream"}));
    auto drop_map = std::find(probe.lines.begin(), probe.lines.end(), "drop Map#3");
    auto first_items = std::find(probe.lines.begin(), probe.lines.end(), "enter Items#5");
    ASSERT_NE(first_items, probe.lines.end());
    EXPECT_LT(drop_map, first_items);
    EXPECT_EQ(probe.only("exit FlattenStream"),
              (std::vector<std::string>{"exit FlattenStream#2 not_ready",
                                        "exit FlattenStream#2 ready \"a\"",
                                        "exit FlattenStream#2 ready \"b\"",
                                        "exit FlattenStream#2 end"}));
}

// A stream that cannot fail takes the future's error type.
TEST(flatten_stream, AnInfallibleStreamTakesTheFutureErrorType) {
    CountingNotify notify;
    auto s = spawn_local(err<Items<int, Never>>(std::string("no")).flatten_stream());
    static_assert(std::is_same_v<error_t<std::remove_reference_t<decltype(s.get())>>, std::string>);
    auto p = s.poll_stream_notify(notify);
    ASSERT_TRUE(p.is_err());
    EXPECT_EQ(p.error(), "no");
}

TEST(flatten_stream, AFutureOfAnIntoStreamYieldsItsOneItem) {
    CountingNotify notify;
    auto s = spawn_local(ok(ok(4).into_stream()).flatten_stream());
    EXPECT_EQ(s.poll_stream_notify(notify).value(), std::optional<int>(4));
    EXPECT_EQ(s.poll_stream_notify(notify).value(), std::nullopt);
    // After the inner stream's end, polls go to it: IntoStream keeps answering the end.
    EXPECT_EQ(s.poll_stream_notify(notify).value(), std::nullopt);
}

} // namespace
} // namespace futurescope
