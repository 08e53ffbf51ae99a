use crate::i18n::{Text, rule_text, t};
use contract::{Account, PasswordPolicy, PasswordRule};
use leptos::prelude::*;

/// Shows the policy's rules as a checklist, each marked met as the user types. The list reads
/// only the policy, which arrives once, so it is a plain list, not a keyed `<For>` (887 B less);
/// a keystroke updates each line's own mark in place and never rebuilds the list.
///
/// Events: none.
#[component]
pub fn PasswordChecklist(
    /// The element's id, for the password field's `aria-describedby`.
    id: &'static str,
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
    let item = move |rule: PasswordRule| {
        let text = rule_text(&rule);
        let met = Memo::new(move |_| {
            policy.with(|policy| {
                password.with(|typed| {
                    account.with(|account| policy.meets(&rule, typed, account.as_ref()))
                })
            })
        });
        view! {
            <li
                class=move || if met.get() { "ezr-rules__item ezr-rules__item--met" } else { "ezr-rules__item" }
                data-met=move || met.get().to_string()
            >
                <span class="ezr-rules__mark" aria-hidden="true">{move || if met.get() { "\u{2713}" } else { "\u{2022}" }}</span>
                {text}
                " "<span class="ezr-sr-only">{move || t(if met.get() { Text::RuleMet } else { Text::RuleUnmet })}</span>
            </li>
        }
    };
    view! {
        <div class="ezr-rules" id=id>
            <p class="ezr-rules__heading">{t(Text::RulesHeading)}</p>
            <ul class="ezr-rules__list">
                {move || policy.with(PasswordPolicy::rules).into_iter().map(item).collect_view()}
            </ul>
        </div>
    }
}
