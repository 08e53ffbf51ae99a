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
            sqlx::query(
                "INSERT OR IGNORE INTO outbox
                     (region, channel, recipient, subject, body, code, sent_at, spool_id)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(message.region.slug())
            .bind(message.channel.as_str())
            .bind(&message.to)
            .bind(&message.subject)
            .bind(&message.body)
            .bind(&message.code)
            .bind(self.clock.now())
            .bind(spool_id)
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

/// The words of each message, per locale; English until more languages arrive.
pub mod wording {
    /// Subject and body of a verification code message.
    pub fn code(_locale: &str, code: &str, minutes: u64) -> (String, String) {
        (
            "Your EZCloud verification code".to_owned(),
            format!(
                "Your verification code is {code}. It expires in {minutes} minutes.\n\
                 If you did not ask to reset your EZCloud password, ignore this message."
            ),
        )
    }

    /// Subject and body of the notice that new codes are paused after many wrong ones.
    pub fn codes_paused(_locale: &str, hours: i64) -> (String, String) {
        (
            "Password reset paused for your EZCloud account".to_owned(),
            format!(
                "Many wrong verification codes were entered for your EZCloud account, so for \
                 its security no new reset codes will be sent for up to {hours} hours. Your \
                 password has not changed.\nIf this was not you, no action is needed. If you \
                 need help, contact Uniview support: https://global.uniview.com/Support/Service_Hotline/"
            ),
        )
    }

    /// Subject and body of the notice that the password changed.
    pub fn password_changed(_locale: &str) -> (String, String) {
        (
            "Your EZCloud password was changed".to_owned(),
            "The password of your EZCloud account was just changed. The UNV-Link app signs in \
             with the same account and the new password.\nIf this was not you, contact Uniview \
             support at once: https://global.uniview.com/Support/Service_Hotline/"
                .to_owned(),
        )
    }
}
