import type { FieldError } from '../../api/lib/problems.js';

export type FormState = { message?: string; errors?: FieldError[]; values?: Record<string, string> };

/** The form's problems in one alert, each field named, so a screen reader hears them on arrival. */
export function FormErrors(props: { state?: FormState; label?: (path: string) => string }) {
  const s = props.state;
  if (!s?.message && !s?.errors?.length) return null;
  return (
    <div class="form-error" role="alert">
      {s.message && <p>{s.message}</p>}
      <FieldErrors errors={s.errors} label={props.label} />
    </div>
  );
}

export const fieldError = (s: FormState | undefined, field: string) => s?.errors?.find((e) => e.path === field)?.message;

/** Each field at fault with what is wrong with it, as forms and error pages list them; `label` names a field as its form does. */
export function FieldErrors(props: { errors?: FieldError[]; label?: (path: string) => string }) {
  if (!props.errors?.length) return null;
  return (
    <ul>
      {props.errors.map((e) => (
        <li>
          <strong>{props.label ? props.label(e.path) : e.path}</strong>: {e.message}
        </li>
      ))}
    </ul>
  );
}
