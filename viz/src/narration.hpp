// The sentence the narration panel shows for an event: the engine's Narrator (the text of
// `futurescope step`) when the build has it, else plain sentences built on describe_event.
// make_narration() in narration.cpp is where the choice is made.
#pragma once

#include <memory>
#include <string>

#include "futurescope/trace/trace_model.hpp"

namespace futurescope::viz {

class Narration {
  public:
    virtual ~Narration() = default;
    [[nodiscard]] virtual std::string sentence(const trace::TraceModel &model,
                                               std::size_t seq) const = 0;
    // The chain being polled at the event ("main ▸ AndThen[first] ▸ Delay"), empty when the
    // narration does not know it.
    [[nodiscard]] virtual std::string path(const trace::TraceModel &model, std::size_t seq) const {
        (void)model;
        (void)seq;
        return {};
    }
};

[[nodiscard]] std::unique_ptr<Narration> make_narration();

} // namespace futurescope::viz
