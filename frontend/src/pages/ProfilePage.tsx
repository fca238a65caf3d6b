import { useEffect, useRef, useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { useApi, useAuth } from "../auth/AuthContext";
import { Field, TextAreaField, focusFirstError } from "../components/Field";
import { PageTitle } from "../components/PageTitle";
import { Notice, errorText } from "../components/Status";
import { ApiError, type User } from "../api";
import { useT, type Translate } from "../i18n";

export const AVATAR_TYPES = ["image/jpeg", "image/png", "image/webp"];
export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;

type Fields = Record<string, string>;
interface Outcome {
  kind: "success" | "error";
  text: string;
}

/** Server field errors win over nothing; a message without fields goes to the section's notice. */
function serverErrors(e: unknown, known: string[]): { fields: Fields; message?: string } {
  if (e instanceof ApiError) {
    const fields = Object.fromEntries(Object.entries(e.fields).filter(([k]) => known.includes(k)));
    return Object.keys(fields).length ? { fields } : { fields: {}, message: e.message };
  }
  return { fields: {}, message: errorText(e) };
}

/** Re-runs focusFirstError after the errors rendered. */
function useFocusOnErrors(fields: Fields) {
  const form = useRef<HTMLFormElement>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (tick && Object.keys(fields).length) focusFirstError(form.current);
  }, [tick, fields]);
  return { form, focusErrors: () => setTick((n) => n + 1) };
}

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
  const [fields, setFields] = useState<Fields>({});
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  const { form, focusErrors } = useFocusOnErrors(fields);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const name = String(data.get("name") ?? "").trim();
    const bio = String(data.get("bio") ?? "");
    const errs: Fields = {};
    if (!name) errs.name = t("profile.nameRequired");
    else if (name.length > 120) errs.name = t("profile.nameTooLong");
    if (bio.length > 2000) errs.bio = t("profile.bioTooLong", { count: bio.length });
    setOutcome(undefined);
    setFields(errs);
    if (Object.keys(errs).length) return focusErrors();
    setBusy(true);
    try {
      updateUser(await api.updateMe({ name, bio }));
      setOutcome({ kind: "success", text: t("profile.saved") });
    } catch (err) {
      const s = serverErrors(err, ["name", "bio"]);
      setFields(s.fields);
      if (s.message) setOutcome({ kind: "error", text: s.message });
      focusErrors();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="profile-section" aria-labelledby="profile-details">
      <h2 id="profile-details">{t("profile.details")}</h2>
      {outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>}
      <form ref={form} onSubmit={submit} noValidate>
        <Field label={t("profile.name")} name="name" autoComplete="name" defaultValue={user.name} required
          maxLength={120} error={fields.name} />
        <TextAreaField label={t("profile.bio")} name="bio" defaultValue={user.bio ?? ""} hint={t("profile.bioHint")}
          error={fields.bio} />
        <button type="submit" disabled={busy}>
          {t("profile.save")}
        </button>
      </form>
    </section>
  );
}

function AvatarForm({ user }: { user: User }) {
  const t = useT();
  const api = useApi();
  const { updateUser } = useAuth();
  const [fields, setFields] = useState<Fields>({});
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  const { form, focusErrors } = useFocusOnErrors(fields);
  const avatarId = user.avatar_upload_id;

  const fail = (text: string) => {
    setFields({ file: text });
    focusErrors();
  };

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const input = e.currentTarget.elements.namedItem("file") as HTMLInputElement;
    const file = input.files?.[0];
    setOutcome(undefined);
    setFields({});
    const problem = checkAvatarFile(file, t);
    if (problem || !file) return fail(problem ?? t("profile.avatarMissing"));
    setBusy(true);
    try {
      const upload = await api.upload("avatar", file);
      const res = await api.setAvatar(upload.id);
      updateUser({ ...user, avatar_upload_id: res.avatar_upload_id ?? upload.id });
      input.value = "";
      setOutcome({ kind: "success", text: t("profile.avatarSaved") });
    } catch (err) {
      if (err instanceof ApiError && err.status === 413) {
        fail(t(err.code === "quota_exceeded" ? "profile.avatarQuota" : "profile.avatarServerSize", { message: err.message }));
      } else if (err instanceof ApiError && err.status === 415) {
        fail(t("profile.avatarServerType", { message: err.message }));
      } else {
        const s = serverErrors(err, ["file", "kind"]);
        if (s.fields.file || s.fields.kind) fail(s.fields.file ?? s.fields.kind);
        else setOutcome({ kind: "error", text: s.message ?? "" });
      }
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setOutcome(undefined);
    setFields({});
    setBusy(true);
    try {
      await api.setAvatar(null);
      updateUser({ ...user, avatar_upload_id: null });
      setOutcome({ kind: "success", text: t("profile.avatarRemoved") });
    } catch (err) {
      setOutcome({ kind: "error", text: errorText(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="profile-section" aria-labelledby="profile-avatar">
      <h2 id="profile-avatar">{t("profile.avatar")}</h2>
      {avatarId ? (
        <img className="avatar" src={api.uploadUrl(avatarId)} alt={t("profile.avatarAlt", { name: user.name })}
          width={96} height={96} data-testid="avatar" />
      ) : (
        <p className="muted">{t("profile.noAvatar")}</p>
      )}
      {outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>}
      <form ref={form} onSubmit={submit} noValidate>
        <Field label={t("profile.avatarFile")} name="file" type="file" accept={AVATAR_TYPES.join(",")}
          hint={t("profile.avatarHint")} error={fields.file}
          onChange={() => setFields({})} />
        <div className="toolbar">
          <button type="submit" disabled={busy}>
            {t("profile.avatarUpload")}
          </button>
          {avatarId && (
            <button type="button" className="secondary" disabled={busy} onClick={remove}>
              {t("profile.avatarRemove")}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

function PasswordForm({ user }: { user: User }) {
  const t = useT();
  const api = useApi();
  const { login, logout } = useAuth();
  const navigate = useNavigate();
  const [fields, setFields] = useState<Fields>({});
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  const { form, focusErrors } = useFocusOnErrors(fields);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const el = e.currentTarget;
    const data = new FormData(el);
    const current = String(data.get("current_password") ?? "");
    const next = String(data.get("new_password") ?? "");
    const repeat = String(data.get("repeat_password") ?? "");
    const errs: Fields = {};
    if (!current) errs.current_password = t("profile.passwordRequired");
    if (next.length < 10) errs.new_password = t("profile.passwordTooShort");
    else if (next.length > 128) errs.new_password = t("profile.passwordTooLong");
    else if (repeat !== next) errs.repeat_password = t("profile.passwordMismatch");
    setOutcome(undefined);
    setFields(errs);
    if (Object.keys(errs).length) return focusErrors();
    setBusy(true);
    try {
      await api.changePassword({ current_password: current, new_password: next });
    } catch (err) {
      const s = serverErrors(err, ["current_password", "new_password"]);
      setFields(s.fields);
      if (s.message) setOutcome({ kind: "error", text: s.message });
      focusErrors();
      setBusy(false);
      return;
    }
    el.reset();
    // The backend revoked every refresh token, this browser's too: the access token still works
    // for a few minutes, then the session would end. Signing in again with the new password
    // gives this browser a fresh session; if that fails, the user logs in by hand.
    try {
      await login(user.email, next);
      setOutcome({ kind: "success", text: t("profile.passwordChanged") });
    } catch {
      await logout();
      navigate("/login", { replace: true, state: { notice: "profile.passwordChangedLogin", from: "/profile" } });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="profile-section" aria-labelledby="profile-password">
      <h2 id="profile-password">{t("profile.password")}</h2>
      {outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>}
      <form ref={form} onSubmit={submit} noValidate>
        {/* Lets password managers tie the new password to the account. */}
        <input type="text" name="username" autoComplete="username" value={user.email} readOnly hidden />
        <Field label={t("profile.currentPassword")} name="current_password" type="password"
          autoComplete="current-password" required error={fields.current_password} />
        <Field label={t("profile.newPassword")} name="new_password" type="password" autoComplete="new-password"
          required minLength={10} maxLength={128} hint={t("profile.newPasswordHint")} error={fields.new_password} />
        <Field label={t("profile.repeatPassword")} name="repeat_password" type="password" autoComplete="new-password"
          required error={fields.repeat_password} />
        <button type="submit" disabled={busy}>
          {t("profile.passwordChange")}
        </button>
      </form>
    </section>
  );
}

function DeleteAccount() {
  const t = useT();
  const api = useApi();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [fields, setFields] = useState<Fields>({});
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  const { form, focusErrors } = useFocusOnErrors(fields);
  const startRef = useRef<HTMLButtonElement>(null);
  const passwordId = "delete-password";

  const wasOpen = useRef(false);
  useEffect(() => {
    // Opening focuses the password; closing gives focus back to the button that opened it.
    if (open) document.getElementById(passwordId)?.focus();
    else if (wasOpen.current) startRef.current?.focus();
    wasOpen.current = open;
  }, [open]);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const password = String(new FormData(e.currentTarget).get("password") ?? "");
    setOutcome(undefined);
    if (!password) {
      setFields({ password: t("profile.passwordRequired") });
      return focusErrors();
    }
    setFields({});
    setBusy(true);
    try {
      await api.deleteMe(password);
    } catch (err) {
      const s = serverErrors(err, ["password"]);
      setFields(s.fields);
      if (s.message) setOutcome({ kind: "error", text: s.message });
      focusErrors();
      setBusy(false);
      return;
    }
    // The account is gone and its sessions with it: forget the tokens here too.
    navigate("/login", { replace: true, state: { notice: "profile.deleted" } });
    await logout();
  };

  return (
    <section className="profile-section danger-zone" aria-labelledby="profile-delete">
      <h2 id="profile-delete">{t("profile.delete")}</h2>
      <p id="profile-delete-explain">{t("profile.deleteExplain")}</p>
      {outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>}
      {!open ? (
        <button ref={startRef} type="button" className="danger" aria-describedby="profile-delete-explain"
          onClick={() => setOpen(true)}>
          {t("profile.deleteStart")}
        </button>
      ) : (
        <form ref={form} onSubmit={submit} noValidate>
          <Field id={passwordId} label={t("profile.deleteConfirmPassword")} name="password" type="password"
            autoComplete="current-password" required error={fields.password} />
          <div className="toolbar">
            <button type="submit" className="danger" disabled={busy}>
              {t("profile.deleteConfirm")}
            </button>
            <button type="button" className="secondary" disabled={busy}
              onClick={() => {
                setOpen(false);
                setFields({});
                setOutcome(undefined);
              }}>
              {t("profile.deleteKeep")}
            </button>
          </div>
        </form>
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
    <div className="narrow">
      <PageTitle>{t("profile.title")}</PageTitle>
      <p className="muted">{user.email}</p>
      <DetailsForm user={user} />
      <AvatarForm user={user} />
      <PasswordForm user={user} />
      <DeleteAccount />
    </div>
  );
}
