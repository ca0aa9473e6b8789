//! constructs the front end refuses, each with its message
trait Shape {}
enum Answer { Yes, No }
struct Generic<T> { t: T }
impl Iterator for Generic {}
static X: u32 = 1;

fn main() {
    let x = 'c';
    let y = r"raw";
    while true {}
    for i in 0..3 {}
    if let Some(v) = x {}
    let z = *y as u64;
    z += 1;
    thread::spawn(|| {});
    future::ok(1).await;
}
