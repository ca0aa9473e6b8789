#include "narration.hpp"

#include "futurescope/executor/executor.hpp"
#include "futurescope/narrate/narrator.hpp"
#include "futurescope/narrate/story.hpp"

namespace futurescope::viz {

namespace {

// A sentence per event kind for the common kinds, describe_event's line for the rest.
class PlainNarration final : public Narration {
  public:
    [[nodiscard]] std::string sentence(const trace::TraceModel &m, std::size_t seq) const override {
        if (seq >= m.events.size()) {
            return {};
        }
        const trace::TraceEvent &e = m.events[seq];
        const std::string at = "At " + format_duration(e.t) + ", ";
        const std::string task = m.task_name(e.task);
        switch (e.kind) {
        case trace::EventKind::spawn:
            return at + "task '" + task + "' is spawned and queued.";
        case trace::EventKind::poll_begin:
            return at + "the executor polls task '" + task + "'.";
        case trace::EventKind::poll_end:
            return at + "task '" + task + "' answers " + to_string(trace::poll_outcome(e)) + ".";
        case trace::EventKind::enter:
            return at + m.future_name(e.future) + " is polled in state '" +
                   std::string(m.str(e.text)) + "'.";
        case trace::EventKind::exit:
            return at + m.future_name(e.future) + " returns " + to_string(trace::poll_outcome(e)) +
                   (e.text != 0 ? " (" + std::string(m.str(e.text)) + ")" : std::string()) + ".";
        case trace::EventKind::state:
            return at + m.future_name(e.future) + " moves from '" + std::string(m.str(e.text)) +
                   "' to '" + std::string(m.str(e.text2)) + "'.";
        case trace::EventKind::park:
            if (vocabulary_ == trace::Vocabulary::modern) {
                return at + m.future_name(e.future) + " clones task '" + task +
                       "''s Waker from its Context so that something can wake it.";
            }
            return at + m.future_name(e.future) + " takes task '" + task +
                   "''s handle (park) so that something can wake it.";
        case trace::EventKind::unpark:
            return at + "task '" + task +
                   (vocabulary_ == trace::Vocabulary::modern ? "' is woken by "
                                                             : "' is unparked by ") +
                   to_string(trace::unpark_source(e)) +
                   (e.ref != 0 ? " " + std::to_string(e.ref) : std::string()) + ": " +
                   to_string(trace::unpark_outcome(e)) + ".";
        case trace::EventKind::drop:
            return at + m.future_name(e.future) + " is dropped.";
        case trace::EventKind::complete:
            return at + "task '" + task + "' completes (" + to_string(trace::poll_outcome(e)) +
                   ").";
        default:
            return at + describe_event(m, e);
        }
    }
};

// The engine's Narrator: the same sentences as `futurescope step`. It precomputes the polling
// stack of every event, which a trace of a million events cannot afford within the viewer's
// load budget: past `narrator_events_max` the plain sentences stand in.
class EngineNarration final : public Narration {
  public:
    static constexpr std::size_t narrator_events_max = 300'000;

    [[nodiscard]] std::string sentence(const trace::TraceModel &m, std::size_t seq) const override {
        if (m.events.size() > narrator_events_max) {
            return plain_.sentence(m, seq);
        }
        build(m);
        return narrator_->sentence(seq);
    }
    [[nodiscard]] std::vector<std::string> notes(const trace::TraceModel &m,
                                                 std::size_t seq) const override {
        if (m.events.size() > narrator_events_max || seq >= m.events.size()) {
            return {};
        }
        build(m);
        return narrator_->notes(seq);
    }
    [[nodiscard]] std::string path(const trace::TraceModel &m, std::size_t seq) const override {
        if (m.events.size() > narrator_events_max || seq >= m.events.size()) {
            return {};
        }
        build(m);
        return narrator_->path(seq);
    }

    [[nodiscard]] std::vector<narrate::StoryLine>
    story(const trace::TraceModel &m,
          const std::vector<narrate::StoryOutput> &output) const override {
        if (m.events.size() > narrator_events_max) {
            return {};
        }
        build(m);
        return narrate::tell_story(m, *narrator_, output);
    }

  private:
    // The narrator for this model and vocabulary, with the lesson's notes.
    void build(const trace::TraceModel &m) const {
        if (model_ == &m && built_config_ == config_) {
            return;
        }
        narrator_ = std::make_unique<narrate::Narrator>(m, vocabulary_);
        model_ = &m;
        built_config_ = config_;
        if (!notes_.empty()) {
            narrator_->add_notes(notes_);
        }
    }

    PlainNarration plain_;
    mutable const trace::TraceModel *model_ = nullptr;
    mutable std::unique_ptr<narrate::Narrator> narrator_;
    mutable std::uint64_t built_config_ = 0;
};

} // namespace

std::unique_ptr<Narration> make_narration() { return std::make_unique<EngineNarration>(); }

} // namespace futurescope::viz
