//! What the black-box probes did to an account, as one round an attacker's address repeats:
//! codes asked for together, bursts of wrong codes on every reset it got, failed logins
//! together. Each phase's answers are tallied by envelope code.

use super::{Answer, Client, burst, tally};
use contract::Endpoint;
use contract::wire::{CodeAccepted, ResetCodeRequest, ResetCodeSent};
use serde_json::json;
use std::collections::{BTreeMap, HashSet};

/// How many requests of each phase one round sends together.
pub const CODE_REQUESTS: usize = 4;
pub const WRONG_CODES_PER_RESET: usize = 6;
pub const FAILED_LOGINS: usize = 4;

/// The answers of one round, by envelope code.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Round {
    pub code_requests: BTreeMap<u64, usize>,
    pub wrong_codes: BTreeMap<u64, usize>,
    pub failed_logins: BTreeMap<u64, usize>,
}

impl Round {
    /// Code requests answered with a code.
    pub fn codes_sent(&self) -> usize {
        self.code_requests.get(&200).copied().unwrap_or(0)
    }
}

/// A guess that is almost surely wrong, different for each index.
fn guess(index: usize) -> String {
    format!("{:06}", (index * 7919 + 13) % 1_000_000)
}

/// One round against `account` (email) from `client`'s address.
pub async fn round(client: &Client, account: &str) -> Round {
    let mut tickets = Vec::with_capacity(CODE_REQUESTS);
    for _ in 0..CODE_REQUESTS {
        tickets.push(client.ticket().await);
    }
    let requests = burst(CODE_REQUESTS, |index| {
        let (client, body) = (
            client.clone(),
            json!({"channel": "email", "account": account, "captchaTicket": tickets[index], "locale": "en"}),
        );
        async move { client.post(ResetCodeRequest::PATH, body).await }
    })
    .await;
    let mut wrong: Vec<Answer> = Vec::new();
    for sent in requests.iter().filter(|answer| answer.code() == 200) {
        let reset_id = sent.data::<ResetCodeSent>().reset_id;
        wrong.extend(
            burst(WRONG_CODES_PER_RESET, |index| {
                let (client, reset_id) = (client.clone(), reset_id.clone());
                async move { client.verify(reset_id, &guess(index)).await }
            })
            .await,
        );
    }
    let logins = burst(FAILED_LOGINS, |index| {
        let (client, account) = (client.clone(), account.to_owned());
        async move {
            client
                .login(&account, &format!("not the password {index}"))
                .await
        }
    })
    .await;
    Round {
        code_requests: tally(&requests),
        wrong_codes: tally(&wrong),
        failed_logins: tally(&logins),
    }
}

/// The codes in the outbox for `to`.
async fn codes_for(client: &Client, to: &str) -> HashSet<String> {
    client
        .outbox()
        .await
        .into_iter()
        .filter(|message| message["to"] == to)
        .filter_map(|message| Some(message["code"].as_str()?.to_owned()))
        .collect()
}

/// A code delivered to `to` that is not in `seen`, waiting four seconds at most for delivery.
async fn new_code_for(client: &Client, to: &str, seen: &HashSet<String>) -> Option<String> {
    for _ in 0..200 {
        let fresh = codes_for(client, to)
            .await
            .into_iter()
            .find(|code| !seen.contains(code));
        if fresh.is_some() {
            return fresh;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    None
}

/// The owner, from `client`'s address, asks for a code for `account` (email), proves it,
/// sets `password` and signs in with it; or the first step that failed, and its answer.
pub async fn owner_resets(client: &Client, account: &str, password: &str) -> Result<(), String> {
    let refused =
        |step: &str, answer: &Answer| format!("{step}: {} {}", answer.status, answer.body);
    let seen = codes_for(client, account).await;
    let sent = client.ask_code("email", account).await;
    if sent.code() != 200 {
        return Err(refused("the owner's code request", &sent));
    }
    let code = new_code_for(client, account, &seen)
        .await
        .ok_or("the owner's code was not delivered")?;
    let verified = client
        .verify(sent.data::<ResetCodeSent>().reset_id, &code)
        .await;
    if verified.code() != 200 {
        return Err(refused("the owner's code", &verified));
    }
    let token = verified.data::<CodeAccepted>().reset_token;
    let completed = client.complete(&token, password).await;
    if completed.code() != 200 {
        return Err(refused("the owner's new password", &completed));
    }
    let session = client.login(account, password).await;
    if session.code() != 200 {
        return Err(refused("the owner's sign-in", &session));
    }
    Ok(())
}
