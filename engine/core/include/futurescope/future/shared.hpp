// A future that can be cloned: `f.shared()` makes a Shared, and every copy of it resolves to a
// copy of the one result of `f` (futures 0.1.31's `Shared`). Whichever clone is polled first
// while nobody else is polling does the work: it polls `f` once, with the shared state's own
// notifier as the task handle `f` takes, so when `f` wakes that notifier every clone that has
// polled since the last wakeup is woken. A clone polled while another one is polling `f` (a
// re-entrant poll, from inside `f`) registers its task and answers NotReady.
//
// Like futures 0.1, Shared allocates its shared state once (Rust's `Arc<Inner>`); cloning,
// polling and waking allocate nothing. What differs, on purpose:
//   - the clones resolve to copies of the item (or error), not to an `Arc` of it, so the item and
//     the error must be copyable;
//   - waiting clones are woken in the order they were made, the original first (Rust drains a
//     HashMap, in no specified order);
//   - `f` is polled with the polling task's id and executor (so the trace shows whose poll did
//     the work) but with task-local storage of its own, as Rust's `Spawn` inside Shared has.
// Completing wakes every waiter, the clone that completed it included, as Rust's `complete()`
// does: a task that goes on after its Shared resolved (inside a join, say) is polled once more.
// A panic inside `f` poisons the state: every later poll or peek panics "inner future panicked
// during poll".
//
// [SECTION] The shared state
// [SECTION] Shared
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/task/task.hpp"

namespace futurescope {

template <class F>
class Shared;

namespace detail {

// [SECTION] The shared state

// What the clones share, and the notify target the inner future's handles point at (Rust's
// `Inner` and `Notifier` in one object). It is reference counted: one reference for all the
// clones together, one per handle taken from it. When the last clone goes, the inner future and
// the result are dropped at once; the object itself lives on while a handle still names it, and
// a wakeup then reaches nobody.
template <class F>
class SharedState final : public NotifyTarget {
  public:
    enum class State : std::uint8_t { idle, polling, complete, poisoned };

    explicit SharedState(F &&f) : future(std::move(f)) {}

    // Takes every registered waiter and wakes it (Rust's Notifier::notify drains its map), in
    // the order the clones were made.
    void notify(const UnparkCause &cause) override {
        for (Shared<F> *c = head; c != nullptr;) {
            Shared<F> *next = c->next_;
            if (c->waiter_) {
                Task waiter = std::move(*c->waiter_);
                c->waiter_.reset();
                waiter.unpark(cause.via != nullptr ? cause.via : "shared future woken");
            }
            c = next;
        }
    }

    // The last clone is gone: drop what it owned, then its reference.
    void forget_clones() noexcept {
        future.reset();
        result.reset();
        locals.clear();
        release();
    }

    std::optional<F> future;
    std::optional<Result<item_t<F>, error_t<F>>> result;
    TaskLocalMap locals;
    State state = State::idle;
    std::uint32_t next_clone_id = 1;
    std::uint32_t clones = 0;
    // Every live clone, in the order they were made (the intrusive list of waiter slots).
    Shared<F> *head = nullptr;
    Shared<F> *tail = nullptr;
};

} // namespace detail

// [SECTION] Shared

template <class F>
class [[nodiscard]] Shared : public FutureExt<Shared<F>> {
    friend class detail::SharedState<F>;
    using StateT = detail::SharedState<F>;
    using SharedStatus = typename StateT::State;

  public:
    using item_type = item_t<F>;
    using error_type = error_t<F>;

    static_assert(std::is_copy_constructible_v<item_type> &&
                      std::is_copy_constructible_v<error_type>,
                  "futurescope: a shared future's item and error are copied to every clone");

    static constexpr std::array<std::string_view, 4> state_names{
        "idle", "polling", "complete", "poisoned"};
    static constexpr FutureKind kind_info{"Shared", state_names};

    // One allocation: the shared state.
    explicit Shared(F future) : state_(new StateT(std::move(future))) { link(); }

    // A clone (Rust's `Clone`): a new waiter slot on the same state.
    Shared(const Shared &other) : state_(other.state_) {
        if (state_ != nullptr) {
            id_ = state_->next_clone_id++;
            link();
        }
    }
    Shared(Shared &&other) noexcept
        : state_(std::exchange(other.state_, nullptr)), id_(other.id_),
          waiter_(std::move(other.waiter_)), obs_(std::move(other.obs_)) {
        other.waiter_.reset();
        if (state_ != nullptr) {
            take_place_of(other);
        }
    }
    Shared &operator=(const Shared &other) {
        if (this != &other) {
            *this = Shared(other);
        }
        return *this;
    }
    Shared &operator=(Shared &&other) noexcept {
        if (this != &other) {
            drop();
            state_ = std::exchange(other.state_, nullptr);
            id_ = other.id_;
            waiter_ = std::move(other.waiter_);
            other.waiter_.reset();
            obs_ = std::move(other.obs_);
            if (state_ != nullptr) {
                take_place_of(other);
            }
        }
        return *this;
    }
    // Dropping a clone removes its waiter; the last one drops the inner future.
    ~Shared() { drop(); }

    // Another clone, spelled as Rust spells it.
    [[nodiscard]] Shared clone() const { return Shared(*this); }

    Poll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        Poll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

    // The result, if some clone has seen the inner future complete; never polls it.
    [[nodiscard]] std::optional<Result<item_type, error_type>> peek() const {
        if (state_->state == SharedStatus::poisoned) {
            throw Panic("inner future panicked during poll");
        }
        if (state_->state == SharedStatus::complete) {
            return *state_->result;
        }
        return std::nullopt;
    }

    // 0 for the original, 1, 2, … for the clones in the order they were made.
    [[nodiscard]] std::uint32_t clone_id() const noexcept { return id_; }
    // How many clones (the original included) are alive.
    [[nodiscard]] std::uint32_t clone_count() const noexcept {
        return state_ != nullptr ? state_->clones : 0;
    }
    // True while this clone's task handle is registered to be woken.
    [[nodiscard]] bool is_waiting() const noexcept { return waiter_.has_value(); }
    [[nodiscard]] int obs_state() const noexcept {
        return state_ != nullptr ? static_cast<int>(state_->state) : 0;
    }

  private:
    Poll<item_type, error_type> poll_inner() {
        // Rust's set_waiter: every poll first (re)registers this clone's task.
        waiter_.emplace(park(HeldBy{SourceKind::external, 0, "shared future"}));
        switch (state_->state) {
        case SharedStatus::idle:
            break;
        case SharedStatus::polling:
            return not_ready;
        case SharedStatus::complete:
            return copy_result();
        case SharedStatus::poisoned:
            throw Panic("inner future panicked during poll");
        }
        set_state(SharedStatus::polling);
        Poll<item_type, error_type> p = poll_future();
        if (p.is_not_ready()) {
            set_state(SharedStatus::idle);
            return not_ready;
        }
        state_->result.emplace(into_result(std::move(p)));
        complete();
        return copy_result();
    }

    // One poll of the inner future, with the shared notifier as the handle it takes and the
    // state's task-local map; a panic poisons the state and goes on up.
    Poll<item_type, error_type> poll_future() {
        TaskContext *outer = current_context();
        TaskContext ctx = *outer;
        ctx.notify = state_;
        ctx.locals = &state_->locals;
        ContextScope scope(&ctx);
        try {
            return state_->future->poll();
        } catch (...) {
            set_state(SharedStatus::poisoned);
            throw;
        }
    }

    // Rust's complete(): drop the inner future, mark the state complete, wake every waiter.
    void complete() {
        state_->future.reset();
        state_->locals.clear();
        set_state(SharedStatus::complete);
        UnparkCause cause{SourceKind::external, 0, "shared future completed"};
        state_->notify(cause);
    }

    Poll<item_type, error_type> copy_result() const {
        const Result<item_type, error_type> &r = *state_->result;
        if (r.is_ok()) {
            return Ready<item_type>{r.value()};
        }
        return Err<error_type>{r.error()};
    }

    void set_state(SharedStatus s) noexcept {
        if (s != state_->state) {
            observe_state(obs_, static_cast<int>(state_->state), static_cast<int>(s));
            state_->state = s;
        }
    }

    // Appends this clone to the state's list of clones.
    void link() noexcept {
        ++state_->clones;
        prev_ = state_->tail;
        next_ = nullptr;
        if (prev_ != nullptr) {
            prev_->next_ = this;
        } else {
            state_->head = this;
        }
        state_->tail = this;
    }
    // Takes the moved-from clone's place in the list (its slot keeps its position in the order).
    void take_place_of(Shared &other) noexcept {
        prev_ = std::exchange(other.prev_, nullptr);
        next_ = std::exchange(other.next_, nullptr);
        (prev_ != nullptr ? prev_->next_ : state_->head) = this;
        (next_ != nullptr ? next_->prev_ : state_->tail) = this;
    }
    void drop() noexcept {
        if (state_ == nullptr) {
            return;
        }
        waiter_.reset();
        (prev_ != nullptr ? prev_->next_ : state_->head) = next_;
        (next_ != nullptr ? next_->prev_ : state_->tail) = prev_;
        prev_ = next_ = nullptr;
        StateT *state = std::exchange(state_, nullptr);
        if (--state->clones == 0) {
            state->forget_clones();
        }
    }

    StateT *state_;
    std::uint32_t id_ = 0;
    std::optional<Task> waiter_;
    Shared *prev_ = nullptr;
    Shared *next_ = nullptr;
    ObsId obs_;
};

template <class Derived>
auto FutureExt<Derived>::shared() && {
    return Shared<Derived>(self_of<Derived>(this));
}

} // namespace futurescope
