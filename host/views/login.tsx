/** The login page: a standalone document, the chrome needs a principal. */
import { assetUrl } from '../assets.ts';
import { Field } from './components.tsx';

export function LoginPage(props: { next: string; email?: string; error?: string }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Log in · Panel</title>
        <link rel="stylesheet" href={assetUrl('host.css')} />
        <link rel="icon" href={assetUrl('favicon.svg')} type="image/svg+xml" />
      </head>
      <body>
        <main class="login">
          <h1>Panel</h1>
          <form class="card stacked" method="post" action="/login">
            {props.error ? (
              <div class="alert" role="alert">
                {props.error}
              </div>
            ) : null}
            <input type="hidden" name="next" value={props.next} />
            <Field label="Email" name="email">
              <input id="email" name="email" type="email" autocomplete="username" required value={props.email ?? ''} />
            </Field>
            <Field label="Password" name="password">
              <input id="password" name="password" type="password" autocomplete="current-password" required />
            </Field>
            <button type="submit">Log in</button>
          </form>
        </main>
      </body>
    </html>
  );
}
