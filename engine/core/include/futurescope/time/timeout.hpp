// A deadline for a future: `f.timeout(30ms)` resolves as f does if f resolves within 30 ms of
// virtual time from the Timeout's first poll, and fails with TimeoutError::elapsed() otherwise.
// Each poll polls f first, then the internal Delay (so f wins a tie). Whichever way it ends, f and
// the Delay are dropped at once: the timer is cancelled when f resolves, so the clock never moves
// to a deadline nobody waits for. futures 0.1 has no timeout (tokio-timer's Timeout polls the same
// way); polling again after it resolved panics "cannot poll Timeout twice".
//
// [SECTION] TimeoutError
// [SECTION] Timeout
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/observe/describe.hpp"
#include "futurescope/time/delay.hpp"

namespace futurescope {

// [SECTION] TimeoutError

// The error of a Timeout: the deadline passed (`is_elapsed()`), or the inner future failed
// (`inner()`).
template <class E>
class TimeoutError {
  public:
    [[nodiscard]] static TimeoutError elapsed() { return TimeoutError(); }
    explicit TimeoutError(E inner) : inner_(std::in_place, std::move(inner)) {}

    [[nodiscard]] bool is_elapsed() const noexcept { return !inner_; }
    [[nodiscard]] bool is_inner() const noexcept { return inner_.has_value(); }
    // The inner future's error; asking when the deadline passed is a logic error.
    [[nodiscard]] E &inner() & { return *inner_; }
    [[nodiscard]] const E &inner() const & { return *inner_; }
    [[nodiscard]] E &&inner() && { return std::move(*inner_); }

    [[nodiscard]] std::string describe() const {
        return inner_ ? "inner(" + describe_any(*inner_) + ")" : std::string("elapsed");
    }

    friend bool operator==(const TimeoutError &, const TimeoutError &) = default;

  private:
    TimeoutError() = default;
    std::optional<E> inner_;
};

// [SECTION] Timeout

template <class F>
class [[nodiscard]] Timeout : public FutureExt<Timeout<F>> {
  public:
    using item_type = item_t<F>;
    using error_type = TimeoutError<error_t<F>>;

    static constexpr std::array<std::string_view, 2> state_names{"running", "done"};
    static constexpr FutureKind kind_info{"Timeout", state_names};

    Timeout(F inner, std::chrono::nanoseconds d)
        : inner_(std::in_place, std::move(inner)), delay_(std::in_place, d),
          duration_ns_(d.count()) {}

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] std::string obs_label() const {
        return "timeout(" + format_duration(duration_ns_) + ")";
    }
    [[nodiscard]] int obs_state() const noexcept { return inner_ ? 0 : 1; }

  private:
    Poll<item_type, error_type> poll_inner() {
        if (!inner_) {
            throw Panic("cannot poll Timeout twice");
        }
        auto p = inner_->poll();
        if (p.is_ready()) {
            finish();
            return Ready<item_type>{std::move(p).value()};
        }
        if (p.is_err()) {
            finish();
            return Err<error_type>{error_type(std::move(p).error())};
        }
        if (delay_->poll().is_ready()) {
            finish();
            return Err<error_type>{error_type::elapsed()};
        }
        return not_ready;
    }

    // Drops the inner future, then the delay (cancelling its timer if it has not fired).
    void finish() noexcept {
        inner_.reset();
        delay_.reset();
        observe_state(obs_, 0, 1);
    }

    std::optional<F> inner_;
    std::optional<Delay> delay_;
    TimeNs duration_ns_;
    ObsId obs_;
};

template <class Derived>
auto FutureExt<Derived>::timeout(std::chrono::nanoseconds d) && {
    return Timeout<Derived>(self_of<Derived>(this), d);
}

} // namespace futurescope
