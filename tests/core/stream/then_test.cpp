// then on streams: a future per item and per error, one at a time, polled in the poll that made
// it; the stream is not polled while it runs.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/future/map.hpp"
#include "futurescope/future/result.hpp"
#include "futurescope/streams.hpp"
#include "futurescope/time/delay.hpp"
#include "support/probe.hpp"
#include "support/stream_helpers.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::by_hand;
using testing::Er;
using testing::list;
using testing::Ok;
using testing::Probe;

TEST(then_stream, RunsAFutureForEachItem) {
    // tests/stream.rs: then.
    Executor ex;
    auto r = ex.run(list()
                        .then([](Result<int, int> a) {
                            return a.is_ok() ? Result<int, int>::ok(a.value() + 1) : a;
                        })
                        .collect());
    EXPECT_EQ(r.value(), (std::vector<int>{2, 3, 4}));
}

TEST(then_stream, ErrorsOfTheStreamGoToTheFunctionToo) {
    auto s = by_hand(iter_result({Ok(1), Er(2), Ok(3)}).then([](Result<int, int> r) {
        return ok(r.is_ok() ? r.value() : -r.error());
    }));
    EXPECT_EQ(s.next(), "1");
    EXPECT_EQ(s.next(), "-2");
    EXPECT_EQ(s.next(), "3");
    EXPECT_EQ(s.next(), "None");
}

TEST(then_stream, AFuturesErrorIsAStreamErrorAndTheStreamGoesOn) {
    auto s = by_hand(iter_ok({1, 2, 3}).then([](Result<int, Never> r) {
        int x = r.value();
        return x == 2 ? Result<int, std::string>::err("two") : Result<int, std::string>::ok(x);
    }));
    EXPECT_EQ(s.next(), "1");
    EXPECT_EQ(s.next(), "Err(\"two\")");
    EXPECT_EQ(s.next(), "3");
    EXPECT_EQ(s.next(), "None");
}

TEST(then_stream, OneFutureAtATimeAndTheStreamWaitsForIt) {
    Executor ex;
    Probe probe;
    ex.set_observer(&probe);
    std::vector<std::string> log;
    ex.run(testing::record(iter_ok({30, 10}).then([](Result<int, Never> r) {
        int ms = r.value();
        return delay(ms * 1ms).map([ms] { return ms; });
    }),
                           log));
    EXPECT_EQ(log, (std::vector<std::string>{"30@30ms", "10@40ms", "None@40ms"}));
    EXPECT_EQ(ex.task(1).polls, 3u);
    // Task poll 1 pulls 30 and polls its future at once; poll 2 (at 30 ms) polls only that
    // future, then pulls 10 and polls the next future in the same poll.
    std::vector<std::string> polls;
    for (const std::string &l : probe.lines) {
        if (l.rfind("poll ", 0) == 0 || l.rfind("enter ", 0) == 0 ||
            l.rfind("state ThenStream", 0) == 0) {
            polls.push_back(l);
        }
    }
    EXPECT_EQ(polls,
              (std::vector<std::string>{"poll 1",
                                        "enter ThenStream#1",
                                        "enter IterOk#2",
                                        "state ThenStream#1 pulling->running",
                                        "enter Map#3",
                                        "enter Delay#4",
                                        "poll 1",
                                        "enter ThenStream#1",
                                        "enter Map#3",
                                        "enter Delay#4",
                                        "state ThenStream#1 running->pulling",
                                        "enter ThenStream#1",
                                        "enter IterOk#2",
                                        "state ThenStream#1 pulling->running",
                                        "enter Map#5",
                                        "enter Delay#6",
                                        "poll 1",
                                        "enter ThenStream#1",
                                        "enter Map#5",
                                        "enter Delay#6",
                                        "state ThenStream#1 running->pulling",
                                        "enter ThenStream#1",
                                        "enter IterOk#2"}));
}

} // namespace
} // namespace futurescope
