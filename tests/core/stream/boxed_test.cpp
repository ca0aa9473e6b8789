// boxed streams: streams of different types behind one type.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "futurescope/future/map.hpp"
#include "futurescope/future/result.hpp"
#include "futurescope/streams.hpp"
#include "support/probe.hpp"
#include "support/stream_helpers.hpp"

namespace futurescope {
namespace {
using testing::by_hand;
using testing::Probe;

TEST(box_stream, StreamsOfDifferentTypesShareOneType) {
    std::vector<BoxStream<int, std::string>> streams;
    streams.push_back(iter_ok<std::string>({1, 2}).boxed());
    streams.push_back(iter_ok({3}).map([](int x) { return x * 10; })); // Never converts
    streams.push_back(once(Result<int, std::string>::err("e")));
    std::vector<std::string> seen;
    for (auto &s : streams) {
        auto h = by_hand(std::move(s));
        for (std::string a = h.next(); a != "None"; a = h.next()) {
            seen.push_back(a);
        }
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"1", "2", "30", "Err(\"e\")"}));
}

TEST(box_stream, TheBoxIsTransparentInTheTrace) {
    Probe probe;
    ObserverScope scope(&probe);
    auto s = by_hand(iter_ok({1}).boxed());
    EXPECT_EQ(s.next(), "1");
    EXPECT_EQ(probe.lines, (std::vector<std::string>{"enter IterOk#1", "exit IterOk#1 ready 1"}));
}

TEST(box_stream, ItComposesLikeAnyStream) {
    Executor ex;
    auto r = ex.run(iter_ok({1, 2, 3}).boxed().map([](int x) { return x + 1; }).collect());
    EXPECT_EQ(r.value(), (std::vector<int>{2, 3, 4}));
}

} // namespace
} // namespace futurescope
