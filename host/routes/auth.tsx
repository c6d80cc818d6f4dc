/** Login and logout. The session cookie is HttpOnly, SameSite=Lax, and Secure over https. */
import { type Context, Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { LoginThrottle } from '../auth/login-throttle.ts';
import { safeNext } from '../auth/middleware.ts';
import { dummyPasswordHash, needsRehash, verifyPassword } from '../auth/password.ts';
import { principalFromSession, SESSION_COOKIE, sessionTokenOf } from '../auth/principal.ts';
import { hashSecret } from '../auth/secrets.ts';
import { createSession, deleteSession, SESSION_TTL_MS } from '../auth/sessions.ts';
import { redirectAfterPost } from '../http.ts';
import { findUserByEmail, rehashPassword } from '../store/accounts.ts';
import { PASSWORD_MAX_LENGTH } from '../validation.ts';
import { LoginPage } from '../views/login.tsx';
import type { RouteDeps } from './deps.ts';
import { formString } from './render.tsx';

/** Behind a TLS-terminating proxy the request URL is http; the proxy says so in X-Forwarded-Proto. */
const isHttps = (c: Context) => new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';

async function loginPage(props: Parameters<typeof LoginPage>[0]): Promise<string> {
  return `<!DOCTYPE html>${await (<LoginPage {...props} />).toString()}`;
}

export interface LoginGuard {
  throttle: LoginThrottle;
  clientAddress(c: Context): string | undefined;
}

export function authRoutes(deps: Pick<RouteDeps, 'db' | 'logger' | 'passwordCost'>, guard: LoginGuard): Hono {
  const { db, passwordCost } = deps;
  const app = new Hono();

  app.get('/login', async (c) => {
    const next = safeNext(c.req.query('next'), c.req.url);
    const token = sessionTokenOf(c.req.raw);
    if (token && principalFromSession(db, token)) return c.redirect(next, 302);
    return c.html(await loginPage({ next }));
  });

  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const email = formString(form.email)?.trim() ?? '';
    const password = formString(form.password) ?? '';
    const next = safeNext(formString(form.next), c.req.url);
    const attempt = { account: email.toLowerCase(), address: guard.clientAddress(c) };
    // People type their password into the email field: logs get a hash that still correlates attempts.
    const emailHash = hashSecret(attempt.account).slice(0, 16);
    const waitMs = guard.throttle.waitMs(attempt);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      deps.logger.warn('login throttled', { emailHash, address: attempt.address, retryAfterSeconds: seconds });
      c.header('Retry-After', String(seconds));
      const error = `Too many failed attempts: try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
      return c.html(await loginPage({ next, email, error }), 429);
    }
    guard.throttle.countAttempt(attempt);
    const user = email ? findUserByEmail(db, email) : undefined;
    // Hash even for an unknown email so timing does not reveal which accounts exist; no password is
    // longer than PASSWORD_MAX_LENGTH, so a longer one fails without costing scrypt over it.
    const valid = password.length <= PASSWORD_MAX_LENGTH && (await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash(passwordCost))));
    if (!user || !valid) {
      deps.logger.info('login failed', { emailHash, address: attempt.address });
      return c.html(await loginPage({ next, email, error: 'Invalid email or password.' }), 401);
    }
    guard.throttle.succeeded(attempt);
    if (needsRehash(user.passwordHash, passwordCost)) await rehashPassword(db, user.id, password, passwordCost);
    const previous = sessionTokenOf(c.req.raw);
    if (previous) deleteSession(db, previous);
    const session = createSession(db, { userId: user.id });
    setCookie(c, SESSION_COOKIE, session.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'Lax',
      secure: isHttps(c),
      maxAge: Math.floor(SESSION_TTL_MS / 1000),
    });
    deps.logger.info('login', { userId: user.id });
    return redirectAfterPost(c, next);
  });

  app.post('/logout', (c) => {
    const token = sessionTokenOf(c.req.raw);
    if (token) deleteSession(db, token);
    deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Lax', secure: isHttps(c) });
    return redirectAfterPost(c, '/login');
  });

  return app;
}
