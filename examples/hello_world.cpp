// The seed guide's "Hello, World!" in the simulation: connect to www.rust-lang.org:443, TLS
// handshake, write the GET request, read to the end, print the page. The run is recorded into a
// trace (JSON or CBOR by extension), which is loaded back and exported for Perfetto.
//
//   futurescope_hello_world [TRACE_OUT (default hello.json)] [CHROME_OUT (default
//   hello.chrome.json)]
#include <chrono>
#include <cstdio>
#include <exception>
#include <string>
#include <utility>

#include "futurescope/futures.hpp"
#include "futurescope/net/net.hpp"
#include "futurescope/trace/trace.hpp"

using namespace futurescope;
using namespace std::chrono_literals;

int main(int argc, char **argv) {
    const std::string trace_out = argc > 1 ? argv[1] : "hello.json";
    const std::string chrome_out = argc > 2 ? argv[2] : "hello.chrome.json";
    try {
        Executor ex;
        Network net(ex);
        trace::Recorder recorder(ex, trace_out, {.name = "hello-world", .file = "", .seed = 0});
        net.add_host("client", "10.0.0.1");
        net.add_host("www.rust-lang.org", "10.0.0.2");
        net.add_link("client", "www.rust-lang.org", LinkParams{.latency = 20ms});
        net.serve_https("www.rust-lang.org", 443, HttpOptions{});

        // The guide's program, line for line.
        auto socket = TcpStream::connect(net, "www.rust-lang.org:443");
        auto tls_handshake = std::move(socket).and_then([](TcpStream socket) {
            auto cx = ClientContext();
            return cx.handshake("www.rust-lang.org", std::move(socket));
        });
        auto request = std::move(tls_handshake).and_then([](TlsStream socket) {
            return write_all(
                std::move(socket),
                Bytes(std::string("GET / HTTP/1.0\r\nHost: www.rust-lang.org\r\n\r\n")));
        });
        auto response = std::move(request).and_then([](std::pair<TlsStream, Bytes> written) {
            return read_to_end(std::move(written.first), Bytes());
        });

        auto result = ex.run(std::move(response));
        recorder.finish(RunReport{StopReason::completed, ex.now(), ex.steps()});
        if (!result.is_ok()) {
            std::fprintf(stderr, "hello_world: %s\n", result.error().describe().c_str());
            return 1;
        }
        std::printf("%s\n", result.value().second.str().c_str());
        // The service was spawned first (task 1); the program is the task run() named "main".
        for (const TaskView &t : ex.tasks()) {
            if (t.name == "main") {
                std::printf("-- done at %s after %llu task-level polls of task %s\n",
                            format_duration(t.completed_ns).c_str(),
                            static_cast<unsigned long long>(t.polls),
                            t.name.c_str());
            }
        }

        trace::TraceModel model = trace::load_trace(trace_out);
        trace::export_chrome(model, chrome_out);
        std::printf("-- trace: %s (%zu events), Perfetto: %s\n",
                    trace_out.c_str(),
                    model.events.size(),
                    chrome_out.c_str());
    } catch (const std::exception &e) {
        std::fprintf(stderr, "hello_world: %s\n", e.what());
        return 2;
    }
    return 0;
}
