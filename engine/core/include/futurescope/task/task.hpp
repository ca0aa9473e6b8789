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

#include "futurescope/observe/observe.hpp"
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

// Who keeps a handle: the storage site names itself when it parks (a timer, a socket's read
// interest, a channel's waiting receiver), so "who will wake me" can be answered.
struct HeldBy {
    SourceKind kind = SourceKind::external;
    std::uint32_t id = 0;
    const char *what = nullptr; // static text
    // Where the holder keeps the handle in its own table (a timer's slot in the executor), 0
    // when it does not say: "who will wake me" then finds a timer's deadline without a search.
    std::uint32_t slot = 0;
};

struct HandleList;

// What a handle records while its executor tracks handles (the detectors ask it to): its holder,
// and its place in the list of its task's live handles. Handles outside tracking carry none, so
// they stay three words and never allocate.
struct HandleTrack {
    HeldBy holder;
    HandleList *list = nullptr;
    HandleTrack *prev = nullptr;
    HandleTrack *next = nullptr;

    void link(HandleList *l) noexcept;
    void unlink() noexcept;
};

// The live handles of one task, linked through their tracks.
struct HandleList {
    HandleTrack *head = nullptr;
    HandleList() = default;
    HandleList(const HandleList &) = delete;
    HandleList &operator=(const HandleList &) = delete;
    ~HandleList() {
        while (head != nullptr) {
            head->unlink();
        }
    }
};

inline void HandleTrack::link(HandleList *l) noexcept {
    list = l;
    prev = nullptr;
    next = l->head;
    if (next != nullptr) {
        next->prev = this;
    }
    l->head = this;
}

inline void HandleTrack::unlink() noexcept {
    if (list == nullptr) {
        return;
    }
    if (prev != nullptr) {
        prev->next = next;
    } else {
        list->head = next;
    }
    if (next != nullptr) {
        next->prev = prev;
    }
    list = nullptr;
    prev = next = nullptr;
}

class Task {
  public:
    Task(NotifyTarget *target, TaskId id) noexcept : target_(target), id_(id) {
        if (target_ != nullptr) {
            target_->retain();
        }
    }
    // A handle linked to `list` (when not null) and held by `holder`: what park() hands out.
    Task(NotifyTarget *target, TaskId id, HandleList *list, HeldBy holder) : Task(target, id) {
        if (list != nullptr && target != nullptr) [[unlikely]] {
            track(list, holder);
        }
    }
    Task(const Task &other) : Task(other.target_, other.id_) {
        if (other.track_ != nullptr && other.track_->list != nullptr) [[unlikely]] {
            track(other.track_->list, other.track_->holder);
        }
    }
    Task(Task &&other) noexcept
        : target_(std::exchange(other.target_, nullptr)), id_(other.id_),
          track_(std::exchange(other.track_, nullptr)) {}
    Task &operator=(const Task &other) {
        if (this != &other) {
            *this = Task(other);
        }
        return *this;
    }
    Task &operator=(Task &&other) noexcept {
        if (this != &other) {
            reset();
            target_ = std::exchange(other.target_, nullptr);
            id_ = other.id_;
            track_ = std::exchange(other.track_, nullptr);
        }
        return *this;
    }
    ~Task() { reset(); }

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

    // Names the site that keeps this handle ("who will wake me"); kept only while tracked.
    Task &held_by(HeldBy holder) noexcept {
        if (track_ != nullptr) [[unlikely]] {
            track_->holder = holder;
        }
        return *this;
    }
    [[nodiscard]] HeldBy holder() const noexcept {
        return track_ != nullptr ? track_->holder : HeldBy{};
    }

  private:
    void track(HandleList *list, HeldBy holder) {
        track_ = new HandleTrack{holder};
        track_->link(list);
    }
    void reset() noexcept {
        if (track_ != nullptr) [[unlikely]] {
            track_->unlink();
            delete std::exchange(track_, nullptr);
        }
        if (target_ != nullptr) {
            std::exchange(target_, nullptr)->release();
        }
    }

    NotifyTarget *target_;
    TaskId id_;
    HandleTrack *track_ = nullptr;
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
    // Where the handles park() hands out are linked, when the executor tracks them.
    HandleList *handles = nullptr;
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
// The same, naming the site that will keep the handle ("channel #2, oneshot receiver").
[[nodiscard]] Task park(HeldBy holder);

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
