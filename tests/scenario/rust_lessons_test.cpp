// The lessons in the Rust form: each `.rs` lesson records the same trace as its JSON form apart
// from the source locations, and the tutorial's Hello, World! runs as written.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <regex>
#include <sstream>
#include <string>

#include "futurescope/scenario/scenario.hpp"
#include "futurescope/trace/trace.hpp"

namespace {

namespace fs = std::filesystem;
using namespace futurescope;
using scenario::RunOptions;
using scenario::Scenario;

const fs::path lessons_dir = FUTURESCOPE_LESSONS_DIR;

std::string read(const fs::path &p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The JSON trace of a run, with every future's source and the file's name blanked.
std::string trace_without_sources(const Scenario &s) {
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
    static const std::regex source(R"re("source":"[^"]*")re");
    static const std::regex name(R"re("file":"[^"]*")re");
    return std::regex_replace(
        std::regex_replace(bytes, source, "\"source\":\"\""), name, "\"file\":\"\"");
}

} // namespace

TEST(rust_lessons, EachRustLessonRecordsTheTraceOfItsJsonForm) {
    int compared = 0;
    for (const auto &entry : fs::directory_iterator(lessons_dir)) {
        const fs::path rs = entry.path();
        fs::path json = fs::path(rs).replace_extension(".json");
        if (rs.extension() != ".rs" || !fs::exists(json)) {
            continue;
        }
        Scenario a = Scenario::load(json);
        Scenario b = Scenario::load(rs);
        EXPECT_EQ(a.name(), b.name()) << rs;
        EXPECT_EQ(a.title(), b.title()) << rs;
        EXPECT_EQ(a.description(), b.description()) << rs;
        EXPECT_EQ(a.narration().size(), b.narration().size()) << rs;
        EXPECT_EQ(a.rejection() != nullptr, b.rejection() != nullptr) << rs;
        if (a.rejection() == nullptr) {
            EXPECT_EQ(trace_without_sources(a), trace_without_sources(b)) << rs;
        }
        ++compared;
    }
    EXPECT_GE(compared, 25);
}

TEST(rust_lessons, TheTutorialsHelloWorldRunsAsWritten) {
    // The tutorial's first program, completed where its text is cut off.
    const char *text = R"(//! Hello, World!
extern crate futures;
extern crate tokio_core;
extern crate tokio_tls;

use std::net::ToSocketAddrs;

use futures::Future;
use tokio_core::reactor::Core;
use tokio_core::net::TcpStream;
use tokio_tls::ClientContext;

fn main() {
    let mut core = Core::new().unwrap();
    let addr = "www.rust-lang.org:443".to_socket_addrs().unwrap().next().unwrap();

    let socket = TcpStream::connect(&addr, &core.handle());

    let tls_handshake = socket.and_then(|socket| {
        let cx = ClientContext::new().unwrap();
        cx.handshake("www.rust-lang.org", socket)
    });
    let request = tls_handshake.and_then(|socket| {
        tokio_core::io::write_all(socket, "\
            GET / HTTP/1.0\r\n\
            Host: www.rust-lang.org\r\n\
            \r\n\
        ".as_bytes())
    });
    let response = request.and_then(|(socket, _)| {
        tokio_core::io::read_to_end(socket, Vec::new())
    });

    let (_, data) = core.run(response).unwrap();
    println!("{}", String::from_utf8_lossy(&data));
}
)";
    Scenario s = Scenario::parse(text, "hello.rs");
    auto out = s.run({});
    ASSERT_GE(out.tasks.size(), 1u);
    const TaskView &main = out.tasks[0];
    EXPECT_EQ(main.name, "main");
    EXPECT_EQ(main.outcome, PollOutcome::ready);
    EXPECT_EQ(main.result.rfind("(<tls stream>, \"HTTP/1.0 200 OK\\r\\n", 0), 0u) << main.result;
    EXPECT_EQ(main.completed_ns, 123844000);
    EXPECT_EQ(main.polls, 5u);
    EXPECT_EQ(main.unparks, 4u);
}

TEST(rust_lessons, AProgramThatNeverRunsItsFuturesPollsNothing) {
    // Futures are lazy: built and dropped, they never run; only the spawned task is polled.
    const char *text = "//! lazy\nfn main() {\n    let mut core = Core::new().unwrap();\n"
                       "    let handle = core.handle();\n"
                       "    let never = Timeout::new(Duration::from_millis(10), &handle);\n"
                       "    core.run(futures::ok(1)).unwrap();\n}\n";
    Scenario s = Scenario::parse(text, "lazy.rs");
    auto out = s.run({});
    ASSERT_EQ(out.tasks.size(), 1u);
    EXPECT_EQ(out.tasks[0].completed_ns, 0);
    EXPECT_EQ(out.report.end_ns, 0);
}

TEST(rust_lessons, FmtPrintsEachConvertedLessonAsRustThatRecordsTheSameTrace) {
    int printed = 0;
    for (const auto &entry : fs::directory_iterator(lessons_dir)) {
        const fs::path json = entry.path();
        // The lessons converted to the Rust form: a lesson added since may use what the Rust
        // form cannot say yet.
        if (json.extension() != ".json" || !fs::exists(fs::path(json).replace_extension(".rs"))) {
            continue;
        }
        const std::string text = read(json);
        std::string rust = scenario::format_rust(text, json.string());
        fs::path as_rs = fs::path(json).replace_extension(".rs");
        Scenario a = Scenario::parse(text, json.string());
        Scenario b = Scenario::parse(rust, as_rs.string());
        EXPECT_EQ(a.name(), b.name()) << json;
        EXPECT_EQ(a.title(), b.title()) << json;
        if (a.rejection() == nullptr) {
            EXPECT_EQ(trace_without_sources(a), trace_without_sources(b)) << json << "\n" << rust;
        }
        ++printed;
    }
    EXPECT_GE(printed, 25);
}

TEST(rust_lessons, MangledLessonsFailWithAMessageNeverACrash) {
    // Deleting, duplicating and replacing bytes of every lesson: each result loads or fails with
    // a ScenarioError that names the file (the Send check's names it on its second line).
    std::mt19937 rng(20261204);
    const std::string bytes = "(){}[]<>|,;:.=!&?#\"'/ \nabz09_";
    int loaded = 0;
    for (const auto &entry : fs::directory_iterator(lessons_dir)) {
        if (entry.path().extension() != ".rs") {
            continue;
        }
        const std::string text = read(entry.path());
        for (int i = 0; i < 60; ++i) {
            std::string t = text;
            for (int k = 0; k < 3; ++k) {
                std::size_t at = rng() % t.size();
                switch (rng() % 3) {
                case 0:
                    t.erase(at, 1 + rng() % 8);
                    break;
                case 1:
                    t.insert(at, t.substr(rng() % t.size(), 1 + rng() % 16));
                    break;
                default:
                    t[at] = bytes[rng() % bytes.size()];
                }
            }
            try {
                (void)Scenario::parse(t, "m.rs");
                ++loaded;
            } catch (const scenario::ScenarioError &e) {
                EXPECT_NE(std::string(e.what()).find("m.rs:"), std::string::npos) << e.what();
            }
        }
    }
    EXPECT_GE(loaded, 0);
}

TEST(rust_lessons, EveryFuturesSourceInATraceLocatesItsRustCode) {
    // The viewer highlights a future's code by its source: every span of every .rs lesson's
    // trace must name code of the file.
    static const std::regex source(R"re("source":"([0-9]+:[0-9]+-[0-9]+:[0-9]+)")re");
    for (const auto &entry : fs::directory_iterator(lessons_dir)) {
        if (entry.path().extension() != ".rs") {
            continue;
        }
        const std::string text = read(entry.path());
        Scenario s = Scenario::parse(text, entry.path().string());
        if (s.rejection() != nullptr) {
            continue;
        }
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
        int spans = 0;
        for (auto it = std::sregex_iterator(bytes.begin(), bytes.end(), source);
             it != std::sregex_iterator();
             ++it) {
            const std::string span = (*it)[1].str();
            auto r = scenario::locate_source(text, span);
            ASSERT_TRUE(r.has_value()) << entry.path() << " " << span;
            EXPECT_LT(r->begin, r->end) << entry.path() << " " << span;
            ++spans;
        }
        EXPECT_GT(spans, 0) << entry.path();
    }
}

TEST(rust_lessons, FmtPrintsAFutureWrittenByHandAsItsStructAndImpl) {
    // Field types come from the first value the file makes the type with, the Item type from
    // the poll's answers; the poll's last answer is its tail expression.
    const std::string json = R"({"version": 1, "name": "t", "title": "t",
      "types": [{"struct": "Twice", "impl": "Stream", "fields": ["left", "timer"], "poll": [
        {"if": {"eq": [{"field": "left"}, 0]}, "then": [{"return": {"none": {}}}]},
        {"match": "timer", "arms": [
          {"pattern": "ready", "bind": "_", "body": [
            {"set": "left", "value": {"sub": [{"field": "left"}, 1]}},
            {"set": "timer", "value": {"delay": 5}},
            {"let": "now", "value": {"now_ms": {}}},
            {"return": {"some": {"var": "now"}}}]},
          {"pattern": "not_ready", "body": [{"return": {"not_ready": {}}}]},
          {"pattern": "err", "bind": "e", "body": [{"return": {"err": {"var": "e"}}}]}]},
        {"print": "never"},
        {"return": {"not_ready": {}}}]}],
      "tasks": [{"name": "main", "future": {"chain": [{"new": {"Twice": {"left": 2,
        "timer": {"delay": 5}}}}, {"collect": {}}]}}]})";
    const std::string rust = scenario::format_rust(json, "t.json");
    const std::size_t from = rust.find("struct Twice");
    const std::size_t to = rust.find("fn main()");
    ASSERT_NE(from, std::string::npos);
    ASSERT_NE(to, std::string::npos);
    EXPECT_EQ(rust.substr(from, to - from), R"(struct Twice {
    left: u64,
    timer: Delay,
}

impl Stream for Twice {
    type Item = u64;
    type Error = ();

    fn poll(&mut self) -> Poll<Option<u64>, ()> {
        if self.left == 0 {
            return Ok(Async::Ready(None));
        }
        match self.timer.poll() {
            Ok(Async::Ready(_)) => {
                self.left = self.left - 1;
                self.timer = Delay::new(Duration::from_millis(5));
                let now = now_ms();
                return Ok(Async::Ready(Some(now)));
            }
            Ok(Async::NotReady) => return Ok(Async::NotReady),
            Err(e) => return Err(e),
        }
        println!("never");
        Ok(Async::NotReady)
    }
}

)");
    EXPECT_NE(rust.find("    let main = Twice { left: 2, timer: Timeout::new("), std::string::npos);
}
