// A set of futures run together as one stream: `FuturesUnordered<F>` (or `futures_unordered(v)`)
// yields each future's result as it completes, in the order of their wakeups (futures 0.1.31's
// `FuturesUnordered`). Each future sits in a node that is its own notify target: a future polled
// here that parks hands out its node, and waking the node puts it on a FIFO readiness queue and
// wakes the task polling the set. So a poll polls only the futures that were woken — each at most
// once — not all of them.
//
// A poll: (1) remembers the current task as the one to wake (`AtomicTask::register`: a wakeup
// takes that handle, and later wakeups are dropped until the next poll registers again);
// (2) takes nodes off the readiness queue in FIFO order, clearing each node's `queued` mark
// before its future is polled, under `with_notify(node)`; (3) a Ready future is removed and its
// item returned — one item per poll; an Err is removed and returned as a stream error, and the
// set goes on; a NotReady future goes back into the set; (4) once it has polled as many futures
// as the set held when the poll began, it wakes the current task and answers NotReady, so a
// future that wakes itself at once cannot hold the task forever (this costs one task-level poll
// more); (5) with the queue empty it answers Ready(None) if the set is empty, else NotReady.
// `push` queues the new future (it is polled on the next poll) without waking anyone.
//
// [SECTION] Iteration over the futures in the set (most recently inserted first)
// [SECTION] Nodes
// [SECTION] Poll
#pragma once

#include <array>
#include <cstddef>
#include <iterator>
#include <optional>
#include <ranges>
#include <string_view>
#include <utility>

#include "futurescope/future.hpp"
#include "futurescope/task/task.hpp"

namespace futurescope {

template <class F>
class [[nodiscard]] FuturesUnordered : public StreamExt<FuturesUnordered<F>> {
    class Node;

  public:
    using item_type = item_t<F>;
    using error_type = error_t<F>;

    static constexpr std::array<std::string_view, 1> state_names{"polling"};
    static constexpr FutureKind kind_info{"FuturesUnordered", state_names};

    FuturesUnordered() = default;
    FuturesUnordered(FuturesUnordered &&other) noexcept { take(other); }
    FuturesUnordered &operator=(FuturesUnordered &&other) noexcept {
        if (this != &other) {
            clear();
            take(other);
        }
        return *this;
    }
    FuturesUnordered(const FuturesUnordered &) = delete;
    FuturesUnordered &operator=(const FuturesUnordered &) = delete;
    // Drops every future still in the set, the most recently (re)inserted first, as futures 0.1
    // walks its list of all nodes.
    ~FuturesUnordered() { clear(); }

    // Adds a future; it is queued, so the next poll polls it. One allocation (its node).
    void push(F future) {
        Node *node = new Node(this, std::move(future));
        link(node);
        enqueue(node);
    }

    // The futures in the set; a future being polled or finished is not counted.
    [[nodiscard]] std::size_t len() const noexcept { return len_; }
    [[nodiscard]] bool is_empty() const noexcept { return len_ == 0; }

    // [SECTION] Iteration over the futures in the set (most recently inserted first)
    class Iterator {
      public:
        using value_type = F;
        using difference_type = std::ptrdiff_t;
        using reference = F &;
        using iterator_category = std::forward_iterator_tag;

        Iterator() = default;
        explicit Iterator(Node *node) noexcept : node_(node) {}
        F &operator*() const { return *node_->future; }
        F *operator->() const { return &*node_->future; }
        Iterator &operator++() {
            node_ = node_->next_all;
            return *this;
        }
        Iterator operator++(int) {
            Iterator old = *this;
            node_ = node_->next_all;
            return old;
        }
        friend bool operator==(const Iterator &, const Iterator &) = default;

      private:
        Node *node_ = nullptr;
    };
    class IterMut {
      public:
        IterMut(Node *head, std::size_t len) noexcept : head_(head), len_(len) {}
        [[nodiscard]] Iterator begin() const noexcept { return Iterator(head_); }
        [[nodiscard]] Iterator end() const noexcept { return Iterator(); }
        [[nodiscard]] std::size_t size() const noexcept { return len_; }

      private:
        Node *head_;
        std::size_t len_;
    };
    [[nodiscard]] IterMut iter_mut() noexcept { return IterMut(head_all_, len_); }

    StreamPoll<item_type, error_type> poll() {
        PollScope scope(obs_, *this);
        StreamPoll<item_type, error_type> result = poll_inner();
        scope.exit(result);
        return result;
    }

  private:
    // [SECTION] Nodes

    // One future of the set, and the notify target its task handles point at. It is reference
    // counted (NotifyTarget): one reference for the list of all nodes, one while it is on the
    // readiness queue, one per task handle taken from it. It outlives its future when a handle
    // does; it then forgets the set (`owner` is null) and a wakeup does nothing.
    class Node final : public NotifyTarget {
      public:
        Node(FuturesUnordered *set, F &&f) : owner(set), future(std::move(f)) {}

        void notify(const UnparkCause &cause) override {
            if (owner == nullptr || queued) {
                return;
            }
            queued = true;
            owner->enqueue(this);
            // The same context makes the parent's wakeup: it is attributed to the same source.
            owner->wake_parent(cause.via);
        }

        FuturesUnordered *owner;
        std::optional<F> future;
        Node *next_all = nullptr;
        Node *prev_all = nullptr;
        Node *next_ready = nullptr;
        bool queued = true; // a new node is queued by push
    };

    // The readiness queue takes a reference on the node.
    void enqueue(Node *node) noexcept {
        node->retain();
        node->next_ready = nullptr;
        if (ready_tail_ != nullptr) {
            ready_tail_->next_ready = node;
        } else {
            ready_head_ = node;
        }
        ready_tail_ = node;
    }
    // The caller receives the queue's reference.
    Node *dequeue() noexcept {
        Node *node = ready_head_;
        if (node != nullptr) {
            ready_head_ = node->next_ready;
            if (ready_head_ == nullptr) {
                ready_tail_ = nullptr;
            }
            node->next_ready = nullptr;
        }
        return node;
    }

    // Into the list of all nodes, at its head.
    void link(Node *node) noexcept {
        node->prev_all = nullptr;
        node->next_all = head_all_;
        if (head_all_ != nullptr) {
            head_all_->prev_all = node;
        }
        head_all_ = node;
        ++len_;
    }
    void unlink(Node *node) noexcept {
        if (node->next_all != nullptr) {
            node->next_all->prev_all = node->prev_all;
        }
        if (node->prev_all != nullptr) {
            node->prev_all->next_all = node->next_all;
        } else {
            head_all_ = node->next_all;
        }
        node->next_all = nullptr;
        node->prev_all = nullptr;
        --len_;
    }

    // Drops an unlinked node's future and the list's reference. Marking it queued first means
    // nothing its future does while being dropped can put it back on the queue; if it is still
    // on the queue, the queue's reference keeps it until it is taken off and skipped.
    void release_node(Node *node) noexcept {
        node->queued = true;
        node->owner = nullptr;
        node->future.reset();
        node->release();
    }

    // AtomicTask::notify: the registered handle is taken, so later wakeups reach nobody until
    // the next poll registers again.
    void wake_parent(const char *via) {
        if (parent_) {
            Task parent = std::move(*parent_);
            parent_.reset();
            parent.unpark(via);
        }
    }

    // [SECTION] Poll

    StreamPoll<item_type, error_type> poll_inner() {
        const std::size_t yield_every = len_;
        std::size_t polled = 0;
        parent_.emplace(current());
        for (;;) {
            Node *node = dequeue();
            if (node == nullptr) {
                if (len_ == 0) {
                    return ready(std::nullopt);
                }
                return not_ready;
            }
            if (!node->future) {
                // Its future finished while it was queued again: only the queue held it.
                node->release();
                continue;
            }
            node->queued = false;
            unlink(node);
            // Until the node goes back into the set, this poll owns the list's reference and the
            // queue's; a throwing poll drops the future and both, so a panicking future leaves
            // the set.
            struct Release {
                FuturesUnordered *self;
                Node *node;
                bool armed = true;
                ~Release() {
                    if (armed) {
                        self->release_node(node);
                        node->release();
                    }
                }
            } release{this, node};
            auto p = with_notify(node, [node] { return node->future->poll(); });
            ++polled;
            if (p.is_not_ready()) {
                release.armed = false;
                link(node);
                node->release();
                if (polled == yield_every) {
                    current().unpark("FuturesUnordered yielded");
                    return not_ready;
                }
                continue;
            }
            if (p.is_err()) {
                return Err<error_type>{std::move(p).error()};
            }
            return ready(std::move(p).value());
        }
    }

    void clear() noexcept {
        while (head_all_ != nullptr) {
            Node *node = head_all_;
            unlink(node);
            release_node(node);
        }
        while (Node *node = dequeue()) {
            node->release();
        }
        parent_.reset();
    }

    void take(FuturesUnordered &other) noexcept {
        head_all_ = std::exchange(other.head_all_, nullptr);
        len_ = std::exchange(other.len_, 0);
        ready_head_ = std::exchange(other.ready_head_, nullptr);
        ready_tail_ = std::exchange(other.ready_tail_, nullptr);
        parent_ = std::move(other.parent_);
        other.parent_.reset();
        obs_ = std::move(other.obs_);
        // Nodes point at their set; a node off the list has forgotten it already.
        for (Node *n = head_all_; n != nullptr; n = n->next_all) {
            n->owner = this;
        }
    }

    Node *head_all_ = nullptr;
    std::size_t len_ = 0;
    Node *ready_head_ = nullptr;
    Node *ready_tail_ = nullptr;
    std::optional<Task> parent_;
    ObsId obs_;
};

// A FuturesUnordered holding the futures of a range (moved out of it), queued in its order.
template <std::ranges::input_range R>
[[nodiscard]] auto futures_unordered(R futures) {
    FuturesUnordered<std::ranges::range_value_t<R>> set;
    for (auto &&f : futures) {
        set.push(std::move(f));
    }
    return set;
}

} // namespace futurescope
