use crate::i18n::{Text, rule_text, t};
use contract::{Account, PasswordPolicy};
use leptos::prelude::*;

/// The policy's rules as a checklist, each marked met as the user types.
#[component]
pub fn PasswordChecklist(
    /// The backend's policy.
    #[prop(into)]
    policy: Signal<PasswordPolicy>,
    /// The password being typed.
    #[prop(into)]
    password: Signal<String>,
    /// The account, for the rule against containing it.
    #[prop(into)]
    account: Signal<Option<Account>>,
) -> impl IntoView {
    let items = move || {
        policy.with(|policy| {
            policy
                .rules()
                .into_iter()
                .map(|rule| {
                    let met = password.with(|typed| account.with(|account| policy.meets(&rule, typed, account.as_ref())));
                    let class = if met { "ezr-rules__item ezr-rules__item--met" } else { "ezr-rules__item" };
                    view! {
                        <li class=class data-met=met.to_string()>
                            <span class="ezr-rules__mark" aria-hidden="true">{if met { "\u{2713}" } else { "\u{2022}" }}</span>
                            {rule_text(&rule)}
                            <span class="ezr-sr-only">{format!(" ({})", t(if met { Text::RuleMet } else { Text::RuleUnmet }))}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="ezr-rules" id="ezr-rules">
            <p class="ezr-rules__heading">{t(Text::RulesHeading)}</p>
            <ul class="ezr-rules__list">{items}</ul>
        </div>
    }
}
