// What every command writes (run --trace, run --self-check --trace, export -o) goes through one
// atomic writer: a failed write leaves the previous file as it was and no temporary file behind.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"

namespace futurescope::testing {
namespace {

namespace fs = std::filesystem;

const std::string cli = FUTURESCOPE_CLI;
const std::string lesson = std::string(FUTURESCOPE_LESSONS_DIR) + "/01-hello-world.json";

std::string contents(const fs::path &p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::string> names_in(const fs::path &dir) {
    std::vector<std::string> names;
    for (const auto &e : fs::directory_iterator(dir)) {
        names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

// Runs the command with writes limited to 4 KiB, as a full disk would stop them: the shell
// ignores SIGXFSZ, so a write past the limit fails with EFBIG instead of killing the program.
Outcome run_on_a_full_disk(const std::string &args) {
    return run_command("sh -c \"trap '' XFSZ; ulimit -f 8; exec " + cli + " " + args + "\"");
}

// A good trace of the lesson, as `name` in `dir`, and its bytes.
std::string good_trace(const ScratchDir &dir, const std::string &name) {
    const fs::path p = dir.path() / name;
    const Outcome r = run_command(cli + " run " + lesson + " --trace " + p.string());
    EXPECT_EQ(r.code, 0) << r.out;
    const std::string bytes = contents(p);
    EXPECT_GT(bytes.size(), 4096u); // larger than the limit the failing write runs under
    return bytes;
}

TEST(cli_output, AFailedSelfCheckTraceKeepsThePreviousFile) {
    ScratchDir dir("output-self-check");
    const std::string before = good_trace(dir, "prev.cbor");
    const std::string prev = (dir.path() / "prev.cbor").string();
    const Outcome r = run_on_a_full_disk("run " + lesson + " --self-check --trace " + prev);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_NE(r.out.find(prev + ": cannot write the file: File too large\n"), std::string::npos)
        << r.out;
    EXPECT_EQ(contents(prev), before);
    EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"prev.cbor"});
}

TEST(cli_output, AFailedRunTraceKeepsThePreviousFile) {
    ScratchDir dir("output-run");
    const std::string before = good_trace(dir, "prev.json");
    const std::string prev = (dir.path() / "prev.json").string();
    const Outcome r = run_on_a_full_disk("run " + lesson + " --trace " + prev);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_NE(r.out.find(prev + ": cannot write the file: File too large\n"), std::string::npos)
        << r.out;
    EXPECT_EQ(contents(prev), before);
    EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"prev.json"});
}

TEST(cli_output, AFailedExportKeepsThePreviousFile) {
    ScratchDir dir("output-export");
    (void)good_trace(dir, "t.cbor");
    const std::string trace = (dir.path() / "t.cbor").string();
    const std::string out = (dir.path() / "t.chrome.json").string();
    ASSERT_EQ(run_command(cli + " export --chrome " + trace + " -o " + out).code, 0);
    const std::string before = contents(out);
    ASSERT_GT(before.size(), 4096u);
    const Outcome r = run_on_a_full_disk("export --chrome " + trace + " -o " + out);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_NE(r.out.find(out + ": "), std::string::npos) << r.out;
    EXPECT_EQ(contents(out), before);
    EXPECT_EQ(names_in(dir.path()), (std::vector<std::string>{"t.cbor", "t.chrome.json"}));
}

TEST(cli_output, AParentThatIsAFileLeavesNothingBehind) {
    ScratchDir dir("output-parent");
    std::ofstream(dir.path() / "file") << "not a directory";
    const std::string target = (dir.path() / "file" / "prev.cbor").string();
    for (const std::string &args : {"run " + lesson + " --self-check --trace " + target,
                                    "run " + lesson + " --trace " + target}) {
        const Outcome r = run_command(cli + " " + args);
        EXPECT_EQ(r.code, 2) << r.out;
        EXPECT_NE(r.out.find(target + ": cannot create the file: Not a directory\n"),
                  std::string::npos)
            << r.out;
        EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"file"});
        EXPECT_EQ(contents(dir.path() / "file"), "not a directory");
    }
}

TEST(cli_output, ADirectoryThatIsNotWritableKeepsThePreviousFile) {
    if (::geteuid() == 0) {
        GTEST_SKIP() << "root writes into a read-only directory; the full-disk cases cover this";
    }
    ScratchDir dir("output-read-only");
    const std::string before = good_trace(dir, "prev.cbor");
    const std::string prev = (dir.path() / "prev.cbor").string();
    fs::permissions(dir.path(), fs::perms::owner_read | fs::perms::owner_exec);
    const Outcome r = run_command(cli + " run " + lesson + " --self-check --trace " + prev);
    fs::permissions(dir.path(), fs::perms::owner_all);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_NE(r.out.find(prev + ": cannot create the file: Permission denied\n"), std::string::npos)
        << r.out;
    EXPECT_EQ(contents(prev), before);
    EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"prev.cbor"});
}

} // namespace
} // namespace futurescope::testing
