#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "futurescope/futures.hpp"
#include "support/probe.hpp"

namespace futurescope {
namespace {

TEST(yield_now, ReturnsNotReadyOnceAfterUnparkingItsOwnTask) {
    Executor ex;
    testing::Probe probe;
    probe.futures = false;
    ex.set_observer(&probe);
    ex.spawn(yield_now());
    ex.run_all();
    EXPECT_EQ(probe.lines,
              (std::vector<std::string>{"spawn 1",
                                        "poll 1",
                                        "park 1",
                                        "unpark 1 from task#1 queued",
                                        "end 1 not_ready",
                                        "poll 1",
                                        "end 1 ready",
                                        "complete 1 ready ()"}));
}

TEST(yield_now, LetsEveryOtherReadyTaskRunInBetween) {
    Executor ex;
    std::vector<std::string> order;
    ex.spawn(yield_now().map([&] { order.push_back("a after yield"); }));
    ex.spawn(poll_fn([&]() -> Poll<Unit, Never> {
        order.push_back("b");
        return ready();
    }));
    ex.run_all();
    EXPECT_EQ(order, (std::vector<std::string>{"b", "a after yield"}));
    EXPECT_EQ(ex.task(1).polls, 2u);
    EXPECT_EQ(ex.now(), 0);
}

} // namespace
} // namespace futurescope
