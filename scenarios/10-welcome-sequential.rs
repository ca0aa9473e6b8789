//! 10 · the welcome server, one client at a time
//!
//! The tutorial's server: listener.incoming() is a stream of connections, and for_each runs a body
//! for each — here write_all(socket, "Hello!\n") followed by a slow 30 ms of work. for_each does not
//! pull the next connection until the body finished, so three clients that connect at once are
//! served one after another: compare their completion times with lesson 11, where each connection
//! gets its own task.
#![seed = 1]
#![world {
    hosts: [{ name: "client", address: "10.0.0.1" }, { name: "server", address: "10.0.0.2" }],
    links: [{ between: ["client", "server"], latency: 5 }],
}]
#![expect {
    tasks: {
        client1: { result: { ok: "Hello!\n" }, completed_ms: 20 },
        client2: { result: { ok: "Hello!\n" }, completed_ms: 50 },
        client3: { result: { ok: "Hello!\n" }, completed_ms: 80 },
        server: { result: "stuck", polls: 4 },
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
    // note(server, poll 2): The first connection arrived: for_each runs its body — write_all,
    // then 30 ms of work — and will not ask incoming for the next connection until the body is
    // done.
    let server = clients.for_each(|(socket, _peer_addr)| {
        tokio_core::io::write_all(socket, b"Hello!\n")
            .and_then(|_| Timeout::new(Duration::from_millis(30), &handle).unwrap())
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
    // note(client2, complete): client2 waited for client1's 30 ms of work: one connection at a
    // time.
    handle.spawn(client2);
    handle.spawn(client3);
    // The event loop runs until every task but the daemon has completed.
}
