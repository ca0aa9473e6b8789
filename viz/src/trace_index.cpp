#include "trace_index.hpp"

#include <map>

namespace futurescope::viz {

using trace::EventKind;
using trace::TraceEvent;

namespace {

constexpr std::size_t timer_rows_max = 4;

// Finds or makes the lane for a socket or channel, in order of first appearance.
int lane_for(TraceIndex &index,
             std::map<std::uint32_t, int> &lanes,
             LaneKind kind,
             std::uint32_t id,
             const char *prefix) {
    auto it = lanes.find(id);
    if (it != lanes.end()) {
        return it->second;
    }
    Lane lane;
    lane.kind = kind;
    lane.id = id;
    lane.label = std::string(prefix) + std::to_string(id);
    index.lanes.push_back(std::move(lane));
    int at = static_cast<int>(index.lanes.size()) - 1;
    lanes.emplace(id, at);
    return at;
}

} // namespace

TraceIndex build_index(const trace::TraceModel &model) {
    TraceIndex index;
    const std::size_t task_count = model.tasks.size();
    index.task_lane.assign(task_count + 1, -1);
    index.by_task.assign(task_count + 1, {});
    index.task_futures.assign(task_count + 1, {});
    for (const trace::TraceFuture &f : model.futures) {
        if (f.task >= 1 && f.task <= task_count) {
            index.task_futures[f.task].push_back(f.id);
        }
    }
    for (const trace::TraceTask &t : model.tasks) {
        Lane lane;
        lane.kind = LaneKind::task;
        lane.id = t.id;
        lane.label = model.task_name(t.id) + " (task " + std::to_string(t.id) + ")";
        lane.depths.resize(1);
        index.task_lane[t.id] = static_cast<int>(index.lanes.size());
        index.lanes.push_back(std::move(lane));
    }
    // A lane per timer, in order of first appearance, after the tasks; past timer_lanes_max,
    // one shared lane for the rest.
    std::map<std::uint32_t, int> timer_lanes;
    int timers_lane = -1;
    for (const TraceEvent &e : model.events) {
        if ((e.kind != EventKind::timer_set && e.kind != EventKind::timer_cancel &&
             e.kind != EventKind::timer_fire) ||
            timer_lanes.count(e.ref) != 0) {
            continue;
        }
        if (timer_lanes.size() == timer_lanes_max) {
            if (timers_lane < 0) {
                timers_lane = static_cast<int>(index.lanes.size()) + 1; // after the next
            }
            continue;
        }
        Lane lane;
        lane.kind = LaneKind::timer;
        lane.id = e.ref;
        lane.label = "timer #" + std::to_string(e.ref);
        if (const trace::TraceTask *t = model.task(e.task)) {
            lane.label += " (" + model.task_name(t->id) + ")";
        }
        timer_lanes.emplace(e.ref, static_cast<int>(index.lanes.size()));
        index.lanes.push_back(std::move(lane));
    }
    if (timers_lane >= 0) {
        timers_lane = static_cast<int>(index.lanes.size());
        Lane lane;
        lane.kind = LaneKind::timers;
        lane.label = "other timers";
        index.lanes.push_back(std::move(lane));
    }
    auto timer_lane = [&](std::uint32_t id) {
        auto it = timer_lanes.find(id);
        return it != timer_lanes.end() ? it->second : timers_lane;
    };
    std::map<std::uint32_t, int> socket_lanes;
    std::map<std::uint32_t, int> channel_lanes;

    // Open polls per task: the stack of spans being built (lane depth, index in that depth).
    struct Open {
        std::size_t depth;
        std::size_t at;
    };
    std::vector<std::vector<Open>> open(task_count + 1);
    // Unparks waiting for their target's next poll_begin.
    std::vector<std::vector<std::size_t>> pending_arrows(task_count + 1);

    auto task_ok = [&](TaskId t) { return t >= 1 && t <= task_count; };
    const Seq last = model.events.empty() ? 0 : static_cast<Seq>(model.events.size() - 1);
    // Timers waiting: timer id → (sub-row, index) of its bar in the timers lane.
    std::map<std::uint32_t, std::pair<std::size_t, std::size_t>> timer_spans;
    // A bar still open has its end at `last` and the not_ready mark of "waiting".
    auto open_timer_row = [&](const Span &s) {
        return s.end == last && s.result == PollOutcome::not_ready;
    };

    for (Seq seq = 0; seq < model.events.size(); ++seq) {
        const TraceEvent &e = model.events[seq];
        if (task_ok(e.task) && e.kind != EventKind::unpark) {
            index.by_task[e.task].push_back(seq);
        }
        switch (e.kind) {
        case EventKind::poll_begin: {
            if (!task_ok(e.task)) {
                break;
            }
            Lane &lane = index.lanes[static_cast<std::size_t>(index.task_lane[e.task])];
            lane.depths[0].push_back(Span{seq, last, 0, PollOutcome::not_ready});
            open[e.task].clear();
            open[e.task].push_back(Open{0, lane.depths[0].size() - 1});
            index.poll_begins.push_back(seq);
            for (std::size_t a : pending_arrows[e.task]) {
                index.arrows[a].to = seq;
            }
            pending_arrows[e.task].clear();
            break;
        }
        case EventKind::poll_end: {
            if (!task_ok(e.task) || open[e.task].empty()) {
                break;
            }
            Lane &lane = index.lanes[static_cast<std::size_t>(index.task_lane[e.task])];
            Span &s = lane.depths[0][open[e.task].front().at];
            s.end = seq;
            s.result = trace::poll_outcome(e);
            open[e.task].clear();
            break;
        }
        case EventKind::enter: {
            if (!task_ok(e.task)) {
                break;
            }
            Lane &lane = index.lanes[static_cast<std::size_t>(index.task_lane[e.task])];
            std::size_t depth = open[e.task].empty() ? 1 : open[e.task].back().depth + 1;
            if (lane.depths.size() <= depth) {
                lane.depths.resize(depth + 1);
            }
            index.max_depth = std::max(index.max_depth, depth);
            lane.depths[depth].push_back(Span{seq, last, e.future, PollOutcome::not_ready});
            open[e.task].push_back(Open{depth, lane.depths[depth].size() - 1});
            break;
        }
        case EventKind::exit: {
            if (!task_ok(e.task) || open[e.task].size() < 2) {
                break;
            }
            Lane &lane = index.lanes[static_cast<std::size_t>(index.task_lane[e.task])];
            Open o = open[e.task].back();
            open[e.task].pop_back();
            Span &s = lane.depths[o.depth][o.at];
            s.end = seq;
            s.result = trace::poll_outcome(e);
            break;
        }
        case EventKind::diag:
            index.diags.push_back(seq);
            [[fallthrough]];
        case EventKind::park:
        case EventKind::complete:
        case EventKind::spawn:
            if (task_ok(e.task)) {
                index.lanes[static_cast<std::size_t>(index.task_lane[e.task])].markers.push_back(
                    Marker{seq, e.kind});
            }
            break;
        case EventKind::timer_set:
        case EventKind::timer_cancel:
        case EventKind::timer_fire: {
            const int l = timer_lane(e.ref);
            if (l < 0) {
                break;
            }
            Lane &lane = index.lanes[static_cast<std::size_t>(l)];
            lane.markers.push_back(Marker{seq, e.kind});
            if (e.kind == EventKind::timer_set && lane.kind == LaneKind::timer) {
                // The timer's wait is a bar from set to fire or cancel.
                lane.depths.resize(1);
                lane.depths[0].push_back(Span{seq, last, e.ref, PollOutcome::not_ready});
                timer_spans[e.ref] = {0, lane.depths[0].size() - 1};
            } else if (e.kind == EventKind::timer_set) {
                // A timer's wait is a bar from set to fire or cancel, in the first sub-row
                // free at that moment (the last one takes the overflow).
                std::size_t row = 0;
                while (row < timer_rows_max - 1 && row < lane.depths.size() &&
                       !lane.depths[row].empty() && open_timer_row(lane.depths[row].back())) {
                    ++row;
                }
                if (lane.depths.size() <= row) {
                    lane.depths.resize(row + 1);
                }
                lane.depths[row].push_back(Span{seq, last, e.ref, PollOutcome::not_ready});
                timer_spans[e.ref] = {row, lane.depths[row].size() - 1};
            } else if (auto it = timer_spans.find(e.ref); it != timer_spans.end()) {
                Span &span = lane.depths[it->second.first][it->second.second];
                span.end = seq;
                span.result =
                    e.kind == EventKind::timer_fire ? PollOutcome::ready : PollOutcome::err;
                timer_spans.erase(it);
            }
            break;
        }
        case EventKind::unpark: {
            if (!task_ok(e.task)) {
                break;
            }
            int from = -1;
            switch (trace::unpark_source(e)) {
            case SourceKind::task:
                from = task_ok(e.ref) ? index.task_lane[e.ref] : -1;
                break;
            case SourceKind::timer:
                from = timer_lane(e.ref);
                break;
            case SourceKind::io:
                from = lane_for(index, socket_lanes, LaneKind::socket, e.ref, "socket ");
                break;
            case SourceKind::channel:
                from = lane_for(index, channel_lanes, LaneKind::channel, e.ref, "channel ");
                break;
            case SourceKind::external:
                break;
            }
            Arrow a{seq, seq, from, index.task_lane[e.task], trace::unpark_outcome(e)};
            index.arrows.push_back(a);
            if (a.outcome != UnparkOutcome::ignored) {
                pending_arrows[e.task].push_back(index.arrows.size() - 1);
            }
            index.by_task[e.task].push_back(seq);
            break;
        }
        default:
            if (trace::is_net_event(e.kind)) {
                int l = lane_for(index, socket_lanes, LaneKind::socket, e.ref, "socket ");
                index.lanes[static_cast<std::size_t>(l)].markers.push_back(Marker{seq, e.kind});
            } else if (trace::is_channel_event(e.kind)) {
                int l = lane_for(index, channel_lanes, LaneKind::channel, e.ref, "channel ");
                index.lanes[static_cast<std::size_t>(l)].markers.push_back(Marker{seq, e.kind});
            }
            break;
        }
    }
    // Channel lanes say what kind of channel they are.
    for (Lane &lane : index.lanes) {
        if (lane.kind == LaneKind::channel && lane.id >= 1 && lane.id <= model.channels.size()) {
            lane.label += " (" + std::string(model.str(model.channels[lane.id - 1].kind)) + ")";
        }
    }
    return index;
}

} // namespace futurescope::viz
