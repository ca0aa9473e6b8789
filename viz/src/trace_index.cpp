#include "trace_index.hpp"

#include <map>
#include <set>

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

// The index in passes with names: lanes for tasks and timers first, then one walk over the
// events that stacks polls, ends timer waits, draws unpark arrows and finds socket and channel
// lanes as they appear.
class IndexBuilder {
  public:
    explicit IndexBuilder(const trace::TraceModel &model)
        : model_(model), task_count_(model.tasks.size()),
          last_(model.events.empty() ? 0 : static_cast<Seq>(model.events.size() - 1)),
          open_(task_count_ + 1), pending_arrows_(task_count_ + 1) {}

    TraceIndex build() {
        add_task_lanes();
        add_channel_lanes();
        add_timer_lanes();
        for (Seq seq = 0; seq < model_.events.size(); ++seq) {
            add_event(seq, model_.events[seq]);
        }
        label_channel_lanes();
        return std::move(index_);
    }

  private:
    // Open polls per task: the stack of spans being built (lane depth, index in that depth).
    struct Open {
        std::size_t depth;
        std::size_t at;
    };

    [[nodiscard]] bool task_ok(TaskId t) const { return t >= 1 && t <= task_count_; }
    Lane &task_lane(TaskId t) {
        return index_.lanes[static_cast<std::size_t>(index_.task_lane[t])];
    }
    [[nodiscard]] int timer_lane(std::uint32_t id) const {
        auto it = timer_lanes_.find(id);
        return it != timer_lanes_.end() ? it->second : timers_lane_;
    }
    // A bar still open has its end at `last` and the not_ready mark of "waiting".
    [[nodiscard]] bool open_timer_row(const Span &s) const {
        return s.end == last_ && s.result == PollOutcome::not_ready;
    }

    void add_task_lanes() {
        index_.task_lane.assign(task_count_ + 1, -1);
        index_.by_task.assign(task_count_ + 1, {});
        index_.task_futures.assign(task_count_ + 1, {});
        for (const trace::TraceFuture &f : model_.futures) {
            if (f.task >= 1 && f.task <= task_count_) {
                index_.task_futures[f.task].push_back(f.id);
            }
        }
        for (const trace::TraceTask &t : model_.tasks) {
            Lane lane;
            lane.kind = LaneKind::task;
            lane.id = t.id;
            lane.label = model_.task_name(t.id) + " (task " + std::to_string(t.id) + ")";
            lane.depths.resize(1);
            index_.task_lane[t.id] = static_cast<int>(index_.lanes.size());
            index_.lanes.push_back(std::move(lane));
        }
    }

    // A lane per timer, in order of first appearance, after the tasks and channels; past
    // timer_lanes_max, one shared lane for the rest.
    void add_timer_lanes() {
        for (const TraceEvent &e : model_.events) {
            if ((e.kind != EventKind::timer_set && e.kind != EventKind::timer_cancel &&
                 e.kind != EventKind::timer_fire) ||
                timer_lanes_.count(e.ref) != 0 || network_timers_.count(e.ref) != 0) {
                continue;
            }
            // The network's own timers (packet deliveries: they hold no task's handle) fold into
            // one lane, so that they do not bury the lesson's timers.
            if (e.task == 0) {
                network_timers_.insert(e.ref);
                continue;
            }
            if (timer_lanes_.size() == timer_lanes_max) {
                if (timers_lane_ < 0) {
                    timers_lane_ = static_cast<int>(index_.lanes.size()) + 1; // after the next
                }
                continue;
            }
            Lane lane;
            lane.kind = LaneKind::timer;
            lane.id = e.ref;
            lane.label = "timer #" + std::to_string(e.ref);
            if (const trace::TraceTask *t = model_.task(e.task)) {
                lane.label += " (" + model_.task_name(t->id) + ")";
            }
            timer_lanes_.emplace(e.ref, static_cast<int>(index_.lanes.size()));
            index_.lanes.push_back(std::move(lane));
        }
        if (!network_timers_.empty()) {
            const int at = static_cast<int>(index_.lanes.size());
            Lane lane;
            lane.kind = LaneKind::timers;
            lane.label = "network timers (" + std::to_string(network_timers_.size()) + ")";
            index_.lanes.push_back(std::move(lane));
            for (const std::uint32_t id : network_timers_) {
                timer_lanes_.emplace(id, at);
            }
        }
        if (timers_lane_ >= 0) {
            timers_lane_ = static_cast<int>(index_.lanes.size());
            Lane lane;
            lane.kind = LaneKind::timers;
            lane.label = "other timers";
            index_.lanes.push_back(std::move(lane));
        }
    }

    void add_event(Seq seq, const TraceEvent &e) {
        if (task_ok(e.task) && e.kind != EventKind::unpark) {
            index_.by_task[e.task].push_back(seq);
        }
        switch (e.kind) {
        case EventKind::poll_begin:
            poll_begin(seq, e);
            break;
        case EventKind::poll_end:
            poll_end(seq, e);
            break;
        case EventKind::enter:
            enter_future(seq, e);
            break;
        case EventKind::exit:
            exit_future(seq, e);
            break;
        case EventKind::diag:
            index_.diags.push_back(seq);
            [[fallthrough]];
        case EventKind::park:
        case EventKind::complete:
        case EventKind::spawn:
            if (task_ok(e.task)) {
                task_lane(e.task).markers.push_back(Marker{seq, e.kind});
            }
            break;
        case EventKind::timer_set:
        case EventKind::timer_cancel:
        case EventKind::timer_fire:
            timer(seq, e);
            break;
        case EventKind::unpark:
            unpark(seq, e);
            break;
        default:
            if (trace::is_net_event(e.kind)) {
                int l = lane_for(index_, socket_lanes_, LaneKind::socket, e.ref, "socket ");
                index_.lanes[static_cast<std::size_t>(l)].markers.push_back(Marker{seq, e.kind});
            } else if (trace::is_channel_event(e.kind)) {
                int l = lane_for(index_, channel_lanes_, LaneKind::channel, e.ref, "channel ");
                index_.lanes[static_cast<std::size_t>(l)].markers.push_back(Marker{seq, e.kind});
            }
            break;
        }
    }

    // A task-level poll opens depth 0 and is where the unparks waiting for it point.
    void poll_begin(Seq seq, const TraceEvent &e) {
        if (!task_ok(e.task)) {
            return;
        }
        Lane &lane = task_lane(e.task);
        lane.depths[0].push_back(Span{seq, last_, 0, PollOutcome::not_ready});
        open_[e.task].clear();
        open_[e.task].push_back(Open{0, lane.depths[0].size() - 1});
        index_.poll_begins.push_back(seq);
        for (std::size_t a : pending_arrows_[e.task]) {
            index_.arrows[a].to = seq;
        }
        pending_arrows_[e.task].clear();
    }

    void poll_end(Seq seq, const TraceEvent &e) {
        if (!task_ok(e.task) || open_[e.task].empty()) {
            return;
        }
        Span &s = task_lane(e.task).depths[0][open_[e.task].front().at];
        s.end = seq;
        s.result = trace::poll_outcome(e);
        open_[e.task].clear();
    }

    // A nested poll stacks one depth under the poll that makes it.
    void enter_future(Seq seq, const TraceEvent &e) {
        if (!task_ok(e.task)) {
            return;
        }
        Lane &lane = task_lane(e.task);
        std::size_t depth = open_[e.task].empty() ? 1 : open_[e.task].back().depth + 1;
        if (lane.depths.size() <= depth) {
            lane.depths.resize(depth + 1);
        }
        index_.max_depth = std::max(index_.max_depth, depth);
        lane.depths[depth].push_back(Span{seq, last_, e.future, PollOutcome::not_ready});
        open_[e.task].push_back(Open{depth, lane.depths[depth].size() - 1});
    }

    void exit_future(Seq seq, const TraceEvent &e) {
        if (!task_ok(e.task) || open_[e.task].size() < 2) {
            return;
        }
        Lane &lane = task_lane(e.task);
        Open o = open_[e.task].back();
        open_[e.task].pop_back();
        Span &s = lane.depths[o.depth][o.at];
        s.end = seq;
        s.result = trace::poll_outcome(e);
    }

    // A timer's wait is a bar from set to fire or cancel.
    void timer(Seq seq, const TraceEvent &e) {
        const int l = timer_lane(e.ref);
        if (l < 0) {
            return;
        }
        Lane &lane = index_.lanes[static_cast<std::size_t>(l)];
        lane.markers.push_back(Marker{seq, e.kind});
        if (e.kind == EventKind::timer_set && lane.kind == LaneKind::timer) {
            lane.depths.resize(1);
            lane.depths[0].push_back(Span{seq, last_, e.ref, PollOutcome::not_ready});
            timer_spans_[e.ref] = {0, lane.depths[0].size() - 1};
        } else if (e.kind == EventKind::timer_set) {
            // In the shared lane, in the first sub-row free at that moment (the last one takes
            // the overflow).
            std::size_t row = 0;
            while (row < timer_rows_max - 1 && row < lane.depths.size() &&
                   !lane.depths[row].empty() && open_timer_row(lane.depths[row].back())) {
                ++row;
            }
            if (lane.depths.size() <= row) {
                lane.depths.resize(row + 1);
            }
            lane.depths[row].push_back(Span{seq, last_, e.ref, PollOutcome::not_ready});
            timer_spans_[e.ref] = {row, lane.depths[row].size() - 1};
        } else if (auto it = timer_spans_.find(e.ref); it != timer_spans_.end()) {
            Span &span = lane.depths[it->second.first][it->second.second];
            span.end = seq;
            span.result = e.kind == EventKind::timer_fire ? PollOutcome::ready : PollOutcome::err;
            timer_spans_.erase(it);
        }
    }

    // An arrow from the unpark's source lane, to the target's next task-level poll.
    void unpark(Seq seq, const TraceEvent &e) {
        if (!task_ok(e.task)) {
            return;
        }
        int from = -1;
        switch (trace::unpark_source(e)) {
        case SourceKind::task:
            from = task_ok(e.ref) ? index_.task_lane[e.ref] : -1;
            break;
        case SourceKind::timer:
            from = timer_lane(e.ref);
            break;
        case SourceKind::io:
            from = lane_for(index_, socket_lanes_, LaneKind::socket, e.ref, "socket ");
            break;
        case SourceKind::channel:
            from = lane_for(index_, channel_lanes_, LaneKind::channel, e.ref, "channel ");
            break;
        case SourceKind::external:
            break;
        }
        Arrow a{seq, seq, from, index_.task_lane[e.task], trace::unpark_outcome(e)};
        index_.arrows.push_back(a);
        if (a.outcome != UnparkOutcome::ignored) {
            pending_arrows_[e.task].push_back(index_.arrows.size() - 1);
        }
        index_.by_task[e.task].push_back(seq);
    }

    // The channels of the trace's table right under the tasks that use them, in id order; a
    // channel the table does not hold gets its lane where it first appears.
    void add_channel_lanes() {
        for (const trace::TraceChannel &c : model_.channels) {
            (void)lane_for(index_, channel_lanes_, LaneKind::channel, c.id, "channel ");
        }
    }

    // Channel lanes say what the lesson calls them ("channel jobs", else "channel #1") and what
    // kind of channel they are.
    void label_channel_lanes() {
        for (Lane &lane : index_.lanes) {
            if (lane.kind != LaneKind::channel) {
                continue;
            }
            lane.label = model_.channel_name(lane.id);
            if (lane.id >= 1 && lane.id <= model_.channels.size()) {
                lane.label +=
                    " (" + std::string(model_.str(model_.channels[lane.id - 1].kind)) + ")";
            }
        }
    }

    const trace::TraceModel &model_;
    const std::size_t task_count_;
    const Seq last_;
    TraceIndex index_;
    std::map<std::uint32_t, int> timer_lanes_;
    std::set<std::uint32_t> network_timers_;
    int timers_lane_ = -1;
    std::map<std::uint32_t, int> socket_lanes_;
    std::map<std::uint32_t, int> channel_lanes_;
    std::vector<std::vector<Open>> open_;
    // Unparks waiting for their target's next poll_begin.
    std::vector<std::vector<std::size_t>> pending_arrows_;
    // Timers waiting: timer id → (sub-row, index) of its bar in its lane.
    std::map<std::uint32_t, std::pair<std::size_t, std::size_t>> timer_spans_;
};

} // namespace

TraceIndex build_index(const trace::TraceModel &model) { return IndexBuilder(model).build(); }

} // namespace futurescope::viz
