// Where a future's source (a JSON pointer) is written in its scenario's text: the value's bytes
// and lines as written, escaped tokens, array items, and nothing for a missing value or a text
// that is not JSON.
#include <gtest/gtest.h>

#include "futurescope/scenario/scenario.hpp"

namespace futurescope::scenario {
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

TEST(locate_json_pointer, FindsAValueAndItsLines) {
    auto r = locate_json_pointer(text, "/tasks/0/future/chain/1");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(text.substr(r->begin, r->end - r->begin), R"({"map": 1})");
    EXPECT_EQ(r->first_line, 6);
    EXPECT_EQ(r->last_line, 6);
    r = locate_json_pointer(text, "/tasks/0");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->first_line, 3);
    EXPECT_EQ(r->last_line, 7);
    r = locate_json_pointer(text, "/tasks/0/name");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(text.substr(r->begin, r->end - r->begin), "\"main\"");
}

TEST(locate_json_pointer, ReadsEscapedTokensAndScalarsInArrays) {
    auto r = locate_json_pointer(text, "/a~1b/~0x/2");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(text.substr(r->begin, r->end - r->begin), "null");
    EXPECT_EQ(r->first_line, 9);
    r = locate_json_pointer(text, "");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->begin, 0u);
    EXPECT_EQ(r->end, text.size());
    EXPECT_EQ(r->last_line, 10);
}

TEST(locate_json_pointer, NothingForAMissingPathOrText) {
    EXPECT_FALSE(locate_json_pointer(text, "/tasks/1").has_value());
    EXPECT_FALSE(locate_json_pointer(text, "/tasks/0/future/join").has_value());
    EXPECT_FALSE(locate_json_pointer(text, "/tasks/x").has_value());
    EXPECT_FALSE(locate_json_pointer("{\"a\": [1, 2", "/a/5").has_value()); // cut short
    EXPECT_FALSE(locate_json_pointer("", "/a").has_value());
    EXPECT_FALSE(locate_json_pointer("not json", "/a").has_value());
}

} // namespace
} // namespace futurescope::scenario
