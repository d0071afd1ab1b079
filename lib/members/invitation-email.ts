import 'server-only';
import { log } from '../log';
import { describeMailFailure, type Mailer, type MailMessage } from '../mail/mailer';

export interface InvitationEmail {
  to: string;
  /** the one-time link `…/invite#<token>` */
  url: string;
  organization: string;
  inviter: { name: string; email: string };
  roleLabel: string;
  expiresAt: Date;
}

/** Whether the invitation went out by e-mail; `failed` carries a reason for the admin (never the link). */
export type InvitationEmailOutcome =
  | { status: 'sent'; to: string }
  | { status: 'failed'; to: string; reason: string }
  | { status: 'not_configured' };

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The expiry in words that read the same for everyone: `9 March 2026, 09:00 UTC`. */
function expiryText(d: Date): string {
  const date = d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return `${date}, ${d.toISOString().slice(11, 16)} UTC`;
}

/** The invitation e-mail: who invited whom to which organisation with which role, the link, and when it expires. */
export function composeInvitationEmail(m: InvitationEmail): MailMessage {
  const org = oneLine(m.organization);
  const inviter = `${oneLine(m.inviter.name)} (${m.inviter.email})`;
  const expires = expiryText(m.expiresAt);
  const text = [
    `${inviter} invited you to join ${org} on OfferPilot as ${m.roleLabel}.`,
    '',
    'Open this link to choose your password and join:',
    m.url,
    '',
    `The link works once and expires on ${expires}. If you did not expect this invitation, ignore this e-mail.`,
  ].join('\n');
  const html = [
    `<p>${escapeHtml(inviter)} invited you to join <strong>${escapeHtml(org)}</strong> on OfferPilot as ${escapeHtml(m.roleLabel)}.</p>`,
    `<p><a href="${escapeHtml(m.url)}">Join ${escapeHtml(org)}</a></p>`,
    `<p>Or copy this link into your browser:<br>${escapeHtml(m.url)}</p>`,
    `<p>The link works once and expires on ${escapeHtml(expires)}. If you did not expect this invitation, ignore this e-mail.</p>`,
  ].join('\n');
  return { to: m.to, subject: `${oneLine(m.inviter.name)} invited you to ${org} on OfferPilot`, text, html };
}

/**
 * E-mails the invitation when a mail server is configured. Never throws: a failed send is an outcome the admin
 * sees (the link is still shown), logged with the SMTP error code only — the message and its link are never logged.
 */
export async function emailInvitation(mailer: Mailer | null, m: InvitationEmail): Promise<InvitationEmailOutcome> {
  if (!mailer) return { status: 'not_configured' };
  try {
    await mailer(composeInvitationEmail(m));
    return { status: 'sent', to: m.to };
  } catch (err) {
    const e = err as { code?: unknown; responseCode?: unknown; command?: unknown };
    const reason = describeMailFailure(err);
    log.warn(
      { mailCode: e.code, responseCode: e.responseCode, command: e.command, reason },
      'invitation e-mail failed',
    );
    return { status: 'failed', to: m.to, reason };
  }
}
