// What every part of the trace library shares: the kinds of events a trace holds, the scenario
// block, the two encodings of a trace file and the one error type that reading or writing a trace
// throws. Nothing here pulls in a JSON library: includers stay cheap to compile.
//
// The document (the same in JSON and CBOR; top-level keys in this order, events first because
// they are written as they happen and the tables are complete only at the end):
//   {"format": "futurescope-trace", "version": 1,
//    "scenario": {"name", "file", "seed"},
//    "events": [{"seq", "t", "kind", …the kind's fields}, …],       seq 0, 1, 2 …; t in ns
//    "tasks": [{"id", "name", "daemon", "parent", "root"}, …],       id = index + 1
//    "futures": [{"id", "task", "parent", "kind", "label", "states": [names]}, …],
//    "channels": [{"id", "kind", "capacity", "task", "name"}, …],  optional when reading;
//                "name" (what a scenario calls the channel) only when it has one
//    "summary": {"end_ns", "steps", "stop" (or null),
//                "tasks": [{"id", "polls", "unparks", "completed_ns" (or null),
//                           "result": {"ok"|"err"|"panic": text} (or null), "stuck" (or null)}],
//                "diagnostics": [{"kind", "task", "future", "message"}]}}
// The fields of each event kind are in engine/trace/src/schema.cpp (one table for writer and
// reader).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace futurescope::trace {

// The version this build writes and the only one it reads. A change of the document's meaning
// bumps it; readers name both numbers when they meet another.
inline constexpr int trace_version = 1;
inline constexpr std::string_view trace_format_name = "futurescope-trace";

// Every kind of event (DESIGN.md, "Trace files"). The names in the file are to_string(kind).
enum class EventKind : std::uint8_t {
    spawn,
    poll_begin,
    poll_end,
    enter,
    exit,
    state,
    drop,
    park,
    unpark,
    timer_set,
    timer_cancel,
    timer_fire,
    clock,
    listen,
    connect,
    accept,
    send,
    deliver,
    close,
    reset,
    tls,
    partition, // the network's faults: a link's partition and heal, hold and release,
    heal,      // a host's crash and restart
    hold,
    release,
    crash,
    restart,
    chan_send,
    chan_recv,
    chan_full,
    chan_close,
    chan_cancel,
    complete,
    diag,
    wait, // after a not_ready poll_end: what holds the task's handle ("who will wake me")
};
inline constexpr std::size_t event_kind_count = 35;

[[nodiscard]] std::string_view to_string(EventKind kind) noexcept;
[[nodiscard]] std::optional<EventKind> parse_event_kind(std::string_view name) noexcept;
// True for the virtual network's kinds (listen … tls, and its faults partition … restart).
[[nodiscard]] constexpr bool is_net_event(EventKind kind) noexcept {
    return kind >= EventKind::listen && kind <= EventKind::restart;
}
// True for the channel kinds (chan_send … chan_cancel).
[[nodiscard]] constexpr bool is_channel_event(EventKind kind) noexcept {
    return kind >= EventKind::chan_send && kind <= EventKind::chan_cancel;
}

// Where a trace comes from; set by whoever runs the program (the scenario loader, a test).
struct ScenarioInfo {
    std::string name;
    std::string file;
    std::uint64_t seed = 0;

    friend bool operator==(const ScenarioInfo &, const ScenarioInfo &) = default;
};

// The two encodings of the same document: JSON text, and CBOR (RFC 8949) for large traces.
enum class TraceFormat : std::uint8_t { json, cbor };

// The encoding a path asks for, by its extension: ".json" → JSON, ".cbor" → CBOR (case does not
// matter). Anything else throws TraceError naming the path.
[[nodiscard]] TraceFormat trace_format_for_path(const std::filesystem::path &path);

// A trace could not be read or written. The message is one line, stable text that tests match:
//   bad.json:3:14: /events/0/t: expected an integer, found "abc"
//   bad.cbor: byte 12: /events/0/t: expected an integer, found "abc"
//   out.json: cannot create the file: No such file or directory
class TraceError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

} // namespace futurescope::trace
