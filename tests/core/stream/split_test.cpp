// split: one stream-and-sink object into a sink half and a stream half sharing it through a
// BiLock; reunite gives it back — futures-rs's tests/split.rs test_split.
#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "futurescope/channels.hpp"
#include "futurescope/futures.hpp"
#include "support/channel_support.hpp"

namespace futurescope {
namespace {
using testing::InTask;
using testing::VecSink;

// futures-rs's Join: the stream of one value and the sink of another, as one object.
template <class T, class U>
class Join : public StreamExt<Join<T, U>>, public SinkExt<Join<T, U>> {
  public:
    using item_type = item_t<T>;
    using error_type = error_t<T>;
    using sink_item_type = sink_item_t<U>;
    using sink_error_type = sink_error_t<U>;

    Join(T t, U u) : stream(std::move(t)), sink(std::move(u)) {}

    StreamPoll<item_type, error_type> poll() { return stream.poll(); }
    StartSend<sink_item_type, sink_error_type> start_send(sink_item_type item) {
        return sink.start_send(std::move(item));
    }
    Poll<Unit, sink_error_type> poll_complete() { return sink.poll_complete(); }
    Poll<Unit, sink_error_type> close() { return sink.close(); }

    T stream;
    U sink;
};

template <class T, class U>
Join<T, U> join_of(T t, U u) {
    return Join<T, U>(std::move(t), std::move(u));
}

TEST(split, TheHalvesReuniteAndCopyTheStreamIntoTheSink) {
    // tests/split.rs: test_split.
    Executor ex;
    auto j = join_of(iter_ok(std::vector<int>{10, 20, 30}), VecSink<int>());
    auto [sink, stream] = std::move(j).split();
    auto whole = std::move(sink).reunite(std::move(stream));
    ASSERT_TRUE(whole.is_ok());
    auto [sink2, stream2] = std::move(whole).value().split();
    auto r = ex.run(std::move(sink2).send_all(std::move(stream2)));
    ASSERT_TRUE(r.is_ok());
    auto back = std::move(r.value().first).reunite(std::move(r.value().second));
    ASSERT_TRUE(back.is_ok());
    EXPECT_EQ(back.value().sink.items, (std::vector<int>{10, 20, 30}));
}

TEST(split, HalvesOfTwoObjectsDoNotReunite) {
    auto [sink1, stream1] = join_of(iter_ok(std::vector<int>{1}), VecSink<int>()).split();
    auto [sink2, stream2] = join_of(iter_ok(std::vector<int>{2}), VecSink<int>()).split();
    auto r = std::move(sink1).reunite(std::move(stream2));
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(describe(r.error()),
              "tried to reunite a SplitStream and SplitSink that don't form a pair");
}

TEST(split, EachCallLocksOnlyForItsLength) {
    InTask task;
    task([&] {
        auto [sink, stream] = join_of(iter_ok(std::vector<int>{1, 2}), VecSink<int>()).split();
        EXPECT_TRUE(sink.start_send(5).is_ready());
        EXPECT_EQ(*stream.poll().value(), 1);
        EXPECT_TRUE(sink.poll_complete().is_ready());
        EXPECT_EQ(*stream.poll().value(), 2);
        EXPECT_FALSE(stream.poll().value().has_value());
        EXPECT_TRUE(sink.close().is_ready());
        EXPECT_EQ(task.notify.count(), 0u);
    });
}

} // namespace
} // namespace futurescope
