//! #[tokio::main] with async fns, spawns and awaits
#![expect { tasks: { example: { result: { ok: () }, completed_ms: 10 } } }]

async fn add(a: u64, b: u64) -> u64 {
    tokio::time::sleep(Duration::from_millis(5)).await; // state: Sleeping
    a + b
}

async fn example() {
    let x = add(1, 2).await;
    let y = add(x, 3).await;
    println!("{}", y);
}

#[tokio::main(worker_threads = 2)]
async fn main() {
    tokio::spawn(example());
    let v = vec![1, 2, 3];
    println!("{:?}", v);
}
