// The scenario panel's highlight without a window: a JSON pointer located in the scenario's text
// as written (lines and byte offsets), and the expression an event belongs to.
#include <gtest/gtest.h>

#include "scenario_text.hpp"

namespace futurescope::viz {
namespace {

constexpr std::string_view text = R"({
  "tasks": [
    {
      "name": "main",
      "future": {"chain": [{"delay": 10},
                           {"map": 1}]}
    }
  ],
  "a/b": {"~x": [1, "two", null]}
})";

TEST(locate_pointer, FindsAValueAndItsLines) {
    auto r = locate_pointer(text, "/tasks/0/future/chain/1");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(text.substr(r->begin, r->end - r->begin), R"({"map": 1})");
    EXPECT_EQ(r->first_line, 6);
    EXPECT_EQ(r->last_line, 6);
    r = locate_pointer(text, "/tasks/0");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->first_line, 3);
    EXPECT_EQ(r->last_line, 7);
    r = locate_pointer(text, "/tasks/0/name");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(text.substr(r->begin, r->end - r->begin), "\"main\"");
}

TEST(locate_pointer, ReadsEscapedTokensAndScalarsInArrays) {
    auto r = locate_pointer(text, "/a~1b/~0x/2");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(text.substr(r->begin, r->end - r->begin), "null");
    EXPECT_EQ(r->first_line, 9);
    r = locate_pointer(text, "");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->begin, 0u);
    EXPECT_EQ(r->end, text.size());
    EXPECT_EQ(r->last_line, 10);
}

TEST(locate_pointer, NothingForAMissingPathOrText) {
    EXPECT_FALSE(locate_pointer(text, "/tasks/1").has_value());
    EXPECT_FALSE(locate_pointer(text, "/tasks/0/future/join").has_value());
    EXPECT_FALSE(locate_pointer("{\"a\": [1, 2", "/a/5").has_value()); // cut short
    EXPECT_FALSE(locate_pointer("", "/a").has_value());
    EXPECT_FALSE(locate_pointer("not json", "/a").has_value());
}

TEST(split_lines, KeepsEmptyLinesAndDropsCarriageReturns) {
    const auto lines = split_lines("a\r\n\nb");
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0], "a");
    EXPECT_EQ(lines[1], "");
    EXPECT_EQ(lines[2], "b");
}

} // namespace
} // namespace futurescope::viz
