import { createServer } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as invitationsRoute from '@/app/api/v1/invitations/route';
import type { OrgContext } from '@/lib/auth/context';
import { contextFromSession } from '@/lib/auth/resolve-context';
import { db } from '@/lib/db';
import { log } from '@/lib/log';
import { configuredMailer, smtpMailer } from '@/lib/mail/mailer';
import { acceptInvitation } from '@/lib/members/accept-invitation';
import { inviteMember } from '@/lib/members/invite-member';
import { call, orgContext } from './helpers';

/**
 * Issue 18 item 5: with SMTP configured the invitation is also e-mailed (a real SMTP server in-process on a random
 * port); a refused or unreachable mail server loses no invitation — the answer says the e-mail failed, never a 500.
 * The route runs as a signed-in admin: the session lookup (next-auth cookies) is replaced by this file's admin.
 */
vi.mock('@/lib/auth/resolve-context', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/auth/resolve-context')>()),
  contextFromSession: vi.fn(),
}));

const now = new Date('2026-03-02T09:00:00Z');
const received: { from: string; to: string[]; raw: Buffer }[] = [];
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  // a mail server with a policy: it refuses anyone at refused.test
  onRcptTo(address, _session, done) {
    if (address.address.endsWith('@refused.test')) {
      const err = Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 });
      return done(err);
    }
    done();
  },
  onData(stream, session, done) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      received.push({
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((r) => r.address),
        raw: Buffer.concat(chunks),
      });
      done();
    });
  },
});

let admin: OrgContext;

/** A port on which nothing listens (bound, then released). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

async function invite(email: string) {
  return call(invitationsRoute.POST, {
    url: '/api/v1/invitations',
    method: 'POST',
    headers: { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' },
    json: { email, role: 'ANALYST' },
  });
}

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.server.address() as { port: number };
  // read once by lib/env.ts on first use, which is after this point in this file's module graph
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.SMTP_FROM = 'OfferPilot <no-reply@offerpilot.test>';
  admin = await orgContext('acme', 'ADMIN');
  vi.mocked(contextFromSession).mockResolvedValue(admin);
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

describe('invitation e-mail', () => {
  it('e-mails the one-time link with the organisation, the inviter and the expiry; the link then works', async () => {
    const warn = vi.spyOn(log, 'warn');
    const res = await invite('Nia@Example.test');
    expect(res.status).toBe(201);
    expect(res.body.mail).toEqual({ status: 'sent', to: 'nia@example.test' });
    const url: string = res.body.url;
    expect(url).toMatch(/^http:\/\/localhost\/invite#[A-Za-z0-9_-]{43}$/);
    expect(res.body).not.toHaveProperty('token');

    expect(received).toHaveLength(1);
    const [msg] = received;
    expect([msg.from, msg.to]).toEqual(['no-reply@offerpilot.test', ['nia@example.test']]);
    const mail = await simpleParser(msg.raw);
    const inviter = await db.user.findUniqueOrThrow({ where: { id: admin.userId as string } });
    expect(mail.subject).toBe(`${inviter.name} invited you to Acme Outfitters on OfferPilot`);
    expect(mail.text).toContain(`${inviter.name} (admin@acme.test) invited you to join Acme Outfitters`);
    expect(mail.text).toContain('as Analyst.');
    // exactly this link, on a line of its own, in the text and as the HTML link
    expect((mail.text ?? '').split('\n')).toContain(url);
    expect(mail.html).toContain(`<a href="${url}">Join Acme Outfitters</a>`);
    const expires = new Date(res.body.expiresAt);
    // (the route's clock is the server's: the mail states the expiry the invitation was stored with)
    const row = await db.invitation.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(row.expiresAt.toISOString()).toBe(expires.toISOString());
    const day = expires.toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    expect(mail.text).toContain(`expires on ${day}, ${expires.toISOString().slice(11, 16)} UTC`);

    // the mailed link is the invitation: accepting with its token joins Acme as an analyst, once
    const token = new URL(url).hash.slice(1);
    expect(await acceptInvitation({ token, name: 'Nia', password: 'nia-password-1' })).toEqual({
      email: 'nia@example.test',
      organization: 'Acme Outfitters',
      role: 'ANALYST',
    });
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: 'member.invite', entityId: res.body.id } });
    expect(audit.diff).toMatchObject({ email: 'nia@example.test', emailed: true, mail: 'sent' });
    expect(JSON.stringify(audit.diff)).not.toContain(token);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('a recipient the mail server refuses: the invitation stands, the answer says the e-mail failed', async () => {
    const warn = vi.spyOn(log, 'warn');
    const before = received.length;
    const res = await invite('ola@refused.test');
    expect(res.status).toBe(201);
    expect(res.body.mail).toEqual({
      status: 'failed',
      to: 'ola@refused.test',
      reason: 'the mail server refused the recipient (SMTP 550)',
    });
    expect(received).toHaveLength(before);
    const row = await db.invitation.findUniqueOrThrow({ where: { id: res.body.id } });
    expect([row.email, row.acceptedAt, row.revokedAt]).toEqual(['ola@refused.test', null, null]);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: 'member.invite', entityId: res.body.id } });
    expect(audit.diff).toMatchObject({
      emailed: false,
      mail: 'failed',
      mailFailure: 'the mail server refused the recipient (SMTP 550)',
    });
    // logged without the link
    const token = new URL(res.body.url).hash.slice(1);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(warn.mock.calls)).not.toContain(token);
    expect(JSON.stringify(warn.mock.calls)).toContain('EENVELOPE');
    warn.mockRestore();
    // the shown link still works
    expect((await acceptInvitation({ token, name: 'Ola', password: 'ola-password-1' })).role).toBe('ANALYST');
  });

  it('a mail server that is not listening: the invitation is stored with a clear reason', async () => {
    const dead = smtpMailer(`smtp://127.0.0.1:${await closedPort()}`, 'no-reply@offerpilot.test');
    const inv = await inviteMember(
      admin,
      { email: 'ike@example.test', role: 'MANAGER' },
      { origin: 'http://x', mailer: dead },
      now,
    );
    expect(inv.mail).toEqual({
      status: 'failed',
      to: 'ike@example.test',
      reason: 'the mail server refused the connection (nothing listens at SMTP_URL)',
    });
    const row = await db.invitation.findUniqueOrThrow({ where: { id: inv.id } });
    expect([row.email, row.role, row.expiresAt.toISOString()]).toEqual([
      'ike@example.test',
      'MANAGER',
      '2026-03-09T09:00:00.000Z',
    ]);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: 'member.invite', entityId: inv.id } });
    expect(audit.diff).toMatchObject({ emailed: false, mail: 'failed' });
  });

  it('SMTP_URL and SMTP_FROM make the configured mailer', () => {
    expect(configuredMailer()).not.toBeNull();
  });
});
