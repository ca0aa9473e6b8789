// The values of a trace document's tables, its scenario and its summary, each checked against what
// its key holds.

#include <limits>

#include "loader.hpp"

namespace futurescope::trace::load_detail {

bool Loader::text(const Scalar &v, StrId &out) {
    if (v.type != Scalar::Type::string) {
        return expected("a string", v);
    }
    out = model_.strings.intern(v.s);
    return true;
}

bool Loader::text_or_null(const Scalar &v, StrId &out) {
    if (v.type == Scalar::Type::null) {
        out = 0;
        return true;
    }
    if (v.type != Scalar::Type::string) {
        return expected("a string or null", v);
    }
    out = model_.strings.intern(v.s);
    return true;
}

bool Loader::u32(const Scalar &v, std::uint32_t &out) {
    std::uint64_t x = 0;
    if (!as_uint(v, u32_max, x)) {
        return expected(expect_u32, v);
    }
    out = static_cast<std::uint32_t>(x);
    return true;
}

bool Loader::u64(const Scalar &v, std::uint64_t &out) {
    if (!as_uint(v, std::numeric_limits<std::uint64_t>::max(), out)) {
        return expected(expect_u64, v);
    }
    return true;
}

bool Loader::i64(const Scalar &v, std::int64_t &out) {
    if (!as_int(v, out)) {
        return expected("an integer", v);
    }
    return true;
}

bool Loader::flag(const Scalar &v, bool &out) {
    if (v.type != Scalar::Type::boolean) {
        return expected("true or false", v);
    }
    out = v.b;
    return true;
}

// The id of the n-th entry of a table is n + 1.
bool Loader::entry_id(const Scalar &v, std::uint32_t &out, std::size_t index) {
    if (!u32(v, out)) {
        return false;
    }
    if (out != index + 1) {
        return fail("expected " + std::to_string(index + 1) +
                    " (ids count from 1 in table order), found " + found(v));
    }
    return true;
}

// The values of the tables, the scenario and the summary.
bool Loader::table_value(Frame &f, const Scalar &v) {
    if (f.k == Key::unknown) {
        return true;
    }
    switch (f.ctx) {
    case Ctx::root:
        return root_value(f.k, v);
    case Ctx::scenario:
        return scenario_value(f.k, v);
    case Ctx::task:
        return task_value(f.k, v);
    case Ctx::future:
        return future_value(f.k, v);
    case Ctx::channel:
        return channel_value(f.k, v);
    case Ctx::summary:
        return summary_value(f.k, v);
    case Ctx::summary_task:
        return summary_task_value(f.k, v);
    case Ctx::result:
        return result_value(f.k, v);
    case Ctx::diagnostic:
        return diagnostic_value(f.k, v);
    default:
        return true;
    }
}

bool Loader::root_value(Key k, const Scalar &v) {
    switch (k) {
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
                        " (this build reads version " + std::to_string(trace_version) + ")");
        }
        model_.version = static_cast<int>(version);
        return true;
    }
    case Key::scenario:
    case Key::summary:
        return expected("an object", v);
    default:
        return expected("an array", v);
    }
}

bool Loader::scenario_value(Key k, const Scalar &v) {
    if (k == Key::seed) {
        return u64(v, model_.scenario.seed);
    }
    if (v.type != Scalar::Type::string) {
        return expected("a string", v);
    }
    (k == Key::name ? model_.scenario.name : model_.scenario.file) = std::string(v.s);
    return true;
}

bool Loader::task_value(Key k, const Scalar &v) {
    TraceTask &t = model_.tasks.back();
    switch (k) {
    case Key::id:
        return entry_id(v, t.id, model_.tasks.size() - 1);
    case Key::name:
        return text(v, t.name);
    case Key::daemon:
        return flag(v, t.daemon);
    case Key::parent:
        return u32(v, t.parent);
    default:
        return u32(v, t.root);
    }
}

bool Loader::future_value(Key k, const Scalar &v) {
    TraceFuture &fu = model_.futures.back();
    switch (k) {
    case Key::id:
        return entry_id(v, fu.id, model_.futures.size() - 1);
    case Key::task:
        return u32(v, fu.task);
    case Key::parent:
        return u32(v, fu.parent);
    case Key::kind:
        return text(v, fu.kind);
    case Key::label:
        return text(v, fu.label);
    case Key::source:
        return text(v, fu.source);
    default:
        return expected("an array", v);
    }
}

bool Loader::channel_value(Key k, const Scalar &v) {
    TraceChannel &c = model_.channels.back();
    switch (k) {
    case Key::id:
        return entry_id(v, c.id, model_.channels.size() - 1);
    case Key::kind:
        return text(v, c.kind);
    case Key::capacity:
        return i64(v, c.capacity);
    case Key::name:
        return text(v, c.name);
    default:
        return u32(v, c.task);
    }
}

bool Loader::summary_value(Key k, const Scalar &v) {
    TraceSummary &s = model_.summary;
    switch (k) {
    case Key::end_ns:
        return i64(v, s.end_ns);
    case Key::steps:
        return u64(v, s.steps);
    case Key::stop:
        return text_or_null(v, s.stop);
    default:
        return expected("an array", v);
    }
}

bool Loader::summary_task_value(Key k, const Scalar &v) {
    TaskSummary &t = model_.summary.tasks.back();
    switch (k) {
    case Key::id:
        return entry_id(v, t.id, model_.summary.tasks.size() - 1);
    case Key::polls:
        return u64(v, t.polls);
    case Key::unparks:
        return u64(v, t.unparks);
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
        return text_or_null(v, t.stuck);
    }
}

bool Loader::result_value(Key k, const Scalar &v) {
    TaskSummary &t = model_.summary.tasks.back();
    t.result = k == Key::ok ? ResultKind::ok : k == Key::err ? ResultKind::err : ResultKind::panic;
    return text(v, t.result_text);
}

bool Loader::diagnostic_value(Key k, const Scalar &v) {
    TraceDiagnostic &d = model_.summary.diagnostics.back();
    switch (k) {
    case Key::kind:
        return text(v, d.kind);
    case Key::task:
        return u32(v, d.task);
    case Key::future:
        return u32(v, d.future);
    default:
        return text(v, d.message);
    }
}

} // namespace futurescope::trace::load_detail
