#include "view_state.hpp"

#include <algorithm>

#include "futurescope/narrate/narrator.hpp"

namespace futurescope::viz {

using trace::EventKind;
using trace::TraceEvent;

// [SECTION] Timeline context

void TimelineContext::zoom(double factor, float anchor_px) {
    const double anchor = to_x(anchor_px);
    const double span = std::max((x1 - x0) / factor, 1e-3);
    const double left = static_cast<double>(anchor_px) / std::max(1.0f, width_px);
    x0 = anchor - span * left;
    x1 = x0 + span;
}

void TimelineContext::pan_px(float dx_px) {
    const double dx = static_cast<double>(dx_px) * units_per_px();
    x0 -= dx;
    x1 -= dx;
}

// [SECTION] Future snapshots

namespace {

std::string result_text(const trace::TraceModel &m, const TraceEvent &e) {
    std::string s = to_string(trace::poll_outcome(e));
    if (e.text != 0) {
        s += "(" + std::string(m.str(e.text)) + ")";
    }
    return s;
}

// The snapshots of one task's futures, found by id (the task's ids are sorted).
struct TaskFutures {
    const std::vector<FutureId> &ids;
    std::vector<FutureSnapshot> slots;
    FutureSnapshot elsewhere; // a future registered by another task, polled by this one

    explicit TaskFutures(const std::vector<FutureId> &task_ids)
        : ids(task_ids), slots(task_ids.size()) {}

    [[nodiscard]] std::size_t slot(FutureId id) const {
        auto it = std::lower_bound(ids.begin(), ids.end(), id);
        return it != ids.end() && *it == id ? static_cast<std::size_t>(it - ids.begin())
                                            : ids.size();
    }
    FutureSnapshot &at(FutureId id) {
        const std::size_t i = slot(id);
        return i < slots.size() ? slots[i] : elsewhere;
    }
};

// Plays the task's events up to `upto` onto its futures; returns the chain being polled then.
std::vector<FutureId> play_events(const trace::TraceModel &model,
                                  const TraceIndex &index,
                                  TaskId task,
                                  std::optional<Seq> upto,
                                  TaskFutures &futures,
                                  TaskSnapshot &snap) {
    auto at = [&](FutureId id) -> FutureSnapshot & { return futures.at(id); };
    std::vector<FutureId> stack;
    if (upto) {
        for (Seq seq : index.by_task[task]) {
            if (seq > *upto) {
                break;
            }
            const TraceEvent &e = model.events[seq];
            const bool has_future = e.future != 0;
            if (seq == *upto && has_future &&
                (e.kind == EventKind::enter || e.kind == EventKind::exit ||
                 e.kind == EventKind::state || e.kind == EventKind::drop)) {
                snap.touched = e.future;
                snap.touched_before = at(e.future);
            }
            switch (e.kind) {
            case EventKind::poll_begin:
            case EventKind::poll_end:
                stack.clear();
                break;
            case EventKind::enter:
                if (has_future) {
                    at(e.future).seen = true;
                    at(e.future).state = std::string(model.str(e.text));
                    stack.push_back(e.future);
                }
                break;
            case EventKind::exit:
                if (has_future) {
                    at(e.future).last_result = result_text(model, e);
                }
                if (!stack.empty()) {
                    stack.pop_back();
                }
                break;
            case EventKind::state:
                if (has_future) {
                    at(e.future).seen = true;
                    at(e.future).state = std::string(model.str(e.text2));
                    at(e.future).held = std::string(model.str(e.text3));
                }
                break;
            case EventKind::drop:
                if (has_future) {
                    at(e.future).dropped = true;
                }
                break;
            default:
                break;
            }
        }
    }
    return stack;
}

// The futures the task has seen, depth-first over their parent links.
void tree_order(const trace::TraceModel &model, TaskFutures &futures, TaskSnapshot &snap) {
    const std::vector<FutureId> &ids = futures.ids;
    const std::vector<FutureSnapshot> &slots = futures.slots;
    auto at = [&](FutureId id) -> FutureSnapshot & { return futures.at(id); };
    auto slot = [&](FutureId id) { return futures.slot(id); };
    std::vector<std::vector<FutureId>> children(ids.size());
    std::vector<FutureId> roots;
    for (FutureId id : ids) {
        if (!at(id).seen) {
            continue;
        }
        const std::size_t parent = slot(model.futures[id - 1].parent);
        if (parent < ids.size() && slots[parent].seen) {
            children[parent].push_back(id);
        } else {
            roots.push_back(id);
        }
    }
    std::vector<std::pair<FutureId, int>> todo;
    for (auto it = roots.rbegin(); it != roots.rend(); ++it) {
        todo.emplace_back(*it, 0);
    }
    while (!todo.empty()) {
        auto [id, depth] = todo.back();
        todo.pop_back();
        FutureSnapshot s = at(id);
        s.id = id;
        s.parent = model.futures[id - 1].parent;
        s.depth = depth;
        snap.futures.push_back(std::move(s));
        const std::vector<FutureId> &kids = children[slot(id)];
        for (auto it = kids.rbegin(); it != kids.rend(); ++it) {
            todo.emplace_back(*it, depth + 1);
        }
    }
}

} // namespace

TaskSnapshot snapshot_task(const trace::TraceModel &model,
                           const TraceIndex &index,
                           TaskId task,
                           std::optional<Seq> upto) {
    TaskSnapshot snap;
    snap.task = task;
    if (task == 0 || task >= index.by_task.size()) {
        return snap;
    }
    // Only this task's futures: a trace may hold tens of thousands of others.
    TaskFutures futures(index.task_futures[task]);
    snap.polling_path = play_events(model, index, task, upto, futures, snap);
    for (FutureId id : snap.polling_path) {
        futures.at(id).polling = true;
    }
    tree_order(model, futures, snap);
    return snap;
}

// [SECTION] Task status

TaskStatus
task_status(const trace::TraceModel &model, const TraceIndex &index, TaskId task, Seq upto) {
    TaskStatus st;
    if (task == 0 || task >= index.by_task.size()) {
        return st;
    }
    // Back from the cursor over the task's own events (unparks of it included) to the last one
    // that changed what it is doing: at most one poll's worth of events.
    const std::vector<Seq> &seqs = index.by_task[task];
    auto it = std::upper_bound(seqs.begin(), seqs.end(), upto);
    const TraceEvent *wait = nullptr;
    Seq wait_seq = 0;
    while (it != seqs.begin()) {
        --it;
        const TraceEvent &e = model.events[*it];
        switch (e.kind) {
        case EventKind::complete:
            st.kind = TaskStatus::Kind::done;
            st.since = *it;
            return st;
        case EventKind::unpark:
            if (trace::unpark_outcome(e) == UnparkOutcome::ignored) {
                break;
            }
            // Woken during the poll that ended with an empty wait: queued again, not lost.
            st.kind = TaskStatus::Kind::queued;
            st.since = *it;
            return st;
        case EventKind::wait:
            if (wait == nullptr) {
                wait = &e;
                wait_seq = *it;
            }
            break;
        case EventKind::poll_end:
            if (wait == nullptr && trace::poll_outcome(e) != PollOutcome::not_ready) {
                st.kind = TaskStatus::Kind::done;
                st.since = *it;
                return st;
            }
            if (wait == nullptr) {
                st.kind = TaskStatus::Kind::parked; // a trace without wait events
                st.since = *it;
                return st;
            }
            break;
        case EventKind::poll_begin:
            if (wait != nullptr) {
                st.wakers = trace::wait_holders(model, *wait);
                for (std::string &w : st.wakers) {
                    w = narrate::with_channel_names(model, w); // "channel jobs", not "#1"
                }
                st.kind =
                    st.wakers.empty() ? TaskStatus::Kind::lost_wakeup : TaskStatus::Kind::parked;
                st.since = wait_seq;
            } else {
                st.kind = TaskStatus::Kind::polling;
                st.since = *it;
            }
            return st;
        case EventKind::spawn:
            st.kind = TaskStatus::Kind::queued;
            st.since = *it;
            return st;
        default:
            if (wait == nullptr && (e.kind == EventKind::enter || e.kind == EventKind::exit ||
                                    e.kind == EventKind::state || e.kind == EventKind::park)) {
                st.kind = TaskStatus::Kind::polling;
                st.since = *it;
                return st;
            }
            break;
        }
    }
    if (wait != nullptr) {
        st.wakers = trace::wait_holders(model, *wait);
        st.kind = st.wakers.empty() ? TaskStatus::Kind::lost_wakeup : TaskStatus::Kind::parked;
        st.since = wait_seq;
    }
    return st;
}

std::string_view to_string(TaskStatus::Kind kind) noexcept {
    switch (kind) {
    case TaskStatus::Kind::not_spawned:
        return "not_spawned";
    case TaskStatus::Kind::queued:
        return "queued";
    case TaskStatus::Kind::polling:
        return "polling";
    case TaskStatus::Kind::parked:
        return "parked";
    case TaskStatus::Kind::lost_wakeup:
        return "lost_wakeup";
    case TaskStatus::Kind::done:
        return "done";
    }
    return "?";
}

std::string describe_status(const TaskStatus &st, trace::Vocabulary vocab) {
    const bool mod = vocab == trace::Vocabulary::modern;
    switch (st.kind) {
    case TaskStatus::Kind::not_spawned:
        return "not spawned yet";
    case TaskStatus::Kind::queued:
        return "queued (ready to be polled)";
    case TaskStatus::Kind::polling:
        return "being polled";
    case TaskStatus::Kind::done:
        return "complete";
    case TaskStatus::Kind::lost_wakeup:
        return mod ? "pending, and nothing holds its Waker: lost wakeup"
                   : "parked, and nothing holds its handle: lost wakeup";
    case TaskStatus::Kind::parked:
        break;
    }
    if (st.wakers.empty()) {
        return mod ? "pending" : "parked";
    }
    std::string s = mod ? "pending — what will wake it: " : "parked — what will wake it: ";
    for (std::size_t i = 0; i < st.wakers.size(); ++i) {
        s += (i == 0 ? "" : "; ") + st.wakers[i];
    }
    return s;
}

// [SECTION] View state

bool Breakpoints::any() const {
    return task != 0 || future != 0 ||
           std::any_of(kinds.begin(), kinds.end(), [](bool b) { return b; });
}

bool Breakpoints::hit(const TraceEvent &e) const {
    if (!any()) {
        return false;
    }
    const bool any_kind = std::none_of(kinds.begin(), kinds.end(), [](bool b) { return b; });
    const bool kind_ok = any_kind || kinds[static_cast<std::size_t>(e.kind)];
    return kind_ok && (task == 0 || e.task == task) && (future == 0 || e.future == future);
}

void ViewState::set_model(std::shared_ptr<const trace::TraceModel> m) {
    model = std::move(m);
    ++generation;
    index = build_index(*model);
    task_cursor = std::make_unique<trace::TaskStatusCursor>(*model);
    executor_cursor = std::make_unique<ExecutorCursor>(*model);
    cursor = 0;
    selected_task = model->tasks.empty() ? 0 : 1;
    selected_future = 0;
    playing = false;
    fit_requested = true;
    load_error.clear();
    status.clear();
}

void ViewState::set_scenario(std::string text,
                             std::vector<trace::Note> scenario_notes,
                             SourceLocator locator) {
    scenario_text = std::move(text);
    notes = std::move(scenario_notes);
    locate = std::move(locator);
    narration->configure(notes, vocabulary);
}

std::optional<SourceRange> ViewState::locate_source(std::string_view source) const {
    if (!locate || source.empty()) {
        return std::nullopt;
    }
    return locate(source);
}

void ViewState::set_vocabulary(trace::Vocabulary v) {
    vocabulary = v;
    narration->configure(notes, vocabulary);
    retell();
}

void ViewState::set_lesson(std::string title,
                           std::string description,
                           std::vector<PrintedLine> output) {
    lesson.title = std::move(title);
    lesson.description = std::move(description);
    lesson.output = std::move(output);
    retell();
}

void ViewState::retell() {
    lesson.story.clear();
    lesson.story_ends.clear();
    lesson.note_seqs.clear();
    if (!loaded()) {
        return;
    }
    std::vector<narrate::StoryOutput> printed;
    printed.reserve(lesson.output.size());
    for (const PrintedLine &o : lesson.output) {
        printed.push_back({o.t, o.task, o.text, o.poll});
    }
    lesson.story = narration->story(*model, printed);
    lesson.story_ends.reserve(lesson.story.size());
    for (const narrate::StoryLine &l : lesson.story) {
        // Lines follow the trace; a line that ends before the one above it (none should) is
        // kept in order so that the binary searches below stay valid.
        const Seq end = static_cast<Seq>(l.last_event);
        lesson.story_ends.push_back(
            lesson.story_ends.empty() ? end : std::max(end, lesson.story_ends.back()));
    }
    if (!notes.empty()) {
        for (Seq s = 0; s <= last(); ++s) {
            if (!narration->notes(*model, s).empty()) {
                lesson.note_seqs.push_back(s);
            }
        }
    }
}

double ViewState::axis_of(Seq seq) const {
    if (!loaded()) {
        return 0;
    }
    if (axis == Axis::order) {
        return static_cast<double>(seq) + 0.5;
    }
    return static_cast<double>(model->events[std::min(seq, last())].t);
}

double ViewState::axis_end() const {
    if (!loaded()) {
        return 1;
    }
    return axis == Axis::order ? static_cast<double>(model->events.size())
                               : static_cast<double>(model->events.back().t);
}

void ViewState::fit() {
    double a = loaded() && axis == Axis::time ? static_cast<double>(model->events.front().t) : 0;
    double b = std::max(axis_end(), a + 1);
    const double margin = (b - a) * 0.02;
    timeline.x0 = a - margin;
    timeline.x1 = b + margin;
    fit_requested = false;
}

void ViewState::go_to(std::int64_t seq) {
    if (!loaded()) {
        return;
    }
    cursor = static_cast<Seq>(std::clamp<std::int64_t>(seq, 0, last()));
    const TraceEvent &e = model->events[cursor];
    if (follow_task && e.task != 0 && e.task != selected_task && model->task(e.task) != nullptr) {
        select_task(e.task);
    }
    if (follow_cursor) {
        const double x = axis_of(cursor);
        const double w = timeline.x1 - timeline.x0;
        if (x < timeline.x0 || x > timeline.x1) {
            timeline.x0 = x - w / 2;
            timeline.x1 = x + w / 2;
        }
    }
}

void ViewState::step(int delta) { go_to(static_cast<std::int64_t>(cursor) + delta); }

namespace {

// The next (dir > 0) or previous seq in a sorted list, relative to `cursor`.
std::optional<Seq> neighbour(const std::vector<Seq> &seqs, Seq cursor, int dir) {
    if (dir > 0) {
        auto it = std::upper_bound(seqs.begin(), seqs.end(), cursor);
        return it == seqs.end() ? std::nullopt : std::optional<Seq>(*it);
    }
    auto it = std::lower_bound(seqs.begin(), seqs.end(), cursor);
    return it == seqs.begin() ? std::nullopt : std::optional<Seq>(*(it - 1));
}

} // namespace

const trace::TaskStatusCursor *ViewState::tasks_at_cursor() const {
    if (!loaded() || task_cursor == nullptr) {
        return nullptr;
    }
    // The statuses after the cursor's event: it counts the events applied.
    if (task_cursor->cursor() != static_cast<std::size_t>(cursor) + 1) {
        task_cursor->seek(static_cast<std::size_t>(cursor) + 1);
    }
    return task_cursor.get();
}

const ExecutorState *ViewState::executor_at_cursor() const {
    if (!loaded() || executor_cursor == nullptr || !executor_cursor->drawable()) {
        return nullptr;
    }
    return &executor_cursor->at(cursor);
}

std::optional<std::size_t> ViewState::story_line() const {
    const std::vector<Seq> &ends = lesson.story_ends;
    auto it = std::lower_bound(ends.begin(), ends.end(), cursor);
    if (it == ends.end()) {
        return ends.empty() ? std::nullopt : std::optional<std::size_t>(ends.size() - 1);
    }
    return static_cast<std::size_t>(it - ends.begin());
}

void ViewState::go_to_story(std::size_t line) {
    if (line < lesson.story_ends.size()) {
        go_to(lesson.story_ends[line]);
    }
}

void ViewState::step_story(int dir) {
    if (auto s = neighbour(lesson.story_ends, cursor, dir)) {
        go_to(*s);
    }
}

void ViewState::step_note(int dir) {
    if (auto s = neighbour(lesson.note_seqs, cursor, dir)) {
        go_to(*s);
    }
}

void ViewState::place_in_lessons() {
    lesson.current.reset();
    std::error_code ec;
    for (std::size_t i = 0; i < lesson.list.size(); ++i) {
        if (std::filesystem::equivalent(lesson.list[i].file, file, ec)) {
            lesson.current = i;
            return;
        }
    }
}

std::optional<std::filesystem::path> ViewState::next_lesson() const {
    if (!lesson.current || *lesson.current + 1 >= lesson.list.size()) {
        return std::nullopt;
    }
    return lesson.list[*lesson.current + 1].file;
}

bool ViewState::request_next_lesson() {
    if (std::optional<std::filesystem::path> next = next_lesson()) {
        open_request = *next;
        return true;
    }
    return false;
}

void ViewState::step_task_poll(int dir) {
    if (auto s = neighbour(index.poll_begins, cursor, dir)) {
        go_to(*s);
    }
}

void ViewState::step_selected_poll(int dir) {
    if (selected_task == 0 || selected_task >= index.task_lane.size()) {
        return;
    }
    const Lane &lane = index.lanes[static_cast<std::size_t>(index.task_lane[selected_task])];
    const std::vector<Span> &spans = lane.depths[0];
    std::optional<Seq> best;
    if (dir > 0) {
        auto it = std::upper_bound(
            spans.begin(), spans.end(), cursor, [](Seq c, const Span &s) { return c < s.begin; });
        if (it != spans.end()) {
            best = it->begin;
        }
    } else {
        auto it = std::lower_bound(
            spans.begin(), spans.end(), cursor, [](const Span &s, Seq c) { return s.begin < c; });
        if (it != spans.begin()) {
            best = (it - 1)->begin;
        }
    }
    if (best) {
        go_to(*best);
    }
}

void ViewState::run_to_end() {
    if (!loaded()) {
        return;
    }
    playing = false;
    if (breakpoints.any()) {
        for (Seq s = cursor + 1; s <= last(); ++s) {
            if (breakpoints.hit(model->events[s])) {
                go_to(s);
                status = "Breakpoint: " + describe_event(*model, model->events[s]);
                return;
            }
        }
    }
    go_to(last());
    status = "At the end of the trace.";
}

void ViewState::toggle_play() {
    if (!loaded()) {
        return;
    }
    playing = !playing;
    play_accum = 0;
    if (playing && cursor == last()) {
        go_to(0);
    }
}

void ViewState::advance_play(double dt_s) {
    if (!playing || !loaded()) {
        return;
    }
    play_accum += dt_s * events_per_s;
    while (play_accum >= 1) {
        play_accum -= 1;
        if (cursor >= last()) {
            playing = false;
            status = "At the end of the trace.";
            return;
        }
        step(1);
        if (breakpoints.hit(model->events[cursor])) {
            playing = false;
            status = "Breakpoint: " + describe_event(*model, model->events[cursor]);
            return;
        }
    }
}

void ViewState::select_task(TaskId task) {
    selected_task = task;
    selected_future = 0;
}

void ViewState::select_future(FutureId future) {
    selected_future = future;
    if (loaded()) {
        if (const trace::TraceFuture *f = model->future(future)) {
            selected_task = f->task;
        }
    }
}

bool ViewState::jump_to_diag(std::size_t i) {
    if (!loaded() || i >= index.diags.size()) {
        return false;
    }
    const Seq s = index.diags[i];
    const TraceEvent &e = model->events[s];
    go_to(s);
    if (e.task != 0) {
        select_task(e.task);
    }
    if (e.future != 0) {
        select_future(e.future);
    }
    return true;
}

void ViewState::set_axis(Axis a) {
    if (a == axis) {
        return;
    }
    axis = a;
    fit();
    go_to(cursor);
}

} // namespace futurescope::viz
