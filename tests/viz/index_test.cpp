// What the timeline draws, without a window: the lanes, the flame-graph depths of nested polls,
// unpark arrows from their source to the poll they cause, the state machine snapshot, and the
// zoom that keeps the point under the mouse still.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "trace_index.hpp"
#include "view_state.hpp"

namespace futurescope::viz {
namespace {

const trace::TraceModel &lesson() {
    static const trace::TraceModel model =
        trace::load_trace(std::filesystem::path(VIZ_TEST_DATA) / "lesson.json");
    return model;
}

// The channels sit right under the tasks (a lesson about a channel shows it above the fold),
// then the timers.
TEST(trace_index, HasALanePerTaskThenEachChannelThenOnePerTimer) {
    TraceIndex index = build_index(lesson());
    ASSERT_EQ(index.lanes.size(), 12u);
    EXPECT_EQ(index.lanes[0].label, "join (task 1)");
    EXPECT_EQ(index.lanes[4].label, "sender (task 5)");
    EXPECT_EQ(index.lanes[5].label, "channel #1 (oneshot)");
    EXPECT_EQ(index.lanes[5].markers.size(), 2u); // chan_send, chan_recv
    // Six timers, each on its own lane, named with the task that set it.
    for (std::size_t i = 0; i < 6; ++i) {
        EXPECT_EQ(index.lanes[6 + i].kind, LaneKind::timer);
        EXPECT_EQ(index.lanes[6 + i].id, i + 1);
    }
    EXPECT_EQ(index.lanes[6].label, "timer #1 (join)");
    EXPECT_EQ(index.lanes[8].label, "timer #3 (chain)");
    EXPECT_EQ(index.lanes[11].label, "timer #6 (chain)");
}

// A channel's lane has the name the lesson gives it.
TEST(trace_index, AChannelsLaneHasItsName) {
    std::ifstream in(std::filesystem::path(VIZ_TEST_DATA) / "lesson.json");
    nlohmann::json doc = nlohmann::json::parse(in);
    doc["channels"][0]["name"] = "jobs";
    const trace::TraceModel model = trace::load_trace_bytes(doc.dump(), "named.json");
    EXPECT_EQ(build_index(model).lanes[5].label, "channel jobs (oneshot)");
}

TEST(trace_index, EachTimerLaneHoldsItsWaitFromSetToFire) {
    TraceIndex index = build_index(lesson());
    // Timer 1 (join's 30 ms delay): set at seq 10, fired at 145; timer 2 (10 ms), set at 17
    // while timer 1 waits, has a lane of its own and fires at 78.
    const Lane &t1 = index.lanes[6];
    ASSERT_EQ(t1.depths.size(), 1u);
    ASSERT_EQ(t1.depths[0].size(), 1u);
    EXPECT_EQ(t1.depths[0][0].future, 1u);
    EXPECT_EQ(t1.depths[0][0].begin, 10u);
    EXPECT_EQ(t1.depths[0][0].end, 145u);
    EXPECT_EQ(t1.depths[0][0].result, PollOutcome::ready);
    ASSERT_EQ(t1.markers.size(), 2u); // set, fire
    EXPECT_EQ(t1.markers[1].kind, trace::EventKind::timer_fire);
    const Lane &t2 = index.lanes[7];
    ASSERT_EQ(t2.depths.size(), 1u);
    EXPECT_EQ(t2.depths[0][0].future, 2u);
    EXPECT_EQ(t2.depths[0][0].begin, 17u);
    EXPECT_EQ(t2.depths[0][0].end, 78u);
}

// A trace of `timers` timers, each set then fired, holding `task`'s handle (0: the network's).
trace::TraceModel many_timers(std::size_t timers, TaskId task = 1) {
    std::string events;
    std::size_t seq = 0;
    auto add = [&](const std::string &e) {
        events += (seq == 0 ? "" : ",") + std::string("{\"seq\":") + std::to_string(seq) +
                  ",\"t\":0," + e + "}";
        ++seq;
    };
    add(R"("kind":"spawn","task":1,"name":"main","daemon":false,"parent":0)");
    for (std::size_t i = 1; i <= timers; ++i) {
        add(R"("kind":"timer_set","timer":)" + std::to_string(i) + R"(,"deadline_ns":5,"task":)" +
            std::to_string(task));
    }
    for (std::size_t i = 1; i <= timers; ++i) {
        add(R"("kind":"timer_fire","timer":)" + std::to_string(i) + R"(,"task":)" +
            std::to_string(task));
    }
    const std::string doc =
        R"({"format":"futurescope-trace","version":1,"scenario":{"name":"t","file":"","seed":1},)"
        R"("events":[)" +
        events +
        R"(],"tasks":[{"id":1,"name":"main","daemon":false,"parent":0,"root":0}],"futures":[],)"
        R"("summary":{"end_ns":0,"steps":0,"stop":null,"tasks":[{"id":1,"polls":0,"unparks":0,)"
        R"("completed_ns":null,"result":null,"stuck":null}],"diagnostics":[]}})";
    return trace::load_trace_bytes(doc, "many_timers.json");
}

// The network's own timers (they hold no task's handle) share one lane after the lesson's.
TEST(trace_index, TheNetworksTimersFoldIntoOneLane) {
    const trace::TraceModel m = many_timers(3, 0);
    TraceIndex index = build_index(m);
    std::string labels;
    for (const Lane &l : index.lanes) {
        labels += l.label + "; ";
    }
    ASSERT_EQ(index.lanes.size(), 2u) << labels;
    EXPECT_EQ(index.lanes[1].kind, LaneKind::timers);
    EXPECT_EQ(index.lanes[1].label, "network timers (3)");
    std::size_t spans = 0;
    for (const auto &row : index.lanes[1].depths) {
        spans += row.size();
    }
    EXPECT_EQ(spans, 3u);
}

TEST(trace_index, TimersPastTheLaneLimitShareOneLane) {
    const trace::TraceModel m = many_timers(timer_lanes_max + 3);
    TraceIndex index = build_index(m);
    ASSERT_EQ(index.lanes.size(), 1 + timer_lanes_max + 1);
    EXPECT_EQ(index.lanes[timer_lanes_max].kind, LaneKind::timer);
    EXPECT_EQ(index.lanes[timer_lanes_max].id, timer_lanes_max);
    const Lane &rest = index.lanes.back();
    EXPECT_EQ(rest.kind, LaneKind::timers);
    EXPECT_EQ(rest.label, "other timers");
    // The three overlapping waits take sub-rows; each fired.
    ASSERT_EQ(rest.depths.size(), 3u);
    EXPECT_EQ(rest.depths[2][0].future, timer_lanes_max + 3);
    EXPECT_EQ(rest.depths[2][0].result, PollOutcome::ready);
}

TEST(trace_index, NestedPollsStackByDepthWithTheirResults) {
    TraceIndex index = build_index(lesson());
    const Lane &join = index.lanes[0];
    // Task level, Join, two Maps, two Delays: four depths.
    ASSERT_EQ(join.depths.size(), 4u);
    ASSERT_EQ(join.depths[0].size(), 3u);
    EXPECT_EQ(join.depths[0][0].begin, 5u);
    EXPECT_EQ(join.depths[0][0].end, 22u);
    EXPECT_EQ(join.depths[0][0].result, PollOutcome::not_ready);
    EXPECT_EQ(join.depths[0][2].result, PollOutcome::ready);
    EXPECT_EQ(join.depths[1][0].future, 1u);
    const Lane &fails = index.lanes[2];
    EXPECT_EQ(fails.depths[0][1].result, PollOutcome::err);
    EXPECT_EQ(fails.depths[1][1].result, PollOutcome::err);
}

TEST(trace_index, AnUnparkPointsFromItsSourceToThePollItCauses) {
    TraceIndex index = build_index(lesson());
    // seq 61: the timer wakes task 3, which is polled at 62.
    const Arrow &timer = index.arrows[0];
    EXPECT_EQ(timer.from, 61u);
    EXPECT_EQ(timer.to, 62u);
    EXPECT_EQ(timer.from_lane, 9); // timer #4's lane
    EXPECT_EQ(timer.to_lane, 2);
    // seq 126: the sender (task 5) wakes the receiver (task 4), polled at 132.
    auto it = std::find_if(
        index.arrows.begin(), index.arrows.end(), [](const Arrow &a) { return a.from == 126; });
    ASSERT_NE(it, index.arrows.end());
    EXPECT_EQ(it->to, 132u);
    EXPECT_EQ(it->from_lane, 4);
    EXPECT_EQ(it->to_lane, 3);
    EXPECT_EQ(it->outcome, UnparkOutcome::queued);
}

TEST(snapshot, ShowsTheTreeStatesResultsAndThePathBeingPolled) {
    TraceIndex index = build_index(lesson());
    TaskSnapshot s = snapshot_task(lesson(), index, 1, 88);
    ASSERT_EQ(s.futures.size(), 5u);
    EXPECT_EQ(s.futures[0].id, 1u);
    EXPECT_EQ(s.futures[2].id, 3u);
    EXPECT_EQ(s.futures[2].depth, 2);
    EXPECT_EQ(s.polling_path, (std::vector<FutureId>{1, 4, 5}));
    EXPECT_EQ(s.futures[4].state, "waiting");
    EXPECT_EQ(s.futures[4].last_result, "not_ready");
    s = snapshot_task(lesson(), index, 1, 94);
    EXPECT_EQ(s.futures[4].last_result, "ready(())");
    EXPECT_TRUE(s.futures[4].dropped);
    EXPECT_EQ(s.polling_path, (std::vector<FutureId>{1}));
    // Before its first poll a task has nothing to show.
    EXPECT_TRUE(snapshot_task(lesson(), index, 1, 4).futures.empty());
}

TEST(timeline_context, ZoomKeepsThePointUnderTheMouseStill) {
    TimelineContext t{0, 1000, 500};
    const double before = t.to_x(100);
    t.zoom(4, 100);
    EXPECT_NEAR(t.to_x(100), before, 1e-9);
    EXPECT_NEAR(t.x1 - t.x0, 250, 1e-9);
    t.pan_px(50); // dragging right shows what is left
    EXPECT_NEAR(t.to_x(150), before, 1e-9);
}

TEST(view_state, StepsByPollAndStopsAtBreakpoints) {
    ViewState v;
    v.set_model(std::make_shared<const trace::TraceModel>(
        trace::load_trace(std::filesystem::path(VIZ_TEST_DATA) / "lesson.json")));
    v.go_to(64);
    v.step_task_poll(1);
    EXPECT_EQ(v.cursor, 80u);
    EXPECT_EQ(v.selected_task, 1u); // the selection follows the cursor's task
    v.breakpoints.kinds[static_cast<std::size_t>(trace::EventKind::chan_send)] = true;
    v.run_to_end();
    EXPECT_EQ(v.cursor, 125u);
    v.events_per_s = 100;
    v.toggle_play();
    v.advance_play(0.05); // five events
    EXPECT_EQ(v.cursor, 130u);
    v.go_to(1'000'000);
    EXPECT_EQ(v.cursor, 178u);
}

} // namespace
} // namespace futurescope::viz
