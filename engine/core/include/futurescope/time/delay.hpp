// A future that resolves after a span of virtual time: `delay(30ms)`. On its first poll it
// registers a timer at now + d and returns NotReady — even for d = 0 (DESIGN.md rule 5); a later
// poll is Ready once the clock reached the deadline, and otherwise hands the timer the current
// task's handle. Completing or destroying a delay cancels its timer, so a dropped delay never
// moves the clock.
#pragma once

#include <array>
#include <chrono>
#include <string>
#include <string_view>
#include <utility>

#include "futurescope/executor/executor.hpp"
#include "futurescope/future.hpp"

namespace futurescope {

class [[nodiscard]] Delay : public FutureExt<Delay> {
  public:
    using item_type = Unit;
    using error_type = Never;

    enum class State : std::uint8_t { idle, waiting, done };
    static constexpr std::array<std::string_view, 3> state_names{"idle", "waiting", "done"};
    static constexpr FutureKind kind_info{"Delay", state_names};

    explicit Delay(std::chrono::nanoseconds d) noexcept : duration_ns_(d.count()) {}
    // A delay that ends at an absolute virtual time rather than after a duration.
    static Delay until(TimeNs deadline_ns) noexcept {
        Delay d(std::chrono::nanoseconds(0));
        d.absolute_ = true;
        d.deadline_ns_ = deadline_ns;
        return d;
    }

    Delay(Delay &&other) noexcept
        : executor_(std::exchange(other.executor_, nullptr)),
          timer_(std::exchange(other.timer_, {})), duration_ns_(other.duration_ns_),
          deadline_ns_(other.deadline_ns_), absolute_(other.absolute_), state_(other.state_),
          obs_(std::move(other.obs_)) {}
    Delay &operator=(Delay &&other) noexcept {
        if (this != &other) {
            cancel();
            executor_ = std::exchange(other.executor_, nullptr);
            timer_ = std::exchange(other.timer_, {});
            duration_ns_ = other.duration_ns_;
            deadline_ns_ = other.deadline_ns_;
            absolute_ = other.absolute_;
            state_ = other.state_;
            obs_ = std::move(other.obs_);
        }
        return *this;
    }
    Delay(const Delay &) = delete;
    Delay &operator=(const Delay &) = delete;
    ~Delay() { cancel(); }

    Poll<Unit, Never> poll() {
        PollScope scope(obs_, *this);
        Poll<Unit, Never> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] std::string obs_label() const {
        return absolute_ ? "delay_until(" + format_duration(deadline_ns_) + ")"
                         : "delay(" + format_duration(duration_ns_) + ")";
    }
    [[nodiscard]] int obs_state() const noexcept { return static_cast<int>(state_); }
    // The deadline, once the first poll set it.
    [[nodiscard]] TimeNs deadline_ns() const noexcept { return deadline_ns_; }
    [[nodiscard]] TimerHandle timer() const noexcept { return timer_; }

  private:
    Poll<Unit, Never> poll_inner() {
        switch (state_) {
        case State::idle: {
            Executor &ex = current_executor();
            executor_ = &ex;
            if (!absolute_) {
                deadline_ns_ = time_after(ex.now(), duration_ns_);
            }
            timer_ = ex.add_timer(deadline_ns_, park(), {}, "delay");
            set_state(State::waiting);
            return not_ready;
        }
        case State::waiting:
            if (executor_->now() >= deadline_ns_) {
                cancel(); // a block() may have moved the clock past a timer not yet fired
                set_state(State::done);
                return ready();
            }
            executor_->refresh_timer(timer_, park());
            return not_ready;
        case State::done:
            break;
        }
        // Polling a finished delay again is Ready again: time does not go backwards.
        return ready();
    }
    void set_state(State s) noexcept {
        observe_state(obs_, static_cast<int>(state_), static_cast<int>(s));
        state_ = s;
    }
    void cancel() noexcept {
        if (executor_ != nullptr && !timer_.empty()) {
            executor_->cancel_timer(timer_);
        }
        timer_ = {};
    }

    Executor *executor_ = nullptr;
    TimerHandle timer_;
    TimeNs duration_ns_;
    TimeNs deadline_ns_ = 0;
    bool absolute_ = false;
    State state_ = State::idle;
    ObsId obs_;
};

[[nodiscard]] inline Delay delay(std::chrono::nanoseconds d) noexcept { return Delay(d); }
[[nodiscard]] inline Delay delay_until(TimeNs deadline_ns) noexcept {
    return Delay::until(deadline_ns);
}

} // namespace futurescope
