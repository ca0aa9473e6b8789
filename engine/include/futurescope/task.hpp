// Tasks and wakeups: the handle a future takes when it returns NotReady (`park()`, called
// `task::current()` in later futures 0.1 releases) and the `unpark()` that later asks the
// executor to poll that task again.
//
// [SECTION] NotifyTarget: what an unpark reaches
// [SECTION] Task: the handle
// [SECTION] The current task
// [SECTION] Task-local storage map
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "futurescope/observe.hpp"
#include "futurescope/poll.hpp"

namespace futurescope {

class Executor;

// [SECTION] NotifyTarget: what an unpark reaches

// The receiver of notifications: a task of the executor, or a node of a FuturesUnordered that
// forwards to its task (Rust's `Notify` + `NotifyHandle`). Reference counted, single-threaded:
// a handle may outlive the task it names, and an unpark of a finished task is then ignored.
class NotifyTarget {
  public:
    NotifyTarget() = default;
    NotifyTarget(const NotifyTarget &) = delete;
    NotifyTarget &operator=(const NotifyTarget &) = delete;

    virtual void notify(const UnparkCause &cause) = 0;

    void retain() noexcept { ++refs_; }
    void release() noexcept {
        if (--refs_ == 0) {
            destroy();
        }
    }

  protected:
    virtual ~NotifyTarget() = default;
    // Called when the last reference goes; the default deletes the object.
    virtual void destroy() noexcept { delete this; }

  private:
    std::uint32_t refs_ = 1;
};

// [SECTION] Task: the handle

class Task {
  public:
    Task(NotifyTarget *target, TaskId id) noexcept : target_(target), id_(id) {
        if (target_ != nullptr) {
            target_->retain();
        }
    }
    Task(const Task &other) noexcept : Task(other.target_, other.id_) {}
    Task(Task &&other) noexcept : target_(std::exchange(other.target_, nullptr)), id_(other.id_) {}
    Task &operator=(Task other) noexcept {
        std::swap(target_, other.target_);
        std::swap(id_, other.id_);
        return *this;
    }
    ~Task() {
        if (target_ != nullptr) {
            target_->release();
        }
    }

    // Asks the executor to poll this task again. `via` is static text naming the mechanism,
    // for the trace ("timer fired", "oneshot sender dropped").
    void unpark(const char *via = nullptr) const;
    // The name later futures 0.1 releases use.
    void notify(const char *via = nullptr) const { unpark(via); }

    [[nodiscard]] TaskId id() const noexcept { return id_; }
    // True when called from inside a poll of this task.
    [[nodiscard]] bool is_current() const noexcept;
    // True when unparking this handle would reach the current poll's notify target
    // (Rust's `will_notify_current`): not the same as is_current inside a FuturesUnordered.
    [[nodiscard]] bool will_notify_current() const noexcept;

  private:
    NotifyTarget *target_;
    TaskId id_;
};

// [SECTION] Task-local storage map

// Values of `task_local` keys, created lazily per task and destroyed with it.
class TaskLocalMap {
  public:
    TaskLocalMap() = default;
    TaskLocalMap(const TaskLocalMap &) = delete;
    TaskLocalMap &operator=(const TaskLocalMap &) = delete;
    ~TaskLocalMap() { clear(); }

    // The value stored for `key`, or null.
    [[nodiscard]] void *find(const void *key) const noexcept {
        for (const Entry &e : entries_) {
            if (e.key == key) {
                return e.value;
            }
        }
        return nullptr;
    }
    void insert(const void *key, void *value, void (*destroy)(void *)) {
        entries_.push_back(Entry{key, value, destroy});
    }
    [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
    // Destroys the values, last created first.
    void clear() noexcept {
        while (!entries_.empty()) {
            Entry e = entries_.back();
            entries_.pop_back();
            e.destroy(e.value);
        }
    }

  private:
    struct Entry {
        const void *key;
        void *value;
        void (*destroy)(void *);
    };
    std::vector<Entry> entries_;
};

// [SECTION] The current task

// What a poll runs inside: set by the executor (or by Spawn) for the length of one task-level
// poll; `with_notify` swaps the notify target for a sub-poll, keeping the task id and locals.
struct TaskContext {
    Executor *executor = nullptr;
    NotifyTarget *notify = nullptr;
    TaskId task = 0;
    TaskLocalMap *locals = nullptr;
    // When set, the unparks made now are attributed to this source instead of the task
    // (the executor sets it while timers fire).
    const UnparkCause *source_override = nullptr;
};

namespace detail {
extern thread_local TaskContext *tl_context;
}

[[nodiscard]] inline TaskContext *current_context() noexcept { return detail::tl_context; }

// Installs a context for a scope (the executor and Spawn use it; tests may too).
class ContextScope {
  public:
    explicit ContextScope(TaskContext *context) noexcept
        : previous_(std::exchange(detail::tl_context, context)) {}
    ~ContextScope() { detail::tl_context = previous_; }
    ContextScope(const ContextScope &) = delete;
    ContextScope &operator=(const ContextScope &) = delete;

  private:
    TaskContext *previous_;
};

// The current task's handle. A future that returns NotReady must have called this and stored
// the handle where something will unpark it. Outside a poll: Panic "no Task is currently running".
[[nodiscard]] Task park();
[[nodiscard]] inline Task current() { return park(); }

// The id of the task being polled, 0 outside a poll.
[[nodiscard]] inline TaskId current_task_id() noexcept {
    TaskContext *c = current_context();
    return c != nullptr ? c->task : 0;
}

// The executor running the current poll. Panic when there is none.
[[nodiscard]] Executor &current_executor();

// Who an unpark made now comes from: the overriding source, the task being polled, or outside.
[[nodiscard]] UnparkCause current_unpark_source(const char *via) noexcept;

// Runs `f` with `target` as the notify target and the current task id and locals kept (Rust's
// `executor::with_notify`); FuturesUnordered polls each of its futures this way.
template <class F>
decltype(auto) with_notify(NotifyTarget *target, F &&f) {
    TaskContext *c = current_context();
    if (c == nullptr) {
        throw Panic("no Task is currently running");
    }
    NotifyTarget *previous = std::exchange(c->notify, target);
    struct Restore {
        TaskContext *c;
        NotifyTarget *previous;
        ~Restore() { c->notify = previous; }
    } restore{c, previous};
    return std::forward<F>(f)();
}

} // namespace futurescope
