//! Step 1: the region, the channel and the account, as typed and as saved.

use super::*;

#[test]
fn a_new_wizard_is_on_step_one_and_remembers_its_region() {
    let (flow, effects) = Flow::resume(
        Progress::fresh(Locale::En, EUROPE, Channel::Email, "DE"),
        NOW,
    );
    assert_eq!(flow.step(), Step::EnterAccount);
    assert_eq!(flow.draft.country, "DE");
    assert!(flow.can_change_account() && !flow.busy());
    assert_eq!(effects, [Effect::RememberRegion(Region::Europe)]);
}

#[test]
fn step_one_takes_region_channel_and_what_is_typed_and_saves_it() {
    let mut flow = start();
    assert_eq!(
        run(
            &mut flow,
            Event::ChooseRegion(RegionChoice::Picked(Region::AsiaPacific))
        ),
        [
            Effect::RememberRegion(Region::AsiaPacific),
            Effect::Save(flow.progress())
        ]
    );
    run(&mut flow, Event::ChooseChannel(Channel::Sms));
    run(&mut flow, Event::ChooseCountry("SG".into()));
    let effects = run(&mut flow, Event::EditPhone("9123 4567".into()));
    assert_eq!(effects, [Effect::Save(flow.progress())]);
    assert_eq!(flow.region, RegionChoice::Picked(Region::AsiaPacific));
    assert_eq!(
        flow.account().map(|account| account.to_string()),
        Some("+6591234567".into())
    );
}

#[test]
fn an_invalid_account_is_explained_once_left_or_submitted_and_gets_focus() {
    let mut flow = start();
    run(&mut flow, Event::EditEmail("bruno@example".into()));
    assert_eq!(flow.account_error(), None, "quiet while typing");
    run(&mut flow, Event::LeaveField(Field::Account));
    assert!(flow.account_error().is_some());
    assert_eq!(flow.update(Event::LeaveField(Field::Account), NOW), None);
    run(&mut flow, Event::ChooseChannel(Channel::Sms));
    assert_eq!(
        flow.account_error(),
        None,
        "a switch starts the new field quiet"
    );
    let effects = run(&mut flow, Event::Acquire);
    assert_eq!(effects, [Effect::Focus(Field::Account)]);
    assert!(flow.account_error().is_some() && flow.dialog.is_none());
}

#[test]
fn the_draft_names_an_account_on_each_channel() {
    let draft = Draft {
        email: " bruno@Example.COM ".into(),
        phone: "0151 12345678".into(),
        country: "DE".into(),
    };
    assert_eq!(
        draft.account(Channel::Email).map(|a| a.to_string()),
        Ok("bruno@example.com".into())
    );
    assert_eq!(
        draft.account(Channel::Sms).map(|a| a.to_string()),
        Ok("+4915112345678".into())
    );
    let unknown_country = Draft {
        country: "ZZ".into(),
        phone: "+4915112345678".into(),
        ..Draft::default()
    };
    assert!(unknown_country.account(Channel::Sms).is_ok());
}

#[test]
fn the_account_field_speaks_of_the_channel_it_asks_for() {
    let mut flow = start();
    run(
        &mut flow,
        Event::edit_account(Channel::Email, "bruno@example.com".into()),
    );
    run(
        &mut flow,
        Event::edit_account(Channel::Sms, "0151 2345678".into()),
    );
    assert_eq!(flow.draft.typed(Channel::Email), "bruno@example.com");
    assert_eq!(flow.draft.typed(Channel::Sms), "0151 2345678");
    assert_eq!(
        RegionChoice::picking(Some(Region::Europe)),
        RegionChoice::Picked(Region::Europe)
    );
    assert_eq!(RegionChoice::picking(None), RegionChoice::NotSure);
    assert_eq!(
        RegionChoice::from_slug(RegionChoice::NotSure.slug()),
        Some(RegionChoice::NotSure)
    );
}
