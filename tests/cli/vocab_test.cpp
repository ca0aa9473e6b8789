// `--vocab 01|modern` on `step` and `export`, run as a learner runs them.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "cli/cli_support.hpp"

namespace futurescope::testing {
namespace {

const std::string cli = FUTURESCOPE_CLI;
const std::string lesson = std::string(FUTURESCOPE_LESSONS_DIR) + "/04-join.json";

TEST(cli_vocab, StepNarratesInTheChosenWords) {
    const Outcome old_words = run_command(cli + " step " + lesson + " --detail events < /dev/null");
    const Outcome new_words =
        run_command(cli + " step " + lesson + " --vocab modern --detail events < /dev/null");
    ASSERT_EQ(old_words.code, 0) << old_words.out;
    ASSERT_EQ(new_words.code, 0) << new_words.out;
    EXPECT_NE(old_words.out.find("The root future returned NotReady: task main is parked."),
              std::string::npos);
    EXPECT_NE(new_words.out.find("The root future returned Pending: task main sleeps."),
              std::string::npos);
    EXPECT_NE(new_words.out.find("Timer #2 fires and wakes task main."), std::string::npos);
    // The explicit default is the default.
    EXPECT_EQ(run_command(cli + " step " + lesson + " --vocab 01 --detail events < /dev/null").out,
              old_words.out);
}

TEST(cli_vocab, ExportNamesSlicesInTheChosenWords) {
    ScratchDir dir("cli-vocab");
    const std::string trace = (dir.path() / "t.json").string();
    const std::string out = (dir.path() / "chrome.json").string();
    ASSERT_EQ(run_command(cli + " run " + lesson + " --trace " + trace).code, 0);
    const Outcome r =
        run_command(cli + " export --chrome " + trace + " -o " + out + " --vocab modern");
    ASSERT_EQ(r.code, 0) << r.out;
    std::ifstream in(out);
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_NE(ss.str().find("\"poll (pending)\""), std::string::npos);
    EXPECT_NE(ss.str().find("\"wake main (queued)\""), std::string::npos);
    EXPECT_EQ(ss.str().find("not_ready"), std::string::npos);
}

TEST(cli_vocab, AnUnknownVocabularyIsAUsageError) {
    Outcome r = run_command(cli + " step " + lesson + " --vocab 03");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find("--vocab needs 01 or modern, found \"03\""), std::string::npos) << r.out;
    r = run_command(cli + " export --chrome x.json -o y.json --vocab");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find("--vocab needs a value (01 or modern)"), std::string::npos) << r.out;
}

} // namespace
} // namespace futurescope::testing
