// `futurescope run FILE --self-check`: the scenario runs twice with one seed and the two traces
// are compared byte for byte, as madsim's and FoundationDB's determinism checks do.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "cli/cli_support.hpp"
#include "futurescope/scenario/scenario.hpp"
#include "futurescope/trace/trace.hpp"

namespace futurescope {
namespace {
using testing::run_command;
using testing::ScratchDir;

const std::string cli = FUTURESCOPE_CLI;
const std::string lessons = FUTURESCOPE_LESSONS_DIR;

// The number of events a run of the lesson records, counted by the library itself.
std::uint64_t events_of(const std::string &file, std::optional<std::uint64_t> seed = {}) {
    scenario::Scenario s = scenario::Scenario::load(file);
    std::unique_ptr<trace::Recorder> recorder;
    std::uint64_t events = 0;
    scenario::RunOptions options;
    options.seed = seed;
    options.on_start = [&](Executor &ex) {
        recorder = std::make_unique<trace::Recorder>(ex, trace::TraceFormat::cbor);
    };
    options.on_finish = [&](Executor &, const RunReport &report) {
        recorder->finish(report);
        events = recorder->event_count();
        recorder.reset();
    };
    (void)s.run(options);
    return events;
}

TEST(self_check, TheHelloWorldLessonGivesByteIdenticalTraces) {
    const std::string lesson = lessons + "/01-hello-world.json";
    const std::uint64_t events = events_of(lesson);
    ASSERT_GT(events, 100u);
    const testing::Outcome r = run_command(cli + " run " + lesson + " --self-check");
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_NE(
        r.out.find("\nself-check: 2 runs, " + std::to_string(events) + " events, byte-identical\n"),
        std::string::npos)
        << r.out;
    // The run's own summary comes first, as without --self-check.
    EXPECT_LT(r.out.find("main"), r.out.find("self-check:")) << r.out;
}

TEST(self_check, UsesTheSeedGivenOnTheCommandLine) {
    const std::string lesson = lessons + "/13-backpressure.json";
    const std::uint64_t events = events_of(lesson, 99);
    const testing::Outcome r = run_command(cli + " run --seed 99 --self-check " + lesson);
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_NE(
        r.out.find("self-check: 2 runs, " + std::to_string(events) + " events, byte-identical\n"),
        std::string::npos)
        << r.out;
}

TEST(self_check, WritesTheFirstRunsTraceWhenAsked) {
    ScratchDir dir("self-check");
    const std::string lesson = lessons + "/01-hello-world.json";
    const std::string out = (dir.path() / "hello.json").string();
    const testing::Outcome r = run_command(cli + " run " + lesson + " --self-check --trace " + out);
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("trace written to " + out + "\n"), std::string::npos) << r.out;
    const trace::TraceModel m = trace::load_trace(out);
    EXPECT_EQ(m.events.size(), events_of(lesson));
    EXPECT_EQ(m.scenario.name, scenario::Scenario::load(lesson).name());
}

TEST(self_check, IsInTheHelpOfRun) {
    const testing::Outcome r = run_command(cli + " run --help");
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out, "usage: futurescope run FILE [--seed N] [--trace OUT] [--self-check]\n");
    const testing::Outcome all = run_command(cli + " --help");
    EXPECT_NE(all.out.find("--self-check runs it twice"), std::string::npos) << all.out;
}

} // namespace
} // namespace futurescope
