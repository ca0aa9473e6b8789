// The trace loader's hot path: nlohmann's parser driven over a cursor the loader can see, the
// frames of the objects and arrays open, and every value of an event. They share one file so
// that the compiler can inline them into the parser it instantiates here: a trace holds millions
// of events.
//
// [SECTION] Input with a visible cursor
// [SECTION] Reading
// [SECTION] Frames
// [SECTION] Scalars by context
// [SECTION] Event fields
// [SECTION] Closing an event

#include <algorithm>
#include <iterator>
#include <limits>
#include <optional>

#include "encoder.hpp"
#include "loader.hpp"

namespace futurescope::trace::load_detail {

using detail::Field;
using detail::FieldSpec;
using detail::FieldType;
using detail::Slot;

namespace {

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

} // namespace

// [SECTION] Reading

TraceModel Loader::load() {
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

// [SECTION] Frames

bool Loader::push(bool array) {
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
        model_.futures.back().first_state = static_cast<std::uint32_t>(model_.state_names.size());
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

bool Loader::pop() {
    Frame &f = frames_.back();
    bool ok = f.array ? close_array(f) : f.ctx == Ctx::event ? close_event(f) : close_object(f);
    if (!ok) {
        return false;
    }
    frames_.pop_back();
    done_value();
    return true;
}

void Loader::done_value() {
    if (!frames_.empty() && frames_.back().array) {
        ++frames_.back().index;
    }
}

// [SECTION] Scalars by context

bool Loader::scalar(const Scalar &v, bool number) {
    bool ok = scalar_inner(v);
    if (ok) {
        done_value();
    }
    // A JSON number is known to have ended only when the lexer read one character past it.
    prev_end_ = number && !cbor_ && cursor_ > begin_ ? cursor_ - 1 : cursor_;
    return ok;
}

bool Loader::scalar_inner(const Scalar &v) {
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

// [SECTION] Event fields

bool Loader::event_value(Frame &f, const Scalar &v) {
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
    return event_field_value(detail::field_spec(static_cast<Field>(f.ekey)), v);
}

// A field of the schema, checked against its type.
bool Loader::event_field_value(const FieldSpec &fs, const Scalar &v) {
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

void Loader::set_int(Slot s, std::int64_t x) {
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

void Loader::set_text(Slot s, StrId id) {
    if (s == Slot::text2) {
        event_.text2 = id;
    } else if (s == Slot::text3) {
        event_.text3 = id;
    } else {
        event_.text = id;
    }
}

// [SECTION] Closing an event

bool Loader::close_event(const Frame &f) {
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
        if (!fs.optional && (f.seen & (std::uint64_t{1} << static_cast<unsigned>(field))) == 0) {
            return missing(
                fs.name, " (a " + std::string(spec.name) + " event has " + field_list(spec) + ")");
        }
        copy_slot(e, fs.slot);
    }
    last_t_ = e.t;
    model_.events.push_back(e);
    return true;
}

std::string Loader::field_list(const detail::KindSpec &spec) {
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

void Loader::copy_slot(TraceEvent &e, Slot s) const {
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

} // namespace futurescope::trace::load_detail
