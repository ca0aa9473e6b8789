// A yield point: `yield_now()` unparks its own task and returns NotReady on its first poll, then
// is Ready on the next. The executor queues the task at the back (DESIGN.md rule 3), so every
// other ready task gets a poll in between.
#pragma once

#include <array>
#include <string_view>

#include "futurescope/future.hpp"
#include "futurescope/task/task.hpp"

namespace futurescope {

class [[nodiscard]] YieldNow : public FutureExt<YieldNow> {
  public:
    using item_type = Unit;
    using error_type = Never;

    static constexpr std::array<std::string_view, 2> state_names{"pending", "yielded"};
    static constexpr FutureKind kind_info{"YieldNow", state_names};

    Poll<Unit, Never> poll() {
        PollScope scope(obs_, *this);
        Poll<Unit, Never> result = poll_inner();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] int obs_state() const noexcept { return yielded_ ? 1 : 0; }

  private:
    Poll<Unit, Never> poll_inner() {
        if (yielded_) {
            return ready();
        }
        yielded_ = true;
        observe_state(obs_, 0, 1);
        park().unpark("yield_now");
        return not_ready;
    }

    bool yielded_ = false;
    ObsId obs_;
};

[[nodiscard]] inline YieldNow yield_now() noexcept { return YieldNow(); }

} // namespace futurescope
