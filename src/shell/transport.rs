//! How calls reach a backend: over HTTP through the [`Client`], or, in tests, through a
//! script that answers each request as the test says.

use crate::core::{Answer, Call, Request};
use crate::shell::client::Client;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

type Pending = Pin<Box<dyn Future<Output = Answer>>>;

/// Sends a call and yields its answer.
#[derive(Clone)]
pub struct Transport(Rc<dyn Fn(Call) -> Pending>);

/// The requests a scripted transport was sent, in order.
#[derive(Clone, Default)]
pub struct SentRequests(Rc<RefCell<Vec<Request>>>);

impl SentRequests {
    /// Every request so far.
    pub fn all(&self) -> Vec<Request> {
        self.0.borrow().clone()
    }
}

thread_local! {
    /// Requests sent through any scripted transport of this thread and not answered yet.
    static SCRIPTED_UNANSWERED: Cell<usize> = const { Cell::new(0) };
}

/// Counts one scripted request as unanswered while it lives.
struct Unanswered;

impl Unanswered {
    fn new() -> Unanswered {
        SCRIPTED_UNANSWERED.with(|count| count.set(count.get() + 1));
        Unanswered
    }
}

impl Drop for Unanswered {
    fn drop(&mut self) {
        SCRIPTED_UNANSWERED.with(|count| count.set(count.get().saturating_sub(1)));
    }
}

impl Transport {
    /// Over HTTP to the regions' APIs.
    pub fn http(client: Client) -> Transport {
        let client = Rc::new(client);
        Transport(Rc::new(move |call| {
            let client = client.clone();
            Box::pin(async move { client.perform(call).await })
        }))
    }

    /// Sends nothing and never answers, for a wizard that only renders.
    pub fn silent() -> Transport {
        Transport(Rc::new(|_| Box::pin(std::future::pending())))
    }

    /// For tests: answers each request with `answer(request)` after `delay_ms` (so that a
    /// test can press a button twice while a request is in flight), recording every request.
    pub fn scripted(
        delay_ms: u32,
        answer: impl Fn(&Request) -> Answer + 'static,
    ) -> (Transport, SentRequests) {
        let sent = SentRequests::default();
        let record = sent.clone();
        let answer = Rc::new(answer);
        let transport = Transport(Rc::new(move |call: Call| {
            record.0.borrow_mut().push(call.request.clone());
            let answer = answer.clone();
            let unanswered = Unanswered::new();
            Box::pin(async move {
                gloo_timers::future::TimeoutFuture::new(delay_ms).await;
                drop(unanswered);
                answer(&call.request)
            })
        }));
        (transport, sent)
    }

    /// For tests: how many requests sent through scripted transports wait for their answer.
    pub fn scripted_unanswered() -> usize {
        SCRIPTED_UNANSWERED.with(Cell::get)
    }

    /// Sends `call`.
    pub fn send(&self, call: Call) -> Pending {
        (self.0)(call)
    }
}
