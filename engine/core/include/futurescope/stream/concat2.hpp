// Concatenates a stream of containers into one: `s.concat2()` is a future that appends every item
// (a vector, a string — anything with begin/end and insert) to the first one and resolves to the
// whole at the end of the stream; an empty stream gives an empty container (futures 0.1's
// `Concat2`). The first error is the result, and the items gathered so far are dropped.
// Polling again after the result panics "cannot poll Concat again". States: first (nothing
// received yet), extending, done.
#pragma once

#include <array>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"

namespace futurescope {

namespace detail {

// The loop concat and concat2 share (Rust's `ConcatSafe`): Ready(nullopt) for an empty stream.
template <class S>
class ConcatInto {
  public:
    using value_type = item_t<S>;
    enum class State : std::uint8_t { first, extending, done };

    explicit ConcatInto(S stream) : stream_(std::move(stream)) {}

    template <class SetState>
    Poll<std::optional<value_type>, error_t<S>> poll(SetState set_state) {
        for (;;) {
            auto p = stream_.poll();
            if (p.is_not_ready()) {
                return not_ready;
            }
            if (p.is_err()) {
                acc_.reset();
                set_state(State::done);
                return Err<error_t<S>>{std::move(p).error()};
            }
            if (!p.value()) {
                if (state_ == State::done) {
                    throw Panic("cannot poll Concat again");
                }
                set_state(State::done);
                return Ready<std::optional<value_type>>{std::exchange(acc_, std::nullopt)};
            }
            value_type &item = *p.value();
            if (!acc_) {
                acc_.emplace(std::move(item));
                set_state(State::extending);
            } else {
                acc_->insert(acc_->end(),
                             std::make_move_iterator(std::begin(item)),
                             std::make_move_iterator(std::end(item)));
            }
        }
    }

    State state_ = State::first;

  private:
    S stream_;
    std::optional<value_type> acc_;
};

inline constexpr std::array<std::string_view, 3> concat_state_names{"first", "extending", "done"};

} // namespace detail

template <class S>
class [[nodiscard]] Concat2 : public FutureExt<Concat2<S>> {
  public:
    using item_type = item_t<S>;
    using error_type = error_t<S>;

    static constexpr FutureKind kind_info{"Concat2", detail::concat_state_names};

    explicit Concat2(S stream) : inner_(std::move(stream)) {}

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return static_cast<int>(inner_.state_); }

  private:
    using State = typename detail::ConcatInto<S>::State;

    Poll<item_type, error_type> poll_inner() {
        auto p = inner_.poll([this](State s) { set_state(s); });
        if (p.is_not_ready()) {
            return not_ready;
        }
        if (p.is_err()) {
            return Err<error_type>{std::move(p).error()};
        }
        if (!p.value()) {
            return Ready<item_type>{item_type{}};
        }
        return Ready<item_type>{std::move(*p.value())};
    }

    void set_state(State s) noexcept {
        if (s != inner_.state_) {
            observe_state(obs_, static_cast<int>(inner_.state_), static_cast<int>(s));
            inner_.state_ = s;
        }
    }

    detail::ConcatInto<S> inner_;
    ObsId obs_;
};

template <class Derived>
auto StreamExt<Derived>::concat2() && {
    return Concat2<Derived>(self_of<Derived>(this));
}

} // namespace futurescope
