import { useEffect, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { useApi, useAuth } from "../auth/AuthContext";
import { Field, TextAreaField } from "../components/Field";
import { ApiForm, SubmitButton, apiFormError, type Fields } from "../components/Form";
import { NarrowPage } from "../components/PageTitle";
import { ApiError, type User } from "../api";
import { changePassword, deleteMe, setAvatar, updateMe, uploadFile, uploadUrl } from "../features/profile/api";
import { useT, type Translate } from "../i18n";
import { CalendarFeed, EmailChangeForm, MailLanguageForm, NotificationsForm } from "./ProfileMailSettings";
import { ProfileSection } from "../components/ProfileSection";

export const AVATAR_TYPES = ["image/jpeg", "image/png", "image/webp"];
export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;

function formatSize(bytes: number, locale: string): string {
  const mib = bytes / (1024 * 1024);
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(mib)} MiB`;
}

/** The client-side check before an upload; the server checks again (413/415). */
export function checkAvatarFile(file: File | undefined, t: Translate, locale = "en-CH"): string | undefined {
  if (!file) return t("profile.avatarMissing");
  if (!AVATAR_TYPES.includes(file.type)) return t("profile.avatarType");
  if (file.size > AVATAR_MAX_BYTES) return t("profile.avatarSize", { size: formatSize(file.size, locale) });
  return undefined;
}

function DetailsForm({ user }: { user: User }) {
  const t = useT();
  const api = useApi();
  const { updateUser } = useAuth();

  const validate = (data: FormData) => {
    const name = String(data.get("name") ?? "").trim();
    const bio = String(data.get("bio") ?? "");
    const errs: Fields = {};
    if (!name) errs.name = t("profile.nameRequired");
    else if (name.length > 120) errs.name = t("profile.nameTooLong");
    if (bio.length > 2000) errs.bio = t("profile.bioTooLong", { count: bio.length });
    return errs;
  };
  const save = async (data: FormData) => {
    updateUser(await updateMe(api, { name: String(data.get("name") ?? "").trim(), bio: String(data.get("bio") ?? "") }));
    return t("profile.saved");
  };

  return (
    <ProfileSection id="profile-details" title={t("profile.details")}>
      <ApiForm validate={validate} onSubmit={save} fields={["name", "bio"]}>
        <Field label={t("profile.name")} name="name" autoComplete="name" defaultValue={user.name} required maxLength={120} />
        <TextAreaField label={t("profile.bio")} name="bio" defaultValue={user.bio ?? ""} hint={t("profile.bioHint")} />
        <SubmitButton>{t("profile.save")}</SubmitButton>
      </ApiForm>
    </ProfileSection>
  );
}

function AvatarForm({ user }: { user: User }) {
  const t = useT();
  const api = useApi();
  const { updateUser } = useAuth();
  const avatarId = user.avatar_upload_id;
  const chosen = (form: HTMLFormElement) => (form.elements.namedItem("file") as HTMLInputElement).files?.[0];

  const validate = (_: FormData, form: HTMLFormElement): Fields => {
    const problem = checkAvatarFile(chosen(form), t);
    return problem ? { file: problem } : {};
  };
  const upload = async (_: FormData, form: HTMLFormElement) => {
    const file = chosen(form)!;
    const up = await uploadFile(api, "avatar", file);
    const res = await setAvatar(api, up.id!);
    updateUser({ ...user, avatar_upload_id: res.avatar_upload_id ?? up.id ?? null });
    return t("profile.avatarSaved");
  };
  // The server's size and type answers belong to the file field.
  const mapError = (err: unknown) => {
    if (err instanceof ApiError && err.status === 413) {
      return { fields: { file: t(err.code === "quota_exceeded" ? "profile.avatarQuota" : "profile.avatarServerSize", { message: err.message }) } };
    }
    if (err instanceof ApiError && err.status === 415) return { fields: { file: t("profile.avatarServerType", { message: err.message }) } };
    const e = apiFormError(err, ["file", "kind"]);
    return e.message ? e : { fields: { file: e.fields.file ?? e.fields.kind } };
  };
  const remove = async () => {
    await setAvatar(api, null);
    updateUser({ ...user, avatar_upload_id: null });
    return t("profile.avatarRemoved");
  };

  return (
    <ProfileSection id="profile-avatar" title={t("profile.avatar")}>
      {avatarId ? (
        <img className="avatar" src={uploadUrl(api, avatarId)} alt={t("profile.avatarAlt", { name: user.name })}
          width={96} height={96} data-testid="avatar" />
      ) : (
        <p className="muted">{t("profile.noAvatar")}</p>
      )}
      <ApiForm validate={validate} onSubmit={upload} mapError={mapError} resetOnSuccess>
        {({ busy, run, clear }) => (
          <>
            <Field label={t("profile.avatarFile")} name="file" type="file" accept={AVATAR_TYPES.join(",")}
              hint={t("profile.avatarHint")} onChange={clear} />
            <div className="toolbar">
              <SubmitButton>{t("profile.avatarUpload")}</SubmitButton>
              {avatarId && (
                <button type="button" className="secondary" disabled={busy} onClick={() => run(remove)}>
                  {t("profile.avatarRemove")}
                </button>
              )}
            </div>
          </>
        )}
      </ApiForm>
    </ProfileSection>
  );
}

function PasswordForm({ user }: { user: User }) {
  const t = useT();
  const api = useApi();
  const { login, logout } = useAuth();
  const navigate = useNavigate();
  const value = (data: FormData, key: string) => String(data.get(key) ?? "");

  const validate = (data: FormData) => {
    const next = value(data, "new_password");
    const errs: Fields = {};
    if (!value(data, "current_password")) errs.current_password = t("profile.passwordRequired");
    if (next.length < 10) errs.new_password = t("profile.passwordTooShort");
    else if (next.length > 128) errs.new_password = t("profile.passwordTooLong");
    else if (value(data, "repeat_password") !== next) errs.repeat_password = t("profile.passwordMismatch");
    return errs;
  };
  const change = async (data: FormData, form: HTMLFormElement) => {
    const next = value(data, "new_password");
    await changePassword(api, { current_password: value(data, "current_password"), new_password: next });
    form.reset();
    // The backend revoked every refresh token, this browser's too: the access token still works
    // for a few minutes, then the session would end. Signing in again with the new password
    // gives this browser a fresh session; if that fails, the user logs in by hand.
    try {
      await login(user.email, next);
      return t("profile.passwordChanged");
    } catch {
      await logout();
      navigate("/login", { replace: true, state: { notice: "profile.passwordChangedLogin", from: "/profile" } });
    }
  };

  return (
    <ProfileSection id="profile-password" title={t("profile.password")}>
      <ApiForm validate={validate} onSubmit={change} fields={["current_password", "new_password"]}>
        {/* Lets password managers tie the new password to the account. */}
        <input type="text" name="username" autoComplete="username" value={user.email} readOnly hidden />
        <Field label={t("profile.currentPassword")} name="current_password" type="password"
          autoComplete="current-password" required />
        <Field label={t("profile.newPassword")} name="new_password" type="password" autoComplete="new-password"
          required minLength={10} maxLength={128} hint={t("profile.newPasswordHint")} />
        <Field label={t("profile.repeatPassword")} name="repeat_password" type="password" autoComplete="new-password"
          required />
        <SubmitButton>{t("profile.passwordChange")}</SubmitButton>
      </ApiForm>
    </ProfileSection>
  );
}

function DeleteAccount() {
  const t = useT();
  const api = useApi();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const startRef = useRef<HTMLButtonElement>(null);
  const passwordId = "delete-password";

  const wasOpen = useRef(false);
  useEffect(() => {
    // Opening focuses the password; closing gives focus back to the button that opened it.
    if (open) document.getElementById(passwordId)?.focus();
    else if (wasOpen.current) startRef.current?.focus();
    wasOpen.current = open;
  }, [open]);

  const password = (data: FormData) => String(data.get("password") ?? "");
  const validate = (data: FormData): Fields => (password(data) ? {} : { password: t("profile.passwordRequired") });
  const remove = async (data: FormData) => {
    await deleteMe(api, password(data));
    // The account is gone and its sessions with it: forget the tokens here too.
    navigate("/login", { replace: true, state: { notice: "profile.deleted" } });
    await logout();
  };

  return (
    <section className="profile-section danger-zone" aria-labelledby="profile-delete">
      <h2 id="profile-delete">{t("profile.delete")}</h2>
      <p id="profile-delete-explain">{t("profile.deleteExplain")}</p>
      {!open ? (
        <button ref={startRef} type="button" className="danger" aria-describedby="profile-delete-explain"
          onClick={() => setOpen(true)}>
          {t("profile.deleteStart")}
        </button>
      ) : (
        <ApiForm validate={validate} onSubmit={remove} fields={["password"]}>
          {({ busy }) => (
            <>
              <Field id={passwordId} label={t("profile.deleteConfirmPassword")} name="password" type="password"
                autoComplete="current-password" required />
              <div className="toolbar">
                <SubmitButton className="danger">{t("profile.deleteConfirm")}</SubmitButton>
                <button type="button" className="secondary" disabled={busy} onClick={() => setOpen(false)}>
                  {t("profile.deleteKeep")}
                </button>
              </div>
            </>
          )}
        </ApiForm>
      )}
    </section>
  );
}

/** The signed-in user's own account: name and bio, picture, password, and deleting it. */
export function ProfilePage() {
  const t = useT();
  const { user } = useAuth();
  if (!user) return null;
  return (
    <NarrowPage title={t("profile.title")}>
      <p className="muted">{user.email}</p>
      <DetailsForm user={user} />
      <AvatarForm user={user} />
      <PasswordForm user={user} />
      <MailLanguageForm user={user} />
      <NotificationsForm user={user} />
      <CalendarFeed user={user} />
      <EmailChangeForm />
      <DeleteAccount />
    </NarrowPage>
  );
}
