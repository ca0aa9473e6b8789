// Scenario files: every broken file of the catalogue fails with its exact one-line message, the
// lessons meet their expect blocks, built futures carry their JSON path as their trace source,
// and the Narrator explains the events of a run.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "futurescope/narrate/narrator.hpp"
#include "futurescope/scenario/scenario.hpp"
#include "futurescope/scenario/value.hpp"
#include "futurescope/trace/trace.hpp"

namespace futurescope::scenario {
namespace {

namespace fs = std::filesystem;

const fs::path data_dir = FUTURESCOPE_SCENARIO_TEST_DATA;
const fs::path lessons_dir = FUTURESCOPE_LESSONS_DIR;

std::string read(const fs::path &p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string load_error(std::string_view text, const std::string &name) {
    try {
        (void)Scenario::parse(text, name);
    } catch (const ScenarioError &e) {
        return e.what();
    }
    return "(loaded)";
}

// The trace of a run, in memory, loaded back as a model.
trace::TraceModel traced(const Scenario &s) {
    std::unique_ptr<trace::Recorder> recorder;
    std::string bytes;
    RunOptions options;
    options.on_start = [&](Executor &ex) {
        recorder = std::make_unique<trace::Recorder>(ex, trace::TraceFormat::json);
    };
    options.on_finish = [&](Executor &, const RunReport &report) {
        recorder->finish(report);
        bytes = recorder->bytes();
        recorder.reset();
    };
    (void)s.run(options);
    return trace::load_trace_bytes(bytes, "run");
}

TEST(scenario_errors, EveryBrokenFileFailsWithItsExactMessage) {
    std::istringstream expected(read(data_dir / "bad" / "expected.txt"));
    std::vector<std::string> covered;
    std::string line;
    while (std::getline(expected, line)) {
        if (line.empty()) {
            continue;
        }
        std::string name = line.substr(0, line.find(':'));
        covered.push_back(name);
        EXPECT_EQ(load_error(read(data_dir / "bad" / name), name), line);
    }
    std::size_t files = 0;
    for (const auto &entry : fs::directory_iterator(data_dir / "bad")) {
        if (entry.path().extension() == ".json") {
            ++files;
            EXPECT_NE(std::find(covered.begin(), covered.end(), entry.path().filename().string()),
                      covered.end())
                << entry.path() << " has no expected message";
        }
    }
    EXPECT_GE(files, 30u);
}

TEST(scenario_errors, UnreadableFileIsNamed) {
    try {
        (void)Scenario::load("/nonexistent/lesson.json");
        FAIL() << "loaded";
    } catch (const ScenarioError &e) {
        EXPECT_STREQ(e.what(),
                     "/nonexistent/lesson.json: cannot read the file: No such file or directory");
    }
}

TEST(scenario_errors, EnormousFileIsRefusedBeforeParsing) {
    std::string text(max_file_bytes + 1, ' ');
    EXPECT_EQ(load_error(text, "big.json"), "big.json: the file is larger than 16 MiB");
}

std::string nested_fuse(int levels) {
    std::string future;
    for (int i = 0; i < levels; ++i) {
        future += "{\"fuse\": ";
    }
    future += "{\"delay\": 1}" + std::string(static_cast<std::size_t>(levels), '}');
    return "{\"version\": 1, \"name\": \"d\", \"title\": \"d\", \"tasks\": [{\"name\": "
           "\"main\", \"future\": " +
           future + "}]}";
}

TEST(scenario_errors, DeepExpressionIsAMessageNotAStackOverflow) {
    // 250 nested futures are fine, to load and to run.
    Scenario s = Scenario::parse(nested_fuse(250), "deep.json");
    RunOutcome out = s.run();
    ASSERT_EQ(out.tasks.size(), 1u);
    EXPECT_EQ(out.tasks[0].completed_ns, 1'000'000);
    // 300 are refused with a message, at the value that would be the 257th level.
    EXPECT_EQ(load_error(nested_fuse(300), "deep.json"),
              "deep.json:1:2357: invalid JSON: nested deeper than 256 levels");
}

// An expected result is evaluated when the file loads: one that panics, or that needs a run (a
// sender, a future), is an error of the file at its place, not a crash of the loader.
TEST(scenario_errors, ExpectedValueThatPanicsOrNeedsARunIsAMessage) {
    auto with_expected = [](const std::string &value) {
        return R"({"version": 1, "name": "t", "title": "t",
  "channels": [{"name": "c", "kind": "oneshot"}],
  "tasks": [{"name": "main", "future": {"ok": 1}}],
  "expect": {"tasks": {"main": {"result": {"ok": )" +
               value + "}}}}}";
    };
    EXPECT_EQ(load_error(with_expected(R"({"div": [1, 0]})"), "e.json"),
              "e.json:4:50: /expect/tasks/main/result/ok: the expected value panics: attempt to "
              "divide by zero");
    EXPECT_EQ(load_error(with_expected(R"([1, {"sender": "c"}])"), "e.json"),
              "e.json:4:50: /expect/tasks/main/result/ok/1: expected a constant value, found "
              "\"sender\" (it needs a run)");
    EXPECT_EQ(load_error(with_expected(R"({"future": {"ok": 1}})"), "e.json"),
              "e.json:4:50: /expect/tasks/main/result/ok: expected a constant value, found "
              "\"future\" (it needs a run)");
}

TEST(scenario_value, DescribesLikeTheEngine) {
    EXPECT_EQ(Value().describe(), "()");
    EXPECT_EQ(Value(7).describe(), "7");
    EXPECT_EQ(Value("hi").describe(), "\"hi\"");
    EXPECT_EQ(Value::tuple({Value(1), Value(2)}).describe(), "(1, 2)");
    EXPECT_EQ(Value::list({Value(1), Value(2), Value(3)}).describe(), "[1, 2, 3]");
    EXPECT_EQ(Value::error("Canceled").describe(), "Canceled");
}

TEST(scenario_lessons, EveryLessonMeetsItsExpectBlock) {
    std::size_t count = 0;
    for (const auto &entry : fs::directory_iterator(lessons_dir)) {
        if (entry.path().extension() != ".json" ||
            entry.path().filename() == "scenario.schema.json") {
            continue;
        }
        ++count;
        Scenario s = Scenario::load(entry.path());
        EXPECT_TRUE(s.has_expect()) << entry.path();
        RunOutcome out = s.run();
        std::vector<std::string> mismatches = s.check(out);
        EXPECT_TRUE(mismatches.empty())
            << entry.path() << ": " << (mismatches.empty() ? "" : mismatches[0]);
    }
    EXPECT_GE(count, 18u);
}

TEST(scenario_run, SameSeedGivesTheSameTrace) {
    Scenario s = Scenario::load(lessons_dir / "01-hello-world.json");
    trace::TraceModel a = traced(s);
    trace::TraceModel b = traced(s);
    ASSERT_EQ(a.events.size(), b.events.size());
    EXPECT_TRUE(a.events == b.events);
}

constexpr std::string_view two_step = R"({
  "version": 1, "name": "two", "title": "two",
  "tasks": [{"name": "main", "future": {"chain": [{"delay": 10}, {"map": 42}]}}],
  "narration": [{"at": {"task": "main", "poll": 2}, "text": "The timer woke the task."}]
})";

TEST(scenario_run, FuturesCarryTheirJsonPathAsSource) {
    trace::TraceModel m = traced(Scenario::parse(two_step, "two.json"));
    ASSERT_EQ(m.futures.size(), 2u);
    EXPECT_EQ(m.str(m.futures[0].kind), "Map");
    EXPECT_EQ(m.str(m.futures[0].source), "/tasks/0/future/chain/1");
    EXPECT_EQ(m.str(m.futures[1].kind), "Delay");
    EXPECT_EQ(m.str(m.futures[1].source), "/tasks/0/future/chain/0");
}

TEST(scenario_run, PanicsInAScenarioAreTaskResults) {
    Scenario s = Scenario::parse(R"({"version": 1, "name": "p", "title": "p", "tasks": [
      {"name": "main", "future": {"chain": [{"ok": 1}, {"map": {"fn": "x", "body": {"div": [{"var": "x"}, 0]}}}]}}]})",
                                 "p.json");
    RunOutcome out = s.run();
    ASSERT_EQ(out.tasks.size(), 1u);
    EXPECT_EQ(out.tasks[0].panic, "attempt to divide by zero");
}

TEST(narrator, ExplainsEachEventOfAPoll) {
    Scenario s = Scenario::parse(two_step, "two.json");
    trace::TraceModel m = traced(s);
    narrate::Narrator n(m);
    n.add_notes(s.narration());
    std::vector<std::string> lines;
    for (std::size_t i = 0; i < m.events.size(); ++i) {
        lines.push_back(n.path(i) + " | " + n.sentence(i));
    }
    ASSERT_GE(lines.size(), 6u);
    EXPECT_EQ(lines[0],
              "main | Task main is spawned: it goes to the back of the ready queue and will be "
              "polled when the executor reaches it.");
    EXPECT_EQ(lines[1],
              "main | The executor takes task main from the front of the ready queue and polls "
              "its root future (Map) once: task-level poll 1.");
    EXPECT_EQ(lines[2],
              "main ▸ Map[pending] | Map is polled in state pending: it polls the future it "
              "wraps and, when that is Ready, applies its function to the value.");
    EXPECT_EQ(lines[3],
              "main ▸ Map[pending] ▸ Delay[idle] | Delay delay(10ms) is polled in state idle: "
              "on its first poll it registers a timer with the executor and takes the task's "
              "handle.");
    EXPECT_EQ(lines[8],
              "main ▸ Map[pending] | Map returns NotReady too: the future it polled is not "
              "ready, and that future has arranged the wakeup.");
    std::size_t noted = 0;
    for (std::size_t i = 0; i < m.events.size(); ++i) {
        if (!n.notes(i).empty()) {
            noted = i;
            EXPECT_EQ(m.events[i].kind, trace::EventKind::poll_begin);
            EXPECT_EQ(n.notes(i)[0], "The timer woke the task.");
        }
    }
    EXPECT_NE(noted, 0u);
    EXPECT_EQ(narrate::narrate(m).size(), m.events.size());
}

} // namespace
} // namespace futurescope::scenario
