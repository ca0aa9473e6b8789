// `futurescope lessons [DIR]`: one line per lesson, its file and its title in two columns, a
// lesson written in both forms listed once as its `.rs`, and a file that does not load said so.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "cli/cli_support.hpp"

namespace futurescope::testing {
namespace {

const std::string cli = FUTURESCOPE_CLI;

void write(const std::filesystem::path &p, const std::string &title) {
    std::ofstream(p) << R"({"version": 1, "name": "x", "title": ")" << title
                     << R"(", "tasks": [{"name": "main", "future": {"ok": 1}}]})";
}

TEST(cli_lessons, ListsEachLessonInAColumnAsWideAsTheLongestName) {
    ScratchDir dir("lessons-columns");
    write(dir.path() / "01-a.json", "first");
    write(dir.path() / "02-a-much-longer-file-name-than-forty-characters.json", "second");
    std::ofstream(dir.path() / "03-broken.json") << "{";
    std::ofstream(dir.path() / "notes.txt") << "not a lesson";
    const Outcome r = run_command(cli + " lessons " + dir.path().string());
    const std::string d = dir.path().string() + "/";
    const std::size_t width = d.size() + 53;
    auto line = [&](const std::string &name, const std::string &rest) {
        std::string f = d + name;
        return f + std::string(width - f.size() + 2, ' ') + rest + "\n";
    };
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out,
              line("01-a.json", "first") +
                  line("02-a-much-longer-file-name-than-forty-characters.json", "second") +
                  line("03-broken.json",
                       "(cannot load: " + d +
                           "03-broken.json:1:2: invalid JSON: expected a string key)"));
}

TEST(cli_lessons, ALessonInBothFormsIsListedOnceAsItsRustForm) {
    ScratchDir dir("lessons-forms");
    const std::string lessons = FUTURESCOPE_LESSONS_DIR;
    std::filesystem::copy_file(lessons + "/04-join.json", dir.path() / "04-join.json");
    std::filesystem::copy_file(lessons + "/04-join.rs", dir.path() / "04-join.rs");
    const Outcome r = run_command(cli + " lessons " + dir.path().string());
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out, (dir.path() / "04-join.rs").string() + "  04 · join: two futures at once\n");
}

TEST(cli_lessons, ADirectoryThatDoesNotExistIsAnError) {
    const Outcome r = run_command(cli + " lessons /nonexistent-futurescope-dir");
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out, "futurescope: /nonexistent-futurescope-dir: not a directory\n");
}

} // namespace
} // namespace futurescope::testing
