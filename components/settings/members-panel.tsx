'use client';

import { useState } from 'react';
import { ConfirmButton } from '@/components/ui/confirm-dialog';
import { Select } from '@/components/ui/select';
import {
  type CreatedInvitation,
  type InvitationMail,
  type MemberRow,
  useChangeMemberRole,
  useInviteMember,
  useMembers,
  useRemoveMember,
  useRevokeInvitation,
} from '@/lib/client/hooks/use-members';
import { ROLE_LABELS, ROLES, type RoleName } from '@/lib/rbac';

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

/** Settings → Members: who has which role, invitations, role changes and removal (admins only, checked on the server). */
export function MembersPanel() {
  const members = useMembers();
  const change = useChangeMemberRole();
  const remove = useRemoveMember();
  const [notice, setNotice] = useState<string | null>(null);
  const error = members.error ?? change.error ?? remove.error;

  function changeRole(m: MemberRow, role: RoleName) {
    setNotice(null);
    change.mutate(
      { id: m.id, role },
      {
        onSuccess: (r) =>
          setNotice(
            `${m.name} is now ${ROLE_LABELS[role]}; their sessions ended${
              r.revokedKeys.length ? ` and ${r.revokedKeys.length} API key(s) above the new role were revoked` : ''
            }.`,
          ),
      },
    );
  }

  return (
    <div className="card">
      <h2 style={{ marginTop: 0 }}>Members</h2>
      <p className="muted small">
        A role change or removal takes effect at once: the member&apos;s sessions end and their API keys that the new
        role does not cover are revoked. The organisation always keeps at least one admin.
      </p>
      {notice && (
        <div className="alert success" role="status">
          {notice}
        </div>
      )}
      {error && (
        <div className="alert error" role="alert">
          {error.message}
        </div>
      )}
      <table className="table" data-testid="members-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Role</th>
            <th>Joined</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {members.data?.items.map((m) => (
            <tr key={m.id} data-testid="member-row">
              <td>
                {m.name} {m.isYou && <span className="badge">you</span>}
              </td>
              <td>{m.email}</td>
              <td style={{ minWidth: '11rem' }}>
                <Select
                  id={`role-${m.id}`}
                  label={`Role of ${m.email}`}
                  value={m.role}
                  options={ROLE_OPTIONS}
                  disabled={change.isPending}
                  onChange={(v) => {
                    if (v !== m.role) changeRole(m, v as RoleName);
                  }}
                />
              </td>
              <td>{m.joinedAt.slice(0, 10)}</td>
              <td>
                <ConfirmButton
                  label="Remove"
                  title={`Remove ${m.name}?`}
                  effect={`${m.email} loses access to this organisation at once: every session ends and their API keys here are revoked.`}
                  confirmLabel={`Remove ${m.name}`}
                  danger
                  disabled={remove.isPending}
                  onConfirm={() => {
                    setNotice(null);
                    remove.mutate(m.id, { onSuccess: () => setNotice(`${m.name} was removed.`) });
                  }}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <InviteForm />
      <Invitations />
    </div>
  );
}

function InviteForm() {
  const invite = useInviteMember();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<RoleName>('ANALYST');
  return (
    <>
      <h3>Invite someone</h3>
      <form
        className="row"
        aria-label="Invite a member"
        onSubmit={(e) => {
          e.preventDefault();
          invite.mutate({ email, role }, { onSuccess: () => setEmail('') });
        }}
      >
        <div className="field">
          <label htmlFor="invite-email">Email</label>
          <input
            id="invite-email"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            placeholder="name@example.com"
            required
            maxLength={200}
          />
        </div>
        <div className="field" style={{ minWidth: '11rem' }}>
          <label htmlFor="invite-role">Role</label>
          <Select
            id="invite-role"
            label="Role"
            value={role}
            options={ROLE_OPTIONS}
            onChange={(v) => setRole(v as RoleName)}
          />
        </div>
        <div className="field">
          <button className="btn primary" type="submit" disabled={invite.isPending}>
            Invite
          </button>
        </div>
      </form>
      {invite.error && (
        <div className="alert error" role="alert">
          {invite.error.message}
        </div>
      )}
      {invite.data && <CreatedInvitationNotice invitation={invite.data} />}
    </>
  );
}

/** How the invitee gets the link: e-mailed, or copy it (no mail server, or the e-mail failed — the invitation stands). */
function mailSentence(mail: InvitationMail): string {
  if (mail.status === 'sent') return `E-mailed to ${mail.to}.`;
  if (mail.status === 'failed')
    return `The e-mail to ${mail.to} failed: ${mail.reason}. The invitation stands — copy the link and send it yourself.`;
  return 'Copy the link and send it to them — no mail server is configured.';
}

/** The new invitation: how it travels and the one-time link (shown once) with a copy button. */
function CreatedInvitationNotice({ invitation }: { invitation: CreatedInvitation }) {
  const [copied, setCopied] = useState<string | null>(null);
  const failed = invitation.mail.status === 'failed';
  return (
    <div className={`alert ${failed ? 'error' : 'success'}`} role={failed ? 'alert' : 'status'}>
      <div data-testid="invitation-mail">{mailSentence(invitation.mail)}</div>
      Invitation for <strong>{invitation.email}</strong> as {ROLE_LABELS[invitation.role]}: this link is shown once,
      works once and expires on {invitation.expiresAt.slice(0, 10)}:
      <div className="secret" data-testid="invitation-link">
        {invitation.url}
      </div>
      <button
        className="btn"
        type="button"
        style={{ marginTop: '0.5rem' }}
        onClick={() => void navigator.clipboard?.writeText(invitation.url).then(() => setCopied(invitation.url))}
      >
        {copied === invitation.url ? 'Copied' : 'Copy link'}
      </button>
    </div>
  );
}

function Invitations() {
  const members = useMembers();
  const revoke = useRevokeInvitation();
  const open = members.data?.invitations ?? [];
  if (!open.length) return null;
  return (
    <>
      <h3>Open invitations</h3>
      <table className="table" data-testid="invitations-table">
        <thead>
          <tr>
            <th>Email</th>
            <th>Role</th>
            <th>Expires</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {open.map((i) => (
            <tr key={i.id}>
              <td>{i.email}</td>
              <td>{ROLE_LABELS[i.role]}</td>
              <td>{i.expiresAt.slice(0, 10)}</td>
              <td>
                <button className="btn" type="button" disabled={revoke.isPending} onClick={() => revoke.mutate(i.id)}>
                  Withdraw
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
