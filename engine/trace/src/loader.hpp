// The trace loader: a handler of nlohmann's SAX interface that reads a trace document (JSON text
// or CBOR) straight into a TraceModel, never through a DOM. Its members live in one file per job:
//
//   loader.cpp            the hot path: reading, the frames of open objects and arrays, and
//                         each event's values and fields
//   load_tables.cpp       the values of the tables, the scenario and the summary
//   load_containers.cpp   what an object or array may be where it opens, and the keys a
//                         table's object must have
//   load_references.cpp   the ids that name tasks and futures, checked once everything is read
//   load_messages.cpp     the place, path and wording of a problem
//
// Every problem becomes one TraceError line naming the file, the place (line:column for JSON
// text, the byte for CBOR), the JSON pointer path and what was expected. Private to the trace
// library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "futurescope/trace/trace_model.hpp"
#include "load_keys.hpp"
#include "load_values.hpp"
#include "schema.hpp"

namespace futurescope::trace::load_detail {

inline constexpr std::size_t max_depth = 64;

class Loader {
  public:
    Loader(std::string_view bytes, std::string_view name, bool cbor)
        : begin_(bytes.data()), end_(bytes.data() + bytes.size()), cursor_(begin_),
          prev_end_(begin_), name_(name), cbor_(cbor) {}

    // Reads the whole document; throws TraceError on the first problem.
    TraceModel load();

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
        if (cbor_ && i >= 0) [[unlikely]] {
            // CBOR's negative integers reach -2^64, and nlohmann wraps those below -2^63 into
            // 0 … 2^63-1: no negative CBOR integer is read as one that is not.
            v.type = Scalar::Type::below_int64;
            v.u = std::uint64_t{0} - static_cast<std::uint64_t>(i);
        }
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

    // Messages (load_messages.cpp).
    [[nodiscard]] std::string path(bool include_top) const;
    [[nodiscard]] std::string place() const;
    [[nodiscard]] std::string line_column(const char *p) const;
    bool fail(const std::string &what, bool include_top = true);
    bool expected(std::string_view what, const Scalar &v);
    bool expected_container(std::string_view what, bool array);
    bool missing(std::string_view key, const std::string &why = {});

    // Frames (loader.cpp).
    bool push(bool array);
    bool pop();
    void done_value();

    // Scalars by context (loader.cpp; the tables' in load_tables.cpp).
    bool scalar(const Scalar &v, bool number = false);
    bool scalar_inner(const Scalar &v);
    bool event_value(Frame &f, const Scalar &v);
    bool event_field_value(const detail::FieldSpec &fs, const Scalar &v);
    void set_int(detail::Slot s, std::int64_t x);
    void set_text(detail::Slot s, StrId id);
    bool table_value(Frame &f, const Scalar &v);
    bool root_value(Key k, const Scalar &v);
    bool scenario_value(Key k, const Scalar &v);
    bool task_value(Key k, const Scalar &v);
    bool future_value(Key k, const Scalar &v);
    bool channel_value(Key k, const Scalar &v);
    bool summary_value(Key k, const Scalar &v);
    bool summary_task_value(Key k, const Scalar &v);
    bool result_value(Key k, const Scalar &v);
    bool diagnostic_value(Key k, const Scalar &v);
    // One value of a table, checked against what its key holds.
    bool text(const Scalar &v, StrId &out);
    bool text_or_null(const Scalar &v, StrId &out);
    bool u32(const Scalar &v, std::uint32_t &out);
    bool u64(const Scalar &v, std::uint64_t &out);
    bool i64(const Scalar &v, std::int64_t &out);
    bool flag(const Scalar &v, bool &out);
    bool entry_id(const Scalar &v, std::uint32_t &out, std::size_t index);

    // Objects and arrays (load_containers.cpp).
    bool child_context(bool array, Ctx &out);
    bool element_context(const Frame &f, bool array, Ctx &out);
    bool event_member_context(const Frame &f, bool array, Ctx &out);
    bool table_member_context(const Frame &f, bool array, Ctx &out);
    bool want_object(bool array, Ctx c, Ctx &out);
    bool want_array(bool array, Ctx c, Ctx &out);
    bool close_object(const Frame &f);
    bool close_array(const Frame &f);
    // An event's end: the fields of its kind (loader.cpp).
    bool close_event(const Frame &f);
    static std::string field_list(const detail::KindSpec &spec);
    void copy_slot(TraceEvent &e, detail::Slot s) const;

    // Cross-references (load_references.cpp).
    void check_references() const;
    void check_event_references() const;
    [[nodiscard]] bool event_references_ok(const TraceEvent &e) const noexcept;
    [[noreturn]] void event_reference_error(std::size_t index, const TraceEvent &e) const;
    [[nodiscard]] bool is_state_of(StrId state, FutureId future) const noexcept;
    void check_table_references() const;
    void check_future_parents() const;
    [[noreturn]] void
    no_such(const std::string &where, std::string_view what, std::size_t id, std::size_t has) const;

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
    bool channels_seen_ = false; // the table is optional: without it, channel ids go unchecked
    std::string error_;
};

} // namespace futurescope::trace::load_detail
