//! How messages reach people: SMTP for real mail (and SMS through an email-to-SMS gateway),
//! or the development outbox in the database.

use crate::clock::Clock;
use contract::{Channel, Region};
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use sqlx::SqlitePool;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// One message to one person.
#[derive(Clone)]
pub struct Message {
    pub region: Region,
    pub channel: Channel,
    /// An email address or an E.164 phone number.
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The code the message carries, kept only by the development outbox.
    pub code: Option<String>,
}

pub type Delivering<'a> = Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send + 'a>>;

/// A way of delivering messages.
pub trait Delivery: Send + Sync + 'static {
    /// Delivers `message`, the spool's row `spool_id`. A crash after delivery and before the
    /// spool records it delivers it again with the same id, so that the receiver can tell.
    fn deliver(&self, spool_id: i64, message: Message) -> Delivering<'_>;
}

/// Writes messages to the `outbox` table, where `/__dev/outbox` shows them.
pub struct Outbox {
    pub pool: SqlitePool,
    pub clock: Arc<dyn Clock>,
}

impl Delivery for Outbox {
    fn deliver(&self, spool_id: i64, message: Message) -> Delivering<'_> {
        Box::pin(async move {
            let (region, channel, sent_at) = (
                message.region.slug(),
                message.channel.as_str(),
                self.clock.now(),
            );
            sqlx::query!(
                "INSERT OR IGNORE INTO outbox
                     (region, channel, recipient, subject, body, code, sent_at, spool_id)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                region,
                channel,
                message.to,
                message.subject,
                message.body,
                message.code,
                sent_at,
                spool_id,
            )
            .execute(&self.pool)
            .await?;
            Ok(())
        })
    }
}

/// Sends mail through an SMTP server.
pub struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    sms_gateway_domain: Option<String>,
}

impl Smtp {
    /// A sender for `url` (`smtp://host:port`, a relay without TLS such as a local MTA),
    /// writing as `from`.
    pub fn new(url: &str, from: &str, sms_gateway_domain: Option<String>) -> anyhow::Result<Smtp> {
        let address = url
            .strip_prefix("smtp://")
            .ok_or_else(|| anyhow::anyhow!("the SMTP URL must start with smtp://"))?
            .trim_end_matches('/');
        let (host, port) = match address.rsplit_once(':') {
            Some((host, port)) => (host, port.parse()?),
            None => (address, 25),
        };
        let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(port)
            .build();
        Ok(Smtp {
            transport,
            from: from.parse()?,
            sms_gateway_domain,
        })
    }

    fn recipient(&self, message: &Message) -> anyhow::Result<Mailbox> {
        match (message.channel, &self.sms_gateway_domain) {
            (Channel::Email, _) => Ok(message.to.parse()?),
            (Channel::Sms, Some(domain)) => {
                Ok(format!("{}@{domain}", message.to.trim_start_matches('+')).parse()?)
            }
            (Channel::Sms, None) => {
                anyhow::bail!("no SMS gateway domain is configured for SMTP delivery")
            }
        }
    }
}

impl Delivery for Smtp {
    fn deliver(&self, spool_id: i64, message: Message) -> Delivering<'_> {
        Box::pin(async move {
            let domain = self.from.email.domain().to_owned();
            let email = lettre::Message::builder()
                .message_id(Some(format!("<spool-{spool_id}@{domain}>")))
                .from(self.from.clone())
                .to(self.recipient(&message)?)
                .subject(message.subject)
                .body(message.body)?;
            self.transport.send(email).await?;
            Ok(())
        })
    }
}

/// The words of each message in the language of the request that caused it, from the
/// files in `messages/` (one a language, read with the app's catalog format).
pub mod wording {
    use contract::catalog::{Catalog, fill};
    use contract::{Channel, Locale};
    use std::sync::LazyLock;

    contract::catalog_keys! {
        /// A message's text without a count; `{0}` is the support page.
        pub enum Text { CodeSubject, PausedSubject, ChangedSubject, ChangedBody }
    }

    contract::catalog_keys! {
        /// A message's text about a count `{0}` (minutes, hours); `{1}` is the code or the
        /// support page.
        pub enum Counted { CodeBody, CodeSms, PausedBody }
    }

    // `FILES`: every file of `messages/`, embedded by the build script.
    include!(concat!(env!("OUT_DIR"), "/messages.rs"));

    /// The vendor's support page, named in the notices.
    const SUPPORT: &str = "https://global.uniview.com/Support/Service_Hotline/";

    type Messages = Catalog<'static, Text, Counted>;

    /// The files that read; one that does not is left out (its language falls back to
    /// English), and `tests::every_language_reads` fails on it.
    static CATALOGS: LazyLock<Vec<Messages>> = LazyLock::new(|| {
        FILES
            .iter()
            .filter_map(|(tag, source)| Messages::parse(Locale::from_tag(tag)?, source).ok())
            .collect()
    });

    /// The messages of the language `tag` names, else English's.
    fn messages(tag: &str) -> Option<&'static Messages> {
        let wanted = Locale::from_tag(tag).unwrap_or_default();
        CATALOGS
            .iter()
            .find(|catalog| catalog.locale == wanted)
            .or_else(|| CATALOGS.first())
    }

    /// A counted text with its count written out and `{1}` filled.
    fn counted(tag: &str, key: Counted, count: u64, argument: &str) -> String {
        let template = messages(tag).map_or("", |m| m.counted(key, count));
        fill(template, &[&count.to_string(), argument]).replace("\\n", "\n")
    }

    fn text(tag: &str, key: Text) -> String {
        let template = messages(tag).map_or("", |m| m.text(key));
        fill(template, &[SUPPORT]).replace("\\n", "\n")
    }

    /// Subject and body of a verification code message; a text message is short.
    pub fn code(locale: &str, channel: Channel, code: &str, minutes: u64) -> (String, String) {
        let body = match channel {
            Channel::Email => Counted::CodeBody,
            Channel::Sms => Counted::CodeSms,
        };
        (
            text(locale, Text::CodeSubject),
            counted(locale, body, minutes, code),
        )
    }

    /// Subject and body of the notice that new codes are paused after many wrong ones.
    pub fn codes_paused(locale: &str, hours: i64) -> (String, String) {
        let hours = u64::try_from(hours).unwrap_or_default();
        (
            text(locale, Text::PausedSubject),
            counted(locale, Counted::PausedBody, hours, SUPPORT),
        )
    }

    /// Subject and body of the notice that the password changed.
    pub fn password_changed(locale: &str) -> (String, String) {
        (
            text(locale, Text::ChangedSubject),
            text(locale, Text::ChangedBody),
        )
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use contract::catalog::placeholder_mismatches;

        #[test]
        fn every_language_has_messages_that_read_with_englishs_placeholders() {
            let file = |locale: Locale| {
                FILES
                    .iter()
                    .find(|(tag, _)| *tag == locale.tag())
                    .map(|(_, source)| *source)
                    .unwrap_or_else(|| panic!("no messages/{}.txt", locale.tag()))
            };
            let english = Messages::parse(Locale::En, file(Locale::En));
            let english = english.unwrap_or_else(|error| panic!("en: {error}"));
            for locale in Locale::ALL.iter().copied() {
                let catalog = Messages::parse(locale, file(locale))
                    .unwrap_or_else(|error| panic!("{}: {error}", locale.tag()));
                assert_eq!(
                    placeholder_mismatches(&english, &catalog),
                    Vec::<String>::new()
                );
            }
            assert_eq!(
                CATALOGS.len(),
                Locale::ALL.len(),
                "a file names no language"
            );
        }

        #[test]
        fn messages_are_in_the_language_asked_for_with_plurals_and_english_otherwise() {
            let (subject, body) = code("de-AT", Channel::Email, "123456", 10);
            assert_eq!(subject, "Ihr EZCloud-Bestätigungscode");
            assert!(
                body.starts_with(
                    "Ihr Bestätigungscode lautet 123456. Er läuft in 10 Minuten ab.\n"
                ),
                "{body}"
            );
            assert!(
                code("de", Channel::Email, "123456", 1)
                    .1
                    .contains("in 1 Minute ab")
            );
            assert_eq!(
                code("xx", Channel::Sms, "123456", 10).1,
                "EZCloud code: 123456. Valid for 10 minutes. Do not share it."
            );
            assert!(
                code("pl", Channel::Sms, "1", 5)
                    .1
                    .contains("Ważny 5 minut.")
            );
            assert!(codes_paused("ar", 24).1.contains("24 ساعة"));
            assert!(
                password_changed("zh-CN")
                    .1
                    .contains("https://global.uniview.com/")
            );
        }
    }
}
