// Script mode: UI actions as text lines, run through the same ViewState commands as the buttons
// and keys, and the resulting view state as JSON (the only file of the viewer that includes
// nlohmann/json).
#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <utility>
#include <vector>

#include "app.hpp"
#include "scenario_text.hpp"

namespace futurescope::viz {

namespace {

// "120.5", "seq:66" (the middle of event 66 on the timeline's axis) for x; "300", "lane:2" or
// "lane:2:1" (the middle of lane 2's depth row 1) for y.
bool parse_x(const ViewState &view, const std::string &word, float &out) {
    if (word.rfind("seq:", 0) == 0) {
        const auto seq = static_cast<Seq>(std::stoul(word.substr(4)));
        out = view.geometry.left + view.timeline.to_px(view.axis_of(seq));
        return true;
    }
    std::size_t used = 0;
    out = std::stof(word, &used);
    return used == word.size();
}

bool parse_y(const ViewState &view, const std::string &word, float &out) {
    if (word.rfind("lane:", 0) == 0) {
        const std::string rest = word.substr(5);
        const auto colon = rest.find(':');
        const auto lane = std::stoul(rest.substr(0, colon));
        const auto depth = colon == std::string::npos ? 0 : std::stoul(rest.substr(colon + 1));
        if (lane >= view.geometry.lane_top.size()) {
            return false;
        }
        out = view.geometry.lane_top[lane] + 3 +
              (static_cast<float>(depth) + 0.5f) * view.geometry.depth_h;
        return true;
    }
    std::size_t used = 0;
    out = std::stof(word, &used);
    return used == word.size();
}

// What one group of actions made of a line: not one of its actions, done, or an error (in
// `error`).
enum class Outcome : std::uint8_t { not_mine, done, failed };

// The words after an action, and the error of the line.
struct Line {
    std::istringstream &words;
    std::string &error;

    Outcome fail(const std::string &what) const {
        error = what;
        return Outcome::failed;
    }
    // The next number; a missing optional one leaves `out` as it is.
    bool number(double &out, bool required) const {
        if (words >> out) {
            return true;
        }
        return !required;
    }
};

// A count of moves as an int: more moves than the trace has events would change nothing, so it
// is cut there (a count past int's range is no undefined conversion, nor a loop without end).
int bounded_count(const ViewState &view, double n) {
    const double most = static_cast<double>(view.last()) + 1;
    return static_cast<int>(std::clamp(n, -most, most));
}

// step N | poll N | task_poll N | story N | story_line K | note N | goto N | home | end |
// run_to_end | speed EV_PER_S | play SECONDS
Outcome move_cursor(ViewState &view, const std::string &action, const Line &l) {
    double n = 1;
    if (action == "step" || action == "poll" || action == "task_poll") {
        if (!l.number(n, false)) {
            return l.fail("'" + action + "' takes a count");
        }
        const int count = bounded_count(view, n);
        if (action == "step") {
            view.step(count);
        } else {
            for (int i = 0; i < std::abs(count); ++i) {
                action == "poll" ? view.step_task_poll(count < 0 ? -1 : 1)
                                 : view.step_selected_poll(count < 0 ? -1 : 1);
            }
        }
    } else if (action == "story" || action == "note") {
        if (!l.number(n, false)) {
            return l.fail("'" + action + "' takes a count");
        }
        const int count = bounded_count(view, n);
        for (int i = 0; i < std::abs(count); ++i) {
            action == "story" ? view.step_story(count < 0 ? -1 : 1)
                              : view.step_note(count < 0 ? -1 : 1);
        }
    } else if (action == "story_line") {
        if (!l.number(n, true) || n < 1 || n > static_cast<double>(view.lesson.story.size())) {
            return l.fail("'story_line' takes a line number from 1 to " +
                          std::to_string(view.lesson.story.size()));
        }
        view.go_to_story(static_cast<std::size_t>(n) - 1);
    } else if (action == "goto") {
        if (!l.number(n, true)) {
            return l.fail("'goto' takes a step number");
        }
        view.go_to(static_cast<std::int64_t>(n));
    } else if (action == "home") {
        view.go_to(0);
    } else if (action == "end") {
        view.go_to(view.last());
    } else if (action == "run_to_end") {
        view.run_to_end();
    } else if (action == "speed") {
        if (!l.number(n, true) || n <= 0) {
            return l.fail("'speed' takes events per second");
        }
        view.events_per_s = static_cast<float>(n);
    } else if (action == "play") {
        if (!l.number(n, true) || n < 0) {
            return l.fail("'play' takes seconds");
        }
        view.playing = true;
        view.play_accum = 0;
        view.advance_play(n);
        view.playing = false;
    } else {
        return Outcome::not_mine;
    }
    return Outcome::done;
}

// select_task ID | select_future ID | break_task ID | break_future ID | break_kind KIND |
// jump_diag I
Outcome select_or_break(ViewState &view, const std::string &action, const Line &l) {
    double n = 1;
    if (action == "select_task" || action == "select_future" || action == "break_task" ||
        action == "break_future") {
        if (!l.number(n, true) || n < 0) {
            return l.fail("'" + action + "' takes an id");
        }
        const auto id = static_cast<std::uint32_t>(n);
        if (action == "select_task") {
            view.select_task(id);
        } else if (action == "select_future") {
            view.select_future(id);
        } else if (action == "break_task") {
            view.breakpoints.task = id;
        } else {
            view.breakpoints.future = id;
        }
    } else if (action == "break_kind") {
        std::string word;
        l.words >> word;
        auto kind = trace::parse_event_kind(word);
        if (!kind) {
            return l.fail("unknown event kind '" + word + "'");
        }
        view.breakpoints.kinds[static_cast<std::size_t>(*kind)] = true;
    } else if (action == "jump_diag") {
        if (!l.number(n, true) || n < 0 || !view.jump_to_diag(static_cast<std::size_t>(n))) {
            return l.fail("'jump_diag' takes the index of a diagnostic of this trace");
        }
    } else {
        return Outcome::not_mine;
    }
    return Outcome::done;
}

// axis order|time | toggle_axis | vocab 01|modern | toggle_vocab | zoom FACTOR [AT] | pan PX |
// fit | executor on|off
Outcome change_view(ViewState &view, const std::string &action, const Line &l) {
    double n = 1;
    std::string word;
    if (action == "axis") {
        l.words >> word;
        if (word == "order") {
            view.set_axis(Axis::order);
        } else if (word == "time") {
            view.set_axis(Axis::time);
        } else {
            return l.fail("'axis' takes 'order' or 'time'");
        }
    } else if (action == "executor") {
        l.words >> word;
        if (word != "on" && word != "off") {
            return l.fail("'executor' takes 'on' or 'off'");
        }
        view.show_executor = word == "on";
    } else if (action == "toggle_axis") {
        view.set_axis(view.axis == Axis::order ? Axis::time : Axis::order);
    } else if (action == "vocab") {
        l.words >> word;
        const auto vocab = trace::parse_vocabulary(word);
        if (!vocab) {
            return l.fail("'vocab' takes '01' or 'modern'");
        }
        view.set_vocabulary(*vocab);
    } else if (action == "toggle_vocab") {
        view.set_vocabulary(view.vocabulary == trace::Vocabulary::modern
                                ? trace::Vocabulary::futures01
                                : trace::Vocabulary::modern);
    } else if (action == "zoom") {
        double at = 0.5;
        if (!l.number(n, true) || n <= 0) {
            return l.fail("'zoom' takes a positive factor");
        }
        l.number(at, false);
        view.timeline.zoom(n, static_cast<float>(at) * view.timeline.width_px);
    } else if (action == "pan") {
        if (!l.number(n, true)) {
            return l.fail("'pan' takes pixels");
        }
        view.timeline.pan_px(static_cast<float>(n));
    } else if (action == "fit") {
        view.fit();
    } else {
        return Outcome::not_mine;
    }
    return Outcome::done;
}

// click X Y | wheel X Y DELTA | drag X0 Y0 X1 Y1, played as frames of synthetic input.
Outcome use_mouse(ViewState &view, const std::string &action, const Line &l, ScriptHost *mouse) {
    if (action != "click" && action != "wheel" && action != "drag") {
        return Outcome::not_mine;
    }
    if (mouse == nullptr) {
        return l.fail("'" + action + "' needs a window");
    }
    const int count = action == "drag" ? 4 : (action == "wheel" ? 3 : 2);
    std::vector<std::string> args;
    for (std::string w; static_cast<int>(args.size()) < count && l.words >> w;) {
        args.push_back(w);
    }
    float v[4] = {0, 0, 0, 0};
    bool ok = static_cast<int>(args.size()) == count;
    try {
        for (std::size_t i = 0; ok && i < args.size(); ++i) {
            if (action == "wheel" && i == 2) {
                v[i] = std::stof(args[i]);
            } else {
                ok = i % 2 == 0 ? parse_x(view, args[i], v[i]) : parse_y(view, args[i], v[i]);
            }
        }
    } catch (const std::exception &) {
        ok = false;
    }
    if (!ok) {
        return l.fail(
            "'" + action + "' takes " +
            (action == "drag" ? "X0 Y0 X1 Y1" : (action == "wheel" ? "X Y DELTA" : "X Y")) +
            " (pixels, seq:N, lane:L[:D])");
    }
    if (action == "click") {
        mouse->click(v[0], v[1]);
    } else if (action == "wheel") {
        mouse->wheel(v[0], v[1], v[2]);
    } else {
        mouse->drag(v[0], v[1], v[2], v[3]);
    }
    return Outcome::done;
}

// next_lesson: opens the lesson after this one in its directory, before the next line runs.
Outcome next_lesson(ViewState &view, const Line &l, ScriptHost *host) {
    if (host == nullptr) {
        return l.fail("'next_lesson' needs a window");
    }
    if (!view.request_next_lesson()) {
        return l.fail("there is no lesson after " + view.file.filename().string());
    }
    if (!host->open(std::exchange(view.open_request, {}))) {
        return l.fail("cannot open the next lesson: " + view.load_error);
    }
    return Outcome::done;
}

} // namespace

bool run_script(ViewState &view, const std::string &script, std::string &error, ScriptHost *mouse) {
    std::istringstream lines(script);
    int line_no = 0;
    for (std::string line; std::getline(lines, line);) {
        ++line_no;
        if (auto hash = line.find('#'); hash != std::string::npos) {
            line.resize(hash);
        }
        std::istringstream words(line);
        std::string action;
        if (!(words >> action)) {
            continue;
        }
        std::string what;
        const Line l{words, what};
        Outcome o = move_cursor(view, action, l);
        if (o == Outcome::not_mine) {
            o = select_or_break(view, action, l);
        }
        if (o == Outcome::not_mine) {
            o = change_view(view, action, l);
        }
        if (o == Outcome::not_mine) {
            o = use_mouse(view, action, l, mouse);
        }
        if (o == Outcome::not_mine && action == "next_lesson") {
            o = next_lesson(view, l, mouse);
        }
        if (o == Outcome::not_mine) {
            o = l.fail("unknown action '" + action + "'");
        }
        if (o == Outcome::failed) {
            error = std::to_string(line_no) + ": " + what;
            return false;
        }
    }
    return true;
}

std::string dump_state(const ViewState &view) {
    using nlohmann::json;
    json j;
    j["loaded"] = view.loaded();
    j["file"] = view.file.string();
    if (!view.loaded()) {
        j["error"] = view.load_error;
        return j.dump(2);
    }
    const trace::TraceModel &m = *view.model;
    const trace::TraceEvent &e = m.events[view.cursor];
    j["cursor"] = view.cursor;
    j["events"] = m.events.size();
    {
        const Lesson &l = view.lesson;
        json lesson;
        lesson["title"] = l.title;
        lesson["description"] = l.description;
        lesson["story_lines"] = l.story.size();
        lesson["note_steps"] = l.note_seqs;
        lesson["line"] = nullptr;
        if (const std::optional<std::size_t> at = view.story_line()) {
            const narrate::StoryLine &line = l.story[*at];
            lesson["line"] = {{"number", *at + 1},
                              {"text", line.text},
                              {"notes", line.notes},
                              {"first_event", line.first_event},
                              {"last_event", line.last_event}};
        }
        lesson["lessons"] = json::array();
        for (const LessonEntry &entry : l.list) {
            lesson["lessons"].push_back(entry.file.filename().string());
        }
        const std::optional<std::filesystem::path> next = view.next_lesson();
        lesson["next_lesson"] = next ? json(next->filename().string()) : json(nullptr);
        j["lesson"] = lesson;
    }
    // The characters the texts use beyond Latin-1 that the font cannot draw (ImGui would draw
    // "?"): none, when the font atlas covers them.
    j["glyphs_missing"] = json::array();
    if (ImGui::GetCurrentContext() != nullptr) {
        struct Glyph {
            ImWchar code;
            const char *text;
        };
        for (const Glyph g : {Glyph{0x2248, "≈"},
                              Glyph{0x25B8, "▸"},
                              Glyph{0x2192, "→"},
                              Glyph{0x2190, "←"},
                              Glyph{0x270E, "✎"},
                              Glyph{0x25B6, "▶"},
                              Glyph{0x25C0, "◀"},
                              Glyph{0x2026, "…"},
                              Glyph{0x2014, "—"},
                              Glyph{0x00B7, "·"}}) {
            if (ImGui::GetFont()->FindGlyphNoFallback(g.code) == nullptr) {
                j["glyphs_missing"].push_back(g.text);
            }
        }
    }
    j["t_ns"] = e.t;
    j["event"] = describe_event(m, e);
    j["narration"] = view.narration->sentence(m, view.cursor);
    j["notes"] = view.narration->notes(m, view.cursor);
    j["vocabulary"] = std::string(to_string(view.vocabulary));
    // The scenario panel's highlight: the expression of the current event.
    j["source"] = nullptr;
    if (const std::string source = event_source(m, view.cursor); !source.empty()) {
        json src = {{"pointer", source}};
        if (const auto r = view.locate_source(source)) {
            src["first_line"] = r->first_line;
            src["last_line"] = r->last_line;
            src["text"] =
                view.scenario_text.substr(r->begin, std::min<std::size_t>(r->end - r->begin, 200));
        }
        j["source"] = src;
    }
    j["axis"] = view.axis == Axis::order ? "order" : "time";
    j["visible"] = {{"x0", view.timeline.x0}, {"x1", view.timeline.x1}};
    j["selected_task"] = view.selected_task;
    j["selected_future"] = view.selected_future;
    j["status"] = view.status;
    j["lanes"] = json::array();
    for (const Lane &l : view.index.lanes) {
        j["lanes"].push_back(l.label);
    }
    j["timeline"] = {{"left_px", view.geometry.left},
                     {"width_px", view.timeline.width_px},
                     {"depth_h_px", view.geometry.depth_h},
                     {"lane_top_px", view.geometry.lane_top}};
    // Each task's state at the cursor and, when parked, who will wake it.
    j["tasks_now"] = json::array();
    const trace::TaskStatusCursor *now = view.tasks_at_cursor();
    for (const trace::TraceTask &t : m.tasks) {
        const TaskStatus st = task_status(m, view.index, t.id, view.cursor);
        const trace::TaskStatus &ts = now->status(t.id);
        j["tasks_now"].push_back(
            {{"task", t.id},
             {"name", m.task_name(t.id)},
             {"state", std::string(to_string(st.kind))},
             {"wakers", st.wakers},
             {"text", describe_status(st, view.vocabulary)},
             {"phase", std::string(trace::to_string(ts.phase))},
             {"polls", ts.polls},
             {"unparks", ts.unparks},
             {"completed_ns", ts.completed_ns < 0 ? json(nullptr) : json(ts.completed_ns)},
             {"result",
              ts.phase == trace::TaskPhase::completed ? json(trace::describe_status(m, ts))
                                                      : json(nullptr)}});
    }
    // The executor tab: the ready queue, the timers by deadline, the channels' buffers.
    j["executor"] = nullptr;
    if (const ExecutorState *ex = view.executor_at_cursor()) {
        json ready = json::array();
        for (TaskId t : ex->ready) {
            ready.push_back(m.task_name(t));
        }
        json timers = json::array();
        for (const TimerRow &t : ex->timers) {
            timers.push_back({{"timer", t.id},
                              {"deadline_ns", t.deadline},
                              {"task", t.task == 0 ? json(nullptr) : json(m.task_name(t.task))}});
        }
        json channels = json::array();
        for (const ChannelRow &c : ex->channels) {
            json senders = json::array();
            for (TaskId t : c.parked_senders) {
                senders.push_back(m.task_name(t));
            }
            channels.push_back(
                {{"name", m.channel_name(c.id)},
                 {"buffer", json(std::vector<std::string>(c.buffer.begin(), c.buffer.end()))},
                 {"sent", c.sent},
                 {"received", c.received},
                 {"parked_senders", senders},
                 {"closed", c.closed}});
        }
        j["executor"] = {
            {"shown", view.show_executor},
            {"ready", ready},
            {"running", ex->running == 0 ? json(nullptr) : json(m.task_name(ex->running))},
            {"timers", timers},
            {"channels", channels}};
    }
    // The diagnostics panel's rows: each diag event and the step it jumps to.
    j["diagnostics"] = json::array();
    for (Seq s : view.index.diags) {
        const trace::TraceEvent &d = m.events[s];
        j["diagnostics"].push_back({{"seq", s},
                                    {"shown", s <= view.cursor},
                                    {"diag", std::string(m.str(d.text2))},
                                    {"task", d.task},
                                    {"message", std::string(m.str(d.text))}});
    }
    const TaskSnapshot snap = snapshot_task(m, view.index, view.selected_task, view.cursor);
    j["polling_path"] = json::array();
    for (FutureId id : snap.polling_path) {
        j["polling_path"].push_back(m.future_name(id));
    }
    j["futures"] = json::array();
    for (const FutureSnapshot &f : snap.futures) {
        j["futures"].push_back({{"id", f.id},
                                {"name", m.future_name(f.id)},
                                {"depth", f.depth},
                                {"state", f.state},
                                {"held", f.held},
                                {"last_result", f.last_result},
                                {"dropped", f.dropped},
                                {"polling", f.polling}});
    }
    return j.dump(2);
}

} // namespace futurescope::viz
