#include "scenario_text.hpp"

namespace futurescope::viz {

std::string event_source(const trace::TraceModel &model, std::size_t seq) {
    if (seq >= model.events.size()) {
        return {};
    }
    const trace::TraceEvent &e = model.events[seq];
    FutureId id = e.future;
    if (id == 0) {
        if (const trace::TraceTask *t = model.task(e.task)) {
            id = t->root;
        }
    }
    // Futures made inside a combinator (a closure's result) may have no source of their own:
    // the nearest enclosing one that has stands for them.
    for (int guard = 0; id != 0 && guard < 4096; ++guard) {
        const trace::TraceFuture *f = model.future(id);
        if (f == nullptr) {
            break;
        }
        if (f->source != 0) {
            return std::string(model.str(f->source));
        }
        id = f->parent;
    }
    return {};
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t nl = text.find('\n', start);
        if (nl == std::string_view::npos) {
            if (start < text.size()) {
                lines.push_back(text.substr(start));
            }
            break;
        }
        std::string_view line = text.substr(start, nl - start);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        lines.push_back(line);
        start = nl + 1;
    }
    return lines;
}

} // namespace futurescope::viz
