/** The embedded identity provider's sign-in page: a plain form, no script. */
import { escapeHtml } from '../../../shared/entry/http/api-reference.ts';
import { DEV_USERS } from './dev-users.ts';

export function signInPage(options: { readonly action: string; readonly username?: string; readonly error?: string }): string {
  const users = DEV_USERS.map((user) => `<li><code>${escapeHtml(user.username)}</code> ${escapeHtml(user.roles.join(', '))}</li>`).join('');
  const error = options.error === undefined ? '' : `<p class="error" role="alert">${escapeHtml(options.error)}</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · alertgate (development)</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1d2330; }
  main { max-width: 22rem; margin: 10vh auto; background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; }
  h1 { font-size: 1.3rem; margin-top: 0; }
  label { display: block; margin-top: 1rem; font-weight: 600; }
  input { width: 100%; box-sizing: border-box; padding: .6rem; font-size: 1rem; border: 1px solid #8a93a6; border-radius: 4px; }
  button { margin-top: 1.5rem; width: 100%; padding: .7rem; font-size: 1rem; background: #1f5fbf; color: #fff; border: 0; border-radius: 4px; }
  :focus-visible { outline: 3px solid #f0a000; outline-offset: 2px; }
  .error { color: #a4000f; font-weight: 600; }
  .hint { font-size: .85rem; color: #4a5263; margin-top: 2rem; }
  .hint ul { padding-left: 1.2rem; }
</style>
</head>
<body>
<main>
<h1>Sign in to alertgate</h1>
${error}
<form method="post" action="${escapeHtml(options.action)}">
  <label for="username">Username</label>
  <input id="username" name="username" autocomplete="username" autocapitalize="none" required value="${escapeHtml(options.username ?? '')}">
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">Sign in</button>
</form>
<div class="hint">Development identity provider: tenant <code>demo</code>, password <code>alertgate</code>.<ul>${users}</ul></div>
</main>
</body>
</html>`;
}

export function errorPage(lines: readonly string[]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in error · alertgate</title></head>
<body><main><h1>Sign-in error</h1>${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('')}<p><a href="/">Start again</a></p></main></body></html>`;
}
