// The fields of each event kind, in the order they are written: one table that the writers, the
// reader, describe_event and the divergence check all follow, so that they cannot disagree about
// what an event holds. Private to the trace library.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>

#include "futurescope/observe/observe.hpp"
#include "futurescope/trace/trace_model.hpp"
#include "futurescope/trace/trace_types.hpp"

namespace futurescope::trace::detail {

// Where a field lives in TraceEvent (and in the writer's EventOut).
enum class Slot : std::uint8_t {
    task,
    future,
    ref,
    peer,
    num,
    num2,
    text,
    text2,
    text3,
    code,
    source,
    flag
};

enum class FieldType : std::uint8_t {
    id32,           // an integer 0 … 2^32-1
    int64,          // any 64-bit signed integer
    count,          // an integer 0 … 2^63-1
    text,           // a string
    boolean,        // true or false
    poll_result,    // "not_ready" | "ready" | "err" | "end"
    unpark_outcome, // "queued" | "coalesced" | "ignored"
    source_kind,    // "external" | "task" | "timer" | "io" | "channel"
};

// Every event field name of the format. The numbering is internal; files carry the names.
enum class Field : std::uint8_t {
    task,
    target,
    future,
    parent,
    source_id,
    timer,
    socket,
    channel,
    peer,
    deadline_ns,
    from_ns,
    to_ns,
    bytes,
    name,
    state,
    from,
    to,
    value,
    via,
    local,
    remote,
    message,
    panic,
    diag,
    detail,
    result,
    outcome,
    source,
    daemon,
    blocking,
    worker,
    stolen_from,
    on,
    held,
};
inline constexpr std::size_t field_count = 34;

struct FieldSpec {
    std::string_view name;
    Slot slot;
    FieldType type;
    bool optional; // written only when its text is not empty, or its number not 0
};

// The field a key names in an event object, or false.
[[nodiscard]] bool find_field(std::string_view key, Field &out) noexcept;

struct KindSpec {
    std::string_view name;
    std::span<const Field> fields; // after seq, t, kind; in written order
};

// The field table and each kind's fields live here, as constants, so that the recorder's writers
// are generated from them at compile time (one specialized writer per kind, encoder.hpp).
namespace schema_tables {
using enum Field;

inline constexpr std::array<FieldSpec, field_count> field_specs{{
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

inline constexpr std::array spawn_fields{task, name, daemon, parent};
inline constexpr std::array poll_begin_fields{task, worker, stolen_from};
inline constexpr std::array wait_fields{task, on};
inline constexpr std::array poll_end_fields{task, result};
inline constexpr std::array enter_fields{task, future, state};
inline constexpr std::array exit_fields{task, future, result, value};
inline constexpr std::array state_fields{task, future, from, to, held};
inline constexpr std::array future_fields{task, future};
inline constexpr std::array unpark_fields{target, source, source_id, via, outcome};
inline constexpr std::array timer_set_fields{timer, deadline_ns, task};
inline constexpr std::array timer_fields{timer, task};
inline constexpr std::array clock_fields{from_ns, to_ns, blocking};
inline constexpr std::array net_fields{task, socket, peer, bytes, local, remote, detail};
inline constexpr std::array chan_fields{task, channel, value, detail};
inline constexpr std::array complete_fields{task, result, value, panic};
inline constexpr std::array diag_fields{diag, task, future, message};

inline constexpr std::array<KindSpec, event_kind_count> kind_specs{{
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

} // namespace schema_tables

[[nodiscard]] constexpr const FieldSpec &field_spec(Field f) noexcept {
    return schema_tables::field_specs[static_cast<std::size_t>(f)];
}
[[nodiscard]] constexpr const KindSpec &kind_spec(EventKind kind) noexcept {
    return schema_tables::kind_specs[static_cast<std::size_t>(kind)];
}

// The names of the enumerations that are written as strings.
namespace schema_tables {
inline constexpr std::array<std::string_view, 4> poll_result_names{
    "not_ready", "ready", "err", "end"};
inline constexpr std::array<std::string_view, 3> unpark_outcome_names{
    "queued", "coalesced", "ignored"};
inline constexpr std::array<std::string_view, 5> source_kind_names{
    "external", "task", "timer", "io", "channel"};

template <std::size_t N>
[[nodiscard]] constexpr std::string_view name_of(const std::array<std::string_view, N> &names,
                                                 std::uint8_t code) noexcept {
    return code < N ? names[code] : std::string_view("?");
}
} // namespace schema_tables

[[nodiscard]] constexpr std::string_view poll_result_name(std::uint8_t code) noexcept {
    return schema_tables::name_of(schema_tables::poll_result_names, code);
}
[[nodiscard]] constexpr std::string_view unpark_outcome_name(std::uint8_t code) noexcept {
    return schema_tables::name_of(schema_tables::unpark_outcome_names, code);
}
[[nodiscard]] constexpr std::string_view source_kind_name(std::uint8_t code) noexcept {
    return schema_tables::name_of(schema_tables::source_kind_names, code);
}
// Parses the string of an enumerated type; false when it names no member.
[[nodiscard]] bool parse_enum(FieldType type, std::string_view s, std::uint8_t &out) noexcept;
// "one of ready, not_ready, err, end": for messages.
[[nodiscard]] std::string_view enum_choices(FieldType type) noexcept;

// What the recorder hands the writers: an event whose texts are views (nothing is copied).
struct EventOut {
    TimeNs t = 0;
    std::int64_t num = 0;
    std::int64_t num2 = 0;
    TaskId task = 0;
    FutureId future = 0;
    std::uint32_t ref = 0;
    std::uint32_t peer = 0;
    std::string_view text;
    std::string_view text2;
    std::string_view text3;
    EventKind kind = EventKind::spawn;
    std::uint8_t code = 0;
    std::uint8_t source = 0;
    bool flag = false;
};

// Integer slots of an event, for the writers and the reader.
template <class E>
[[nodiscard]] std::int64_t int_slot(const E &e, Slot s) noexcept {
    switch (s) {
    case Slot::task:
        return e.task;
    case Slot::future:
        return e.future;
    case Slot::ref:
        return e.ref;
    case Slot::peer:
        return e.peer;
    case Slot::num:
        return e.num;
    case Slot::num2:
        return e.num2;
    case Slot::code:
        return e.code;
    case Slot::source:
        return e.source;
    case Slot::flag:
        return e.flag ? 1 : 0;
    case Slot::text:
    case Slot::text2:
    case Slot::text3:
        break;
    }
    return 0;
}

template <class E>
[[nodiscard]] auto text_slot(const E &e, Slot s) noexcept {
    switch (s) {
    case Slot::text2:
        return e.text2;
    case Slot::text3:
        return e.text3;
    default:
        return e.text;
    }
}

// Whether an event writes a field: always, unless it is optional and its text is empty or its
// number 0.
template <class E>
[[nodiscard]] bool field_present(const E &e, const FieldSpec &fs) noexcept {
    if (!fs.optional) {
        return true;
    }
    if (fs.type == FieldType::text) {
        auto t = text_slot(e, fs.slot);
        if constexpr (std::is_same_v<decltype(t), std::string_view>) {
            return !t.empty();
        } else {
            return t != 0;
        }
    }
    return int_slot(e, fs.slot) != 0;
}

} // namespace futurescope::trace::detail
