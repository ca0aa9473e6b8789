// Building the futures of many futures: join_all, select_all, select_ok, and poll_all, a
// hand-written future that shows why polling a finished future is a bug.
#include <array>

#include "interpreter.hpp"

namespace futurescope::scenario::building {

namespace {

// poll_all: a hand-written future, not an engine combinator — the loop a learner writes to wait
// for several futures: every poll polls each of them, including those already finished, and it
// resolves to the list of their first values once each has been Ready. Polling a finished future
// is the bug (many futures panic, "cannot poll Map twice"); fused futures make it harmless.
class [[nodiscard]] PollAll : public FutureExt<PollAll> {
  public:
    using item_type = Value;
    using error_type = Value;
    static constexpr std::array<std::string_view, 2> state_names{"polling", "done"};
    static constexpr FutureKind kind_info{"PollAll", state_names};

    explicit PollAll(std::vector<BF> futures)
        : futures_(std::move(futures)), values_(futures_.size()) {}

    Poll<Value, Value> poll() {
        PollScope scope(obs_, *this);
        Poll<Value, Value> result = poll_inner();
        scope.exit(result);
        return result;
    }
    [[nodiscard]] int obs_state() const noexcept { return done_ ? 1 : 0; }

  private:
    Poll<Value, Value> poll_inner() {
        bool all = true;
        for (std::size_t i = 0; i < futures_.size(); ++i) {
            auto p = futures_[i].poll(); // finished or not: it does not remember
            if (p.is_err()) {
                finish();
                return Err<Value>{std::move(p).error()};
            }
            if (p.is_ready() && !values_[i]) {
                values_[i] = std::move(p).value();
            }
            all = all && values_[i].has_value();
        }
        if (!all) {
            return not_ready;
        }
        finish();
        std::vector<Value> items;
        for (std::optional<Value> &v : values_) {
            items.push_back(std::move(*v));
        }
        return ready(Value::list(std::move(items)));
    }
    void finish() noexcept {
        if (!done_) {
            done_ = true;
            observe_state(obs_, 0, 1);
        }
    }

    std::vector<BF> futures_;
    std::vector<std::optional<Value>> values_;
    bool done_ = false;
    ObsId obs_;
};

} // namespace

BF build_collection(const Expr &e, const Env &env, RunState &rs) {
    auto sub = [&](std::size_t i) { return build_future(e.args[i], env, rs); };
    switch (e.op) {
    case Op::poll_all: {
        std::vector<BF> fs;
        for (std::size_t i = 0; i < e.args.size(); ++i) {
            fs.push_back(sub(i));
        }
        return erase(PollAll(std::move(fs)), e);
    }
    case Op::join_all:
    case Op::select_all:
    case Op::select_ok: {
        std::vector<BF> fs;
        for (std::size_t i = 0; i < e.args.size(); ++i) {
            fs.push_back(sub(i));
        }
        if (e.op == Op::join_all) {
            return erase(join_all(std::move(fs)), e);
        }
        if (e.op == Op::select_all) {
            return erase(select_all(std::move(fs)), e);
        }
        return erase(select_ok(std::move(fs)), e);
    }
    case Op::join_all_vec:
    case Op::select_all_vec:
    case Op::select_ok_vec: {
        // A list made at run time (Rust's Vec<F>, of any length): each future handle taken out,
        // any other value ok(value).
        Value list = eval(e.args[0], env, &rs);
        if (list.type() != Value::Type::list) {
            throw Panic("expected a list of futures, found " + list.type_name() + " " +
                        list.describe());
        }
        std::vector<BF> fs;
        for (const Value &v : list.items()) {
            fs.push_back(value_future(v));
        }
        if (e.op == Op::join_all_vec) {
            return erase(join_all(std::move(fs)), e);
        }
        if (fs.empty()) {
            // futures 0.1.31 asserts it (select_all.rs, select_ok.rs).
            throw Panic("assertion failed: !ret.inner.is_empty()");
        }
        if (e.op == Op::select_all_vec) {
            return erase(select_all(std::move(fs)), e);
        }
        return erase(select_ok(std::move(fs)), e);
    }
    default:
        break;
    }
    throw Panic("not a future expression");
}

} // namespace futurescope::scenario::building
