// Reading a trace file into a TraceModel through nlohmann's SAX interface: events go straight
// into the model's vector, never through a DOM. Every problem becomes one TraceError line naming
// the file, the place (line:column for JSON text, the byte for CBOR), the JSON pointer path and
// what was expected.
//
// [SECTION] Input with a visible cursor
// [SECTION] Values and messages
// [SECTION] The SAX handler
// [SECTION] Scalars by context
// [SECTION] Objects and arrays
// [SECTION] Cross-references
// [SECTION] Entry points

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <iterator>
#include <limits>
#include <new>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "encoder.hpp"
#include "futurescope/trace/file_kind.hpp"
#include "futurescope/trace/trace_model.hpp"
#include "schema.hpp"

namespace futurescope::trace {

namespace {

using detail::Field;
using detail::FieldSpec;
using detail::FieldType;
using detail::Slot;

constexpr std::size_t max_depth = 64;
constexpr std::uintmax_t max_file_bytes = max_trace_file_bytes;

// [SECTION] Input with a visible cursor

// nlohmann reads its input one character at a time through an iterator it keeps to itself. This
// iterator advances a cursor the handler can see, so that a message can say where the value it
// rejects starts.
class CursorIterator {
  public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char *;
    using reference = const char &;

    CursorIterator() = default;
    explicit CursorIterator(const char **cell) : cell_(cell) {}
    explicit CursorIterator(const char *fixed) : fixed_(fixed) {}

    reference operator*() const { return *pos(); }
    CursorIterator &operator++() {
        ++*cell_;
        return *this;
    }
    CursorIterator operator++(int) {
        CursorIterator old = *this;
        ++*cell_;
        return old;
    }
    friend bool operator==(const CursorIterator &a, const CursorIterator &b) {
        return a.pos() == b.pos();
    }

  private:
    [[nodiscard]] const char *pos() const { return cell_ != nullptr ? *cell_ : fixed_; }
    const char **cell_ = nullptr;
    const char *fixed_ = nullptr;
};

// [SECTION] Values and messages

struct Scalar {
    enum class Type : std::uint8_t {
        null,
        boolean,
        integer,
        unsigned_integer,
        floating,
        string,
        binary
    };
    Type type = Type::null;
    bool b = false;
    std::int64_t i = 0;
    std::uint64_t u = 0;
    double d = 0;
    std::string_view s; // the text of a string, or of a float as written in JSON
};

// A text as it reads in a one-line message: quoted, escaped, cut after 40 bytes.
std::string quoted(std::string_view s) {
    std::string out = "\"";
    std::size_t n = 0;
    for (char ch : s) {
        if (++n > 40) {
            out += "...";
            break;
        }
        auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += ch;
        }
    }
    return out + "\"";
}

std::string found(const Scalar &v) {
    switch (v.type) {
    case Scalar::Type::null:
        return "null";
    case Scalar::Type::boolean:
        return v.b ? "true" : "false";
    case Scalar::Type::integer:
        return std::to_string(v.i);
    case Scalar::Type::unsigned_integer:
        return std::to_string(v.u);
    case Scalar::Type::floating: {
        if (!v.s.empty()) {
            return std::string(v.s.substr(0, 40));
        }
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", v.d);
        return buf;
    }
    case Scalar::Type::string:
        return quoted(v.s);
    case Scalar::Type::binary:
        return "binary data";
    }
    return "?";
}

bool as_uint(const Scalar &v, std::uint64_t max, std::uint64_t &out) {
    if (v.type == Scalar::Type::unsigned_integer && v.u <= max) {
        out = v.u;
        return true;
    }
    if (v.type == Scalar::Type::integer && v.i >= 0 && static_cast<std::uint64_t>(v.i) <= max) {
        out = static_cast<std::uint64_t>(v.i);
        return true;
    }
    return false;
}

bool as_int(const Scalar &v, std::int64_t &out) {
    if (v.type == Scalar::Type::integer) {
        out = v.i;
        return true;
    }
    if (v.type == Scalar::Type::unsigned_integer &&
        v.u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        out = static_cast<std::int64_t>(v.u);
        return true;
    }
    return false;
}

constexpr std::uint64_t u32_max = 0xffffffffu;
constexpr auto i64_max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
constexpr std::string_view expect_u32 = "an integer from 0 to 4294967295";
constexpr std::string_view expect_count = "an integer from 0 to 9223372036854775807";
constexpr std::string_view expect_u64 = "a non-negative integer";

// [SECTION] The SAX handler

// What an object or array is, by where it sits in the document.
enum class Ctx : std::uint8_t {
    root,
    scenario,
    events,
    event,
    tasks,
    task,
    futures,
    future,
    states,
    channels,
    channel,
    summary,
    summary_tasks,
    summary_task,
    result,
    diagnostics,
    diagnostic,
    skip,
};

// The keys of the tables' objects (events have the schema's fields).
enum class Key : std::uint8_t {
    unknown,
    // root
    format,
    version,
    scenario,
    events,
    tasks,
    futures,
    channels,
    summary,
    // scenario
    name,
    file,
    seed,
    // tables
    id,
    daemon,
    parent,
    root,
    task,
    kind,
    label,
    states,
    capacity,
    // summary
    end_ns,
    steps,
    stop,
    diagnostics,
    polls,
    unparks,
    completed_ns,
    result,
    stuck,
    future,
    message,
    // result
    ok,
    err,
    panic,
    // futures, optional
    source,
};

struct KeyEntry {
    std::string_view name;
    Key key;
};

constexpr KeyEntry root_keys[] = {{"format", Key::format},
                                  {"version", Key::version},
                                  {"scenario", Key::scenario},
                                  {"events", Key::events},
                                  {"tasks", Key::tasks},
                                  {"futures", Key::futures},
                                  {"channels", Key::channels},
                                  {"summary", Key::summary}};
constexpr KeyEntry scenario_keys[] = {
    {"name", Key::name}, {"file", Key::file}, {"seed", Key::seed}};
constexpr KeyEntry task_keys[] = {{"id", Key::id},
                                  {"name", Key::name},
                                  {"daemon", Key::daemon},
                                  {"parent", Key::parent},
                                  {"root", Key::root}};
constexpr KeyEntry future_keys[] = {{"id", Key::id},
                                    {"task", Key::task},
                                    {"parent", Key::parent},
                                    {"kind", Key::kind},
                                    {"label", Key::label},
                                    {"states", Key::states},
                                    {"source", Key::source}};
constexpr KeyEntry channel_keys[] = {
    {"id", Key::id}, {"kind", Key::kind}, {"capacity", Key::capacity}, {"task", Key::task}};
constexpr KeyEntry summary_keys[] = {{"end_ns", Key::end_ns},
                                     {"steps", Key::steps},
                                     {"stop", Key::stop},
                                     {"tasks", Key::tasks},
                                     {"diagnostics", Key::diagnostics}};
constexpr KeyEntry summary_task_keys[] = {{"id", Key::id},
                                          {"polls", Key::polls},
                                          {"unparks", Key::unparks},
                                          {"completed_ns", Key::completed_ns},
                                          {"result", Key::result},
                                          {"stuck", Key::stuck}};
constexpr KeyEntry result_keys[] = {{"ok", Key::ok}, {"err", Key::err}, {"panic", Key::panic}};
constexpr KeyEntry diagnostic_keys[] = {
    {"kind", Key::kind}, {"task", Key::task}, {"future", Key::future}, {"message", Key::message}};

std::span<const KeyEntry> keys_of(Ctx ctx) {
    switch (ctx) {
    case Ctx::root:
        return root_keys;
    case Ctx::scenario:
        return scenario_keys;
    case Ctx::task:
        return task_keys;
    case Ctx::future:
        return future_keys;
    case Ctx::channel:
        return channel_keys;
    case Ctx::summary:
        return summary_keys;
    case Ctx::summary_task:
        return summary_task_keys;
    case Ctx::result:
        return result_keys;
    case Ctx::diagnostic:
        return diagnostic_keys;
    default:
        return {};
    }
}

// The keys of an event: the schema's fields by number, then these; a key this version does not
// know is unknown_event_key. They are also the bits of an event's seen-mask.
constexpr std::uint8_t seq_bit = detail::field_count;
constexpr std::uint8_t t_bit = detail::field_count + 1;
constexpr std::uint8_t kind_bit = detail::field_count + 2;
constexpr std::uint8_t unknown_event_key = 255;

// Keys are looked up for every member of every event: a small hash table, built once, answers
// with one comparison.
class EventKeys {
  public:
    EventKeys() {
        slots_.fill(empty);
        for (std::size_t i = 0; i < detail::field_count; ++i) {
            insert(detail::field_spec(static_cast<Field>(i)).name, static_cast<std::uint8_t>(i));
        }
        insert("seq", seq_bit);
        insert("t", t_bit);
        insert("kind", kind_bit);
    }
    [[nodiscard]] std::uint8_t find(std::string_view key) const noexcept {
        for (std::size_t h = hash(key);; h = (h + 1) & mask) {
            const Entry &s = slots_[h];
            if (s.id == unknown_event_key) {
                return unknown_event_key;
            }
            if (s.name == key) {
                return s.id;
            }
        }
    }

  private:
    struct Entry {
        std::string_view name;
        std::uint8_t id;
    };
    static constexpr std::size_t size = 128;
    static constexpr std::size_t mask = size - 1;
    static constexpr Entry empty{{}, unknown_event_key};
    static std::size_t hash(std::string_view k) noexcept {
        if (k.empty()) {
            return 0;
        }
        return (k.size() * 31 + static_cast<unsigned char>(k[0]) * 7 +
                static_cast<unsigned char>(k[k.size() - 1])) &
               mask;
    }
    void insert(std::string_view name, std::uint8_t id) {
        std::size_t h = hash(name);
        while (slots_[h].id != unknown_event_key) {
            h = (h + 1) & mask;
        }
        slots_[h] = Entry{name, id};
    }
    std::array<Entry, size> slots_{};
};

std::string_view event_key_name(std::uint8_t key) {
    switch (key) {
    case seq_bit:
        return "seq";
    case t_bit:
        return "t";
    case kind_bit:
        return "kind";
    default:
        return detail::field_spec(static_cast<Field>(key)).name;
    }
}

const EventKeys &event_keys() {
    static const EventKeys keys;
    return keys;
}

class Loader {
  public:
    Loader(std::string_view bytes, std::string_view name, bool cbor)
        : begin_(bytes.data()), end_(bytes.data() + bytes.size()), cursor_(begin_),
          prev_end_(begin_), name_(name), cbor_(cbor) {}

    TraceModel load() {
        CursorIterator first(&cursor_);
        CursorIterator last(end_);
        bool ok = nlohmann::json::sax_parse(first,
                                            last,
                                            this,
                                            cbor_ ? nlohmann::json::input_format_t::cbor
                                                  : nlohmann::json::input_format_t::json,
                                            true);
        if (!error_.empty()) {
            // nlohmann's "last read" may quote raw bytes: keep the message valid UTF-8.
            std::string scratch;
            throw TraceError(std::string(detail::valid_utf8(error_, scratch)));
        }
        if (!ok) {
            throw TraceError(name_ + ": cannot read the trace");
        }
        check_references();
        return std::move(model_);
    }

    // nlohmann's SAX interface.
    bool null() { return scalar(Scalar{}); }
    bool boolean(bool b) {
        Scalar v;
        v.type = Scalar::Type::boolean;
        v.b = b;
        return scalar(v);
    }
    bool number_integer(std::int64_t i) {
        Scalar v;
        v.type = Scalar::Type::integer;
        v.i = i;
        return scalar(v, true);
    }
    bool number_unsigned(std::uint64_t u) {
        Scalar v;
        v.type = Scalar::Type::unsigned_integer;
        v.u = u;
        return scalar(v, true);
    }
    bool number_float(double d, const std::string &s) {
        Scalar v;
        v.type = Scalar::Type::floating;
        v.d = d;
        v.s = s;
        return scalar(v, true);
    }
    bool string(std::string &s) {
        Scalar v;
        v.type = Scalar::Type::string;
        v.s = s;
        return scalar(v);
    }
    bool binary(nlohmann::json::binary_t &) {
        Scalar v;
        v.type = Scalar::Type::binary;
        return scalar(v);
    }
    bool start_object(std::size_t);
    bool key(std::string &k);
    bool end_object();
    bool start_array(std::size_t n);
    bool end_array();
    bool
    parse_error(std::size_t position, const std::string &, const nlohmann::detail::exception &ex);

  private:
    struct Frame {
        Ctx ctx;
        bool array;
        std::uint64_t index = 0; // arrays: the current element
        std::string key;         // objects: the current key
        bool has_key = false;
        Key k = Key::unknown;                  // the current key of a table object
        std::uint8_t ekey = unknown_event_key; // the current key of an event
        std::uint64_t seen = 0;                // keys seen so far (duplicates, missing keys)
    };

    // [SECTION] Messages

    [[nodiscard]] std::string path(bool include_top) const {
        std::string p;
        for (std::size_t i = 0; i < frames_.size(); ++i) {
            const Frame &f = frames_[i];
            if (i + 1 == frames_.size() && !include_top) {
                break;
            }
            if (f.array) {
                p += "/" + std::to_string(f.index);
            } else if (f.has_key) {
                p += '/';
                std::string_view key = f.key;
                if (f.ctx == Ctx::event && f.ekey != unknown_event_key) {
                    key = event_key_name(f.ekey);
                }
                for (char c : key) {
                    if (c == '~') {
                        p += "~0";
                    } else if (c == '/') {
                        p += "~1";
                    } else if (static_cast<unsigned char>(c) < 0x20) {
                        p += '?';
                    } else {
                        p += c;
                    }
                }
            }
        }
        return p.empty() ? "/" : p;
    }

    // Where the value just read starts: after the previous one, past separators.
    [[nodiscard]] std::string place() const {
        const char *p = prev_end_;
        if (cbor_) {
            return name_ + ": byte " + std::to_string(p - begin_);
        }
        while (p < end_ &&
               (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ',' || *p == ':')) {
            ++p;
        }
        return line_column(p);
    }

    [[nodiscard]] std::string line_column(const char *p) const {
        std::size_t line = 1;
        const char *line_start = begin_;
        for (const char *q = begin_; q < p && q < end_; ++q) {
            if (*q == '\n') {
                ++line;
                line_start = q + 1;
            }
        }
        return name_ + ":" + std::to_string(line) + ":" + std::to_string(p - line_start + 1);
    }

    bool fail(const std::string &what, bool include_top = true) {
        if (error_.empty()) {
            error_ = place() + ": " + path(include_top) + ": " + what;
        }
        return false;
    }
    bool expected(std::string_view what, const Scalar &v) {
        return fail("expected " + std::string(what) + ", found " + found(v));
    }
    bool expected_container(std::string_view what, bool array) {
        return fail("expected " + std::string(what) + ", found " +
                    (array ? "an array" : "an object"));
    }

    // [SECTION] Scalars by context

    bool scalar(const Scalar &v, bool number = false) {
        bool ok = scalar_inner(v);
        if (ok) {
            done_value();
        }
        // A JSON number is known to have ended only when the lexer read one character past it.
        prev_end_ = number && !cbor_ && cursor_ > begin_ ? cursor_ - 1 : cursor_;
        return ok;
    }

    void done_value() {
        if (!frames_.empty() && frames_.back().array) {
            ++frames_.back().index;
        }
    }

    bool scalar_inner(const Scalar &v) {
        if (frames_.empty()) {
            return expected("an object", v);
        }
        Frame &f = frames_.back();
        switch (f.ctx) {
        case Ctx::skip:
            return true;
        case Ctx::states:
            if (v.type != Scalar::Type::string) {
                return expected("a string", v);
            }
            model_.state_names.push_back(model_.strings.intern(v.s));
            return true;
        case Ctx::events:
        case Ctx::tasks:
        case Ctx::futures:
        case Ctx::channels:
        case Ctx::summary_tasks:
        case Ctx::diagnostics:
            return expected("an object", v);
        case Ctx::event:
            return event_value(f, v);
        default:
            return table_value(f, v);
        }
    }

    bool event_value(Frame &f, const Scalar &v) {
        if (f.ekey == unknown_event_key) {
            return true; // a key this version does not know: ignored
        }
        if (f.ekey == seq_bit) {
            std::uint64_t seq = 0;
            if (!as_uint(v, std::numeric_limits<std::uint64_t>::max(), seq)) {
                return expected(expect_u64, v);
            }
            if (seq != model_.events.size()) {
                return fail("expected " + std::to_string(model_.events.size()) +
                            " (events are numbered in order from 0), found " + found(v));
            }
            return true;
        }
        if (f.ekey == t_bit) {
            std::int64_t t = 0;
            if (!as_int(v, t) || t < 0) {
                return expected(expect_u64, v);
            }
            if (t < last_t_) {
                return fail("expected at least " + std::to_string(last_t_) +
                            " (time never goes backwards), found " + found(v));
            }
            event_.t = t;
            return true;
        }
        if (f.ekey == kind_bit) {
            if (v.type != Scalar::Type::string) {
                return expected("a string", v);
            }
            std::optional<EventKind> kind = parse_event_kind(v.s);
            if (!kind) {
                return expected("an event kind", v);
            }
            event_.kind = *kind;
            return true;
        }
        const FieldSpec &fs = detail::field_spec(static_cast<Field>(f.ekey));
        switch (fs.type) {
        case FieldType::id32:
        case FieldType::count: {
            std::uint64_t x = 0;
            bool id = fs.type == FieldType::id32;
            if (!as_uint(v, id ? u32_max : i64_max, x)) {
                return expected(id ? expect_u32 : expect_count, v);
            }
            set_int(fs.slot, static_cast<std::int64_t>(x));
            return true;
        }
        case FieldType::int64: {
            std::int64_t x = 0;
            if (!as_int(v, x)) {
                return expected("an integer", v);
            }
            set_int(fs.slot, x);
            return true;
        }
        case FieldType::text:
            if (v.type != Scalar::Type::string) {
                return expected("a string", v);
            }
            set_text(fs.slot, model_.strings.intern(v.s));
            return true;
        case FieldType::boolean:
            if (v.type != Scalar::Type::boolean) {
                return expected("true or false", v);
            }
            event_.flag = v.b;
            return true;
        case FieldType::poll_result:
        case FieldType::unpark_outcome:
        case FieldType::source_kind: {
            std::uint8_t code = 0;
            if (v.type != Scalar::Type::string || !detail::parse_enum(fs.type, v.s, code)) {
                return expected(detail::enum_choices(fs.type), v);
            }
            if (fs.slot == Slot::source) {
                event_.source = code;
            } else {
                event_.code = code;
            }
            return true;
        }
        }
        return true;
    }

    void set_int(Slot s, std::int64_t x) {
        switch (s) {
        case Slot::task:
            event_.task = static_cast<TaskId>(x);
            break;
        case Slot::future:
            event_.future = static_cast<FutureId>(x);
            break;
        case Slot::ref:
            event_.ref = static_cast<std::uint32_t>(x);
            break;
        case Slot::peer:
            event_.peer = static_cast<std::uint32_t>(x);
            break;
        case Slot::num:
            event_.num = x;
            break;
        case Slot::num2:
            event_.num2 = x;
            break;
        default:
            break;
        }
    }
    void set_text(Slot s, StrId id) {
        if (s == Slot::text2) {
            event_.text2 = id;
        } else if (s == Slot::text3) {
            event_.text3 = id;
        } else {
            event_.text = id;
        }
    }

    // The values of the tables, the scenario and the summary.
    bool table_value(Frame &f, const Scalar &v) {
        auto text = [&](StrId &out) {
            if (v.type != Scalar::Type::string) {
                return expected("a string", v);
            }
            out = model_.strings.intern(v.s);
            return true;
        };
        auto text_or_null = [&](StrId &out) {
            if (v.type == Scalar::Type::null) {
                out = 0;
                return true;
            }
            if (v.type != Scalar::Type::string) {
                return expected("a string or null", v);
            }
            out = model_.strings.intern(v.s);
            return true;
        };
        auto u32 = [&](std::uint32_t &out) {
            std::uint64_t x = 0;
            if (!as_uint(v, u32_max, x)) {
                return expected(expect_u32, v);
            }
            out = static_cast<std::uint32_t>(x);
            return true;
        };
        auto u64 = [&](std::uint64_t &out) {
            if (!as_uint(v, std::numeric_limits<std::uint64_t>::max(), out)) {
                return expected(expect_u64, v);
            }
            return true;
        };
        auto i64 = [&](std::int64_t &out) {
            if (!as_int(v, out)) {
                return expected("an integer", v);
            }
            return true;
        };
        auto flag = [&](bool &out) {
            if (v.type != Scalar::Type::boolean) {
                return expected("true or false", v);
            }
            out = v.b;
            return true;
        };
        // The id of the n-th entry of a table is n + 1.
        auto entry_id = [&](std::uint32_t &out, std::size_t index) {
            if (!u32(out)) {
                return false;
            }
            if (out != index + 1) {
                return fail("expected " + std::to_string(index + 1) +
                            " (ids count from 1 in table order), found " + found(v));
            }
            return true;
        };
        auto container = [&](std::string_view what) { return expected(what, v); };

        if (f.k == Key::unknown) {
            return true;
        }
        switch (f.ctx) {
        case Ctx::root:
            switch (f.k) {
            case Key::format:
                if (v.type != Scalar::Type::string || v.s != trace_format_name) {
                    return expected("\"futurescope-trace\"", v);
                }
                return true;
            case Key::version: {
                std::int64_t version = 0;
                if (!as_int(v, version)) {
                    return expected("an integer", v);
                }
                if (version != trace_version) {
                    return fail("unsupported trace version " + std::to_string(version) +
                                " (this build reads version " + std::to_string(trace_version) +
                                ")");
                }
                model_.version = static_cast<int>(version);
                return true;
            }
            case Key::scenario:
            case Key::summary:
                return container("an object");
            default:
                return container("an array");
            }
        case Ctx::scenario: {
            if (f.k == Key::seed) {
                return u64(model_.scenario.seed);
            }
            if (v.type != Scalar::Type::string) {
                return expected("a string", v);
            }
            (f.k == Key::name ? model_.scenario.name : model_.scenario.file) = std::string(v.s);
            return true;
        }
        case Ctx::task: {
            TraceTask &t = model_.tasks.back();
            switch (f.k) {
            case Key::id:
                return entry_id(t.id, model_.tasks.size() - 1);
            case Key::name:
                return text(t.name);
            case Key::daemon:
                return flag(t.daemon);
            case Key::parent:
                return u32(t.parent);
            default:
                return u32(t.root);
            }
        }
        case Ctx::future: {
            TraceFuture &fu = model_.futures.back();
            switch (f.k) {
            case Key::id:
                return entry_id(fu.id, model_.futures.size() - 1);
            case Key::task:
                return u32(fu.task);
            case Key::parent:
                return u32(fu.parent);
            case Key::kind:
                return text(fu.kind);
            case Key::label:
                return text(fu.label);
            case Key::source:
                return text(fu.source);
            default:
                return container("an array");
            }
        }
        case Ctx::channel: {
            TraceChannel &c = model_.channels.back();
            switch (f.k) {
            case Key::id:
                return entry_id(c.id, model_.channels.size() - 1);
            case Key::kind:
                return text(c.kind);
            case Key::capacity:
                return i64(c.capacity);
            default:
                return u32(c.task);
            }
        }
        case Ctx::summary: {
            TraceSummary &s = model_.summary;
            switch (f.k) {
            case Key::end_ns:
                return i64(s.end_ns);
            case Key::steps:
                return u64(s.steps);
            case Key::stop:
                return text_or_null(s.stop);
            default:
                return container("an array");
            }
        }
        case Ctx::summary_task: {
            TaskSummary &t = model_.summary.tasks.back();
            switch (f.k) {
            case Key::id:
                return entry_id(t.id, model_.summary.tasks.size() - 1);
            case Key::polls:
                return u64(t.polls);
            case Key::unparks:
                return u64(t.unparks);
            case Key::completed_ns: {
                if (v.type == Scalar::Type::null) {
                    t.completed_ns = -1;
                    return true;
                }
                std::int64_t x = 0;
                if (!as_int(v, x) || x < 0) {
                    return expected("a non-negative integer or null", v);
                }
                t.completed_ns = x;
                return true;
            }
            case Key::result:
                if (v.type == Scalar::Type::null) {
                    t.result = ResultKind::none;
                    return true;
                }
                return expected("an object or null", v);
            default:
                return text_or_null(t.stuck);
            }
        }
        case Ctx::result: {
            TaskSummary &t = model_.summary.tasks.back();
            t.result = f.k == Key::ok    ? ResultKind::ok
                       : f.k == Key::err ? ResultKind::err
                                         : ResultKind::panic;
            return text(t.result_text);
        }
        case Ctx::diagnostic: {
            TraceDiagnostic &d = model_.summary.diagnostics.back();
            switch (f.k) {
            case Key::kind:
                return text(d.kind);
            case Key::task:
                return u32(d.task);
            case Key::future:
                return u32(d.future);
            default:
                return text(d.message);
            }
        }
        default:
            return true;
        }
    }

    // [SECTION] Objects and arrays

    // What a container found at the current place is, or why it is not welcome there.
    bool child_context(bool array, Ctx &out) {
        if (frames_.empty()) {
            if (array) {
                return expected_container("an object", true);
            }
            out = Ctx::root;
            return true;
        }
        Frame &f = frames_.back();
        if (f.ctx == Ctx::skip) {
            out = Ctx::skip;
            return true;
        }
        auto want_object = [&](Ctx c) {
            if (array) {
                return expected_container("an object", true);
            }
            out = c;
            return true;
        };
        auto want_array = [&](Ctx c) {
            if (!array) {
                return expected_container("an array", false);
            }
            out = c;
            return true;
        };
        if (f.array) {
            switch (f.ctx) {
            case Ctx::events:
                return want_object(Ctx::event);
            case Ctx::tasks:
                return want_object(Ctx::task);
            case Ctx::futures:
                return want_object(Ctx::future);
            case Ctx::channels:
                return want_object(Ctx::channel);
            case Ctx::summary_tasks:
                return want_object(Ctx::summary_task);
            case Ctx::diagnostics:
                return want_object(Ctx::diagnostic);
            default:
                return expected_container("a string", array);
            }
        }
        if (f.ctx == Ctx::event) {
            if (f.ekey == unknown_event_key) {
                out = Ctx::skip;
                return true;
            }
            if (f.ekey == seq_bit || f.ekey == t_bit) {
                return expected_container(expect_u64, array);
            }
            if (f.ekey == kind_bit) {
                return expected_container("a string", array);
            }
            const FieldSpec &fs = detail::field_spec(static_cast<Field>(f.ekey));
            switch (fs.type) {
            case FieldType::id32:
                return expected_container(expect_u32, array);
            case FieldType::count:
                return expected_container(expect_count, array);
            case FieldType::int64:
                return expected_container("an integer", array);
            case FieldType::text:
                return expected_container("a string", array);
            case FieldType::boolean:
                return expected_container("true or false", array);
            default:
                return expected_container(detail::enum_choices(fs.type), array);
            }
        }
        switch (f.k) {
        case Key::unknown:
            out = Ctx::skip;
            return true;
        case Key::scenario:
            return want_object(Ctx::scenario);
        case Key::summary:
            return want_object(Ctx::summary);
        case Key::events:
            return want_array(Ctx::events);
        case Key::futures:
            return want_array(Ctx::futures);
        case Key::channels:
            return want_array(Ctx::channels);
        case Key::tasks:
            return want_array(f.ctx == Ctx::summary ? Ctx::summary_tasks : Ctx::tasks);
        case Key::diagnostics:
            return want_array(Ctx::diagnostics);
        case Key::states:
            return want_array(Ctx::states);
        case Key::result:
            if (f.ctx == Ctx::summary_task) {
                if (array) {
                    return expected_container("an object or null", true);
                }
                out = Ctx::result;
                return true;
            }
            break;
        default:
            break;
        }
        // Every other key of the tables holds a scalar.
        switch (f.k) {
        case Key::format:
        case Key::name:
        case Key::file:
        case Key::kind:
        case Key::label:
        case Key::source:
        case Key::message:
        case Key::ok:
        case Key::err:
        case Key::panic:
            return expected_container("a string", array);
        case Key::stop:
        case Key::stuck:
            return expected_container("a string or null", array);
        case Key::daemon:
            return expected_container("true or false", array);
        case Key::end_ns:
        case Key::capacity:
        case Key::version:
            return expected_container("an integer", array);
        case Key::completed_ns:
            return expected_container("a non-negative integer or null", array);
        case Key::seed:
        case Key::steps:
        case Key::polls:
        case Key::unparks:
            return expected_container(expect_u64, array);
        default:
            return expected_container(expect_u32, array);
        }
    }

    bool push(bool array) {
        Ctx ctx{};
        if (!child_context(array, ctx)) {
            return false;
        }
        if (frames_.size() >= max_depth) {
            return fail("nesting deeper than " + std::to_string(max_depth) + " levels");
        }
        Frame f{};
        f.ctx = ctx;
        f.array = array;
        frames_.push_back(std::move(f));
        switch (ctx) {
        case Ctx::event:
            event_ = TraceEvent{};
            break;
        case Ctx::task:
            model_.tasks.emplace_back();
            break;
        case Ctx::future:
            model_.futures.emplace_back();
            model_.futures.back().first_state =
                static_cast<std::uint32_t>(model_.state_names.size());
            break;
        case Ctx::channel:
            model_.channels.emplace_back();
            break;
        case Ctx::summary_task:
            model_.summary.tasks.emplace_back();
            break;
        case Ctx::diagnostic:
            model_.summary.diagnostics.emplace_back();
            break;
        default:
            break;
        }
        return true;
    }

    bool pop() {
        Frame &f = frames_.back();
        bool ok = f.array ? close_array(f) : close_object(f);
        if (!ok) {
            return false;
        }
        frames_.pop_back();
        done_value();
        return true;
    }

    bool missing(std::string_view key, const std::string &why = {}) {
        return fail("missing key \"" + std::string(key) + "\"" + why, false);
    }

    bool close_object(const Frame &f) {
        if (f.ctx == Ctx::skip) {
            return true;
        }
        if (f.ctx == Ctx::event) {
            return close_event(f);
        }
        if (f.ctx == Ctx::result) {
            if (f.seen == 0) {
                return fail("expected one key: \"ok\", \"err\" or \"panic\"", false);
            }
            return true;
        }
        std::span<const KeyEntry> keys = keys_of(f.ctx);
        for (const KeyEntry &k : keys) {
            if (k.key == Key::channels || k.key == Key::source) {
                continue; // channels came with the network and channels, sources with
                          // scenarios: optional
            }
            if ((f.seen & (std::uint64_t{1} << static_cast<unsigned>(k.key))) == 0) {
                return missing(k.name);
            }
        }
        if (f.ctx == Ctx::future) {
            TraceFuture &fu = model_.futures.back();
            fu.state_count = static_cast<std::uint32_t>(model_.state_names.size() - fu.first_state);
        }
        return true;
    }

    bool close_event(const Frame &f) {
        if ((f.seen & (std::uint64_t{1} << seq_bit)) == 0) {
            return missing("seq");
        }
        if ((f.seen & (std::uint64_t{1} << t_bit)) == 0) {
            return missing("t");
        }
        if ((f.seen & (std::uint64_t{1} << kind_bit)) == 0) {
            return missing("kind");
        }
        const detail::KindSpec &spec = detail::kind_spec(event_.kind);
        TraceEvent e;
        e.t = event_.t;
        e.kind = event_.kind;
        for (Field field : spec.fields) {
            const FieldSpec &fs = detail::field_spec(field);
            if (!fs.optional &&
                (f.seen & (std::uint64_t{1} << static_cast<unsigned>(field))) == 0) {
                return missing(fs.name,
                               " (a " + std::string(spec.name) + " event has " + field_list(spec) +
                                   ")");
            }
            copy_slot(e, fs.slot);
        }
        last_t_ = e.t;
        model_.events.push_back(e);
        return true;
    }

    static std::string field_list(const detail::KindSpec &spec) {
        std::string s;
        for (Field field : spec.fields) {
            const FieldSpec &fs = detail::field_spec(field);
            if (fs.optional) {
                continue;
            }
            s += s.empty() ? "" : ", ";
            s += fs.name;
        }
        return s;
    }

    void copy_slot(TraceEvent &e, Slot s) const {
        switch (s) {
        case Slot::task:
            e.task = event_.task;
            break;
        case Slot::future:
            e.future = event_.future;
            break;
        case Slot::ref:
            e.ref = event_.ref;
            break;
        case Slot::peer:
            e.peer = event_.peer;
            break;
        case Slot::num:
            e.num = event_.num;
            break;
        case Slot::num2:
            e.num2 = event_.num2;
            break;
        case Slot::text:
            e.text = event_.text;
            break;
        case Slot::text2:
            e.text2 = event_.text2;
            break;
        case Slot::text3:
            e.text3 = event_.text3;
            break;
        case Slot::code:
            e.code = event_.code;
            break;
        case Slot::source:
            e.source = event_.source;
            break;
        case Slot::flag:
            e.flag = event_.flag;
            break;
        }
    }

    bool close_array(const Frame &f) {
        if (f.ctx == Ctx::summary_tasks && model_.summary.tasks.size() != model_.tasks.size() &&
            tasks_seen_) {
            return fail("expected " + std::to_string(model_.tasks.size()) +
                            " entries (one per task), found " +
                            std::to_string(model_.summary.tasks.size()),
                        false);
        }
        if (f.ctx == Ctx::tasks) {
            tasks_seen_ = true;
        }
        return true;
    }

    // [SECTION] Cross-references

    void check_references() const {
        const std::size_t tasks = model_.tasks.size();
        const std::size_t futures = model_.futures.size();
        auto bad =
            [&](const std::string &where, std::string_view what, std::size_t id, std::size_t has) {
                throw TraceError(name_ + ": " + where + ": no " + std::string(what) + " " +
                                 std::to_string(id) + " in /" + std::string(what) + "s (it has " +
                                 std::to_string(has) + ")");
            };
        for (std::size_t i = 0; i < model_.events.size(); ++i) {
            const TraceEvent &e = model_.events[i];
            if (e.task <= tasks && e.future <= futures &&
                (e.kind != EventKind::spawn || e.ref <= tasks)) [[likely]] {
                continue;
            }
            for (Field field : detail::kind_spec(e.kind).fields) {
                const FieldSpec &fs = detail::field_spec(field);
                std::string where = "/events/" + std::to_string(i) + "/" + std::string(fs.name);
                if (fs.slot == Slot::task && e.task > tasks) {
                    bad(where, "task", e.task, tasks);
                } else if (fs.slot == Slot::future && e.future > futures) {
                    bad(where, "future", e.future, futures);
                } else if (field == Field::parent && e.ref > tasks) {
                    bad(where, "task", e.ref, tasks);
                }
            }
        }
        auto task_ok = [&](TaskId id, std::string_view table, std::size_t i, std::string_view key) {
            if (id > tasks) {
                bad("/" + std::string(table) + "/" + std::to_string(i) + "/" + std::string(key),
                    "task",
                    id,
                    tasks);
            }
        };
        auto future_ok =
            [&](FutureId id, std::string_view table, std::size_t i, std::string_view key) {
                if (id > futures) {
                    bad("/" + std::string(table) + "/" + std::to_string(i) + "/" + std::string(key),
                        "future",
                        id,
                        futures);
                }
            };
        for (std::size_t i = 0; i < tasks; ++i) {
            task_ok(model_.tasks[i].parent, "tasks", i, "parent");
            future_ok(model_.tasks[i].root, "tasks", i, "root");
        }
        for (std::size_t i = 0; i < futures; ++i) {
            task_ok(model_.futures[i].task, "futures", i, "task");
            future_ok(model_.futures[i].parent, "futures", i, "parent");
        }
        for (std::size_t i = 0; i < model_.channels.size(); ++i) {
            task_ok(model_.channels[i].task, "channels", i, "task");
        }
        for (std::size_t i = 0; i < model_.summary.diagnostics.size(); ++i) {
            task_ok(model_.summary.diagnostics[i].task, "summary/diagnostics", i, "task");
            future_ok(model_.summary.diagnostics[i].future, "summary/diagnostics", i, "future");
        }
    }

    const char *begin_;
    const char *end_;
    const char *cursor_;   // advanced by nlohmann's reads
    const char *prev_end_; // where the previous value ended
    std::string name_;
    bool cbor_;
    std::vector<Frame> frames_;
    TraceModel model_;
    TraceEvent event_; // the event being read
    TimeNs last_t_ = 0;
    bool tasks_seen_ = false;
    std::string error_;
};

bool Loader::start_object(std::size_t) {
    bool ok = push(false);
    prev_end_ = cursor_;
    return ok;
}

bool Loader::start_array(std::size_t n) {
    bool ok = push(true);
    if (ok && frames_.back().ctx == Ctx::events) {
        // A CBOR head may claim any length: trust it only as far as the input could hold.
        // JSON gives no length: an event takes at least 40 bytes of text, and reserving more
        // than is used costs address space only.
        auto room = static_cast<std::size_t>(end_ - cursor_) / (cbor_ ? 8 : 40);
        room = std::min<std::size_t>(room, std::size_t{1} << 24);
        model_.events.reserve(n != static_cast<std::size_t>(-1) ? std::min(n, room) : room);
    }
    prev_end_ = cursor_;
    return ok;
}

bool Loader::key(std::string &k) {
    Frame &f = frames_.back();
    f.has_key = true;
    unsigned bit = 63;
    if (f.ctx == Ctx::event) {
        // A known key of an event is not copied: path() names it from its number.
        f.ekey = event_keys().find(k);
        if (f.ekey != unknown_event_key) {
            bit = f.ekey;
        } else {
            f.key.assign(k);
        }
    } else {
        f.key.assign(k);
    }
    if (f.ctx != Ctx::event && f.ctx != Ctx::skip) {
        f.k = Key::unknown;
        for (const KeyEntry &e : keys_of(f.ctx)) {
            if (e.name == k) {
                f.k = e.key;
                bit = static_cast<unsigned>(e.key);
                break;
            }
        }
        if (f.ctx == Ctx::result && f.seen != 0 && f.k != Key::unknown) {
            return fail("a result has one key only: \"ok\", \"err\" or \"panic\"");
        }
    }
    if (bit != 63) {
        std::uint64_t mask = std::uint64_t{1} << bit;
        if ((f.seen & mask) != 0) {
            return fail("duplicate key");
        }
        f.seen |= mask;
    }
    prev_end_ = cursor_;
    return true;
}

bool Loader::end_object() {
    bool ok = pop();
    prev_end_ = cursor_;
    return ok;
}

bool Loader::end_array() {
    bool ok = pop();
    prev_end_ = cursor_;
    return ok;
}

bool Loader::parse_error(std::size_t position,
                         const std::string &,
                         const nlohmann::detail::exception &ex) {
    // nlohmann's text: "[json.exception.parse_error.101] parse error at line 3, column 14:
    // syntax error while parsing value - …". Keep its explanation, put the place in front.
    std::string what = ex.what();
    std::string explanation = what;
    std::string where;
    std::size_t at = what.find("parse error");
    if (at != std::string::npos) {
        std::size_t colon = what.find(": ", at);
        if (colon != std::string::npos) {
            explanation = what.substr(colon + 2);
            where = what.substr(at, colon - at);
        }
    }
    std::string place;
    std::size_t line_at = where.find("line ");
    std::size_t column_at = where.find(", column ");
    if (!cbor_ && line_at != std::string::npos && column_at != std::string::npos) {
        place = name_ + ":" + where.substr(line_at + 5, column_at - line_at - 5) + ":" +
                where.substr(column_at + 9);
    } else {
        // nlohmann counts the bytes read, the offending one (or the end of input) included:
        // messages name 0-based offsets.
        place = name_ + ": byte " + std::to_string(position > 0 ? position - 1 : 0);
    }
    for (char &c : explanation) {
        if (c == '\n' || c == '\r') {
            c = ' ';
        }
    }
    if (error_.empty()) {
        error_ = place + ": " + path(true) + ": " + explanation;
    }
    return false;
}

// A regular file is mapped, not copied: a trace of a million events is ~100 MB of JSON.
class MappedFile {
  public:
    explicit MappedFile(const std::filesystem::path &path) : name_(path.string()) {
        int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            fail_errno();
        }
        struct stat st {};
        if (::fstat(fd, &st) != 0) {
            int error = errno;
            ::close(fd);
            throw TraceError(name_ + ": cannot open: " + std::generic_category().message(error));
        }
        if (S_ISDIR(st.st_mode)) {
            ::close(fd);
            throw TraceError(name_ + ": cannot open: " + std::generic_category().message(EISDIR));
        }
        if (!S_ISREG(st.st_mode)) {
            // A pipe or a device: read it, up to the limit.
            read_stream(fd);
            ::close(fd);
            return;
        }
        auto size = static_cast<std::uintmax_t>(st.st_size);
        if (size > max_file_bytes) {
            ::close(fd);
            throw_too_large();
        }
        if (size > 0) {
            void *p =
                ::mmap(nullptr, static_cast<std::size_t>(size), PROT_READ, MAP_PRIVATE, fd, 0);
            if (p == MAP_FAILED) {
                int error = errno;
                ::close(fd);
                throw TraceError(name_ +
                                 ": cannot read: " + std::generic_category().message(error));
            }
            ::madvise(p, static_cast<std::size_t>(size), MADV_SEQUENTIAL);
            map_ = p;
            size_ = static_cast<std::size_t>(size);
        }
        ::close(fd);
    }
    ~MappedFile() {
        if (map_ != nullptr) {
            ::munmap(map_, size_);
        }
    }
    MappedFile(const MappedFile &) = delete;
    MappedFile &operator=(const MappedFile &) = delete;

    [[nodiscard]] std::string_view bytes() const noexcept {
        return map_ != nullptr ? std::string_view(static_cast<const char *>(map_), size_)
                               : std::string_view(copy_);
    }

  private:
    [[noreturn]] void fail_errno() const {
        throw TraceError(name_ + ": cannot open: " + std::generic_category().message(errno));
    }
    [[noreturn]] void throw_too_large() const {
        throw TraceError(name_ + ": the file is larger than the 4 GiB a trace may have");
    }
    void read_stream(int fd) {
        char buf[65536];
        for (;;) {
            ssize_t n = ::read(fd, buf, sizeof buf);
            if (n < 0) {
                if (errno == EINTR) {
                    continue;
                }
                throw TraceError(name_ +
                                 ": cannot read: " + std::generic_category().message(errno));
            }
            if (n == 0) {
                return;
            }
            copy_.append(buf, static_cast<std::size_t>(n));
            if (copy_.size() > max_file_bytes) {
                throw_too_large();
            }
        }
    }

    std::string name_;
    void *map_ = nullptr;
    std::size_t size_ = 0;
    std::string copy_;
};

} // namespace

// [SECTION] Entry points

TraceModel load_trace_bytes(std::string_view bytes, std::string_view name) {
    std::size_t i = 0;
    while (i < bytes.size() &&
           (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\n' || bytes[i] == '\r')) {
        ++i;
    }
    if (i == bytes.size()) {
        throw TraceError(std::string(name) + ": the file is empty");
    }
    auto first = static_cast<unsigned char>(bytes[i]);
    bool cbor;
    if (first == '{') {
        cbor = false;
    } else if (i == 0 && first >= 0xa0 && first <= 0xbf) {
        cbor = true;
    } else {
        throw TraceError(std::string(name) +
                         ": not a trace: expected JSON text ('{') or CBOR (a "
                         "map) at byte " +
                         std::to_string(i));
    }
    try {
        Loader loader(bytes, name, cbor);
        return loader.load();
    } catch (const std::bad_alloc &) {
        throw TraceError(std::string(name) + ": not enough memory to load the trace");
    }
}

TraceModel load_trace(const std::filesystem::path &path) {
    MappedFile file(path);
    return load_trace_bytes(file.bytes(), path.string());
}

} // namespace futurescope::trace
