// The simulated multi-threaded runtime: workers take turns, local queues, the global queue,
// work stealing — all deterministic — and the Send check that rejects an async fn holding a
// not-Send value across an await.

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "futurescope/future/async_fn.hpp"
#include "futurescope/futures.hpp"

namespace futurescope {
namespace {

using namespace std::chrono_literals;

// "task@worker" for each poll, with "<-v" when the task was stolen from worker v (from 1).
class WorkerLog : public Observer {
  public:
    std::vector<std::string> polls;
    void on_worker(TaskId task, std::uint32_t worker, std::uint32_t stolen_from) override {
        std::string line = std::to_string(task) + "@" + std::to_string(worker + 1);
        if (stolen_from != kNoWorker) {
            line += "<-" + std::to_string(stolen_from + 1);
        }
        polls.push_back(line);
    }
};

TEST(workers, TasksFromOutsideGoToTheGlobalQueueAndYieldsStayOnTheirWorker) {
    Executor ex;
    ex.set_workers(2);
    WorkerLog log;
    ex.set_observer(&log);
    for (int i = 0; i < 4; ++i) {
        ex.spawn(yield_now());
    }
    ex.run_all();
    EXPECT_EQ(log.polls,
              (std::vector<std::string>{"1@1", "2@2", "1@1", "2@2", "3@1", "4@2", "3@1", "4@2"}));
    EXPECT_EQ(ex.task(3).worker, 1u);
    EXPECT_EQ(ex.task(4).worker, 2u);
    ex.set_observer(nullptr);
}

TEST(workers, AnIdleWorkerStealsTheFrontHalfOfAnotherWorkersQueue) {
    Executor ex;
    ex.set_workers(2);
    WorkerLog log;
    ex.set_observer(&log);
    ex.spawn(lazy([] {
        for (int i = 0; i < 4; ++i) {
            spawn(yield_now());
        }
        return ok(Unit{});
    }));
    ex.run_all();
    // Task 1 runs on worker 1 and queues its four children there. Worker 2 finds nothing of
    // its own and nothing global: it steals 2, 3 (half of four), and polls 2.
    ASSERT_GE(log.polls.size(), 3u);
    EXPECT_EQ(log.polls[0], "1@1");
    EXPECT_EQ(log.polls[1], "2@2<-1");
    EXPECT_EQ(log.polls[2], "4@1");
    EXPECT_EQ(ex.steps(), 9u);
    ex.set_observer(nullptr);
}

TEST(workers, TimersUnparkIntoTheGlobalQueue) {
    Executor ex;
    ex.set_workers(3);
    WorkerLog log;
    ex.set_observer(&log);
    ex.spawn(delay(10ms));
    ex.spawn(delay(10ms));
    ex.run_all();
    EXPECT_EQ(log.polls, (std::vector<std::string>{"1@1", "2@2", "1@3", "2@1"}));
    EXPECT_EQ(ex.now(), 10'000'000);
    ex.set_observer(nullptr);
}

TEST(workers, SetWorkersAfterASpawnIsAnError) {
    Executor ex;
    ex.spawn(ok(1));
    EXPECT_THROW(ex.set_workers(2), std::logic_error);
    Executor ex2;
    EXPECT_THROW(ex2.set_workers(0), std::invalid_argument);
}

constexpr std::array<std::string_view, 3> example_states{"NotStarted", "YieldNow", "Terminated"};
constexpr AsyncFnInfo example_fn{"example", example_states};

// The seed's example: an Rc held across a yield point.
Async<int, Never, example_fn> example() {
    Held non_send("non_send", Rc(1));
    co_await yield_now();
    co_return **non_send;
}

TEST(send_check, AnRcHeldAcrossAnAwaitFailsTheTaskOnTheMultiThreadedRuntime) {
    Executor ex;
    ex.set_workers(2);
    ex.spawn(example(), {.name = "spawner"});
    ex.run_all();
    TaskView t = ex.task(1);
    EXPECT_EQ(t.state, TaskState::completed);
    EXPECT_EQ(t.polls, 1u);
    EXPECT_EQ(t.panic,
              "error: future cannot be sent between threads safely\n"
              "  --> task `spawner`: future returned by `example` is not `Send`\n"
              "note: future is not `Send` as this value is used across an await\n"
              "  --> `non_send` = Rc(1) is not `Send`\n"
              "  --> await at `YieldNow` occurs here, with `non_send` maybe used later\n"
              "note: required by the multi-threaded runtime (2 workers), which may resume a task "
              "on another worker after an await");
}

TEST(send_check, TheSameProgramRunsOnTheSingleThreadedExecutor) {
    Executor ex;
    auto r = ex.run(example());
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value(), 1);
    EXPECT_EQ(ex.task(1).polls, 2u);
}

} // namespace
} // namespace futurescope
