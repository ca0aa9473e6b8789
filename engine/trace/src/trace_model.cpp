// The string table of the model, names of tasks and futures, and the one-line description of an
// event that the stepper, the tests and the divergence check print.

#include <cstring>
#include <string>

#include "futurescope/trace/trace_model.hpp"
#include "quote.hpp"
#include "schema.hpp"

namespace futurescope::trace {

static_assert(sizeof(TraceEvent) == 56, "TraceEvent stays small: a viewer holds millions");

// [SECTION] String table

namespace {
constexpr std::size_t block_bytes = 256 * 1024;
} // namespace

StringTable::StringTable() { views_.emplace_back(); }
StringTable::StringTable(StringTable &&) noexcept = default;
StringTable &StringTable::operator=(StringTable &&) noexcept = default;
StringTable::~StringTable() = default;

StrId StringTable::intern(std::string_view text) {
    if (text.empty()) {
        return 0;
    }
    auto it = index_.find(text);
    if (it != index_.end()) {
        return it->second;
    }
    char *at;
    if (text.size() > block_bytes / 4) {
        // A long text gets a block of its own, so that the current block keeps its room.
        blocks_.emplace_back(new char[text.size()]);
        at = blocks_.back().get();
        if (blocks_.size() >= 2) {
            std::swap(blocks_[blocks_.size() - 1], blocks_[blocks_.size() - 2]);
        }
    } else {
        if (blocks_.empty() || block_size_ - block_used_ < text.size()) {
            blocks_.emplace_back(new char[block_bytes]);
            block_used_ = 0;
            block_size_ = block_bytes;
        }
        at = blocks_.back().get() + block_used_;
        block_used_ += text.size();
    }
    std::memcpy(at, text.data(), text.size());
    auto id = static_cast<StrId>(views_.size());
    std::string_view stored(at, text.size());
    views_.push_back(stored);
    index_.emplace(stored, id);
    return id;
}

// [SECTION] Names

std::string TraceModel::future_name(FutureId id) const {
    const TraceFuture *f = future(id);
    return (f != nullptr ? std::string(str(f->kind)) : std::string()) + "#" + std::to_string(id);
}

std::string TraceModel::task_name(TaskId id) const {
    const TraceTask *t = task(id);
    return t != nullptr ? std::string(str(t->name)) : "task-" + std::to_string(id);
}

std::string TraceModel::channel_name(ChannelId id) const {
    if (id >= 1 && id <= channels.size() && channels[id - 1].name != 0) {
        return "channel " + std::string(str(channels[id - 1].name));
    }
    return "channel #" + std::to_string(id);
}

// [SECTION] describe_event

std::string describe_event(const TraceModel &model, const TraceEvent &e) {
    using namespace detail;
    const KindSpec &spec = kind_spec(e.kind);
    std::string out(spec.name);
    for (Field f : spec.fields) {
        const FieldSpec &fs = field_spec(f);
        if (fs.type == FieldType::text) {
            std::string_view s = model.str(text_slot(e, fs.slot));
            if (fs.optional && s.empty()) {
                continue;
            }
            out += ' ';
            out += fs.name;
            out += '=';
            append_quoted(out, s, {.newline_as_n = true});
            continue;
        }
        if (!field_present(e, fs)) {
            continue;
        }
        out += ' ';
        out += fs.name;
        out += '=';
        switch (fs.type) {
        case FieldType::boolean:
            out += e.flag ? "true" : "false";
            break;
        case FieldType::poll_result:
            out += poll_result_name(e.code);
            break;
        case FieldType::unpark_outcome:
            out += unpark_outcome_name(e.code);
            break;
        case FieldType::source_kind:
            out += source_kind_name(e.source);
            break;
        default:
            out += std::to_string(int_slot(e, fs.slot));
            break;
        }
    }
    return out;
}

// [SECTION] wait_holders

std::vector<std::string> wait_holders(const TraceModel &model, const TraceEvent &e) {
    std::vector<std::string> out;
    const std::string_view text = model.str(e.text);
    // The holders are joined by newlines (one holder may hold "; " in its description);
    // older writers joined them by "; ".
    const std::string_view sep = text.find('\n') != std::string_view::npos ? "\n" : "; ";
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(sep, start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        if (end > start) {
            out.emplace_back(text.substr(start, end - start));
        }
        start = end + sep.size();
    }
    return out;
}

} // namespace futurescope::trace
