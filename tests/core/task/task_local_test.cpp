// Task-local data: a TaskLocal key's value is made lazily per task, shared by everything polled
// inside that task (with_notify included), destroyed when the task completes; TaskRc belongs to
// the task that made it, and another task touching it is the panic futures 0.1 reports.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "futurescope/channels.hpp"
#include "futurescope/futures.hpp"
#include "support/channel_support.hpp"

namespace futurescope {
namespace {
using namespace std::chrono_literals;
using testing::InTask;

// Logs its own destruction.
struct Noisy {
    Noisy(std::string n, std::vector<std::string> *l) : name(std::move(n)), log(l) {}
    Noisy(Noisy &&other) noexcept
        : name(std::move(other.name)), log(std::exchange(other.log, nullptr)) {}
    Noisy &operator=(Noisy &&) = delete;
    Noisy(const Noisy &) = delete;
    Noisy &operator=(const Noisy &) = delete;
    ~Noisy() {
        if (log != nullptr) {
            log->push_back("drop " + name);
        }
    }
    std::string name;
    std::vector<std::string> *log;
    int count = 0;
};

// [SECTION] TaskLocal

TEST(task_local, TheValueIsMadeLazilyOncePerTask) {
    int inits = 0;
    TaskLocal<int> counter([&inits] {
        ++inits;
        return 100;
    });
    Executor ex;
    std::vector<int> seen;
    for (int t = 0; t < 2; ++t) {
        ex.spawn(delay(1ms).map([&] {
            for (int i = 0; i < 3; ++i) {
                seen.push_back(counter.with([](int &v) { return ++v; }));
            }
        }));
    }
    EXPECT_EQ(inits, 0);
    ex.run_all();
    EXPECT_EQ(inits, 2);
    EXPECT_EQ(seen, (std::vector<int>{101, 102, 103, 101, 102, 103}));
}

TEST(task_local, TheValueLivesAcrossPollsOfItsTask) {
    TaskLocal<int> counter([] { return 0; });
    Executor ex;
    auto r = ex.run(poll_fn([&]() -> Poll<int, Never> {
        int n = counter.with([](int &v) { return ++v; });
        if (n < 3) {
            park().unpark();
            return not_ready;
        }
        return ready(n);
    }));
    EXPECT_EQ(r.value(), 3);
    EXPECT_EQ(ex.task(1).polls, 3u);
}

TEST(task_local, TheValueIsDestroyedWhenItsTaskCompletesRightAfterItsFuture) {
    std::vector<std::string> log;
    TaskLocal<Noisy> key([&log] { return Noisy("value", &log); });
    Executor ex;
    std::size_t seen_by_second_task = 99;
    ex.spawn(poll_fn([&, guard = Noisy("future", &log)]() -> Poll<Unit, Never> {
        key.with([](Noisy &v) { v.name = "value of task 1"; });
        return ready();
    }));
    ex.spawn(poll_fn([&]() -> Poll<Unit, Never> {
        seen_by_second_task = log.size();
        key.with([](Noisy &v) { v.name = "value of task 2"; });
        return ready();
    }));
    ex.run_all();
    EXPECT_EQ(seen_by_second_task, 2u);
    EXPECT_EQ(
        log,
        (std::vector<std::string>{"drop future", "drop value of task 1", "drop value of task 2"}));
}

TEST(task_local, OutsideATaskWithIsAPanic) {
    TaskLocal<int> key([] { return 0; });
    try {
        key.with([](int &) {});
        FAIL();
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "no Task is currently running");
    }
}

TEST(task_local, FuturesPolledUnderWithNotifyShareTheTasksValue) {
    TaskLocal<int> key([] { return 0; });
    InTask task;
    CountingNotify node; // what a FuturesUnordered node would be
    task([&] {
        int *outer = key.with([](int &v) { return &v; });
        int *inner = with_notify(&node, [&] {
            EXPECT_EQ(current_task_id(), 1u);
            return key.with([](int &v) {
                ++v;
                return &v;
            });
        });
        EXPECT_EQ(outer, inner);
        EXPECT_EQ(*outer, 1);
    });
    EXPECT_EQ(task.locals.size(), 1u);
}

TEST(task_local, AnInitMayUseAnotherKey) {
    TaskLocal<int> base([] { return 20; });
    TaskLocal<int> derived([&base] { return base.with([](int &v) { return v + 1; }); });
    InTask task;
    EXPECT_EQ(task([&] { return derived.with([](int &v) { return v; }); }), 21);
    EXPECT_EQ(task.locals.size(), 2u);
}

TEST(task_local, HandPolledTasksOwnTheirValuesUntilTheyAreDestroyed) {
    std::vector<std::string> log;
    TaskLocal<Noisy> key([&log] { return Noisy("value", &log); });
    CountingNotify notify;
    {
        auto f = poll_fn([&]() -> Poll<int, Never> {
            return ready(key.with([](Noisy &v) { return ++v.count; }));
        });
        Spawn<decltype(f)> a(f, 1);
        Spawn<decltype(f)> b(f, 2);
        EXPECT_EQ(a.poll_future_notify(notify).value(), 1);
        EXPECT_EQ(a.poll_future_notify(notify).value(), 2);
        EXPECT_EQ(b.poll_future_notify(notify).value(), 1);
        EXPECT_TRUE(log.empty());
    }
    EXPECT_EQ(log, (std::vector<std::string>{"drop value", "drop value"}));
}

// [SECTION] TaskRc

TEST(task_local, ATaskRcIsReadOnItsOwnTaskAndClonesShareTheValue) {
    InTask task(3);
    task([&] {
        TaskRc<std::string> rc("shared");
        TaskRc<std::string> copy = rc;
        copy.with([](std::string &s) { s += "!"; });
        EXPECT_EQ(rc.with([](std::string &s) { return s; }), "shared!");
        EXPECT_EQ(rc.task(), 3u);
    });
}

TEST(task_local, ATaskRcReadFromAnotherTaskIsAPanicNamingBothTasks) {
    Executor ex;
    std::optional<TaskRc<int>> slot;
    ex.spawn(poll_fn([&]() -> Poll<Unit, Never> {
        slot.emplace(7);
        return ready();
    }));
    ex.spawn(
        poll_fn([&]() -> Poll<int, Never> { return ready(slot->with([](int &v) { return v; })); }));
    ex.run_all();
    TaskView t = ex.task(2);
    EXPECT_EQ(t.outcome, PollOutcome::err);
    EXPECT_EQ(t.panic,
              "TaskRc being accessed on task it does not belong to (created on task 1, "
              "accessed from task 2)");
}

TEST(task_local, ATaskRcOutsideATaskIsAPanic) {
    try {
        TaskRc<int> rc(1);
        FAIL();
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "no Task is currently running");
    }
    InTask task;
    std::optional<TaskRc<int>> rc;
    task([&] { rc.emplace(1); });
    try {
        rc->with([](int &) {});
        FAIL();
    } catch (const Panic &e) {
        EXPECT_STREQ(e.what(), "no Task is currently running");
    }
}

} // namespace
} // namespace futurescope
