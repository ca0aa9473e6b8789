// What every command reads: the kind of a file told by its content (a scenario or a trace, JSON
// or CBOR, whatever its name), and the one bounded reader that refuses FIFOs, devices and files
// over their limit with one line naming the file, and exit code 2.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli/cli_support.hpp"

namespace futurescope::testing {
namespace {

namespace fs = std::filesystem;

const std::string cli = FUTURESCOPE_CLI;
const std::string lesson = std::string(FUTURESCOPE_LESSONS_DIR) + "/04-join.json";

// A run bounded in wall-clock time: a reader that blocks on a FIFO fails the test, not the suite.
Outcome run_bounded(const std::string &args) {
    return run_command("timeout 20 " + cli + " " + args + " < /dev/null");
}

// The lesson's trace in `dir`, as `name` (its extension picks the encoding when it is .json).
std::string record(const ScratchDir &dir, const std::string &name, const std::string &as) {
    const std::string out = (dir.path() / name).string();
    const Outcome r = run_command(cli + " run " + lesson + " --trace " + out);
    EXPECT_EQ(r.code, 0) << r.out;
    if (as != name) {
        fs::rename(out, dir.path() / as);
    }
    return (dir.path() / as).string();
}

// A file of `size` bytes that starts with `head`, sparse past it.
std::string sized_file(const ScratchDir &dir,
                       const std::string &name,
                       const std::string &head,
                       std::uintmax_t size) {
    const fs::path p = dir.path() / name;
    std::ofstream(p, std::ios::binary) << head;
    fs::resize_file(p, size);
    return p.string();
}

TEST(cli_file_kind, RunAndCheckSayATraceIsNoScenario) {
    ScratchDir dir("kind-run");
    // A CBOR trace named .bin is a trace too: the content decides.
    for (const std::string &t : {record(dir, "t.json", "t.json"),
                                 record(dir, "t.cbor", "t.cbor"),
                                 record(dir, "u.cbor", "u.bin")}) {
        const std::string message = t + " is a trace, not a scenario (use step, view or export)\n";
        const Outcome run = run_bounded("run " + t);
        EXPECT_EQ(run.code, 2) << run.out;
        EXPECT_EQ(run.out, message);
        const Outcome check = run_bounded("check " + t);
        EXPECT_EQ(check.code, 2) << check.out;
        EXPECT_EQ(check.out, "ERROR " + message);
    }
}

TEST(cli_file_kind, ExportSaysAScenarioIsNoTrace) {
    ScratchDir dir("kind-export");
    const std::string out = (dir.path() / "out.json").string();
    const Outcome r = run_bounded("export --chrome " + lesson + " -o " + out);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_EQ(r.out,
              lesson + " is a scenario, not a trace (run it with --trace OUT first, or use "
                       "step/view)\n");
    EXPECT_FALSE(fs::exists(out));
}

TEST(cli_file_kind, StepAndExportTakeATraceOfEitherEncodingUnderAnyName) {
    ScratchDir dir("kind-step");
    const Outcome from_scenario = run_bounded("step " + lesson);
    ASSERT_EQ(from_scenario.code, 0) << from_scenario.out;
    const std::string summary = "task main: ok (1, 2), 3 polls, 2 unparks, completed at 30ms\n";
    EXPECT_NE(from_scenario.out.find(summary), std::string::npos) << from_scenario.out;
    std::string first;
    for (const std::string &t : {record(dir, "t.json", "t.json"),
                                 record(dir, "t.cbor", "t.cbor"),
                                 record(dir, "u.cbor", "u.bin")}) {
        const Outcome step = run_bounded("step " + t);
        EXPECT_EQ(step.code, 0) << step.out;
        EXPECT_NE(step.out.find(summary), std::string::npos) << step.out;
        // The same narration whichever way the trace was stored.
        if (first.empty()) {
            first = step.out;
        }
        EXPECT_EQ(step.out, first) << t;
        const Outcome exported =
            run_bounded("export --chrome " + t + " -o " + (dir.path() / "c.json").string());
        EXPECT_EQ(exported.code, 0) << exported.out;
    }
}

TEST(cli_input, AFifoIsRefusedWithoutBlocking) {
    ScratchDir dir("input-fifo");
    const std::string fifo = (dir.path() / "lesson.json").string();
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const std::string message = fifo + ": cannot read the file: it is a FIFO, not a regular file\n";
    for (const std::string &command : {"run " + fifo,
                                       "step " + fifo,
                                       "view " + fifo,
                                       "export --chrome " + fifo + " -o " + fifo + ".out"}) {
        const Outcome r = run_bounded(command);
        EXPECT_EQ(r.code, 2) << command << ": " << r.out;
        EXPECT_EQ(r.out, message) << command;
    }
    const Outcome check = run_bounded("check " + fifo);
    EXPECT_EQ(check.code, 2) << check.out;
    EXPECT_EQ(check.out, "ERROR " + message);
}

TEST(cli_input, ADeviceIsRefusedInsteadOfReadWithoutEnd) {
    const std::string message =
        "/dev/zero: cannot read the file: it is a character device, not a regular file\n";
    for (const std::string &command : {std::string("run /dev/zero"),
                                       std::string("step /dev/zero"),
                                       std::string("view /dev/zero"),
                                       std::string("export --chrome /dev/zero -o /dev/null")}) {
        const Outcome r = run_bounded(command);
        EXPECT_EQ(r.code, 2) << command << ": " << r.out;
        EXPECT_EQ(r.out, message) << command;
    }
}

TEST(cli_input, AScenarioOverItsLimitIsRefusedUnread) {
    ScratchDir dir("input-big-scenario");
    // One byte over the 16 MiB a scenario may have; the file is sparse, so this is quick.
    const std::string big = sized_file(dir, "big.json", "{", (std::uintmax_t{16} << 20) + 1);
    const std::string message = big + ": the file is larger than 16 MiB\n";
    for (const std::string &command : {"run " + big, "step " + big}) {
        const Outcome r = run_bounded(command);
        EXPECT_EQ(r.code, 2) << command << ": " << r.out;
        EXPECT_EQ(r.out, message) << command;
    }
    EXPECT_EQ(run_bounded("check " + big).out, "ERROR " + message);
    // At the limit the file is read, and its content is what is wrong.
    const std::string at = sized_file(dir, "at.json", "{", std::uintmax_t{16} << 20);
    const Outcome r = run_bounded("step " + at);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_EQ(r.out.find("larger than"), std::string::npos) << r.out;
}

TEST(cli_input, ATraceOverItsLimitIsRefusedUnread) {
    ScratchDir dir("input-big-trace");
    // A CBOR map's first byte, then sparse zeros up to one byte over the 4 GiB a trace may have.
    const std::string big = sized_file(dir, "big.cbor", "\xbf", (std::uintmax_t{4} << 30) + 1);
    const std::string message = big + ": the file is larger than the 4 GiB a trace may have\n";
    for (const std::string &command :
         {"step " + big, "view " + big, "export --chrome " + big + " -o /dev/null"}) {
        const Outcome r = run_bounded(command);
        EXPECT_EQ(r.code, 2) << command << ": " << r.out;
        EXPECT_EQ(r.out, message) << command;
    }
}

TEST(cli_input, AMissingFileOrADirectoryIsNamed) {
    ScratchDir dir("input-missing");
    const std::string missing = (dir.path() / "missing.json").string();
    const Outcome r = run_bounded("step " + missing);
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out, missing + ": cannot read the file: No such file or directory\n");
    const Outcome d = run_bounded("run " + dir.path().string());
    EXPECT_EQ(d.code, 2);
    EXPECT_EQ(d.out, dir.path().string() + ": cannot read the file: it is a directory\n");
}

} // namespace
} // namespace futurescope::testing
