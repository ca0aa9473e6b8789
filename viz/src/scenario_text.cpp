#include "scenario_text.hpp"

#include <algorithm>

namespace futurescope::viz {

namespace {

// Walks a JSON text, tracking the pointer of the value being read; stops at `target`. Anything
// that is not JSON ends the walk with no result.
class PointerScanner {
  public:
    PointerScanner(std::string_view text, std::string_view target) : text_(text), target_(target) {}

    std::optional<TextRange> run() {
        std::string path;
        skip_space();
        if (!value(path, 0) || !found_) {
            return std::nullopt;
        }
        return range_;
    }

  private:
    static constexpr int max_depth = 256;

    void skip_space() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                       text_[pos_] == '\n' || text_[pos_] == '\r')) {
            ++pos_;
        }
    }

    // Reads a string at pos_ (on its '"'), unescaping what a key may hold.
    bool string(std::string *out) {
        ++pos_;
        while (pos_ < text_.size()) {
            const char c = text_[pos_++];
            if (c == '"') {
                return true;
            }
            if (c == '\\') {
                if (pos_ >= text_.size()) {
                    return false;
                }
                const char x = text_[pos_++];
                if (out == nullptr) {
                    continue;
                }
                switch (x) {
                case 'n':
                    *out += '\n';
                    break;
                case 't':
                    *out += '\t';
                    break;
                case 'u':
                    // Keys in scenario files are ASCII; keep the escape as written.
                    *out += "\\u";
                    break;
                default:
                    *out += x;
                    break;
                }
            } else if (out != nullptr) {
                *out += c;
            }
        }
        return false;
    }

    static std::string escape_token(std::string_view token) {
        std::string s;
        for (char c : token) {
            if (c == '~') {
                s += "~0";
            } else if (c == '/') {
                s += "~1";
            } else {
                s += c;
            }
        }
        return s;
    }

    // The target is at `path` or inside it.
    [[nodiscard]] bool leads_to_target(const std::string &path) const {
        return target_.size() >= path.size() && target_.substr(0, path.size()) == path &&
               (target_.size() == path.size() || target_[path.size()] == '/');
    }

    bool value(std::string &path, int depth) {
        if (depth > max_depth || pos_ >= text_.size()) {
            return false;
        }
        const std::size_t begin = pos_;
        const bool here = path == target_;
        const bool inside = !here && leads_to_target(path);
        bool ok = false;
        const char c = text_[pos_];
        if (c == '{') {
            ok = object(path, depth, inside);
        } else if (c == '[') {
            ok = array(path, depth, inside);
        } else if (c == '"') {
            ok = string(nullptr);
        } else {
            while (pos_ < text_.size() &&
                   std::string_view(",]} \t\r\n").find(text_[pos_]) == std::string_view::npos) {
                ++pos_;
            }
            ok = pos_ > begin;
        }
        if (ok && here) {
            found_ = true;
            range_.begin = begin;
            range_.end = pos_;
        }
        return ok;
    }

    bool object(std::string &path, int depth, bool inside) {
        ++pos_;
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == '}') {
            ++pos_;
            return true;
        }
        while (pos_ < text_.size()) {
            if (text_[pos_] != '"') {
                return false;
            }
            std::string key;
            if (!string(&key)) {
                return false;
            }
            skip_space();
            if (pos_ >= text_.size() || text_[pos_] != ':') {
                return false;
            }
            ++pos_;
            skip_space();
            const std::size_t size = path.size();
            if (inside) {
                path += "/" + escape_token(key);
            } else {
                path += "/\x01"; // a token no pointer holds: nothing below can match
            }
            const bool ok = value(path, depth + 1);
            path.resize(size);
            if (!ok) {
                return false;
            }
            if (found_) {
                return true;
            }
            skip_space();
            if (pos_ < text_.size() && text_[pos_] == ',') {
                ++pos_;
                skip_space();
                continue;
            }
            if (pos_ < text_.size() && text_[pos_] == '}') {
                ++pos_;
                return true;
            }
            return false;
        }
        return false;
    }

    bool array(std::string &path, int depth, bool inside) {
        ++pos_;
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == ']') {
            ++pos_;
            return true;
        }
        for (std::size_t i = 0; pos_ < text_.size(); ++i) {
            const std::size_t size = path.size();
            path += inside ? "/" + std::to_string(i) : std::string("/\x01");
            const bool ok = value(path, depth + 1);
            path.resize(size);
            if (!ok) {
                return false;
            }
            if (found_) {
                return true;
            }
            skip_space();
            if (pos_ < text_.size() && text_[pos_] == ',') {
                ++pos_;
                skip_space();
                continue;
            }
            if (pos_ < text_.size() && text_[pos_] == ']') {
                ++pos_;
                return true;
            }
            return false;
        }
        return false;
    }

    std::string_view text_;
    std::string_view target_;
    std::size_t pos_ = 0;
    bool found_ = false;
    TextRange range_;
};

int line_of(std::string_view text, std::size_t offset) {
    return 1 + static_cast<int>(std::count(
                   text.begin(),
                   text.begin() + static_cast<std::ptrdiff_t>(std::min(offset, text.size())),
                   '\n'));
}

} // namespace

std::optional<TextRange> locate_pointer(std::string_view json, std::string_view pointer) {
    std::optional<TextRange> r = PointerScanner(json, pointer).run();
    if (r) {
        r->first_line = line_of(json, r->begin);
        r->last_line = line_of(json, r->end == r->begin ? r->end : r->end - 1);
    }
    return r;
}

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
