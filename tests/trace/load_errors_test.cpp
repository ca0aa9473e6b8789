// The loader's answer to bad input: malformed, truncated, wrong-type, enormous or deeply nested
// traces each give one exact line naming the file, the place (line:column for JSON text, the
// byte for CBOR), the JSON pointer path and what was expected — never a crash or a hang.
// The JSON cases are files under tests/data/traces/bad/, each a small change to
// tests/data/traces/good/minimal.json (t_below_int64.cbor is minimal.json in CBOR with one
// integer no JSON text can carry); the other CBOR cases are built here byte by byte. The
// reference cases (ids, states, parents) are what the viewer would otherwise crash on or draw
// wrongly.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "trace/trace_support.hpp"

namespace futurescope::trace {
namespace {
using namespace std::string_literals;

const std::filesystem::path data_dir = FUTURESCOPE_TRACE_TEST_DATA;

std::string load_error(const std::filesystem::path &path) {
    try {
        (void)load_trace(path);
    } catch (const TraceError &e) {
        return e.what();
    }
    return "(loaded)";
}

std::string load_error(const std::string &bytes, const std::string &name) {
    try {
        (void)load_trace_bytes(bytes, name);
    } catch (const TraceError &e) {
        return e.what();
    }
    return "(loaded)";
}

TEST(load_trace, TheMinimalTraceLoads) {
    TraceModel m = load_trace(data_dir / "good" / "minimal.json");
    ASSERT_EQ(m.events.size(), 6u);
    EXPECT_EQ(describe_event(m, m.events[3]), "exit task=1 future=1 result=ready value=\"7\"");
    EXPECT_EQ(m.events[3].t, 5);
    EXPECT_TRUE(m.channels.empty()); // the table is optional
    EXPECT_EQ(m.str(m.futures[0].kind), "PollFn");
    EXPECT_EQ(m.scenario.name, "minimal");
}

struct BadFile {
    const char *name;
    const char *message; // after the file's path
};

// One line each; the place is where the offending value starts.
const BadFile bad_files[] = {
    {"bad_result.json",
     ":8:52: /events/4/result: expected one of not_ready, ready, err, end, found \"maybe\""},
    {"bad_task_id.json",
     ":11:16: /tasks/0/id: expected 1 (ids count from 1 in table order), found 2"},
    {"bad_utf8.json",
     ":9:69: /events/5/value: syntax error while parsing value - invalid string: ill-formed "
     "UTF-8 byte; last read: '\"\xef\xbf\xbd'"},
    {"channel_name_not_text.json", ":13:64: /channels/0/name: expected a string, found 7"},
    {"channel_unknown.json", ": /events/4/channel: no channel 2 in /channels (it has 1)"},
    {"dangling_future.json", ": /events/3/future: no future 9 in /futures (it has 1)"},
    {"duplicate_key.json", ":5:45: /events/1/task: duplicate key"},
    {"empty.json", ": the file is empty"},
    {"enter_task_unknown.json", ": /events/2/task: no task 2 in /tasks (it has 1)"},
    {"events_object.json", ":3:10: /events: expected an array, found an object"},
    {"future_negative.json",
     ":6:49: /events/2/future: expected an integer from 0 to 4294967295, found -1"},
    {"future_parent_cycle.json", ": /futures/0/parent: future 1 is its own ancestor (1 -> 2 -> 1)"},
    {"future_parent_self.json", ": /futures/0/parent: future 1 is its own parent"},
    {"missing_kind.json", ":5:24: /events/1: missing key \"kind\""},
    {"missing_result.json",
     ":8:42: /events/4: missing key \"result\" (a poll_end event has task, result)"},
    {"missing_summary.json", ":12:89: /: missing key \"summary\""},
    {"name_is_number.json", ":4:47: /events/0/name: expected a string, found 7"},
    {"not_json.json", ": not a trace: expected JSON text ('{') or CBOR (a map) at byte 0"},
    {"poll_begin_task_0.json", ": /events/1/task: no task 0 in /tasks (it has 1)"},
    {"seq_gap.json",
     ":6:8: /events/2/seq: expected 2 (events are numbered in order from 0), found 3"},
    {"state_unknown.json",
     ": /events/3/to: expected a state of future 1 (PollFn: polling), found \"done\""},
    {"states_not_text.json", ":12:87: /futures/0/states/1: expected a string, found 3"},
    {"stuck_not_text.json",
     ":14:85: /summary/tasks/0/stuck: expected a string or null, found false"},
    {"t_below_int64.cbor",
     ": byte 217: /events/3/t: expected a non-negative integer, found -18446744073709551616"},
    {"t_enormous.json",
     ":7:14: /events/3/t: expected a non-negative integer, found 99999999999999999999999"},
    {"t_goes_back.json",
     ":8:14: /events/4/t: expected at least 5 (time never goes backwards), found 4"},
    {"t_is_float.json", ":7:14: /events/3/t: expected a non-negative integer, found 5.5"},
    {"t_is_text.json", ":4:14: /events/0/t: expected a non-negative integer, found \"abc\""},
    {"task_too_big.json",
     ":5:43: /events/1/task: expected an integer from 0 to 4294967295, found 4294967296"},
    {"top_level_array.json", ": not a trace: expected JSON text ('{') or CBOR (a map) at byte 0"},
    {"trailing_data.json",
     ":16:1: /: syntax error while parsing value - invalid literal; last read: "
     "'\"diagnostics\":[]}}<U+000A>x'; expected end of input"},
    {"truncated.json",
     ":6:26: /events/2/kind: syntax error while parsing value - invalid string: missing "
     "closing quote; last read: '\"en'"},
    {"two_results.json",
     ":14:76: /summary/tasks/0/result/err: a result has one key only: \"ok\", \"err\" or "
     "\"panic\""},
    {"unknown_kind.json", ":5:23: /events/1/kind: expected an event kind, found \"poll_start\""},
    {"version_2.json", ":1:41: /version: unsupported trace version 2 (this build reads version 1)"},
    {"version_text.json", ":1:41: /version: expected an integer, found \"1\""},
    {"wrong_format.json", ":1:11: /format: expected \"futurescope-trace\", found \"chrome-trace\""},
};

std::string repeat(std::string_view s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) {
        out += s;
    }
    return out;
}

TEST(load_trace, EachBadJsonFileGivesItsExactMessage) {
    std::size_t files = 0;
    for (const auto &entry : std::filesystem::directory_iterator(data_dir / "bad")) {
        (void)entry;
        ++files;
    }
    // Every file of the directory is in the table (or the deep one below).
    EXPECT_EQ(files, std::size(bad_files) + 1);
    EXPECT_GE(std::size(bad_files), 15u);
    for (const BadFile &bad : bad_files) {
        std::filesystem::path path = data_dir / "bad" / bad.name;
        ASSERT_TRUE(std::filesystem::exists(path)) << path;
        EXPECT_EQ(load_error(path), path.string() + bad.message);
    }
    // 100 nested arrays: the 64th level is the last one read.
    std::filesystem::path deep = data_dir / "bad" / "deep_nesting.json";
    EXPECT_EQ(load_error(deep),
              deep.string() + ":2:72: /extra" + repeat("/0", 63) +
                  ": nesting deeper than 64 levels");
}

TEST(load_trace, AMissingFileOrADirectorySaysSo) {
    EXPECT_EQ(load_error(data_dir / "no-such.json"),
              (data_dir / "no-such.json").string() + ": cannot open: No such file or directory");
    EXPECT_EQ(load_error(data_dir / "bad"),
              (data_dir / "bad").string() + ": cannot open: Is a directory");
}

std::string key(const std::string &s) {
    return std::string(1, static_cast<char>(0x60 + s.size())) + s;
}

TEST(load_trace, BadCborGivesTheByteWhereTheValueStarts) {
    const std::pair<std::string, std::string> cases[] = {
        {"\xa1"s + key("format") + "\x05"s,
         "x.cbor: byte 8: /format: expected \"futurescope-trace\", found 5"},
        {"\xa1"s + key("format") +
             "\x41"
             "a"s,
         "x.cbor: byte 8: /format: expected \"futurescope-trace\", found binary data"},
        {"\xa2"s + key("format") +
             "\x71"
             "futurescope-trace"s +
             key("version") + "\x02"s,
         "x.cbor: byte 34: /version: unsupported trace version 2 (this build reads version 1)"},
        {"\xa1"s + key("version") + "\xfb\x3f\xf8\x00\x00\x00\x00\x00\x00"s,
         "x.cbor: byte 9: /version: expected an integer, found 1.5"},
        // A head may claim more than the input holds: the input ends first.
        {"\xa1"s + key("events") + "\x9b\x7f\xff\xff\xff\xff\xff\xff\xff"s,
         "x.cbor: byte 17: /events/0: syntax error while parsing CBOR value: unexpected end of "
         "input"},
        {"\xa1"s + key("format") + "\x7b\x7f\xff\xff\xff\xff\xff\xff\xff"s,
         "x.cbor: byte 17: /format: syntax error while parsing CBOR string: unexpected end of "
         "input"},
        {"\xa1"s + key("x") + std::string(100, '\x81') + "\x00"s,
         "x.cbor: byte 66: /x" + repeat("/0", 63) + ": nesting deeper than 64 levels"},
        {"\xa1\x01\x02"s,
         "x.cbor: byte 1: /: syntax error while parsing CBOR string: expected length "
         "specification (0x60-0x7B) or indefinite string type (0x7F); last byte: 0x01"},
        {"\xa1"s + key("format") + "\xc0\x01"s,
         "x.cbor: byte 8: /format: syntax error while parsing CBOR value: invalid byte: 0xC0"},
        // CBOR's negative integers reach -2^64: below -2^63 they are out of range, not wrapped.
        {"\xa1"s + key("version") + "\x3b\x80\x00\x00\x00\x00\x00\x00\x00"s,
         "x.cbor: byte 9: /version: expected an integer, found -9223372036854775809"},
        {"\xa1"s + key("version") + "\x3b\x7f\xff\xff\xff\xff\xff\xff\xff"s,
         "x.cbor: byte 9: /version: unsupported trace version -9223372036854775808 (this build "
         "reads version 1)"},
        {"\xa1"s + key("version") + "\x3b\xff\xff\xff\xff\xff\xff\xff\xff"s,
         "x.cbor: byte 9: /version: expected an integer, found -18446744073709551616"},
        {"\xa0"s, "x.cbor: byte 1: /: missing key \"format\""},
        {"\x82\x01\x02"s,
         "x.cbor: not a trace: expected JSON text ('{') or CBOR (a map) at byte 0"},
    };
    for (const auto &[bytes, message] : cases) {
        EXPECT_EQ(load_error(bytes, "x.cbor"), message);
    }
}

TEST(load_trace, TruncatedCborNamesWhereItEnds) {
    std::string cbor = testing::record_bytes(
        [](Executor &ex) { ex.spawn(delay(std::chrono::milliseconds(1))); }, TraceFormat::cbor);
    EXPECT_EQ(load_error(cbor.substr(0, 200), "cut.cbor"),
              "cut.cbor: byte 200: /events/2/kind: syntax error while parsing CBOR string: "
              "unexpected end of input");
}

// Every prefix of a trace, in both encodings, is an error with a message — never a crash.
TEST(load_trace, EveryTruncationIsAnError) {
    auto program = [](Executor &ex) {
        ex.spawn(join(delay(std::chrono::milliseconds(2)), delay(std::chrono::milliseconds(1))));
    };
    for (TraceFormat format : {TraceFormat::json, TraceFormat::cbor}) {
        std::string whole = testing::record_bytes(program, format);
        ASSERT_NO_THROW((void)load_trace_bytes(whole, "whole"));
        // The JSON text ends with a newline that is not needed.
        std::size_t needed = format == TraceFormat::json ? whole.size() - 1 : whole.size();
        for (std::size_t n = 0; n < needed; ++n) {
            std::string message = load_error(whole.substr(0, n), "cut");
            ASSERT_EQ(message.rfind("cut: ", 0) == 0 || message.rfind("cut:", 0) == 0, true)
                << n << ": " << message;
            ASSERT_EQ(message.find('\n'), std::string::npos) << n;
        }
    }
}

// Random damage (seeded: the seed is in the failure message) is an error or a valid model.
TEST(load_trace, DamagedTracesNeverCrash) {
    auto program = [](Executor &ex) {
        ex.spawn(join(delay(std::chrono::milliseconds(2)), delay(std::chrono::milliseconds(1))));
    };
    for (TraceFormat format : {TraceFormat::json, TraceFormat::cbor}) {
        std::string whole = testing::record_bytes(program, format);
        for (std::uint32_t seed = 1; seed <= 300; ++seed) {
            std::mt19937 rng(seed);
            std::string damaged = whole;
            int flips = 1 + static_cast<int>(rng() % 4);
            for (int k = 0; k < flips; ++k) {
                damaged[rng() % damaged.size()] = static_cast<char>(rng() & 0xff);
            }
            try {
                TraceModel m = load_trace_bytes(damaged, "damaged");
                // What loads is consistent: every reference resolves.
                for (const TraceEvent &e : m.events) {
                    ASSERT_LE(e.task, m.tasks.size()) << "seed " << seed;
                    ASSERT_LE(e.future, m.futures.size()) << "seed " << seed;
                }
            } catch (const TraceError &e) {
                ASSERT_EQ(std::string(e.what()).find('\n'), std::string::npos) << "seed " << seed;
            }
        }
    }
}

} // namespace
} // namespace futurescope::trace
