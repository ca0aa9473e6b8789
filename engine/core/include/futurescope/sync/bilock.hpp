// A value shared by exactly two owners, each of which locks it in turn: `BiLock<T>::make(v)`
// gives the two halves (futures 0.1's `sync::BiLock`, single-threaded here). `poll_lock()` on
// either half gives Ready(guard) when the value is free; while the other half (or this one)
// holds a guard it takes the task's handle and answers NotReady, and dropping the guard wakes
// that task. The two halves `reunite` into the value. What `split()` shares between the stream
// and the sink half of one object. Making the pair allocates once (Rust's `Arc`).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "futurescope/poll.hpp"
#include "futurescope/task/task.hpp"

namespace futurescope {

template <class T>
class BiLock;

namespace detail {
// The value and its lock flag, shared by the two halves and by a live guard.
template <class T>
struct BiLockState {
    explicit BiLockState(T v) : value(std::move(v)) {}
    void unlock() noexcept {
        locked = false;
        if (waiter) {
            Task w = std::move(*waiter);
            waiter.reset();
            w.unpark("bilock unlocked");
        }
    }
    T value;
    bool locked = false;
    std::optional<Task> waiter;
};
} // namespace detail

// Exclusive access to the value while it lives; dropping it unlocks and wakes a waiting half.
template <class T>
class BiLockGuard {
  public:
    BiLockGuard(const BiLockGuard &) = delete;
    BiLockGuard &operator=(const BiLockGuard &) = delete;
    BiLockGuard(BiLockGuard &&other) noexcept = default;
    BiLockGuard &operator=(BiLockGuard &&other) noexcept {
        if (this != &other) {
            unlock();
            state_ = std::move(other.state_);
        }
        return *this;
    }
    ~BiLockGuard() { unlock(); }

    T &operator*() const noexcept { return state_->value; }
    T *operator->() const noexcept { return &state_->value; }

  private:
    friend class BiLock<T>;
    explicit BiLockGuard(std::shared_ptr<detail::BiLockState<T>> state) noexcept
        : state_(std::move(state)) {}
    void unlock() noexcept {
        if (state_ != nullptr) {
            std::exchange(state_, nullptr)->unlock();
        }
    }
    std::shared_ptr<detail::BiLockState<T>> state_;
};

// The two halves handed back when they do not belong to one pair.
template <class T>
struct BiLockReuniteError {
    BiLock<T> first;
    BiLock<T> second;
    [[nodiscard]] std::string describe() const {
        return "tried to reunite two BiLocks that don't form a pair";
    }
};

template <class T>
class BiLock {
  public:
    // Rust's `BiLock::new`: the two halves of one lock.
    [[nodiscard]] static std::pair<BiLock, BiLock> make(T value) {
        auto state = std::make_shared<detail::BiLockState<T>>(std::move(value));
        return {BiLock(state), BiLock(state)};
    }

    // Ready(guard) when the value is free; NotReady (the task's handle taken) when it is held.
    [[nodiscard]] Poll<BiLockGuard<T>, Never> poll_lock() const {
        if (!state_->locked) {
            state_->locked = true;
            return Ready<BiLockGuard<T>>{BiLockGuard<T>(state_)};
        }
        state_->waiter.emplace(park(HeldBy{SourceKind::external, 0, "bilock"}));
        return not_ready;
    }

    // The value back, when `other` is this lock's other half. A guard still alive keeps the
    // value shared, as it keeps Rust's Arc: that panics.
    [[nodiscard]] Result<T, BiLockReuniteError<T>> reunite(BiLock other) && {
        if (state_ != other.state_) {
            return Err<BiLockReuniteError<T>>{{std::move(*this), std::move(other)}};
        }
        if (state_->locked) {
            throw Panic("futures: try_unwrap failed in BiLock<T>::reunite");
        }
        T value = std::move(state_->value);
        return Ready<T>{std::move(value)};
    }

    // True when both halves share one lock.
    [[nodiscard]] bool is_pair_of(const BiLock &other) const noexcept {
        return state_ == other.state_;
    }

  private:
    explicit BiLock(std::shared_ptr<detail::BiLockState<T>> state) : state_(std::move(state)) {}

    std::shared_ptr<detail::BiLockState<T>> state_;
};

} // namespace futurescope
