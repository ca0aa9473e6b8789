// Data that belongs to a task rather than to a future (futures 0.1's `task_local!` and the
// deprecated `TaskRc`).
//
// `TaskLocal<T>` is a key: `static TaskLocal<int> requests([] { return 0; });` and then,
// inside a poll, `requests.with([](int &n) { ++n; })`. Each task gets its own value, made by
// the init function on the task's first access and destroyed with the task (when it completes,
// right after its future). Futures polled under `with_notify` (inside a FuturesUnordered) share
// their task's values. A key must outlive the tasks that use it, as Rust's statics do.
//
// `TaskRc<T>` is a value made inside a task that only that task may read: `with` from another
// task is a contract violation, the panic futures 0.1 reports, with the two task ids added.
//
// [SECTION] TaskLocal
// [SECTION] TaskRc
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>
#include <utility>

#include "futurescope/poll.hpp"
#include "futurescope/task/task.hpp"

namespace futurescope {

// [SECTION] TaskLocal

template <class T>
class TaskLocal {
  public:
    explicit TaskLocal(std::function<T()> init) : init_(std::move(init)) {}
    TaskLocal(const TaskLocal &) = delete;
    TaskLocal &operator=(const TaskLocal &) = delete;

    // Calls f(T&) with the current task's value, creating it first if needed. Outside a
    // task: Panic "no Task is currently running".
    template <class F>
    decltype(auto) with(F &&f) const {
        TaskContext *c = current_context();
        if (c == nullptr || c->locals == nullptr) {
            throw Panic("no Task is currently running");
        }
        void *slot = c->locals->find(this);
        if (slot == nullptr) {
            // The map is not borrowed while init runs: it may use other keys.
            T *value = new T(init_());
            c->locals->insert(this, value, [](void *p) { delete static_cast<T *>(p); });
            slot = value;
        }
        return std::invoke(std::forward<F>(f), *static_cast<T *>(slot));
    }

  private:
    std::function<T()> init_;
};

// [SECTION] TaskRc

template <class T>
class TaskRc {
  public:
    // Must run inside a task (Panic "no Task is currently running" otherwise); the value then
    // belongs to that task.
    explicit TaskRc(T value) : task_(current_task_or_panic()), box_(new Box{1, std::move(value)}) {}
    TaskRc(const TaskRc &other) noexcept : task_(other.task_), box_(other.box_) { ++box_->refs; }
    TaskRc(TaskRc &&other) noexcept
        : task_(other.task_), box_(std::exchange(other.box_, nullptr)) {}
    TaskRc &operator=(TaskRc other) noexcept {
        std::swap(task_, other.task_);
        std::swap(box_, other.box_);
        return *this;
    }
    ~TaskRc() {
        if (box_ != nullptr) {
            box_->release();
        }
    }

    // Calls f(T&) if the current task is the one that made this TaskRc.
    template <class F>
    decltype(auto) with(F &&f) const {
        TaskId now = current_task_or_panic();
        if (now != task_) {
            throw Panic("TaskRc being accessed on task it does not belong to (created on task " +
                        std::to_string(task_) + ", accessed from task " + std::to_string(now) +
                        ")");
        }
        return std::invoke(std::forward<F>(f), box_->value);
    }

    [[nodiscard]] TaskId task() const noexcept { return task_; }

  private:
    struct Box {
        std::uint32_t refs;
        T value;

        // Out of line: inlined into code that holds two handles of one object, GCC 12 reports
        // the second handle's release as a use after free (-Wuse-after-free false positive).
        [[gnu::noinline]] void release() noexcept {
            if (--refs == 0) {
                delete this;
            }
        }
    };

    // Rust keeps a Task handle and compares ids; the id is all that is needed, and taking a
    // handle here would show in a trace as a park that waits for nothing.
    static TaskId current_task_or_panic() {
        TaskContext *c = current_context();
        if (c == nullptr || c->notify == nullptr) {
            throw Panic("no Task is currently running");
        }
        return c->task;
    }

    TaskId task_;
    Box *box_;
};

} // namespace futurescope
