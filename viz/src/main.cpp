// futurescope-view: the viewer as a program of its own (`futurescope view` calls run_viewer too).
#include "futurescope/viz/viewer.hpp"

int main(int argc, char **argv) {
    futurescope::viz::ViewerOptions options;
    if (auto code = futurescope::viz::parse_viewer_args(argc - 1, argv + 1, options)) {
        return *code;
    }
    return futurescope::viz::run_viewer(options);
}
