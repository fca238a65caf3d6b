import type { ReactNode } from "react";
import { useT } from "../i18n";
import { Field } from "./Field";
import { ApiForm, SubmitButton, type ApiFormProps } from "./Form";
import { NarrowPage } from "./PageTitle";

interface AccountFormPageProps extends Omit<ApiFormProps, "children"> {
  title: string;
  /** What stands between the title and the form (notices, an explanation). */
  intro?: ReactNode;
  /** The submit button's label. */
  submit: string;
  /** Shown under the form, one paragraph each (links to the other account pages). */
  links?: ReactNode[];
  /** The form's fields. */
  children: ReactNode;
}

/** A sign-in, registration or recovery page: one form in the narrow column, links under it. */
export function AccountFormPage({ title, intro, submit, links = [], children, ...form }: AccountFormPageProps) {
  return (
    <NarrowPage title={title}>
      {intro}
      <ApiForm {...form}>
        {children}
        <SubmitButton>{submit}</SubmitButton>
      </ApiForm>
      {links.map((link, i) => (
        <p key={i}>{link}</p>
      ))}
    </NarrowPage>
  );
}

/** The account's e-mail address, as the sign-in and recovery forms ask for it. */
export function EmailField() {
  const t = useT();
  return <Field label={t("auth.email")} name="email" type="email" autoComplete="email" required />;
}
