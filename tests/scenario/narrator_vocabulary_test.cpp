// The Narrator's two vocabularies: every sentence in futures 0.1's words (NotReady,
// park/unpark, the task's handle) and in the modern model's (Pending, the Context's Waker, wake),
// the correspondence said once, and who will wake a parked task — or why nothing will.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "futurescope/narrate/narrator.hpp"
#include "futurescope/scenario/scenario.hpp"
#include "futurescope/trace/trace.hpp"

namespace futurescope::narrate {
namespace {

using trace::EventKind;
using trace::Vocabulary;

constexpr std::string_view delay_then_map = R"({"version": 1, "name": "two", "title": "two",
  "tasks": [{"name": "main", "future": {"chain": [{"delay": 10}, {"map": 1}]}}]})";

trace::TraceModel traced(std::string_view text) {
    scenario::Scenario s = scenario::Scenario::parse(text, "two.json");
    std::unique_ptr<trace::Recorder> recorder;
    std::string bytes;
    scenario::RunOptions options;
    options.on_start = [&](Executor &ex) {
        recorder = std::make_unique<trace::Recorder>(ex, trace::TraceFormat::json);
    };
    options.on_finish = [&](Executor &, const RunReport &report) {
        recorder->finish(report);
        bytes = recorder->bytes();
        recorder.reset();
    };
    (void)s.run(options);
    return trace::load_trace_bytes(bytes, "run");
}

// The sentence of the first event of `kind` (and, for exits, with this result).
std::string first(const trace::TraceModel &m, const Narrator &n, EventKind kind) {
    for (std::size_t i = 0; i < m.events.size(); ++i) {
        if (m.events[i].kind == kind) {
            return n.sentence(i);
        }
    }
    return "(no such event)";
}

constexpr std::string_view correspondence =
    " Futures 0.1 and the modern Future model name the same things differently: park ≈ cloning "
    "the Context's waker; unpark ≈ wake; NotReady ≈ Pending; Task handle ≈ Waker.";

TEST(narrator_vocabulary, EverySentenceOfAWaitInFutures01Words) {
    const trace::TraceModel m = traced(delay_then_map);
    const Narrator n(m);
    EXPECT_EQ(n.vocabulary(), Vocabulary::futures01);
    EXPECT_EQ(first(m, n, EventKind::poll_begin),
              "The executor takes task main from the front of the ready queue and polls its root "
              "future (Map) once: task-level poll 1.");
    EXPECT_EQ(first(m, n, EventKind::park),
              "Delay takes task main's handle (park), so that a timer, socket or channel can "
              "unpark the task later: the promise that comes with NotReady." +
                  std::string(correspondence));
    EXPECT_EQ(first(m, n, EventKind::timer_set),
              "Timer #1 is set for 10ms (10ms from now): when the clock gets there it will "
              "unpark task main.");
    EXPECT_EQ(first(m, n, EventKind::exit),
              "Delay returns NotReady: it cannot finish yet, and it has arranged to be woken — its "
              "task's handle is held by a timer, a socket, a channel or an inner future.");
    EXPECT_EQ(first(m, n, EventKind::poll_end),
              "The root future returned NotReady: task main is parked. It will be polled again "
              "only when something unparks it.");
    EXPECT_EQ(first(m, n, EventKind::wait),
              "Task main is parked; what will wake it: timer #1 (delay, fires at 10ms).");
    EXPECT_EQ(first(m, n, EventKind::timer_fire), "Timer #1 fires and unparks task main.");
    EXPECT_EQ(first(m, n, EventKind::unpark),
              "Task main is unparked by timer #1 (timer fired): it goes to the back of the ready "
              "queue.");
}

TEST(narrator_vocabulary, EverySentenceOfAWaitInModernWords) {
    const trace::TraceModel m = traced(delay_then_map);
    const Narrator n(m, Vocabulary::modern);
    EXPECT_EQ(n.vocabulary(), Vocabulary::modern);
    EXPECT_EQ(first(m, n, EventKind::poll_begin),
              "The executor takes task main from the front of the ready queue and polls its root "
              "future (Map) once, with a Context that carries the task's Waker: task-level poll "
              "1.");
    EXPECT_EQ(first(m, n, EventKind::enter),
              "Map is polled in state pending: it polls the future it wraps and, when that is "
              "Ready, applies its function to the value.");
    EXPECT_EQ(first(m, n, EventKind::park),
              "Delay clones task main's Waker from its Context (cx.waker().clone()), so that a "
              "timer, socket or channel can wake the task later: the promise that comes with "
              "Pending." +
                  std::string(correspondence));
    EXPECT_EQ(first(m, n, EventKind::timer_set),
              "Timer #1 is set for 10ms (10ms from now): when the clock gets there it will wake "
              "task main.");
    EXPECT_EQ(first(m, n, EventKind::exit),
              "Delay returns Pending: it cannot finish yet, and it has arranged to be woken — its "
              "task's Waker is held by a timer, a socket, a channel or an inner future.");
    EXPECT_EQ(first(m, n, EventKind::poll_end),
              "The root future returned Pending: task main sleeps. It will be polled again only "
              "when something wakes its Waker.");
    EXPECT_EQ(first(m, n, EventKind::wait),
              "Task main is pending; what will wake it: timer #1 (delay, fires at 10ms).");
    EXPECT_EQ(first(m, n, EventKind::timer_fire), "Timer #1 fires and wakes task main.");
    EXPECT_EQ(first(m, n, EventKind::unpark),
              "Task main is woken by timer #1 (timer fired): it goes to the back of the ready "
              "queue.");
}

TEST(narrator_vocabulary, TheCorrespondenceIsSaidOnceAndOnlyTheWordsDiffer) {
    const trace::TraceModel m = traced(delay_then_map);
    const std::vector<std::string> old_words = narrate(m);
    const std::vector<std::string> new_words = narrate(m, Vocabulary::modern);
    ASSERT_EQ(old_words.size(), new_words.size());
    int said_old = 0;
    int said_new = 0;
    for (std::size_t i = 0; i < m.events.size(); ++i) {
        said_old += old_words[i].find("≈") != std::string::npos;
        said_new += new_words[i].find("≈") != std::string::npos;
        // Futures 0.1's words appear in a modern sentence only to map them.
        if (new_words[i].find("≈") == std::string::npos) {
            EXPECT_EQ(new_words[i].find("NotReady"), std::string::npos) << new_words[i];
            EXPECT_EQ(new_words[i].find("park"), std::string::npos) << new_words[i];
        }
    }
    EXPECT_EQ(said_old, 1);
    EXPECT_EQ(said_new, 1);
    EXPECT_EQ(trace::parse_vocabulary("01"), Vocabulary::futures01);
    EXPECT_EQ(trace::parse_vocabulary("modern"), Vocabulary::modern);
    EXPECT_EQ(trace::parse_vocabulary("0.2"), std::nullopt);
    EXPECT_EQ(trace::words(Vocabulary::modern).not_ready, "Pending");
}

// A hand-written trace (tests/data/traces/viz/waits.json): "forgetful" returns NotReady with
// nothing holding its handle (a lost wakeup, with its diag), "yielder" unparks itself during its
// poll (a yield), polls run on workers 1 and 2 with one steal.
TEST(narrator_vocabulary, ALostWakeupAYieldAndTheWorkersInBothVocabularies) {
    const trace::TraceModel m =
        trace::load_trace(std::filesystem::path(FUTURESCOPE_SCENARIO_TEST_DATA) / ".." / "traces" /
                          "viz" / "waits.json");
    const Narrator old_words(m);
    const Narrator new_words(m, Vocabulary::modern);
    ASSERT_EQ(m.events[14].kind, EventKind::wait);
    EXPECT_EQ(
        old_words.sentence(14),
        "Task forgetful is parked, but nothing holds its handle: no timer, socket, channel or "
        "task can unpark it, so it will never be polled again. This is a lost wakeup: a "
        "future returned NotReady without taking the task's handle (park) first.");
    EXPECT_EQ(
        new_words.sentence(14),
        "Task forgetful is pending, but nothing holds its Waker: no timer, socket, channel or "
        "task can wake it, so it will never be polled again. This is a lost wakeup: a future "
        "returned Pending without cloning the Context's waker first.");
    ASSERT_EQ(m.events[21].kind, EventKind::wait);
    EXPECT_EQ(old_words.sentence(21),
              "Task yielder unparked itself during this poll and is already back in the ready "
              "queue: it handed control back to the executor (a yield), so no timer, socket or "
              "channel needs to hold its handle.");
    EXPECT_EQ(new_words.sentence(21),
              "Task yielder woke itself during this poll and is already back in the ready queue: "
              "it handed control back to the executor (a yield), so no timer, socket or channel "
              "needs to hold its Waker.");
    EXPECT_EQ(old_words.sentence(9),
              "Task sleeper is parked; what will wake it: timer #1 (delay, fires at 30ms); "
              "channel #7 (mpsc receiver).");
    EXPECT_EQ(trace::wait_holders(m, m.events[9]),
              (std::vector<std::string>{"timer #1 (delay, fires at 30ms)",
                                        "channel #7 (mpsc receiver)"}));
    EXPECT_EQ(old_words.sentence(10),
              "The executor takes task forgetful from the front of the ready queue and polls its "
              "root future (Forgetful) once: task-level poll 1, on worker 2 (stolen from worker "
              "1's queue).");
    EXPECT_EQ(new_words.sentence(16),
              "The executor takes task yielder from the front of the ready queue and polls its "
              "root future (YieldNow) once, with a Context that carries the task's Waker: "
              "task-level poll 1, on worker 1.");
}

TEST(narrator_vocabulary, ANotReadyWithoutAParkIsNotCalledAnArrangedWakeup) {
    const trace::TraceModel m = traced(R"({"version": 1, "name": "f", "title": "f",
      "tasks": [{"name": "main", "future": {"chain": [{"forgetful_delay": 10}, {"map": 1}]}}]})");
    std::vector<std::string> exits;
    for (Vocabulary v : {Vocabulary::futures01, Vocabulary::modern}) {
        const Narrator n(m, v);
        for (std::size_t i = 0; i < m.events.size(); ++i) {
            if (m.events[i].kind == EventKind::exit) {
                exits.push_back(n.sentence(i));
            }
        }
    }
    EXPECT_EQ(exits,
              (std::vector<std::string>{
                  "ForgetfulDelay returns NotReady without having taken the task's handle "
                  "(park): nothing was arranged to unpark the task for it.",
                  "Map returns NotReady without having taken the task's handle (park): nothing "
                  "was arranged to unpark the task for it.",
                  "ForgetfulDelay returns Pending without having cloned the Context's waker: "
                  "nothing was arranged to wake the task for it.",
                  "Map returns Pending without having cloned the Context's waker: nothing was "
                  "arranged to wake the task for it.",
              }));
}

} // namespace
} // namespace futurescope::narrate
