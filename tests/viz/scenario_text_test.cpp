// The scenario panel's pieces without a window: the scenario's text split into lines.
#include <gtest/gtest.h>

#include "scenario_text.hpp"

namespace futurescope::viz {
namespace {

TEST(split_lines, KeepsEmptyLinesAndDropsCarriageReturns) {
    const auto lines = split_lines("a\r\n\nb");
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0], "a");
    EXPECT_EQ(lines[1], "");
    EXPECT_EQ(lines[2], "b");
}

} // namespace
} // namespace futurescope::viz
