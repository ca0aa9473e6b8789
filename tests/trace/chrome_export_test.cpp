// The Chrome Trace Event export, read back with nlohmann: one named track per task, task-level
// polls as slices with the nested polls properly inside them, unparks as flows from their source
// to the poll they lead to, timers and clock moves as instants, and the virtual time in the args.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "trace/trace_support.hpp"

namespace futurescope::trace {
namespace {
using namespace std::chrono_literals;
using json = nlohmann::json;

// Two tasks: "sleeper" waits on a join of delays; "waiter" parks until "waker" unparks it.
TraceModel program() {
    return testing::record([](Executor &ex) {
        static std::optional<Task> handle;
        handle.reset();
        ex.spawn(join(delay(30ms).map([] { return 1; }), delay(10ms).map([] { return 2; })),
                 {.name = "sleeper"});
        ex.spawn(poll_fn([n = 0]() mutable -> Poll<Unit, Never> {
                     if (++n == 2) {
                         return ready();
                     }
                     handle.emplace(park());
                     return not_ready;
                 }),
                 {.name = "waiter"});
        ex.spawn(poll_fn([]() -> Poll<Unit, Never> {
                     handle->unpark("by hand");
                     handle.reset();
                     return ready();
                 }),
                 {.name = "waker"});
    });
}

json exported(const TraceModel &m) {
    std::ostringstream out;
    export_chrome(m, out);
    return json::parse(out.str());
}

std::vector<json> select(const json &doc, const std::string &ph, const std::string &cat = "") {
    std::vector<json> out;
    for (const json &e : doc["traceEvents"]) {
        if (e["ph"] == ph && (cat.empty() || (e.contains("cat") && e["cat"] == cat))) {
            out.push_back(e);
        }
    }
    return out;
}

TEST(chrome_export, EachTaskIsANamedTrackOfOneProcess) {
    json doc = exported(program());
    std::map<int, std::string> names;
    for (const json &e : select(doc, "M")) {
        EXPECT_EQ(e["pid"], 1);
        if (e["name"] == "thread_name") {
            names[e["tid"]] = e["args"]["name"];
        }
        if (e["name"] == "process_name") {
            EXPECT_EQ(e["args"]["name"], "futurescope: test");
        }
    }
    EXPECT_EQ(names,
              (std::map<int, std::string>{{0, "executor"},
                                          {1, "sleeper (task 1)"},
                                          {2, "waiter (task 2)"},
                                          {3, "waker (task 3)"}}));
    EXPECT_EQ(doc["displayTimeUnit"], "ns");
    for (const json &e : doc["traceEvents"]) {
        EXPECT_EQ(e["pid"], 1);
    }
}

TEST(chrome_export, TaskLevelPollsAreSlicesWithTheirResult) {
    TraceModel m = program();
    json doc = exported(m);
    std::map<int, std::vector<std::string>> polls;
    for (const json &e : select(doc, "X", "poll")) {
        polls[e["tid"]].push_back(e["name"].get<std::string>() + " @" +
                                  std::to_string(e["args"]["t_ns"].get<long>()));
        EXPECT_GE(e["dur"], 1);
        EXPECT_EQ(e["args"]["result"],
                  e["name"].get<std::string>().substr(6, e["name"].get<std::string>().size() - 7));
    }
    EXPECT_EQ(
        polls,
        (std::map<int, std::vector<std::string>>{
            {1, {"poll (not_ready) @0", "poll (not_ready) @10000000", "poll (ready) @30000000"}},
            {2, {"poll (not_ready) @0", "poll (ready) @0"}},
            {3, {"poll (ready) @0"}},
        }));
}

TEST(chrome_export, NestedPollsAreSlicesInsideTheirParents) {
    TraceModel m = program();
    json doc = exported(m);
    std::vector<json> slices = select(doc, "X");
    std::size_t futures = 0;
    for (const json &child : slices) {
        if (child["cat"] != "future") {
            continue;
        }
        ++futures;
        long begin = child["ts"];
        long end = begin + child["dur"].get<long>();
        bool inside_a_poll = false;
        for (const json &other : slices) {
            if (other["tid"] != child["tid"] || &other == &child) {
                continue;
            }
            long b = other["ts"];
            long e = b + other["dur"].get<long>();
            // Slices of one track never overlap partly: they nest or are apart.
            bool apart = e <= begin || end <= b;
            bool contains = b <= begin && end <= e;
            bool contained = begin <= b && e <= end;
            EXPECT_TRUE(apart || contains || contained) << child << " vs " << other;
            if (other["cat"] == "poll" && contains) {
                inside_a_poll = true;
            }
        }
        EXPECT_TRUE(inside_a_poll) << child;
    }
    // One slice per enter of the trace.
    std::size_t enters = 0;
    for (const TraceEvent &e : m.events) {
        enters += e.kind == EventKind::enter ? 1 : 0;
    }
    EXPECT_EQ(futures, enters);
    // The slice of Join#1's last poll names its result and value.
    bool found = false;
    for (const json &s : slices) {
        if (s["name"] == "Join#1 (ready (1, 2))") {
            found = true;
            EXPECT_EQ(s["args"]["value"], "(1, 2)");
            EXPECT_EQ(s["args"]["future_kind"], "Join");
            EXPECT_EQ(s["args"]["state"], "pending");
            EXPECT_EQ(s["args"]["t"], "30ms");
        }
    }
    EXPECT_TRUE(found);
}

TEST(chrome_export, UnparksAreFlowsFromTheirSourceToThePollTheyCause) {
    TraceModel m = program();
    json doc = exported(m);
    std::vector<json> starts = select(doc, "s");
    std::vector<json> finishes = select(doc, "f");
    ASSERT_EQ(starts.size(), finishes.size());
    // The timer's two unparks of the sleeper, and the waker's unpark of the waiter.
    ASSERT_EQ(starts.size(), 3u);
    std::vector<json> polls = select(doc, "X", "poll");
    std::vector<json> unparks = select(doc, "X", "unpark");
    std::map<std::string, std::string> flows;
    for (std::size_t i = 0; i < starts.size(); ++i) {
        const json &s = starts[i];
        const json &f = finishes[i];
        EXPECT_EQ(s["id"], f["id"]);
        EXPECT_EQ(f["bp"], "e");
        EXPECT_EQ(s["cat"], f["cat"]);
        // The start sits on the unpark's own slice, the end on the start of a poll slice.
        bool on_unpark = false;
        for (const json &u : unparks) {
            on_unpark = on_unpark || (u["tid"] == s["tid"] && u["ts"] == s["ts"]);
        }
        EXPECT_TRUE(on_unpark) << s;
        bool on_poll = false;
        for (const json &p : polls) {
            on_poll = on_poll || (p["tid"] == f["tid"] && p["ts"] == f["ts"]);
        }
        EXPECT_TRUE(on_poll) << f;
        flows[std::to_string(s["tid"].get<int>()) + "@" + std::to_string(s["ts"].get<long>())] =
            std::to_string(f["tid"].get<int>()) + "@" + std::to_string(f["ts"].get<long>());
    }
    // The waker (tid 3) unparks the waiter (tid 2); the timers (tid 0) unpark the sleeper.
    std::size_t from_task = 0;
    for (const json &s : starts) {
        from_task += s["tid"] == 3 ? 1 : 0;
    }
    EXPECT_EQ(from_task, 1u);
    for (const json &u : unparks) {
        if (u["tid"] == 3) {
            EXPECT_EQ(u["name"], "unpark waiter (queued)");
            EXPECT_EQ(u["args"]["via"], "by hand");
        }
    }
}

TEST(chrome_export, TimersAndClockMovesAreInstantsOnTheSyntheticAxis) {
    TraceModel m = program();
    json doc = exported(m);
    std::vector<json> timers = select(doc, "i", "timer_set");
    ASSERT_EQ(timers.size(), 2u);
    EXPECT_EQ(timers[0]["name"], "timer_set #1 @30ms");
    EXPECT_EQ(timers[0]["tid"], 1);
    EXPECT_EQ(timers[0]["s"], "t");
    EXPECT_EQ(timers[0]["args"]["deadline_ns"], 30'000'000);
    std::vector<json> clocks = select(doc, "i", "clock");
    ASSERT_EQ(clocks.size(), 2u);
    EXPECT_EQ(clocks[0]["name"], "clock 0ns -> 10ms");
    EXPECT_EQ(clocks[0]["s"], "g");
    // Event i sits at i µs, plus 10 µs after each clock jump.
    long clock_seq = clocks[0]["args"]["seq"];
    EXPECT_EQ(clocks[0]["ts"], clock_seq);
    for (const json &e : doc["traceEvents"]) {
        if (e["ph"] == "M" || e["ph"] == "s" || e["ph"] == "f") {
            continue;
        }
        long seq = e["args"]["seq"];
        long expected = seq + (seq > clock_seq ? 10 : 0) +
                        (seq > clocks[1]["args"]["seq"].get<long>() ? 10 : 0);
        EXPECT_EQ(e["ts"], expected) << e;
        EXPECT_TRUE(e["args"].contains("t_ns"));
    }
    EXPECT_EQ(doc["otherData"]["axis"],
              "synthetic: 1 us per event, +10 us per clock jump; virtual time in args.t_ns");
}

TEST(chrome_export, WritesAFileThroughATemporaryName) {
    testing::ScratchDir dir;
    TraceModel m = program();
    export_chrome(m, dir / "out.json");
    EXPECT_EQ(dir.files(), (std::vector<std::string>{"out.json"}));
    std::ifstream in(dir / "out.json");
    json doc = json::parse(in);
    std::ostringstream direct;
    export_chrome(m, direct);
    EXPECT_EQ(doc, json::parse(direct.str()));
    EXPECT_THROW(export_chrome(m, dir / "missing" / "out.json"), TraceError);
}

} // namespace
} // namespace futurescope::trace
