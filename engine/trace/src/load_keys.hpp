// What the trace loader knows of a document's shape: the kind of each object and array by where
// it sits, the keys of the tables' objects and the keys of an event. Private to the loader.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "schema.hpp"

namespace futurescope::trace::load_detail {

// What an object or array is, by where it sits in the document.
enum class Ctx : std::uint8_t {
    root,
    scenario,
    events,
    event,
    tasks,
    task,
    futures,
    future,
    states,
    channels,
    channel,
    summary,
    summary_tasks,
    summary_task,
    result,
    diagnostics,
    diagnostic,
    skip,
};

// The keys of the tables' objects (events have the schema's fields).
enum class Key : std::uint8_t {
    unknown,
    // root
    format,
    version,
    scenario,
    events,
    tasks,
    futures,
    channels,
    summary,
    // scenario
    name,
    file,
    seed,
    // tables
    id,
    daemon,
    parent,
    root,
    task,
    kind,
    label,
    states,
    capacity,
    // summary
    end_ns,
    steps,
    stop,
    diagnostics,
    polls,
    unparks,
    completed_ns,
    result,
    stuck,
    future,
    message,
    // result
    ok,
    err,
    panic,
    // futures, optional
    source,
};

struct KeyEntry {
    std::string_view name;
    Key key;
};

// The keys a table object of this kind has (none for arrays and events).
[[nodiscard]] std::span<const KeyEntry> keys_of(Ctx ctx);

// The keys of an event: the schema's fields by number, then these; a key this version does not
// know is unknown_event_key. They are also the bits of an event's seen-mask.
inline constexpr std::uint8_t seq_bit = detail::field_count;
inline constexpr std::uint8_t t_bit = detail::field_count + 1;
inline constexpr std::uint8_t kind_bit = detail::field_count + 2;
inline constexpr std::uint8_t unknown_event_key = 255;

// Keys are looked up for every member of every event: a small hash table, built once, answers
// with one comparison.
class EventKeys {
  public:
    EventKeys();
    [[nodiscard]] std::uint8_t find(std::string_view key) const noexcept {
        for (std::size_t h = hash(key);; h = (h + 1) & mask) {
            const Entry &s = slots_[h];
            if (s.id == unknown_event_key) {
                return unknown_event_key;
            }
            if (s.name == key) {
                return s.id;
            }
        }
    }

  private:
    struct Entry {
        std::string_view name;
        std::uint8_t id;
    };
    static constexpr std::size_t size = 128;
    static constexpr std::size_t mask = size - 1;
    static constexpr Entry empty{{}, unknown_event_key};
    static std::size_t hash(std::string_view k) noexcept {
        if (k.empty()) {
            return 0;
        }
        return (k.size() * 31 + static_cast<unsigned char>(k[0]) * 7 +
                static_cast<unsigned char>(k[k.size() - 1])) &
               mask;
    }
    void insert(std::string_view name, std::uint8_t id);
    std::array<Entry, size> slots_{};
};

// The name of an event key by its number, for paths in messages.
[[nodiscard]] std::string_view event_key_name(std::uint8_t key);
// Built once, on first use.
[[nodiscard]] inline const EventKeys &event_keys() {
    static const EventKeys keys;
    return keys;
}

} // namespace futurescope::trace::load_detail
