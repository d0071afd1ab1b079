import { AcceptInvitationForm } from '@/components/auth/accept-invitation-form';

export const dynamic = 'force-dynamic';

/** Where an invitation link lands (`/invite#<token>`: the token stays in the browser until the form sends it). */
export default function InvitePage() {
  return (
    <div className="auth-page">
      <div className="auth-card">
        <h1>OfferPilot</h1>
        <AcceptInvitationForm />
      </div>
    </div>
  );
}
