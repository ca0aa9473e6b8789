// `futurescope check FILE...`: one line per file on stdout (ok, FAIL, skip, the run's
// diagnostics), and the files that cannot be checked on stderr.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "cli/cli_support.hpp"

namespace futurescope::testing {
namespace {

const std::string cli = FUTURESCOPE_CLI;
const std::string lesson = std::string(FUTURESCOPE_LESSONS_DIR) + "/04-join.json";

// The join lesson with an expectation its run does not meet.
std::string failing_lesson(const ScratchDir &dir) {
    std::ifstream in(lesson);
    std::ostringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    const std::string polls = "\"polls\": 3";
    const std::size_t at = text.find(polls);
    EXPECT_NE(at, std::string::npos);
    text.replace(at, polls.size(), "\"polls\": 4");
    const std::string out = (dir.path() / "failing.json").string();
    std::ofstream(out) << text;
    return out;
}

TEST(cli_check, PrintsEachFilesLineOnStdoutAndItsErrorsOnStderr) {
    ScratchDir dir("check-streams");
    const std::string failing = failing_lesson(dir);
    const std::string broken = (dir.path() / "broken.json").string();
    std::ofstream(broken) << "{\"version\": 1,";
    const SplitOutcome r = run_command_split(
        cli + " check " + lesson + " " + broken + " " + failing, dir.path() / "stderr.txt");
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out,
              "ok    " + lesson + "  04 · join: two futures at once\n" + "FAIL  " + failing +
                  ": task main: polls: expected 4, got 3\n");
    EXPECT_EQ(r.err.rfind("ERROR " + broken + ":1:", 0), 0u) << r.err;
    EXPECT_NE(r.err.find("invalid JSON"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err; // one line
}

TEST(cli_check, ATraceIsAnErrorOnStderr) {
    ScratchDir dir("check-trace");
    const std::string trace = (dir.path() / "t.cbor").string();
    ASSERT_EQ(run_command(cli + " run " + lesson + " --trace " + trace).code, 0);
    const SplitOutcome r = run_command_split(cli + " check " + trace, dir.path() / "stderr.txt");
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "ERROR " + trace + " is a trace, not a scenario (use step, view or export)\n");
}

} // namespace
} // namespace futurescope::testing
