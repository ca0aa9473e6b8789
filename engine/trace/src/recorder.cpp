// The recorder: turns Observer callbacks into events written at once (seq, t and the kind's
// fields), and keeps only the tables — tasks, futures, channels, timers — that the end of the
// document needs.
//
// The recorder's parts: recorder_impl.hpp (its state), this file (the encoder, the header,
// interned future kinds and the public API), recorder_events.cpp (the Observer callbacks) and
// recorder_tables.cpp (the tables and summary that finish() writes).
//
// [SECTION] Writing
// [SECTION] Future kinds
// [SECTION] Recorder

#include "futurescope/trace/recorder.hpp"

#include <stdexcept>
#include <string>
#include <utility>

#include "recorder_impl.hpp"

namespace futurescope::trace {

// [SECTION] Writing

void Recorder::Impl::open_sink() {
    if (file) {
        sink.emplace(file->file());
    } else {
        sink.emplace(&memory);
    }
    if (format == TraceFormat::json) {
        json.emplace(*sink);
    } else {
        cbor.emplace(*sink);
    }
}

void Recorder::Impl::write_header() {
    header_written = true;
    with_encoder([&](auto &enc) {
        enc.begin_object(8, true);
        enc.key("format");
        enc.ascii(trace_format_name);
        enc.key("version");
        enc.uint(trace_version);
        enc.key("scenario");
        enc.begin_object(3);
        enc.key("name");
        enc.text(scenario.name);
        enc.key("file");
        enc.text(scenario.file);
        enc.key("seed");
        enc.uint(scenario.seed);
        enc.end_object();
        enc.key("events");
        enc.begin_open_array();
    });
}

// [SECTION] Future kinds

std::uint32_t Recorder::Impl::intern_kind(const FutureKind &kind) {
    auto it = kind_cache.find(&kind);
    if (it != kind_cache.end() && it->second.name_data == kind.name.data() &&
        it->second.states_data == kind.states.data() &&
        it->second.states_size == kind.states.size()) [[likely]] {
        return it->second.index;
    }
    std::string content(kind.name);
    for (std::string_view s : kind.states) {
        content += '\0';
        content += s;
    }
    auto [pos, inserted] =
        kind_by_content.emplace(std::move(content), static_cast<std::uint32_t>(kinds.size()));
    if (inserted) {
        KindRec rec{std::string(kind.name), {}};
        // Repaired once here, so that state events can skip the UTF-8 check.
        std::string scratch;
        for (std::string_view s : kind.states) {
            rec.states.emplace_back(detail::valid_utf8(s, scratch));
        }
        kinds.push_back(std::move(rec));
    }
    kind_cache[&kind] =
        KindCacheEntry{kind.name.data(), kind.states.data(), kind.states.size(), pos->second};
    return pos->second;
}

// [SECTION] Recorder

Recorder::Recorder(Executor &executor, const std::filesystem::path &path, ScenarioInfo scenario)
    : impl_(std::make_unique<Impl>(executor, trace_format_for_path(path), std::move(scenario))),
      executor_(&executor) {
    impl_->file.emplace(path);
    impl_->open_sink();
    executor.set_observer(this);
}

Recorder::Recorder(Executor &executor, TraceFormat format, ScenarioInfo scenario)
    : impl_(std::make_unique<Impl>(executor, format, std::move(scenario))), executor_(&executor) {
    impl_->open_sink();
    executor.set_observer(this);
}

Recorder::~Recorder() {
    if (executor_->observer() == this) {
        executor_->set_observer(nullptr);
    }
}

void Recorder::set_scenario(ScenarioInfo scenario) {
    if (impl_->header_written) {
        throw std::logic_error("Recorder::set_scenario after the first event");
    }
    impl_->scenario = std::move(scenario);
}

void Recorder::set_stuck_reason(TaskId task, std::string reason) {
    if (task != 0) {
        impl_->task(task).stuck_override = std::move(reason);
    }
}

void Recorder::finish() { impl_->finish(std::nullopt); }

void Recorder::finish(const RunReport &report) { impl_->finish(report.reason); }

const std::string &Recorder::bytes() const noexcept { return impl_->memory; }

std::uint64_t Recorder::event_count() const noexcept { return impl_->seq; }

bool Recorder::finished() const noexcept { return impl_->finished; }

} // namespace futurescope::trace
