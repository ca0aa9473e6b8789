// The determinism self-check: run the same scenario twice, and compare the two traces. The first
// difference names the event (seq, virtual time, kind and fields on both sides) or the table
// entry where the runs part.
#pragma once

#include <optional>
#include <string>

#include "futurescope/trace/trace_model.hpp"

namespace futurescope::trace {

// nullopt when the two traces hold the same document (texts compared by content, not by id).
// Otherwise one line, e.g.
//   event seq 12 (t=30ms) differs: a: exit task=1 future=3 result=ready value="7"; b: exit …
[[nodiscard]] std::optional<std::string> first_divergence(const TraceModel &a, const TraceModel &b);

} // namespace futurescope::trace
