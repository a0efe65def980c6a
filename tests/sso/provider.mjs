// A real OpenID Connect provider for the tests (the npm package oidc-provider, OpenID
// Certified): two clients for two organisations and a few accounts, on 127.0.0.1.
// Started by tests/sso/local_provider.py; `node tests/sso/provider.mjs` runs it by hand:
//   PORT=9000 APP_URL=http://127.0.0.1:8000 node tests/sso/provider.mjs
// It prints "listening <issuer>" once it answers.
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT || 9000);
const appUrl = (process.env.APP_URL || 'http://127.0.0.1:8000').replace(/\/$/, '');
const issuer = `http://127.0.0.1:${port}`;

// Login name -> account. `mfa`: the provider reports a multi-factor sign-in (amr "mfa").
export const ACCOUNTS = {
  'anna@hengelo.nl': { sub: 'hengelo-anna', password: 'anna-wachtwoord', given_name: 'Anna', family_name: 'de Vries', email_verified: true, mfa: true },
  'nieuw@hengelo.nl': { sub: 'hengelo-nieuw', password: 'nieuw-wachtwoord', given_name: 'Nina', family_name: 'Nieuw', email_verified: true, mfa: true },
  'bram@enschede.nl': { sub: 'enschede-bram', password: 'bram-wachtwoord', given_name: 'Bram', family_name: 'Jansen', email_verified: true, mfa: false },
  'onbevestigd@enschede.nl': { sub: 'enschede-onbevestigd', password: 'onbevestigd-wachtwoord', given_name: 'Olaf', family_name: 'Onbevestigd', email_verified: false, mfa: false },
};
const bySub = Object.fromEntries(Object.entries(ACCOUNTS).map(([email, account]) => [account.sub, { email, ...account }]));

const client = (id) => ({
  client_id: id,
  client_secret: `${id}-secret`,
  redirect_uris: [`${appUrl}/inloggen/organisatie/terug/`],
  post_logout_redirect_uris: [`${appUrl}/inloggen/`],
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
});

const page = (title, body) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;
const escape = (text) => String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const configuration = {
  clients: [client('hengelo'), client('enschede')],
  claims: { openid: ['sub', 'amr', 'acr', 'auth_time', 'sid'], email: ['email', 'email_verified'], profile: ['given_name', 'family_name'] },
  cookies: { keys: ['test-only-cookie-key'] },
  features: { devInteractions: { enabled: false }, rpInitiatedLogout: {
    enabled: true,
    logoutSource: async (ctx, form) => {
      ctx.body = page('Sign out of the test provider?', `${form}
        <button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
        <button type="submit" form="op.logoutForm">No, stay signed in</button>`);
    },
  } },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('Provider error', `<pre>${escape(JSON.stringify(out))}</pre>`);
  },
  pkce: { required: () => true },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const account = bySub[sub];
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, email: account.email, email_verified: account.email_verified, given_name: account.given_name, family_name: account.family_name };
      },
    };
  },
  // No consent screen: these test clients are the provider's own organisations' apps.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
};

const provider = new Provider(issuer, configuration);

function readForm(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (chunk) => { data += chunk; });
    req.on('end', () => resolve(Object.fromEntries(new URLSearchParams(data))));
    req.on('error', reject);
  });
}

const loginPage = (uid, hint, error) => page('Sign in at the test provider', `
  ${error ? `<p role="alert">${escape(error)}</p>` : ''}
  <form method="post" action="/interaction/${escape(uid)}/login">
    <p><label for="login">E-mail address</label> <input id="login" name="login" value="${escape(hint)}"></p>
    <p><label for="password">Password</label> <input id="password" name="password" type="password"></p>
    <p><button type="submit">Sign in</button></p>
  </form>`);

// The login page of the interaction (instead of devInteractions, which cannot report amr).
provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([^/]+)(\/login)?$/);
  if (!match) return next();
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  ctx.type = 'html';
  if (ctx.method === 'GET') {
    ctx.body = loginPage(details.uid, details.params.login_hint);
    return undefined;
  }
  const form = await readForm(ctx.req);
  const account = ACCOUNTS[String(form.login || '').toLowerCase()];
  if (!account || account.password !== form.password) {
    ctx.body = loginPage(details.uid, form.login, 'Wrong e-mail address or password.');
    return undefined;
  }
  const result = { login: { accountId: account.sub, amr: account.mfa ? ['pwd', 'mfa'] : ['pwd'] } };
  const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  ctx.status = 303;
  ctx.redirect(returnTo);
  return undefined;
});

createServer(provider.callback()).listen(port, '127.0.0.1', () => {
  console.log(`listening ${issuer}`);
});
