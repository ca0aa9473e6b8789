// The Chrome export in either vocabulary: with the modern words a NotReady result is
// "pending", an unpark slice and its flow are "wake", a park instant is "waker_clone"; futures
// 0.1's words are the default. wait events become instants that say who will wake the task.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "futurescope/trace/trace.hpp"

namespace futurescope::trace {
namespace {
using json = nlohmann::json;

// waits.json: a task parked on a timer, a lost wakeup, a yield (tests/data/traces/viz).
json exported(Vocabulary v) {
    const TraceModel m =
        load_trace(std::filesystem::path(FUTURESCOPE_TRACE_TEST_DATA) / "viz" / "waits.json");
    std::ostringstream out;
    export_chrome(m, out, v);
    return json::parse(out.str());
}

// "ph cat name" of every event but the metadata.
std::vector<std::string> names(const json &doc) {
    std::vector<std::string> out;
    for (const json &e : doc["traceEvents"]) {
        if (e["ph"] != "M") {
            out.push_back(e["ph"].get<std::string>() + " " + e.value("cat", "") + " " +
                          e["name"].get<std::string>());
        }
    }
    return out;
}

bool has(const std::vector<std::string> &v, const std::string &s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(chrome_vocabulary, ModernNamesSayPendingWakeAndWakerClone) {
    const json doc = exported(Vocabulary::modern);
    EXPECT_EQ(doc["otherData"]["vocabulary"], "modern");
    const std::vector<std::string> n = names(doc);
    EXPECT_TRUE(has(n, "X poll poll (pending)"));
    EXPECT_TRUE(has(n, "i waker_clone waker_clone Delay#1"));
    EXPECT_TRUE(has(n, "X wake wake sleeper (queued)"));
    EXPECT_TRUE(has(n, "s wake wake"));
    EXPECT_TRUE(has(n, "i wait wait: timer #1 (delay, fires at 30ms); channel #7 (mpsc receiver)"));
    EXPECT_TRUE(has(n, "i wait wait: nothing holds the Waker"));
    for (const std::string &s : n) {
        EXPECT_EQ(s.find("not_ready"), std::string::npos) << s;
        EXPECT_EQ(s.find("unpark"), std::string::npos) << s;
    }
    // The args of a task-level poll carry the result in the same words.
    for (const json &e : doc["traceEvents"]) {
        if (e["name"] == "poll (pending)") {
            EXPECT_EQ(e["args"]["result"], "pending");
        }
    }
}

TEST(chrome_vocabulary, Futures01IsTheDefault) {
    const TraceModel m =
        load_trace(std::filesystem::path(FUTURESCOPE_TRACE_TEST_DATA) / "viz" / "waits.json");
    std::ostringstream plain;
    export_chrome(m, plain);
    const json doc = json::parse(plain.str());
    EXPECT_EQ(doc, exported(Vocabulary::futures01));
    EXPECT_EQ(doc["otherData"]["vocabulary"], "futures 0.1");
    const std::vector<std::string> n = names(doc);
    EXPECT_TRUE(has(n, "X poll poll (not_ready)"));
    EXPECT_TRUE(has(n, "i park park Delay#1"));
    EXPECT_TRUE(has(n, "X unpark unpark sleeper (queued)"));
    EXPECT_TRUE(has(n, "i wait wait: nothing holds the handle"));
}

} // namespace
} // namespace futurescope::trace
