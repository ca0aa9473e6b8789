// Spawn handles: a future or a stream run as a task of its own, its result (or items) read
// through a handle; dropping the handle cancels the task and drops what it ran, unless forget()
// was called — futures-rs's spawn_* tests of tests/oneshot.rs, unsync-oneshot.rs, mpsc.rs and
// unsync.rs, with a 1 s delay for their timeout thread.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <utility>
#include <vector>

#include "futurescope/channels.hpp"
#include "futurescope/futures.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;

// tests/oneshot.rs Dead: never ready and never arranges a wakeup; dropping it drops `done`,
// which the test sees as Canceled.
struct Dead : FutureExt<Dead> {
    using item_type = Unit;
    using error_type = Unit;
    explicit Dead(OneshotSender<Unit> d) : done(std::move(d)) {}
    Poll<Unit, Unit> poll() { return not_ready; }
    OneshotSender<Unit> done;
};
struct DeadStream : StreamExt<DeadStream> {
    using item_type = Unit;
    using error_type = Unit;
    explicit DeadStream(OneshotSender<Unit> d) : done(std::move(d)) {}
    StreamPoll<Unit, Unit> poll() { return not_ready; }
    OneshotSender<Unit> done;
};

// Waits for `done_rx` against a 1 s timeout, after `act` (which drops or forgets the handle):
// "canceled" when the spawned future was dropped first, "timeout" otherwise.
template <class Act>
std::string race_against_timeout(Executor &ex, OneshotReceiver<Unit> done_rx, Act act) {
    auto r = ex.run(lazy([act = std::move(act), done_rx = std::move(done_rx)]() mutable {
                        act();
                        return std::move(done_rx);
                    }).select2(delay(1s)));
    if (r.is_err() && r.error().is_a()) {
        return "canceled";
    }
    if (r.is_ok() && r.value().is_b()) {
        return "timeout";
    }
    return "unexpected";
}

TEST(oneshot_spawn, TheHandleResolvesToTheSpawnedFuturesResult) {
    // tests/oneshot.rs: spawn_sends_items.
    Executor ex;
    auto rx = oneshot_spawn(ok<Unit>(1), ex);
    EXPECT_EQ(ex.run(std::move(rx)).value(), 1);
    EXPECT_EQ(ex.task_count(), 2u);
}

TEST(oneshot_spawn, DroppingTheHandleDropsTheSpawnedFuture) {
    // tests/oneshot.rs: spawn_kill_dead_stream.
    Executor ex;
    auto [done_tx, done_rx] = oneshot<Unit>();
    std::optional rx(oneshot_spawn(Dead(std::move(done_tx)), ex));
    EXPECT_EQ(race_against_timeout(ex, std::move(done_rx), [&rx] { rx.reset(); }), "canceled");
    EXPECT_EQ(ex.now(), 0);
}

TEST(oneshot_spawn, AForgottenHandleLetsTheFutureRun) {
    // tests/oneshot.rs: spawn_dont_kill_forgot_dead_stream.
    Executor ex;
    auto [done_tx, done_rx] = oneshot<Unit>();
    std::optional rx(oneshot_spawn(Dead(std::move(done_tx)), ex));
    EXPECT_EQ(race_against_timeout(ex, std::move(done_rx), [&rx] { std::move(*rx).forget(); }),
              "timeout");
}

TEST(unsync_oneshot_spawn, TheHandleResolvesAndItsDropDropsTheFuture) {
    // tests/unsync-oneshot.rs: spawn_sends_items, spawn_kill_dead_stream,
    // spawn_dont_kill_forgot_dead_stream.
    Executor ex;
    EXPECT_EQ(ex.run(unsync_oneshot_spawn(ok<Unit>(1), ex)).value(), 1);
    auto [done_tx, done_rx] = oneshot<Unit>();
    std::optional rx(unsync_oneshot_spawn(Dead(std::move(done_tx)), ex));
    EXPECT_EQ(race_against_timeout(ex, std::move(done_rx), [&rx] { rx.reset(); }), "canceled");
    auto [done_tx2, done_rx2] = oneshot<Unit>();
    std::optional rx2(unsync_oneshot_spawn(Dead(std::move(done_tx2)), ex));
    EXPECT_EQ(race_against_timeout(ex, std::move(done_rx2), [&rx2] { std::move(*rx2).forget(); }),
              "timeout");
}

// unfold(0, |i| Some(ok((i, i + 1)))): 0, 1, 2, … forever.
auto counting() {
    return unfold(0, [](int i) { return std::optional(ok<std::uint8_t>(std::pair(i, i + 1))); });
}

TEST(mpsc_spawn, TheHandleYieldsTheSpawnedStreamsItems) {
    // tests/mpsc.rs: spawn_sends_items.
    Executor ex;
    auto rx = mpsc::spawn(counting(), ex, 1);
    EXPECT_EQ(ex.run(std::move(rx).take(4).collect()).value(), (std::vector<int>{0, 1, 2, 3}));
}

TEST(mpsc_spawn, DroppingTheHandleDropsTheSpawnedStream) {
    // tests/mpsc.rs: spawn_kill_dead_stream.
    Executor ex;
    auto [done_tx, done_rx] = oneshot<Unit>();
    std::optional rx(mpsc::spawn(DeadStream(std::move(done_tx)), ex, 1));
    EXPECT_EQ(race_against_timeout(ex, std::move(done_rx), [&rx] { rx.reset(); }), "canceled");
}

TEST(mpsc_spawn, ErrorsOfTheSpawnedStreamComeThroughAndItGoesOn) {
    Executor ex;
    auto rx = mpsc::spawn(iter_result(std::vector<Result<int, int>>{Result<int, int>::ok(1),
                                                                    Result<int, int>::err(2),
                                                                    Result<int, int>::ok(3)}),
                          ex,
                          0);
    std::vector<std::string> seen;
    auto r = ex.run(std::move(rx)
                        .then([&seen](Result<int, int> x) {
                            seen.push_back(describe(x));
                            return ok<int>(Unit{});
                        })
                        .collect());
    EXPECT_TRUE(r.is_ok());
    EXPECT_EQ(seen, (std::vector<std::string>{"Ok(1)", "Err(2)", "Ok(3)"}));
}

TEST(unsync_mpsc_spawn, TheHandleYieldsTheItemsAndItsDropDropsTheStream) {
    // tests/unsync.rs: spawn_sends_items, spawn_kill_dead_stream.
    Executor ex;
    auto rx = unsync_mpsc::spawn(counting(), ex, 1);
    EXPECT_EQ(ex.run(std::move(rx).take(4).collect()).value(), (std::vector<int>{0, 1, 2, 3}));
    auto [done_tx, done_rx] = oneshot<Unit>();
    std::optional rx2(unsync_mpsc::spawn(DeadStream(std::move(done_tx)), ex, 1));
    EXPECT_EQ(race_against_timeout(ex, std::move(done_rx), [&rx2] { rx2.reset(); }), "canceled");
}

} // namespace
} // namespace futurescope
