// The Rust form of lessons (.rs): each construct the front end accepts, with the result it runs
// to, and each error with its exact message (engine/scenario/src/rust/).
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "futurescope/scenario/scenario.hpp"

namespace {

using futurescope::PollOutcome;
using futurescope::scenario::Scenario;
using futurescope::scenario::ScenarioError;

std::string load_error(std::string_view text, const std::string &file = "t.rs") {
    try {
        (void)Scenario::parse(text, file);
    } catch (const ScenarioError &e) {
        return e.what();
    }
    return "(loaded)";
}

// The program `main_body` inside `fn main()` with an event loop, after `items`.
std::string program(std::string_view main_body, std::string_view items = "") {
    return "//! test\n" + std::string(items) +
           "fn main() {\n    let mut core = Core::new().unwrap();\n    let handle = "
           "core.handle();\n" +
           std::string(main_body) + "\n}\n";
}

// "ok 42 @10ms, 2 polls" for the first task of the program.
std::string run_first(const std::string &text) {
    Scenario s = Scenario::parse(text, "t.rs");
    auto out = s.run({});
    const auto &t = out.tasks.at(0);
    std::string kind = t.outcome == PollOutcome::ready ? "ok"
                       : t.outcome == PollOutcome::err ? "err"
                                                       : "pending";
    return kind + " " + t.result + " @" + std::to_string(t.completed_ns / 1000000) + "ms, " +
           std::to_string(t.polls) + " polls";
}

std::string run_main(std::string_view expr, std::string_view items = "") {
    return run_first(program("    core.run(" + std::string(expr) + ").unwrap();", items));
}

} // namespace

// [SECTION] Accepted forms

TEST(rust_syntax, LiteralsAndArithmetic) {
    EXPECT_EQ(run_main("future::ok(1 + 2 * 3)"), "ok 7 @0ms, 1 polls");
    EXPECT_EQ(run_main("future::ok((1 + 2) * 3 - 10 / 2 % 3)"), "ok 7 @0ms, 1 polls");
    EXPECT_EQ(run_main("future::ok(-5)"), "ok -5 @0ms, 1 polls");
    EXPECT_EQ(run_main("future::ok(\"a\\tb\")"), "ok \"a\\tb\" @0ms, 1 polls");
    EXPECT_EQ(run_main("future::ok(b\"Hello!\\n\")"), "ok \"Hello!\\n\" @0ms, 1 polls");
    EXPECT_EQ(run_main("future::ok(())"), "ok () @0ms, 1 polls");
    EXPECT_EQ(run_main("future::ok((1, \"x\"))"), "ok (1, \"x\") @0ms, 1 polls");
    EXPECT_EQ(run_main("future::ok(vec![1, 2, 3])"), "ok [1, 2, 3] @0ms, 1 polls");
    EXPECT_EQ(run_main("future::ok(1_000u64)"), "ok 1000 @0ms, 1 polls");
}

TEST(rust_syntax, ComparisonsLogicAndIf) {
    EXPECT_EQ(run_main("future::ok(if 1 < 2 && !(3 >= 4) { \"yes\" } else { \"no\" })"),
              "ok \"yes\" @0ms, 1 polls");
    EXPECT_EQ(run_main("future::ok(if 1 == 2 || 2 != 2 { 1 } else if 3 <= 3 { 2 } else { 3 })"),
              "ok 2 @0ms, 1 polls");
}

TEST(rust_syntax, LetBindingsAndMethodChains) {
    std::string p =
        program("    let a = Timeout::new(Duration::from_millis(10), &handle).unwrap();\n"
                "    let b = a.map(|_| 20);\n"
                "    let c = b.and_then(|x| future::ok(x + 1)).map(|y| y * 2);\n"
                "    core.run(c).unwrap();");
    EXPECT_EQ(run_first(p), "ok 42 @10ms, 2 polls");
}

TEST(rust_syntax, ClosuresOfEveryShape) {
    EXPECT_EQ(run_main("future::ok((1, 2)).map(|(a, _b)| a + 10)"), "ok 11 @0ms, 1 polls");
    EXPECT_EQ(run_main("future::ok(5).map(move |x| { let y = x * 2; y + 1 })"),
              "ok 11 @0ms, 1 polls");
    EXPECT_EQ(run_main("stream::iter_ok(vec![1, 2, 3]).fold(0, |acc, x| future::ok(acc + x))"),
              "ok 6 @0ms, 1 polls");
    EXPECT_EQ(run_main("future::lazy(|| future::ok(3))"), "ok 3 @0ms, 1 polls");
    EXPECT_EQ(run_main("future::ok(1).and_then(|_: i32| -> Result<i32, ()> { Ok(2) })"),
              "ok 2 @0ms, 1 polls");
}

TEST(rust_syntax, FormatToStringAndBorrowsAreAccepted) {
    EXPECT_EQ(run_main("future::ok(7).map(|x| format!(\"x = {}, {:?}\", x, &x))"),
              "ok \"x = 7, 7\" @0ms, 1 polls");
    EXPECT_EQ(run_main("future::ok(\"ab\").map(|s| s.to_string().to_uppercase().len())"),
              "ok 2 @0ms, 1 polls");
    EXPECT_EQ(run_main("future::ok(\"12\").map(|s| s.parse::<i64>().unwrap() + 1)"),
              "ok 13 @0ms, 1 polls");
    EXPECT_EQ(run_main("future::ok((1, 2)).map(|t| t.1)"), "ok 2 @0ms, 1 polls");
}

TEST(rust_syntax, ReadyFuturesOfBothGenerations) {
    EXPECT_EQ(run_main("futures::done(Ok(1))"), "ok 1 @0ms, 1 polls");
    EXPECT_EQ(run_main("futures::finished(2)"), "ok 2 @0ms, 1 polls");
    EXPECT_EQ(run_main("futures::failed(3)"), "err 3 @0ms, 1 polls");
    EXPECT_EQ(run_main("future::err::<(), _>(4)"), "err 4 @0ms, 1 polls");
    EXPECT_EQ(run_main("future::ok::<_, ()>(5).boxed()"), "ok 5 @0ms, 1 polls");
    EXPECT_EQ(run_main("Box::new(future::ok(6))"), "ok 6 @0ms, 1 polls");
    EXPECT_EQ(run_main("future::err(1).or_else(|e| Ok(e + 1))"), "ok 2 @0ms, 1 polls");
}

TEST(rust_syntax, OneshotInBothGenerations) {
    // futures 0.1.4, as the tutorial writes it: oneshot() and Complete::complete.
    std::string old_names = program("    let (tx, rx) = futures::oneshot();\n"
                                    "    let rx = rx.map(|x| x + 3);\n"
                                    "    core.run(rx).unwrap();\n"
                                    "    handle.spawn(Timeout::new(Duration::from_millis(5), "
                                    "&handle).unwrap().and_then(|_| tx.complete(1)));");
    EXPECT_EQ(run_first(old_names), "ok 4 @5ms, 2 polls");
    // futures 0.1.31: oneshot::channel() and Sender::send, which sends when it is called — when
    // the spawned task's future is built — so the receiver is ready at its first poll.
    std::string new_names = program("    let (tx, rx) = oneshot::channel();\n"
                                    "    core.run(rx).unwrap();\n"
                                    "    handle.spawn(tx.send(9));");
    EXPECT_EQ(run_first(new_names), "ok 9 @0ms, 1 polls");
}

TEST(rust_syntax, MpscChannelsAreStreams) {
    std::string bounded =
        program("    let (tx, rx) = mpsc::channel(1);\n"
                "    core.run(rx.fold(0, |acc, x| future::ok(acc + x))).unwrap();\n"
                "    handle.spawn(stream::iter_ok(vec![1, 2, 3]).fold(tx, |tx, n| send(tx, "
                "n)).map(|tx| drop(tx)));");
    EXPECT_EQ(run_first(bounded), "ok 6 @0ms, 3 polls");
    std::string unbounded = program("    let (tx, rx) = unbounded();\n"
                                    "    core.run(rx.collect()).unwrap();\n"
                                    "    handle.spawn(send(tx, 1).map(|tx| drop(tx)));");
    EXPECT_EQ(run_first(unbounded), "ok [1] @0ms, 2 polls");
}

TEST(rust_syntax, UseAndExternCrateOfKnownCrates) {
    std::string items = "extern crate futures;\nextern crate tokio_core;\n"
                        "use std::time::Duration;\nuse futures::{future, Future};\n"
                        "use tokio_core::reactor::{Core, Timeout};\n";
    EXPECT_EQ(run_main("future::ok(1)", items), "ok 1 @0ms, 1 polls");
}

TEST(rust_syntax, SpawnNamesTasksAfterBindingsOrComments) {
    std::string p = program("    let worker = future::ok(1);\n"
                            "    handle.spawn(worker);\n"
                            "    // task: patient, daemon\n"
                            "    handle.spawn(future::empty::<(), ()>());\n"
                            "    handle.spawn(future::ok(2)); // task: quick\n"
                            "    core.run(future::ok(3)).unwrap();");
    Scenario s = Scenario::parse(p, "t.rs");
    auto out = s.run({});
    ASSERT_EQ(out.tasks.size(), 4u);
    EXPECT_EQ(out.tasks[0].name, "worker");
    EXPECT_EQ(out.tasks[1].name, "patient");
    EXPECT_TRUE(out.tasks[1].daemon);
    EXPECT_EQ(out.tasks[2].name, "quick");
    EXPECT_EQ(out.tasks[3].name, "main");
}

TEST(rust_syntax, ForEachBodyMaySpawnATask) {
    std::string p =
        program("    let server = stream::iter_ok(vec![1, 2]).for_each(|n| {\n"
                "        handle.spawn(Timeout::new(Duration::from_millis(n), &handle).unwrap());\n"
                "        Ok(())\n"
                "    });\n"
                "    core.run(server).unwrap();");
    Scenario s = Scenario::parse(p, "t.rs");
    auto out = s.run({});
    EXPECT_EQ(out.tasks.size(), 3u);
    EXPECT_EQ(out.tasks[2].completed_ns, 2000000);
}

TEST(rust_syntax, AsyncFnAwaitAndTokioMain) {
    std::string text =
        "//! async\n"
        "async fn add() -> i32 {\n"
        "    let x = tokio::time::sleep(Duration::from_millis(10)).map(|_| 20).await; "
        "// state: First\n"
        "    let y = async move { 22 }.await;\n"
        "    yield_now().await;\n"
        "    println!(\"sum {}\", x + y);\n"
        "    x + y\n"
        "}\n"
        "#[tokio::main(flavor = \"current_thread\")]\n"
        "async fn main() {\n"
        "    tokio::spawn(add());\n"
        "}\n";
    Scenario s = Scenario::parse(text, "t.rs");
    auto out = s.run({});
    ASSERT_EQ(out.tasks.size(), 1u);
    EXPECT_EQ(out.tasks[0].name, "add");
    EXPECT_EQ(out.tasks[0].result, "42");
    EXPECT_EQ(out.tasks[0].completed_ns, 10000000);
    ASSERT_EQ(out.output.size(), 1u);
}

TEST(rust_syntax, TokioMainIsTheMultiThreadedRuntime) {
    // The tutorial's Rc held across an await: rejected on the multi-threaded runtime as rustc does.
    std::string text = "//! rc\nuse std::rc::Rc;\nuse tokio::task::yield_now;\n"
                       "async fn example() {\n    let non_send = Rc::new(1);\n"
                       "    yield_now().await;\n    println!(\"{}\", non_send);\n}\n"
                       "#[tokio::main]\nasync fn main() {\n    tokio::spawn(example());\n}\n";
    std::string e = load_error(text);
    EXPECT_EQ(e.rfind("error: future cannot be sent between threads safely", 0), 0u) << e;
    std::string single = text;
    single.replace(
        single.find("#[tokio::main]"), 14, "#[tokio::main(flavor = \"current_thread\")]");
    EXPECT_EQ(load_error(single), "(loaded)");
}

TEST(rust_syntax, HeaderAndNotes) {
    std::string text = "//! The title\n//!\n//! First line\n//! second line.\n//!\n//! Another.\n"
                       "#![name = \"named\"]\n#![seed = 7]\n"
                       "#![expect { tasks: { main: { result: { ok: 1 }, polls: 1 } } }]\n"
                       "fn main() {\n    let mut core = Core::new().unwrap();\n"
                       "    // note(main, poll 1): Polled once,\n    // and ready.\n"
                       "    core.run(future::ok(1)).unwrap();\n}\n";
    Scenario s = Scenario::parse(text, "t.rs");
    EXPECT_EQ(s.title(), "The title");
    EXPECT_EQ(s.description(), "First line second line.\n\nAnother.");
    EXPECT_EQ(s.name(), "named");
    EXPECT_EQ(s.seed(), 7u);
    EXPECT_TRUE(s.has_expect());
    ASSERT_EQ(s.narration().size(), 1u);
    EXPECT_EQ(s.narration()[0].text, "Polled once, and ready.");
    EXPECT_TRUE(s.check(s.run({})).empty());
}

TEST(rust_syntax, SourcesAreSpansThatLocateSourceFinds) {
    std::string text = program("    core.run(future::ok(1).map(|x| x + 1)).unwrap();");
    auto r = futurescope::scenario::locate_source(text, "5:14-5:42");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(text.substr(r->begin, r->end - r->begin), "future::ok(1).map(|x| x + 1)");
    EXPECT_EQ(r->first_line, 5);
    EXPECT_FALSE(futurescope::scenario::locate_source(text, "99:1-99:2").has_value());
    EXPECT_FALSE(futurescope::scenario::locate_source(text, "5:14").has_value());
}

// [SECTION] Errors

TEST(rust_syntax_errors, UnknownMethodSuggestsTheCombinator) {
    std::string text = program("    let socket = future::ok(1);\n"
                               "    let tls = socket.and_thn(|socket| future::ok(socket));\n"
                               "    core.run(tls).unwrap();");
    EXPECT_EQ(load_error(text, "scenarios/01-hello-world.rs"),
              "scenarios/01-hello-world.rs:6:22: error: unknown method `and_thn` on a future\n"
              "  |\n"
              "6 |     let tls = socket.and_thn(|socket| future::ok(socket));\n"
              "  |                      ^^^^^^^ did you mean `and_then`?");
}

TEST(rust_syntax_errors, EachMessage) {
    auto first_line = [](const std::string &e) { return e.substr(0, e.find('\n')); };
    EXPECT_EQ(
        first_line(load_error(program("    core.run(future::ok(1).map(|x| x, 2)).unwrap();"))),
        "t.rs:5:28: error: this method takes 1 argument but 2 arguments were supplied");
    EXPECT_EQ(first_line(load_error(program("", "extern crate serde;\n"))),
              "t.rs:2:14: error: unknown crate `serde`");
    EXPECT_EQ(first_line(load_error(program("    core.run(future::ok(1)).unwrap();",
                                            "struct MyFuture { n: u32 }\n"))),
              "t.rs:2:1: error: struct `MyFuture` has no `impl Future` or `impl Stream`");
    EXPECT_EQ(first_line(load_error(program("    core.run(future::ok(1)).unwrap();",
                                            "impl Future for MyFuture {}\n"))),
              "t.rs:2:1: error: missing `fn poll(&mut self)` in this impl");
    EXPECT_EQ(first_line(load_error(program("", "fn f<'a>(x: &'a u32) {}\n"))),
              "t.rs:2:6: error: lifetimes are not supported in lessons");
    EXPECT_EQ(first_line(load_error(program("    core.run(future::ok(dbg!(1))).unwrap();"))),
              "t.rs:5:25: error: macro `dbg!` is not supported in the Rust form");
    EXPECT_EQ(first_line(load_error(program("    core.run(match 1 { _ => 2 }).unwrap();"))),
              "t.rs:5:14: error: this is supported only as a statement of a hand-written `fn "
              "poll(&mut self)`");
    EXPECT_EQ(first_line(load_error(program("    core.run(futur::ok(1)).unwrap();"))),
              "t.rs:5:14: error: cannot find function `futur::ok` in this scope");
    EXPECT_EQ(first_line(load_error(program("    core.run(sockt).unwrap();"))),
              "t.rs:5:14: error: cannot find value `sockt` in this scope");
    EXPECT_EQ(first_line(load_error(program("    let x = future::ok(1);"))),
              "t.rs:2:4: error: this program runs nothing: futures are lazy until `core.run(f)` "
              "or `handle.spawn(f)`");
    EXPECT_EQ(first_line(load_error("fn main() {}\n")),
              "t.rs:1:1: error: a lesson starts with its title: a `//! Title` line");
    EXPECT_EQ(first_line(load_error("//! t\n#![wrld {}]\n" + program("core.run(future::ok(1));"))),
              "t.rs:2:1: error: unknown header `#![wrld]`");
    EXPECT_EQ(first_line(load_error(program("    core.run(future::ok(1).await).unwrap();"))),
              "t.rs:5:14: error: `await` is only allowed inside `async` functions and blocks");
    EXPECT_EQ(first_line(load_error(program("    let f = future::ok(1);\n    handle.spawn(f);\n"
                                            "    core.run(f).unwrap();"))),
              "t.rs:7:14: error: use of moved value: `f`");
    EXPECT_EQ(first_line(load_error(program("    core.run(future::ok(\"x)).unwrap();"))),
              "t.rs:5:25: error: unterminated string literal");
}

TEST(rust_syntax_errors, SectionLoaderErrorsPointAtTheRustCode) {
    // The loader's own checks apply to the lowered document; their errors show the Rust span.
    std::string text = "//! t\n#![expect { tasks: { mian: { polls: 1 } } }]\n" +
                       program("    core.run(future::ok(1)).unwrap();").substr(9);
    std::string e = load_error(text);
    EXPECT_EQ(e.substr(0, e.find('\n')),
              "t.rs:2:28: error: unknown task \"mian\" (did you mean \"main\"?)")
        << e;
    EXPECT_EQ(e.find("/expect"), std::string::npos);
}

TEST(rust_syntax_errors, DeepNestingIsAnErrorNotAStackOverflow) {
    std::string deep(100000, '(');
    std::string e = load_error(program("    core.run(future::ok(" + deep + "1)).unwrap();"));
    EXPECT_NE(e.find("error: nested deeper than 256 levels"), std::string::npos)
        << e.substr(0, 200);
    std::string chain = "future::ok(1)";
    for (int i = 0; i < 300; ++i) {
        chain = "future::ok(1).and_then(|_| " + chain + ")";
    }
    e = load_error(program("    core.run(" + chain + ").unwrap();"));
    EXPECT_NE(e.find("error: "), std::string::npos);
}

TEST(rust_syntax_errors, LetsThatDoubleTheirValueHitABound) {
    std::string body = "    let a0 = (1, 1);\n";
    for (int i = 1; i <= 40; ++i) {
        body += "    let a" + std::to_string(i) + " = (a" + std::to_string(i - 1) + ", a" +
                std::to_string(i - 1) + ");\n";
    }
    std::string e = load_error(program(body + "    core.run(future::ok(a40)).unwrap();"));
    EXPECT_NE(e.find("error: this program copies more than 1048576 expressions substituting its "
                     "`let`s"),
              std::string::npos)
        << e.substr(0, 300);
    std::string deep = "    let b0 = 1;\n";
    for (int i = 1; i <= 600; ++i) {
        deep += "    let b" + std::to_string(i) + " = (b" + std::to_string(i - 1) + ",);\n";
    }
    e = load_error(program(deep + "    core.run(future::ok(b600)).unwrap();"));
    EXPECT_NE(e.find("error: expression nested deeper than 256 levels"), std::string::npos)
        << e.substr(0, 300);
}

TEST(rust_syntax_errors, FileSizeIsBounded) {
    std::string big = program("    core.run(future::ok(1)).unwrap();") +
                      std::string(futurescope::scenario::max_file_bytes, ' ');
    EXPECT_EQ(load_error(big), "t.rs: the file is larger than 16 MiB");
}

// [SECTION] Futures and streams written by hand

namespace {

// The model of hand-written futures ("types") comes with the hand-futures branch; before it is
// merged, the loader refuses the key and these tests have nothing to run.
} // namespace

TEST(rust_hand_futures, ACountdownThatArrangesItsWakeup) {
    const char *text = R"(//! countdown
struct Countdown {
    n: u32,
    at: u64,
    clock: UnboundedSender<(Task, u64)>,
}

impl Future for Countdown {
    type Item = &'static str;
    type Error = ();

    fn poll(&mut self) -> Poll<&'static str, ()> {
        if now_ms() >= self.at {
            if self.n == 0 {
                return Ok(Async::Ready("liftoff"));
            }
            println!("{}", self.n);
            self.n = self.n - 1;
            self.at = self.at + 10;
        }
        self.clock.unbounded_send((task::current(), self.at)).unwrap();
        Ok(Async::NotReady)
    }
}

fn main() {
    let mut core = Core::new().unwrap();
    let handle = core.handle();
    let (clock_tx, clock) = mpsc::unbounded();
    let countdown = Countdown { n: 3, at: 0, clock: clock_tx };
    handle.spawn(countdown);
    // task: clock, daemon
    handle.spawn(clock.for_each(|(task, at)| delay_until(at).map(|_| task.notify())));
}
)";
    EXPECT_EQ(run_first(text), "ok \"liftoff\" @30ms, 4 polls");
}

TEST(rust_hand_futures, AStreamThatPollsTheDelayInItsField) {
    const char *text = R"(//! ticks
struct Ticks {
    n: u32,
    timer: Delay,
}

impl Stream for Ticks {
    type Item = u32;
    type Error = ();

    fn poll(&mut self) -> Poll<Option<u32>, ()> {
        if self.n == 0 {
            return Ok(Async::Ready(None));
        }
        match self.timer.poll() {
            Ok(Async::Ready(_)) => {
                let item = self.n;
                self.n = self.n - 1;
                self.timer = Delay::new(Duration::from_millis(10));
                return Ok(Async::Ready(Some(item)));
            }
            Ok(Async::NotReady) => return Ok(Async::NotReady),
            Err(e) => return Err(e),
        }
    }
}

fn main() {
    let mut core = Core::new().unwrap();
    let ticks = Ticks { n: 3, timer: Delay::new(Duration::from_millis(10)) }.collect();
    core.run(ticks).unwrap();
}
)";
    EXPECT_EQ(run_first(text), "ok [3, 2, 1] @30ms, 4 polls");
}

TEST(rust_hand_futures, ErrorsOfTheRustSide) {
    auto first_line = [](const std::string &e) { return e.substr(0, e.find('\n')); };
    const std::string items = "struct C { n: u32 }\nimpl Future for C {\n    type Item = u32;\n"
                              "    type Error = ();\n    fn poll(&mut self) -> Poll<u32, ()> {\n";
    auto with_poll = [&](const std::string &body) {
        return program("    core.run(C { n: 1 }).unwrap();", items + body + "    }\n}\n");
    };
    EXPECT_EQ(first_line(load_error(with_poll("        Ok(Async::Ready(self.m))\n"))),
              "t.rs:7:25: error: no field `m` on type `C`");
    EXPECT_EQ(first_line(load_error(with_poll("        Ok(Async::Pending)\n"))),
              "t.rs:7:9: error: a poll answers `Ok(Async::Ready(v))`, `Ok(Async::NotReady)` or "
              "`Err(e)`");
    EXPECT_EQ(
        first_line(load_error(with_poll("        other = 1;\n        Ok(Async::NotReady)\n"))),
        "t.rs:7:9: error: only a field of `self` can be assigned: `self.n = …;`");
    EXPECT_EQ(first_line(load_error(
                  program("    core.run(future::ok(1)).unwrap();", "impl Iterator for C {}\n"))),
              "t.rs:2:6: error: `impl Iterator` is not supported in the Rust form");
}
