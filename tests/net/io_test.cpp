// The I/O futures over a scripted stream: write_all, read_exact, read_to_end, read_until and
// shutdown — partial reads and writes, NotReady in the middle, errors, and their panics.
#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <string>
#include <utility>

#include "futurescope/executor/spawn.hpp"
#include "futurescope/net/io.hpp"

namespace futurescope {
namespace {

// What a ScriptedStream's next read or write answers.
struct Step {
    enum Kind { data, not_ready, eof, error } kind = data;
    std::string bytes;      // data: what a read returns
    std::size_t accept = 0; // data: how much a write takes
};

struct Script {
    std::deque<Step> reads;
    std::deque<Step> writes;
    std::string written;
    int shutdowns = 0;
};

// A stream whose answers a test writes down in advance; NotReady parks the task as a real
// stream would.
class ScriptedStream {
  public:
    explicit ScriptedStream(std::shared_ptr<Script> script) : script_(std::move(script)) {}

    Poll<std::size_t, IoError> poll_read(std::span<char> buffer) {
        if (script_->reads.empty()) {
            return Ready<std::size_t>{0};
        }
        Step &s = script_->reads.front();
        switch (s.kind) {
        case Step::not_ready:
            script_->reads.pop_front();
            (void)park();
            return not_ready;
        case Step::eof:
            return Ready<std::size_t>{0};
        case Step::error:
            return Err<IoError>{IoError(IoErrorKind::connection_reset, "scripted")};
        case Step::data:
            break;
        }
        const std::size_t n = std::min(buffer.size(), s.bytes.size());
        std::copy_n(s.bytes.data(), n, buffer.data());
        s.bytes.erase(0, n);
        if (s.bytes.empty()) {
            script_->reads.pop_front();
        }
        return Ready<std::size_t>{n};
    }

    Poll<std::size_t, IoError> poll_write(std::span<const char> bytes) {
        if (script_->writes.empty()) {
            script_->written.append(bytes.data(), bytes.size());
            return Ready<std::size_t>{bytes.size()};
        }
        Step s = script_->writes.front();
        script_->writes.pop_front();
        if (s.kind == Step::not_ready) {
            (void)park();
            return not_ready;
        }
        if (s.kind == Step::error) {
            return Err<IoError>{IoError(IoErrorKind::broken_pipe, "scripted")};
        }
        const std::size_t n = std::min(bytes.size(), s.accept);
        script_->written.append(bytes.data(), n);
        return Ready<std::size_t>{n};
    }

    Poll<Unit, IoError> poll_shutdown() {
        ++script_->shutdowns;
        return ready();
    }

    [[nodiscard]] std::string describe() const { return "ScriptedStream"; }

  private:
    std::shared_ptr<Script> script_;
};

static_assert(AsyncRead<ScriptedStream> && AsyncWrite<ScriptedStream>);

template <class F>
std::string panic_of(F &f) {
    try {
        (void)f.poll();
    } catch (const Panic &e) {
        return e.what();
    }
    return "no panic";
}

Step data(std::string bytes) { return Step{Step::data, std::move(bytes), 0}; }
Step accept(std::size_t n) { return Step{Step::data, {}, n}; }
Step pending() { return Step{Step::not_ready, {}, 0}; }

TEST(write_all, IssuesAsManyWritesAsTheStreamNeeds) {
    auto script = std::make_shared<Script>();
    script->writes = {accept(2), accept(1), pending(), accept(10)};
    auto task = spawn_local(write_all(ScriptedStream(script), "hello"));
    CountingNotify notify;
    auto first = task.poll_future_notify(notify);
    EXPECT_TRUE(first.is_not_ready());
    EXPECT_EQ(task.get().written(), 3u);
    EXPECT_EQ(script->written, "hel");
    auto second = task.poll_future_notify(notify);
    ASSERT_TRUE(second.is_ready());
    EXPECT_EQ(second.value().second, "hello");
    EXPECT_EQ(script->written, "hello");
    EXPECT_EQ(task.get().obs_label(), "write_all(5 bytes)");
    EXPECT_EQ(panic_of(task.get()), "poll a WriteAll after it's done");
}

TEST(write_all, AWriteOfNothingIsAnError) {
    auto script = std::make_shared<Script>();
    script->writes = {accept(0)};
    auto task = spawn_local(write_all(ScriptedStream(script), "x"));
    CountingNotify notify;
    auto r = task.poll_future_notify(notify);
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error().describe(), "WriteZero: zero-length write");
}

TEST(write_all, TheStreamsErrorIsTheResult) {
    auto script = std::make_shared<Script>();
    script->writes = {Step{Step::error, {}, 0}};
    auto task = spawn_local(write_all(ScriptedStream(script), "x"));
    CountingNotify notify;
    auto r = task.poll_future_notify(notify);
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error().describe(), "BrokenPipe: scripted");
}

TEST(write_all, AnEmptyBufferIsWrittenAtOnce) {
    auto script = std::make_shared<Script>();
    auto task = spawn_local(write_all(ScriptedStream(script), ""));
    CountingNotify notify;
    EXPECT_TRUE(task.poll_future_notify(notify).is_ready());
}

TEST(read_exact, ReadsExactlyNBytesAcrossPolls) {
    auto script = std::make_shared<Script>();
    script->reads = {data("ab"), pending(), data("cdef")};
    auto task = spawn_local(read_exact(ScriptedStream(script), 4));
    CountingNotify notify;
    EXPECT_TRUE(task.poll_future_notify(notify).is_not_ready());
    EXPECT_EQ(notify.count(), 0u); // parked, not notified
    auto r = task.poll_future_notify(notify);
    ASSERT_TRUE(r.is_ready());
    EXPECT_EQ(r.value().second, "abcd");
    // What was not asked for stays in the stream.
    ASSERT_EQ(script->reads.size(), 1u);
    EXPECT_EQ(script->reads.front().bytes, "ef");
    EXPECT_EQ(panic_of(task.get()), "poll a ReadExact after it's done");
}

TEST(read_exact, EofBeforeTheLastByteIsAnEarlyEof) {
    auto script = std::make_shared<Script>();
    script->reads = {data("ab"), Step{Step::eof, {}, 0}};
    auto task = spawn_local(read_exact(ScriptedStream(script), 4));
    CountingNotify notify;
    auto r = task.poll_future_notify(notify);
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error().describe(), "UnexpectedEof: early eof");
}

TEST(read_to_end, AppendsEverythingUntilEof) {
    auto script = std::make_shared<Script>();
    script->reads = {data("hel"), pending(), data(std::string(10'000, 'l')), data("o")};
    auto task = spawn_local(read_to_end(ScriptedStream(script), Bytes("> ")));
    CountingNotify notify;
    EXPECT_TRUE(task.poll_future_notify(notify).is_not_ready());
    auto r = task.poll_future_notify(notify);
    ASSERT_TRUE(r.is_ready());
    EXPECT_EQ(r.value().second, "> hel" + std::string(10'000, 'l') + "o");
    EXPECT_EQ(panic_of(task.get()), "poll ReadToEnd after it's done");
}

TEST(read_to_end, AnErrorIsTheResult) {
    auto script = std::make_shared<Script>();
    script->reads = {data("x"), Step{Step::error, {}, 0}};
    auto task = spawn_local(read_to_end(ScriptedStream(script)));
    CountingNotify notify;
    auto r = task.poll_future_notify(notify);
    ASSERT_TRUE(r.is_err());
    EXPECT_EQ(r.error().describe(), "ConnectionReset: scripted");
}

TEST(read_until, StopsRightAfterTheDelimiter) {
    auto script = std::make_shared<Script>();
    script->reads = {data("GET / HTTP/1.0\r\n\r"), pending(), data("\nbody")};
    auto task = spawn_local(read_until(ScriptedStream(script), "\r\n\r\n"));
    CountingNotify notify;
    EXPECT_TRUE(task.poll_future_notify(notify).is_not_ready());
    auto r = task.poll_future_notify(notify);
    ASSERT_TRUE(r.is_ready());
    EXPECT_EQ(r.value().second, "GET / HTTP/1.0\r\n\r\n");
    ASSERT_EQ(script->reads.size(), 1u);
    EXPECT_EQ(script->reads.front().bytes, "body");
    EXPECT_EQ(task.get().obs_label(), "read_until(\"\\r\\n\\r\\n\")");
    EXPECT_EQ(panic_of(task.get()), "poll ReadUntil after it's done");
}

TEST(read_until, EofFirstGivesWhatWasRead) {
    auto script = std::make_shared<Script>();
    script->reads = {data("partial")};
    auto task = spawn_local(read_until(ScriptedStream(script), "\n"));
    CountingNotify notify;
    auto r = task.poll_future_notify(notify);
    ASSERT_TRUE(r.is_ready());
    EXPECT_EQ(r.value().second, "partial");
}

TEST(shutdown, ShutsTheStreamOnceAndGivesItBack) {
    auto script = std::make_shared<Script>();
    auto task = spawn_local(shutdown(ScriptedStream(script)));
    CountingNotify notify;
    EXPECT_TRUE(task.poll_future_notify(notify).is_ready());
    EXPECT_EQ(script->shutdowns, 1);
    EXPECT_EQ(panic_of(task.get()), "poll Shutdown after it's done");
    EXPECT_EQ(script->shutdowns, 1);
}

} // namespace
} // namespace futurescope
