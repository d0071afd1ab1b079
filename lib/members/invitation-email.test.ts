import { describe, expect, it } from 'vitest';
import { composeInvitationEmail, emailInvitation } from './invitation-email';

const invitation = {
  to: 'sam@example.test',
  url: 'https://op.example/invite#abc_DEF-123',
  organization: 'Tom & Jerry <Shop>\nInc',
  inviter: { name: 'Ada "Admin"', email: 'ada@example.test' },
  roleLabel: 'Marketing manager',
  expiresAt: new Date('2026-03-09T09:00:00Z'),
};

describe('invitation e-mail', () => {
  it('says who invited whom to what, with the link and the expiry in UTC', () => {
    const m = composeInvitationEmail(invitation);
    expect(m.to).toBe('sam@example.test');
    expect(m.subject).toBe('Ada "Admin" invited you to Tom & Jerry <Shop> Inc on OfferPilot');
    expect(m.text).toBe(
      [
        'Ada "Admin" (ada@example.test) invited you to join Tom & Jerry <Shop> Inc on OfferPilot as Marketing manager.',
        '',
        'Open this link to choose your password and join:',
        'https://op.example/invite#abc_DEF-123',
        '',
        'The link works once and expires on 9 March 2026, 09:00 UTC. If you did not expect this invitation, ignore this e-mail.',
      ].join('\n'),
    );
  });

  it('escapes names in the HTML part', () => {
    const { html } = composeInvitationEmail(invitation);
    expect(html).toContain(
      'Ada &quot;Admin&quot; (ada@example.test) invited you to join <strong>Tom &amp; Jerry &lt;Shop&gt; Inc</strong>',
    );
    expect(html).toContain('<a href="https://op.example/invite#abc_DEF-123">Join Tom &amp; Jerry &lt;Shop&gt; Inc</a>');
    expect(html).not.toContain('<Shop>');
  });

  it('sends nothing without a mailer, and turns a send error into a reason', async () => {
    expect(await emailInvitation(null, invitation)).toEqual({ status: 'not_configured' });
    const sent: string[] = [];
    expect(await emailInvitation(async (m) => void sent.push(m.to), invitation)).toEqual({
      status: 'sent',
      to: 'sam@example.test',
    });
    expect(sent).toEqual(['sam@example.test']);
    const refusing = async () => {
      throw Object.assign(new Error('Message failed: 552 too big'), { code: 'EMESSAGE', responseCode: 552 });
    };
    expect(await emailInvitation(refusing, invitation)).toEqual({
      status: 'failed',
      to: 'sam@example.test',
      reason: 'the mail server refused the message (SMTP 552)',
    });
  });
});
