import { useState, type FormEvent } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { useAuth } from "../auth/AuthContext";
import { Field } from "../components/Field";
import { PageTitle } from "../components/PageTitle";
import { Notice } from "../components/Status";
import { ApiError } from "../api";
import { useT, type MessageKey } from "../i18n";

function useAfterAuth() {
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? "/";
  return () => navigate(from, { replace: true });
}

interface FormErrors {
  message?: string;
  fields: Record<string, string>;
}

function toErrors(e: unknown): FormErrors {
  if (e instanceof ApiError) return { message: e.message, fields: e.fields };
  return { message: e instanceof Error ? e.message : String(e), fields: {} };
}

export function LoginPage() {
  const t = useT();
  const { login } = useAuth();
  const done = useAfterAuth();
  const location = useLocation();
  const [errors, setErrors] = useState<FormErrors>({ fields: {} });
  const [busy, setBusy] = useState(false);
  const state = location.state as { from?: string; notice?: MessageKey } | null;
  const needed = state?.from && !state.notice;

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    try {
      await login(String(form.get("email")), String(form.get("password")));
      done();
    } catch (err) {
      setErrors(toErrors(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="narrow">
      <PageTitle>{t("auth.login.title")}</PageTitle>
      {state?.notice && <Notice kind="success">{t(state.notice)}</Notice>}
      {needed && <Notice>{t("auth.required")}</Notice>}
      {errors.message && <Notice kind="error">{errors.message}</Notice>}
      <form onSubmit={submit} noValidate={false}>
        <Field label={t("auth.email")} name="email" type="email" autoComplete="email" required error={errors.fields.email} />
        <Field
          label={t("auth.password")}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={errors.fields.password}
        />
        <button type="submit" disabled={busy}>
          {t("auth.login.submit")}
        </button>
      </form>
      <p>
        {t("auth.login.noAccount")} <Link to="/register">{t("nav.register")}</Link>
      </p>
    </div>
  );
}

export function RegisterPage() {
  const t = useT();
  const { register } = useAuth();
  const done = useAfterAuth();
  const [errors, setErrors] = useState<FormErrors>({ fields: {} });
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    try {
      await register(String(form.get("name")), String(form.get("email")), String(form.get("password")));
      done();
    } catch (err) {
      setErrors(toErrors(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="narrow">
      <PageTitle>{t("auth.register.title")}</PageTitle>
      {errors.message && <Notice kind="error">{errors.message}</Notice>}
      <form onSubmit={submit}>
        <Field label={t("auth.name")} name="name" autoComplete="name" required error={errors.fields.name} />
        <Field label={t("auth.email")} name="email" type="email" autoComplete="email" required error={errors.fields.email} />
        <Field
          label={t("auth.password")}
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={10}
          required
          hint={t("auth.passwordHint")}
          error={errors.fields.password}
        />
        <button type="submit" disabled={busy}>
          {t("auth.register.submit")}
        </button>
      </form>
      <p>
        {t("auth.register.haveAccount")} <Link to="/login">{t("nav.login")}</Link>
      </p>
    </div>
  );
}
