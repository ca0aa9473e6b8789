// The viewer application: the window, fonts and layout, loading files (drop, recent list), the
// frame loop. The menu and open dialog are in app_menu.cpp, the headless modes (screenshot,
// script, frame benchmark) in app_headless.cpp.
//
// [SECTION] Files and settings
// [SECTION] Loading
// [SECTION] The application
// [SECTION] run_viewer
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
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

std::string g_dropped; // the last file dropped on the window

void on_drop(GLFWwindow *, int count, const char **paths) {
    if (count > 0) {
        g_dropped = paths[0];
    }
}

} // namespace

std::string read_text(const fs::path &p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) {
        return {};
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

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
        const bool is_scenario = !trace::is_trace(trace::file_kind(file));
        if (!is_scenario) {
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
        if (run.title.empty()) {
            run.title = run.trace.scenario.name;
        }
        view_.set_model(std::make_shared<const trace::TraceModel>(std::move(run.trace)));
        view_.set_scenario(std::move(run.source_text), std::move(run.notes), std::move(run.locate));
        view_.file = file;
        view_.set_lesson(std::move(run.title), std::move(run.description), std::move(run.output));
        // The lessons beside a scenario, read once per directory.
        if (is_scenario && options_.list_lessons) {
            const fs::path dir = file.parent_path().empty() ? fs::path(".") : file.parent_path();
            if (dir != view_.lesson.list_dir) {
                view_.lesson.list = options_.list_lessons(dir);
                view_.lesson.list_dir = dir;
            }
        }
        view_.place_in_lessons();
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
    panels_.push_back(make_timeline_panel({0, 0.11f, 0.64f, 0.43f}));
    panels_.push_back(make_lesson_panel({0.64f, 0.11f, 0.36f, 0.43f}));
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
        // Latin-1 plus what the texts use beyond it: dashes and the ellipsis, arrows, "≈" and
        // the other mathematical operators, triangles ("main ▸ AndThen"), the note's "✎".
        static const ImWchar ranges[] = {
            0x0020, 0x00FF, 0x2010, 0x2027, 0x2190, 0x22FF, 0x25A0, 0x25FF, 0x2700, 0x27BF, 0};
        io.Fonts->AddFontFromFileTTF(font, std::round(15 * scale), nullptr, ranges);
    } else {
        std::cerr << "futurescope-view: " << font
                  << " is missing (package fonts-dejavu-core); using ImGui's built-in font\n";
    }
    ImGui_ImplGlfw_InitForOpenGL(window_, true);
    ImGui_ImplOpenGL3_Init(nullptr);
    return true;
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
    if (!view_.open_request.empty()) {
        pending_open_ = std::exchange(view_.open_request, {}).string();
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
