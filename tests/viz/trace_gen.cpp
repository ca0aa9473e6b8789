// Writes the traces the viewer's tests open, from small programs run under the Recorder:
//   viz_trace_gen lesson OUT.json        five tasks: joins, a chain, an Err, a oneshot pair
//   viz_trace_gen big OUT.cbor TASKS TICKS   TASKS tasks each counting TICKS interval ticks
//   viz_trace_gen long-name OUT.json CHARS   a task whose name is CHARS characters long
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

#include "futurescope/futures.hpp"
#include "futurescope/streams.hpp"
#include "futurescope/trace/recorder.hpp"

using namespace futurescope;
using namespace std::chrono_literals;

namespace {

void lesson(Executor &ex) {
    ex.spawn(join(delay(30ms).map([] { return 1; }), delay(10ms).map([] { return 2; })),
             {.name = "join"});
    ex.spawn(delay(20ms).and_then([] { return delay(15ms); }).map([] { return 35; }),
             {.name = "chain"});
    ex.spawn(delay(5ms).and_then([] { return err<int>(std::string("boom")); }), {.name = "fails"});
    auto [tx, rx] = oneshot<int>();
    ex.spawn(std::move(rx).map([](int v) { return v + 1; }), {.name = "receiver"});
    ex.spawn(delay(25ms).map([tx = std::move(tx)]() mutable { (void)std::move(tx).send(41); }),
             {.name = "sender"});
}

} // namespace

int main(int argc, char **argv) {
    if (argc < 3) {
        std::cerr << "usage: viz_trace_gen lesson OUT.json | big OUT.cbor TASKS TICKS | long-name "
                     "OUT.json "
                     "CHARS\n";
        return 2;
    }
    const std::string mode = argv[1];
    Executor ex;
    trace::Recorder recorder(ex, argv[2], {.name = mode, .file = "", .seed = 1});
    if (mode == "lesson") {
        lesson(ex);
    } else if (mode == "big" && argc == 5) {
        const int tasks = std::atoi(argv[3]);
        const int ticks = std::atoi(argv[4]);
        for (int i = 0; i < tasks; ++i) {
            ex.spawn(interval(std::chrono::milliseconds(1 + i % 7))
                         .take(static_cast<std::uint64_t>(ticks))
                         .for_each([](auto) { return ok(); }),
                     {.name = "ticker-" + std::to_string(i + 1)});
        }
    } else if (mode == "long-name" && argc == 4) {
        // Dear ImGui 1.86 draws with 16-bit indices: one string of more than 16,383 glyphs
        // drawn at once overflows them.
        std::string name(static_cast<std::size_t>(std::atoi(argv[3])), 'n');
        ex.spawn(delay(5ms).map([] { return 1; }), {.name = std::move(name)});
    } else {
        std::cerr << "viz_trace_gen: unknown mode\n";
        return 2;
    }
    RunReport report = ex.run_all();
    recorder.finish(report);
    std::cout << recorder.event_count() << " events\n";
    return 0;
}
