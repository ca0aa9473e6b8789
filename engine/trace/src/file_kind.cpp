#include "futurescope/trace/file_kind.hpp"

#include <fstream>
#include <string>

namespace futurescope::trace {

namespace {

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Skips JSON whitespace from `i`; returns the index of the next other byte.
std::size_t skip_space(std::string_view s, std::size_t i) noexcept {
    while (i < s.size() && is_space(s[i])) {
        ++i;
    }
    return i;
}

// True when `s` at `i` holds the JSON string `word` (with its quotes); moves `i` past it.
bool take_string(std::string_view s, std::size_t &i, std::string_view word) noexcept {
    const std::size_t end = i + word.size() + 1; // the closing quote
    if (end >= s.size() || s[i] != '"' || s.substr(i + 1, word.size()) != word || s[end] != '"') {
        return false;
    }
    i = end + 1;
    return true;
}

} // namespace

FileKind file_kind_of(std::string_view head) noexcept {
    head = head.substr(0, file_kind_head_bytes);
    if (head.empty()) {
        return FileKind::other;
    }
    // CBOR major type 5 (a map), definite or indefinite length: the recorder's binary encoding.
    const auto first = static_cast<unsigned char>(head[0]);
    if ((first & 0xE0) == 0xA0) {
        return FileKind::trace_cbor;
    }
    // JSON: the writer puts "format" first; a trace written by hand may put it anywhere in the
    // top-level object, so every `"format": "futurescope-trace"` pair in the head counts.
    std::size_t i = skip_space(head, 0);
    if (i >= head.size() || head[i] != '{') {
        return FileKind::other;
    }
    for (std::size_t at = head.find("\"format\"", i); at != std::string_view::npos;
         at = head.find("\"format\"", at + 1)) {
        std::size_t j = at + 8;
        j = skip_space(head, j);
        if (j >= head.size() || head[j] != ':') {
            continue;
        }
        j = skip_space(head, j + 1);
        if (take_string(head, j, "futurescope-trace")) {
            return FileKind::trace_json;
        }
    }
    return FileKind::other;
}

FileKind file_kind(const std::filesystem::path &path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return FileKind::other; // a FIFO or a device is never opened here: it could block
    }
    std::ifstream in(path, std::ios::binary);
    std::string head(file_kind_head_bytes, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    return file_kind_of(head);
}

} // namespace futurescope::trace
