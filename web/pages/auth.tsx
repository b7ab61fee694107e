import { CsrfField } from '../csrf.js';
import { type FormState, FormErrors, fieldError } from '../components/forms.js';

export function SignInView(props: { csrf: string; state?: FormState; github: boolean; next?: string }) {
  return (
    <div class="narrow">
      <h1>Sign in</h1>
      <FormErrors state={props.state} />
      <form method="post" action="/sign-in" class="stack">
        <CsrfField token={props.csrf} />
        {props.next && <input type="hidden" name="next" value={props.next} />}
        <label for="username">Username</label>
        <input id="username" name="username" type="text" autocomplete="username" required value={props.state?.values?.username ?? ''} />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit">Sign in</button>
      </form>
      {props.github && (
        <p>
          <a class="button secondary" href="/sign-in/github">
            Sign in with GitHub
          </a>
        </p>
      )}
      <p>
        No account yet? <a href="/sign-up">Create one</a>.
      </p>
    </div>
  );
}

export function SignUpView(props: { csrf: string; state?: FormState }) {
  const err = (f: string) => fieldError(props.state, f);
  return (
    <div class="narrow">
      <h1>Create an account</h1>
      <p class="muted">Maintainers sign in to publish metadata and compatibility reports for the packages they own.</p>
      <FormErrors state={props.state} />
      <form method="post" action="/sign-up" class="stack">
        <CsrfField token={props.csrf} />
        <label for="username">Username</label>
        <input id="username" name="username" type="text" autocomplete="username" required aria-invalid={err('username') ? 'true' : undefined} aria-describedby="username-help" value={props.state?.values?.username ?? ''} />
        <span id="username-help" class="help">2–39 letters, digits or dashes.</span>
        <label for="displayName">Display name (optional)</label>
        <input id="displayName" name="displayName" type="text" autocomplete="name" value={props.state?.values?.displayName ?? ''} />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="new-password" required minlength={10} aria-invalid={err('password') ? 'true' : undefined} aria-describedby="password-help" />
        <span id="password-help" class="help">At least 10 characters; a passphrase is best.</span>
        <button type="submit">Create account</button>
      </form>
      <p>
        Already have one? <a href="/sign-in">Sign in</a>.
      </p>
    </div>
  );
}
