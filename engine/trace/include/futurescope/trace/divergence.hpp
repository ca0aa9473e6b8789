// The determinism self-check: run the same scenario twice, and compare the two traces. The first
// difference names the event (seq, virtual time, kind and fields on both sides) or the table
// entry where the runs part.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "futurescope/trace/trace_model.hpp"

namespace futurescope::trace {

// Where two traces part, and what each side holds there. A value, so that a caller words it as it
// needs (the CLI's `run --self-check`, a test's message); to_string gives the library's one line.
struct Divergence {
    enum class Place {
        version,     // the documents' `version`
        scenario,    // the scenario block (name, file, seed)
        event,       // the event `index` (its seq) differs
        event_count, // one trace has more events; `index` is the seq of the first extra one
        table_entry, // entry `index` of `table` differs
        table_size,  // `table` has another number of entries
        summary,     // the summary's end time, steps or stop reason
    };
    // One trace's side of the difference.
    struct Side {
        // The event's virtual time (event, and the longer side of event_count).
        std::optional<TimeNs> t;
        // The event (describe_event), the table entry or the block in one line of `key=value`
        // fields; empty for the shorter side of event_count and for table_size.
        std::string description;
        // How many events (event, event_count) or entries (table_entry, table_size) it has.
        std::size_t count = 0;
    };

    Place place = Place::event;
    std::string table;     // table_entry, table_size: "/tasks", "/futures", "/summary/tasks", …
    std::size_t index = 0; // the event's seq or the entry's index
    Side a;
    Side b;
};

// nullopt when the two traces hold the same document (texts compared by content, not by id).
[[nodiscard]] std::optional<Divergence> first_divergence(const TraceModel &a, const TraceModel &b);

// The difference in one line, e.g.
//   event seq 12 differs: a: t=30000000 exit task=1 future=3 result=ready value="7"; b: t=… exit …
//   a has 18 events, b has 19; the first extra one, in b, is seq 18: t=1000000 diag …
//   /summary/tasks/0 differs: a: id=1 polls=1 …; b: id=1 polls=2 …
[[nodiscard]] std::string to_string(const Divergence &d);

} // namespace futurescope::trace
