import 'server-only';
import nodemailer from 'nodemailer';
import { env } from '../env';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends one message or throws nodemailer's error (with its `code`: ECONNECTION, EENVELOPE, …). */
export type Mailer = (message: MailMessage) => Promise<void>;

/** Time limits so that an unreachable mail server fails an invitation's e-mail in seconds, not minutes. */
const TIMEOUTS_MS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000, dnsTimeout: 10_000 };

/** A mailer for one SMTP server (smtp:// or smtps:// URL with optional user:password) sending from `from`. */
export function smtpMailer(url: string, from: string): Mailer {
  // no logger, no debug: nodemailer would otherwise print message bodies, which carry one-time links
  const transport = nodemailer.createTransport({ url, ...TIMEOUTS_MS, logger: false, debug: false });
  return async (message) => {
    await transport.sendMail({ from, ...message });
  };
}

let configured: { url: string; mailer: Mailer } | undefined;

/** The mailer of SMTP_URL / SMTP_FROM, or null when no mail server is configured. */
export function configuredMailer(): Mailer | null {
  const { SMTP_URL, SMTP_FROM } = env();
  if (!SMTP_URL || !SMTP_FROM) return null;
  if (configured?.url !== SMTP_URL) configured = { url: SMTP_URL, mailer: smtpMailer(SMTP_URL, SMTP_FROM) };
  return configured.mailer;
}

/**
 * What went wrong with a send, in words an admin can act on. Built from nodemailer's error code and the server's
 * reply code only, never from the message: nothing of the mail (its one-time link) reaches the answer or the log.
 */
export function describeMailFailure(err: unknown): string {
  const e = (err ?? {}) as { code?: unknown; responseCode?: unknown; message?: unknown };
  const reply = typeof e.responseCode === 'number' ? ` (SMTP ${e.responseCode})` : '';
  const text = typeof e.message === 'string' ? e.message : '';
  switch (e.code) {
    case 'EENVELOPE':
      return `the mail server refused the recipient${reply}`;
    case 'EMESSAGE':
      return `the mail server refused the message${reply}`;
    case 'EAUTH':
      return `the mail server refused the SMTP_URL credentials${reply}`;
    case 'ETIMEDOUT':
      return 'the mail server did not answer in time';
    case 'EDNS':
      return "the mail server's host name did not resolve";
    case 'ETLS':
    case 'EREQUIRETLS':
      return 'TLS with the mail server failed';
    default:
      if (text.includes('ECONNREFUSED')) return 'the mail server refused the connection (nothing listens at SMTP_URL)';
      return `the mail server could not be reached or failed${reply}`;
  }
}
