// libFuzzer target: a trace that loads (JSON or CBOR) exported to the Chrome Trace Event format,
// in both vocabularies, to a stream and through the atomic file writer. A trace the loader
// accepts must export without a crash (DESIGN.md, "Command line": `export --chrome`).
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>

#include <unistd.h>

#include "futurescope/trace/trace.hpp"

namespace {

namespace fs = std::filesystem;

// One directory per process (libFuzzer's -jobs/-fork run several), removed at exit.
const fs::path &temp_dir() {
    static const fs::path dir = [] {
        fs::path d = fs::temp_directory_path() /
                     ("futurescope-fuzz-chrome-" + std::to_string(static_cast<long>(::getpid())));
        fs::create_directories(d);
        std::atexit([] {
            std::error_code ec;
            fs::remove_all(temp_dir(), ec);
        });
        return d;
    }();
    return dir;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    using namespace futurescope;
    const std::string_view bytes(reinterpret_cast<const char *>(data), size);
    trace::TraceModel model;
    try {
        model = trace::load_trace_bytes(bytes, "fuzz.trace");
    } catch (const trace::TraceError &) {
        return 0; // the trace target covers the loader's errors
    }
    std::ostringstream out;
    trace::export_chrome(model, out, trace::Vocabulary::futures01);
    std::ostringstream modern;
    trace::export_chrome(model, modern, trace::Vocabulary::modern);
    trace::export_chrome(model, temp_dir() / "out.json");
    return 0;
}
