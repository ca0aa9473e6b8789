// Export of a trace to the Chrome Trace Event format (JSON), which Perfetto (ui.perfetto.dev) and
// chrome://tracing open: one process, one track per task, task-level polls as slices with the
// nested futures' polls inside them, unparks as flow arrows from their source to the poll they
// cause, timers, channels and network events as instants.
//
// Polls take zero virtual time, so the export does not use virtual time for its axis: it lays
// events out on a synthetic axis where each event advances 1 µs and each clock jump adds 10 µs
// more (a visible gap however long the jump). Every exported event carries the virtual time in
// its args (`t_ns`, and `t` as "30ms"), with the trace's seq. With Vocabulary::modern, names
// use the modern Future model's words (a NotReady result is "pending", an unpark is "wake").
#pragma once

#include <filesystem>
#include <iosfwd>

#include "futurescope/trace/trace_model.hpp"
#include "futurescope/trace/vocabulary.hpp"

namespace futurescope::trace {

void export_chrome(const TraceModel &model,
                   std::ostream &out,
                   Vocabulary vocabulary = Vocabulary::futures01);
// Writes to a temporary file beside `path` and renames it into place; TraceError on failure.
void export_chrome(const TraceModel &model,
                   const std::filesystem::path &path,
                   Vocabulary vocabulary = Vocabulary::futures01);

} // namespace futurescope::trace
