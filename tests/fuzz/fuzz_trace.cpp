// libFuzzer target: trace files, JSON and CBOR (told apart by content), through
// trace::load_trace_bytes, then every loaded event through describe_event and wait_holders, as
// `step` prints them. Anything wrong must be a TraceError, never a crash (DESIGN.md, "Trace
// files").
#include <cstdint>
#include <string_view>

#include "futurescope/trace/trace.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    using namespace futurescope;
    const std::string_view bytes(reinterpret_cast<const char *>(data), size);
    try {
        const trace::TraceModel model = trace::load_trace_bytes(bytes, "fuzz.trace");
        for (const trace::TraceEvent &e : model.events) {
            (void)trace::describe_event(model, e);
            if (e.kind == trace::EventKind::wait) {
                (void)trace::wait_holders(model, e);
            }
        }
    } catch (const trace::TraceError &) {
        // The expected answer to a bad trace.
    }
    return 0;
}
