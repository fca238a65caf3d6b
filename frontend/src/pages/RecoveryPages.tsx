import { useEffect, useRef, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useApi, useAuth } from "../auth/AuthContext";
import { AccountFormPage, EmailField } from "../components/AccountForm";
import { Field } from "../components/Field";
import type { Fields } from "../components/Form";
import { NarrowPage } from "../components/PageTitle";
import { Notice, errorText } from "../components/Status";
import { forgotPassword, resetPassword, verifyEmail } from "../features/auth/api";
import { useT } from "../i18n";

/** Asks for a reset link; the answer is the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  const t = useT();
  const api = useApi();
  const submit = async (form: FormData) => {
    await forgotPassword(api, String(form.get("email")));
    return t("recovery.sent");
  };
  return (
    <AccountFormPage
      title={t("recovery.forgotTitle")}
      intro={<p>{t("recovery.forgotExplain")}</p>}
      onSubmit={submit}
      fields={["email"]}
      noValidate={false}
      submit={t("recovery.send")}
      links={[<Link to="/login">{t("nav.login")}</Link>]}
    >
      <EmailField />
    </AccountFormPage>
  );
}

/** Sets a new password with the token from the mailed link, then sends the member to log in. */
export function ResetPasswordPage() {
  const t = useT();
  const api = useApi();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const validate = (form: FormData): Fields => {
    const pw = String(form.get("new_password") ?? "");
    if (pw.length < 10) return { new_password: t("profile.passwordTooShort") };
    if (pw !== String(form.get("repeat") ?? "")) return { repeat: t("profile.passwordMismatch") };
    return {};
  };
  const submit = async (form: FormData) => {
    await resetPassword(api, { token, new_password: String(form.get("new_password")) });
    navigate("/login", { replace: true, state: { notice: "recovery.resetDone" } });
  };
  if (!token) return <Notice kind="error">{t("recovery.noToken")}</Notice>;
  return (
    <AccountFormPage
      title={t("recovery.resetTitle")}
      validate={validate}
      onSubmit={submit}
      fields={["new_password", "repeat"]}
      submit={t("recovery.resetSubmit")}
      links={[<Link to="/forgot-password">{t("recovery.again")}</Link>]}
    >
      <Field label={t("profile.newPassword")} name="new_password" type="password" autoComplete="new-password"
        minLength={10} required hint={t("profile.newPasswordHint")} />
      <Field label={t("profile.repeatPassword")} name="repeat" type="password" autoComplete="new-password" required />
    </AccountFormPage>
  );
}

/** Confirms an address (after registration or an e-mail change) with the mailed token. */
export function VerifyEmailPage() {
  const t = useT();
  const api = useApi();
  const { user, updateUser } = useAuth();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const [state, setState] = useState<{ ok?: boolean; error?: string }>({});
  const sent = useRef(false);
  useEffect(() => {
    if (!token || sent.current) return;
    sent.current = true; // the token works once: never send it twice (StrictMode runs effects twice)
    verifyEmail(api, token).then(
      (u) => {
        if (user && user.id === u.id) updateUser(u);
        setState({ ok: true });
      },
      (e) => setState({ error: errorText(e) }),
    );
  }, [api, token, user, updateUser]);
  return (
    <NarrowPage title={t("verify.title")}>
      {!token && <Notice kind="error">{t("recovery.noToken")}</Notice>}
      {state.ok && <Notice kind="success">{t("verify.done")}</Notice>}
      {state.error && <Notice kind="error">{state.error}</Notice>}
      {token && !state.ok && !state.error && <p>{t("app.loading")}</p>}
    </NarrowPage>
  );
}
