//! The account-wide limits shared among addresses, attacked the way the black-box probes did,
//! with a bot solving every puzzle, over real HTTP from several loopback addresses against a
//! real database file: an attacker spends only their own share, the owner keeps a way through.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::TestServer;
use common::attack::{self, Round};
use contract::wire::ErrorCode;
use reference_backend::config::Config;
use std::net::{IpAddr, Ipv4Addr};

const ACCOUNT: &str = "bruno@example.com";
const PASSWORD: &str = "the owner's new password";
/// Rounds an hour apart: enough for every address to spend its whole daily share through the
/// growing waits, all within one day.
const ROUNDS: usize = 12;

fn address(last: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(127, 0, 0, last))
}

async fn start() -> (TestServer, Config) {
    let server = TestServer::start_with(|config| {
        // Each attacker's failed logins arrive four together.
        config.hashing_slots = 4;
    })
    .await;
    let config = Config::for_database("sqlite::memory:");
    (server, config)
}

/// Limit events of `counter` in the database: what was counted, whoever answered what.
async fn counted(server: &TestServer, counter: &str) -> i64 {
    let pool = reference_backend::open_database(&format!("sqlite://{}", server.database.display()))
        .await
        .unwrap();
    let count = sqlx::query_scalar("SELECT COUNT(*) FROM limit_events WHERE counter = ?")
        .bind(counter)
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    count
}

/// Every address of `attackers` plays [`ROUNDS`] rounds, one address after another in each,
/// an hour apart; returns each address's rounds.
async fn attack(server: &TestServer, attackers: &[IpAddr]) -> Vec<Vec<Round>> {
    let europe = server.client("europe");
    let mut rounds = vec![Vec::new(); attackers.len()];
    for _ in 0..ROUNDS {
        for (index, attacker) in attackers.iter().enumerate() {
            rounds[index].push(attack::round(&europe.from(*attacker), ACCOUNT).await);
        }
        server.clock.advance(3600);
    }
    rounds
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn attackers_from_five_addresses_leave_the_owner_a_way_through_and_one_stops_sooner() {
    for attackers in [1u8, 5] {
        let (server, config) = start().await;
        let addresses: Vec<IpAddr> = (2..2 + attackers).map(address).collect();
        let rounds = attack(&server, &addresses).await;
        let (codes, wrong, logins) = (
            config.code_shares(),
            config.wrong_code_shares(),
            config.login_shares(),
        );
        // The free wrong codes in the first hour, then one an hour through the growing waits:
        // until then each hour sends the address its share of codes, and after, none.
        let free = wrong.backoff.unwrap().free;
        let spending = 1 + (wrong.per_address - free) as usize;
        for (attacker, played) in rounds.iter().enumerate() {
            for (hour, round) in played.iter().enumerate() {
                let share = if hour < spending {
                    codes.per_address
                } else {
                    0
                };
                assert_eq!(
                    round.codes_sent(),
                    share as usize,
                    "attacker {attacker}, hour {hour}: {round:?}"
                );
            }
        }
        // Each address spent exactly its own daily share of wrong codes and failed logins,
        // and the unknown addresses' share was never used up.
        let per_attack = i64::from(attackers);
        assert_eq!(
            counted(&server, "wrong-codes-per-account").await,
            per_attack * i64::from(wrong.per_address)
        );
        assert_eq!(
            counted(&server, "logins-per-account").await,
            per_attack * i64::from(logins.per_address)
        );
        assert!(per_attack * i64::from(wrong.per_address) < i64::from(wrong.unknown_addresses));
        // Spent: the attacker's own address gets nothing more today.
        let europe = server.client("europe");
        europe
            .from(addresses[0])
            .ask_code("email", ACCOUNT)
            .await
            .assert_error(ErrorCode::TooManyRequests);
        // The owner, from an address the account has never seen.
        attack::owner_resets(&europe.from(address(7)), ACCOUNT, PASSWORD)
            .await
            .unwrap();
        server.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_address_the_account_knows_keeps_its_way_when_unknown_addresses_spend_theirs() {
    let (server, config) = start().await;
    let europe = server.client("europe");
    let (home, stranger) = (europe.from(address(9)), europe.from(address(10)));
    // The owner signed in from home before the attack.
    let session = home.login(ACCOUNT, reference_backend::DEMO_PASSWORD).await;
    assert_eq!(session.code(), 200, "{session:?}");
    // Seven addresses: more than the unknown addresses' share holds.
    let attackers: Vec<IpAddr> = (2..9).map(address).collect();
    attack(&server, &attackers).await;
    let wrong = config.wrong_code_shares();
    let logins = config.login_shares();
    assert_eq!(
        counted(&server, "wrong-codes-per-account").await,
        i64::from(wrong.unknown_addresses)
    );
    assert_eq!(
        counted(&server, "logins-per-account").await,
        i64::from(logins.unknown_addresses)
    );
    // No address the account does not know gets a code or a sign-in through today, not even
    // with the right password...
    stranger
        .ask_code("email", ACCOUNT)
        .await
        .assert_error(ErrorCode::TooManyRequests);
    stranger
        .login(ACCOUNT, reference_backend::DEMO_PASSWORD)
        .await
        .assert_error(ErrorCode::TooManyRequests);
    // ...but home does, and the owner heard once why strangers are paused.
    attack::owner_resets(&home, ACCOUNT, PASSWORD)
        .await
        .unwrap();
    let paused = europe
        .outbox()
        .await
        .iter()
        .filter(|m| m["to"] == ACCOUNT && m["subject"].as_str().unwrap_or("").contains("paused"))
        .count();
    assert_eq!(paused, 1);
    server.stop().await;
}
