// The Narrator explains a trace in terms of the futures model: for every event, one or two
// sentences generated from the event and from its future's kind and state, plus the scenario's
// own notes attached to chosen events. It reads a TraceModel, so it narrates a loaded trace file
// as well as a live run; it knows nothing of terminals or windows (the CLI's `step` and the
// viewer show the same sentences).
//
// API (stable):
//     narrate::Narrator n(model);                 // model must outlive n
//     n.add_notes(scenario.narration());          // optional
//     std::string s = n.sentence(i);              // the explanation of model.events[i]
//     std::string p = n.path(i);                  // "main ▸ AndThen[First] ▸ Connect"
//     std::vector<std::string> notes = n.notes(i);// the scenario's notes at event i
//     std::vector<std::string> all = narrate::narrate(model); // sentence(i) for every event
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "futurescope/trace/trace_model.hpp"

namespace futurescope::narrate {

// A scenario's teaching note and where it belongs. Exactly one way of placing it is set:
//   seq           — the event with that seq;
//   task + poll   — the poll_begin of the task's n-th task-level poll (1-based);
//   task + event  — the first event of that kind ("complete", "park", …) of the task.
struct Note {
    std::optional<std::uint64_t> seq;
    std::string task;
    std::optional<std::uint64_t> poll;
    std::string event;
    std::string text;
};

class Narrator {
  public:
    explicit Narrator(const trace::TraceModel &model);

    void add_notes(const std::vector<Note> &notes);

    [[nodiscard]] std::string sentence(std::size_t event_index) const;
    // The chain of futures being polled at the event: the task, then each future from the task's
    // root down, with its state in brackets ("main ▸ AndThen[First] ▸ Connect"). Just the task
    // name outside a poll.
    [[nodiscard]] std::string path(std::size_t event_index) const;
    [[nodiscard]] std::vector<std::string> notes(std::size_t event_index) const;

  private:
    void build_stacks();
    [[nodiscard]] std::string fut(FutureId id) const;
    [[nodiscard]] std::string kind(FutureId id) const;

    const trace::TraceModel &model_;
    // For each event: the futures being polled (innermost last) with their states, and the
    // task being polled (0 outside a poll).
    std::vector<std::vector<std::pair<FutureId, std::string>>> stacks_;
    std::vector<TaskId> polling_;
    std::vector<std::uint64_t> poll_number_;                 // poll_begin: the task's n-th poll
    std::vector<std::pair<std::size_t, std::string>> notes_; // event index, text
};

[[nodiscard]] std::vector<std::string> narrate(const trace::TraceModel &model);

} // namespace futurescope::narrate
