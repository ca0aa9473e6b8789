// The operator table: each operator's name in a file, the Op it compiles to, what it gives (a
// future, a stream or a value) and the codes of its arguments (loader.hpp). A name may appear
// twice, once for futures and once for streams (map, then, select, fuse, …): the receiver decides.
#include <algorithm>

#include "loader.hpp"

namespace futurescope::scenario::loading {

namespace {

constexpr Kind F = Kind::future;
constexpr Kind S = Kind::stream;
constexpr Kind V = Kind::value;

} // namespace

const std::vector<OpSpec> &op_table() {
    static const std::vector<OpSpec> table{
        // values
        {"list", Op::list, V, "*V"},
        {"tuple", Op::tuple, V, "*V"},
        {"add", Op::add, V, "VV"},
        {"sub", Op::sub, V, "VV"},
        {"mul", Op::mul, V, "VV"},
        {"div", Op::div, V, "VV"},
        {"mod", Op::mod, V, "VV"},
        {"neg", Op::neg, V, "V"},
        {"eq", Op::eq, V, "VV"},
        {"ne", Op::ne, V, "VV"},
        {"lt", Op::lt, V, "VV"},
        {"le", Op::le, V, "VV"},
        {"gt", Op::gt, V, "VV"},
        {"ge", Op::ge, V, "VV"},
        {"not", Op::not_, V, "V"},
        {"and", Op::and_, V, "VV"},
        {"or", Op::or_, V, "VV"},
        {"if", Op::if_, V, "VVV"},
        {"concat", Op::concat, V, "*V", 1},
        {"len", Op::len, V, "V"},
        {"upper", Op::upper, V, "V"},
        {"get", Op::get, V, "VV"},
        {"to_string", Op::to_string, V, "V"},
        {"parse_int", Op::parse_int, V, "V"},
        {"bytes", Op::bytes, V, "V"},
        {"sender", Op::sender, V, "C"},
        {"future", Op::future_value, V, "F"},
        {"stream", Op::stream_value, V, "S"},
        {"clone", Op::clone, V, "V"},
        {"drop", Op::drop, V, "V"},
        {"fail", Op::fail, V, "V"},
        {"rc", Op::rc, V, "V"},
        {"break", Op::break_, V, "V"},
        {"continue", Op::continue_, V, "V"},
        {"tag_of", Op::tag_of, V, "V"},
        {"untag", Op::untag, V, "V"},
        // values: Shared (a future that clones), sinks and their adapters
        {"shared", Op::shared, V, "F"},
        {"with", Op::with, V, "Vf"},
        {"with_flat_map", Op::with_flat_map, V, "Vv"},
        {"buffer", Op::buffer, V, "VN"},
        {"fanout", Op::fanout, V, "VV"},
        {"sink_map_err", Op::sink_map_err, V, "Vv"},
        {"sink_from_err", Op::sink_from_err, V, "V"},
        {"into_inner", Op::into_inner, V, "V"},
        // values of futures written by hand
        {"current_task", Op::current_task, V, ""},
        {"park", Op::current_task, V, ""},
        {"notify", Op::notify, V, "V"},
        {"unpark", Op::notify, V, "V"},
        {"now_ms", Op::now_ms, V, ""},
        {"unbounded_send", Op::unbounded_send, V, "VV"},
        {"cell", Op::cell, V, "V"},
        {"load", Op::load, V, "V"},
        {"store", Op::store, V, "VV"},
        {"receiver", Op::receiver, V, "C"},
        {"poll_by_hand", Op::poll_by_hand, V, "F"},
        // futures
        {"ok", Op::ok, F, "V"},
        {"err", Op::err, F, "V"},
        {"delay", Op::delay, F, "D"},
        {"block", Op::block, F, "D"},
        {"lazy", Op::lazy, F, "F"},
        {"empty", Op::empty, F, ""},
        {"yield_now", Op::yield_now, F, ""},
        {"forgetful_delay", Op::forgetful_delay, F, "D"},
        {"busy_wait", Op::busy_wait, F, "D"},
        {"map", Op::map, F, "Fv"},
        {"map_err", Op::map_err, F, "Fv"},
        {"then", Op::then, F, "Ff"},
        {"and_then", Op::and_then, F, "Ff"},
        {"or_else", Op::or_else, F, "Ff"},
        {"select", Op::select, F, "FF"},
        {"join", Op::join, F, "*F", 2, 5},
        {"join_all", Op::join_all, F, "*F"},
        {"select_all", Op::select_all, F, "*F", 1},
        {"select_ok", Op::select_ok, F, "*F", 1},
        {"fuse", Op::fuse, F, "F"},
        {"timeout", Op::timeout, F, "FD"},
        {"boxed", Op::boxed, F, "F"},
        {"spawn", Op::spawn, F, "F"},
        {"local_get", Op::local_get, F, "T"},
        {"local_set", Op::local_set, F, "TV"},
        {"connect", Op::connect, F, "T"},
        {"bind", Op::bind, F, "T"},
        {"tls_handshake", Op::tls_handshake, F, "TV"},
        {"write_all", Op::write_all, F, "VV"},
        {"read_exact", Op::read_exact, F, "VV"},
        {"read_to_end", Op::read_to_end, F, "V"},
        {"shutdown", Op::shutdown, F, "V"},
        {"recv", Op::recv_oneshot, F, "C"},
        {"send", Op::send, F, "VV"},
        {"fold", Op::fold, F, "SVg"},
        {"for_each", Op::for_each, F, "Sf"},
        {"collect", Op::collect, F, "S"},
        {"into_future", Op::into_future, F, "S"},
        {"select2", Op::select2, F, "FF"},
        {"flatten", Op::flatten, F, "F"},
        {"loop_fn", Op::loop_fn, F, "Vf"},
        {"peek", Op::peek, F, "S"},
        {"task_rc", Op::task_rc, F, "V"},
        {"task_rc_get", Op::task_rc_get, F, "V"},
        {"send_all", Op::send_all, F, "VS"},
        {"poll_all", Op::poll_all, F, "*F", 1},
        // futures: flush, spawn handles, option, concat2
        {"flush", Op::flush, F, "V"},
        {"oneshot_spawn", Op::oneshot_spawn, F, "F"},
        {"unsync_oneshot_spawn", Op::unsync_oneshot_spawn, F, "F"},
        {"forget", Op::forget, F, "F"},
        {"option", Op::option, F, "F"},
        {"concat2", Op::concat2, F, "S"},
        // the model's later additions
        {"delay_until", Op::delay_until, F, "D"},
        {"poll_cancel", Op::poll_cancel, F, "V"},
        {"join_all_vec", Op::join_all_vec, F, "V"},
        {"select_all_vec", Op::select_all_vec, F, "V"},
        {"select_ok_vec", Op::select_ok_vec, F, "V"},
        // streams
        {"iter", Op::iter, S, "V"},
        {"interval", Op::interval, S, "D"},
        {"incoming", Op::incoming, S, "V"},
        {"recv", Op::recv_stream, S, "C"},
        {"map", Op::smap, S, "Sv"},
        {"map_err", Op::smap_err, S, "Sv"},
        {"filter", Op::filter, S, "Sv"},
        {"filter_map", Op::filter_map, S, "Sv"},
        {"then", Op::sthen, S, "Sf"},
        {"and_then", Op::sand_then, S, "Sf"},
        {"or_else", Op::sor_else, S, "Sf"},
        {"take", Op::take, S, "SN"},
        {"skip", Op::skip, S, "SN"},
        {"take_while", Op::take_while, S, "Sv"},
        {"skip_while", Op::skip_while, S, "Sv"},
        {"chunks", Op::chunks, S, "SN"},
        {"buffered", Op::buffered, S, "SN"},
        {"buffer_unordered", Op::buffer_unordered, S, "SN"},
        {"select", Op::sselect, S, "SS"},
        {"merge", Op::merge, S, "SS"},
        {"zip", Op::zip, S, "SS"},
        {"fuse", Op::sfuse, S, "S"},
        {"into_stream", Op::into_stream, S, "F"},
        {"unfold", Op::unfold, S, "Vf"},
        {"peekable", Op::peekable, S, "S"},
        {"flatten", Op::sflatten, S, "S"},
        {"iter_result", Op::iter_result, S, "R"},
        // streams: from_err, inspect_err, catch_unwind, spawned streams
        {"from_err", Op::from_err, S, "S"},
        {"inspect_err", Op::inspect_err, S, "Sv"},
        {"catch_unwind", Op::catch_unwind, S, "S"},
        {"mpsc_spawn", Op::mpsc_spawn, S, "SN"},
        {"unsync_mpsc_spawn", Op::unsync_mpsc_spawn, S, "SN"},
    };
    return table;
}

const std::vector<std::string_view> &op_names() {
    static const std::vector<std::string_view> names = [] {
        std::vector<std::string_view> v{"var", "const", "chain", "fn", "async", "new", "field"};
        for (const OpSpec &s : op_table()) {
            if (std::find(v.begin(), v.end(), s.name) == v.end()) {
                v.push_back(s.name);
            }
        }
        return v;
    }();
    return names;
}

const char *kind_name(Kind k) {
    switch (k) {
    case Kind::future:
        return "a future";
    case Kind::stream:
        return "a stream";
    case Kind::value:
        return "a value";
    }
    return "?";
}

std::vector<const OpSpec *> specs_named(std::string_view name) {
    std::vector<const OpSpec *> out;
    for (const OpSpec &s : op_table()) {
        if (s.name == name) {
            out.push_back(&s);
        }
    }
    return out;
}

} // namespace futurescope::scenario::loading
