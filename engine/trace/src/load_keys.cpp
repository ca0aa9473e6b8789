// The keys of a trace document's tables and events, as the loader looks them up.

#include "load_keys.hpp"

namespace futurescope::trace::load_detail {

using detail::Field;

namespace {

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
constexpr KeyEntry channel_keys[] = {{"id", Key::id},
                                     {"kind", Key::kind},
                                     {"capacity", Key::capacity},
                                     {"task", Key::task},
                                     {"name", Key::name}};
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

} // namespace

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

EventKeys::EventKeys() {
    slots_.fill(empty);
    for (std::size_t i = 0; i < detail::field_count; ++i) {
        insert(detail::field_spec(static_cast<Field>(i)).name, static_cast<std::uint8_t>(i));
    }
    insert("seq", seq_bit);
    insert("t", t_bit);
    insert("kind", kind_bit);
}

void EventKeys::insert(std::string_view name, std::uint8_t id) {
    std::size_t h = hash(name);
    while (slots_[h].id != unknown_event_key) {
        h = (h + 1) & mask;
    }
    slots_[h] = Entry{name, id};
}

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

} // namespace futurescope::trace::load_detail
