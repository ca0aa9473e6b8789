// The lesson story: one line per task-level poll, the notes as headlines, the world's internals
// folded — short, and never saying the same thing many times in a row.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "futurescope/narrate/story.hpp"
#include "scenario/lesson_support.hpp"

namespace futurescope::narrate {
namespace {

using testing::any_has;
using testing::Lesson;
using testing::run_lesson;
using testing::sentences;

std::vector<StoryLine> story(const Lesson &l, trace::Vocabulary v = trace::Vocabulary::futures01) {
    Narrator n(l.model, v);
    n.add_notes(l.notes);
    std::vector<StoryOutput> output;
    for (const scenario::OutputLine &o : l.output) {
        output.push_back({o.t, o.task_name, o.text, o.poll});
    }
    return tell_story(l.model, n, output);
}

TEST(lesson_story, LessonOneIsAStoryOfAboutFifteenLines) {
    const Lesson l = run_lesson("01-hello-world.json");
    const std::vector<StoryLine> lines = story(l);
    EXPECT_GE(lines.size(), 10u);
    EXPECT_LE(lines.size(), 20u);
    // Every note is the headline of a line, and the server's tasks never have a line of their own.
    std::size_t notes = 0;
    for (const StoryLine &line : lines) {
        notes += line.notes.size();
        EXPECT_EQ(line.text.find("https www.rust-lang.org:443 · poll"), std::string::npos)
            << line.text;
    }
    EXPECT_EQ(notes, l.notes.size());
    EXPECT_EQ(
        lines.front().text,
        "Task main is spawned: it goes to the back of the ready queue, to be polled in turn.");
    bool first_poll = false;
    for (const StoryLine &line : lines) {
        first_poll = first_poll ||
                     line.text == "main · poll 1: Map[pending] ▸ AndThen[first] ▸ AndThen[first] "
                                  "▸ AndThen[first] ▸ Connect[connecting] → NotReady; its handle "
                                  "is held by socket #2 (connect) — sends a SYN.";
    }
    EXPECT_TRUE(first_poll);
    EXPECT_EQ(lines.back().text.find("main · poll 5 (unparked by the network (socket #2))"), 0u)
        << lines.back().text;
}

TEST(lesson_story, NoLineRepeatsMoreThanAFewTimesInARow) {
    for (const std::string name : {"01-hello-world.json",
                                   "10-welcome-sequential.json",
                                   "13-backpressure.json",
                                   "18-buffered.json",
                                   "24-busy-loop.json"}) {
        const std::vector<StoryLine> lines = story(run_lesson(name));
        std::string previous;
        int run = 0;
        for (const StoryLine &line : lines) {
            // Numbers (poll counts, times) aside, a line is the same as the one before it.
            std::string shape;
            for (char c : line.text) {
                if (c < '0' || c > '9') {
                    shape += c;
                }
            }
            run = shape == previous ? run + 1 : 1;
            previous = shape;
            EXPECT_LE(run, 3) << name << ": " << line.text;
        }
    }
}

TEST(lesson_story, ABusyLoopFoldsIntoOneLineThatCountsThePolls) {
    const std::vector<StoryLine> lines = story(run_lesson("24-busy-loop.json"));
    EXPECT_LE(lines.size(), 12u);
    bool folded = false;
    for (const StoryLine &line : lines) {
        folded = folded || (line.kind == StoryLineKind::repeat &&
                            line.text == "spinner · polls 34–99: the same again (66 more polls).");
    }
    EXPECT_TRUE(folded);
}

TEST(lesson_story, OnlyPollsOfOneTaskFoldTogether) {
    // Three clients whose first polls read alike apart from their names and sockets.
    const std::vector<StoryLine> lines = story(run_lesson("10-welcome-sequential.json"));
    int first_polls = 0;
    for (const StoryLine &line : lines) {
        for (const char *client : {"client1 · poll 1:", "client2 · poll 1:", "client3 · poll 1:"}) {
            first_polls += line.text.rfind(client, 0) == 0 ? 1 : 0;
        }
        EXPECT_EQ(line.text.find("polls 0"), std::string::npos) << line.text;
    }
    EXPECT_EQ(first_polls, 3);
}

TEST(lesson_story, WhatAnAsyncFnPrintsIsInItsPollsLine) {
    const std::vector<StoryLine> lines = story(run_lesson("19-async-fn.json"));
    bool printed = false;
    for (const StoryLine &line : lines) {
        printed = printed || (line.text.find("main · poll 2") == 0 &&
                              line.text.find("prints \"1\"") != std::string::npos);
    }
    EXPECT_TRUE(printed);
}

TEST(lesson_story, ChannelsAndWakersAreNamedInTheStory) {
    const std::vector<StoryLine> lines = story(run_lesson("13-backpressure.json"));
    bool named = false;
    for (const StoryLine &line : lines) {
        named = named || line.text.find("sends 2 on channel jobs") != std::string::npos;
        EXPECT_EQ(line.text.find("channel #"), std::string::npos) << line.text;
    }
    EXPECT_TRUE(named);
}

TEST(lesson_story, TheModernWordsTellTheSameStory) {
    const Lesson l = run_lesson("02-poll-and-notready.json");
    const std::vector<StoryLine> old_words = story(l);
    const std::vector<StoryLine> new_words = story(l, trace::Vocabulary::modern);
    ASSERT_EQ(old_words.size(), new_words.size());
    for (const StoryLine &line : new_words) {
        EXPECT_EQ(line.text.find("NotReady"), std::string::npos) << line.text;
        EXPECT_EQ(line.text.find("unpark"), std::string::npos) << line.text;
    }
}

} // namespace
} // namespace futurescope::narrate
