// The sentence the narration panel shows for an event: the engine's Narrator (the text of
// `futurescope step`) when the build has it, else plain sentences built on describe_event.
// make_narration() in narration.cpp is where the choice is made. With the scenario's text, the
// lesson's own notes (its "narration" entries) are placed on their events, as `step` does; the
// vocabulary (futures 0.1 or modern) picks the words.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "futurescope/trace/trace_model.hpp"
#include "futurescope/trace/vocabulary.hpp"

namespace futurescope::viz {

class Narration {
  public:
    virtual ~Narration() = default;
    // A new model, scenario or vocabulary: cached sentences and notes are rebuilt. The scenario's
    // text may be empty (a trace without its scenario file); `scenario_file` names it in errors.
    void configure(std::string scenario_text, std::string scenario_file, trace::Vocabulary v) {
        scenario_text_ = std::move(scenario_text);
        scenario_file_ = std::move(scenario_file);
        vocabulary_ = v;
        ++config_;
    }
    [[nodiscard]] trace::Vocabulary vocabulary() const noexcept { return vocabulary_; }
    [[nodiscard]] virtual std::string sentence(const trace::TraceModel &model,
                                               std::size_t seq) const = 0;
    // The chain being polled at the event ("main ▸ AndThen[first] ▸ Delay"), empty when the
    // narration does not know it.
    [[nodiscard]] virtual std::string path(const trace::TraceModel &model, std::size_t seq) const {
        (void)model;
        (void)seq;
        return {};
    }
    // The lesson's own notes attached to the event (none without the scenario's text).
    [[nodiscard]] virtual std::vector<std::string> notes(const trace::TraceModel &model,
                                                         std::size_t seq) const {
        (void)model;
        (void)seq;
        return {};
    }
    // Why the notes are missing when the scenario text could not be read as a scenario.
    [[nodiscard]] virtual std::string notes_error() const { return {}; }

  protected:
    std::string scenario_text_;
    std::string scenario_file_;
    trace::Vocabulary vocabulary_ = trace::Vocabulary::futures01;
    std::uint64_t config_ = 0; // bumped by configure()
};

[[nodiscard]] std::unique_ptr<Narration> make_narration();

} // namespace futurescope::viz
