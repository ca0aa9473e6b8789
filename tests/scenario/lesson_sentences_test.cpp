// The sentences that once taught the wrong thing, each pinned in its corrected words on the lesson
// that shows it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scenario/lesson_support.hpp"

namespace futurescope::narrate {
namespace {

using testing::any_has;
using testing::Lesson;
using testing::run_lesson;
using testing::sentences;

TEST(lesson_sentences, TheNetworksTimersWakeNoTaskThemselves) {
    const std::vector<std::string> all = sentences(run_lesson("01-hello-world.json"));
    EXPECT_FALSE(any_has(all, "task task-0"));
    EXPECT_TRUE(any_has(all,
                        "Timer #1 is set for 10s (10s from now): one of the network's own timers "
                        "(a packet's delivery, a connection's timeout). It wakes no task itself; "
                        "what the network does when it fires may."));
    EXPECT_TRUE(any_has(all,
                        "Timer #2 fires: it is the network's, so it wakes no task itself; the "
                        "network now does what it was set for."));
    EXPECT_FALSE(any_has(sentences(run_lesson("10-welcome-sequential.json")), "task task-0"));
}

TEST(lesson_sentences, AnArrivalSaysWhichTaskItUnparksIfAny) {
    const std::vector<std::string> all = sentences(run_lesson("01-hello-world.json"));
    EXPECT_FALSE(any_has(all, "a task waiting on it is unparked"));
    EXPECT_TRUE(any_has(all,
                        "A SYN arrives at socket #3: no task is unparked by it (none waits on "
                        "this socket for it yet)."));
    EXPECT_TRUE(any_has(all,
                        "Socket #2 sends a SYN to 10.0.0.2:443; it travels at the link's "
                        "latency."));
}

TEST(lesson_sentences, AnEstablishedConnectionIsConnectedNotStartingToConnect) {
    const std::vector<std::string> all = sentences(run_lesson("01-hello-world.json"));
    EXPECT_FALSE(any_has(all, "starts connecting to 10.0.0.2:443 (established)"));
    EXPECT_TRUE(any_has(all,
                        "Socket #2 at 10.0.0.1:49152 is now connected to 10.0.0.2:443: the "
                        "handshake is complete (established)."));
}

TEST(lesson_sentences, AOneshotSendWakesTheReceiverInOtherWordsThanACancel) {
    const std::vector<std::string> all = sentences(run_lesson("12-oneshot.json"));
    EXPECT_TRUE(any_has(all,
                        "Task consumer is unparked by task producer (the value was sent: the "
                        "receiver will find it): it goes to the back of the ready queue."));
    EXPECT_TRUE(any_has(all,
                        "Task waiter is unparked by task quitter (the sender was dropped "
                        "without sending: the receiver will see Canceled)"));
    EXPECT_FALSE(any_has(all, "(oneshot sender dropped)"));
}

TEST(lesson_sentences, AYieldIsATaskThatUnparkedItself) {
    const std::vector<std::string> all = sentences(run_lesson("19-async-fn.json"));
    EXPECT_TRUE(any_has(all,
                        "YieldNow returns NotReady after unparking its own task: the task is "
                        "already back at the end of the ready queue, so the executor polls the "
                        "other ready tasks first and then this one again (a yield)."));
    EXPECT_TRUE(any_has(all,
                        "Task main unparked itself during this poll and is already back in the "
                        "ready queue: it handed control back to the executor (a yield), so no "
                        "timer, socket or channel needs to hold its handle."));
    EXPECT_FALSE(any_has(all, "Nothing holds task main's handle"));
}

TEST(lesson_sentences, AQueuedTaskIsNotSaidToWaitForAnUnpark) {
    const std::vector<std::string> all = sentences(run_lesson("24-busy-loop.json"));
    EXPECT_FALSE(any_has(all, "task spinner is parked. It will be polled again only when"));
    EXPECT_TRUE(any_has(all,
                        "The root future returned NotReady, but task spinner was unparked "
                        "during this poll: it is already back in the ready queue and will be "
                        "polled again when its turn comes."));
}

TEST(lesson_sentences, ASelectOrJoinSaysItPolledBoth) {
    const std::vector<std::string> all = sentences(run_lesson("05-select.json"));
    EXPECT_FALSE(any_has(all, "Select returns NotReady too: the future it polled"));
    EXPECT_TRUE(any_has(all,
                        "Select returns NotReady too: it polled 2 futures, none of them is ready "
                        "yet, and each has arranged its own wakeup."));
    EXPECT_TRUE(any_has(sentences(run_lesson("04-join.json")),
                        "Join returns NotReady too: it polled 2 futures"));
}

TEST(lesson_sentences, SelectsItemIsTheWinnersValueAndTheLosingFuture) {
    EXPECT_TRUE(any_has(sentences(run_lesson("05-select.json")),
                        "Select returns Ready((\"fast\", <value>)): a pair of the winning "
                        "future's value and the losing future itself, unfinished, handed back to "
                        "the caller (<value> stands for that future)."));
}

TEST(lesson_sentences, AFullChannelAfterASendSaysTheValueWasAccepted) {
    const Lesson l = run_lesson("13-backpressure.json");
    const std::vector<std::string> all = sentences(l);
    EXPECT_TRUE(any_has(all, "A value 2 is sent on channel jobs."));
    EXPECT_TRUE(any_has(all,
                        "Channel jobs is now full: the value 2 was accepted into the sender's "
                        "own slot, but Send resolves to the sender only once a sent value is "
                        "consumed, so it answers NotReady until the receiver takes one "
                        "(backpressure)."));
    bool note = false;
    for (const trace::Note &n : l.notes) {
        note = note || n.text.find("The value is accepted into the sender's own slot") == 0;
    }
    EXPECT_TRUE(note);
}

TEST(lesson_sentences, ATimersDeadlineIsSaidAsATimeAndAsADelay) {
    EXPECT_TRUE(any_has(sentences(run_lesson("03-map-and-then.json")),
                        "is set for 35ms (15ms from now): when the clock gets there it will "
                        "unpark task main."));
}

TEST(lesson_sentences, TheVirtualClocksRulesAreSaidToBeThisExecutors) {
    for (const std::string name : {"20-yield-and-blocking.json", "24-busy-loop.json"}) {
        const scenario::Scenario s =
            scenario::Scenario::load(std::string(FUTURESCOPE_LESSONS_DIR) + "/" + name);
        EXPECT_NE(s.description().find("this executor's virtual clock"), std::string::npos) << name;
        EXPECT_EQ(s.description().find("because timers fire only when"), std::string::npos);
        EXPECT_EQ(s.description().find("So the 10 ms never pass"), std::string::npos);
    }
}

TEST(lesson_sentences, TheScopedRcLessonDoesNotCreditTheCompilerWithTheToolsHelp) {
    const scenario::Scenario s =
        scenario::Scenario::load(std::string(FUTURESCOPE_LESSONS_DIR) + "/21b-rc-scoped.json");
    EXPECT_EQ(s.description().find("the way the compiler suggests"), std::string::npos);
    EXPECT_NE(s.description().find("that help line is futurescope's"), std::string::npos);
}

TEST(lesson_sentences, ChannelsAreCalledByTheirNames) {
    const std::vector<std::string> all = sentences(run_lesson("23-deadlock.json"));
    EXPECT_FALSE(any_has(all, "channel #"));
    EXPECT_TRUE(any_has(all, "channel to_alice"));
}

} // namespace
} // namespace futurescope::narrate
