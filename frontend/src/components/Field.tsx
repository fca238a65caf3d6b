import { useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from "react";
import { useFormErrors } from "./Form";

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  /** Default: the enclosing ApiForm's error for `errorKey` (default: the field's name). */
  error?: string;
  /** The name the server's errors use for this field, when it differs from `name`. */
  errorKey?: string;
  hint?: string;
}

interface DescribedControl {
  id: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
}

/**
 * The label, hint and error around one form control; the control gets the id and the
 * aria-describedby that tie them together.
 */
function FieldShell({ label, error, hint, id, control }: {
  label: string;
  error?: string;
  hint?: string;
  id?: string;
  control(props: DescribedControl): ReactNode;
}) {
  const auto = useId();
  const controlId = id ?? auto;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errId = error ? `${controlId}-err` : undefined;
  return (
    <div className="field">
      <label htmlFor={controlId}>{label}</label>
      {control({
        id: controlId,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": [hintId, errId].filter(Boolean).join(" ") || undefined,
      })}
      {hint && (
        <small id={hintId} className="muted">
          {hint}
        </small>
      )}
      {error && (
        <small id={errId} className="field-error">
          {error}
        </small>
      )}
    </div>
  );
}

/** A labelled input with its hint and error tied to it through aria-describedby. */
export function Field({ label, error, errorKey, hint, id, ...input }: FieldProps) {
  const formError = useFormErrors()[errorKey ?? input.name ?? ""];
  return (
    <FieldShell label={label} error={error ?? formError} hint={hint} id={id} control={(props) => <input {...props} {...input} />} />
  );
}

interface SelectFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  options: { value: string; label: string }[];
  id?: string;
  name?: string;
  required?: boolean;
}

export function SelectField({ label, value, onChange, options, id, name, required }: SelectFieldProps) {
  const auto = useId();
  const selectId = id ?? auto;
  return (
    <div className="field">
      <label htmlFor={selectId}>{label}</label>
      <select id={selectId} name={name} value={value} required={required} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

interface TextAreaFieldProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  label: string;
  error?: string;
  hint?: string;
}

/** A labelled textarea, hint and error tied to it like Field's. */
export function TextAreaField({ label, error, hint, id, ...textarea }: TextAreaFieldProps) {
  const formError = useFormErrors()[textarea.name ?? ""];
  return (
    <FieldShell label={label} error={error ?? formError} hint={hint} id={id} control={(props) => <textarea {...props} {...textarea} />} />
  );
}
