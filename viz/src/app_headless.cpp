// The viewer's headless modes: a screenshot at a step, a script of UI actions (mouse actions
// played as frames of synthetic input) with its state dump, and the frame benchmark.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <stb_image_write.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <vector>

#include "app.hpp"

namespace futurescope::viz {

namespace fs = std::filesystem;

namespace {

double cpu_thread_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

} // namespace

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

bool App::open(const fs::path &file) {
    const bool ok = load(file);
    // The panels see the new model once before the script goes on (the timeline's width).
    frame(0);
    return ok;
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

} // namespace futurescope::viz
