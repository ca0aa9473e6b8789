// A future whose one poll takes virtual CPU time: `block(5ms)` moves the clock forward by 5 ms
// during the poll and is Ready (DESIGN.md rule 7). It stands for a blocking call made inside a
// poll — a synchronous read, a long computation — and shows how it delays every other task.
#pragma once

#include <array>
#include <chrono>
#include <string>
#include <string_view>

#include "futurescope/executor/executor.hpp"
#include "futurescope/future.hpp"

namespace futurescope {

class [[nodiscard]] Block : public FutureExt<Block> {
  public:
    using item_type = Unit;
    using error_type = Never;

    static constexpr std::array<std::string_view, 2> state_names{"pending", "done"};
    static constexpr FutureKind kind_info{"Block", state_names};

    explicit Block(std::chrono::nanoseconds d) noexcept : duration_ns_(d.count()) {}

    Poll<Unit, Never> poll() {
        PollScope scope(obs_, *this);
        if (!done_) {
            current_executor().block_for(duration_ns_);
            observe_state(obs_, 0, 1);
            done_ = true;
        }
        Poll<Unit, Never> result = ready();
        scope.exit(result);
        return result;
    }

    [[nodiscard]] std::string obs_label() const {
        return "block(" + format_duration(duration_ns_) + ")";
    }
    [[nodiscard]] int obs_state() const noexcept { return done_ ? 1 : 0; }

  private:
    TimeNs duration_ns_;
    bool done_ = false;
    ObsId obs_;
};

[[nodiscard]] inline Block block(std::chrono::nanoseconds d) noexcept { return Block(d); }

} // namespace futurescope
