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

[[nodiscard]] const FieldSpec &field_spec(Field f) noexcept;
// The field a key names in an event object, or false.
[[nodiscard]] bool find_field(std::string_view key, Field &out) noexcept;

struct KindSpec {
    std::string_view name;
    std::span<const Field> fields; // after seq, t, kind; in written order
};
[[nodiscard]] const KindSpec &kind_spec(EventKind kind) noexcept;

// The names of the enumerations that are written as strings.
[[nodiscard]] std::string_view poll_result_name(std::uint8_t code) noexcept;
[[nodiscard]] std::string_view unpark_outcome_name(std::uint8_t code) noexcept;
[[nodiscard]] std::string_view source_kind_name(std::uint8_t code) noexcept;
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
