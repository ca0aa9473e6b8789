// The trace files: the document's schema (every event kind with the fields DESIGN.md names, the
// fixed order of the top-level keys), JSON and CBOR holding the same document, byte-identical
// output run after run, and files that appear under their name only when complete.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>

#include <chrono>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "trace/trace_support.hpp"

namespace futurescope::trace {
namespace {
using namespace std::chrono_literals;
using testing::record;
using testing::record_bytes;
using testing::ScratchDir;

// A program whose trace holds every kind of event: a race of delays (timers set, cancelled and
// fired, the clock, parks, unparks, state changes, drops), a blocking poll, a panic, a spawn from
// a task, and channel, network and diagnostic events reported as their modules will.
void every_kind(Executor &ex) {
    ex.spawn(delay(1ms).select(delay(2ms)).map([](auto) { return 1; }), {.name = "race"});
    ex.spawn(block(1ms), {.name = "busy"});
    ex.spawn(poll_fn([]() -> Poll<int, Never> { throw Panic("boom"); }), {.name = "bad"});
    ex.spawn(poll_fn([]() -> Poll<Unit, Never> {
                 Observer *o = current_observer();
                 ChannelId ch = o->register_channel("oneshot", 1);
                 int v = 5;
                 o->on_channel({ChannelEventKind::send, ch, ValueRef::of(v), nullptr});
                 o->on_channel({ChannelEventKind::recv, ch, ValueRef::of(v), nullptr});
                 o->on_channel({ChannelEventKind::full, ch, {}, "sender parked"});
                 o->on_channel({ChannelEventKind::close, ch, {}, nullptr});
                 o->on_channel({ChannelEventKind::cancel, ch, {}, "receiver dropped"});
                 for (int k = 0; k <= static_cast<int>(NetEventKind::restart); ++k) {
                     o->on_net({static_cast<NetEventKind>(k), 1, 2, 3, "a:1", "b:2", "x"});
                 }
                 o->on_diag({"busy_loop", 4, 0, "a diagnostic"});
                 WaitHolder holder{SourceKind::timer, 1, "delay", 1'000'000};
                 o->on_wait(4, std::span<const WaitHolder>(&holder, 1));
                 spawn(ok(1), {.name = "child"});
                 return ready();
             }),
             {.name = "io"});
}

TEST(trace_file, EveryEventKindHasTheFieldsDesignNames) {
    const std::map<std::string, std::pair<std::set<std::string>, std::set<std::string>>> fields{
        // kind: {required beyond seq, t, kind}, {optional}
        {"spawn", {{"task", "name", "daemon", "parent"}, {}}},
        {"poll_begin", {{"task"}, {"worker", "stolen_from"}}},
        {"poll_end", {{"task", "result"}, {}}},
        {"enter", {{"task", "future", "state"}, {}}},
        {"exit", {{"task", "future", "result"}, {"value"}}},
        {"state", {{"task", "future", "from", "to"}, {"held"}}},
        {"drop", {{"task", "future"}, {}}},
        {"park", {{"task", "future"}, {}}},
        {"unpark", {{"target", "source", "source_id", "outcome"}, {"via"}}},
        {"timer_set", {{"timer", "deadline_ns", "task"}, {}}},
        {"timer_cancel", {{"timer", "task"}, {}}},
        {"timer_fire", {{"timer", "task"}, {}}},
        {"clock", {{"from_ns", "to_ns", "blocking"}, {}}},
        {"complete", {{"task", "result"}, {"value", "panic"}}},
        {"diag", {{"diag", "task", "future", "message"}, {}}},
        {"wait", {{"task", "on"}, {}}},
    };
    const std::set<std::string> net{"listen",
                                    "connect",
                                    "accept",
                                    "send",
                                    "deliver",
                                    "close",
                                    "reset",
                                    "tls",
                                    "partition",
                                    "heal",
                                    "hold",
                                    "release",
                                    "crash",
                                    "restart"};
    const std::set<std::string> chan{
        "chan_send", "chan_recv", "chan_full", "chan_close", "chan_cancel"};

    nlohmann::ordered_json doc = nlohmann::ordered_json::parse(record_bytes(every_kind));
    std::vector<std::string> top;
    for (const auto &[key, value] : doc.items()) {
        top.push_back(key);
    }
    EXPECT_EQ(
        top,
        (std::vector<std::string>{
            "format", "version", "scenario", "events", "tasks", "futures", "channels", "summary"}));
    EXPECT_EQ(doc["format"], "futurescope-trace");
    EXPECT_EQ(doc["version"], 1);
    EXPECT_EQ(doc["scenario"],
              (nlohmann::ordered_json{{"name", "test"}, {"file", "test.json"}, {"seed", 7}}));

    std::set<std::string> seen;
    std::uint64_t seq = 0;
    for (const auto &e : doc["events"]) {
        ASSERT_EQ(e["seq"], seq++);
        ASSERT_TRUE(e["t"].is_number_integer());
        std::string kind = e["kind"];
        seen.insert(kind);
        std::set<std::string> required;
        std::set<std::string> optional;
        if (net.count(kind) != 0) {
            required = {"task", "socket", "peer", "bytes"};
            optional = {"local", "remote", "detail"};
        } else if (chan.count(kind) != 0) {
            required = {"task", "channel"};
            optional = {"value", "detail"};
        } else {
            ASSERT_EQ(fields.count(kind), 1u) << kind;
            std::tie(required, optional) = fields.at(kind);
        }
        std::vector<std::string> keys;
        for (const auto &[key, value] : e.items()) {
            keys.push_back(key);
        }
        ASSERT_GE(keys.size(), 3u);
        EXPECT_EQ(std::vector<std::string>(keys.begin(), keys.begin() + 3),
                  (std::vector<std::string>{"seq", "t", "kind"}));
        std::set<std::string> rest(keys.begin() + 3, keys.end());
        for (const std::string &r : required) {
            EXPECT_EQ(rest.count(r), 1u) << kind << " lacks " << r;
        }
        for (const std::string &k : rest) {
            EXPECT_TRUE(required.count(k) + optional.count(k) == 1) << kind << " has " << k;
        }
    }
    std::set<std::string> all;
    for (std::size_t k = 0; k < event_kind_count; ++k) {
        all.insert(std::string(to_string(static_cast<EventKind>(k))));
    }
    EXPECT_EQ(seen, all);
    EXPECT_EQ(all.size(), fields.size() + net.size() + chan.size());

    EXPECT_EQ(doc["tasks"][0],
              (nlohmann::ordered_json{
                  {"id", 1}, {"name", "race"}, {"daemon", false}, {"parent", 0}, {"root", 1}}));
    EXPECT_EQ(doc["tasks"][4]["parent"], 4);
    EXPECT_EQ(doc["futures"][0],
              (nlohmann::ordered_json{{"id", 1},
                                      {"task", 1},
                                      {"parent", 0},
                                      {"kind", "Map"},
                                      {"label", ""},
                                      {"states", {"pending", "done"}}}));
    EXPECT_EQ(
        doc["channels"][0],
        (nlohmann::ordered_json{{"id", 1}, {"kind", "oneshot"}, {"capacity", 1}, {"task", 4}}));
    const auto &summary = doc["summary"];
    std::vector<std::string> summary_keys;
    for (const auto &[key, value] : summary.items()) {
        summary_keys.push_back(key);
    }
    EXPECT_EQ(summary_keys,
              (std::vector<std::string>{"end_ns", "steps", "stop", "tasks", "diagnostics"}));
    EXPECT_EQ(summary["tasks"][0],
              (nlohmann::ordered_json{{"id", 1},
                                      {"polls", 2},
                                      {"unparks", 1},
                                      {"completed_ns", 1000000},
                                      {"result", {{"ok", "1"}}},
                                      {"stuck", nullptr}}));
    EXPECT_EQ(summary["tasks"][2]["result"], (nlohmann::ordered_json{{"panic", "boom"}}));
    EXPECT_EQ(summary["diagnostics"][0],
              (nlohmann::ordered_json{
                  {"kind", "busy_loop"}, {"task", 4}, {"future", 0}, {"message", "a diagnostic"}}));
}

TEST(trace_file, AChannelNamedByItsProgramCarriesTheNameInBothEncodings) {
    auto named = [](Executor &ex) {
        ex.spawn(poll_fn([]() -> Poll<Unit, Never> {
            Observer *o = current_observer();
            ChannelId jobs = o->register_channel("mpsc", 2);
            o->on_channel_name(jobs, "jobs");
            (void)o->register_channel("oneshot", 1);
            return ready();
        }));
    };
    const nlohmann::ordered_json doc = nlohmann::ordered_json::parse(record_bytes(named));
    EXPECT_EQ(doc["channels"][0],
              (nlohmann::ordered_json{
                  {"id", 1}, {"kind", "mpsc"}, {"capacity", 2}, {"task", 1}, {"name", "jobs"}}));
    // An unnamed channel keeps the four keys it always had.
    EXPECT_EQ(doc["channels"][1].size(), 4u);
    for (TraceFormat format : {TraceFormat::json, TraceFormat::cbor}) {
        TraceModel m = record(named, format);
        EXPECT_EQ(m.channel_name(1), "channel jobs");
        EXPECT_EQ(m.channel_name(2), "channel #2");
    }
}

TEST(trace_file, JsonAndCborHoldTheSameDocument) {
    std::string json = record_bytes(every_kind, TraceFormat::json);
    std::string cbor = record_bytes(every_kind, TraceFormat::cbor);
    EXPECT_EQ(nlohmann::json::parse(json), nlohmann::json::from_cbor(cbor));
    EXPECT_LT(cbor.size(), json.size());
    // The CBOR document starts with a map head of 8 pairs.
    EXPECT_EQ(static_cast<unsigned char>(cbor[0]), 0xa8);
}

TEST(trace_file, JsonAndCborLoadIntoTheSameModel) {
    TraceModel a = load_trace_bytes(record_bytes(every_kind, TraceFormat::json), "a.json");
    TraceModel b = load_trace_bytes(record_bytes(every_kind, TraceFormat::cbor), "b.cbor");
    EXPECT_EQ(first_divergence(a, b), std::nullopt);
    // Same document, same order of first appearance: even the string ids agree.
    EXPECT_EQ(a.events, b.events);
    EXPECT_EQ(a.tasks, b.tasks);
    EXPECT_EQ(a.futures, b.futures);
    EXPECT_EQ(a.state_names, b.state_names);
    EXPECT_EQ(a.channels, b.channels);
    EXPECT_EQ(a.summary.tasks, b.summary.tasks);
    EXPECT_EQ(a.summary.diagnostics, b.summary.diagnostics);
    EXPECT_EQ(a.strings.size(), b.strings.size());
    EXPECT_GT(a.events.size(), 80u);
}

TEST(trace_file, TheSameRunGivesByteIdenticalTraces) {
    for (TraceFormat format : {TraceFormat::json, TraceFormat::cbor}) {
        std::string first = record_bytes(every_kind, format);
        std::string second = record_bytes(every_kind, format);
        EXPECT_EQ(first, second);
    }
    ScratchDir dir;
    for (const char *name : {"a.cbor", "b.cbor"}) {
        Executor ex;
        Recorder recorder(ex, dir / name, {"test", "test.json", 7});
        every_kind(ex);
        recorder.finish(ex.run_all());
    }
    auto read = [](const std::filesystem::path &p) {
        std::ifstream in(p, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    EXPECT_EQ(read(dir / "a.cbor"), read(dir / "b.cbor"));
    EXPECT_EQ(read(dir / "a.cbor"), record_bytes(every_kind, TraceFormat::cbor));
}

TEST(trace_file, TextsAreEscapedAndInvalidUtf8IsReplaced) {
    // A task's name goes into the trace as it is (values are already quoted by describe()).
    std::string nasty = "line\nbreak \"quoted\" back\\slash tab\t bell\x07 nul";
    nasty += '\0';
    nasty += " \xc3\xa9 \xe2\x9c\x93 bad:\xff\xc3 end";
    auto program = [&](Executor &ex) { ex.spawn(ok(1), {.name = nasty}); };
    std::string json = record_bytes(program, TraceFormat::json);
    // One event per line: escaping keeps every text on its line.
    EXPECT_NE(json.find(R"(line\nbreak \"quoted\" back\\slash tab\t bell\u0007 nul\u0000)"),
              std::string::npos);
    TraceModel a = load_trace_bytes(json, "a.json");
    TraceModel b = load_trace_bytes(record_bytes(program, TraceFormat::cbor), "b.cbor");
    EXPECT_EQ(first_divergence(a, b), std::nullopt);
    std::string expected = "line\nbreak \"quoted\" back\\slash tab\t bell\x07 nul";
    expected += '\0';
    expected += " \xc3\xa9 \xe2\x9c\x93 bad:\xef\xbf\xbd\xef\xbf\xbd end";
    EXPECT_EQ(a.str(a.tasks[0].name), expected);
    EXPECT_EQ(a.str(a.events[0].text), expected);
}

TEST(trace_file, TheFormatFollowsTheExtension) {
    EXPECT_EQ(trace_format_for_path("run.json"), TraceFormat::json);
    EXPECT_EQ(trace_format_for_path("dir/run.CBOR"), TraceFormat::cbor);
    try {
        (void)trace_format_for_path("run.txt");
        FAIL() << "no error";
    } catch (const TraceError &e) {
        EXPECT_STREQ(e.what(),
                     "run.txt: unknown trace file extension \".txt\" (use .json or .cbor)");
    }
}

TEST(trace_file, TheLoaderTellsTheEncodingByContentNotByName) {
    ScratchDir dir;
    std::ofstream(dir / "cbor-inside.json", std::ios::binary)
        << record_bytes(every_kind, TraceFormat::cbor);
    std::ofstream(dir / "json-inside.cbor", std::ios::binary)
        << "  \n" + record_bytes(every_kind, TraceFormat::json);
    TraceModel a = load_trace(dir / "cbor-inside.json");
    TraceModel b = load_trace(dir / "json-inside.cbor");
    EXPECT_EQ(first_divergence(a, b), std::nullopt);
}

TEST(trace_file, TheFileAppearsUnderItsNameOnlyWhenFinished) {
    ScratchDir dir;
    std::filesystem::path path = dir / "run.json";
    Executor ex;
    Recorder recorder(ex, path);
    ex.spawn(delay(1ms));
    ex.run_all();
    EXPECT_FALSE(std::filesystem::exists(path));
    std::vector<std::string> during = dir.files();
    ASSERT_EQ(during.size(), 1u);
    EXPECT_EQ(during[0].rfind(".run.json.tmp-", 0), 0u) << during[0];
    recorder.finish();
    EXPECT_EQ(dir.files(), (std::vector<std::string>{"run.json"}));
    EXPECT_EQ(load_trace(path).summary.tasks.size(), 1u);
}

TEST(trace_file, AnUnfinishedRecordingLeavesNoFile) {
    ScratchDir dir;
    {
        Executor ex;
        Recorder recorder(ex, dir / "run.cbor");
        ex.spawn(delay(1ms));
        ex.run_all();
    }
    EXPECT_TRUE(dir.files().empty());
}

TEST(trace_file, AFailedWriteLeavesNoFileAndSaysWhy) {
    ScratchDir dir;
    std::filesystem::path path = dir / "big.json";
    // A file size limit makes the write fail the way a full disk would.
    struct rlimit old {};
    ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
    auto previous = signal(SIGXFSZ, SIG_IGN);
    struct rlimit small = old;
    small.rlim_cur = 64 * 1024;
    ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
    std::string message;
    {
        Executor ex;
        Recorder recorder(ex, path);
        ex.spawn(poll_fn([n = 0]() mutable -> Poll<Unit, Never> {
            if (++n == 3000) {
                return ready();
            }
            park().unpark();
            return not_ready;
        }));
        ex.run_all();
        try {
            recorder.finish();
        } catch (const TraceError &e) {
            message = e.what();
        }
    }
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, previous);
    EXPECT_EQ(message, path.string() + ": cannot write the file: File too large");
    EXPECT_TRUE(dir.files().empty());
}

TEST(trace_file, AMissingDirectoryFailsAtOnce) {
    ScratchDir dir;
    Executor ex;
    std::filesystem::path path = dir / "no" / "such" / "run.json";
    try {
        Recorder recorder(ex, path);
        FAIL() << "no error";
    } catch (const TraceError &e) {
        EXPECT_EQ(std::string(e.what()),
                  path.string() + ": cannot create the file: No such file or directory");
    }
    EXPECT_EQ(ex.observer(), nullptr);
}

TEST(trace_file, AnEmptyRunIsAValidTrace) {
    for (TraceFormat format : {TraceFormat::json, TraceFormat::cbor}) {
        Executor ex;
        Recorder recorder(ex, format);
        recorder.finish();
        TraceModel m = load_trace_bytes(recorder.bytes(), "empty");
        EXPECT_TRUE(m.events.empty());
        EXPECT_TRUE(m.tasks.empty());
        EXPECT_EQ(m.summary.end_ns, 0);
    }
}

TEST(trace_file, TheScenarioCanBeSetUntilTheFirstEvent) {
    Executor ex;
    Recorder recorder(ex, TraceFormat::json);
    recorder.set_scenario({"lesson", "lessons/one.json", 42});
    ex.spawn(delay(1ms));
    EXPECT_THROW(recorder.set_scenario({}), std::logic_error);
    recorder.finish(ex.run_all());
    TraceModel m = load_trace_bytes(recorder.bytes(), "memory");
    EXPECT_EQ(m.scenario, (ScenarioInfo{"lesson", "lessons/one.json", 42}));
}

} // namespace
} // namespace futurescope::trace
