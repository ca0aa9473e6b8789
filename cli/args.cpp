#include "args.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <string_view>

namespace futurescope::cli {

int usage_error(const char *usage, const std::string &message) {
    std::fprintf(stderr, "futurescope: %s\n%s", message.c_str(), usage);
    return 2;
}

bool wants_help(const std::vector<std::string> &args) {
    return std::any_of(
        args.begin(), args.end(), [](const std::string &a) { return a == "--help" || a == "-h"; });
}

std::optional<int>
take_vocab(std::vector<std::string> &args, trace::Vocabulary &out, const char *usage) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] != "--vocab") {
            continue;
        }
        const auto v = i + 1 < args.size() ? trace::parse_vocabulary(args[i + 1]) : std::nullopt;
        if (!v) {
            return usage_error(usage,
                               i + 1 < args.size()
                                   ? "--vocab needs 01 or modern, found \"" + args[i + 1] + "\""
                                   : std::string("--vocab needs a value (01 or modern)"));
        }
        out = *v;
        args.erase(args.begin() + static_cast<std::ptrdiff_t>(i),
                   args.begin() + static_cast<std::ptrdiff_t>(i) + 2);
        --i;
    }
    return std::nullopt;
}

bool is_schema(const std::string &file) {
    constexpr std::string_view suffix = ".schema.json";
    return file.size() >= suffix.size() &&
           file.compare(file.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace futurescope::cli
