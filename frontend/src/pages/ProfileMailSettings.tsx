import { useState } from "react";
import { useApi, useAuth } from "../auth/AuthContext";
import { Field } from "../components/Field";
import { ApiForm, SubmitButton } from "../components/Form";
import { QueryView } from "../components/QueryView";
import { Notice, errorText } from "../components/Status";
import type { User } from "../api";
import { updateMe } from "../features/profile/api";
import {
  changeEmail, useCreateFeed, useFeed, usePreferences, useRevokeFeed, useSetPreferences, type Preferences,
} from "../features/profile/notifications";
import { useT, type MessageKey } from "../i18n";
import { ProfileSection } from "../components/ProfileSection";

const KINDS: (keyof Preferences)[] = ["booking_confirmed", "waitlist_promoted", "booking_cancelled", "session_changed"];

/** The language of the club's mail to this member. */
export function MailLanguageForm({ user }: { user: User }) {
  const t = useT();
  const api = useApi();
  const { updateUser } = useAuth();
  const save = async (data: FormData) => {
    updateUser(await updateMe(api, { locale: String(data.get("locale")) === "de" ? "de" : "en" }));
    return t("profile.saved");
  };
  return (
    <ProfileSection id="profile-mail-language" title={t("mail.language")}>
      <ApiForm onSubmit={save} fields={["locale"]}>
        <label>
          {t("mail.languageLabel")}{" "}
          <select name="locale" defaultValue={user.locale}>
            <option value="en">English</option>
            <option value="de">Deutsch (Schweiz)</option>
          </select>
        </label>
        <SubmitButton>{t("mail.languageSave")}</SubmitButton>
      </ApiForm>
    </ProfileSection>
  );
}

/** Which optional notification mails the member gets. */
export function NotificationsForm({ user }: { user: User }) {
  const t = useT();
  const prefs = usePreferences();
  const set = useSetPreferences(user.id);
  return (
    <ProfileSection id="profile-notifications" title={t("mail.notifications")} explain={t("mail.notificationsExplain")}>
      <QueryView query={prefs}>
        {(p) => (
          <ul className="plain">
            {KINDS.map((k) => (
              <li key={k}>
                <label>
                  <input type="checkbox" checked={p[k]} disabled={set.isPending}
                    onChange={(e) => set.mutate({ [k]: e.target.checked })} />{" "}
                  {t(`mail.kind.${k}` as MessageKey)}
                </label>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
      {set.error && <Notice kind="error">{errorText(set.error)}</Notice>}
    </ProfileSection>
  );
}

/** The private calendar feed: create (the URL is shown once), copy, revoke. */
export function CalendarFeed({ user }: { user: User }) {
  const t = useT();
  const feed = useFeed();
  const create = useCreateFeed(user.id);
  const revoke = useRevokeFeed(user.id);
  const [url, setUrl] = useState<string>();
  const [copied, setCopied] = useState(false);
  const make = () => create.mutate(undefined, { onSuccess: (f) => { setUrl(f.url); setCopied(false); } });
  const copy = () => url && navigator.clipboard?.writeText(url).then(() => setCopied(true));
  return (
    <ProfileSection id="profile-calendar" title={t("calendar.title")} explain={t("calendar.explain")}>
      <QueryView query={feed}>
        {(f) => (
          <>
            {url && (
              <p>
                <input readOnly value={url} aria-label={t("calendar.url")} size={60} onFocus={(e) => e.target.select()} />{" "}
                <button type="button" onClick={copy}>{t("calendar.copy")}</button>
                {copied && <span> {t("calendar.copied")}</span>}
              </p>
            )}
            {f.active && !url && <p>{t("calendar.active")}</p>}
            <div className="toolbar">
              <button type="button" onClick={make} disabled={create.isPending}>
                {f.active ? t("calendar.renew") : t("calendar.create")}
              </button>
              {f.active && (
                <button type="button" className="secondary" disabled={revoke.isPending}
                  onClick={() => revoke.mutate(undefined, { onSuccess: () => setUrl(undefined) })}>
                  {t("calendar.revoke")}
                </button>
              )}
            </div>
          </>
        )}
      </QueryView>
      {(create.error || revoke.error) && <Notice kind="error">{errorText(create.error ?? revoke.error)}</Notice>}
    </ProfileSection>
  );
}

/** Changing the address: the password confirms, the new address confirms by the mailed link. */
export function EmailChangeForm() {
  const t = useT();
  const api = useApi();
  const submit = async (data: FormData) => {
    await changeEmail(api, { new_email: String(data.get("new_email")), password: String(data.get("password")) });
    return t("mail.changeSent");
  };
  return (
    <ProfileSection id="profile-email" title={t("mail.change")}>
      <ApiForm onSubmit={submit} fields={["new_email", "password"]} resetOnSuccess noValidate={false}>
        <Field label={t("mail.newEmail")} name="new_email" type="email" autoComplete="email" required />
        <Field label={t("mail.password")} name="password" type="password" autoComplete="current-password" required />
        <SubmitButton>{t("mail.changeSubmit")}</SubmitButton>
      </ApiForm>
    </ProfileSection>
  );
}
