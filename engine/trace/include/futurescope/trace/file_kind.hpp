// What a file is, told by its content and never by its name: a trace (JSON or CBOR) or
// something else — a scenario, for every command that takes one. `step`, `view`, `check`,
// `run` and `export` all ask here, so a CBOR trace named `.bin` is a trace everywhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

namespace futurescope::trace {

enum class FileKind {
    trace_json, // a JSON document whose "format" is "futurescope-trace"
    trace_cbor, // a CBOR map (the recorder's binary encoding)
    other,      // anything else: a scenario, or not ours at all
};

// The largest trace file the loader reads (load_trace) and the CLI accepts: 4 GiB.
inline constexpr std::uint64_t max_trace_file_bytes = std::uint64_t{4} << 30;

// How many leading bytes file_kind reads: the trace's "format" key comes first.
inline constexpr std::size_t file_kind_head_bytes = 4096;

// Decides from the first bytes of a file (at most file_kind_head_bytes are looked at).
[[nodiscard]] FileKind file_kind_of(std::string_view head) noexcept;

// Reads at most file_kind_head_bytes of `path`; a file that cannot be read is `other` (the
// command that opens it then reports why).
[[nodiscard]] FileKind file_kind(const std::filesystem::path &path);

[[nodiscard]] inline bool is_trace(FileKind k) noexcept { return k != FileKind::other; }

} // namespace futurescope::trace
