// The event table of the trace format (DESIGN.md, "Trace files"), the names of its enumerations,
// and the extension → encoding rule.
#include "schema.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace futurescope::trace {

namespace {

constexpr std::array<std::string_view, event_kind_count> kind_names{
    "spawn",     "poll_begin", "poll_end",   "enter",        "exit",       "state",   "drop",
    "park",      "unpark",     "timer_set",  "timer_cancel", "timer_fire", "clock",   "listen",
    "connect",   "accept",     "send",       "deliver",      "close",      "reset",   "tls",
    "partition", "heal",       "hold",       "release",      "crash",      "restart", "chan_send",
    "chan_recv", "chan_full",  "chan_close", "chan_cancel",  "complete",   "diag",    "wait",
};

} // namespace

std::string_view to_string(EventKind kind) noexcept {
    auto i = static_cast<std::size_t>(kind);
    return i < kind_names.size() ? kind_names[i] : std::string_view("?");
}

std::optional<EventKind> parse_event_kind(std::string_view name) noexcept {
    for (std::size_t i = 0; i < kind_names.size(); ++i) {
        if (kind_names[i] == name) {
            return static_cast<EventKind>(i);
        }
    }
    return std::nullopt;
}

TraceFormat trace_format_for_path(const std::filesystem::path &path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    if (ext == ".json") {
        return TraceFormat::json;
    }
    if (ext == ".cbor") {
        return TraceFormat::cbor;
    }
    throw TraceError(path.string() + ": unknown trace file extension \"" +
                     path.extension().string() + "\" (use .json or .cbor)");
}

namespace detail {

namespace {

using schema_tables::field_specs;
using schema_tables::poll_result_names;
using schema_tables::source_kind_names;
using schema_tables::unpark_outcome_names;

template <std::size_t N>
bool parse_name(const std::array<std::string_view, N> &names,
                std::string_view s,
                std::uint8_t &out) {
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == s) {
            out = static_cast<std::uint8_t>(i);
            return true;
        }
    }
    return false;
}

} // namespace

bool find_field(std::string_view key, Field &out) noexcept {
    for (std::size_t i = 0; i < field_specs.size(); ++i) {
        if (field_specs[i].name == key) {
            out = static_cast<Field>(i);
            return true;
        }
    }
    return false;
}

bool parse_enum(FieldType type, std::string_view s, std::uint8_t &out) noexcept {
    switch (type) {
    case FieldType::poll_result:
        return parse_name(poll_result_names, s, out);
    case FieldType::unpark_outcome:
        return parse_name(unpark_outcome_names, s, out);
    case FieldType::source_kind:
        return parse_name(source_kind_names, s, out);
    default:
        return false;
    }
}

std::string_view enum_choices(FieldType type) noexcept {
    switch (type) {
    case FieldType::poll_result:
        return "one of not_ready, ready, err, end";
    case FieldType::unpark_outcome:
        return "one of queued, coalesced, ignored";
    case FieldType::source_kind:
        return "one of external, task, timer, io, channel";
    default:
        return "";
    }
}

} // namespace detail

} // namespace futurescope::trace
