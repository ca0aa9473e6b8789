// What an object or array of a trace document may be where it opens, and what closing it checks:
// the keys a table's object must have (an event's fields are checked in loader.cpp).
//
// [SECTION] Opening
// [SECTION] Closing

#include "loader.hpp"

namespace futurescope::trace::load_detail {

using detail::Field;
using detail::FieldSpec;
using detail::FieldType;
using detail::Slot;

// [SECTION] Opening

// What a container found at the current place is, or why it is not welcome there.
bool Loader::child_context(bool array, Ctx &out) {
    if (frames_.empty()) {
        if (array) {
            return expected_container("an object", true);
        }
        out = Ctx::root;
        return true;
    }
    const Frame &f = frames_.back();
    if (f.ctx == Ctx::skip) {
        out = Ctx::skip;
        return true;
    }
    if (f.array) {
        return element_context(f, array, out);
    }
    if (f.ctx == Ctx::event) {
        return event_member_context(f, array, out);
    }
    return table_member_context(f, array, out);
}

bool Loader::want_object(bool array, Ctx c, Ctx &out) {
    if (array) {
        return expected_container("an object", true);
    }
    out = c;
    return true;
}

bool Loader::want_array(bool array, Ctx c, Ctx &out) {
    if (!array) {
        return expected_container("an array", false);
    }
    out = c;
    return true;
}

// An element of a table holds an object; the states of a future hold strings.
bool Loader::element_context(const Frame &f, bool array, Ctx &out) {
    switch (f.ctx) {
    case Ctx::events:
        return want_object(array, Ctx::event, out);
    case Ctx::tasks:
        return want_object(array, Ctx::task, out);
    case Ctx::futures:
        return want_object(array, Ctx::future, out);
    case Ctx::channels:
        return want_object(array, Ctx::channel, out);
    case Ctx::summary_tasks:
        return want_object(array, Ctx::summary_task, out);
    case Ctx::diagnostics:
        return want_object(array, Ctx::diagnostic, out);
    default:
        return expected_container("a string", array);
    }
}

// Every key of an event this version knows holds a scalar; an unknown one is skipped.
bool Loader::event_member_context(const Frame &f, bool array, Ctx &out) {
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

bool Loader::table_member_context(const Frame &f, bool array, Ctx &out) {
    switch (f.k) {
    case Key::unknown:
        out = Ctx::skip;
        return true;
    case Key::scenario:
        return want_object(array, Ctx::scenario, out);
    case Key::summary:
        return want_object(array, Ctx::summary, out);
    case Key::events:
        return want_array(array, Ctx::events, out);
    case Key::futures:
        return want_array(array, Ctx::futures, out);
    case Key::channels:
        return want_array(array, Ctx::channels, out);
    case Key::tasks:
        return want_array(array, f.ctx == Ctx::summary ? Ctx::summary_tasks : Ctx::tasks, out);
    case Key::diagnostics:
        return want_array(array, Ctx::diagnostics, out);
    case Key::states:
        return want_array(array, Ctx::states, out);
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

// [SECTION] Closing

bool Loader::close_object(const Frame &f) {
    if (f.ctx == Ctx::skip) {
        return true;
    }
    if (f.ctx == Ctx::result) {
        if (f.seen == 0) {
            return fail("expected one key: \"ok\", \"err\" or \"panic\"", false);
        }
        return true;
    }
    std::span<const KeyEntry> keys = keys_of(f.ctx);
    for (const KeyEntry &k : keys) {
        if (k.key == Key::channels || k.key == Key::source ||
            (f.ctx == Ctx::channel && k.key == Key::name)) {
            continue; // channels came with the network and channels, sources with
                      // scenarios, a channel's name with scenarios' named channels: optional
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

bool Loader::close_array(const Frame &f) {
    if (f.ctx == Ctx::summary_tasks && model_.summary.tasks.size() != model_.tasks.size() &&
        tasks_seen_) {
        return fail("expected " + std::to_string(model_.tasks.size()) +
                        " entries (one per task), found " +
                        std::to_string(model_.summary.tasks.size()),
                    false);
    }
    if (f.ctx == Ctx::tasks) {
        tasks_seen_ = true;
    } else if (f.ctx == Ctx::channels) {
        channels_seen_ = true;
    }
    return true;
}

} // namespace futurescope::trace::load_detail
