import { createContext, useContext, useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { ApiError } from "../api";
import { Notice, errorText } from "./Status";

/** Moves focus to the first invalid control in `form` (call after the errors have rendered). */
export function focusFirstError(form: HTMLFormElement | null): void {
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}

/** Error texts by field name. */
export type Fields = Record<string, string>;

export interface FormError {
  fields: Fields;
  /** Shown above the form when no field takes the error. */
  message?: string;
}

interface FormContextValue {
  fields: Fields;
  busy: boolean;
  /** Runs another action of the form (a "remove" button) with the same busy state and notice. */
  run(action: () => Promise<string | void>): Promise<void>;
  /** Forgets the field errors and the notice (a new file was chosen, the form was closed). */
  clear(): void;
}

const FormContext = createContext<FormContextValue | null>(null);

/** The field errors of the enclosing ApiForm (Field shows its own). */
export function useFormErrors(): Fields {
  return useContext(FormContext)?.fields ?? {};
}

export function useForm(): FormContextValue {
  const ctx = useContext(FormContext);
  if (!ctx) throw new Error("useForm outside ApiForm");
  return ctx;
}

/** The API's field errors on the fields named in `known` (all when omitted), else its message. */
export function apiFormError(e: unknown, known?: string[]): FormError {
  if (e instanceof ApiError) {
    const fields = Object.fromEntries(Object.entries(e.fields).filter(([k]) => !known || known.includes(k)));
    return Object.keys(fields).length ? { fields } : { fields: {}, message: e.message };
  }
  return { fields: {}, message: errorText(e) };
}

export interface ApiFormProps {
  /** Sends the form; resolves to the text of the success notice (none: no notice). */
  onSubmit(data: FormData, form: HTMLFormElement): Promise<string | void>;
  /** Checks the values before anything is sent; returns the field errors (none = send). */
  validate?(data: FormData, form: HTMLFormElement): Fields;
  /** Field names the server's errors may name (others become the notice's message). */
  fields?: string[];
  /** Turns a failure into field errors and a message; default: apiFormError(e, fields). */
  mapError?(e: unknown): FormError;
  /** Empties the form after a success (a "create" form). */
  resetOnSuccess?: boolean;
  /** false: let the browser check required fields first (the sign-in forms). */
  noValidate?: boolean;
  className?: string;
  children: ReactNode | ((ctx: FormContextValue) => ReactNode);
}

/**
 * One form the app's way: checks before sending, one request at a time (busy), the outcome as a
 * notice above the form, errors on their fields (Field picks its own) with focus on the first.
 */
export function ApiForm({ onSubmit, validate, fields: known, mapError, resetOnSuccess, noValidate = true, className, children }: ApiFormProps) {
  const [fields, setFields] = useState<Fields>({});
  const [outcome, setOutcome] = useState<{ kind: "success" | "error"; text: string }>();
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const [errorsShown, setErrorsShown] = useState(0);

  useEffect(() => {
    if (errorsShown && Object.keys(fields).length) focusFirstError(form.current);
  }, [errorsShown, fields]);

  const fail = (err: FormError) => {
    setFields(err.fields);
    if (err.message) setOutcome({ kind: "error", text: err.message });
    setErrorsShown((n) => n + 1);
  };

  const run = async (action: () => Promise<string | void>) => {
    setOutcome(undefined);
    setFields({});
    setBusy(true);
    try {
      const text = await action();
      if (text) setOutcome({ kind: "success", text });
    } catch (e) {
      fail(mapError ? mapError(e) : apiFormError(e, known));
    } finally {
      setBusy(false);
    }
  };

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const el = e.currentTarget;
    const data = new FormData(el);
    const invalid = validate?.(data, el) ?? {};
    if (Object.keys(invalid).length) {
      setOutcome(undefined);
      return fail({ fields: invalid });
    }
    await run(async () => {
      const text = await onSubmit(data, el);
      if (resetOnSuccess) el.reset();
      return text;
    });
  };

  const ctx: FormContextValue = {
    fields,
    busy,
    run,
    clear: () => {
      setFields({});
      setOutcome(undefined);
    },
  };
  return (
    <FormContext.Provider value={ctx}>
      {outcome && <Notice kind={outcome.kind}>{outcome.text}</Notice>}
      <form ref={form} onSubmit={submit} noValidate={noValidate} className={className}>
        {typeof children === "function" ? children(ctx) : children}
      </form>
    </FormContext.Provider>
  );
}

/** The form's submit button, disabled while it sends. */
export function SubmitButton({ children, className }: { children: ReactNode; className?: string }) {
  const { busy } = useForm();
  return (
    <button type="submit" className={className} disabled={busy}>
      {children}
    </button>
  );
}
