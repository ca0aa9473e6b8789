// The lesson panel: the lesson's title and teaching paragraph, its story (one line per
// task-level poll, the world folded, the lesson's notes as headlines: what `futurescope step`
// prints) with the line at the cursor marked, buttons for the next and previous line and note,
// and the lessons of the directory with "next lesson".
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "futurescope/executor/executor.hpp"
#include "panels.hpp"
#include "text.hpp"

namespace futurescope::viz {

namespace {

using narrate::StoryLine;
using narrate::StoryLineKind;

// The colour of the lesson's own notes, as the narration panel draws them.
const ImVec4 note_colour(0.55f, 0.95f, 0.6f, 1);
const ImVec4 title_colour(1, 0.85f, 0.45f, 1);

// The paragraph's box: this many lines, then it scrolls. A paragraph is a few hundred characters;
// one past the cap is cut (ImGui's per-window vertex limit), never the window.
constexpr float description_lines_max = 4.5f;
constexpr std::size_t description_chars_max = 4000;

// Past this many lines the story is drawn one unwrapped row per line, only the visible rows.
constexpr std::size_t wrapped_lines_max = 400;

ImVec4 line_colour(StoryLineKind kind) {
    switch (kind) {
    case StoryLineKind::world:
        return ImGui::GetStyle().Colors[ImGuiCol_TextDisabled];
    case StoryLineKind::diagnostic:
        return {1, 0.45f, 0.7f, 1};
    case StoryLineKind::spawn:
    case StoryLineKind::poll:
    case StoryLineKind::repeat:
        break;
    }
    return ImGui::GetStyle().Colors[ImGuiCol_Text];
}

class LessonPanel final : public Panel {
  public:
    using Panel::Panel;

  protected:
    void draw(ViewState &view) override {
        draw_header(view);
        if (!empty_unless_loaded(view)) {
            return;
        }
        draw_buttons(view);
        ImGui::Separator();
        draw_story(view);
    }

  private:
    static void draw_header(ViewState &view) {
        const Lesson &l = view.lesson;
        if (!l.title.empty()) {
            ImGui::PushTextWrapPos(0);
            ImGui::TextColored(title_colour, "%s", fit_text(l.title).c_str());
            ImGui::PopTextWrapPos();
        }
        if (!l.description.empty() &&
            ImGui::CollapsingHeader("About this lesson", ImGuiTreeNodeFlags_DefaultOpen)) {
            // At most a few lines high, so that the story keeps its room; the rest scrolls.
            const std::string text = fit_text(l.description, description_chars_max);
            const float wrap = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize;
            const float h = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap).y;
            // A few lines, and never more than a third of the panel (a projector's 720 lines).
            const float most =
                std::min(ImGui::GetTextLineHeightWithSpacing() * description_lines_max,
                         std::max(ImGui::GetTextLineHeightWithSpacing() * 2,
                                  ImGui::GetContentRegionAvail().y / 3));
            ImGui::BeginChild("##about", ImVec2(0, std::min(h, most) + 2));
            ImGui::PushTextWrapPos(wrap);
            ImGui::TextUnformatted(text.c_str());
            ImGui::PopTextWrapPos();
            ImGui::EndChild();
        }
        draw_lesson_list(view);
    }

    static void draw_lesson_list(ViewState &view) {
        const Lesson &l = view.lesson;
        if (l.list.empty()) {
            return;
        }
        const std::string current =
            l.current ? l.list[*l.current].file.filename().string() : "(not in the list)";
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
        if (ImGui::BeginCombo("##lessons", current.c_str())) {
            for (std::size_t i = 0; i < l.list.size(); ++i) {
                const LessonEntry &e = l.list[i];
                const std::string label =
                    fit_text(e.file.filename().string() + "  " + e.title, 160);
                if (ImGui::Selectable(label.c_str(), l.current == i)) {
                    view.open_request = e.file;
                }
            }
            ImGui::EndCombo();
        }
        ImGui::SameLine();
        const std::optional<std::filesystem::path> next = view.next_lesson();
        if (!next) {
            ImGui::BeginDisabled();
        }
        if (ImGui::Button("Next lesson ▶")) {
            (void)view.request_next_lesson();
        }
        if (!next) {
            ImGui::EndDisabled();
        } else if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("%s", next->filename().string().c_str());
        }
    }

    static void draw_buttons(ViewState &view) {
        const Lesson &l = view.lesson;
        const std::optional<std::size_t> line = view.story_line();
        if (l.story.empty()) {
            ImGui::TextDisabled("No story: the trace has more events than the narration tells "
                                "(the event log and the timeline show them).");
            return;
        }
        back_and_forth("line", "Up / Down: the previous / next line of the story", [&](int dir) {
            view.step_story(dir);
        });
        ImGui::SameLine();
        ImGui::TextDisabled("%zu / %zu", line ? *line + 1 : 0, l.story.size());
        if (!l.note_seqs.empty()) {
            ImGui::SameLine();
            back_and_forth("note", "n / N: the next / previous lesson note", [&](int dir) {
                view.step_note(dir);
            });
        }
    }

    // "◀ what" and "what ▶" side by side, calling `step` with -1 or 1; `keys` on hover.
    template <typename Step>
    static void back_and_forth(const std::string &what, const char *keys, Step step) {
        if (ImGui::SmallButton(("◀ " + what).c_str())) {
            step(-1);
        }
        ImGui::SameLine();
        if (ImGui::SmallButton((what + " ▶").c_str())) {
            step(1);
        }
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("%s", keys);
        }
    }

    void draw_story(ViewState &view) {
        const Lesson &l = view.lesson;
        const std::optional<std::size_t> current = view.story_line();
        // The current line is scrolled into view when the cursor moved it, not while the reader
        // scrolls.
        const bool moved = current != shown_line_ || view.generation != shown_generation_;
        shown_line_ = current;
        shown_generation_ = view.generation;
        ImGui::BeginChild("##story");
        if (l.story.size() > wrapped_lines_max) {
            draw_rows(view, current, moved);
        } else {
            for (std::size_t i = 0; i < l.story.size(); ++i) {
                draw_line(view, i, current == i, moved);
            }
        }
        ImGui::EndChild();
    }

    static std::string with_time(const StoryLine &line) {
        return format_duration(line.t) + "  " + line.text;
    }

    // One line, wrapped, under its notes; a click puts the cursor on its last event.
    static void draw_line(ViewState &view, std::size_t i, bool selected, bool moved) {
        const StoryLine &line = view.lesson.story[i];
        // The line's first item (its first note, else the line) a little below the top of the
        // list when the cursor moved to it. SetScrollHereY aims at the item drawn last.
        bool scroll = selected && moved;
        ImGui::PushTextWrapPos(0);
        for (const std::string &note : line.notes) {
            ImGui::TextColored(note_colour, "✎ %s", fit_text(note).c_str());
            if (std::exchange(scroll, false)) {
                ImGui::SetScrollHereY(0.1f);
            }
        }
        ImGui::PopTextWrapPos();
        const std::string text = fit_text(with_time(line));
        const ImVec2 at = ImGui::GetCursorPos();
        const float wrap = ImGui::GetContentRegionAvail().x;
        const ImVec2 size = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap);
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::Selectable("##line", selected, 0, ImVec2(0, size.y))) {
            view.go_to_story(i);
        }
        ImGui::PopID();
        if (scroll) {
            ImGui::SetScrollHereY(0.1f);
        }
        ImGui::SetCursorPos(at);
        ImGui::PushTextWrapPos(at.x + wrap);
        ImGui::PushStyleColor(ImGuiCol_Text, line_colour(line.kind));
        ImGui::TextUnformatted(text.c_str());
        ImGui::PopStyleColor();
        ImGui::PopTextWrapPos();
    }

    // A long story: one row per line, only the visible ones, notes as a mark on their line.
    static void draw_rows(ViewState &view, std::optional<std::size_t> current, bool moved) {
        const Lesson &l = view.lesson;
        if (moved && current) {
            ImGui::SetScrollY(static_cast<float>(*current) * ImGui::GetTextLineHeightWithSpacing());
        }
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(l.story.size()));
        while (clipper.Step()) {
            for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
                const auto i = static_cast<std::size_t>(r);
                const StoryLine &line = l.story[i];
                const std::string text =
                    fit_text((line.notes.empty() ? "" : "✎ ") + with_time(line), 300);
                ImGui::PushID(r);
                ImGui::PushStyleColor(ImGuiCol_Text, line_colour(line.kind));
                if (ImGui::Selectable(text.c_str(), current == i)) {
                    view.go_to_story(i);
                }
                ImGui::PopStyleColor();
                ImGui::PopID();
                if (!line.notes.empty() && ImGui::IsItemHovered()) {
                    draw_tooltip(line.notes.front());
                }
            }
        }
    }

    std::optional<std::size_t> shown_line_;
    std::uint64_t shown_generation_ = 0;
};

} // namespace

std::unique_ptr<Panel> make_lesson_panel(PanelRect rect) {
    return std::make_unique<LessonPanel>("Lesson", rect);
}

} // namespace futurescope::viz
