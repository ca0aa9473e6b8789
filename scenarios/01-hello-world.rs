//! 01 · Hello, World! — an HTTPS GET from the virtual www.rust-lang.org
//!
//! The tutorial's first program: connect to www.rust-lang.org:443, run a TLS handshake over the
//! socket, write a GET request, and read the answer to the end. Each step is a future made from the
//! previous step's value with and_then, so the whole program is one chain of AndThen futures in one
//! task. The server is 20 ms away over a 1 MB/s link: every flight of the handshake and of the
//! request costs a trip, and the task is parked — polled zero times — while bytes travel. Count the
//! task-level polls: each one follows an unpark by the network.
#![seed = 1]
#![expect {
    tasks: { main: { result: { ok: 218 }, completed_ms: 123.844, polls: 5, unparks: 4 } },
}]

extern crate futures;
extern crate tokio_core;
extern crate tokio_tls;

use std::net::ToSocketAddrs;

use futures::Future;
use tokio_core::reactor::Core;
use tokio_core::net::TcpStream;
use tokio_tls::ClientContext;

fn main() {
    let mut core = Core::new().unwrap();
    let addr = "www.rust-lang.org:443".to_socket_addrs().unwrap().next().unwrap();

    // note(main, poll 1): The first poll starts the connection: Connect sends a SYN and returns
    // NotReady. Nothing else can happen until the SYN-ACK comes back, one round trip (40 ms) later.
    let socket = TcpStream::connect(&addr, &core.handle());

    // note(main, poll 2): Connected: AndThen calls the closure with the socket, and the new
    // TlsHandshake is polled in this same poll — it sends the ClientHello.
    let tls_handshake = socket.and_then(|socket| {
        let cx = ClientContext::new().unwrap();
        cx.handshake("www.rust-lang.org", socket)
    });
    let request = tls_handshake.and_then(|socket| {
        tokio_core::io::write_all(socket, "\
            GET / HTTP/1.0\r\n\
            Host: www.rust-lang.org\r\n\
            \r\n\
        ".as_bytes())
    });
    // note(main, complete): The response is read to the end: the map gives its length in bytes.
    let response = request.and_then(|(socket, _)| {
        tokio_core::io::read_to_end(socket, Vec::new())
    }).map(|(_socket, data)| data.len());

    let length = core.run(response).unwrap();
    println!("{} bytes", length);
}
