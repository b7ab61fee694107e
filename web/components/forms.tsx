import type { FieldError } from '../../api/lib/problems.js';

export type FormState = { message?: string; errors?: FieldError[]; values?: Record<string, string> };

/** The form's problems in one alert, each field named, so a screen reader hears them on arrival. */
export function FormErrors(props: { state?: FormState }) {
  const s = props.state;
  if (!s?.message && !s?.errors?.length) return null;
  return (
    <div class="form-error" role="alert">
      {s.message && <p>{s.message}</p>}
      <FieldErrors errors={s.errors} />
    </div>
  );
}

export const fieldError = (s: FormState | undefined, field: string) => s?.errors?.find((e) => e.path === field)?.message;

/** Each field at fault with what is wrong with it, as forms and error pages list them. */
export function FieldErrors(props: { errors?: FieldError[] }) {
  if (!props.errors?.length) return null;
  return (
    <ul>
      {props.errors.map((e) => (
        <li>
          <strong>{e.path}</strong>: {e.message}
        </li>
      ))}
    </ul>
  );
}
