//! every statement of a hand-written poll
#![seed = 7]
#![limits { steps: 50 }]

struct Walk {
    left: u32,
    timer: Delay,
    done: bool,
}

impl Stream for Walk {
    type Item = u32;
    type Error = &'static str;

    fn poll(&mut self) -> Poll<Option<u32>, &'static str> {
        loop {
            if self.done {
                return Ok(Async::Ready(None));
            } else if self.left == 0 {
                self.done = true;
                continue;
            }
            match self.timer.poll() {
                Ok(Async::Ready(_)) => {
                    let n = self.left;
                    self.left = self.left - 1;
                    self.timer = Delay::new(Duration::from_millis(3));
                    println!("{} left, {:?}", n, now_ms());
                    return Ok(Async::Ready(Some(n)));
                }
                Ok(Async::NotReady) => return Ok(Async::NotReady),
                Err(e) => return Err(e),
            }
        }
    }
}

struct Once {
    inner: Delay,
}

impl Future for Once {
    type Item = u32;
    type Error = &'static str;

    fn poll(&mut self) -> Poll<u32, &'static str> {
        let v = try_ready!(self.inner.poll());
        task::current().notify();
        Ok(Async::Ready(v + 1))
    }
}

fn main() {
    let mut core = Core::new().unwrap();
    let handle = core.handle();
    let walk = Walk { left: 3, timer: Delay::new(Duration::from_millis(3)), done: false };
    handle.spawn(walk.collect());
    handle.spawn(Once { inner: Delay::new(Duration::from_millis(1)) }.map(|x| x + 1));
}
