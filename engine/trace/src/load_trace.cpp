// Reading a trace file into a TraceModel through nlohmann's SAX interface: events go straight
// into the model's vector, never through a DOM. Every problem becomes one TraceError line naming
// the file, the place (line:column for JSON text, the byte for CBOR), the JSON pointer path and
// what was expected.
//
// The loader's parts: mapped_file (the bytes), loader.hpp (the SAX handler, whose members are
// spread over loader, load_tables, load_containers, load_references and load_messages),
// load_keys (the document's keys) and load_values (scalars as messages show them).

#include <new>
#include <string>
#include <string_view>

#include "futurescope/trace/trace_model.hpp"
#include "loader.hpp"
#include "mapped_file.hpp"

namespace futurescope::trace {

TraceModel load_trace_bytes(std::string_view bytes, std::string_view name) {
    std::size_t i = 0;
    while (i < bytes.size() &&
           (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\n' || bytes[i] == '\r')) {
        ++i;
    }
    if (i == bytes.size()) {
        throw TraceError(std::string(name) + ": the file is empty");
    }
    auto first = static_cast<unsigned char>(bytes[i]);
    bool cbor;
    if (first == '{') {
        cbor = false;
    } else if (i == 0 && first >= 0xa0 && first <= 0xbf) {
        cbor = true;
    } else {
        throw TraceError(std::string(name) +
                         ": not a trace: expected JSON text ('{') or CBOR (a "
                         "map) at byte " +
                         std::to_string(i));
    }
    try {
        load_detail::Loader loader(bytes, name, cbor);
        return loader.load();
    } catch (const std::bad_alloc &) {
        throw TraceError(std::string(name) + ": not enough memory to load the trace");
    }
}

TraceModel load_trace(const std::filesystem::path &path) {
    load_detail::MappedFile file(path);
    return load_trace_bytes(file.bytes(), path.string());
}

} // namespace futurescope::trace
