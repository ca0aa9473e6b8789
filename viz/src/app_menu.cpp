// The viewer's menu bar (File, View, Help) and its open dialog.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app.hpp"

namespace futurescope::viz {

namespace fs = std::filesystem;

void App::draw_menu() {
    if (!ImGui::BeginMainMenuBar()) {
        return;
    }
    if (ImGui::BeginMenu("File")) {
        if (ImGui::MenuItem("Open...")) {
            open_dialog_ = true;
            dialog_dir_ = view_.file.empty() ? fs::current_path().string()
                                             : fs::absolute(view_.file).parent_path().string();
        }
        if (ImGui::BeginMenu("Recent", !recent_.empty())) {
            for (const std::string &r : recent_) {
                if (ImGui::MenuItem(r.c_str())) {
                    pending_open_ = r;
                }
            }
            ImGui::EndMenu();
        }
        if (ImGui::MenuItem("Quit")) {
            glfwSetWindowShouldClose(window_, GLFW_TRUE);
        }
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("View")) {
        if (ImGui::MenuItem("Axis: event order", nullptr, view_.axis == Axis::order)) {
            view_.set_axis(Axis::order);
        }
        if (ImGui::MenuItem("Axis: virtual time", nullptr, view_.axis == Axis::time)) {
            view_.set_axis(Axis::time);
        }
        if (ImGui::MenuItem("Fit all")) {
            view_.fit();
        }
        ImGui::Separator();
        if (ImGui::MenuItem("Words: futures 0.1 (NotReady, park/unpark, Task)",
                            nullptr,
                            view_.vocabulary == trace::Vocabulary::futures01)) {
            view_.set_vocabulary(trace::Vocabulary::futures01);
        }
        if (ImGui::MenuItem("Words: modern (Pending, Context/Waker, wake)",
                            nullptr,
                            view_.vocabulary == trace::Vocabulary::modern)) {
            view_.set_vocabulary(trace::Vocabulary::modern);
        }
        ImGui::Separator();
        for (auto &p : panels_) {
            ImGui::MenuItem(p->title(), nullptr, &p->open);
        }
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        ImGui::TextUnformatted("Space: play/pause   Left/Right: step by event\n"
                               "Shift+Left/Right: step by task-level poll\n"
                               "Ctrl+Left/Right: step by poll of the selected task\n"
                               "Home/End: start / run to end (stops at breakpoints)\n"
                               "Timeline: wheel zooms, drag pans, click selects a poll or lane.");
        ImGui::EndMenu();
    }
    if (!view_.file.empty()) {
        ImGui::SameLine(ImGui::GetWindowWidth() -
                        ImGui::CalcTextSize(view_.file.string().c_str()).x - 20);
        ImGui::TextDisabled("%s", view_.file.string().c_str());
    }
    ImGui::EndMainMenuBar();
}

void App::draw_open_dialog() {
    if (open_dialog_) {
        ImGui::OpenPopup("Open a trace");
        open_dialog_ = false;
    }
    ImGui::SetNextWindowSize(ImVec2(600, 420), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal("Open a trace")) {
        return;
    }
    ImGui::SetNextItemWidth(-80);
    const bool enter =
        ImGui::InputText("##path", &dialog_dir_, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) {
        ImGui::CloseCurrentPopup();
    }
    if (enter && fs::is_regular_file(dialog_dir_)) {
        pending_open_ = dialog_dir_;
        ImGui::CloseCurrentPopup();
    }
    ImGui::BeginChild("entries");
    std::error_code ec;
    const fs::path dir = fs::is_directory(dialog_dir_, ec) ? fs::path(dialog_dir_)
                                                           : fs::path(dialog_dir_).parent_path();
    if (ImGui::Selectable("..")) {
        dialog_dir_ = fs::absolute(dir, ec).parent_path().string();
    }
    std::vector<fs::directory_entry> entries;
    for (const auto &e : fs::directory_iterator(dir, ec)) {
        entries.push_back(e);
    }
    std::sort(entries.begin(), entries.end());
    for (const auto &e : entries) {
        const std::string name = e.path().filename().string();
        if (e.is_directory(ec)) {
            if (ImGui::Selectable((name + "/").c_str())) {
                dialog_dir_ = e.path().string();
            }
        } else if (e.path().extension() == ".json" || e.path().extension() == ".cbor") {
            if (ImGui::Selectable(name.c_str())) {
                pending_open_ = e.path().string();
                ImGui::CloseCurrentPopup();
            }
        }
    }
    ImGui::EndChild();
    ImGui::EndPopup();
}

} // namespace futurescope::viz
