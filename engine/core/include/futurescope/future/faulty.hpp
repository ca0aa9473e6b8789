// Two hand-written futures with the classic bugs, for the lessons that teach them (the
// detectors report both). Each waits for a point in virtual time, as `delay` does, but wrongly:
//   - ForgetfulDelay returns NotReady without taking the task's handle or setting a timer: a
//     lost wakeup. Nothing will ever poll it again, even once its time has come.
//   - BusyWait unparks its own task on every poll instead of setting a timer: a busy loop. The
//     task is always ready, so the executor never goes idle and the clock never moves.
#pragma once

#include <array>
#include <chrono>
#include <string>
#include <string_view>

#include "futurescope/executor/executor.hpp"
#include "futurescope/future.hpp"
#include "futurescope/observe/observe.hpp"
#include "futurescope/poll.hpp"
#include "futurescope/task/task.hpp"

namespace futurescope {

namespace detail {
// What both compute: Ready once the clock reached the deadline (fixed on the first poll).
class DeadlineCheck {
  public:
    explicit DeadlineCheck(std::chrono::nanoseconds d) noexcept : d_(d.count()) {}
    [[nodiscard]] bool due() {
        TimeNs now = current_executor().now();
        if (deadline_ns_ < 0) {
            deadline_ns_ = now + d_;
        }
        return now >= deadline_ns_;
    }
    [[nodiscard]] std::string label(const char *name) const {
        return name + format_duration(d_) + ")";
    }

  private:
    TimeNs d_;
    TimeNs deadline_ns_ = -1;
};
} // namespace detail

class [[nodiscard]] ForgetfulDelay : public FutureExt<ForgetfulDelay> {
  public:
    using item_type = Unit;
    using error_type = Never;
    static constexpr std::array<std::string_view, 1> state_names{"waiting"};
    static constexpr FutureKind kind_info{"ForgetfulDelay", state_names};

    explicit ForgetfulDelay(std::chrono::nanoseconds d) noexcept : check_(d) {}

    Poll<Unit, Never> poll() {
        PollScope scope(obs_, *this);
        // The bug: no park(), no timer. Returning NotReady promises a wakeup nobody arranged.
        Poll<Unit, Never> r = check_.due() ? Poll<Unit, Never>(ready()) : not_ready;
        scope.exit(r);
        return r;
    }
    [[nodiscard]] std::string obs_label() const { return check_.label("forgetful_delay("); }

  private:
    detail::DeadlineCheck check_;
    ObsId obs_;
};

class [[nodiscard]] BusyWait : public FutureExt<BusyWait> {
  public:
    using item_type = Unit;
    using error_type = Never;
    static constexpr std::array<std::string_view, 1> state_names{"spinning"};
    static constexpr FutureKind kind_info{"BusyWait", state_names};

    explicit BusyWait(std::chrono::nanoseconds d) noexcept : check_(d) {}

    Poll<Unit, Never> poll() {
        PollScope scope(obs_, *this);
        Poll<Unit, Never> r = not_ready;
        if (check_.due()) {
            r = ready();
        } else {
            // The bug: "poll me again at once" instead of a timer that unparks at the deadline.
            park().unpark("busy wait");
        }
        scope.exit(r);
        return r;
    }
    [[nodiscard]] std::string obs_label() const { return check_.label("busy_wait("); }

  private:
    detail::DeadlineCheck check_;
    ObsId obs_;
};

[[nodiscard]] inline ForgetfulDelay forgetful_delay(std::chrono::nanoseconds d) noexcept {
    return ForgetfulDelay(d);
}
[[nodiscard]] inline BusyWait busy_wait(std::chrono::nanoseconds d) noexcept { return BusyWait(d); }

} // namespace futurescope
