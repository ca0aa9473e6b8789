// A stream that yields 1, 2, 3, … once per period of virtual time: `interval(10ms)` yields its
// n-th item at n × 10 ms after its first poll. Each tick's timer is registered when the stream is
// polled for that tick, at the tick's fixed deadline, so ticks do not drift when a consumer is
// slow; a tick missed entirely is yielded late, one per poll, until the stream catches up.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "futurescope/executor/executor.hpp"
#include "futurescope/future.hpp"

namespace futurescope {

class [[nodiscard]] Interval : public StreamExt<Interval> {
  public:
    using item_type = std::uint64_t;
    using error_type = Never;

    enum class State : std::uint8_t { idle, waiting };
    static constexpr std::array<std::string_view, 2> state_names{"idle", "waiting"};
    static constexpr FutureKind kind_info{"Interval", state_names};

    explicit Interval(std::chrono::nanoseconds period) noexcept : period_ns_(period.count()) {}
    Interval(Interval &&other) noexcept
        : executor_(std::exchange(other.executor_, nullptr)),
          timer_(std::exchange(other.timer_, {})), period_ns_(other.period_ns_),
          next_ns_(other.next_ns_), ticks_(other.ticks_), state_(other.state_),
          obs_(std::move(other.obs_)) {}
    Interval &operator=(Interval &&) = delete;
    Interval(const Interval &) = delete;
    Interval &operator=(const Interval &) = delete;
    ~Interval() { cancel(); }

    StreamPoll<std::uint64_t, Never> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<std::uint64_t, Never> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] std::string obs_label() const {
        return "interval(" + format_duration(period_ns_) + ")";
    }
    [[nodiscard]] int obs_state() const noexcept { return static_cast<int>(state_); }

  private:
    StreamPoll<std::uint64_t, Never> poll_inner() {
        if (executor_ == nullptr) {
            executor_ = &current_executor();
            next_ns_ = time_after(executor_->now(), period_ns_);
        }
        if (executor_->now() >= next_ns_) {
            cancel();
            next_ns_ = time_after(next_ns_, period_ns_);
            set_state(State::idle);
            return ready(std::optional<std::uint64_t>(++ticks_));
        }
        if (timer_.empty() || !executor_->timer_live(timer_)) {
            timer_ = executor_->add_timer(next_ns_, park(), {}, "interval");
            set_state(State::waiting);
        } else {
            executor_->refresh_timer(timer_, park());
        }
        return not_ready;
    }
    void set_state(State s) noexcept {
        if (s != state_) {
            observe_state(obs_, static_cast<int>(state_), static_cast<int>(s));
            state_ = s;
        }
    }
    void cancel() noexcept {
        if (executor_ != nullptr && !timer_.empty()) {
            executor_->cancel_timer(timer_);
        }
        timer_ = {};
    }

    Executor *executor_ = nullptr;
    TimerHandle timer_;
    TimeNs period_ns_;
    TimeNs next_ns_ = 0;
    std::uint64_t ticks_ = 0;
    State state_ = State::idle;
    ObsId obs_;
};

[[nodiscard]] inline Interval interval(std::chrono::nanoseconds period) noexcept {
    return Interval(period);
}

} // namespace futurescope
