//! 11 · the same server with spawn: clients served concurrently
//!
//! The same welcome server, but the for_each body only spawns a task per connection —
//! spawn(write_all(socket, "Hello!\n") then 30 ms of work) — and returns at once. for_each pulls
//! the next connection immediately, so the three clients are served at the same time: all three
//! finish together instead of 30 ms apart (lesson 10). The price: one task, one allocation, per
//! connection.
#![seed = 1]
#![world {
    hosts: [{ name: "client", address: "10.0.0.1" }, { name: "server", address: "10.0.0.2" }],
    links: [{ between: ["client", "server"], latency: 5 }],
}]
#![expect {
    end_ms: 45,
    tasks: {
        client1: { result: { ok: "Hello!\n" }, completed_ms: 20 },
        client2: { result: { ok: "Hello!\n" }, completed_ms: 20 },
        client3: { result: { ok: "Hello!\n" }, completed_ms: 20 },
        server: { result: "stuck", polls: 2 },
    },
}]

extern crate futures;
extern crate tokio_core;

use std::time::Duration;

use futures::stream::Stream;
use futures::Future;
use tokio_core::net::{TcpListener, TcpStream};
use tokio_core::reactor::{Core, Timeout};

fn main() {
    let mut core = Core::new().unwrap();
    let handle = core.handle();
    let address = "server:12345".parse().unwrap();
    let listener = TcpListener::bind(&address, &handle).unwrap();

    let clients = listener.incoming();
    // note(server, poll 2): Each connection is handed to a new task with spawn; the body returns
    // at once, so for_each goes straight back to incoming.
    let server = clients.for_each(|(socket, _peer_addr)| {
        handle.spawn(
            tokio_core::io::write_all(socket, b"Hello!\n")
                .and_then(|_| Timeout::new(Duration::from_millis(30), &handle).unwrap()),
        );
        Ok(())
    });
    // task: server, daemon
    handle.spawn(server);

    // Three clients connect at once and read what the server writes.
    let client1 = TcpStream::connect(&address, &handle)
        .and_then(|s| tokio_core::io::read_to_end(s, Vec::new()))
        .map(|(_s, text)| String::from_utf8_lossy(&text));
    let client2 = TcpStream::connect(&address, &handle)
        .and_then(|s| tokio_core::io::read_to_end(s, Vec::new()))
        .map(|(_s, text)| String::from_utf8_lossy(&text));
    let client3 = TcpStream::connect(&address, &handle)
        .and_then(|s| tokio_core::io::read_to_end(s, Vec::new()))
        .map(|(_s, text)| String::from_utf8_lossy(&text));
    handle.spawn(client1);
    handle.spawn(client2);
    // note(client3, complete): All three clients are served at 20 ms: compare 20, 50 and 80 ms in
    // lesson 10.
    handle.spawn(client3);
    // The event loop runs until every task but the daemon has completed.
}
