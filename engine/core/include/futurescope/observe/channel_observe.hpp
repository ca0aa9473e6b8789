// How a channel reports itself to the observer: it registers once per observer — at creation
// when one is installed, else at its first event under one — and then reports send / recv /
// full / close / cancel events with that id. With no observer installed an event costs one
// load and a branch, and nothing is registered.
//
// Kinds and capacities registered (register_channel(kind, capacity)):
//   "oneshot", "unsync_oneshot"                      capacity 1
//   "mpsc" (capacity = the buffer argument; the channel holds buffer + live senders)
//   "mpsc_unbounded", "unsync_mpsc_unbounded"        capacity -1
//   "unsync_mpsc" (capacity = n, strict)
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "futurescope/observe/describe.hpp"
#include "futurescope/observe/observe.hpp"
#include "futurescope/task/task.hpp"

namespace futurescope::detail {

class ChannelObs {
  public:
    ChannelObs(const char *kind, std::int64_t capacity) noexcept
        : kind_(kind), capacity_(capacity) {
        if (Observer *o = current_observer()) [[unlikely]] {
            (void)id_for(o);
        }
    }

    void emit(ChannelEventKind kind, ValueRef value = {}, const char *detail = nullptr) {
        if (Observer *o = current_observer()) [[unlikely]] {
            o->on_channel(ChannelEvent{kind, id_for(o), value, detail});
        }
    }

    // Which task holds one end of the channel (`role` is static text: "sender", "receiver").
    void note_owner(const char *role, TaskId task) {
        if (Observer *o = current_observer()) [[unlikely]] {
            o->on_channel_owner(id_for(o), role, task);
        }
    }

    // What the program's source calls the channel ("jobs").
    void note_name(std::string_view name) {
        if (Observer *o = current_observer()) [[unlikely]] {
            o->on_channel_name(id_for(o), name);
        }
    }

    // The id under the current observer (registering if needed), 0 with none installed.
    [[nodiscard]] ChannelId id() {
        Observer *o = current_observer();
        return o != nullptr ? id_for(o) : 0;
    }

  private:
    ChannelId id_for(Observer *o) {
        if (o != observer_) {
            observer_ = o;
            id_ = o->register_channel(kind_, capacity_);
        }
        return id_;
    }

    const char *kind_;
    std::int64_t capacity_;
    Observer *observer_ = nullptr;
    ChannelId id_ = 0;
};

// Takes the task out of a channel's slot and unparks it; `via` names the mechanism in the trace.
inline void unpark_slot(std::optional<Task> &slot, const char *via) {
    if (slot) {
        Task t = std::move(*slot);
        slot.reset();
        t.unpark(via);
    }
}

} // namespace futurescope::detail
