// The Narrator explains a trace in terms of the futures model: for every event, one or two
// sentences generated from the event and from its future's kind and state, plus the scenario's
// own notes attached to chosen events. It reads a TraceModel, so it narrates a loaded trace file
// as well as a live run; it knows nothing of terminals or windows (the CLI's `step` and the
// viewer show the same sentences).
//
// API (stable):
//     narrate::Narrator n(model);                 // model must outlive n
//     narrate::Narrator m(model, trace::Vocabulary::modern); // Pending, Context, Waker, wake
//     n.add_notes(scenario.narration());          // optional
//     std::string s = n.sentence(i);              // the explanation of model.events[i]
//     std::string p = n.path(i);                  // "main ▸ AndThen[First] ▸ Connect"
//     std::vector<std::string> notes = n.notes(i);// the scenario's notes at event i
//     std::vector<std::string> all = narrate::narrate(model); // sentence(i) for every event
//
// Every sentence exists in both vocabularies (trace/vocabulary.hpp): futures 0.1's (NotReady,
// park/unpark, the task's handle) and the modern model's (Pending, the Context's Waker, wake).
// The first event where the two differ (the first park, else the first NotReady) also carries
// the correspondence between them, once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "futurescope/trace/trace_model.hpp"
#include "futurescope/trace/vocabulary.hpp"

namespace futurescope::narrate {

class Narrator {
  public:
    explicit Narrator(const trace::TraceModel &model,
                      trace::Vocabulary vocabulary = trace::Vocabulary::futures01);

    [[nodiscard]] trace::Vocabulary vocabulary() const noexcept { return vocab_; }

    void add_notes(const std::vector<trace::Note> &notes);

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
    [[nodiscard]] std::string base_sentence(std::size_t event_index) const;
    // base_sentence, one family of events each.
    [[nodiscard]] std::string task_sentence(std::size_t event_index) const;
    [[nodiscard]] std::string future_sentence(std::size_t event_index) const;
    [[nodiscard]] std::string exit_sentence(std::size_t event_index) const;
    [[nodiscard]] std::string wakeup_sentence(std::size_t event_index) const;
    [[nodiscard]] std::string network_sentence(std::size_t event_index) const;
    [[nodiscard]] std::string channel_sentence(std::size_t event_index) const;
    // Pieces of those whose words depend on the events around them.
    [[nodiscard]] std::string via_text(std::size_t unpark_index) const;
    [[nodiscard]] std::string deliver_sentence(std::size_t event_index) const;
    [[nodiscard]] std::string chan_full_sentence(std::size_t event_index) const;
    [[nodiscard]] std::string detector_sentence(std::size_t event_index) const;
    // A park, timer set or timer fire of a Shared's waiter or of the future a Shared polls with
    // its own handle; empty for every other event.
    [[nodiscard]] std::string shared_sentence(std::size_t event_index) const;
    [[nodiscard]] std::string worker_text(const trace::TraceEvent &e) const;
    // A wait event's task was unparked (woken) between its poll_begin and the wait.
    [[nodiscard]] bool woken_during_poll(std::size_t wait_index) const;
    [[nodiscard]] bool modern() const noexcept { return vocab_ == trace::Vocabulary::modern; }

    const trace::TraceModel &model_;
    trace::Vocabulary vocab_;
    std::size_t explain_at_ = static_cast<std::size_t>(-1); // where the correspondence goes
    // For each event: the futures being polled (innermost last) with their states, and the
    // task being polled (0 outside a poll).
    std::vector<std::vector<std::pair<FutureId, std::string>>> stacks_;
    std::vector<TaskId> polling_;
    std::vector<std::uint64_t> poll_number_;                 // poll_begin: the task's n-th poll
    std::vector<std::pair<std::size_t, std::string>> notes_; // event index, text
};

// `text` with each "channel #N" of a channel the trace names written "channel jobs" (the
// detectors' texts in a trace name channels by id).
[[nodiscard]] std::string with_channel_names(const trace::TraceModel &model, std::string_view text);

[[nodiscard]] std::vector<std::string>
narrate(const trace::TraceModel &model,
        trace::Vocabulary vocabulary = trace::Vocabulary::futures01);

} // namespace futurescope::narrate
