import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AppDeps } from '../api/lib/deps.js';
import { councilView, electorateSeat, listCouncils, myVotes, proposalView } from '../api/governance/queries.js';
import { activeMember, castBallot, createProposal, openProposal, raiseConcern, recuse, resolveConcern } from '../api/governance/service.js';
import type { AppEnv } from '../api/lib/env.js';
import { AppError } from '../api/lib/problems.js';
import { currentCheckpoint } from '../api/transparency/service.js';
import type { FormState } from './components/forms.js';
import { csrfToken, verifyCsrf } from './csrf.js';
import { formOf } from './form-body.js';
import { CouncilView, CouncilsView, LogView, MyVotesView, ProposalView } from './pages/governance.js';

type Deps = Pick<AppDeps, 'database' | 'publicUrl' | 'clock'>;

const idParam = (c: Context) => {
  const id = Number(c.req.param('id'));
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('notFound');
  return id;
};

/** Council and proposal pages; members vote through CSRF-protected forms with their session. */
export function governanceRoutes(deps: Deps) {
  const { database } = deps;
  const db = database.db;
  const now = () => deps.clock?.() ?? new Date();
  const secure = deps.publicUrl.startsWith('https:');
  const publicUrl = deps.publicUrl.replace(/\/+$/, '');
  const web = new Hono<AppEnv>();
  web.use('/councils/*', verifyCsrf(deps.publicUrl));
  web.use('/proposals/*', verifyCsrf(deps.publicUrl));
  const session = (c: Context<AppEnv>) => {
    const p = c.get('principal');
    return p?.kind === 'session' ? p : null;
  };
  const requireSession = (c: Context<AppEnv>) => {
    const s = session(c);
    if (!s) throw new AppError('unauthorized', { detail: 'Sign in to take part.' });
    return s;
  };

  web.get('/councils', async (c) =>
    c.render(<CouncilsView councils={await listCouncils(db)} />, { title: 'Councils', description: 'Ferrite councils and their verifiable votes on recommended, deprecated and transferred packages.' }),
  );

  const councilPage = async (c: Context<AppEnv>, state?: FormState, status: 200 | 400 | 403 = 200) => {
    const s = session(c);
    const data = await councilView(db, c.req.param('slug')!, s?.user);
    const at = now();
    const member = s ? await activeMember(db, data.council.id, s.user.id, at) : null;
    c.status(status);
    return c.render(<CouncilView data={data} canPropose={!!member} csrf={member ? csrfToken(c, secure) : null} state={state} />, {
      title: data.council.name,
      description: data.council.charter || `Members and proposals of ${data.council.name}.`,
    });
  };
  web.get('/councils/:slug', (c) => councilPage(c));
  web.post('/councils/:slug/proposals', async (c) => {
    const s = requireSession(c);
    const f = await formOf(c);
    const one = (k: string) => (typeof f[k] === 'string' ? (f[k] as string).trim() : '');
    const pkg = one('package') ? { name: one('package') } : undefined;
    const options = one('options').split(',').map((x) => x.trim()).filter(Boolean);
    const advisories = one('advisories').split(/[\s,]+/).filter(Boolean);
    const input = {
      kind: one('kind'),
      title: one('title'),
      body: one('body'),
      action: { ...(pkg ? { package: pkg } : {}), ...(one('scope') ? { scope: one('scope') } : {}), ...(one('to') ? { to: one('to') } : {}) },
      ...(options.length ? { options } : {}),
      ...(advisories.length ? { advisories } : {}),
      rules: { method: one('method'), maxDays: Number(one('maxDays') || '14'), secret: one('secret') === 'true', earlyClose: one('earlyClose') !== 'false' },
    };
    try {
      const row = await createProposal(database, s, c.req.param('slug'), input, now());
      return c.redirect(`/proposals/${row.id}`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 400) throw err;
      return councilPage(c, { message: err.detail ?? 'Please correct the fields below.', errors: err.errors, values: Object.fromEntries(Object.entries(f).filter(([, v]) => typeof v === 'string')) as Record<string, string> }, 400);
    }
  });

  const proposalPage = async (c: Context<AppEnv>, extra: { state?: FormState; status?: 200 | 400 | 409; receipt?: string } = {}) => {
    const id = idParam(c);
    const s = session(c);
    const data = await proposalView(db, id, now(), s?.user);
    const seat = s ? await electorateSeat(db, id, s.user.id) : null;
    const canVote = !!seat && !seat.recused && data.proposal.status === 'open';
    const isAuthorOrChair = !!s && (data.proposal.authorId === s.user.id || (await councilView(db, data.council.slug)).members.some((m) => m.username === s.user.username && m.role === 'chair'));
    c.status(extra.status ?? 200);
    return c.render(
      <ProposalView data={data} viewer={{ canVote, isAuthorOrChair, username: s?.user.username ?? null, csrf: canVote || isAuthorOrChair ? csrfToken(c, secure) : null }} state={extra.state} receipt={extra.receipt ?? c.req.query('receipt')} publicUrl={publicUrl} />,
      { title: data.proposal.title, description: `${data.council.name} proposal ${id}: ${data.proposal.status}.` },
    );
  };
  web.get('/proposals/:id', (c) => proposalPage(c));
  web.get('/proposals/:id/log', async (c) => {
    const id = idParam(c);
    const data = await proposalView(db, id, now(), session(c)?.user);
    const checkpoint = await currentCheckpoint(database, deps.publicUrl);
    const receipt = /^[0-9a-f]{64}$/.test(c.req.query('receipt') ?? '') ? c.req.query('receipt') : undefined;
    return c.render(<LogView id={id} title={data.proposal.title} entries={data.log} names={data.packageNames} receipt={receipt} checkpoint={checkpoint} publicUrl={publicUrl} />, { title: `Log of proposal ${id}`, description: `The public hash-chained log of ${data.council.name} proposal ${id}.` });
  });

  /** A form action on a proposal: problems a member can fix come back on the page. */
  const act = (path: string, run: (c: Context<AppEnv>, id: number, f: Record<string, string | string[]>) => Promise<string | void>) =>
    web.post(path, async (c) => {
      requireSession(c);
      const id = idParam(c);
      const f = await formOf(c);
      try {
        const receipt = await run(c, id, f);
        return c.redirect(`/proposals/${id}${receipt ? `?receipt=${receipt}` : ''}`, 303);
      } catch (err) {
        if (!(err instanceof AppError) || (err.status !== 400 && err.status !== 409)) throw err;
        return proposalPage(c, { state: { message: err.detail ?? 'Please correct your ballot.', errors: err.errors }, status: err.status as 400 });
      }
    });
  const text = (f: Record<string, string | string[]>, k: string) => (typeof f[k] === 'string' ? (f[k] as string) : '');

  act('/proposals/:id/open', async (c, id) => {
    await openProposal(database, c.get('principal'), id, now());
  });
  act('/proposals/:id/vote', async (c, id, f) => {
    const ranks = [f.rank ?? []].flat().filter(Boolean);
    const approve = [f.approve ?? []].flat();
    const choice = ranks.length ? { ranking: ranks } : 'approve' in f ? { approve } : { choice: text(f, 'choice') };
    return (await castBallot(database, c.get('principal'), id, { choice, reason: text(f, 'reason') }, now())).receipt;
  });
  act('/proposals/:id/recuse', async (c, id, f) => {
    await recuse(database, c.get('principal'), id, text(f, 'reason'), now());
  });
  act('/proposals/:id/concerns', async (c, id, f) => (await raiseConcern(database, c.get('principal'), id, text(f, 'text'), now())).receipt);
  act('/proposals/:id/concerns/:concern/resolve', async (c, id) => (await resolveConcern(database, c.get('principal'), id, Number(c.req.param('concern')), now())).receipt);

  web.get('/account/votes', async (c) => {
    const s = session(c);
    if (!s) return c.redirect('/sign-in?next=/account/votes', 303);
    return c.render(<MyVotesView votes={await myVotes(db, s.user.id, s.user.username)} />, { title: 'My votes', description: 'Your ballots and their receipts.' });
  });
  return web;
}
