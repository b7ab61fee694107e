import type { FieldError } from '../../api/lib/problems.js';

export type FormState = { message?: string; errors?: FieldError[]; values?: Record<string, string> };

/** The form's problems in one alert, each field named, so a screen reader hears them on arrival. */
export function FormErrors(props: { state?: FormState }) {
  const s = props.state;
  if (!s?.message && !s?.errors?.length) return null;
  return (
    <div class="form-error" role="alert">
      {s.message && <p>{s.message}</p>}
      {s.errors?.length ? (
        <ul>
          {s.errors.map((e) => (
            <li>
              <strong>{e.path}</strong>: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export const fieldError = (s: FormState | undefined, field: string) => s?.errors?.find((e) => e.path === field)?.message;
