// The recorder's state: the tables the end of the document needs (tasks, futures, channels,
// timers, diagnostics), the encoder events are written with, and the few helpers every callback
// uses. Private to the trace library; its members live in
//
//   recorder.cpp          the encoder, the header, interned future kinds and the public API
//   recorder_events.cpp   the Observer callbacks, one event each
//   recorder_tables.cpp   the tables and the summary written by finish()
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "encoder.hpp"
#include "futurescope/trace/recorder.hpp"
#include "schema.hpp"
#include "temp_file.hpp"

namespace futurescope::trace {

struct Recorder::Impl {
    // A kind of future, interned by content: FutureKind objects are static in practice, so the
    // recorder first looks them up by address, checking that the address still holds the same
    // texts.
    struct KindRec {
        std::string name;
        std::vector<std::string> states;
    };
    struct KindCacheEntry {
        const char *name_data;
        const std::string_view *states_data;
        std::size_t states_size;
        std::uint32_t index;
    };
    struct FutureRec {
        TaskId task;
        FutureId parent;
        std::uint32_t kind;
        std::uint64_t label_offset;
        std::uint32_t label_size;
        // The source (WithSource) follows the label in `labels`; 0 when none was given.
        std::uint32_t source_size;
    };
    struct TaskRec {
        std::string name;
        bool daemon = false;
        bool spawned = false;
        TaskId parent = 0;
        FutureId root = 0;
        std::uint64_t polls = 0;
        std::uint64_t unparks = 0;
        TimeNs completed_ns = -1;
        ResultKind result = ResultKind::none;
        std::string result_text;
        bool queued = false;
        bool parked = false;
        FutureId park_future = 0;
        TimeNs park_ns = 0;
        std::optional<std::string> stuck_override;
        std::optional<std::string> wait_on; // the last `wait` event's holders
    };
    struct ChannelRec {
        std::string kind;
        std::int64_t capacity;
        TaskId task;
        std::string name; // what the program calls it, empty when it did not say
    };
    struct TimerRec {
        TaskId task = 0;
        TimeNs deadline_ns = 0;
        bool live = false;
    };
    struct DiagRec {
        std::string kind;
        TaskId task;
        FutureId future;
        std::string message;
    };

    Impl(Executor &executor, TraceFormat format, ScenarioInfo scenario)
        : executor(executor), format(format), scenario(std::move(scenario)) {}

    Executor &executor;
    TraceFormat format;
    ScenarioInfo scenario;
    std::optional<detail::TempFile> file;
    std::string memory;
    std::optional<detail::ByteSink> sink;
    std::optional<detail::JsonEncoder> json;
    std::optional<detail::CborEncoder> cbor;
    bool header_written = false;
    bool finished = false;
    std::uint64_t seq = 0;

    std::vector<KindRec> kinds;
    std::unordered_map<const FutureKind *, KindCacheEntry> kind_cache;
    std::map<std::string, std::uint32_t> kind_by_content;
    std::vector<FutureRec> futures;
    std::string labels;
    std::vector<TaskRec> tasks;
    std::vector<ChannelRec> channels;
    std::vector<TimerRec> timers; // indexed by timer id
    std::vector<DiagRec> diags;
    std::int64_t pending_worker = 0;       // on_worker → the next poll_begin's "worker"
    std::uint32_t pending_stolen_from = 0; // … and its "stolen_from"
    std::vector<FutureId> stack;           // the futures being polled, innermost last
    std::string value_text;
    std::string wait_text; // the last `wait` event's text, its buffer reused
    std::string state_scratch[2];

    // Makes the encoder for the file or the memory the recorder writes to (recorder.cpp).
    void open_sink();

    template <class F>
    void with_encoder(F &&f) {
        if (json) {
            f(*json);
        } else {
            f(*cbor);
        }
    }

    void write_header();

    // K names the event's kind, or with `Exact` false the kind whose fields it shares.
    template <EventKind K, bool Exact = true>
    void emit(detail::EventOut &e) {
        if (finished) [[unlikely]] {
            return;
        }
        if (!header_written) [[unlikely]] {
            write_header();
        }
        e.t = executor.now();
        if (json) {
            detail::write_event<K, Exact>(*json, seq, e);
        } else {
            detail::write_event<K, Exact>(*cbor, seq, e);
        }
        ++seq;
    }

    TaskRec &task(TaskId id) {
        if (id > tasks.size()) [[unlikely]] {
            tasks.resize(id);
        }
        return tasks[id - 1];
    }
    // Makes sure the tasks table names every task an event mentions.
    void note_task(TaskId id) {
        if (id > tasks.size()) [[unlikely]] {
            tasks.resize(id);
        }
    }
    // A future id this recorder gave, or 0: ids from another observer would point nowhere.
    [[nodiscard]] FutureId known(FutureId id) const noexcept {
        return id <= futures.size() ? id : 0;
    }

    // Inline for the names a kind has; "#index" (out of line) for the others.
    [[gnu::always_inline]] std::string_view state_name(FutureId id, int index, int scratch) {
        if (id != 0) [[likely]] {
            const KindRec &k = kinds[futures[id - 1].kind];
            if (index >= 0 && static_cast<std::size_t>(index) < k.states.size()) [[likely]] {
                return k.states[static_cast<std::size_t>(index)];
            }
        }
        return unnamed_state(index, scratch);
    }
    [[gnu::noinline]] std::string_view unnamed_state(int index, int scratch) {
        state_scratch[scratch] = "#" + std::to_string(index);
        return state_scratch[scratch];
    }

    std::uint32_t intern_kind(const FutureKind &kind);

    // The tables and the summary (recorder_tables.cpp).
    [[nodiscard]] std::string task_name(TaskId id) const;
    [[nodiscard]] std::string future_text(FutureId id) const;
    [[nodiscard]] std::string stuck_reason(TaskId id,
                                           std::optional<StopReason> stop,
                                           const std::vector<std::uint32_t> &first_timer) const;
    template <class Enc>
    void write_tables(Enc &enc, std::optional<StopReason> stop);
    template <class Enc>
    void write_task_table(Enc &enc);
    template <class Enc>
    void write_future_table(Enc &enc);
    void write_future_table_cbor(detail::CborEncoder &enc);
    template <class Enc>
    void write_channel_table(Enc &enc);
    template <class Enc>
    void write_summary(Enc &enc, std::optional<StopReason> stop);
    template <class Enc>
    void write_task_summaries(Enc &enc, std::optional<StopReason> stop);
    template <class Enc>
    void write_diagnostics(Enc &enc);
    void finish(std::optional<StopReason> stop);
};

} // namespace futurescope::trace
