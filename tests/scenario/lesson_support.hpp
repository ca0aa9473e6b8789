// What the lesson tests share: a lesson run with a recorder into memory, with its notes and what
// its async fns printed, and the Narrator's sentence for each of its events.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "futurescope/narrate/narrator.hpp"
#include "futurescope/scenario/scenario.hpp"
#include "futurescope/trace/trace.hpp"

namespace futurescope::narrate::testing {

// A lesson run with a recorder into memory, its notes and what its async fns printed.
struct Lesson {
    trace::TraceModel model;
    std::vector<trace::Note> notes;
    std::vector<scenario::OutputLine> output;
};

inline Lesson run_lesson(const std::string &name) {
    const scenario::Scenario s =
        scenario::Scenario::load(std::string(FUTURESCOPE_LESSONS_DIR) + "/" + name);
    std::unique_ptr<trace::Recorder> recorder;
    std::string bytes;
    scenario::RunOptions options;
    options.on_start = [&](Executor &ex) {
        recorder = std::make_unique<trace::Recorder>(ex, trace::TraceFormat::cbor);
    };
    options.on_finish = [&](Executor &, const RunReport &report) {
        recorder->finish(report);
        bytes = recorder->bytes();
        recorder.reset();
    };
    const scenario::RunOutcome out = s.run(options);
    Lesson l{trace::load_trace_bytes(bytes, name), s.narration(), out.output};
    return l;
}

// Every sentence of the lesson's events.
inline std::vector<std::string> sentences(const Lesson &l) {
    Narrator n(l.model);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < l.model.events.size(); ++i) {
        out.push_back(n.sentence(i));
    }
    return out;
}

inline bool any_has(const std::vector<std::string> &all, const std::string &text) {
    for (const std::string &s : all) {
        if (s.find(text) != std::string::npos) {
            return true;
        }
    }
    return false;
}

} // namespace futurescope::narrate::testing
