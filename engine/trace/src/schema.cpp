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

using enum Field;

constexpr std::array<FieldSpec, field_count> field_specs{{
    {"task", Slot::task, FieldType::id32, false},
    {"target", Slot::task, FieldType::id32, false},
    {"future", Slot::future, FieldType::id32, false},
    {"parent", Slot::ref, FieldType::id32, false},
    {"source_id", Slot::ref, FieldType::id32, false},
    {"timer", Slot::ref, FieldType::id32, false},
    {"socket", Slot::ref, FieldType::id32, false},
    {"channel", Slot::ref, FieldType::id32, false},
    {"peer", Slot::peer, FieldType::id32, false},
    {"deadline_ns", Slot::num, FieldType::int64, false},
    {"from_ns", Slot::num, FieldType::int64, false},
    {"to_ns", Slot::num2, FieldType::int64, false},
    {"bytes", Slot::num, FieldType::count, false},
    {"name", Slot::text, FieldType::text, false},
    {"state", Slot::text, FieldType::text, false},
    {"from", Slot::text, FieldType::text, false},
    {"to", Slot::text2, FieldType::text, false},
    {"value", Slot::text, FieldType::text, true},
    {"via", Slot::text, FieldType::text, true},
    {"local", Slot::text, FieldType::text, true},
    {"remote", Slot::text2, FieldType::text, true},
    {"message", Slot::text, FieldType::text, false},
    {"panic", Slot::text2, FieldType::text, true},
    {"diag", Slot::text2, FieldType::text, false},
    {"detail", Slot::text3, FieldType::text, true},
    {"result", Slot::code, FieldType::poll_result, false},
    {"outcome", Slot::code, FieldType::unpark_outcome, false},
    {"source", Slot::source, FieldType::source_kind, false},
    {"daemon", Slot::flag, FieldType::boolean, false},
    {"blocking", Slot::flag, FieldType::boolean, false},
    {"worker", Slot::num, FieldType::id32, true},
    {"stolen_from", Slot::ref, FieldType::id32, true},
    {"on", Slot::text, FieldType::text, false},
    {"held", Slot::text3, FieldType::text, true},
}};

constexpr std::array spawn_fields{task, name, daemon, parent};
constexpr std::array poll_begin_fields{task, worker, stolen_from};
constexpr std::array wait_fields{task, on};
constexpr std::array poll_end_fields{task, result};
constexpr std::array enter_fields{task, future, state};
constexpr std::array exit_fields{task, future, result, value};
constexpr std::array state_fields{task, future, from, to, held};
constexpr std::array future_fields{task, future};
constexpr std::array unpark_fields{target, source, source_id, via, outcome};
constexpr std::array timer_set_fields{timer, deadline_ns, task};
constexpr std::array timer_fields{timer, task};
constexpr std::array clock_fields{from_ns, to_ns, blocking};
constexpr std::array net_fields{task, socket, peer, bytes, local, remote, detail};
constexpr std::array chan_fields{task, channel, value, detail};
constexpr std::array complete_fields{task, result, value, panic};
constexpr std::array diag_fields{diag, task, future, message};

constexpr std::array<KindSpec, event_kind_count> kind_specs{{
    {"spawn", spawn_fields},
    {"poll_begin", poll_begin_fields},
    {"poll_end", poll_end_fields},
    {"enter", enter_fields},
    {"exit", exit_fields},
    {"state", state_fields},
    {"drop", future_fields},
    {"park", future_fields},
    {"unpark", unpark_fields},
    {"timer_set", timer_set_fields},
    {"timer_cancel", timer_fields},
    {"timer_fire", timer_fields},
    {"clock", clock_fields},
    {"listen", net_fields},
    {"connect", net_fields},
    {"accept", net_fields},
    {"send", net_fields},
    {"deliver", net_fields},
    {"close", net_fields},
    {"reset", net_fields},
    {"tls", net_fields},
    {"partition", net_fields},
    {"heal", net_fields},
    {"hold", net_fields},
    {"release", net_fields},
    {"crash", net_fields},
    {"restart", net_fields},
    {"chan_send", chan_fields},
    {"chan_recv", chan_fields},
    {"chan_full", chan_fields},
    {"chan_close", chan_fields},
    {"chan_cancel", chan_fields},
    {"complete", complete_fields},
    {"diag", diag_fields},
    {"wait", wait_fields},
}};

constexpr std::array<std::string_view, 4> poll_result_names{"not_ready", "ready", "err", "end"};
constexpr std::array<std::string_view, 3> unpark_outcome_names{"queued", "coalesced", "ignored"};
constexpr std::array<std::string_view, 5> source_kind_names{
    "external", "task", "timer", "io", "channel"};

template <std::size_t N>
std::string_view name_of(const std::array<std::string_view, N> &names, std::uint8_t code) {
    return code < N ? names[code] : std::string_view("?");
}

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

const FieldSpec &field_spec(Field f) noexcept { return field_specs[static_cast<std::size_t>(f)]; }

bool find_field(std::string_view key, Field &out) noexcept {
    for (std::size_t i = 0; i < field_specs.size(); ++i) {
        if (field_specs[i].name == key) {
            out = static_cast<Field>(i);
            return true;
        }
    }
    return false;
}

const KindSpec &kind_spec(EventKind kind) noexcept {
    return kind_specs[static_cast<std::size_t>(kind)];
}

std::string_view poll_result_name(std::uint8_t code) noexcept {
    return name_of(poll_result_names, code);
}
std::string_view unpark_outcome_name(std::uint8_t code) noexcept {
    return name_of(unpark_outcome_names, code);
}
std::string_view source_kind_name(std::uint8_t code) noexcept {
    return name_of(source_kind_names, code);
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
