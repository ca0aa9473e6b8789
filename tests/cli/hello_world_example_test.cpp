// examples/hello_world.cpp, run as a learner runs it: the seed's "Hello, World!" prints the page
// the simulated www.rust-lang.org serves, when and in how many polls the program finished, and
// writes a trace that loads back (JSON or CBOR) and a Chrome Trace Event file for Perfetto.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli/cli_support.hpp"
#include "futurescope/net/services.hpp"
#include "futurescope/trace/trace.hpp"

namespace futurescope {
namespace {
using testing::run_command;
using testing::ScratchDir;

const std::string hello_world = FUTURESCOPE_HELLO_WORLD;

// What the program prints before the trace line: the HTTP answer to its GET (the default page
// of a host named www.rust-lang.org), then the completion of task "main". 20 ms each way and no
// bandwidth limit: SYN/SYN-ACK (40 ms, connected), ClientHello / server flight (80 ms, handshake
// done), request / response and close_notify with FIN (120 ms). Polls: the first, connected,
// handshake done, and the response read to its end.
std::string expected_head() {
    const std::string request = "GET / HTTP/1.0\r\nHost: www.rust-lang.org\r\n\r\n";
    return http_response(request, default_page("www.rust-lang.org"), "text/html; charset=utf-8") +
           "\n-- done at 120ms after 4 task-level polls of task main\n";
}

std::string read_file(const std::filesystem::path &p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(hello_world_example, PrintsThePageTheTimeAndThePolls) {
    ScratchDir dir("hello-world");
    const std::string trace_out = (dir.path() / "hello.json").string();
    const std::string chrome_out = (dir.path() / "hello.chrome.json").string();
    const testing::Outcome r = run_command(hello_world + " " + trace_out + " " + chrome_out);
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_EQ(expected_head().substr(0, 17), "HTTP/1.0 200 OK\r\n");

    const trace::TraceModel m = trace::load_trace(trace_out);
    EXPECT_EQ(r.out,
              expected_head() + "-- trace: " + trace_out + " (" + std::to_string(m.events.size()) +
                  " events), Perfetto: " + chrome_out + "\n");
}

TEST(hello_world_example, ItsTraceLoadsBackWithTheRunInIt) {
    ScratchDir dir("hello-world-trace");
    const std::filesystem::path trace_out = dir.path() / "hello.json";
    const std::filesystem::path chrome_out = dir.path() / "hello.chrome.json";
    const testing::Outcome r =
        run_command(hello_world + " " + trace_out.string() + " " + chrome_out.string());
    ASSERT_EQ(r.code, 0) << r.out;

    const trace::TraceModel m = trace::load_trace(trace_out);
    EXPECT_EQ(m.scenario.name, "hello-world");
    EXPECT_EQ(m.summary.end_ns, 120'000'000);
    ASSERT_EQ(m.tasks.size(), 3u);
    EXPECT_EQ(m.task_name(2), "main");
    ASSERT_EQ(m.summary.tasks.size(), 3u);
    EXPECT_EQ(m.summary.tasks[1].polls, 4u);
    EXPECT_EQ(m.summary.tasks[1].completed_ns, 120'000'000);
    std::size_t tls_records = 0;
    for (const trace::TraceEvent &e : m.events) {
        tls_records += e.kind == trace::EventKind::tls ? 1 : 0;
    }
    EXPECT_EQ(tls_records, 11u); // the handshake's records, the request, the response, close

    // The Chrome export is a JSON document of trace events.
    const std::string chrome = read_file(chrome_out);
    ASSERT_FALSE(chrome.empty());
    EXPECT_EQ(chrome.front(), '{');
    EXPECT_NE(chrome.find("\"traceEvents\""), std::string::npos);
}

TEST(hello_world_example, WritesCborByExtensionAndTheSameEvents) {
    ScratchDir dir("hello-world-cbor");
    const std::filesystem::path json_out = dir.path() / "hello.json";
    const std::filesystem::path cbor_out = dir.path() / "hello.cbor";
    const std::filesystem::path chrome_out = dir.path() / "hello.chrome.json";
    ASSERT_EQ(run_command(hello_world + " " + json_out.string() + " " + chrome_out.string()).code,
              0);
    ASSERT_EQ(run_command(hello_world + " " + cbor_out.string() + " " + chrome_out.string()).code,
              0);
    EXPECT_LT(std::filesystem::file_size(cbor_out), std::filesystem::file_size(json_out));
    EXPECT_EQ(trace::first_divergence(trace::load_trace(json_out), trace::load_trace(cbor_out)),
              std::nullopt);
}

TEST(hello_world_example, WritesHelloJsonInTheCurrentDirectoryByDefault) {
    ScratchDir dir("hello-world-default");
    const testing::Outcome r = run_command("cd " + dir.path().string() + " && " + hello_world);
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("-- trace: hello.json ("), std::string::npos) << r.out;
    EXPECT_EQ(trace::load_trace(dir.path() / "hello.json").summary.end_ns, 120'000'000);
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "hello.chrome.json"));
}

} // namespace
} // namespace futurescope
