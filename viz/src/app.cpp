// The viewer application: the window, fonts and layout, loading files (dialog, drop, recent
// list), the frame loop, and the headless modes (screenshot, script, frame benchmark).
//
// [SECTION] Files and settings
// [SECTION] Loading
// [SECTION] The application
// [SECTION] Headless modes
// [SECTION] run_viewer
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <imgui_stdlib.h>
#include <stb_image_write.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app.hpp"
#include "futurescope/trace/file_kind.hpp"
#include "futurescope/viz/viewer.hpp"
#include "panels.hpp"

namespace futurescope::viz {

namespace fs = std::filesystem;

// [SECTION] Files and settings

namespace {

fs::path config_dir() {
    if (const char *x = std::getenv("XDG_CONFIG_HOME"); x != nullptr && *x != 0) {
        return fs::path(x) / "futurescope";
    }
    if (const char *h = std::getenv("HOME"); h != nullptr && *h != 0) {
        return fs::path(h) / ".config" / "futurescope";
    }
    return {};
}

std::string read_text(const fs::path &p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) {
        return {};
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

double cpu_thread_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

std::string g_dropped; // the last file dropped on the window

void on_drop(GLFWwindow *, int count, const char **paths) {
    if (count > 0) {
        g_dropped = paths[0];
    }
}

} // namespace

// [SECTION] Loading

// The scenario a trace names, read (not run) beside it when it can be found: by the runner when
// there is one (text, notes and where its futures are), else as plain text.
ScenarioRun App::read_named_scenario(const trace::TraceModel &model, const fs::path &file) const {
    ScenarioRun named;
    if (model.scenario.file.empty()) {
        return named;
    }
    const fs::path p = model.scenario.file;
    for (const fs::path &c : {p, file.parent_path() / p}) {
        if (!fs::is_regular_file(c)) {
            continue;
        }
        if (options_.run_scenario) {
            try {
                return options_.run_scenario(c, ScenarioUse::read);
            } catch (const std::exception &) {
                // Not a scenario the library reads (edited since?): its text alone is shown.
            }
        }
        named.source_text = read_text(c);
        break;
    }
    return named;
}

bool App::load(const fs::path &file) {
    const auto start = std::chrono::steady_clock::now();
    try {
        ScenarioRun run;
        if (!fs::exists(file)) {
            throw std::runtime_error(file.string() + ": no such file");
        }
        if (trace::is_trace(trace::file_kind(file))) {
            trace::TraceModel model = trace::load_trace(file);
            // The scenario panel shows the scenario the trace names, when it can be found.
            run = read_named_scenario(model, file);
            run.trace = std::move(model);
        } else if (options_.run_scenario) {
            run = options_.run_scenario(file, ScenarioUse::run);
        } else {
            throw std::runtime_error(file.string() +
                                     ": not a trace, and this viewer was built without the "
                                     "scenario runner (run `futurescope run FILE --trace T.json` "
                                     "and open T.json)");
        }
        view_.set_model(std::make_shared<const trace::TraceModel>(std::move(run.trace)));
        view_.set_scenario(std::move(run.source_text), std::move(run.notes), std::move(run.locate));
        view_.file = file;
        load_ms_ =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        add_recent(file);
        if (window_ != nullptr) {
            glfwSetWindowTitle(window_, ("futurescope — " + file.filename().string()).c_str());
        }
        return true;
    } catch (const std::exception &e) {
        view_.model.reset();
        view_.load_error = e.what();
        return false;
    }
}

void App::add_recent(const fs::path &file) {
    if (headless()) {
        return;
    }
    std::error_code ec;
    const std::string p = fs::absolute(file, ec).string();
    recent_.erase(std::remove(recent_.begin(), recent_.end(), p), recent_.end());
    recent_.insert(recent_.begin(), p);
    if (recent_.size() > 10) {
        recent_.resize(10);
    }
    const fs::path dir = config_dir();
    if (dir.empty()) {
        return;
    }
    fs::create_directories(dir, ec);
    std::ofstream out(dir / "recent.txt");
    for (const std::string &r : recent_) {
        out << r << "\n";
    }
}

// [SECTION] The application

App::App(const ViewerOptions &options) : options_(options) {
    view_.set_vocabulary(options.vocabulary);
    // Placement the first time (fractions of the area under the menu bar); imgui.ini keeps
    // whatever the user changes afterwards.
    panels_.push_back(make_controls_panel({0, 0, 1, 0.11f}));
    panels_.push_back(make_timeline_panel({0, 0.11f, 1, 0.43f}));
    panels_.push_back(make_state_machine_panel({0, 0.54f, 0.33f, 0.46f}));
    panels_.push_back(make_narration_panel({0.33f, 0.54f, 0.37f, 0.18f}));
    panels_.push_back(make_event_log_panel({0.33f, 0.72f, 0.37f, 0.28f}));
    panels_.push_back(make_task_table_panel({0.70f, 0.54f, 0.30f, 0.16f}));
    panels_.push_back(make_diagnostics_panel({0.70f, 0.70f, 0.30f, 0.10f}));
    panels_.push_back(make_scenario_panel({0.70f, 0.80f, 0.30f, 0.20f}));
}

App::~App() {
    if (window_ != nullptr) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
        glfwDestroyWindow(window_);
        glfwTerminate();
    }
}

bool App::headless() const {
    return options_.screenshot.has_value() || options_.script.has_value() ||
           options_.bench_frames > 0;
}

bool App::open_window() {
    if (glfwInit() == GLFW_FALSE) {
        std::cerr << "futurescope-view: cannot start GLFW (is there a display? under CI run it "
                     "with xvfb-run)\n";
        return false;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    if (headless()) {
        glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
    }
    window_ = glfwCreateWindow(options_.width, options_.height, "futurescope", nullptr, nullptr);
    if (window_ == nullptr) {
        std::cerr << "futurescope-view: cannot open an OpenGL 3 window\n";
        glfwTerminate();
        return false;
    }
    glfwMakeContextCurrent(window_);
    glfwSwapInterval(headless() ? 0 : 1);
    glfwSetDropCallback(window_, on_drop);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO &io = ImGui::GetIO();
    if (headless()) {
        io.IniFilename = nullptr; // the same picture every time, whatever the user's layout
    } else if (const fs::path dir = config_dir(); !dir.empty()) {
        std::error_code ec;
        fs::create_directories(dir, ec);
        ini_path_ = (dir / "imgui.ini").string();
        io.IniFilename = ini_path_.c_str();
        std::istringstream lines(read_text(dir / "recent.txt"));
        for (std::string line; std::getline(lines, line);) {
            if (!line.empty()) {
                recent_.push_back(line);
            }
        }
    }
    ImGui::StyleColorsDark();
    float scale = 1;
    if (!headless()) {
        float sx = 1;
        float sy = 1;
        glfwGetWindowContentScale(window_, &sx, &sy);
        scale = std::clamp(sx, 1.0f, 4.0f);
    }
    ImGui::GetStyle().ScaleAllSizes(scale);
    const char *font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    if (fs::exists(font)) {
        // Latin-1 plus the dashes, arrows and triangles ("main ▸ AndThen") the texts use.
        static const ImWchar ranges[] = {
            0x0020, 0x00FF, 0x2010, 0x2027, 0x2190, 0x21FF, 0x25A0, 0x25FF, 0};
        io.Fonts->AddFontFromFileTTF(font, std::round(15 * scale), nullptr, ranges);
    } else {
        std::cerr << "futurescope-view: " << font
                  << " is missing (package fonts-dejavu-core); using ImGui's built-in font\n";
    }
    ImGui_ImplGlfw_InitForOpenGL(window_, true);
    ImGui_ImplOpenGL3_Init(nullptr);
    return true;
}

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

void App::frame(double dt_s) {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    if (fake_mouse_ != nullptr) {
        // After the backend has read the (absent) real mouse, before ImGui uses it.
        ImGuiIO &io = ImGui::GetIO();
        io.MousePos = ImVec2(fake_mouse_->x, fake_mouse_->y);
        io.MouseDown[0] = fake_mouse_->down;
        io.MouseWheel = fake_mouse_->wheel;
    }
    ImGui::NewFrame();
    draw_menu();
    for (auto &p : panels_) {
        p->show(view_);
    }
    draw_open_dialog();
    handle_keys(view_);
    view_.advance_play(dt_s);
    ImGui::Render();
    int w = 0;
    int h = 0;
    glfwGetFramebufferSize(window_, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(0.08f, 0.08f, 0.1f, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (!g_dropped.empty()) {
        pending_open_ = std::exchange(g_dropped, {});
    }
    if (!pending_open_.empty()) {
        load(std::exchange(pending_open_, {}));
    }
}

int App::interactive() {
    double last = glfwGetTime();
    while (glfwWindowShouldClose(window_) == GLFW_FALSE) {
        if (view_.playing) {
            glfwPollEvents();
        } else {
            glfwWaitEventsTimeout(0.25);
        }
        const double now = glfwGetTime();
        frame(now - last);
        last = now;
        glfwSwapBuffers(window_);
    }
    return 0;
}

// [SECTION] Headless modes

bool App::write_screenshot(const fs::path &out) {
    int w = 0;
    int h = 0;
    glfwGetFramebufferSize(window_, &w, &h);
    std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) *
                                      3);
    glFinish();
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    stbi_flip_vertically_on_write(1);
    fs::path tmp = out;
    tmp += ".tmp";
    if (stbi_write_png(tmp.string().c_str(), w, h, 3, pixels.data(), w * 3) == 0) {
        std::cerr << "futurescope-view: " << out.string() << ": cannot write the PNG\n";
        return false;
    }
    std::error_code ec;
    fs::rename(tmp, out, ec);
    if (ec) {
        std::cerr << "futurescope-view: " << out.string() << ": " << ec.message() << "\n";
        fs::remove(tmp, ec);
        return false;
    }
    return true;
}

int App::headless_run() {
    // The first frames lay the windows out; the timeline learns its width.
    frame(0);
    frame(0);
    if (options_.step) {
        view_.go_to(static_cast<std::int64_t>(*options_.step));
    }
    if (options_.script) {
        std::string error;
        if (!run_script(view_, read_text(*options_.script), error, this)) {
            std::cerr << "futurescope-view: " << options_.script->string() << ":" << error << "\n";
            return 2;
        }
    }
    if (options_.bench_frames > 0) {
        return bench();
    }
    frame(0);
    frame(0);
    if (options_.script) {
        const std::string json = dump_state(view_);
        if (options_.state_out) {
            std::ofstream out(*options_.state_out);
            out << json << "\n";
            if (!out) {
                std::cerr << "futurescope-view: " << options_.state_out->string()
                          << ": cannot write\n";
                return 1;
            }
        } else {
            std::cout << json << "\n";
        }
    }
    if (options_.screenshot && !write_screenshot(*options_.screenshot)) {
        return 1;
    }
    return 0;
}

void App::play_mouse(const std::vector<FakeMouse> &frames) {
    for (const FakeMouse &m : frames) {
        fake_mouse_ = &m;
        frame(1.0 / 60);
    }
    fake_mouse_ = nullptr;
}

void App::click(float x, float y) {
    play_mouse({{x, y, false, 0}, {x, y, true, 0}, {x, y, false, 0}, {x, y, false, 0}});
}

void App::wheel(float x, float y, float delta) {
    play_mouse({{x, y, false, 0}, {x, y, false, delta}, {x, y, false, 0}});
}

void App::drag(float x0, float y0, float x1, float y1) {
    std::vector<FakeMouse> frames{{x0, y0, false, 0}, {x0, y0, true, 0}};
    constexpr int steps = 8;
    for (int i = 1; i <= steps; ++i) {
        const float f = static_cast<float>(i) / steps;
        frames.push_back({x0 + (x1 - x0) * f, y0 + (y1 - y0) * f, true, 0});
    }
    frames.push_back({x1, y1, false, 0});
    frames.push_back({x1, y1, false, 0});
    play_mouse(frames);
}

int App::bench() {
    std::printf("load: %.0f ms (%zu events, %zu tasks, %zu futures)\n",
                load_ms_,
                view_.loaded() ? view_.model->events.size() : std::size_t{0},
                view_.loaded() ? view_.model->tasks.size() : std::size_t{0},
                view_.loaded() ? view_.model->futures.size() : std::size_t{0});
    view_.go_to(view_.last() / 2);
    view_.follow_cursor = false;
    double worst = 0;
    for (int level = 0; level < 14; ++level) {
        view_.set_axis(level < 7 ? Axis::order : Axis::time);
        view_.fit();
        const float mid = view_.timeline.width_px / 2;
        view_.timeline.zoom(std::pow(10.0, level % 7), mid);
        double build_ms = 0;
        double frame_max_ms = 0;
        double wall_ms = 0;
        for (int i = 0; i < options_.bench_frames; ++i) {
            const auto w0 = std::chrono::steady_clock::now();
            const double c0 = cpu_thread_ms();
            frame(1.0 / 60);
            glFinish();
            const double c1 = cpu_thread_ms();
            const auto w1 = std::chrono::steady_clock::now();
            build_ms += c1 - c0;
            frame_max_ms = std::max(frame_max_ms, c1 - c0);
            wall_ms += std::chrono::duration<double, std::milli>(w1 - w0).count();
        }
        const double n = options_.bench_frames;
        std::printf("%s axis, zoom 1e%d (%.4g %s visible): CPU %.2f ms/frame mean, %.2f ms max; "
                    "wall %.2f ms/frame (software GL)\n",
                    level < 7 ? "order" : "time",
                    level % 7,
                    view_.timeline.x1 - view_.timeline.x0,
                    level < 7 ? "events" : "ns",
                    build_ms / n,
                    frame_max_ms,
                    wall_ms / n);
        worst = std::max(worst, build_ms / n);
    }
    std::printf("worst mean CPU per frame: %.2f ms\n", worst);
    return 0;
}

// [SECTION] run_viewer

int run_viewer(const ViewerOptions &options) {
    App app(options);
    if (!app.open_window()) {
        return 1;
    }
    if (!options.file.empty() && !app.load(options.file) && app.headless()) {
        std::cerr << "futurescope-view: " << app.view().load_error << "\n";
        return 2;
    }
    return app.headless() ? app.headless_run() : app.interactive();
}

} // namespace futurescope::viz
