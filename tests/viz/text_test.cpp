// Text cut to what the viewer draws at once: short text unchanged, long text cut with an ellipsis
// and never inside a UTF-8 character.
#include <gtest/gtest.h>

#include "text.hpp"

namespace futurescope::viz {
namespace {

TEST(fit_text, LeavesShortTextAlone) {
    EXPECT_EQ(fit_text("main", 4), "main");
    EXPECT_EQ(fit_text("", 4), "");
    EXPECT_EQ(fit_text(std::string(text_chars_max, 'n')), std::string(text_chars_max, 'n'));
}

TEST(fit_text, CutsLongTextWithAnEllipsis) {
    EXPECT_EQ(fit_text("mainloop", 4), "main…");
    const std::string cut = fit_text(std::string(20000, 'n'));
    EXPECT_EQ(cut.find_first_not_of('n'), text_chars_max);
    EXPECT_EQ(cut.substr(text_chars_max), "…");
}

TEST(fit_text, NeverSplitsAUtf8Character) {
    // "▸" is three bytes: a cut inside it moves back to its start.
    EXPECT_EQ(fit_text("a▸b", 2), "a…");
    EXPECT_EQ(fit_text("a▸b", 3), "a…");
    EXPECT_EQ(fit_text("a▸b", 4), "a▸…");
}

} // namespace
} // namespace futurescope::viz
