// The sentence the narration panel shows for an event: the engine's Narrator (the text of
// `futurescope step`) when the build has it, else plain sentences built on describe_event.
// make_narration() in narration.cpp is where the choice is made. The lesson's own notes (its
// "narration" entries, which the scenario runner hands over) are placed on their events, as `step`
// does; the vocabulary (futures 0.1 or modern) picks the words.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "futurescope/narrate/story.hpp"
#include "futurescope/trace/trace_model.hpp"
#include "futurescope/trace/vocabulary.hpp"

namespace futurescope::viz {

class Narration {
  public:
    virtual ~Narration() = default;
    // A new model, notes or vocabulary: cached sentences and notes are rebuilt. The notes may be
    // empty (a trace without its scenario file).
    void configure(std::vector<trace::Note> notes, trace::Vocabulary v) {
        notes_ = std::move(notes);
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
    // The lesson's own notes attached to the event (none without the scenario's notes).
    [[nodiscard]] virtual std::vector<std::string> notes(const trace::TraceModel &model,
                                                         std::size_t seq) const {
        (void)model;
        (void)seq;
        return {};
    }

    // The lesson's story (narrate/story.hpp): empty when the narration cannot tell it.
    [[nodiscard]] virtual std::vector<narrate::StoryLine>
    story(const trace::TraceModel &model, const std::vector<narrate::StoryOutput> &output) const {
        (void)model;
        (void)output;
        return {};
    }

  protected:
    std::vector<trace::Note> notes_;
    trace::Vocabulary vocabulary_ = trace::Vocabulary::futures01;
    std::uint64_t config_ = 0; // bumped by configure()
};

[[nodiscard]] std::unique_ptr<Narration> make_narration();

} // namespace futurescope::viz
