// What futures 0.1.31 programs do that the scenario language could not say before: the unsync
// mpsc channel's capacity rule, Sender::poll_cancel, dropping a receiver, select_all and its
// kin over a list made at run time, an absolute-time delay, the executor with unpark coalescing
// off and a poll by hand outside a task. Each with the exact results, times and poll counts of
// shared/futures01-semantics.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "futurescope/futures.hpp"
#include "futurescope/scenario/scenario.hpp"

namespace futurescope::scenario {
namespace {

const TaskView &find_task(const RunOutcome &out, const std::string &name) {
    auto it = std::find_if(
        out.tasks.begin(), out.tasks.end(), [&](const TaskView &t) { return t.name == name; });
    if (it == out.tasks.end()) {
        throw std::runtime_error("no task " + name);
    }
    return *it;
}

std::string result_of(const RunOutcome &out, const std::string &name) {
    const TaskView &t = find_task(out, name);
    if (t.state != TaskState::completed) {
        return "stuck";
    }
    if (!t.panic.empty()) {
        return "panic " + t.panic;
    }
    return (t.outcome == PollOutcome::err ? "err " : "ok ") + t.result;
}

RunOutcome run_text(const std::string &body) {
    return Scenario::parse(R"({"version": 1, "name": "t", "title": "t", )" + body + "}", "t.json")
        .run();
}

std::string load_error(const std::string &body) {
    try {
        (void)Scenario::parse(R"({"version": 1, "name": "t", "title": "t", )" + body + "}",
                              "t.json");
    } catch (const ScenarioError &e) {
        std::string s = e.what();
        return s.substr(s.find(": ") + 2);
    }
    return "loaded";
}

// A producer that sends 1..=5 one after the other into channel "ch" and prints when each send
// completed, and a consumer that takes one item every 10 ms.
std::string producer_consumer(const std::string &kind, int capacity) {
    std::string steps = R"({"let": "tx", "value": {"sender": "ch"}})";
    for (int i = 1; i <= 5; ++i) {
        steps += R"(, {"let": "tx", "await": {"send": [{"var": "tx"}, )" + std::to_string(i) +
                 R"(]}}, {"print": {"now_ms": {}}})";
    }
    return R"("channels": [{"name": "ch", "kind": ")" + kind + R"(", "capacity": )" +
           std::to_string(capacity) +
           R"(}], "tasks": [{"name": "producer", "future": {"async": {"name": "producer", "body": [)" +
           steps +
           R"(]}}}, {"name": "consumer", "daemon": true, "future": {"for_each": [{"recv": "ch"}, {"fn": "x", "body": {"delay": 10}}]}}])";
}

std::vector<std::string> printed(const RunOutcome &out) {
    std::vector<std::string> v;
    for (const OutputLine &l : out.output) {
        v.push_back(l.text);
    }
    return v;
}

TEST(unsync_channel, ACapacityOfOneTakesOneItemAndTheConsumerFreesTheNext) {
    // The first item is accepted at 0 and the consumer takes it at once, which frees the slot
    // for the second; every later one waits for the consumer's next take, 10 ms apart.
    RunOutcome out = run_text(producer_consumer("unsync_mpsc", 1));
    EXPECT_EQ(printed(out), (std::vector<std::string>{"0", "0", "10", "20", "30"}));
    EXPECT_EQ(find_task(out, "producer").polls, 5u);
}

TEST(unsync_channel, ACapacityOfZeroNeverAcceptsAnItem) {
    // unsync channel(0) has no slot at all, whatever the number of senders: a deadlock at 0.
    RunOutcome out = run_text(producer_consumer("unsync_mpsc", 0));
    EXPECT_EQ(result_of(out, "producer"), "stuck");
    EXPECT_EQ(find_task(out, "producer").polls, 1u);
    EXPECT_TRUE(printed(out).empty());
    ASSERT_EQ(out.diagnostics.size(), 1u);
    EXPECT_EQ(out.diagnostics[0].kind, "deadlock");
}

TEST(unsync_channel, TheSyncChannelOfZeroHasOneSlotPerSender) {
    // The sync channel's capacity is buffer + senders: channel(0) with one sender queues one
    // item, and each send completes when the consumer has taken it.
    RunOutcome out = run_text(producer_consumer("mpsc", 0));
    EXPECT_EQ(printed(out), (std::vector<std::string>{"0", "10", "20", "30", "40"}));
    EXPECT_EQ(find_task(out, "producer").polls, 6u);
}

TEST(unsync_channel, AnUnknownKindListsIt) {
    EXPECT_EQ(
        load_error(
            R"("channels": [{"name": "c", "kind": "unsync_mpc"}], "tasks": [{"name": "m", "future": {"ok": 1}}])"),
        "/channels/0/kind: unknown channel kind \"unsync_mpc\" (did you mean \"unsync_mpsc\"?); "
        "expected \"oneshot\", \"mpsc\", \"unbounded\" or \"unsync_mpsc\"");
    EXPECT_EQ(
        load_error(
            R"("channels": [{"name": "c", "kind": "unsync_mpsc"}], "tasks": [{"name": "m", "future": {"ok": 1}}])"),
        "/channels/0: missing key \"capacity\" (an unsync_mpsc channel is bounded)");
}

TEST(poll_cancel, IsReadyOnceTheReceiverIsDropped) {
    RunOutcome out = run_text(R"("channels": [{"name": "answer", "kind": "oneshot"}], "tasks": [
        {"name": "quitter", "future": {"chain": [{"poll_cancel": {"sender": "answer"}}, {"map": "canceled"}]}},
        {"name": "dropper", "future": {"chain": [{"delay": 5}, {"map": {"drop": {"receiver": "answer"}}}]}}])");
    EXPECT_EQ(result_of(out, "quitter"), "ok \"canceled\"");
    EXPECT_EQ(find_task(out, "quitter").completed_ns, 5'000'000);
    EXPECT_EQ(find_task(out, "quitter").polls, 2u);
}

TEST(receiver_drop, ASendAfterTheReceiverIsDroppedFails) {
    RunOutcome out = run_text(
        R"("channels": [{"name": "a", "kind": "oneshot"}, {"name": "m", "kind": "mpsc", "capacity": 1}], "tasks": [
        {"name": "sender", "future": {"chain": [{"delay": 5}, {"and_then": {"send": [{"sender": "a"}, 1]}}]}},
        {"name": "msender", "future": {"chain": [{"delay": 5}, {"and_then": {"send": [{"sender": "m"}, 1]}}]}},
        {"name": "dropper", "future": {"ok": {"tuple": [{"drop": {"receiver": "a"}}, {"drop": {"receiver": "m"}}]}}}])");
    EXPECT_EQ(result_of(out, "sender"), "err 1"); // oneshot's send gives the value back: Err(t)
    EXPECT_EQ(result_of(out, "msender"), "err SendError(1)");
    ASSERT_EQ(out.diagnostics.size(), 2u);
    EXPECT_EQ(out.diagnostics[0].kind, "send_after_receiver_dropped");
    EXPECT_EQ(out.diagnostics[1].kind, "send_after_receiver_dropped");
}

TEST(select_all_vec, ResolvesWithTheFirstReadyItsIndexAndTheRest) {
    RunOutcome out = run_text(R"("tasks": [{"name": "main", "future": {"chain": [
        {"ok": [{"future": {"delay": 40}}, {"future": {"delay": 10}}, {"future": {"delay": 30}}, {"future": {"delay": 20}}]},
        {"and_then": {"fn": "fs", "body": {"select_all_vec": {"var": "fs"}}}},
        {"map": {"fn": ["v", "i", "rest"], "body": {"tuple": [{"var": "i"}, {"len": {"var": "rest"}}]}}}]}}])");
    EXPECT_EQ(result_of(out, "main"), "ok (1, 3)");
    EXPECT_EQ(find_task(out, "main").completed_ns, 10'000'000);
}

TEST(select_all_vec, AnEmptyListPanicsAsFutures01Asserts) {
    RunOutcome out = run_text(R"("tasks": [{"name": "main", "future": {"select_all_vec": []}}])");
    EXPECT_EQ(result_of(out, "main"), "panic assertion failed: !ret.inner.is_empty()");
}

TEST(select_all_vec, JoinAllOfAListKeepsItsOrderAndOfNoneIsAnEmptyList) {
    RunOutcome out = run_text(R"("tasks": [
        {"name": "two", "future": {"join_all_vec": [{"future": {"chain": [{"delay": 20}, {"map": "a"}]}}, "b"]}},
        {"name": "none", "future": {"join_all_vec": []}}])");
    EXPECT_EQ(result_of(out, "two"), "ok [\"a\", \"b\"]");
    EXPECT_EQ(result_of(out, "none"), "ok []");
}

TEST(delay_until, WaitsForAnAbsoluteTime) {
    RunOutcome out = run_text(R"("tasks": [
        {"name": "abs", "future": {"chain": [{"delay": 3}, {"and_then": {"delay_until": 12}}, {"map": "at 12"}]}},
        {"name": "past", "future": {"chain": [{"delay": 8}, {"and_then": {"delay_until": 2}}, {"map": "late"}]}}])");
    EXPECT_EQ(result_of(out, "abs"), "ok \"at 12\"");
    EXPECT_EQ(find_task(out, "abs").completed_ns, 12'000'000);
    EXPECT_EQ(find_task(out, "abs").polls, 3u);
    // A time already past still sets its timer: it fires once the ready queue is empty.
    EXPECT_EQ(find_task(out, "past").completed_ns, 8'000'000);
    EXPECT_EQ(find_task(out, "past").polls, 3u);
}

// A future that notifies its task twice in its first poll and needs three polls to finish.
std::string twice(const std::string &runtime) {
    return runtime +
           R"("types": [{"struct": "Twice", "impl": "Future", "fields": ["polls"], "poll": [
       {"set": "polls", "value": {"add": [{"field": "polls"}, 1]}},
       {"if": {"eq": [{"field": "polls"}, 3]}, "then": [{"return": {"ready": {"field": "polls"}}}]},
       {"if": {"eq": [{"field": "polls"}, 1]}, "then": [
         {"notify": {"current_task": {}}}, {"notify": {"current_task": {}}}]},
       {"return": {"not_ready": {}}}]}],
     "tasks": [{"name": "twice", "future": {"new": {"Twice": {"polls": 0}}}}])";
}

TEST(coalescing, ByDefaultTwoNotifiesOfAQueuedTaskMergeIntoOnePoll) {
    RunOutcome out = run_text(twice(""));
    EXPECT_EQ(result_of(out, "twice"), "stuck");
    EXPECT_EQ(find_task(out, "twice").polls, 2u);
    EXPECT_EQ(out.diagnostics[0].kind, "lost_wakeup");
}

TEST(coalescing, TurnedOffEachNotifyCostsOnePoll) {
    RunOutcome out = run_text(twice(R"("runtime": {"coalesce": false}, )"));
    EXPECT_EQ(result_of(out, "twice"), "ok 3");
    EXPECT_EQ(find_task(out, "twice").polls, 3u);
    EXPECT_EQ(find_task(out, "twice").unparks, 2u);
    EXPECT_TRUE(out.diagnostics.empty());
}

TEST(coalescing, CanBeTurnedOffOnlyOnOneWorker) {
    EXPECT_EQ(
        load_error(
            R"("runtime": {"workers": 2, "coalesce": false}, "tasks": [{"name": "m", "future": {"ok": 1}}])"),
        "/runtime/coalesce: coalescing can be turned off only on the single-threaded "
        "executor (\"workers\": 1)");
}

TEST(poll_by_hand, PollsOnceOutsideAnyTask) {
    RunOutcome out = run_text(R"("tasks": [
        {"name": "main", "future": {"ok": {"tuple": [{"poll_by_hand": {"ok": 7}}, {"poll_by_hand": {"empty": {}}}, {"poll_by_hand": {"err": "e"}}]}}},
        {"name": "timer", "future": {"ok": {"poll_by_hand": {"delay": 5}}}},
        {"name": "handle", "future": {"ok": {"poll_by_hand": {"lazy": {"ok": {"current_task": {}}}}}}}])");
    EXPECT_EQ(result_of(out, "main"), "ok (Ready(7), NotReady(()), Err(\"e\"))");
    EXPECT_EQ(result_of(out, "timer"), "panic no Task is currently running");
    EXPECT_EQ(result_of(out, "handle"), "panic no Task is currently running");
}

} // namespace
} // namespace futurescope::scenario
