// Polling a future by hand, outside the executor (futures 0.1's `executor::spawn` and its
// `poll_future_notify`): a Spawn gives the future a task id and task-local storage, and each poll
// runs with a notify target of the caller's choosing. Tests use it to control every poll; the
// executor is the normal way to run futures.
#pragma once

#include <cstdint>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/task/task.hpp"

namespace futurescope {

// A notify target that counts notifications and does nothing else: what a test hands to
// poll_future_notify to check "the future arranged a wakeup" (and how many). Not reference
// counted away: it lives on the test's stack and outlives the handles taken from it.
class CountingNotify final : public NotifyTarget {
  public:
    CountingNotify() { retain(); } // never released to zero by handles
    void notify(const UnparkCause &cause) override {
        ++count_;
        last_ = cause;
    }
    [[nodiscard]] std::uint32_t count() const noexcept { return count_; }
    [[nodiscard]] const UnparkCause &last() const noexcept { return last_; }
    void reset() noexcept { count_ = 0; }

  protected:
    void destroy() noexcept override {}

  private:
    std::uint32_t count_ = 0;
    UnparkCause last_{};
};

template <class F>
class Spawn {
  public:
    explicit Spawn(F future, TaskId id = 1) : future_(std::move(future)), id_(id) {}

    // One poll of a future, with `notify` as what park() hands out.
    auto poll_future_notify(NotifyTarget &notify) {
        TaskContext ctx{nullptr, &notify, id_, &locals_, nullptr};
        ContextScope scope(&ctx);
        return future_.poll();
    }
    // The same for a stream (one poll, one item at most).
    auto poll_stream_notify(NotifyTarget &notify) { return poll_future_notify(notify); }

    [[nodiscard]] F &get() noexcept { return future_; }
    [[nodiscard]] TaskId id() const noexcept { return id_; }
    [[nodiscard]] TaskLocalMap &locals() noexcept { return locals_; }

  private:
    F future_;
    TaskId id_;
    TaskLocalMap locals_;
};

template <class F>
[[nodiscard]] Spawn<F> spawn_local(F future, TaskId id = 1) {
    return Spawn<F>(std::move(future), id);
}

} // namespace futurescope
