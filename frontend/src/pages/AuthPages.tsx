import { Link, useLocation, useNavigate } from "react-router";
import { useAuth } from "../auth/AuthContext";
import { AccountFormPage, EmailField } from "../components/AccountForm";
import { Field } from "../components/Field";
import { Notice } from "../components/Status";
import { useT, type MessageKey } from "../i18n";

function useAfterAuth() {
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? "/";
  return () => navigate(from, { replace: true });
}

export function LoginPage() {
  const t = useT();
  const { login } = useAuth();
  const done = useAfterAuth();
  const location = useLocation();
  const state = location.state as { from?: string; notice?: MessageKey } | null;
  const needed = state?.from && !state.notice;

  const submit = async (form: FormData) => {
    await login(String(form.get("email")), String(form.get("password")));
    done();
  };

  return (
    <AccountFormPage
      title={t("auth.login.title")}
      intro={
        <>
          {state?.notice && <Notice kind="success">{t(state.notice)}</Notice>}
          {needed && <Notice>{t("auth.required")}</Notice>}
        </>
      }
      onSubmit={submit}
      fields={["email", "password"]}
      noValidate={false}
      submit={t("auth.login.submit")}
      links={[
        <Link to="/forgot-password">{t("recovery.forgotLink")}</Link>,
        <>
          {t("auth.login.noAccount")} <Link to="/register">{t("nav.register")}</Link>
        </>,
      ]}
    >
      <EmailField />
      <Field label={t("auth.password")} name="password" type="password" autoComplete="current-password" required />
    </AccountFormPage>
  );
}

export function RegisterPage() {
  const t = useT();
  const { register } = useAuth();
  const done = useAfterAuth();
  const submit = async (form: FormData) => {
    await register(String(form.get("name")), String(form.get("email")), String(form.get("password")));
    done();
  };

  return (
    <AccountFormPage
      title={t("auth.register.title")}
      onSubmit={submit}
      fields={["name", "email", "password"]}
      noValidate={false}
      submit={t("auth.register.submit")}
      links={[
        <>
          {t("auth.register.haveAccount")} <Link to="/login">{t("nav.login")}</Link>
        </>,
      ]}
    >
      <Field label={t("auth.name")} name="name" autoComplete="name" required />
      <EmailField />
      <Field
        label={t("auth.password")}
        name="password"
        type="password"
        autoComplete="new-password"
        minLength={10}
        required
        hint={t("auth.passwordHint")}
      />
    </AccountFormPage>
  );
}
